//! INVALID indexes: what a `CREATE INDEX CONCURRENTLY` (or `REINDEX CONCURRENTLY`) leaves
//! behind when it fails or its runner is killed. Postgres keeps maintaining such an index
//! on every write but never reads it, and `CREATE INDEX CONCURRENTLY IF NOT EXISTS` skips
//! it, so a rerun would record a migration as applied over a broken index.
//!
//! The runner therefore drops abandoned INVALID indexes before a migration that runs
//! outside a transaction (where concurrent builds happen), and refuses to record such a
//! migration as applied if it leaves one behind.

use tokio_postgres::Client;

use crate::history::{rows, text};
use dibs_postgres::DbError;
use dibs_schema::Ident;

/// INVALID plain indexes nobody is building right now. Partitioned indexes (relkind `I`)
/// are left alone: `CREATE INDEX … ON ONLY` makes them INVALID on purpose until each
/// partition's index is attached.
const ABANDONED: &str = "
    SELECT n.nspname, c.relname
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT i.indisvalid AND c.relkind = 'i'
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_stat_progress_create_index p
                        WHERE p.index_relid = i.indexrelid)
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
     ORDER BY 1, 2";

/// Abandoned INVALID indexes, as quoted `schema.name`.
pub async fn abandoned(client: &Client) -> Result<Vec<String>, DbError> {
    let found = rows(client, ABANDONED, "looking for INVALID indexes").await?;
    Ok(found
        .iter()
        .filter_map(|r| Some(format!("{}.{}", Ident(&text(r, 0)?), Ident(&text(r, 1)?))))
        .collect())
}

/// Drops each abandoned INVALID index without blocking writes; returns their names.
pub async fn drop_abandoned(client: &Client) -> Result<Vec<String>, DbError> {
    let indexes = abandoned(client).await?;
    for index in &indexes {
        let sql = format!("DROP INDEX CONCURRENTLY IF EXISTS {index}");
        client
            .batch_execute(&sql)
            .await
            .map_err(|e| DbError::query(format!("dropping the INVALID index {index}"), e))?;
    }
    Ok(indexes)
}
