//! `dibs generate NAME`: a migration file from the diff, verified before it is written.

use dibs_postgres::{IntrospectOptions, apply_statements, connect, introspect, with_database};
use dibs_schema::{Ident, Plan, Schema, plan};
use dibs_testdb::DevDatabase;

use crate::args::GenerateArgs;
use crate::commands::CommandResult;
use crate::exit;
use crate::generate::{normalize_name, timestamp, write};
use crate::rpc::{Session, outcome};

#[derive(Debug, thiserror::Error)]
pub enum GenerateRefusal {
    #[error("the database already matches the declared schema: nothing to generate")]
    InSync,
    #[error(
        "verification failed: on a scratch copy of the database, the generated SQL left this \
         difference to the declared schema (please report it):\n{0}"
    )]
    DoesNotConverge(String),
}

pub async fn run(args: GenerateArgs) -> CommandResult {
    let name = normalize_name(&args.name)?;
    let project = super::project::Project::open().await?;
    let url = project.database_url(args.database_url.as_deref()).await?;
    let session = project
        .session(Some(&url), Some(dibs_proto::Prefetch::SchemaDiff))
        .await?;
    let plan = outcome(session.client.schema_diff(url.clone()).await)?;
    if plan.is_empty() {
        return Err(GenerateRefusal::InSync.into());
    }
    verify(&project.config.root, &session, &url, &plan).await?;
    let crate_dir = crate::spawn::crate_dir(&project.config.root, &project.config.crate_name, 3)
        .ok_or_else(|| {
            crate::generate::GenerateError::NoCrate(project.config.crate_name.clone())
        })?;
    let id = format!("{}-{name}", timestamp(std::time::SystemTime::now()));
    let file = write(&crate_dir, &id, &name, &plan)?;
    println!(
        "wrote {} ({} statements, verified on a scratch database)",
        file.display(),
        plan.statements().count()
    );
    Ok(exit::IN_SYNC)
}

/// Copies the database's schema into a scratch database of the development cluster,
/// applies the plan there, and asks the db binary to diff again: it must be empty.
async fn verify(
    root: &std::path::Path,
    session: &Session,
    url: &str,
    plan_to_check: &Plan,
) -> CommandResult {
    let declared: Schema = outcome(session.client.schema_collect().await)?;
    let mut target = connect(url).await?;
    let options = IntrospectOptions {
        schemas: declared.schemas.clone(),
        privileges: declared.manages_privileges,
        // Owners are the db binary's `Settings { owner }`, applied by `migrate`.
        owners: false,
    };
    let current = introspect(&mut target, &options).await?;
    let dev_url = DevDatabase::for_project(root).start().await?;
    let admin = connect(&with_database(&dev_url, "postgres")).await?;
    let scratch = format!("dibs_verify_{}", std::process::id());
    // Two statements: CREATE DATABASE refuses to share a batch.
    admin
        .batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            Ident(&scratch)
        ))
        .await?;
    admin
        .batch_execute(&format!("CREATE DATABASE {}", Ident(&scratch)))
        .await?;
    let scratch_url = with_database(&dev_url, &scratch);
    let result = async {
        let client = connect(&scratch_url).await?;
        let empty = Schema {
            schemas: vec!["public".into()],
            ..Schema::default()
        };
        let copy = plan(&empty, &current)?;
        apply_statements(&client, copy.statements()).await?;
        apply_statements(&client, plan_to_check.statements()).await?;
        drop(client);
        let rest = outcome(session.client.schema_diff(scratch_url.clone()).await)?;
        if rest.is_empty() {
            Ok(exit::IN_SYNC)
        } else {
            Err(GenerateRefusal::DoesNotConverge(rest.to_sql()).into())
        }
    }
    .await;
    let _ = admin
        .batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            Ident(&scratch)
        ))
        .await;
    result
}
