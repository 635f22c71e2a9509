//! What each part of a table names, from `pg_depend`: a column's type, the sequence a
//! default's `nextval` takes from, the enum a check casts to, the function an index
//! expression calls. The planner orders table changes by these edges (`Table::uses`);
//! reading them from the catalog, on both sides of a diff, is what keeps it from
//! guessing dependencies out of SQL text (`public.mood` inside `public.mood_v2`).

use std::collections::HashMap;

use dibs_schema::{ColumnRef, Dependency, FunctionName, PartUse, QualifiedName, Schema, TablePart};
use tokio_postgres::Row;
use tokio_postgres::types::FromSql;

use crate::error::DbError;

/// Edges from the columns (`c`: their types), defaults and generated expressions (`d`),
/// constraints (`k`) and indexes (`i`) of the tables `$1 oid[]` to user types (`t`,
/// arrays as their element), sequences (`s`), tables by their row type (`r`), the
/// managed functions `$2 oid[]` (`f`), and the table's own columns they read (`c`,
/// recorded as automatic dependencies). Objects that belong to an extension are left out:
/// the extension is created first as a whole. Every arm is index probes by oid; built-in
/// objects are pinned and never recorded.
pub const TABLE_USES: &str = "
    SELECT x.table_oid, x.part_kind, x.part_name, x.ref_kind, x.ref_schema, x.ref_name, x.ref_sub
      FROM (
        SELECT p.relid AS table_oid, p.part_kind, p.part_name,
               CASE WHEN oc.attname IS NOT NULL THEN 'c'
                    WHEN p.deptype <> 'n' THEN NULL
                    WHEN sq.oid IS NOT NULL THEN 's'
                    WHEN tc.oid IS NOT NULL THEN 'r'
                    WHEN et.oid IS NOT NULL THEN 't'
                    WHEN rp.oid IS NOT NULL THEN 'f' END AS ref_kind,
               COALESCE(own.nspname, sqn.nspname, tcn.nspname, etn.nspname, rpn.nspname)::text
                 AS ref_schema,
               COALESCE(own.relname, sq.relname, tc.relname, et.typname, rp.proname)::text
                 AS ref_name,
               CASE WHEN oc.attname IS NOT NULL THEN oc.attname::text
                    WHEN rp.oid IS NOT NULL
                    THEN pg_catalog.pg_get_function_identity_arguments(rp.oid) END AS ref_sub,
               CASE WHEN sq.oid IS NOT NULL THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                    WHEN et.oid IS NOT NULL THEN 'pg_catalog.pg_type'::pg_catalog.regclass
                    ELSE p.refclassid END AS ref_class,
               COALESCE(own.oid, sq.oid, et.oid, rp.oid) AS ref_oid
          FROM (
            SELECT a.attrelid AS relid, 'c' AS part_kind, a.attname::text AS part_name,
                   NULL::int2 AS part_attnum, d.refclassid, d.refobjid, d.refobjsubid, d.deptype
              FROM pg_catalog.pg_depend d
              JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objid AND a.attnum = d.objsubid
             WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
               AND d.objid = ANY($1::pg_catalog.oid[]) AND d.objsubid > 0 AND d.deptype = 'n'
            UNION ALL
            SELECT ad.adrelid, 'd', a.attname::text, a.attnum, d.refclassid, d.refobjid,
                   d.refobjsubid, d.deptype
              FROM pg_catalog.pg_attrdef ad
              JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                   AND d.objid = ad.oid AND d.deptype IN ('n', 'a')
             WHERE ad.adrelid = ANY($1::pg_catalog.oid[])
            UNION ALL
            SELECT con.conrelid, 'k', con.conname::text, NULL, d.refclassid, d.refobjid,
                   d.refobjsubid, d.deptype
              FROM pg_catalog.pg_constraint con
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                   AND d.objid = con.oid AND d.deptype IN ('n', 'a')
             WHERE con.conrelid = ANY($1::pg_catalog.oid[])
            UNION ALL
            SELECT ix.indrelid, 'i', ic.relname::text, NULL, d.refclassid, d.refobjid,
                   d.refobjsubid, d.deptype
              FROM pg_catalog.pg_index ix
              JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND d.objid = ix.indexrelid AND d.objsubid = 0 AND d.deptype IN ('n', 'a')
             WHERE ix.indrelid = ANY($1::pg_catalog.oid[])
          ) p
          LEFT JOIN pg_catalog.pg_attribute oc
               ON p.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND p.refobjid = p.relid
               AND p.refobjsubid > 0 AND oc.attrelid = p.relid AND oc.attnum = p.refobjsubid
               AND p.refobjsubid IS DISTINCT FROM p.part_attnum
          LEFT JOIN (SELECT oct.oid, oct.relname, ocn.nspname
                       FROM pg_catalog.pg_class oct
                       JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oct.relnamespace) own
               ON oc.attname IS NOT NULL AND own.oid = p.relid
          LEFT JOIN pg_catalog.pg_class sq
               ON p.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND sq.oid = p.refobjid
               AND sq.relkind = 'S'
          LEFT JOIN pg_catalog.pg_namespace sqn ON sqn.oid = sq.relnamespace
          LEFT JOIN pg_catalog.pg_type rt
               ON p.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt.oid = p.refobjid
          LEFT JOIN pg_catalog.pg_type et ON et.oid = CASE
               WHEN rt.typcategory = 'A' AND rt.typelem <> 0 THEN rt.typelem ELSE rt.oid END
          LEFT JOIN pg_catalog.pg_class tc ON tc.oid = et.typrelid AND tc.relkind <> 'c'
          LEFT JOIN pg_catalog.pg_namespace tcn ON tcn.oid = tc.relnamespace
          LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
          LEFT JOIN pg_catalog.pg_proc rp
               ON p.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND rp.oid = p.refobjid
               AND rp.oid = ANY($2::pg_catalog.oid[])
          LEFT JOIN pg_catalog.pg_namespace rpn ON rpn.oid = rp.pronamespace
      ) x
     WHERE x.ref_kind IS NOT NULL
       AND x.ref_schema NOT IN ('pg_catalog', 'information_schema')
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e
                        WHERE e.classid = x.ref_class AND e.objid = x.ref_oid AND e.deptype = 'e')
     ORDER BY 1, 2, 3, 4, 5, 6, 7";

