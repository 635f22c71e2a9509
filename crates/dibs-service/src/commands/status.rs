//! `status` and `repair`.

use dibs_runner::State;

use crate::args::Connection;
use crate::database_url;
use crate::error::ServiceError;
use crate::settings::Settings;

pub async fn run(connection: &Connection, settings: &Settings) -> Result<u8, ServiceError> {
    let url = database_url::resolve(connection.database_url.as_deref())?;
    let migrations = dibs_runner::registered()?;
    let client = dibs_postgres::connect(&url).await?;
    let states = dibs_runner::status(&client, &migrations, &settings.history).await?;
    for (id, state) in &states {
        // The same shape `dibs status --json` reports.
        let line = dibs_proto::MigrationStatus::new(id.clone(), state);
        if connection.json {
            println!("{}", facet_json::to_string(&line).unwrap_or_default());
        } else {
            println!(
                "{:<9} {id}{}",
                line.state.label(),
                line.applied_at
                    .map(|a| format!("  ({a})"))
                    .unwrap_or_default()
            );
        }
    }
    if !connection.json
        && states
            .iter()
            .any(|(_, s)| matches!(s, State::Modified { .. }))
    {
        eprintln!(
            "modified migrations are refused by migrate; if the edit is intended, run `repair --migration ID`"
        );
    }
    Ok(0)
}

pub async fn repair(
    connection: &Connection,
    settings: &Settings,
    id: &str,
) -> Result<u8, ServiceError> {
    let url = database_url::resolve(connection.database_url.as_deref())?;
    let migrations = dibs_runner::registered()?;
    let client = dibs_postgres::connect(&url).await?;
    dibs_runner::repair(&client, &migrations, &settings.history, id).await?;
    println!("Recorded the current checksum of {id}.");
    Ok(0)
}
