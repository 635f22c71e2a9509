//! One module per subcommand; `run` dispatches.

mod db;
mod diff;
mod generate;
mod import;
mod migrate;
mod project;
mod status;

use crate::args::{Cli, Command};

pub type CommandResult = Result<u8, Box<dyn std::error::Error>>;

pub async fn run(cli: Cli) -> CommandResult {
    match cli.command {
        Command::Diff(args) => diff::run(args).await,
        Command::Db(command) => db::run(command).await,
        Command::Status(args) => status::run(args).await,
        Command::Migrate(args) => migrate::run(args).await,
        Command::Generate(args) => generate::run(args).await,
        Command::Repair(args) => status::repair(args).await,
        Command::Baseline(args) => status::baseline(args).await,
        Command::Import(args) => import::run(args).await,
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "dibs", &mut std::io::stdout());
            Ok(crate::exit::IN_SYNC)
        }
    }
}
