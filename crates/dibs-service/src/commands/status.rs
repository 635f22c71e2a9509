//! `status` and `repair`.

use dibs_runner::State;

use crate::args::Connection;
use crate::database_url;
use crate::error::ServiceError;

pub async fn run(connection: &Connection) -> Result<u8, ServiceError> {
    let url = database_url::resolve(connection.database_url.as_deref())?;
    let migrations = dibs_runner::registered()?;
    let client = dibs_postgres::connect(&url).await?;
    let states = dibs_runner::status(&client, &migrations).await?;
    for (id, state) in &states {
        let (label, at) = match state {
            State::Applied { applied_at } => ("applied", Some(applied_at)),
            State::Pending => ("pending", None),
            State::Modified { applied_at } => ("modified", Some(applied_at)),
            State::Missing { applied_at } => ("missing", Some(applied_at)),
        };
        if connection.json {
            // The same shape `dibs status --json` reports.
            let line = dibs_proto::MigrationStatus {
                id: id.clone(),
                state: label.to_string(),
                applied_at: at.cloned(),
            };
            println!("{}", facet_json::to_string(&line).unwrap_or_default());
        } else {
            println!(
                "{label:<9} {id}{}",
                at.map(|a| format!("  ({a})")).unwrap_or_default()
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

pub async fn repair(connection: &Connection, id: &str) -> Result<u8, ServiceError> {
    let url = database_url::resolve(connection.database_url.as_deref())?;
    let migrations = dibs_runner::registered()?;
    let client = dibs_postgres::connect(&url).await?;
    dibs_runner::repair(&client, &migrations, id).await?;
    println!("Recorded the current checksum of {id}.");
    Ok(0)
}
