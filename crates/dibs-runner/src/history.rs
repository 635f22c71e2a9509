//! The history and progress tables: where they live, how they are created and read. The
//! runner's whole database surface besides the lock (`lock.rs`), in one place.
//!
//! Every statement here is a simple query with literals, not a prepared statement: a
//! pooler in transaction mode (PgBouncer) may send a prepared statement's execution to a
//! different server connection than its preparation.

use std::collections::HashMap;

use dibs_schema::{Ident, Literal};
use tokio_postgres::{Client, SimpleQueryMessage, SimpleQueryRow};

use crate::error::RunnerError;
use crate::verify::Applied;
use dibs_postgres::DbError;

/// Where a db crate keeps its migration history. The lock runners take is scoped to it, so
/// two apps sharing a database (each with its own history table) do not wait on each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    schema: String,
    table: String,
    progress: String,
}

impl Default for History {
    fn default() -> History {
        History {
            schema: "public".to_string(),
            table: "__dibs_migrations".to_string(),
            progress: "__dibs_migration_progress".to_string(),
        }
    }
}

/// Longest identifier Postgres keeps (NAMEDATALEN - 1); longer names are truncated.
const MAX_IDENTIFIER_BYTES: usize = 63;

impl History {
    /// A history table of one's own; its progress table is `<table>_progress` next to it.
    /// Names must fit Postgres's 63-byte identifiers (the server would truncate them).
    pub fn new(schema: &str, table: &str) -> Result<History, RunnerError> {
        let progress = format!("{table}_progress");
        for name in [schema, table, progress.as_str()] {
            if name.is_empty() || name.len() > MAX_IDENTIFIER_BYTES {
                return Err(RunnerError::HistoryName {
                    name: name.to_string(),
                });
            }
        }
        Ok(History {
            schema: schema.to_string(),
            table: table.to_string(),
            progress,
        })
    }

    pub fn schema(&self) -> &str {
        &self.schema
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn progress_table(&self) -> &str {
        &self.progress
    }

    /// `schema.table`, quoted.
    pub fn qualified(&self) -> String {
        format!("{}.{}", Ident(&self.schema), Ident(&self.table))
    }

    fn qualified_progress(&self) -> String {
        format!("{}.{}", Ident(&self.schema), Ident(&self.progress))
    }

    /// The advisory lock key for this table: FNV-1a of its unquoted qualified name, so that
    /// every dibs version and every runner derive the same key without coordination.
    pub fn lock_key(&self) -> i64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in format!("dibs:{}.{}", self.schema, self.table).bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash as i64
    }

    /// Both tables' names for the schema diff to leave alone.
    pub fn tables(&self) -> [(&str, &str); 2] {
        [(&self.schema, &self.table), (&self.schema, &self.progress)]
    }
}

pub(crate) fn db(doing: &str) -> impl FnOnce(tokio_postgres::Error) -> RunnerError + '_ {
    move |e| RunnerError::Database(DbError::query(doing, e))
}

/// Rows of a simple query (command tags dropped).
pub(crate) async fn rows(
    client: &Client,
    sql: &str,
    doing: &str,
) -> Result<Vec<SimpleQueryRow>, DbError> {
    Ok(client
        .simple_query(sql)
        .await
        .map_err(|e| DbError::query(doing, e))?
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(row) => Some(row),
            _ => None,
        })
        .collect())
}

/// A column of a simple-query row, as text; `None` for SQL NULL.
pub(crate) fn text(row: &SimpleQueryRow, index: usize) -> Option<String> {
    row.get(index).map(str::to_string)
}

/// Which of the two tables exist: (history, progress).
async fn existing(client: &Client, history: &History) -> Result<(bool, bool), RunnerError> {
    let sql = format!(
        "SELECT pg_catalog.to_regclass({}) IS NOT NULL, pg_catalog.to_regclass({}) IS NOT NULL",
        Literal(&history.qualified()),
        Literal(&history.qualified_progress()),
    );
    let found = rows(client, &sql, "looking for the history tables").await?;
    let yes = |i| found.first().and_then(|r| r.get(i)) == Some("t");
    Ok((yes(0), yes(1)))
}

