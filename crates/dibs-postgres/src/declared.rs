//! Building declared functions, triggers and views in the scratch database.
//!
//! Declarations are SQL, and their order is not known before they exist: a trigger needs
//! its function and table, a view the views it reads. So each is run on its own, those
//! the server refuses are tried again after the others, until a pass builds nothing more;
//! what is left is an error naming the declaration and the server's reason. Bodies are
//! created unchecked (as pg_dump does) and validated once everything exists.

use dibs_schema::{DeclaredKind, Schema, SqlDeclaration};
use tokio_postgres::Client;

use crate::error::{DbError, ServerError};
use crate::introspect::cell::at;

type Pending<'a> = Vec<(&'a SqlDeclaration, Option<String>)>;

/// Every declaration starts with the keywords of its kind.
pub fn check_kinds(declarations: &[SqlDeclaration]) -> Result<(), DbError> {
    for declaration in declarations {
        if !declaration.kind.matches(&declaration.sql) {
            let expected = match declaration.kind {
                DeclaredKind::Collation => "CREATE COLLATION",
                DeclaredKind::Function => "CREATE FUNCTION, CREATE PROCEDURE or CREATE AGGREGATE",
                DeclaredKind::Trigger => "CREATE TRIGGER or CREATE CONSTRAINT TRIGGER",
                DeclaredKind::Policy => "CREATE POLICY",
                DeclaredKind::Rule => "CREATE RULE",
                DeclaredKind::Statistics => "CREATE STATISTICS",
                DeclaredKind::Publication => "CREATE PUBLICATION",
                DeclaredKind::Foreign => {
                    "CREATE FOREIGN DATA WRAPPER, CREATE SERVER or CREATE FOREIGN TABLE"
                }
                DeclaredKind::Grant => "GRANT, REVOKE or ALTER DEFAULT PRIVILEGES",
                DeclaredKind::View => "CREATE VIEW",
                DeclaredKind::MaterializedView => "CREATE MATERIALIZED VIEW",
            };
            return Err(DbError::Declaration {
                declaration: declaration.to_string(),
                reason: format!(
                    "the statement must start with {expected}; declare other kinds with their own \
                     macro (dibs::function!, dibs::trigger!, dibs::policy!, dibs::collation!, dibs::publication!, dibs::grant!) or a view struct"
                ),
            });
        }
    }
    Ok(())
}

/// Runs one declaration as a single statement; the server's reason when it refuses.
async fn build_one(scratch: &Client, declaration: &SqlDeclaration) -> Option<String> {
    match scratch.execute(declaration.sql.as_str(), &[]).await {
        Ok(_) => None,
        Err(err) => Some(match ServerError::from_client(&err) {
            Some(server)
                if server.code == "42601" && server.message.contains("multiple commands") =>
            {
                "a declaration is one statement; declare each object on its own".to_string()
            }
            Some(server) => server.to_string(),
            None => err.to_string(),
        }),
    }
}

/// Builds each declaration once; returns those the server refused, with its reason.
pub async fn build_what_builds<'a>(
    scratch: &Client,
    declarations: Vec<&'a SqlDeclaration>,
) -> Pending<'a> {
    let mut left = Vec::new();
    for declaration in declarations {
        if let Some(reason) = build_one(scratch, declaration).await {
            left.push((declaration, Some(reason)));
        }
    }
    left
}

/// Passes over `pending` until all are built or a pass builds nothing.
pub async fn build_until_stuck<'a>(scratch: &Client, mut pending: Pending<'a>) -> Pending<'a> {
    loop {
        let before = pending.len();
        let declarations = pending.into_iter().map(|(d, _)| d).collect();
        pending = build_what_builds(scratch, declarations).await;
        if pending.is_empty() || pending.len() == before {
            return pending;
        }
    }
}

/// The first declaration nothing could build, as an error.
pub fn refuse_unbuilt(pending: Pending<'_>) -> Result<(), DbError> {
    let Some((declaration, reason)) = pending.into_iter().next() else {
        return Ok(());
    };
    let reason = reason.unwrap_or_default();
    let fix = if reason.contains("role \"") && reason.contains("does not exist") {
        "create the role on the server first (CREATE ROLE …): dibs does not manage roles, and \
         every database the schema is applied to needs it"
    } else {
        "fix the statement: every object it names must be declared in the db crate (or be \
         built in)"
    };
    Err(DbError::Declaration {
        declaration: declaration.to_string(),
        reason: format!("the scratch database refused it: {reason}\n  {fix}"),
    })
}

