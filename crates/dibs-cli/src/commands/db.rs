//! `dibs db start|stop|status|url|reset`: the project's development database.

use std::path::PathBuf;

use dibs_testdb::{DevDatabase, DevStatus};

use crate::args::DbCommand;
use crate::commands::CommandResult;
use crate::exit;

/// The project root: the nearest directory with a `dibs.toml`, else the current directory.
pub fn project_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|dir| dir.join("dibs.toml").is_file())
        .map(PathBuf::from)
        .unwrap_or(cwd)
}

pub async fn run(command: DbCommand) -> CommandResult {
    let dev = DevDatabase::for_project(&project_root());
    match command {
        DbCommand::Start | DbCommand::Url => {
            let url = dev.start().await?;
            println!("{url}");
        }
        DbCommand::Stop => {
            dev.stop()?;
            eprintln!("stopped the development database ({})", dev.dir().display());
        }
        DbCommand::Status => match dev.status()? {
            DevStatus::NotCreated => {
                println!("not created (it will live in {})", dev.dir().display())
            }
            DevStatus::Stopped => println!("stopped ({})", dev.dir().display()),
            DevStatus::Running { port, pid } => {
                println!(
                    "running on 127.0.0.1:{port}, pid {pid} ({})",
                    dev.dir().display()
                )
            }
        },
        DbCommand::Reset => {
            dev.reset()?;
            eprintln!("deleted the development database ({})", dev.dir().display());
        }
    }
    Ok(exit::IN_SYNC)
}