/// Creates the bookkeeping tables when they are missing. Only a run with pending
/// migrations calls this, and only creates what is missing: a role that may not create
/// tables can still run a no-op `migrate`.
pub async fn ensure_tables(client: &Client, history: &History) -> Result<(), RunnerError> {
    let (has_history, has_progress) = existing(client, history).await?;
    if has_history && has_progress {
        return Ok(());
    }
    // Only a missing schema is created: CREATE SCHEMA checks the database's CREATE
    // privilege even when the schema exists, which a role owning only tables lacks.
    let schema_sql = format!(
        "SELECT pg_catalog.to_regnamespace({}) IS NULL",
        Literal(&Ident(&history.schema).to_string())
    );
    let missing = rows(client, &schema_sql, "looking for the history schema").await?;
    let create_schema = if missing.first().and_then(|r| r.get(0)) == Some("t") {
        format!("CREATE SCHEMA IF NOT EXISTS {};", Ident(&history.schema))
    } else {
        String::new()
    };
    let sql = format!(
        "{create_schema}
         CREATE TABLE IF NOT EXISTS {table} (
            id text PRIMARY KEY,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            duration_ms bigint NOT NULL,
            dibs_version text NOT NULL
         );
         CREATE TABLE IF NOT EXISTS {progress} (
            migration_id text PRIMARY KEY,
            committed_steps integer NOT NULL,
            backfill_key bigint
         );",
        table = history.qualified(),
        progress = history.qualified_progress(),
    );
    client.batch_execute(&sql).await.map_err(|e| {
        if e.code() == Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
            RunnerError::HistoryPermission {
                schema: Ident(&history.schema).to_string(),
                reason: e
                    .as_db_error()
                    .map(|d| d.message().to_string())
                    .unwrap_or_default(),
            }
        } else {
            db("creating the dibs history tables")(e)
        }
    })
}

/// Applied migrations, or none when the history table does not exist (read-only safe).
pub async fn applied(client: &Client, history: &History) -> Result<Vec<Applied>, RunnerError> {
    if !existing(client, history).await?.0 {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, checksum, pg_catalog.to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
           FROM {} ORDER BY id",
        history.qualified()
    );
    let found = rows(client, &sql, "reading the history table").await?;
    Ok(found
        .iter()
        .map(|r| Applied {
            id: text(r, 0).unwrap_or_default(),
            checksum: text(r, 1).unwrap_or_default(),
            applied_at: text(r, 2).unwrap_or_default(),
        })
        .collect())
}

/// Where interrupted runs stopped: committed steps and backfill position, by migration.
/// Read-only safe: none when the table does not exist yet.
pub async fn all_progress(
    client: &Client,
    history: &History,
) -> Result<HashMap<String, (u32, Option<i64>)>, RunnerError> {
    if !existing(client, history).await?.1 {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT migration_id, committed_steps, backfill_key FROM {}",
        history.qualified_progress()
    );
    let found = rows(client, &sql, "reading migration progress").await?;
    Ok(found
        .iter()
        .filter_map(|r| {
            let id = text(r, 0)?;
            let steps = text(r, 1)?.parse().ok()?;
            let key = text(r, 2).and_then(|k| k.parse().ok());
            Some((id, (steps, key)))
        })
        .collect())
}

