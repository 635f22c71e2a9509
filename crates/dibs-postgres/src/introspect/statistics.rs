//! Extended statistics (`pg_statistic_ext`) on the tables read: their query and the model
//! built from the rows. The definition is the server's (`pg_get_statisticsobjdef`); the
//! columns and functions they cover come with the other objects' edges (kind `S`).

use dibs_schema::{QualifiedName, Statistics};
use tokio_postgres::Row;

use super::cell::named;
use super::objects::Edges;
use crate::error::DbError;

/// Statistics on the tables read (`$1 oid[]`) that no extension owns. The sampling target
/// is `-1` for the default before PostgreSQL 17 and NULL from 17 on: both read as NULL.
pub const STATISTICS: &str = "
    SELECT s.oid AS oid, sn.nspname::text AS schema, s.stxname::text AS name,
           tn.nspname::text AS table_schema, c.relname::text AS table_name,
           pg_catalog.pg_get_statisticsobjdef(s.oid) AS definition,
           NULLIF(COALESCE(s.stxstattarget::pg_catalog.int4, -1), -1) AS target,
           ds.description AS comment
      FROM pg_catalog.pg_statistic_ext s
      JOIN pg_catalog.pg_namespace sn ON sn.oid = s.stxnamespace
      JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid
      JOIN pg_catalog.pg_namespace tn ON tn.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = s.oid
           AND ds.classoid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass
     WHERE s.stxrelid = ANY($1::pg_catalog.oid[])
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass
                          AND d.objid = s.oid AND d.deptype = 'e' OFFSET 0)
     ORDER BY 2, 3";

pub(super) fn statistics(row: &Row, edges: &mut Edges) -> Result<Statistics, DbError> {
    let what = "extended statistics";
    let oid: u32 = named(row, "oid", what)?;
    let name = QualifiedName::new(
        named::<String>(row, "schema", what)?,
        named::<String>(row, "name", what)?,
    );
    let described = format!("statistics {name}");
    Ok(Statistics {
        table: QualifiedName::new(
            named::<String>(row, "table_schema", &described)?,
            named::<String>(row, "table_name", &described)?,
        ),
        definition: named(row, "definition", &described)?,
        target: named(row, "target", &described)?,
        comment: named(row, "comment", &described)?,
        depends_on: edges.remove(&('S', oid)).unwrap_or_default(),
        name,
    })
}
