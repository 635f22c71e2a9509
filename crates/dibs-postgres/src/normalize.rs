//! Normalizing a code-side schema the way the server stores it.
//!
//! Types, defaults, checks and index keys written in Rust attributes (`varchar(64)`,
//! `CURRENT_TIMESTAMP`, `price > 0`) are created in an empty scratch database and read
//! back, so the server's own deparser (format_type, pg_get_expr, pg_get_indexdef) decides
//! their text, exactly as for the database side of a diff. Declared functions, triggers
//! and views are run there too (`declared.rs`), and their catalog edges come back with
//! them.

use dibs_schema::{Schema, plan};
use tokio_postgres::Client;

use crate::apply::apply_statements;
use crate::declared;
use crate::error::DbError;
use crate::introspect::{IntrospectOptions, introspect};

/// Creates `code` in the empty database behind `scratch` and returns it as the server reads it,
/// keeping code-only facts (`renamed_from`).
pub async fn normalize(scratch: &mut Client, code: &Schema) -> Result<Schema, DbError> {
    declared::check_kinds(&code.declarations)?;
    if !code.manages_privileges
        && let Some(grant) = code
            .declarations
            .iter()
            .find(|d| d.kind == dibs_schema::DeclaredKind::Grant)
    {
        return Err(DbError::Declaration {
            declaration: grant.to_string(),
            reason: "privileges are not managed by this db crate, so the grant would be \
                     ignored; turn them on with `privileges: true` in the dibs_service::Settings \
                     its main passes"
                .into(),
        });
    }
    let options = IntrospectOptions {
        schemas: code.schemas.clone(),
        privileges: code.manages_privileges,
    };
    let empty = Schema {
        schemas: vec!["public".to_string()],
        ..Schema::default()
    };
    let creation = plan(&empty, code).map_err(|e| DbError::Client {
        doing: "ordering the declared schema".into(),
        reason: e.to_string(),
    })?;
    // Default privileges first, so that declared objects get them as in a database where
    // they were set before; then functions: defaults and checks may call them. Those that
    // need the tables (a SQL-standard body, a table's row type) are tried again after.
    let (first, others): (Vec<_>, Vec<_>) = code.declarations.iter().partition(|d| {
        d.kind == dibs_schema::DeclaredKind::Function || d.sets_default_privileges()
    });
    let (mut functions, defaults): (Vec<_>, Vec<_>) = first
        .into_iter()
        .partition(|d| !d.sets_default_privileges());
    functions.splice(0..0, defaults);
    scratch
        .batch_execute("SET check_function_bodies = off")
        .await
        .map_err(|e| DbError::query("preparing the scratch database", e))?;
    let mut pending = declared::build_what_builds(scratch, functions).await;
    apply_statements(scratch, creation.statements()).await?;
    pending.extend(others.into_iter().map(|d| (d, None)));
    let pending = declared::build_until_stuck(scratch, pending).await;
    declared::refuse_unbuilt(pending)?;
    let comments: Vec<String> = code
        .declarations
        .iter()
        .filter_map(|d| d.comment_sql())
        .collect();
    apply_statements(scratch, comments.iter().map(String::as_str)).await?;
    declared::validate_bodies(scratch, &code.declarations).await?;
    let mut normalized = introspect(scratch, &options).await?;
    declared::check_view_columns(&normalized, &code.declarations)?;
    // The scratch database installs whichever version it has; only a pinned one counts.
    for (name, extension) in &mut normalized.extensions {
        extension.version = code.extensions.get(name).and_then(|e| e.version.clone());
    }
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
