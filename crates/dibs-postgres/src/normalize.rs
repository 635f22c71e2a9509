//! Normalizing a code-side schema the way the server stores it.
//!
//! Types, defaults, checks and index keys written in Rust attributes (`varchar(64)`,
//! `CURRENT_TIMESTAMP`, `price > 0`) are created in an empty scratch database and read
//! back, so the server's own deparser (format_type, pg_get_expr, pg_get_indexdef) decides
//! their text, exactly as for the database side of a diff.

use dibs_schema::{Schema, plan};
use tokio_postgres::Client;

use crate::apply::apply_statements;
use crate::error::DbError;
use crate::introspect::{IntrospectOptions, introspect};

/// Creates `code` in the empty database behind `scratch` and returns it as the server reads it,
/// keeping code-only facts (`renamed_from`).
pub async fn normalize(scratch: &mut Client, code: &Schema) -> Result<Schema, DbError> {
    let options = IntrospectOptions {
        schemas: code.schemas.clone(),
    };
    let empty = Schema {
        schemas: vec!["public".to_string()],
        ..Schema::default()
    };
    let creation = plan(&empty, code).map_err(|e| DbError::Client {
        doing: "ordering the declared schema".into(),
        reason: e.to_string(),
    })?;
    apply_statements(scratch, creation.statements()).await?;
    let mut normalized = introspect(scratch, &options).await?;
    for (name, table) in &mut normalized.tables {
        let Some(declared) = code.tables.get(name) else {
            continue;
        };
        table.renamed_from = declared.renamed_from.clone();
        for column in &mut table.columns {
            column.renamed_from = declared
                .column(&column.name)
                .and_then(|c| c.renamed_from.clone());
        }
    }
    Ok(normalized)
}
