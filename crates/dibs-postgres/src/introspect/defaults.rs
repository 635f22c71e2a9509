//! Deparsing column defaults once per distinct expression.
//!
//! `pg_get_expr` is the largest cost of reading a big schema, and defaults repeat: a
//! zabbix-sized schema has ~9,000 defaults but ~50 distinct expressions. Defaults cannot
//! reference columns, so two defaults with the same stored tree (ignoring the source
//! positions the tree records) deparse to the same text. We read the stored trees, group
//! them here, and ask the server to deparse one representative of each group.

use std::collections::HashMap;

use tokio_postgres::Transaction;

use crate::error::DbError;

/// A default to deparse: its table, column number and stored expression tree.
pub struct StoredDefault {
    pub relid: u32,
    pub attnum: i16,
    pub tree: String,
}

/// `tree` without its `:location N` fields, which record where in the original statement
/// each node was written and say nothing about its meaning.
fn without_locations(tree: &str) -> String {
    const MARK: &str = " :location ";
    let mut out = String::with_capacity(tree.len());
    let mut rest = tree;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let digits = after
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Deparsed text of every default, keyed by (table oid, column number).
pub async fn deparse(
    tx: &Transaction<'_>,
    defaults: &[StoredDefault],
) -> Result<HashMap<(u32, i16), String>, DbError> {
    let mut groups: HashMap<String, Vec<(u32, i16)>> = HashMap::new();
    for d in defaults {
        groups
            .entry(without_locations(&d.tree))
            .or_default()
            .push((d.relid, d.attnum));
    }
    let representatives: Vec<&Vec<(u32, i16)>> = groups.values().collect();
    let relids: Vec<u32> = representatives.iter().map(|g| g[0].0).collect();
    let attnums: Vec<i16> = representatives.iter().map(|g| g[0].1).collect();
    let rows = tx
        .query(super::queries::DEPARSE_DEFAULTS, &[&relids, &attnums])
        .await
        .map_err(|e| DbError::query("deparsing column defaults", e))?;
    let mut text_of: HashMap<(u32, i16), String> = HashMap::new();
    for row in rows {
        text_of.insert((row.get(0), row.get(1)), row.get(2));
    }
    let mut out = HashMap::with_capacity(defaults.len());
    for group in groups.values() {
        if let Some(text) = text_of.get(&group[0]) {
            for key in group {
                out.insert(*key, text.clone());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::without_locations;

    #[test]
    fn strips_only_locations() {
        assert_eq!(
            without_locations("{CONST :consttype 23 :location 72 :constvalue 4 [ 0 0 0 0 ]}"),
            "{CONST :consttype 23 :constvalue 4 [ 0 0 0 0 ]}"
        );
        assert_eq!(
            without_locations("{FUNCEXPR :funcid 1 :location -1 :args ({CONST :location 5})}"),
            "{FUNCEXPR :funcid 1 :args ({CONST})}"
        );
    }
}
