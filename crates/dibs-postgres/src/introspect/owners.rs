//! Owners of the managed objects (`relowner`, `proowner`, …), read only when owners are
//! compared. Objects an extension owns are left out, and so are those that follow another
//! object's owner: sequences owned by a column, indexes, a table's row type, arrays.

use dibs_schema::{FunctionName, OwnedObject, Owner, QualifiedName, Schema};
use tokio_postgres::Row;

use super::cell::at;
use crate::error::DbError;

/// One row per owned object: kind, schema, name, identity arguments (routines), owner.
/// `$1` is the compared schemas.
pub const OWNERS: &str = "
    SELECT x.kind, x.schema, x.name, x.sub, pg_catalog.pg_get_userbyid(x.owner)::text
      FROM (
        SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                              WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table'
                              ELSE 'table' END AS kind,
               n.nspname::text AS schema, c.relname::text AS name, NULL::text AS sub,
               c.relowner AS owner,
               'pg_catalog.pg_class'::pg_catalog.regclass AS classid, c.oid AS objid
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY($1)
           AND c.relname NOT LIKE '\\_\\_dibs\\_%'
           AND NOT (c.relkind = 'S' AND EXISTS (
                 SELECT 1 FROM pg_catalog.pg_depend sd
                  WHERE sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    AND sd.objid = c.oid AND sd.deptype IN ('a', 'i')
                    AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass))
        UNION ALL
        SELECT 'routine', n.nspname::text, p.proname::text,
               pg_catalog.pg_get_function_identity_arguments(p.oid), p.proowner,
               'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname::text,
               t.typname::text, NULL, t.typowner, 'pg_catalog.pg_type'::pg_catalog.regclass,
               t.oid
          FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
          LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
         WHERE n.nspname = ANY($1)
           AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
        UNION ALL
        SELECT 'schema', n.nspname::text, NULL, NULL, n.nspowner,
               'pg_catalog.pg_namespace'::pg_catalog.regclass, n.oid
          FROM pg_catalog.pg_namespace n
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'collation', n.nspname::text, co.collname::text, NULL, co.collowner,
               'pg_catalog.pg_collation'::pg_catalog.regclass, co.oid
          FROM pg_catalog.pg_collation co
          JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'statistics', n.nspname::text, s.stxname::text, NULL, s.stxowner,
               'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_statistic_ext s
          JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'publication', NULL, p.pubname::text, NULL, p.pubowner,
               'pg_catalog.pg_publication'::pg_catalog.regclass, p.oid
          FROM pg_catalog.pg_publication p
        UNION ALL
        SELECT 'server', NULL, s.srvname::text, NULL, s.srvowner,
               'pg_catalog.pg_foreign_server'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_foreign_server s
        UNION ALL
        SELECT 'event trigger', NULL, e.evtname::text, NULL, e.evtowner,
               'pg_catalog.pg_event_trigger'::pg_catalog.regclass, e.oid
          FROM pg_catalog.pg_event_trigger e
      ) x
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = x.classid AND d.objid = x.objid
                          AND d.deptype IN ('e', 'i') OFFSET 0)
     ORDER BY 1, 2, 3, 4";

/// The role reading: the owner of what a plan against this database creates.
pub const CURRENT_ROLE: &str = "SELECT current_user::text";

/// Owners of the objects the model holds (publications and event triggers are read for
/// the whole database, and kept only when the model has them).
pub fn owners(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    let mut owners = Vec::new();
    for row in rows {
        let what = &"an object's owner";
        let kind: String = at(row, 0, what)?;
        let namespace: Option<String> = at(row, 1, what)?;
        let name: Option<String> = at(row, 2, what)?;
        let qualified = || -> Result<QualifiedName, DbError> {
            match (&namespace, &name) {
                (Some(s), Some(n)) => Ok(QualifiedName::new(s.clone(), n.clone())),
                _ => Err(unexpected(&kind)),
            }
        };
        let object = match kind.as_str() {
            "table" => OwnedObject::Table(qualified()?),
            "view" => OwnedObject::View(qualified()?),
            "materialized view" => OwnedObject::MaterializedView(qualified()?),
            "sequence" => OwnedObject::Sequence(qualified()?),
            "routine" => OwnedObject::Routine(FunctionName {
                name: qualified()?,
                arguments: at(row, 3, what)?,
            }),
            "type" => OwnedObject::Type(qualified()?),
            "domain" => OwnedObject::Domain(qualified()?),
            "schema" => OwnedObject::Schema(namespace.clone().ok_or_else(|| unexpected(&kind))?),
            "collation" => OwnedObject::Collation(qualified()?),
            "statistics" => OwnedObject::Statistics(qualified()?),
            "publication" => {
                OwnedObject::Publication(name.clone().ok_or_else(|| unexpected(&kind))?)
            }
            "foreign table" => OwnedObject::ForeignTable(qualified()?),
            "server" => OwnedObject::Server(name.clone().ok_or_else(|| unexpected(&kind))?),
            "event trigger" => {
                OwnedObject::EventTrigger(name.clone().ok_or_else(|| unexpected(&kind))?)
            }
            _ => return Err(unexpected(&kind)),
        };
        if !in_model(schema, &object) {
            continue;
        }
        owners.push(Owner {
            object,
            role: at(row, 4, what)?,
        });
    }
    schema.owners = owners;
    Ok(())
}

/// Whether the model holds the object (an aggregate's or a trigger-less database's
/// objects that dibs does not read are not compared by owner either).
fn in_model(schema: &Schema, object: &OwnedObject) -> bool {
    match object {
        OwnedObject::Table(name) => schema.tables.contains_key(name),
        OwnedObject::View(name) | OwnedObject::MaterializedView(name) => {
            schema.views.contains_key(name)
        }
        OwnedObject::Sequence(name) => schema.sequences.contains_key(name),
        OwnedObject::Routine(name) => schema.functions.contains_key(name),
        OwnedObject::Type(name) => {
            schema.enums.contains_key(name)
                || schema.composites.contains_key(name)
                || schema.ranges.contains_key(name)
        }
        OwnedObject::Domain(name) => schema.domains.contains_key(name),
        OwnedObject::Schema(name) => schema.schemas.contains(name),
        OwnedObject::Collation(name) => schema.collations.contains_key(name),
        OwnedObject::Statistics(name) => schema.statistics.contains_key(name),
        OwnedObject::Publication(name) => schema.publications.iter().any(|p| &p.name == name),
        OwnedObject::EventTrigger(name) => schema.event_triggers.iter().any(|t| &t.name == name),
        OwnedObject::ForeignTable(name) => schema.foreign_tables.contains_key(name),
        OwnedObject::Server(name) => schema.foreign_servers.iter().any(|s| &s.name == name),
    }
}

fn unexpected(kind: &str) -> DbError {
    DbError::Client {
        doing: "reading owners from pg_catalog".into(),
        reason: format!("unexpected owned object of kind {kind:?}"),
    }
}
