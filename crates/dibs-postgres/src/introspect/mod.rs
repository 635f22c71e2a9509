//! Reading a live database into the schema model, from pg_catalog, with a fixed number of
//! queries run in one read-only snapshot.

mod build;
mod defaults;
mod index_def;
mod queries;

use dibs_schema::Schema;
use tokio_postgres::Client;

use crate::error::DbError;

/// What to read.
#[derive(Debug, Clone)]
pub struct IntrospectOptions {
    /// Schemas under management; objects elsewhere are ignored.
    pub schemas: Vec<String>,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        IntrospectOptions {
            schemas: vec!["public".to_string()],
        }
    }
}

/// Reads the schema of the database `client` is connected to.
pub async fn introspect(
    client: &mut Client,
    options: &IntrospectOptions,
) -> Result<Schema, DbError> {
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(|e| DbError::query("starting the introspection transaction", e))?;
    tx.batch_execute("SET LOCAL search_path = ''")
        .await
        .map_err(|e| DbError::query("setting search_path for introspection", e))?;
    let schemas = &options.schemas;
    let q = |sql: &'static str, what: &'static str| {
        let tx = &tx;
        async move {
            tx.query(sql, &[schemas])
                .await
                .map_err(|e| DbError::query(format!("reading {what} from pg_catalog"), e))
        }
    };
    // Pipelined on the one connection: the round trips overlap.
    let (tables, columns, constraints, indexes, enums, domains) = tokio::try_join!(
        q(queries::TABLES, "tables"),
        q(queries::COLUMNS, "columns"),
        q(queries::CONSTRAINTS, "constraints"),
        q(queries::INDEXES, "indexes"),
        q(queries::ENUMS, "enum types"),
        q(queries::DOMAINS, "domains"),
    )?;
    let (composites, ranges, sequences, unmanaged) = tokio::try_join!(
        q(queries::COMPOSITES, "composite types"),
        q(queries::RANGES, "range types"),
        q(queries::SEQUENCES, "sequences"),
        q(queries::UNMANAGED, "unmanaged objects"),
    )?;
    let extensions = tx
        .query(queries::EXTENSIONS, &[])
        .await
        .map_err(|e| DbError::query("reading extensions from pg_catalog", e))?;
    let stored: Vec<defaults::StoredDefault> = columns
        .iter()
        .filter_map(|row| {
            Some(defaults::StoredDefault {
                relid: row.get(0),
                attnum: row.get(16),
                tree: row.get::<_, Option<String>>(4)?,
            })
        })
        .collect();
    let deparsed = defaults::deparse(&tx, &stored).await?;
    tx.commit()
        .await
        .map_err(|e| DbError::query("ending the introspection transaction", e))?;

    let mut schema = Schema {
        schemas: options.schemas.clone(),
        ..Schema::default()
    };
    build::tables(&mut schema, &tables, &columns, &deparsed, &constraints, &indexes);
    build::enums(&mut schema, &enums);
    build::domains(&mut schema, &domains);
    build::composites(&mut schema, &composites);
    build::ranges(&mut schema, &ranges);
    build::sequences(&mut schema, &sequences);
    build::extensions(&mut schema, &extensions);
    build::unmanaged(&mut schema, &unmanaged);
    Ok(schema)
}
