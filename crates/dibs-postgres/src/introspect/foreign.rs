//! Foreign data wrappers, servers and the foreign tables of the compared schemas: the
//! queries and the model built from the rows. Those an extension owns are left out.

use std::collections::HashMap;

use dibs_schema::{
    Dependency, ForeignColumn, ForeignDataWrapper, ForeignServer, ForeignTable, NamedDefinition,
    QualifiedName, Schema,
};
use tokio_postgres::{Row, Transaction};

use super::cell::at;
use super::queries::not_extension_owned;
use crate::error::DbError;

const WRAPPERS: &str = concat!(
    "SELECT w.fdwname::text,
            CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regproc::text END,
            CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regproc::text END,
            COALESCE(w.fdwoptions, '{}')::text[],
            pg_catalog.obj_description(w.oid, 'pg_foreign_data_wrapper')
       FROM pg_catalog.pg_foreign_data_wrapper w
      WHERE ",
    not_extension_owned!("pg_catalog.pg_foreign_data_wrapper", "w.oid"),
    " ORDER BY 1"
);

const SERVERS: &str = concat!(
    "SELECT s.srvname::text, w.fdwname::text, s.srvtype, s.srvversion,
            COALESCE(s.srvoptions, '{}')::text[],
            pg_catalog.obj_description(s.oid, 'pg_foreign_server'),
            (SELECT e.extname::text FROM pg_catalog.pg_depend wd
               JOIN pg_catalog.pg_extension e ON e.oid = wd.refobjid
              WHERE wd.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
                AND wd.objid = w.oid AND wd.deptype = 'e'
                AND wd.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass)
       FROM pg_catalog.pg_foreign_server s
       JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
      WHERE ",
    not_extension_owned!("pg_catalog.pg_foreign_server", "s.oid"),
    " ORDER BY 1"
);

/// `$1`: the compared schemas.
const TABLES: &str = concat!(
    "SELECT c.oid, n.nspname::text, c.relname::text, s.srvname::text,
            COALESCE(ft.ftoptions, '{}')::text[], pg_catalog.obj_description(c.oid, 'pg_class')
       FROM pg_catalog.pg_foreign_table ft
       JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
      WHERE n.nspname = ANY($1) AND ",
    not_extension_owned!("pg_catalog.pg_class", "c.oid"),
    " ORDER BY 2, 3"
);

const COLUMNS: &str = "
    SELECT a.attrelid, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
           a.attnotnull, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
           CASE WHEN a.attcollation <> t.typcollation THEN
             pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,
           COALESCE(a.attfdwoptions, '{}')::text[]
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind = 'f'
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
      LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
     WHERE a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY($1)
     ORDER BY a.attrelid, a.attnum";

const CHECKS: &str = "
    SELECT con.conrelid, con.conname::text, pg_catalog.pg_get_constraintdef(con.oid),
           pg_catalog.obj_description(con.oid, 'pg_constraint')
      FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_class c ON c.oid = con.conrelid AND c.relkind = 'f'
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE con.contype = 'c' AND n.nspname = ANY($1)
     ORDER BY 1, 2";

/// User types the columns use (arrays as their element type), for ordering.
const TYPES: &str = "
    SELECT DISTINCT d.objid, en.nspname::text, et.typname::text
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_class c ON c.oid = d.objid AND c.relkind = 'f'
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_type t ON t.oid = d.refobjid
      JOIN pg_catalog.pg_type et
           ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
      JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
       AND d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.deptype = 'n'
       AND n.nspname = ANY($1) AND en.nspname = ANY($1)
     ORDER BY 1, 2, 3";

pub(crate) struct ForeignRows {
    wrappers: Vec<Row>,
    servers: Vec<Row>,
    tables: Vec<Row>,
    columns: Vec<Row>,
    checks: Vec<Row>,
    types: Vec<Row>,
}

