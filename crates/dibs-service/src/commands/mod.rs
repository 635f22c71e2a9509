//! The db binary's commands.

pub mod baseline;
pub mod diff;
mod migrate;
mod status;

use crate::args::{Cli, Command};
use crate::error::ServiceError;
use crate::settings::Settings;

pub async fn run(cli: Cli, settings: Settings) -> Result<u8, ServiceError> {
    match cli.command {
        Command::Migrate { connection, run } => {
            let request = run.request(String::new());
            let options = crate::args::run_options(&request, &settings.history);
            migrate::run(&connection, &options, run.verbose).await
        }
        Command::Status { connection } => status::run(&connection, &settings).await,
        Command::Diff { connection } => diff::run(&connection, &settings).await,
        Command::Serve => crate::serve::serve(settings).await,
        Command::Repair {
            connection,
            migration,
        } => status::repair(&connection, &settings, &migration).await,
        Command::Baseline {
            connection,
            migration,
            force,
        } => {
            let args = baseline::BaselineArgs {
                connection: &connection,
                migration,
                force,
            };
            baseline::run(args, &settings).await
        }
    }
}
