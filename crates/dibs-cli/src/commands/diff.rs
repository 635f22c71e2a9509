//! `dibs diff --from URL --to URL`: database-to-database schema diff.

use dibs_postgres::{IntrospectOptions, connect, introspect};
use dibs_schema::{Schema, UnmanagedObject, plan};

use crate::args::DiffArgs;
use crate::commands::CommandResult;
use crate::exit;
use crate::output;
use crate::rpc::outcome;

async fn read(url: &str, options: &IntrospectOptions) -> Result<Schema, dibs_postgres::DbError> {
    let mut client = connect(url).await?;
    introspect(&mut client, options).await
}

pub async fn run(args: DiffArgs) -> CommandResult {
    let (Some(from_url), Some(to_url)) = (&args.from, &args.to) else {
        return code_against_database(args).await;
    };
    let options = IntrospectOptions {
        schemas: args.schemas.clone(),
    };
    // Separate tasks, so that decoding one database's catalog rows overlaps the other's.
    let spawn_read = |url: &str| {
        let (url, options) = (url.to_string(), options.clone());
        tokio::spawn(async move { read(&url, &options).await })
    };
    let (from, to) = tokio::join!(spawn_read(from_url), spawn_read(to_url));
    let (from, to) = (from??, to??);
    let plan = plan(&from, &to)?;
    report_unhandled(&from.unmanaged, &to.unmanaged);
    if args.json {
        println!("{}", facet_json::to_string_pretty(&plan)?);
    } else {
        print!("{}", output::plan_sql(&plan, output::color_stdout()));
    }
    let code = if plan.is_empty() {
        exit::IN_SYNC
    } else {
        exit::DRIFT
    };
    // The process ends here: freeing two big models item by item only costs time.
    std::mem::forget((from, to, plan));
    Ok(code)
}

/// Objects dibs does not manage that exist on only one side: listed, never diffed.
fn report_unhandled(from: &[UnmanagedObject], to: &[UnmanagedObject]) {
    for object in to.iter().filter(|o| !from.contains(o)) {
        eprintln!("not handled: {} (only in --to)", object.description);
    }
    for object in from.iter().filter(|o| !to.contains(o)) {
        eprintln!("not handled: {} (only in --from)", object.description);
    }
}

/// `dibs diff` in a project: the db crate's declared schema against a database, planned by
/// the db binary (which owns the diff), rendered here.
async fn code_against_database(args: DiffArgs) -> CommandResult {
    let project = super::project::Project::open().await?;
    let url = project.database_url(args.database_url.as_deref()).await?;
    let session = project
        .session(Some(&url), Some(dibs_proto::Prefetch::SchemaDiff))
        .await?;
    let plan = outcome(session.client.schema_diff(url).await)?;
    if args.json {
        println!("{}", facet_json::to_string_pretty(&plan)?);
    } else if plan.is_empty() {
        println!(
            "In sync: the database matches the schema declared in {}.",
            project.config.crate_name
        );
    } else {
        print!("{}", output::plan_summary(&plan));
        print!("{}", output::plan_sql(&plan, output::color_stdout()));
    }
    Ok(if plan.is_empty() {
        exit::IN_SYNC
    } else {
        exit::DRIFT
    })
}
