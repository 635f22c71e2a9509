//! What a migration function gets: statements that report as they run, queries, resumable
//! backfills, progress and log lines.
//!
//! Every `execute` and `backfill` call is a numbered step. Steps whose effects were
//! committed by an earlier, interrupted run are skipped on the next run, so a migration
//! resumes where it stopped instead of repeating committed work.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dibs_schema::Ident;
use tokio_postgres::{Client, Row, SimpleQueryMessage, types::ToSql};

use crate::error::MigrationError;
use crate::events::{Event, Reporter};
use crate::history::{self, History};

/// Shared handle to the run's reporter.
pub type SharedReporter = Arc<Mutex<Box<dyn Reporter>>>;

/// The connection a migration runs on, with its bookkeeping.
pub struct MigrationContext {
    client: Arc<Client>,
    id: String,
    reporter: SharedReporter,
    /// Inside the migration's transaction (false for `no_transaction` migrations).
    transactional: bool,
    /// Timeouts applied at the start of each transaction this context opens.
    settings: String,
    history: History,
    next_step: u32,
    committed_steps: u32,
    resume_key: Option<i64>,
}

/// A batched UPDATE over integer key ranges; see [`MigrationContext::backfill`].
#[derive(Debug, Clone)]
pub struct Backfill {
    table: String,
    schema: String,
    key: String,
    set: String,
    filter: Option<String>,
    batch_size: i64,
}

impl Backfill {
    /// `UPDATE table SET <set> WHERE key in each range`; `key` must be an integer column.
    pub fn new(table: &str, key: &str, set: &str) -> Backfill {
        Backfill {
            table: table.to_string(),
            schema: "public".to_string(),
            key: key.to_string(),
            set: set.to_string(),
            filter: None,
            batch_size: 10_000,
        }
    }

    pub fn schema(mut self, schema: &str) -> Backfill {
        self.schema = schema.to_string();
        self
    }

    /// Extra condition rows must meet, e.g. `bio IS NULL`.
    pub fn filter(mut self, condition: &str) -> Backfill {
        self.filter = Some(condition.to_string());
        self
    }

    /// Keys per batch (default 10,000): each batch commits on its own, so row locks last
    /// one batch.
    pub fn batch_size(mut self, size: i64) -> Backfill {
        self.batch_size = size.max(1);
        self
    }
}

impl MigrationContext {
    pub(crate) fn new(
        client: Arc<Client>,
        id: &str,
        reporter: SharedReporter,
        transactional: bool,
        settings: String,
        history: History,
        resume: (u32, Option<i64>),
    ) -> MigrationContext {
        MigrationContext {
            client,
            id: id.to_string(),
            reporter,
            transactional,
            settings,
            history,
            next_step: 0,
            committed_steps: resume.0,
            resume_key: resume.1,
        }
    }

    /// The migration being run.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The connection, inside the migration's transaction, for anything else.
    pub fn client(&self) -> &Client {
        &self.client
    }

    fn emit(&self, event: Event) {
        if let Ok(mut reporter) = self.reporter.lock() {
            reporter.event(event);
        }
    }

    /// A line for whoever watches the run.
    pub fn log(&self, message: impl Into<String>) {
        self.emit(Event::Log {
            id: self.id.clone(),
            message: message.into(),
        });
    }

    /// Progress from a hand-written loop.
    pub fn progress(&self, label: &str, done: u64, total: u64) {
        self.emit(Event::Progress {
            id: self.id.clone(),
            label: label.to_string(),
            done,
            total,
        });
    }

    fn take_step(&mut self) -> (u32, bool) {
        let step = self.next_step;
        self.next_step += 1;
        (step, step < self.committed_steps)
    }

    /// Runs SQL (one or more statements), reported with its duration; returns rows affected.
    pub async fn execute(&mut self, sql: &str) -> Result<u64, MigrationError> {
        let (step, done) = self.take_step();
        if done {
            self.emit(Event::StatementSkipped {
                id: self.id.clone(),
                sql: sql.to_string(),
            });
            return Ok(0);
        }
        self.emit(Event::StatementStarted {
            id: self.id.clone(),
            sql: sql.to_string(),
        });
        let started = Instant::now();
        let messages = self
            .client
            .simple_query(sql)
            .await
            .map_err(|e| MigrationError::statement(sql, e))?;
        let rows = messages
            .iter()
            .map(|m| match m {
                SimpleQueryMessage::CommandComplete(n) => *n,
                _ => 0,
            })
            .sum();
        if !self.transactional {
            // Outside a transaction the statement is already committed: record it.
            history::save_progress(&self.client, &self.history, &self.id, step + 1, None)
                .await
                .map_err(|e| MigrationError::statement("recording progress", e))?;
            self.committed_steps = step + 1;
        }
        self.emit(Event::StatementFinished {
            id: self.id.clone(),
            sql: sql.to_string(),
            rows,
            millis: started.elapsed().as_millis() as u64,
        });
        Ok(rows)
    }

