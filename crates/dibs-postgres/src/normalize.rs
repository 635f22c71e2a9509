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
        owners: code.manages_owners,
    };
    let empty = Schema {
        schemas: vec!["public".to_string()],
        ..Schema::default()
    };
    let creation = plan(&empty, code).map_err(|e| DbError::Client {
        doing: "ordering the declared schema".into(),
        reason: e.to_string(),
    })?;
    // Schemas and extensions first; then default privileges, so that declared objects get
    // them as in a database where they were set before; then collations, which columns
    // use, and functions: defaults and checks may call them. Functions that need the
    // tables (a SQL-standard body, a table's row type) are tried again after.
    let (namespaces, tables): (Vec<_>, Vec<_>) = creation.changes.iter().partition(|c| {
        matches!(
            c.change,
            dibs_schema::Change::CreateSchema { .. } | dibs_schema::Change::CreateExtension(_)
        )
    });
    let sql_of = |changes: Vec<&dibs_schema::PlannedChange>| -> Vec<String> {
        changes.into_iter().flat_map(|c| c.sql.clone()).collect()
    };
    let (namespaces, tables) = (sql_of(namespaces), sql_of(tables));
    use dibs_schema::DeclaredKind::{Collation, Function};
    let declarations = |wanted: &dyn Fn(&dibs_schema::SqlDeclaration) -> bool| -> Vec<_> {
        code.declarations.iter().filter(|d| wanted(d)).collect()
    };
    let defaults = declarations(&|d| d.sets_default_privileges());
    let collations = declarations(&|d| d.kind == Collation);
    let functions = declarations(&|d| d.kind == Function);
    let others =
        declarations(&|d| !d.sets_default_privileges() && !matches!(d.kind, Collation | Function));
    scratch
        .batch_execute("SET check_function_bodies = off")
        .await
        .map_err(|e| DbError::query("preparing the scratch database", e))?;
    apply_statements(scratch, namespaces.iter().map(String::as_str)).await?;
    let mut pending = declared::build_what_builds(scratch, defaults).await;
    // Nothing a collation names is built later: the tables would only fail on it.
    declared::refuse_unbuilt(declared::build_what_builds(scratch, collations).await)?;
    pending.extend(declared::build_what_builds(scratch, functions).await);
    apply_statements(scratch, tables.iter().map(String::as_str)).await?;
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
