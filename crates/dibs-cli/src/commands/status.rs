//! `dibs status`: each migration's state, asked of the db binary.

use crate::args::{BaselineArgs, RepairArgs, TargetArgs};
use crate::commands::CommandResult;
use crate::exit;
use crate::rpc::outcome;

pub async fn run(args: TargetArgs) -> CommandResult {
    let project = super::project::Project::open().await?;
    let url = project.database_url(args.database_url.as_deref()).await?;
    let session = project
        .session(Some(&url), Some(dibs_proto::Prefetch::MigrateStatus))
        .await?;
    let rows = outcome(session.client.migrate_status(url).await)?;
    if args.json {
        println!("{}", facet_json::to_string(&rows)?);
        return Ok(exit::IN_SYNC);
    }
    for row in &rows {
        let at = row
            .applied_at
            .as_deref()
            .map(|a| format!("  ({a})"))
            .unwrap_or_default();
        println!("{:<9} {}{at}", row.state.label(), row.id);
    }
    if rows.is_empty() {
        println!("{} declares no migrations.", project.config.crate_name);
    }
    if rows
        .iter()
        .any(|r| r.state == dibs_proto::MigrationState::Modified)
    {
        eprintln!(
            "modified migrations are refused by migrate; if the edit is intended, record it with \
             `dibs repair --migration ID`"
        );
    }
    Ok(exit::IN_SYNC)
}

/// `dibs repair --migration ID`.
pub async fn repair(args: RepairArgs) -> CommandResult {
    let project = super::project::Project::open().await?;
    let url = project.database_url(args.database_url.as_deref()).await?;
    let session = project.session(Some(&url), None).await?;
    let repaired = session
        .client
        .migrate_repair(url, args.migration.clone())
        .await;
    outcome(repaired)?;
    println!("Recorded the current checksum of {}.", args.migration);
    Ok(exit::IN_SYNC)
}

/// `dibs baseline [--migration ID] [--force]`.
pub async fn baseline(args: BaselineArgs) -> CommandResult {
    let project = super::project::Project::open().await?;
    let url = project
        .database_url(args.target.database_url.as_deref())
        .await?;
    let session = project.session(Some(&url), None).await?;
    let reply = outcome(
        session
            .client
            .migrate_baseline(url, args.migration.clone(), args.force)
            .await,
    )?;
    show_baseline(&reply, args.target.json)?;
    Ok(exit::IN_SYNC)
}

/// What a baseline recorded (and, when forced, the difference it recorded over).
pub fn show_baseline(
    reply: &dibs_proto::BaselineReply,
    json: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(diff) = &reply.forced_diff {
        eprintln!(
            "{}",
            dibs_service::forced_warning(reply.recorded.len(), diff)
        );
    }
    if json {
        println!("{}", facet_json::to_string(reply)?);
    } else {
        print!("{}", dibs_service::recorded_lines(&reply.recorded));
    }
    Ok(())
}
