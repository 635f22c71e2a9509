//! Scratch databases: where the declared schema is built to be normalized by the server.
//!
//! Each is dropped when its diff ends. A diff that is killed (Ctrl-C, SIGKILL, a crash)
//! cannot drop it, so each scratch database carries, in its comment, the backend that
//! created it; every later diff on the server drops the scratch databases whose creating
//! session is gone. A scratch database is never dropped while its creator is alive.

use dibs_schema::{Ident, Literal};
use tokio_postgres::{Client, SimpleQueryMessage};

use crate::error::DbError;

/// Names of scratch databases start with this.
pub const PREFIX: &str = "dibs_scratch_";

/// What a scratch database's comment says; the sweep matches it against live sessions.
const MARK: &str = "dibs scratch database of backend ";

fn rows(messages: Vec<SimpleQueryMessage>) -> Vec<Vec<Option<String>>> {
    messages
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(row) => Some(
                (0..row.len())
                    .map(|i| row.get(i).map(str::to_string))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

/// Creates a scratch database through `admin`, marked with `admin`'s session, and returns
/// its name. Orphans of earlier, interrupted diffs are dropped first.
pub async fn create(admin: &Client) -> Result<String, DbError> {
    sweep(admin).await?;
    let session = rows(
        admin
            .simple_query(
                "SELECT pg_catalog.pg_backend_pid(), extract(epoch FROM backend_start)::bigint
                   FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()",
            )
            .await
            .map_err(|e| DbError::query("reading this session's backend", e))?,
    );
    let (pid, started) = match session.first().map(Vec::as_slice) {
        Some([Some(pid), Some(started)]) => (pid.clone(), started.clone()),
        _ => (String::new(), String::new()),
    };
    let name = format!("{PREFIX}{}_{:x}", std::process::id(), nanos());
    // CREATE DATABASE refuses to share a batch with another statement.
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {} TEMPLATE template0",
            Ident(&name)
        ))
        .await
        .map_err(|e| DbError::query("creating the scratch database", e))?;
    let mark = format!("{MARK}{pid} started {started}");
    admin
        .batch_execute(&format!(
            "COMMENT ON DATABASE {} IS {}",
            Ident(&name),
            Literal(&mark)
        ))
        .await
        .map_err(|e| DbError::query("marking the scratch database", e))?;
    Ok(name)
}

/// Drops a scratch database (and any session still in it).
pub async fn drop(admin: &Client, name: &str) -> Result<(), DbError> {
    admin
        .batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            Ident(name)
        ))
        .await
        .map_err(|e| DbError::query("dropping the scratch database", e))
}

/// Scratch databases whose creating session has ended.
pub async fn orphans(admin: &Client) -> Result<Vec<String>, DbError> {
    let sql = format!(
        "SELECT d.datname FROM pg_catalog.pg_database d
          WHERE d.datname LIKE 'dibs\\_scratch\\_%'
            AND pg_catalog.shobj_description(d.oid, 'pg_database') LIKE {mark}
            AND NOT EXISTS (
                SELECT FROM pg_catalog.pg_stat_activity a
                 WHERE pg_catalog.shobj_description(d.oid, 'pg_database')
                       = {prefix} || a.pid || ' started ' || extract(epoch FROM a.backend_start)::bigint)",
        mark = Literal(&format!("{MARK}%")),
        prefix = Literal(MARK),
    );
    let found = admin
        .simple_query(&sql)
        .await
        .map_err(|e| DbError::query("looking for orphaned scratch databases", e))?;
    Ok(rows(found)
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect())
}

/// Drops orphaned scratch databases this role may drop; others are left to their owners.
pub async fn sweep(admin: &Client) -> Result<Vec<String>, DbError> {
    let mut dropped = Vec::new();
    for name in orphans(admin).await? {
        if drop(admin, &name).await.is_ok() {
            dropped.push(name);
        }
    }
    Ok(dropped)
}

fn nanos() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}
