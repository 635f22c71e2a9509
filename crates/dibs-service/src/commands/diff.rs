//! `diff`: the schema declared in this crate against the database.

use dibs_postgres::{IntrospectOptions, connect, introspect, normalize, with_database};
use dibs_schema::{Ident, Schema, plan};

use crate::args::Connection;
use crate::database_url;
use crate::error::ServiceError;
use crate::settings::Settings;

pub async fn run(connection: &Connection, settings: &Settings) -> Result<u8, ServiceError> {
    let url = database_url::resolve(connection.database_url.as_deref())?;
    let plan = plan_against(&url, settings).await?;
    if connection.json {
        println!(
            "{}",
            facet_json::to_string_pretty(&plan).unwrap_or_default()
        );
    } else if plan.is_empty() {
        println!("In sync: the database matches the declared schema.");
    } else {
        print!("{}", plan.to_sql());
    }
    Ok(if plan.is_empty() {
        0
    } else {
        crate::EXIT_DRIFT
    })
}

/// The plan from the database at `url` to the schema declared in this binary.
pub async fn plan_against(
    url: &str,
    settings: &Settings,
) -> Result<dibs_schema::Plan, ServiceError> {
    let mut declared = dibs::collect_schema().map_err(ServiceError::Declarations)?;
    if declared.tables.is_empty() {
        // Diffing against nothing would propose dropping every table.
        return Err(ServiceError::NoTables);
    }
    declared.schemas = settings.schemas.clone();
    let mut client = connect(url).await?;
    let options = IntrospectOptions {
        schemas: settings.schemas.clone(),
    };
    let mut current = introspect(&mut client, &options).await?;
    let mut code = normalize_in_scratch(&client, url, &declared).await?;
    current.tables.retain(|name, _| !settings.ignores(name));
    code.tables.retain(|name, _| !settings.ignores(name));
    Ok(plan(&current, &code)?)
}

/// Normalizes the declared schema in a scratch database on the same server, dropped after.
async fn normalize_in_scratch(
    admin: &tokio_postgres::Client,
    url: &str,
    declared: &Schema,
) -> Result<Schema, ServiceError> {
    let name = format!("dibs_scratch_{}_{}", std::process::id(), nanos());
    let scratch_error = |e: tokio_postgres::Error| ServiceError::Scratch {
        reason: e.to_string(),
    };
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {} TEMPLATE template0",
            Ident(&name)
        ))
        .await
        .map_err(scratch_error)?;
    let result = async {
        let mut scratch = connect(&with_database(url, &name)).await?;
        let normalized = normalize(&mut scratch, declared).await;
        drop(scratch);
        normalized
    }
    .await;
    let _ = admin
        .batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            Ident(&name)
        ))
        .await;
    Ok(result?)
}

fn nanos() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}
