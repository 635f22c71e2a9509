//! Column defaults, deparsed once per distinct expression.
//!
//! Deparsing is the server's costliest step per row, and defaults repeat: a zabbix-sized
//! schema has ~9,000 defaults but ~130 distinct expressions. Two defaults whose stored
//! trees are equal once the `:location` fields (where in the original statement each node
//! was written) are dropped print the same text, because a default cannot reference
//! columns. Generated columns can, so each of them is deparsed on its own.

use std::collections::HashMap;

use tokio_postgres::Row;

use super::cell::at;
use crate::error::DbError;

/// Which stored default's text each column's default shares, built row by row as the
/// `DEFAULTS` rows arrive.
#[derive(Default)]
pub struct Defaults {
    /// (table oid, column number) → (its `pg_attrdef` oid, the oid deparsed for it).
    by_column: HashMap<(u32, i16), (u32, u32)>,
    /// The first default of each distinct expression, by its tree without locations.
    first: HashMap<String, u32>,
    /// Scratch space for the tree being looked up.
    key: String,
    /// The `pg_attrdef` oids to deparse: one per distinct expression, and every generated
    /// column.
    pub to_deparse: Vec<u32>,
}

impl Defaults {
    /// Files one `DEFAULTS` row under the first default with the same expression.
    pub fn add(&mut self, row: &Row) -> Result<(), DbError> {
        let what = &"a column default";
        let column: (u32, i16) = (at(row, 0, what)?, at(row, 1, what)?);
        let oid: u32 = at(row, 2, what)?;
        without_locations(at(row, 3, what)?, &mut self.key);
        let representative = match self.first.get(self.key.as_str()) {
            Some(first) => *first,
            None => {
                self.first.insert(self.key.clone(), oid);
                self.to_deparse.push(oid);
                oid
            }
        };
        self.by_column.insert(column, (oid, representative));
        Ok(())
    }

    /// The `pg_attrdef` oid of a column's default or generated expression.
    pub fn oid_of(&self, column: (u32, i16)) -> Option<u32> {
        self.by_column.get(&column).map(|(oid, _)| *oid)
    }

    /// Generated columns name other columns, which the stored tree records by number
    /// only: each is deparsed on its own, against its table.
    pub fn deparse_apart(&mut self, generated: impl Iterator<Item = (u32, i16)>) {
        for column in generated {
            if let Some((own, representative)) = self.by_column.get_mut(&column)
                && *own != *representative
            {
                *representative = *own;
                self.to_deparse.push(*own);
            }
        }
    }

    /// The deparsed text of a column's default, from the `DEFAULT_TEXTS` answer.
    pub fn text<'t>(
        &self,
        column: (u32, i16),
        texts: &'t HashMap<u32, String>,
    ) -> Option<&'t String> {
        self.by_column
            .get(&column)
            .and_then(|(_, representative)| texts.get(representative))
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
