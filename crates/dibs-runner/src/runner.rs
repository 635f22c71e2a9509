//! The run loop: lock, verify, run each pending migration in its own transaction with its
//! history row, unlock — on every path.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio_postgres::Client;

use crate::context::{MigrationContext, SharedReporter, timeout_settings};
use crate::error::{MigrationError, RunnerError};
use crate::events::{Event, Reporter};
use crate::history::{self, History};
use crate::invalid_indexes;
use crate::lock::{self, LockWait};
use crate::registry::MigrationDecl;
use crate::verify::{self, Local, State};

/// How far to go.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Target {
    /// Every pending migration.
    #[default]
    Latest,
    /// Pending migrations up to and including this id.
    Migration(String),
}

/// Knobs of a run, with production-minded defaults.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub target: Target,
    /// List what would run, run nothing.
    pub dry_run: bool,
    pub allow_out_of_order: bool,
    /// Wait at most this long for a table lock before giving up (and retrying).
    pub lock_timeout: Duration,
    /// Per-statement limit; `None` for no limit.
    pub statement_timeout: Option<Duration>,
    /// Attempts after a lock timeout before the run fails.
    pub lock_retries: u32,
    /// How long to wait for another runner holding the migration lock.
    pub lock_wait: Duration,
    /// The history table, and with it the lock's scope.
    pub history: History,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            target: Target::Latest,
            dry_run: false,
            allow_out_of_order: false,
            lock_timeout: Duration::from_secs(5),
            statement_timeout: None,
            lock_retries: 3,
            lock_wait: Duration::from_secs(600),
            history: History::default(),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSummary {
    pub applied: Vec<String>,
}

