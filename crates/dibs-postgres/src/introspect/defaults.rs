//! Column defaults, deparsed once per distinct expression.
//!
//! Deparsing is the server's costliest step per row, and defaults repeat: a zabbix-sized
//! schema has ~9,000 defaults but ~130 distinct expressions. Two defaults whose stored
//! trees are equal once the `:location` fields (where in the original statement each node
//! was written) are dropped print the same text, because a default cannot reference
//! columns. Generated columns can, so each of them is deparsed on its own.

use std::collections::{HashMap, HashSet};

use tokio_postgres::Row;

/// Which stored default's text each column's default shares.
pub struct Defaults {
    /// (table oid, column number) → the `pg_attrdef` oid deparsed for it.
    by_column: HashMap<(u32, i16), u32>,
    /// The `pg_attrdef` oids to deparse: one per distinct expression, and every generated
    /// column.
    pub to_deparse: Vec<u32>,
}

impl Defaults {
    /// Groups the `DEFAULTS` rows; `generated` are the (table oid, column number) of
    /// generated columns.
    pub fn group(rows: &[Row], generated: &HashSet<(u32, i16)>) -> Defaults {
        let mut by_column = HashMap::with_capacity(rows.len());
        let mut to_deparse = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut key = String::new();
        for row in rows {
            let column: (u32, i16) = (row.get(0), row.get(1));
            let oid: u32 = row.get(2);
            let representative = if generated.contains(&column) {
                to_deparse.push(oid);
                oid
            } else {
                without_locations(row.get(3), &mut key);
                match seen.get(key.as_str()) {
                    Some(first) => *first,
                    None => {
                        seen.insert(key.clone(), oid);
                        to_deparse.push(oid);
                        oid
                    }
                }
            };
            by_column.insert(column, representative);
        }
        Defaults {
            by_column,
            to_deparse,
        }
    }

    /// The deparsed text of a column's default, from the `DEFAULT_TEXTS` answer.
    pub fn text<'t>(
        &self,
        column: (u32, i16),
        texts: &'t HashMap<u32, String>,
    ) -> Option<&'t String> {
        self.by_column.get(&column).and_then(|oid| texts.get(oid))
    }
}

/// Writes `tree` into `out` without its `:location N` fields, which say where in the
/// original statement each node was written, not what it means.
fn without_locations(tree: &str, out: &mut String) {
    const MARK: &str = " :location ";
    out.clear();
    let mut rest = tree;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let number = after
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        rest = &after[number..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::without_locations;

    fn stripped(tree: &str) -> String {
        let mut out = String::from("left over");
        without_locations(tree, &mut out);
        out
    }

    #[test]
    fn drops_only_locations() {
        assert_eq!(
            stripped("{CONST :consttype 23 :location 226 :constvalue 4 [ 0 0 0 0 ]}"),
            "{CONST :consttype 23 :constvalue 4 [ 0 0 0 0 ]}"
        );
        assert_eq!(
            stripped("{FUNCEXPR :args ({CONST :location -1}) :location 148}"),
            "{FUNCEXPR :args ({CONST})}"
        );
        assert_eq!(stripped("{CONST :constlen 4}"), "{CONST :constlen 4}");
    }

    #[test]
    fn same_expression_at_different_positions_is_one_key() {
        let a = "{CONST :consttype 23 :location 226 :constvalue 4 [ 0 0 0 0 ]}";
        let b = "{CONST :consttype 23 :location 304 :constvalue 4 [ 0 0 0 0 ]}";
        let c = "{CONST :consttype 23 :location 304 :constvalue 4 [ 1 0 0 0 ]}";
        assert_eq!(stripped(a), stripped(b));
        assert_ne!(stripped(b), stripped(c));
    }
}
