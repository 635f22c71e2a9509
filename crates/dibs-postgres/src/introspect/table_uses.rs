//! What each part of a table names, from `pg_depend`: a column's type, the sequence a
//! default's `nextval` takes from, the enum a check casts to, the function an index
//! expression calls. The planner orders table changes by these edges (`Table::uses`);
//! reading them from the catalog, on both sides of a diff, is what keeps it from
//! guessing dependencies out of SQL text (`public.mood` inside `public.mood_v2`).

use std::collections::HashMap;

use dibs_schema::{ColumnRef, Dependency, FunctionName, PartUse, QualifiedName, Schema, TablePart};
use tokio_postgres::Row;

use super::cell::{at, named};
use crate::error::DbError;

/// Edges from the parts of the tables read to what they name: `c`olumn types (by the
/// tables `$1 oid[]`); what `d`efaults and generated expressions, `k` constraints and `i`
/// indexes name among the managed functions `$2 oid[]` and the sequences and types of the
/// managed schemas `$3 text[]` (found from those few objects' side, not by reading every
/// default of a big schema); and the table's own columns read by the parts with
/// expressions (generated columns' `pg_attrdef` oids `$4`, CHECK and EXCLUDE constraints
/// `$5`, indexes with expressions or a predicate `$6`; the model names the columns of the
/// others). A generated column's expression is read whole, from its `pg_attrdef` and, as
/// Postgres 13 records it, from the column itself (automatic edges). What is named is
/// resolved to `t`ype (arrays as their element), `s`equence, `r`elation (a table's row
/// type), `f`unction or own `c`olumn. Objects that belong to an
/// extension are left out: the extension is created first as a whole. Arrays are joined
/// through `unnest`, so planning does not estimate every element, and names are looked up
/// per edge (a lateral probe by oid), never by hashing whole catalogs; built-in objects
/// are pinned and never recorded.
pub const TABLE_USES: &str = "
    SELECT p.relid AS table_oid, p.part_kind, p.part_name, r.kind AS ref_kind,
           r.schema AS ref_schema, r.name AS ref_name, r.sub AS ref_sub
      FROM (
            SELECT a.attrelid AS relid, 'c' AS part_kind, a.attname::text AS part_name,
                   NULL::int2 AS part_attnum, d.refclassid, d.refobjid, d.refobjsubid, d.deptype
              FROM pg_catalog.unnest($1::pg_catalog.oid[]) u(oid)
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND d.objid = u.oid AND d.objsubid > 0 AND d.deptype = 'n'
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objid AND a.attnum = d.objsubid
            UNION ALL
            SELECT COALESCE(ad.adrelid, con.conrelid, ix.indrelid),
                   CASE WHEN ad.oid IS NOT NULL THEN 'd' WHEN con.oid IS NOT NULL THEN 'k'
                        ELSE 'i' END,
                   COALESCE(a.attname, con.conname, ic.relname)::text, a.attnum,
                   d.refclassid, d.refobjid, d.refobjsubid, d.deptype
              FROM (SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass AS class, f.oid
                      FROM pg_catalog.unnest($2::pg_catalog.oid[]) f(oid)
                    UNION ALL
                    SELECT CASE WHEN c.relkind = 'S' THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                                ELSE 'pg_catalog.pg_type'::pg_catalog.regclass END, k.oid
                      FROM pg_catalog.pg_class c
                      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                      LEFT JOIN pg_catalog.pg_type ct ON c.relkind = 'c' AND ct.oid = c.reltype
                     CROSS JOIN LATERAL (VALUES (CASE WHEN c.relkind = 'S' THEN c.oid
                                                      ELSE c.reltype END),
                                                (ct.typarray)) k(oid)
                     WHERE c.relkind IN ('S', 'c') AND n.nspname = ANY($3) AND k.oid <> 0
                    UNION ALL
                    SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, k.oid
                      FROM pg_catalog.pg_type t
                      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                     CROSS JOIN LATERAL (VALUES (t.oid), (t.typarray)) k(oid)
                     WHERE t.typtype IN ('e', 'd', 'r', 'm') AND n.nspname = ANY($3)
                       AND k.oid <> 0) named
              JOIN pg_catalog.pg_depend d ON d.refclassid = named.class AND d.refobjid = named.oid
                   AND d.deptype = 'n' AND d.classid IN ('pg_catalog.pg_attrdef'::pg_catalog.regclass, 'pg_catalog.pg_constraint'::pg_catalog.regclass, 'pg_catalog.pg_class'::pg_catalog.regclass)
              LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND ad.oid = d.objid
              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              LEFT JOIN pg_catalog.pg_constraint con ON d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND con.oid = d.objid
              LEFT JOIN pg_catalog.pg_index ix ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND d.objsubid = 0 AND ix.indexrelid = d.objid
              LEFT JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
             WHERE COALESCE(ad.adrelid, con.conrelid, ix.indrelid) IS NOT NULL
            UNION ALL
            SELECT ad.adrelid, 'd', a.attname::text, a.attnum, d.refclassid, d.refobjid,
                   d.refobjsubid, 'n'
              FROM pg_catalog.unnest($4::pg_catalog.oid[]) u(oid)
              JOIN pg_catalog.pg_attrdef ad ON ad.oid = u.oid
              JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              JOIN pg_catalog.pg_depend d
                   ON (d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND d.objid = u.oid)
                   OR (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.objid = ad.adrelid AND d.objsubid = ad.adnum AND d.deptype = 'a')
            UNION ALL
            SELECT con.conrelid, 'k', con.conname::text, NULL, d.refclassid, d.refobjid,
                   d.refobjsubid, d.deptype
              FROM pg_catalog.unnest($5::pg_catalog.oid[]) u(oid)
              JOIN pg_catalog.pg_constraint con ON con.oid = u.oid
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND d.objid = u.oid
                   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = con.conrelid
            UNION ALL
            SELECT ix.indrelid, 'i', ic.relname::text, NULL, d.refclassid, d.refobjid,
                   d.refobjsubid, d.deptype
              FROM pg_catalog.unnest($6::pg_catalog.oid[]) u(oid)
              JOIN pg_catalog.pg_index ix ON ix.indexrelid = u.oid
              JOIN pg_catalog.pg_class ic ON ic.oid = u.oid
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = u.oid
                   AND d.objsubid = 0 AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = ix.indrelid
      ) p
     CROSS JOIN LATERAL (
            SELECT 'c' AS kind, n.nspname::text AS schema, c.relname::text AS name,
                   a.attname::text AS sub, 'pg_catalog.pg_class'::pg_catalog.regclass AS class, c.oid
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE p.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND p.refobjid = p.relid
               AND p.refobjsubid > 0 AND p.refobjsubid IS DISTINCT FROM p.part_attnum
               AND a.attrelid = p.relid AND a.attnum = p.refobjsubid
            UNION ALL
            SELECT 's', n.nspname::text, c.relname::text, NULL, 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE p.deptype = 'n' AND p.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
               AND c.oid = p.refobjid AND c.relkind = 'S'
            UNION ALL
            SELECT CASE WHEN tc.oid IS NULL THEN 't' ELSE 'r' END,
                   COALESCE(tcn.nspname, etn.nspname)::text, COALESCE(tc.relname, et.typname)::text,
                   NULL, 'pg_catalog.pg_type'::pg_catalog.regclass, et.oid
              FROM pg_catalog.pg_type rt
              JOIN pg_catalog.pg_type et ON et.oid = CASE
                   WHEN rt.typcategory = 'A' AND rt.typelem <> 0 THEN rt.typelem ELSE rt.oid END
              JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
              LEFT JOIN pg_catalog.pg_class tc ON tc.oid = et.typrelid AND tc.relkind <> 'c'
              LEFT JOIN pg_catalog.pg_namespace tcn ON tcn.oid = tc.relnamespace
             WHERE p.deptype = 'n' AND p.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt.oid = p.refobjid
            UNION ALL
            SELECT 'f', n.nspname::text, f.proname::text,
                   pg_catalog.pg_get_function_identity_arguments(f.oid), 'pg_catalog.pg_proc'::pg_catalog.regclass, f.oid
              FROM pg_catalog.pg_proc f
              JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace
             WHERE p.deptype = 'n' AND p.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND f.oid = p.refobjid
           ) r
     WHERE r.schema NOT IN ('pg_catalog', 'information_schema')
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
                        WHERE e.classid = r.class AND e.objid = r.oid AND e.deptype = 'e' OFFSET 0)
     ORDER BY 1, 2, 3, 4, 5, 6, 7";