fn local(migrations: &[&'static MigrationDecl]) -> Vec<Local> {
    migrations
        .iter()
        .map(|m| Local {
            id: m.id.to_string(),
            checksum: m.checksum.to_string(),
        })
        .collect()
}

/// Each migration's state. Read-only: never creates the history table.
pub async fn status(
    client: &Client,
    migrations: &[&'static MigrationDecl],
    history: &History,
) -> Result<Vec<(String, State)>, RunnerError> {
    let applied = history::applied(client, history).await?;
    Ok(verify::status(&applied, &local(migrations)))
}

/// Records the current checksum of an applied migration whose code changed on purpose.
pub async fn repair(
    client: &Client,
    migrations: &[&'static MigrationDecl],
    history: &History,
    id: &str,
) -> Result<(), RunnerError> {
    let migration = migrations
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| RunnerError::UnknownMigration { id: id.to_string() })?;
    refuse_pooler(client).await?;
    if !history::repair(client, history, id, migration.checksum).await? {
        return Err(RunnerError::NotApplied { id: id.to_string() });
    }
    Ok(())
}

/// Runs pending migrations under the runners' advisory lock.
pub async fn run(
    client: Arc<Client>,
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
    reporter: Box<dyn Reporter>,
) -> Result<RunSummary, RunnerError> {
    let reporter: SharedReporter = Arc::new(Mutex::new(reporter));
    known_target(migrations, &options.target)?;
    if options.dry_run {
        return dry_run(&client, migrations, options, &reporter).await;
    }
    refuse_pooler(&client).await?;
    lock::watch_for_dead_client(&client).await?;
    // Lock first: concurrent runners would otherwise race to create the history tables.
    let work = run_locked(&client, migrations, options, &reporter);
    under_lock(&client, options, &reporter, work).await
}

/// Runs `work` holding the runners' advisory lock for `options.history`, and releases it
/// on every path. A failed `work` may leave its transaction aborted: it is rolled back
/// before unlocking.
pub(crate) async fn under_lock<T>(
    client: &Client,
    options: &RunOptions,
    reporter: &SharedReporter,
    work: impl std::future::Future<Output = Result<T, RunnerError>>,
) -> Result<T, RunnerError> {
    let wait = LockWait {
        limit: options.lock_wait,
        report_every: Duration::from_secs(5),
    };
    lock::acquire(client, &options.history, wait, reporter).await?;
    let result = work.await;
    if result.is_err() {
        let _ = client.batch_execute("ROLLBACK").await;
    }
    let unlocked = lock::release(client, &options.history).await;
    let value = result?;
    unlocked?;
    Ok(value)
}

/// A target naming no compiled migration is an error, before anything else happens.
pub(crate) fn known_target(
    migrations: &[&'static MigrationDecl],
    target: &Target,
) -> Result<(), RunnerError> {
    match target {
        Target::Migration(id) if !migrations.iter().any(|m| m.id == id) => {
            Err(RunnerError::UnknownMigration { id: id.clone() })
        }
        _ => Ok(()),
    }
}

/// A pooler may run each statement on another server connection: the session lock would
/// stay behind on one of them, and session settings leak to other clients.
pub(crate) async fn refuse_pooler(client: &Client) -> Result<(), RunnerError> {
    match dibs_postgres::pooler::detect(client).await? {
        Some(pooled) => Err(RunnerError::Pooler {
            key_pid: pooled.key_pid,
            backend_pid: pooled.backend_pid,
        }),
        None => Ok(()),
    }
}

/// The pending migrations the target selects, in order.
pub(crate) fn selected(
    applied: &[crate::verify::Applied],
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
) -> Result<Vec<&'static MigrationDecl>, RunnerError> {
    let pending = verify::pending(applied, &local(migrations), options.allow_out_of_order)?;
    // A target that is already applied selects nothing: running the migrations after it
    // would go past what was asked for.
    if let Target::Migration(target) = &options.target
        && !pending.iter().any(|id| id == target)
    {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for id in pending {
        let migration = *migrations
            .iter()
            .find(|m| m.id == id)
            .expect("pending comes from local");
        out.push(migration);
        if options.target == Target::Migration(id) {
            break;
        }
    }
    Ok(out)
}

async fn dry_run(
    client: &Client,
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
    reporter: &SharedReporter,
) -> Result<RunSummary, RunnerError> {
    let applied = history::applied(client, &options.history).await?;
    for migration in selected(&applied, migrations, options)? {
        if let Ok(mut r) = reporter.lock() {
            r.event(Event::WouldRun {
                id: migration.id.to_string(),
                source: migration.source.to_string(),
            });
        }
    }
    Ok(RunSummary::default())
}

async fn run_locked(
    client: &Arc<Client>,
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
    reporter: &SharedReporter,
) -> Result<RunSummary, RunnerError> {
    // Read after taking the lock: a runner that waited sees what the other one applied.
    let applied = history::applied(client, &options.history).await?;
    let selected = selected(&applied, migrations, options)?;
    if selected.is_empty() {
        // Nothing to do, and nothing to create: a read-only role can run this.
        return Ok(RunSummary::default());
    }
    history::ensure_tables(client, &options.history).await?;
    let untracked = match applied.is_empty() {
        true => untracked_tables(client).await?,
        false => 0,
    };
    let progress = history::all_progress(client, &options.history).await?;
    let total = selected.len();
    let mut summary = RunSummary::default();
    for (index, migration) in selected.into_iter().enumerate() {
        emit(
            reporter,
            Event::MigrationStarted {
                id: migration.id.to_string(),
                index: index + 1,
                total,
            },
        );
        let started = Instant::now();
        let resume = progress.get(migration.id).copied().unwrap_or((0, None));
        run_with_retries(client, migration, options, reporter, resume)
            .await
            .map_err(|err| with_untracked_hint(err, untracked))?;
        emit(
            reporter,
            Event::MigrationFinished {
                id: migration.id.to_string(),
                millis: started.elapsed().as_millis() as u64,
            },
        );
        summary.applied.push(migration.id.to_string());
    }
    Ok(summary)
}

/// Tables that exist although nothing is recorded in the history (the caller checks that):
/// the history table was dropped, or the schema came from a dump.
async fn untracked_tables(client: &Client) -> Result<u64, RunnerError> {
    let found = history::rows(
        client,
        "SELECT count(*) FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_%' AND c.relname NOT LIKE '\\_\\_dibs\\_%'
            AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                             WHERE d.classid = 'pg_catalog.pg_class'::regclass
                               AND d.objid = c.oid AND d.deptype = 'e')",
        "counting existing tables",
    )
    .await?;
    let count = found.first().and_then(|r| history::text(r, 0));
    Ok(count.and_then(|c| c.parse().ok()).unwrap_or(0))
}

/// A failure on a database that had tables but no history gets the likely cause.
fn with_untracked_hint(err: RunnerError, untracked: u64) -> RunnerError {
    match err {
        RunnerError::Migration { id, error } if untracked > 0 => RunnerError::Untracked {
            id,
            tables: untracked,
            error,
        },
        other => other,
    }
}

fn emit(reporter: &SharedReporter, event: Event) {
    if let Ok(mut r) = reporter.lock() {
        r.event(event);
    }
}

fn is_lock_timeout(err: &MigrationError) -> bool {
    matches!(err, MigrationError::Statement { server, .. } if server.code == "55P03")
}

async fn run_with_retries(
    client: &Arc<Client>,
    migration: &'static MigrationDecl,
    options: &RunOptions,
    reporter: &SharedReporter,
    resume: (u32, Option<i64>),
) -> Result<(), RunnerError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        // A retry re-reads progress: the failed attempt may have committed steps.
        let resume = if attempt == 1 {
            resume
        } else {
            history::all_progress(client, &options.history)
                .await?
                .get(migration.id)
                .copied()
                .unwrap_or((0, None))
        };
        match run_one(client, migration, options, reporter, resume).await {
            Ok(()) => return Ok(()),
            Err(MigrationError::InvalidIndexes { indexes }) => {
                return Err(RunnerError::InvalidIndexLeft {
                    id: migration.id.to_string(),
                    indexes,
                });
            }
            Err(err) if is_lock_timeout(&err) && attempt <= options.lock_retries => {
                let _ = client.batch_execute("ROLLBACK").await;
                emit(
                    reporter,
                    Event::Retrying {
                        id: migration.id.to_string(),
                        attempt,
                        reason: err.to_string(),
                    },
                );
                // Back off a little more each time, so the lock holder can finish.
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            Err(err) if is_lock_timeout(&err) => {
                return Err(RunnerError::LockTimeouts {
                    id: migration.id.to_string(),
                    attempts: attempt,
                });
            }
            Err(source) => {
                return Err(RunnerError::Migration {
                    id: migration.id.to_string(),
                    error: Box::new(source),
                });
            }
        }
    }
}

/// One attempt: the migration's steps and its history row, committed together (unless
/// a backfill or `no_transaction` splits them, in which case progress is recorded).
async fn run_one(
    client: &Arc<Client>,
    migration: &'static MigrationDecl,
    options: &RunOptions,
    reporter: &SharedReporter,
    resume: (u32, Option<i64>),
) -> Result<(), MigrationError> {
    let settings = timeout_settings(options.lock_timeout, options.statement_timeout);
    let transactional = !migration.no_transaction;
    let map = |sql: &str| {
        let sql = sql.to_string();
        move |e| MigrationError::statement(&sql, e)
    };
    if transactional {
        client
            .batch_execute(&format!("BEGIN; {settings}"))
            .await
            .map_err(map("BEGIN"))?;
    } else {
        let session = settings.replace("SET LOCAL", "SET");
        client
            .batch_execute(&session)
            .await
            .map_err(map(&session))?;
    }
    if !transactional {
        // Concurrent builds happen here: clear what an interrupted one left behind.
        for index in invalid_indexes::drop_abandoned(client).await? {
            emit(
                reporter,
                Event::InvalidIndexDropped {
                    id: migration.id.to_string(),
                    index,
                },
            );
        }
    }
    let started = Instant::now();
    let mut ctx = MigrationContext::new(
        client.clone(),
        migration.id,
        reporter.clone(),
        transactional,
        settings,
        options.history.clone(),
        resume,
    );
    (migration.run)(&mut ctx).await?;
    if !transactional {
        let indexes = invalid_indexes::abandoned(client).await?;
        if !indexes.is_empty() {
            return Err(MigrationError::InvalidIndexes { indexes });
        }
        client.batch_execute("BEGIN").await.map_err(map("BEGIN"))?;
    }
    history::record_applied_and_commit(
        client,
        &options.history,
        migration.id,
        migration.checksum,
        started.elapsed().as_millis() as i64,
    )
    .await
    .map_err(map("recording the migration as applied"))?;
    Ok(())
}
