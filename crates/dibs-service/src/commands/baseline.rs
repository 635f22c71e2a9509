//! `baseline`: record migrations as applied on a database that already has their schema
//! (a project adopting dibs, a database restored from a dump), after proving it: the
//! migrations run in a scratch database on the same server, and the target must equal
//! what they built. A difference is refused with the diff shown; `--force` records anyway.

use std::sync::Arc;

use dibs_postgres::{connect, introspect, with_database};
use dibs_runner::{RunOptions, Target};

use super::diff::{compare, create_scratch, error_chain, introspect_options};
use crate::args::Connection;
use crate::database_url;
use crate::error::ServiceError;
use crate::report::{Mode, Printer};
use crate::settings::Settings;
pub use dibs_proto::BaselineReply;

/// What `baseline` was asked to do.
pub struct BaselineArgs<'a> {
    pub connection: &'a Connection,
    pub migration: Option<String>,
    pub force: bool,
}

pub async fn run(args: BaselineArgs<'_>, settings: &Settings) -> Result<u8, ServiceError> {
    let url = database_url::resolve(args.connection.database_url.as_deref())?;
    let mode = Mode::detect(args.connection.json);
    let reply = baseline(
        &url,
        args.migration,
        args.force,
        settings,
        Box::new(Printer::new(mode)),
    )
    .await?;
    if let Some(diff) = &reply.forced_diff {
        eprintln!("{}", forced_warning(reply.recorded.len(), diff));
    }
    if mode == Mode::Json {
        println!("{}", facet_json::to_string(&reply).unwrap_or_default());
    } else {
        print!("{}", recorded_lines(&reply.recorded));
    }
    Ok(0)
}

/// The loud line `--force` earns, on both the db binary and the CLI.
pub fn forced_warning(count: usize, diff: &str) -> String {
    format!(
        "warning: --force: recorded {count} migration(s) as applied although the database \
         differs from what they produce; these statements would make it match:\n{diff}"
    )
}

/// What a finished baseline prints.
pub fn recorded_lines(recorded: &[String]) -> String {
    if recorded.is_empty() {
        return "Nothing to record: every selected migration is already applied.\n".to_string();
    }
    let mut out: String = recorded
        .iter()
        .map(|id| format!("recorded  {id}\n"))
        .collect();
    out.push_str(&format!(
        "Recorded {} migration(s) as applied without running them.\n",
        recorded.len()
    ));
    out
}

/// Proves the database at `url` has the schema of its pending migrations up to `migration`
/// (all when `None`), then records them as applied. A difference is refused unless `force`.
pub async fn baseline(
    url: &str,
    migration: Option<String>,
    force: bool,
    settings: &Settings,
    reporter: Box<dyn dibs_runner::Reporter>,
) -> Result<BaselineReply, ServiceError> {
    let migrations = dibs_runner::registered()?;
    let options = RunOptions {
        target: migration.map_or(Target::Latest, Target::Migration),
        history: settings.history.clone(),
        ..RunOptions::default()
    };
    let mut client = connect(url).await?;
    let chosen = dibs_runner::baseline_selection(&client, &migrations, &options).await?;
    let Some(last) = chosen.last() else {
        return Ok(BaselineReply::default());
    };
    let plan = difference_from_migrations(&mut client, url, &migrations, last, settings).await?;
    let forced_diff = match (plan.is_empty(), force) {
        (true, _) => None,
        (false, true) => Some(plan.to_sql()),
        (false, false) => {
            return Err(ServiceError::BaselineDiffers {
                through: last.clone(),
                diff: plan.to_sql(),
            });
        }
    };
    let summary = dibs_runner::baseline(&client, &migrations, &options, reporter).await?;
    Ok(BaselineReply {
        recorded: summary.applied,
        forced_diff,
    })
}

/// The plan from the target database to the schema its migrations build, up to and
/// including `through`, in a scratch database that is dropped afterwards.
async fn difference_from_migrations(
    target: &mut tokio_postgres::Client,
    url: &str,
    migrations: &[&'static dibs_runner::MigrationDecl],
    through: &str,
    settings: &Settings,
) -> Result<dibs_schema::Plan, ServiceError> {
    // One connection to the target: it is read, and it creates and drops the scratch.
    let current = introspect(target, &introspect_options(settings)).await?;
    let name = create_scratch(target).await?;
    let built = async {
        let scratch = Arc::new(connect(&with_database(url, &name)).await?);
        let options = RunOptions {
            target: Target::Migration(through.to_string()),
            history: settings.history.clone(),
            ..RunOptions::default()
        };
        let reporter = Box::new(dibs_runner::CollectingReporter::default());
        dibs_runner::run(scratch.clone(), migrations, &options, reporter)
            .await
            .map_err(|e| ServiceError::BaselineScratch {
                reason: error_chain(&e),
            })?;
        let mut scratch =
            Arc::into_inner(scratch).ok_or_else(|| ServiceError::BaselineScratch {
                reason: "the scratch connection is still in use".to_string(),
            })?;
        Ok::<_, ServiceError>(introspect(&mut scratch, &introspect_options(settings)).await?)
    }
    .await;
    let _ = dibs_postgres::scratch::drop(target, &name).await;
    let mut built = built?;
    if let Some(role) = &settings.owner {
        for owner in &mut built.owners {
            owner.role = role.clone();
        }
    }
    compare(current, built, settings)
}
