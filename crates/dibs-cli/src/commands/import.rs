//! `dibs import sqlx|refinery|diesel`: another tool's migrations become the db crate's,
//! and what that tool applied is recorded as applied in dibs's history.

use crate::args::ImportArgs;
use crate::commands::CommandResult;
use crate::exit;
use crate::import::{ImportError, Written, applied, match_history, write_all};
use crate::rpc::outcome;

pub async fn run(args: ImportArgs) -> CommandResult {
    let project = super::project::Project::open().await?;
    let found = args.tool.read(&args.dir)?;
    // Everything is checked before anything is written.
    let (url, last_applied) = if args.no_record {
        (None, None)
    } else {
        let url = project.database_url(args.database_url.as_deref()).await?;
        let client = dibs_postgres::connect(&url).await?;
        let rows = applied(&client, args.tool)
            .await?
            .ok_or(ImportError::NoHistory {
                table: args.tool.history_table(),
            })?;
        let done = match_history(args.tool, &found, &rows)?;
        (Some(url), done.last().map(|f| f.dibs_id()))
    };
    let crate_dir = crate::spawn::crate_dir(&project.config.root, &project.config.crate_name, 3)
        .ok_or_else(|| {
            crate::generate::GenerateError::NoCrate(project.config.crate_name.clone())
        })?;
    for written in write_all(&crate_dir, args.tool, &found)? {
        match written {
            Written::New(path) => println!("wrote     {}", path.display()),
            Written::Kept(path) => println!("kept      {} (exists)", path.display()),
        }
    }
    let (Some(url), Some(last)) = (url, last_applied) else {
        println!(
            "Imported {} migration(s); nothing is recorded as applied.",
            found.len()
        );
        return Ok(exit::IN_SYNC);
    };
    // The session builds the db crate, now with the imported migrations in it.
    let session = project.session(Some(&url), None).await?;
    let reply = outcome(
        session
            .client
            .migrate_baseline(url, Some(last), args.force)
            .await,
    )?;
    super::status::show_baseline(&reply, false)?;
    Ok(exit::IN_SYNC)
}
