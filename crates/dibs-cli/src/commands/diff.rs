//! `dibs diff --from URL --to URL`: database-to-database schema diff.

use dibs_postgres::{Client, IntrospectOptions, connect, introspect, user_schemas};
use dibs_schema::{UnmanagedObject, plan};

use crate::args::DiffArgs;
use crate::commands::CommandResult;
use crate::exit;
use crate::output;
use crate::rpc::outcome;

/// A `--schema` that neither database has: comparing it would hide real drift.
#[derive(Debug, thiserror::Error)]
#[error(
    "schema {0:?} exists in neither database; check --schema (names are case-sensitive: \
     list them with `\\dn` in psql)"
)]
struct NoSuchSchema(String);

/// The schemas to compare: those named (minus the excluded), each of which must exist on
/// one side, or every user schema of either database.
async fn schemas_to_compare(
    args: &DiffArgs,
    from: &Client,
    to: &Client,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let (mut present, on_to) = tokio::try_join!(user_schemas(from), user_schemas(to))?;
    present.extend(on_to);
    present.sort();
    present.dedup();
    let schemas = if args.schemas.is_empty() {
        present
    } else {
        if let Some(missing) = args.schemas.iter().find(|s| !present.contains(s)) {
            return Err(Box::new(NoSuchSchema(missing.clone())));
        }
        args.schemas.clone()
    };
    Ok(schemas
        .into_iter()
        .filter(|s| !args.exclude_schemas.contains(s))
        .collect())
}

pub async fn run(args: DiffArgs) -> CommandResult {
    let (Some(from_url), Some(to_url)) = (&args.from, &args.to) else {
        return code_against_database(args).await;
    };
    let (from_client, to_client) = tokio::try_join!(connect(from_url), connect(to_url))?;
    let options = IntrospectOptions {
        schemas: schemas_to_compare(&args, &from_client, &to_client).await?,
        privileges: args.privileges,
        owners: args.owners,
    };
    // Separate tasks, so that decoding one database's catalog rows overlaps the other's.
    let spawn_read = |mut client: Client| {
        let options = options.clone();
        tokio::spawn(async move { introspect(&mut client, &options).await })
    };
    let (from, to) = tokio::join!(spawn_read(from_client), spawn_read(to_client));
    let (mut from, mut to) = (from??, to??);
    for schema in [&mut from, &mut to] {
        schema
            .publications
            .retain(|p| !args.exclude_publications.contains(&p.name));
    }
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
