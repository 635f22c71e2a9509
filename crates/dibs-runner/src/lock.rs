//! The lock that serializes runners on one history table.
//!
//! It is a session advisory lock, so the server releases it the moment a killed runner's
//! connection ends. It is taken by polling `pg_try_advisory_lock`, never by waiting inside
//! `pg_advisory_lock`: a session waiting inside a statement holds a snapshot, and
//! `CREATE INDEX CONCURRENTLY` in the runner that holds the lock waits for every snapshot
//! older than its build — the two would wait on each other until one is killed as a
//! deadlock. Between polls the waiting runner holds nothing.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio_postgres::Client;

use crate::context::SharedReporter;
use crate::error::RunnerError;
use crate::events::Event;
use crate::history::{History, db, rows, text};

/// How long to wait for another runner, and how often to say so.
#[derive(Debug, Clone, Copy)]
pub struct LockWait {
    /// Give up after this long.
    pub limit: Duration,
    /// Report the holder this often while waiting.
    pub report_every: Duration,
}

/// The session that holds the lock, as `pg_stat_activity` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    pub pid: i32,
    /// `application_name`, client address and what it runs, for the waiting message.
    pub description: String,
}

async fn try_lock(client: &Client, key: i64) -> Result<bool, RunnerError> {
    let found = rows(
        client,
        &format!("SELECT pg_catalog.pg_try_advisory_lock({key})"),
        "taking the dibs migration lock",
    )
    .await?;
    Ok(found.first().and_then(|r| r.get(0)) == Some("t"))
}

/// Who holds the advisory lock `key` in this database, if anyone can be seen.
pub async fn holder(client: &Client, key: i64) -> Result<Option<Holder>, RunnerError> {
    // A bigint key is stored as two 32-bit halves: classid (high) and objid (low).
    let high = (key >> 32) as u32;
    let low = key as u32;
    let sql = format!(
        "SELECT l.pid, coalesce(nullif(a.application_name, ''), 'unnamed client')
                || coalesce(' on ' || host(a.client_addr), '')
                || ', ' || coalesce(a.state, 'unknown state')
                || coalesce(' for ' || (extract(epoch FROM now() - a.state_change))::int || ' s', '')
           FROM pg_catalog.pg_locks l
           LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
            AND l.classid = {high}::oid AND l.objid = {low}::oid
            AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
          LIMIT 1"
    );
    let found = rows(client, &sql, "looking up who holds the migration lock").await?;
    Ok(found.first().and_then(|r| {
        Some(Holder {
            pid: text(r, 0)?.parse().ok()?,
            description: text(r, 1).unwrap_or_default(),
        })
    }))
}

/// A pseudo-random fraction in [0, 1) that differs between runners started together, so
/// their polls spread out instead of arriving in waves.
fn jitter(attempt: u32) -> f64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut x = u64::from(nanos) ^ (u64::from(std::process::id()) << 32) ^ u64::from(attempt);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x % 1000) as f64 / 1000.0
}

/// The pause before poll `attempt`: 50 ms growing by half each time up to 2 s, ±50 %.
fn pause(attempt: u32) -> Duration {
    let base = (50.0 * 1.5f64.powi(attempt.min(20) as i32)).min(2000.0);
    Duration::from_millis((base * (0.5 + jitter(attempt))) as u64)
}

/// Takes the runners' lock for `history`, polling until `wait.limit`. Reports the holder
/// while it waits; the error names the holder and the flag that gives more time.
pub async fn acquire(
    client: &Client,
    history: &History,
    wait: LockWait,
    reporter: &SharedReporter,
) -> Result<(), RunnerError> {
    let key = history.lock_key();
    let started = Instant::now();
    let mut last_report: Option<Instant> = None;
    let mut attempt = 0;
    loop {
        if try_lock(client, key).await? {
            if last_report.is_some() {
                emit(
                    reporter,
                    Event::LockAcquired {
                        waited_millis: started.elapsed().as_millis() as u64,
                    },
                );
            }
            return Ok(());
        }
        let waited = started.elapsed();
        if waited >= wait.limit {
            let holder = holder(client, key).await?;
            return Err(RunnerError::LockWait {
                waited_secs: waited.as_secs(),
                holder: describe(holder.as_ref()),
            });
        }
        let due = last_report.is_none_or(|at| at.elapsed() >= wait.report_every);
        if due && waited >= Duration::from_millis(500) {
            let holder = holder(client, key).await?;
            emit(
                reporter,
                Event::WaitingForLock {
                    holder: describe(holder.as_ref()),
                    waited_millis: waited.as_millis() as u64,
                },
            );
            last_report = Some(Instant::now());
        }
        attempt += 1;
        let remaining = wait.limit.saturating_sub(waited);
        tokio::time::sleep(pause(attempt).min(remaining)).await;
    }
}

fn describe(holder: Option<&Holder>) -> String {
    match holder {
        Some(h) => format!("pid {} ({})", h.pid, h.description),
        // Released between the poll and the look-up, or held in a session we cannot see.
        None => "a session this role cannot see".to_string(),
    }
}

fn emit(reporter: &SharedReporter, event: Event) {
    if let Ok(mut r) = reporter.lock() {
        r.event(event);
    }
}

/// Asks the server to check, during long statements, that this client is still there
/// (Postgres 14+), so a killed runner's session — and its lock — ends within seconds
/// instead of when the statement finishes. TCP keepalives cover idle sessions.
pub async fn watch_for_dead_client(client: &Client) -> Result<(), RunnerError> {
    client
        .batch_execute(
            "SELECT pg_catalog.set_config('client_connection_check_interval', '2s', false)
              WHERE pg_catalog.current_setting('server_version_num')::int >= 140000",
        )
        .await
        .map_err(db("enabling client connection checks"))
}

/// Releases the lock (the server also does when the session ends).
pub async fn release(client: &Client, history: &History) -> Result<(), RunnerError> {
    client
        .batch_execute(&format!(
            "SELECT pg_catalog.pg_advisory_unlock({})",
            history.lock_key()
        ))
        .await
        .map_err(db("releasing the dibs migration lock"))
}

#[cfg(test)]
mod tests {
    use super::pause;
    use std::time::Duration;

    #[test]
    fn pauses_grow_to_a_bound_and_vary() {
        assert!(pause(1) <= Duration::from_millis(150));
        for attempt in 0..100 {
            assert!(pause(attempt) <= Duration::from_millis(3000));
        }
        assert!(pause(30) >= Duration::from_millis(1000));
    }
}
