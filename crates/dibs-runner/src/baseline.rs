//! Baselines: recording migrations as applied without running them, for a database whose
//! schema already is what they produce (a project adopting dibs, a restored dump). The
//! caller proves the schema matches first (`dibs_service`'s baseline command diffs the
//! database against the migrations applied in a scratch database); this module only does
//! the bookkeeping, under the same lock and checks as a run.

use std::sync::{Arc, Mutex};

use tokio_postgres::Client;

use crate::context::SharedReporter;
use crate::error::RunnerError;
use crate::events::Reporter;
use crate::history;
use crate::registry::MigrationDecl;
use crate::runner::{RunOptions, RunSummary, known_target, refuse_pooler, selected, under_lock};

/// Records the migrations `options.target` selects (the pending ones, up to the target)
/// as applied, in one transaction under the runners' lock: a concurrent `migrate` either
/// ran before (and the baseline records only what is still pending) or waits and then
/// finds nothing to do. Checksums of already applied migrations are verified as for a run.
pub async fn baseline(
    client: &Client,
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
    reporter: Box<dyn Reporter>,
) -> Result<RunSummary, RunnerError> {
    let reporter: SharedReporter = Arc::new(Mutex::new(reporter));
    known_target(migrations, &options.target)?;
    refuse_pooler(client).await?;
    let work = record_locked(client, migrations, options);
    under_lock(client, options, &reporter, work).await
}

/// The migrations a baseline with these options would record, without taking the lock or
/// changing anything: what the caller must prove the schema matches.
pub async fn baseline_selection(
    client: &Client,
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
) -> Result<Vec<String>, RunnerError> {
    known_target(migrations, &options.target)?;
    let applied = history::applied(client, &options.history).await?;
    Ok(selected(&applied, migrations, options)?
        .iter()
        .map(|m| m.id.to_string())
        .collect())
}

async fn record_locked(
    client: &Client,
    migrations: &[&'static MigrationDecl],
    options: &RunOptions,
) -> Result<RunSummary, RunnerError> {
    let applied = history::applied(client, &options.history).await?;
    let chosen = selected(&applied, migrations, options)?;
    if chosen.is_empty() {
        return Ok(RunSummary::default());
    }
    history::ensure_tables(client, &options.history).await?;
    let rows: Vec<(&str, &str)> = chosen.iter().map(|m| (m.id, m.checksum)).collect();
    history::record_baseline(client, &options.history, &rows).await?;
    Ok(RunSummary {
        applied: chosen.iter().map(|m| m.id.to_string()).collect(),
    })
}