/// The parts with expressions, whose own-column edges [`TABLE_USES`] reads: `$4`, `$5`
/// and `$6`.
#[derive(Default)]
pub(crate) struct ExpressionParts {
    pub generated_defaults: Vec<u32>,
    pub constraints: Vec<u32>,
    pub indexes: Vec<u32>,
}

impl ExpressionParts {
    /// From the second round's rows: generated columns' defaults, CHECK and EXCLUDE
    /// constraints, indexes with expressions or a predicate.
    pub(crate) fn of(catalog: &super::Catalog) -> Result<ExpressionParts, DbError> {
        let mut parts = ExpressionParts {
            generated_defaults: catalog.columns.generated_defaults(),
            ..ExpressionParts::default()
        };
        for row in &catalog.constraints {
            let what = &"a constraint";
            let kind: &str = at(row, 2, what)?;
            if kind == "c" || kind == "x" {
                parts
                    .constraints
                    .push(at(row, super::tables::CONSTRAINT_OID, what)?);
            }
        }
        for row in &catalog.indexes {
            let what = &"an index";
            let has_expressions: bool = at(row, 5, what)?;
            let predicate: Option<&str> = at(row, 11, what)?;
            if has_expressions || predicate.is_some() {
                parts.indexes.push(at(row, 4, what)?);
            }
        }
        Ok(parts)
    }
}