    /// A query returning rows, inside the migration's transaction.
    pub async fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, MigrationError> {
        self.client
            .query(sql, params)
            .await
            .map_err(|e| MigrationError::statement(sql, e))
    }

    async fn simple(&self, sql: &str) -> Result<(), MigrationError> {
        self.client
            .batch_execute(sql)
            .await
            .map_err(|e| MigrationError::statement(sql, e))
    }

    /// Commits what ran so far, recording that `steps` steps are done.
    async fn checkpoint(&mut self, steps: u32, key: Option<i64>) -> Result<(), MigrationError> {
        history::save_progress(&self.client, &self.history, &self.id, steps, key)
            .await
            .map_err(|e| MigrationError::statement("recording progress", e))?;
        self.simple("COMMIT").await?;
        self.committed_steps = steps;
        Ok(())
    }

    /// Commits what the migration ran so far and goes on in a new transaction: what
    /// Postgres lets a transaction create but not use (`ALTER TYPE … ADD VALUE`) is usable
    /// after it. A step like `execute`: a rerun after a crash skips what was committed.
    /// Outside a transaction (`no_transaction`) every statement is already committed.
    pub async fn commit(&mut self) -> Result<(), MigrationError> {
        let (step, done) = self.take_step();
        if done || !self.transactional {
            return Ok(());
        }
        self.checkpoint(step + 1, None).await?;
        self.begin().await
    }

    async fn begin(&self) -> Result<(), MigrationError> {
        self.simple(&format!("BEGIN; {}", self.settings)).await
    }

    /// Batched UPDATE by key ranges, each batch committed on its own with its position, so
    /// a crash resumes from the last committed batch. Statements before it are committed
    /// first (a column added then backfilled). Reports progress in rows.
    pub async fn backfill(&mut self, spec: Backfill) -> Result<u64, MigrationError> {
        let (step, done) = self.take_step();
        let table = format!("{}.{}", Ident(&spec.schema), Ident(&spec.table));
        let key = Ident(&spec.key).to_string();
        if done {
            self.emit(Event::StatementSkipped {
                id: self.id.clone(),
                sql: format!("backfill {table} SET {}", spec.set),
            });
            return Ok(0);
        }
        if self.transactional {
            self.checkpoint(step, None).await?;
        } else {
            self.simple(&self.settings.replace("SET LOCAL", "SET"))
                .await?;
        }
        let filter = spec
            .filter
            .as_deref()
            .map(|f| format!(" AND ({f})"))
            .unwrap_or_default();
        let bounds = self
            .query(
                &format!("SELECT min({key})::bigint, max({key})::bigint, count(*)::bigint FROM {table} WHERE true{filter}"),
                &[],
            )
            .await?;
        let (min, max, total): (Option<i64>, Option<i64>, i64) =
            (bounds[0].get(0), bounds[0].get(1), bounds[0].get(2));
        let label = format!("Backfilling {table}");
        let mut done_rows = 0u64;
        if let (Some(min), Some(max)) = (min, max) {
            let mut low = self.resume_key.take().unwrap_or(min);
            self.progress(&label, 0, total as u64);
            while low <= max {
                let high = low.saturating_add(spec.batch_size);
                let sql = format!(
                    "UPDATE {table} SET {} WHERE {key} >= {low} AND {key} < {high}{filter}",
                    spec.set
                );
                let batch_started = Instant::now();
                self.simple(&format!("BEGIN; {}", self.settings)).await?;
                let rows = self
                    .client
                    .execute(sql.as_str(), &[])
                    .await
                    .map_err(|e| MigrationError::statement(&sql, e))?;
                history::save_progress(&self.client, &self.history, &self.id, step, Some(high))
                    .await
                    .map_err(|e| MigrationError::statement("recording progress", e))?;
                self.simple("COMMIT").await?;
                self.emit(Event::BatchFinished {
                    id: self.id.clone(),
                    rows,
                    millis: batch_started.elapsed().as_millis() as u64,
                });
                done_rows += rows;
                self.progress(&label, done_rows.min(total as u64), total as u64);
                low = high;
            }
        }
        // The backfill is done: record it, and reopen the migration's transaction.
        self.simple(&format!("BEGIN; {}", self.settings)).await?;
        if self.transactional {
            self.checkpoint(step + 1, None).await?;
            self.begin().await?;
        } else {
            history::save_progress(&self.client, &self.history, &self.id, step + 1, None)
                .await
                .map_err(|e| MigrationError::statement("recording progress", e))?;
            self.simple("COMMIT").await?;
            self.committed_steps = step + 1;
        }
        Ok(done_rows)
    }
}

/// `SET LOCAL` statements for a transaction's timeouts.
pub(crate) fn timeout_settings(
    lock_timeout: Duration,
    statement_timeout: Option<Duration>,
) -> String {
    format!(
        "SET LOCAL lock_timeout = '{}ms'; SET LOCAL statement_timeout = '{}ms';",
        lock_timeout.as_millis(),
        statement_timeout.map(|d| d.as_millis()).unwrap_or(0)
    )
}