/// Records progress; runs inside the caller's transaction so it commits with the work.
pub async fn save_progress(
    client: &Client,
    history: &History,
    id: &str,
    steps: u32,
    key: Option<i64>,
) -> Result<(), tokio_postgres::Error> {
    let key = key.map_or_else(|| "NULL".to_string(), |k| k.to_string());
    client
        .batch_execute(&format!(
            "INSERT INTO {progress} (migration_id, committed_steps, backfill_key)
             VALUES ({id}, {steps}, {key})
             ON CONFLICT (migration_id) DO UPDATE
             SET committed_steps = EXCLUDED.committed_steps, backfill_key = EXCLUDED.backfill_key",
            progress = history.qualified_progress(),
            id = Literal(id),
        ))
        .await
}

/// Marks `id` applied, clears its progress and commits, in one round trip: this runs
/// once per migration, and round trips are most of a small migration's cost.
pub async fn record_applied_and_commit(
    client: &Client,
    history: &History,
    id: &str,
    checksum: &str,
    millis: i64,
) -> Result<(), tokio_postgres::Error> {
    client
        .batch_execute(&format!(
            "INSERT INTO {table} (id, checksum, duration_ms, dibs_version)
             VALUES ({id}, {checksum}, {millis}, {version});
             DELETE FROM {progress} WHERE migration_id = {id};
             COMMIT",
            table = history.qualified(),
            progress = history.qualified_progress(),
            id = Literal(id),
            checksum = Literal(checksum),
            version = Literal(env!("CARGO_PKG_VERSION")),
        ))
        .await
}

/// What `dibs_version` says for a row a baseline wrote: the migration did not run, its
/// schema was found in place.
pub const BASELINE_MARK: &str = " (baseline)";

/// Marks migrations applied without running them (a baseline), all in one transaction.
/// `duration_ms` is 0 and `dibs_version` ends in [`BASELINE_MARK`], so the history says
/// which rows a baseline wrote.
pub async fn record_baseline(
    client: &Client,
    history: &History,
    migrations: &[(&str, &str)],
) -> Result<(), RunnerError> {
    let version = format!("{}{BASELINE_MARK}", env!("CARGO_PKG_VERSION"));
    let values: Vec<String> = migrations
        .iter()
        .map(|(id, checksum)| {
            format!(
                "({}, {}, 0, {})",
                Literal(id),
                Literal(checksum),
                Literal(&version)
            )
        })
        .collect();
    let sql = format!(
        "BEGIN;
         INSERT INTO {table} (id, checksum, duration_ms, dibs_version) VALUES {values};
         COMMIT",
        table = history.qualified(),
        values = values.join(", "),
    );
    client
        .batch_execute(&sql)
        .await
        .map_err(db("recording the baseline in the history table"))
}

/// Re-records the checksum of an applied migration (the explicit repair command).
pub async fn repair(
    client: &Client,
    history: &History,
    id: &str,
    checksum: &str,
) -> Result<bool, RunnerError> {
    if !existing(client, history).await?.0 {
        return Ok(false);
    }
    let sql = format!(
        "UPDATE {} SET checksum = {} WHERE id = {}",
        history.qualified(),
        Literal(checksum),
        Literal(id)
    );
    let updated = client
        .simple_query(&sql)
        .await
        .map_err(db("repairing the history table"))?
        .iter()
        .map(|m| match m {
            SimpleQueryMessage::CommandComplete(n) => *n,
            _ => 0,
        })
        .sum::<u64>();
    Ok(updated == 1)
}

#[cfg(test)]
mod tests {
    use super::History;

    #[test]
    fn lock_keys_are_per_table_and_stable() {
        let default = History::default();
        assert_eq!(default.lock_key(), History::default().lock_key());
        let other = History::new("ops", "__dibs_migrations").unwrap();
        assert_ne!(default.lock_key(), other.lock_key());
        assert_eq!(other.progress_table(), "__dibs_migrations_progress");
    }

    #[test]
    fn names_that_postgres_would_truncate_are_refused() {
        let long = "t".repeat(60);
        let err = History::new("public", &long).unwrap_err().to_string();
        assert!(err.contains("63 bytes"), "{err}");
        assert!(History::new("", "history").is_err());
    }
}
