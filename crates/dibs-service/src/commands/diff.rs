//! `diff`: the schema declared in this crate against the database.

use dibs_postgres::{IntrospectOptions, connect, introspect, normalize, with_database};
use dibs_schema::{Schema, plan};

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
    declared.manages_privileges = settings.privileges;
    declared.manages_owners = settings.owner.is_some();
    let mut client = connect(url).await?;
    let current = introspect(&mut client, &introspect_options(settings)).await?;
    let mut code = normalize_in_scratch(&client, url, &declared).await?;
    if let Some(role) = &settings.owner {
        // Everything declared is to be owned by the one role.
        for owner in &mut code.owners {
            owner.role = role.clone();
        }
    }
    compare(current, code, settings)
}

/// What the settings say to read of a database.
pub fn introspect_options(settings: &Settings) -> IntrospectOptions {
    IntrospectOptions {
        schemas: settings.schemas.clone(),
        privileges: settings.privileges,
        owners: settings.owner.is_some(),
    }
}

/// The plan from `current` to `wanted`, leaving alone what the settings exclude (the
/// history tables among them).
pub fn compare(
    mut current: Schema,
    mut wanted: Schema,
    settings: &Settings,
) -> Result<dibs_schema::Plan, ServiceError> {
    for schema in [&mut current, &mut wanted] {
        schema.tables.retain(|name, _| !settings.ignores(name));
        schema
            .publications
            .retain(|p| !settings.ignore_publications.contains(&p.name));
    }
    Ok(plan(&current, &wanted)?)
}

/// Normalizes the declared schema in a scratch database on the same server, dropped after
/// (and by the next diff, if this one is killed: see `dibs_postgres::scratch`).
async fn normalize_in_scratch(
    admin: &tokio_postgres::Client,
    url: &str,
    declared: &Schema,
) -> Result<Schema, ServiceError> {
    let name = create_scratch(admin).await?;
    let result = async {
        let mut scratch = connect(&with_database(url, &name)).await?;
        let normalized = normalize(&mut scratch, declared).await;
        drop(scratch);
        normalized
    }
    .await;
    let _ = dibs_postgres::scratch::drop(admin, &name).await;
    Ok(result?)
}

/// A scratch database on the admin connection's server; the caller drops it.
pub async fn create_scratch(admin: &tokio_postgres::Client) -> Result<String, ServiceError> {
    dibs_postgres::scratch::create(admin)
        .await
        .map_err(|e| ServiceError::Scratch {
            reason: error_chain(&e),
        })
}

pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}
