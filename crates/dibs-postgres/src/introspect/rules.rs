//! Rewrite rules other than views' own `_RETURN`: their query and the model built from
//! the rows. The definition is the server's (`pg_get_ruledef`); the catalog edges of the
//! rule's actions come with the other objects' (`objects::EDGES`, kind `R`).

use dibs_schema::{QualifiedName, Rule, RuleName};
use tokio_postgres::Row;

use super::cell::named;
use super::objects::{Edges, enabled};
use crate::error::DbError;

/// User rules on the tables and views read (`$1 oid[]`; those relations are already not
/// an extension's).
pub const RULES: &str = "
    SELECT r.oid AS oid, n.nspname::text AS schema, c.relname::text AS table_name,
           r.rulename::text AS name, pg_catalog.pg_get_ruledef(r.oid) AS definition,
           r.ev_enabled::text AS enabled, ds.description AS comment
      FROM pg_catalog.pg_rewrite r
      JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = r.oid
           AND ds.classoid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE r.ev_class = ANY($1::pg_catalog.oid[]) AND r.rulename <> '_RETURN'
     ORDER BY 2, 3, 4";

pub(super) fn rule(row: &Row, edges: &mut Edges) -> Result<Rule, DbError> {
    let what = "a rule";
    let oid: u32 = named(row, "oid", what)?;
    let name = RuleName {
        table: QualifiedName::new(
            named::<String>(row, "schema", what)?,
            named::<String>(row, "table_name", what)?,
        ),
        name: named(row, "name", what)?,
    };
    let described = format!("rule {name}");
    let definition: String = named(row, "definition", &described)?;
    Ok(Rule {
        definition: definition.trim().trim_end_matches(';').to_string(),
        enabled: enabled(row, &described)?,
        comment: named(row, "comment", &described)?,
        depends_on: edges.remove(&('R', oid)).unwrap_or_default(),
        name,
    })
}
