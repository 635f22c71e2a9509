//! The db binary's commands.

pub mod diff;
mod migrate;
mod status;

use crate::args::{Cli, Command};
use crate::error::ServiceError;
use crate::settings::Settings;

pub async fn run(cli: Cli, settings: Settings) -> Result<u8, ServiceError> {
    match cli.command {
        Command::Migrate {
            connection,
            migration,
            dry_run,
            allow_out_of_order,
            lock_timeout_ms,
            statement_timeout_ms,
        } => {
            let options = dibs_runner::RunOptions {
                target: match migration {
                    Some(id) => dibs_runner::Target::Migration(id),
                    None => dibs_runner::Target::Latest,
                },
                dry_run,
                allow_out_of_order,
                lock_timeout: std::time::Duration::from_millis(lock_timeout_ms),
                statement_timeout: (statement_timeout_ms > 0)
                    .then(|| std::time::Duration::from_millis(statement_timeout_ms)),
                ..dibs_runner::RunOptions::default()
            };
            migrate::run(&connection, &options).await
        }
        Command::Status { connection } => status::run(&connection).await,
        Command::Diff { connection } => diff::run(&connection, &settings).await,
        Command::Serve => crate::serve::serve(settings).await,
        Command::Repair {
            connection,
            migration,
        } => status::repair(&connection, &migration).await,
    }
}
