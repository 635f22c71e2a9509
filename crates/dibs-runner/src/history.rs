//! The history and progress tables, and the advisory lock: the runner's whole database
//! surface, in one place.

use std::collections::HashMap;

use dibs_schema::Literal;
use tokio_postgres::Client;

use crate::error::RunnerError;
use crate::verify::Applied;
use dibs_postgres::DbError;

/// Key of the advisory lock that serializes runners ("dibs" in ASCII, then 1).
pub const LOCK_KEY: i64 = 0x6469_6273_0000_0001;

pub const HISTORY_TABLE: &str = "public.__dibs_migrations";
pub const PROGRESS_TABLE: &str = "public.__dibs_migration_progress";

const CREATE: &str = "
    CREATE TABLE IF NOT EXISTS public.__dibs_migrations (
        id text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        duration_ms bigint NOT NULL,
        dibs_version text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS public.__dibs_migration_progress (
        migration_id text PRIMARY KEY,
        committed_steps integer NOT NULL,
        backfill_key bigint
    );";

fn db(doing: &str) -> impl FnOnce(tokio_postgres::Error) -> RunnerError + '_ {
    move |e| RunnerError::Database(DbError::query(doing, e))
}

/// Creates the bookkeeping tables. Only commands that write call this.
pub async fn ensure_tables(client: &Client) -> Result<(), RunnerError> {
    client
        .batch_execute(CREATE)
        .await
        .map_err(db("creating the dibs history tables"))
}

/// Applied migrations, or none when the history table does not exist (read-only safe).
pub async fn applied(client: &Client) -> Result<Vec<Applied>, RunnerError> {
    let exists: bool = client
        .query_one(
            "SELECT pg_catalog.to_regclass($1) IS NOT NULL",
            &[&HISTORY_TABLE],
        )
        .await
        .map_err(db("looking for the history table"))?
        .get(0);
    if !exists {
        return Ok(Vec::new());
    }
    let rows = client
        .query(
            "SELECT id, checksum, pg_catalog.to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
               FROM public.__dibs_migrations ORDER BY id",
            &[],
        )
        .await
        .map_err(db("reading the history table"))?;
    Ok(rows
        .iter()
        .map(|r| Applied {
            id: r.get(0),
            checksum: r.get(1),
            applied_at: r.get(2),
        })
        .collect())
}

/// Where interrupted runs stopped: committed steps and backfill position, by migration.
/// Read once per run (read-only safe: none when the table does not exist yet).
pub async fn all_progress(
    client: &Client,
) -> Result<HashMap<String, (u32, Option<i64>)>, RunnerError> {
    let exists: bool = client
        .query_one(
            "SELECT pg_catalog.to_regclass($1) IS NOT NULL",
            &[&PROGRESS_TABLE],
        )
        .await
        .map_err(db("looking for the progress table"))?
        .get(0);
    if !exists {
        return Ok(HashMap::new());
    }
    let rows = client
        .query(
            "SELECT migration_id, committed_steps, backfill_key FROM public.__dibs_migration_progress",
            &[],
        )
        .await
        .map_err(db("reading migration progress"))?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), (r.get::<_, i32>(1) as u32, r.get(2))))
        .collect())
}

/// Records progress; runs inside the caller's transaction so it commits with the work.
pub async fn save_progress(
    client: &Client,
    id: &str,
    steps: u32,
    key: Option<i64>,
) -> Result<(), tokio_postgres::Error> {
    client
        .execute(
            "INSERT INTO public.__dibs_migration_progress (migration_id, committed_steps, backfill_key)
             VALUES ($1, $2, $3)
             ON CONFLICT (migration_id) DO UPDATE
             SET committed_steps = EXCLUDED.committed_steps, backfill_key = EXCLUDED.backfill_key",
            &[&id, &(steps as i32), &key],
        )
        .await
        .map(|_| ())
}

/// Marks `id` applied, clears its progress and commits, in one round trip: this runs
/// once per migration, and round trips are most of a small migration's cost.
pub async fn record_applied_and_commit(
    client: &Client,
    id: &str,
    checksum: &str,
    millis: i64,
) -> Result<(), tokio_postgres::Error> {
    client
        .batch_execute(&format!(
            "INSERT INTO public.__dibs_migrations (id, checksum, duration_ms, dibs_version)
             VALUES ({id}, {checksum}, {millis}, {version});
             DELETE FROM public.__dibs_migration_progress WHERE migration_id = {id};
             COMMIT",
            id = Literal(id),
            checksum = Literal(checksum),
            version = Literal(env!("CARGO_PKG_VERSION")),
        ))
        .await
}

/// Re-records the checksum of an applied migration (the explicit repair command).
pub async fn repair(client: &Client, id: &str, checksum: &str) -> Result<bool, RunnerError> {
    let updated = client
        .execute(
            "UPDATE public.__dibs_migrations SET checksum = $2 WHERE id = $1",
            &[&id, &checksum],
        )
        .await
        .map_err(db("repairing the history table"))?;
    Ok(updated == 1)
}

/// Takes the runners' advisory lock, waiting for another runner to finish. The lock is a
/// session lock: it is released by [`unlock`] on every path, and by the server when the
/// connection ends (keepalives make a dead client's connection end).
pub async fn lock(client: &Client) -> Result<(), RunnerError> {
    client
        .execute("SELECT pg_catalog.pg_advisory_lock($1)", &[&LOCK_KEY])
        .await
        .map(|_| ())
        .map_err(db("taking the dibs migration lock"))
}

pub async fn unlock(client: &Client) -> Result<(), RunnerError> {
    client
        .execute("SELECT pg_catalog.pg_advisory_unlock($1)", &[&LOCK_KEY])
        .await
        .map(|_| ())
        .map_err(db("releasing the dibs migration lock"))
}

/// Asks the server to check, during long statements, that this client is still there
/// (Postgres 14+), so a killed runner's session — and its advisory lock — ends within
/// seconds instead of when the statement finishes. TCP keepalives cover idle sessions.
pub async fn watch_for_dead_client(client: &Client) -> Result<(), RunnerError> {
    client
        .batch_execute(
            "SELECT pg_catalog.set_config('client_connection_check_interval', '2s', false)
              WHERE pg_catalog.current_setting('server_version_num')::int >= 140000",
        )
        .await
        .map_err(db("enabling client connection checks"))
}