/// Runs each language's validator over the functions built, with body checks on: a body
/// that does not compile names its function.
pub async fn validate_bodies(
    scratch: &Client,
    declarations: &[SqlDeclaration],
) -> Result<(), DbError> {
    if !declarations
        .iter()
        .any(|d| d.kind == DeclaredKind::Function)
    {
        return Ok(());
    }
    let failed = |e| DbError::query("validating declared function bodies", e);
    let rows = scratch
        .query(
            "SELECT p.oid,
                    pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)
                      || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
                    l.lanvalidator::pg_catalog.regproc::text
               FROM pg_catalog.pg_proc p
               JOIN pg_catalog.pg_language l ON l.oid = p.prolang
               JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              WHERE l.lanvalidator <> 0 AND p.prokind IN ('f', 'p', 'w')
                AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                   AND d.objid = p.oid AND d.deptype IN ('e', 'i'))",
            &[],
        )
        .await
        .map_err(failed)?;
    scratch
        .batch_execute("SET check_function_bodies = on")
        .await
        .map_err(failed)?;
    for row in rows {
        let what = &"a declared function's language validator";
        let (oid, function, validator): (u32, String, String) =
            (at(&row, 0, what)?, at(&row, 1, what)?, at(&row, 2, what)?);
        // The validator's name comes from the catalog (`plpgsql_validator`), not from users.
        let sql = format!("SELECT {validator}($1)");
        if let Err(err) = scratch.execute(sql.as_str(), &[&oid]).await {
            let reason = ServerError::from_client(&err)
                .map(|s| s.to_string())
                .unwrap_or_else(|| err.to_string());
            return Err(DbError::Declaration {
                declaration: format!("the declared function {function}"),
                reason: format!("its body does not compile: {reason}\n  fix the function's SQL"),
            });
        }
    }
    Ok(())
}

/// A view declared by a struct has the struct's columns, in order, of matching types.
pub fn check_view_columns(
    normalized: &Schema,
    declarations: &[SqlDeclaration],
) -> Result<(), DbError> {
    for declaration in declarations {
        let Some(name) = &declaration.view else {
            continue;
        };
        let Some(view) = normalized.views.get(name) else {
            return Err(DbError::Declaration {
                declaration: declaration.to_string(),
                reason: format!("it did not create view {name}; check dibs::view and dibs::schema"),
            });
        };
        let matches = view.columns.len() == declaration.columns.len()
            && view
                .columns
                .iter()
                .zip(&declaration.columns)
                .all(|(real, declared)| {
                    real.name == declared.name && same_type_family(&real.ty, &declared.ty)
                });
        if !matches {
            let list = |columns: Vec<(&str, &str)>| {
                columns
                    .iter()
                    .map(|(n, t)| format!("{n} {t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let real = list(
                view.columns
                    .iter()
                    .map(|c| (c.name.as_str(), c.ty.as_str()))
                    .collect(),
            );
            let declared = list(
                declaration
                    .columns
                    .iter()
                    .map(|c| (c.name.as_str(), c.ty.as_str()))
                    .collect(),
            );
            return Err(DbError::Declaration {
                declaration: declaration.to_string(),
                reason: format!(
                    "view {name} has columns ({real}) but the struct declares ({declared}); make \
                     the struct's fields match the query's columns in name, order and type, or \
                     alias the query's columns"
                ),
            });
        }
    }
    Ok(())
}

/// Types a struct field can read: the same type, ignoring modifiers, with the string
/// types as one family (a `String` reads varchar and char).
fn same_type_family(real: &str, declared: &str) -> bool {
    let base = |ty: &str| -> String {
        let array = ty.ends_with("[]");
        let stem = ty.trim_end_matches("[]");
        let stem = stem.split('(').next().unwrap_or(stem).trim();
        let stem = match stem {
            "character varying" | "character" | "varchar" | "char" | "bpchar" | "name" => "text",
            other => other,
        };
        format!("{stem}{}", if array { "[]" } else { "" })
    };
    base(real) == base(declared)
}
