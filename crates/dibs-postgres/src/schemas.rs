//! Which schemas a database-to-database diff compares when none are named: every user
//! schema, as migra and pg_dump do.

use tokio_postgres::Client;

use crate::error::DbError;

/// The user schemas of the database behind `client`: all but the system ones
/// (`pg_*`, `information_schema`) and those an extension created.
pub async fn user_schemas(client: &Client) -> Result<Vec<String>, DbError> {
    let rows = client
        .query(
            "SELECT n.nspname::text FROM pg_catalog.pg_namespace n
              WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                   AND d.objid = n.oid AND d.deptype = 'e')
              ORDER BY 1",
            &[],
        )
        .await
        .map_err(|e| DbError::query("listing the database's schemas", e))?;
    rows.iter()
        .map(|row| {
            row.try_get(0).map_err(|e| DbError::Client {
                doing: "listing the database's schemas".into(),
                reason: e.to_string(),
            })
        })
        .collect()
}