/// Adds the rows of [`TABLE_USES`] to the tables read; `tables` maps their oids to names.
pub(crate) fn build(
    schema: &mut Schema,
    rows: &[Row],
    tables: &HashMap<u32, QualifiedName>,
) -> Result<(), DbError> {
    for row in rows {
        let oid: u32 = named(row, "table_oid", WHAT)?;
        let Some(table) = tables
            .get(&oid)
            .and_then(|name| schema.tables.get_mut(name))
        else {
            continue;
        };
        let edge = PartUse {
            part: part(row, &table.name)?,
            uses: used(row, &table.name)?,
        };
        if table.uses.last() != Some(&edge) {
            table.uses.push(edge);
        }
    }
    Ok(())
}

fn part(row: &Row, table: &QualifiedName) -> Result<TablePart, DbError> {
    let name: String = named(row, "part_name", WHAT)?;
    match named::<String>(row, "part_kind", WHAT)?.as_str() {
        "c" => Ok(TablePart::Column(name)),
        "d" => Ok(TablePart::Default(name)),
        "k" => Ok(TablePart::Constraint(name)),
        "i" => Ok(TablePart::Index(name)),
        other => Err(unexpected(format!("part kind {other:?} of table {table}"))),
    }
}

fn used(row: &Row, table: &QualifiedName) -> Result<Dependency, DbError> {
    let name = QualifiedName::new(
        named::<String>(row, "ref_schema", WHAT)?,
        named::<String>(row, "ref_name", WHAT)?,
    );
    let arguments: Option<String> = named(row, "ref_sub", WHAT)?;
    match (named::<String>(row, "ref_kind", WHAT)?.as_str(), arguments) {
        ("c", Some(column)) => Ok(Dependency::Column(ColumnRef {
            table: name,
            column,
        })),
        ("s", _) => Ok(Dependency::Sequence(name)),
        ("r", _) => Ok(Dependency::Relation(name)),
        ("t", _) => Ok(Dependency::Type(name)),
        ("f", Some(arguments)) => Ok(Dependency::Function(FunctionName { name, arguments })),
        (other, _) => Err(unexpected(format!(
            "reference kind {other:?} to {name} from table {table}"
        ))),
    }
}

/// What the rows of [`TABLE_USES`] describe, in errors.
const WHAT: &str = "what table parts depend on";

fn unexpected(reason: String) -> DbError {
    DbError::Client {
        doing: format!("reading {WHAT} from pg_catalog"),
        reason,
    }
}
