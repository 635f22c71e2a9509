//! Publications (`pg_publication`) with their member tables and schemas: the queries and
//! the model built from the rows. Column lists, row filters and schema members exist from
//! PostgreSQL 15; on older servers those parts read as absent.

use std::collections::HashMap;

use dibs_schema::{Publication, PublishedTable, QualifiedName, Schema};
use tokio_postgres::{Row, Transaction};

use super::cell::at;
use crate::error::DbError;

/// Every publication no extension owns. Which operations it publishes come back as a
/// list in `insert, update, delete, truncate` order.
const PUBLICATIONS: &str = "
    SELECT p.oid, p.pubname::text, p.puballtables,
           pg_catalog.array_remove(ARRAY[
             CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
             CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END
           ], NULL),
           p.pubviaroot, pg_catalog.obj_description(p.oid, 'pg_publication')
      FROM pg_catalog.pg_publication p
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_publication'::pg_catalog.regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 2";

/// Every member table of every publication (those outside the compared schemas decide
/// only whether a publication is read).
const PUBLICATION_TABLES: &str = "
    SELECT pr.prpubid, n.nspname::text, c.relname::text, {columns}, {row_filter}
      FROM pg_catalog.pg_publication_rel pr
      JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     ORDER BY 2, 3";

const COLUMN_LIST: &str = "CASE WHEN pr.prattrs IS NOT NULL THEN
      (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.i)
         FROM pg_catalog.unnest(pr.prattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, i)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum) END";

const SCHEMA_MEMBERS: &str = "
    SELECT pn.pnpubid, n.nspname::text
      FROM pg_catalog.pg_publication_namespace pn
      JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid
     ORDER BY 2";

/// The rows of the three queries.
pub(crate) struct PublicationRows {
    publications: Vec<Row>,
    tables: Vec<Row>,
    schemas: Vec<Row>,
}

/// Nothing is asked when the database has no publication (`any`).
pub(crate) async fn read(
    tx: &Transaction<'_>,
    server_version_num: i32,
    any: bool,
) -> Result<PublicationRows, DbError> {
    if !any {
        return Ok(PublicationRows {
            publications: Vec::new(),
            tables: Vec::new(),
            schemas: Vec::new(),
        });
    }
    let modern = server_version_num >= 150000;
    let tables_sql = match modern {
        true => PUBLICATION_TABLES
            .replace("{columns}", COLUMN_LIST)
            .replace(
                "{row_filter}",
                "pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)",
            ),
        false => PUBLICATION_TABLES
            .replace("{columns}", "NULL::text[]")
            .replace("{row_filter}", "NULL::text"),
    };
    let failed =
        |what: &'static str| move |e| DbError::query(format!("reading {what} from pg_catalog"), e);
    let (publications, tables, schemas) = tokio::try_join!(
        async {
            tx.query(PUBLICATIONS, &[])
                .await
                .map_err(failed("publications"))
        },
        async {
            tx.query(tables_sql.as_str(), &[])
                .await
                .map_err(failed("publication tables"))
        },
        async {
            match modern {
                true => tx
                    .query(SCHEMA_MEMBERS, &[])
                    .await
                    .map_err(failed("publication schemas")),
                false => Ok(Vec::new()),
            }
        },
    )?;
    Ok(PublicationRows {
        publications,
        tables,
        schemas,
    })
}

/// Publications that are `FOR ALL TABLES`, have no member at all, or have a member in the
/// compared schemas; members outside them are left out of the model.
pub(crate) fn publications(schema: &mut Schema, rows: &PublicationRows) -> Result<(), DbError> {
    let compared = |name: &str| schema.schemas.iter().any(|s| s == name);
    let mut tables: HashMap<u32, (bool, Vec<PublishedTable>)> = HashMap::new();
    for row in &rows.tables {
        let what = &"a publication's table";
        let publication: u32 = at(row, 0, what)?;
        let table = QualifiedName::new(at::<String>(row, 1, what)?, at::<String>(row, 2, what)?);
        let entry = tables.entry(publication).or_default();
        entry.0 = true;
        if compared(&table.schema) {
            entry.1.push(PublishedTable {
                columns: at(row, 3, &format!("publication member {table}"))?,
                row_filter: at(row, 4, &format!("publication member {table}"))?,
                table,
            });
        }
    }
    let mut schemas: HashMap<u32, (bool, Vec<String>)> = HashMap::new();
    for row in &rows.schemas {
        let what = &"a publication's schema";
        let publication: u32 = at(row, 0, what)?;
        let name: String = at(row, 1, what)?;
        let entry = schemas.entry(publication).or_default();
        entry.0 = true;
        if compared(&name) {
            entry.1.push(name);
        }
    }
    let mut read = Vec::new();
    for row in &rows.publications {
        let oid: u32 = at(row, 0, &"a publication")?;
        let name: String = at(row, 1, &"a publication")?;
        let what = &format!("publication {name}");
        let (has_tables, tables) = tables.remove(&oid).unwrap_or_default();
        let (has_schemas, schemas) = schemas.remove(&oid).unwrap_or_default();
        let all_tables: bool = at(row, 2, what)?;
        let empty = !has_tables && !has_schemas;
        let touches_compared = !tables.is_empty() || !schemas.is_empty();
        if !all_tables && !empty && !touches_compared {
            continue;
        }
        read.push(Publication {
            all_tables,
            tables,
            schemas,
            publish: at(row, 3, what)?,
            via_partition_root: at(row, 4, what)?,
            comment: at(row, 5, what)?,
            name,
        });
    }
    schema.publications = read;
    Ok(())
}
