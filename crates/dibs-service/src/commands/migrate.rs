//! `migrate`: apply pending migrations, streaming events to the terminal.

use std::sync::Arc;

use crate::args::Connection;
use crate::database_url;
use crate::error::ServiceError;
use crate::report::{Mode, Printer};

pub async fn run(
    connection: &Connection,
    options: &dibs_runner::RunOptions,
    verbose: bool,
) -> Result<u8, ServiceError> {
    let url = database_url::resolve(connection.database_url.as_deref())?;
    let migrations = dibs_runner::registered()?;
    let client = Arc::new(dibs_postgres::connect(&url).await?);
    let mode = Mode::detect(connection.json);
    let summary = dibs_runner::run(
        client,
        &migrations,
        options,
        Box::new(Printer::new(mode).verbose(verbose)),
    )
    .await?;
    if mode != Mode::Json && !options.dry_run {
        match summary.applied.len() {
            0 => println!("Nothing to apply: the database is up to date."),
            1 => println!("Applied 1 migration."),
            n => println!("Applied {n} migrations."),
        }
    }
    Ok(0)
}
