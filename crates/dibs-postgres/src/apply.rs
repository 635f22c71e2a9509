//! Running DDL statements one after another, stopping at the first failure with the
//! server's full error and the statement that caused it.

use tokio_postgres::Client;

use crate::error::{DbError, ServerError};

/// Executes each statement in order, each in its own implicit transaction.
///
/// One statement per round trip keeps error positions meaningful and allows statements
/// that Postgres refuses inside a transaction block (`ALTER TYPE ... ADD VALUE` used later).
pub async fn apply_statements<'a>(
    client: &Client,
    statements: impl IntoIterator<Item = &'a str>,
) -> Result<(), DbError> {
    for statement in statements {
        client.batch_execute(statement).await.map_err(|err| {
            match ServerError::from_client(&err) {
                Some(server) => DbError::Statement {
                    statement: statement.to_string(),
                    server: Box::new(server),
                },
                None => DbError::query(format!("running {statement}"), err),
            }
        })?;
    }
    Ok(())
}