/// Skips what the overview says is absent: wrappers (and so servers) in the database,
/// foreign tables in the compared schemas.
pub(crate) async fn read(
    tx: &Transaction<'_>,
    schemas: &Vec<String>,
    wrappers: bool,
    tables: bool,
) -> Result<ForeignRows, DbError> {
    let query = |sql: &'static str, wanted: bool, by_schema: bool, what: &'static str| async move {
        if !wanted {
            return Ok(Vec::new());
        }
        let result = match by_schema {
            true => tx.query(sql, &[schemas]).await,
            false => tx.query(sql, &[]).await,
        };
        result.map_err(|e| DbError::query(format!("reading {what} from pg_catalog"), e))
    };
    let (wrappers, servers, tables, columns, checks, types) = tokio::try_join!(
        query(WRAPPERS, wrappers, false, "foreign data wrappers"),
        query(SERVERS, wrappers, false, "foreign servers"),
        query(TABLES, tables, true, "foreign tables"),
        query(COLUMNS, tables, true, "columns of foreign tables"),
        query(CHECKS, tables, true, "checks of foreign tables"),
        query(TYPES, tables, true, "types of foreign tables"),
    )?;
    Ok(ForeignRows {
        wrappers,
        servers,
        tables,
        columns,
        checks,
        types,
    })
}

pub(crate) fn build(schema: &mut Schema, rows: &ForeignRows) -> Result<(), DbError> {
    for row in &rows.wrappers {
        let name: String = at(row, 0, &"a foreign data wrapper")?;
        let what = &format!("foreign data wrapper {name}");
        schema.foreign_wrappers.push(ForeignDataWrapper {
            handler: at(row, 1, what)?,
            validator: at(row, 2, what)?,
            options: at(row, 3, what)?,
            comment: at(row, 4, what)?,
            name,
        });
    }
    for row in &rows.servers {
        let name: String = at(row, 0, &"a foreign server")?;
        let what = &format!("server {name}");
        schema.foreign_servers.push(ForeignServer {
            wrapper: at(row, 1, what)?,
            server_type: at(row, 2, what)?,
            version: at(row, 3, what)?,
            options: at(row, 4, what)?,
            comment: at(row, 5, what)?,
            wrapper_extension: at(row, 6, what)?,
            name,
        });
    }
    let mut columns: HashMap<u32, Vec<ForeignColumn>> = HashMap::new();
    for row in &rows.columns {
        let what = &"a column of a foreign table";
        columns
            .entry(at(row, 0, what)?)
            .or_default()
            .push(ForeignColumn {
                name: at(row, 1, what)?,
                ty: at(row, 2, what)?,
                not_null: at(row, 3, what)?,
                default: at(row, 4, what)?,
                collation: at(row, 5, what)?,
                options: at(row, 6, what)?,
            });
    }
    let mut checks: HashMap<u32, Vec<NamedDefinition>> = HashMap::new();
    for row in &rows.checks {
        let what = &"a check of a foreign table";
        checks
            .entry(at(row, 0, what)?)
            .or_default()
            .push(NamedDefinition {
                name: at(row, 1, what)?,
                definition: at(row, 2, what)?,
                comment: at(row, 3, what)?,
            });
    }
    let mut types: HashMap<u32, Vec<Dependency>> = HashMap::new();
    for row in &rows.types {
        let what = &"a type a foreign table uses";
        types
            .entry(at(row, 0, what)?)
            .or_default()
            .push(Dependency::Type(QualifiedName::new(
                at::<String>(row, 1, what)?,
                at::<String>(row, 2, what)?,
            )));
    }
    for row in &rows.tables {
        let oid: u32 = at(row, 0, &"a foreign table")?;
        let name = QualifiedName::new(
            at::<String>(row, 1, &"a foreign table")?,
            at::<String>(row, 2, &"a foreign table")?,
        );
        let what = &format!("foreign table {name}");
        let table = ForeignTable {
            server: at(row, 3, what)?,
            columns: columns.remove(&oid).unwrap_or_default(),
            checks: checks.remove(&oid).unwrap_or_default(),
            options: at(row, 4, what)?,
            comment: at(row, 5, what)?,
            depends_on: types.remove(&oid).unwrap_or_default(),
            name: name.clone(),
        };
        schema.foreign_tables.insert(name, table);
    }
    Ok(())
}
