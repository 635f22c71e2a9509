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
        Command::Init(args) => {
            let root = std::env::current_dir()?;
            let dibs_path = args
                .dibs_path
                .map(|p| std::path::absolute(&p))
                .transpose()?;
            let init = crate::init::Init {
                root: &root,
                name: args.name,
                dibs_path,
            };
            for file in crate::init::run(&init)? {
                println!("wrote     {}", file.display());
            }
            println!(
                "Next: declare tables in the db crate's src/lib.rs, then `dibs diff` and `dibs generate NAME`."
            );
            Ok(crate::exit::IN_SYNC)
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "dibs", &mut std::io::stdout());
            Ok(crate::exit::IN_SYNC)
        }
    }
}