/// Adds the rows of [`TABLE_USES`] to the tables read; `tables` maps their oids to names.
pub(crate) fn build(
    schema: &mut Schema,
    rows: &[Row],
    tables: &HashMap<u32, QualifiedName>,
) -> Result<(), DbError> {
    for row in rows {
        let oid: u32 = get(row, "table_oid")?;
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
    let name: String = get(row, "part_name")?;
    match get::<String>(row, "part_kind")?.as_str() {
        "c" => Ok(TablePart::Column(name)),
        "d" => Ok(TablePart::Default(name)),
        "k" => Ok(TablePart::Constraint(name)),
        "i" => Ok(TablePart::Index(name)),
        other => Err(unexpected(format!("part kind {other:?} of table {table}"))),
    }
}

fn used(row: &Row, table: &QualifiedName) -> Result<Dependency, DbError> {
    let name = QualifiedName::new(
        get::<String>(row, "ref_schema")?,
        get::<String>(row, "ref_name")?,
    );
    let arguments: Option<String> = get(row, "ref_sub")?;
    match (get::<String>(row, "ref_kind")?.as_str(), arguments) {
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

fn get<'a, T: FromSql<'a>>(row: &'a Row, column: &str) -> Result<T, DbError> {
    row.try_get(column)
        .map_err(|e| unexpected(format!("column {column}: {e}")))
}

fn unexpected(reason: String) -> DbError {
    DbError::Client {
        doing: "reading what table parts depend on from pg_catalog".into(),
        reason,
    }
}
