//! One module per subcommand; `run` dispatches.

mod db;
mod diff;

use crate::args::{Cli, Command};

pub type CommandResult = Result<u8, Box<dyn std::error::Error>>;

pub async fn run(cli: Cli) -> CommandResult {
    match cli.command {
        Command::Diff(args) => diff::run(args).await,
        Command::Db(command) => db::run(command).await,
    }
}
