//! Collations in the schemas read: their query and the model built from the rows.
//!
//! Where the server keeps an ICU locale moved between versions (`collcollate` on 13 and
//! 14, `colliculocale` on 15 and 16, `colllocale` from 17), and ICU rules exist from 16:
//! the row is read through `to_jsonb`, so one query serves every version and a column the
//! server lacks reads as NULL.

use dibs_schema::{Collation, CollationProvider, QualifiedName, Schema};
use tokio_postgres::Row;

use super::cell::named;
use crate::error::DbError;

/// Collations in the schemas `$1` that no extension owns, with what uses each (columns,
/// indexes, domains, views…, described by the server): what a changed definition would
/// have to drop.
pub const COLLATIONS: &str = "
    SELECT n.nspname::text AS schema, co.collname::text AS name,
           co.collprovider::text AS provider,
           COALESCE(x.j ->> 'colllocale', x.j ->> 'colliculocale') AS locale,
           co.collcollate::text AS lc_collate, co.collctype::text AS lc_ctype,
           co.collisdeterministic AS deterministic, x.j ->> 'collicurules' AS rules,
           ds.description AS comment,
           ARRAY(SELECT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
                   FROM pg_catalog.pg_depend d
                  WHERE d.refclassid = 'pg_catalog.pg_collation'::pg_catalog.regclass
                    AND d.refobjid = co.oid AND d.deptype = 'n'
                  ORDER BY 1) AS used_by
      FROM pg_catalog.pg_collation co
      JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
      CROSS JOIN LATERAL (SELECT pg_catalog.to_jsonb(co) AS j) x
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = co.oid
           AND ds.classoid = 'pg_catalog.pg_collation'::pg_catalog.regclass
     WHERE n.nspname = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                        WHERE e.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass
                          AND e.objid = co.oid AND e.deptype = 'e' OFFSET 0)
     ORDER BY 1, 2";

pub(super) fn collations(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let collation = collation(row)?;
        schema.collations.insert(collation.name.clone(), collation);
    }
    Ok(())
}

fn collation(row: &Row) -> Result<Collation, DbError> {
    let name = QualifiedName::new(
        named::<String>(row, "schema", "a collation")?,
        named::<String>(row, "name", "a collation")?,
    );
    let described = format!("collation {name}");
    let provider: String = named(row, "provider", &described)?;
    let provider = match provider.as_str() {
        "c" => CollationProvider::Libc,
        "i" => CollationProvider::Icu,
        "b" => CollationProvider::Builtin,
        other => {
            return Err(DbError::Client {
                doing: format!("reading {described}"),
                reason: format!("unknown collation provider {other:?}"),
            });
        }
    };
    Ok(Collation {
        provider,
        locale: named(row, "locale", &described)?,
        lc_collate: named(row, "lc_collate", &described)?,
        lc_ctype: named(row, "lc_ctype", &described)?,
        deterministic: named(row, "deterministic", &described)?,
        rules: named(row, "rules", &described)?,
        comment: named(row, "comment", &described)?,
        used_by: named(row, "used_by", &described)?,
        name,
    })
}
