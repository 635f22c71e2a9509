//! Columns: read as plain catalog rows, then what only the server can print — type names,
//! default expressions, collation names — asked for once per distinct value.
//!
//! The columns come back first in the catalog round, and the follow-up queries go out as
//! soon as they are in: grouping the defaults on the client and formatting on the server
//! then overlap the rest of the round (constraints, indexes, types) instead of following
//! it. Column rows are decoded as they arrive (positions follow `queries::COLUMNS`).

use std::collections::HashMap;

use dibs_schema::{Column, Identity, SequenceOptions};
use tokio_postgres::{Row, Transaction};

use super::cell::{at, pairs};
use super::defaults::Defaults;
use super::{Params, queries, read, read_each};
use crate::error::DbError;

/// One `COLUMNS` row, decoded as it arrives.
pub(crate) struct ColumnRow {
    pub relid: u32,
    pub name: String,
    /// (type oid, typmod): the key of the type names.
    pub type_key: (u32, i32),
    pub not_null: bool,
    pub generated: bool,
    /// `attidentity`: `a` (always), `d` (by default) or 0.
    pub identity: u8,
    pub attnum: i16,
    /// Not inherited (`attinhcount = 0`): inherited columns, of partitions and of
    /// `INHERITS` children, are the parent's, even when also declared locally.
    pub own: bool,
    pub collation: u32,
}

impl ColumnRow {
    fn decode(row: &Row) -> Result<ColumnRow, DbError> {
        let what = &"a column";
        Ok(ColumnRow {
            relid: at(row, 0, what)?,
            name: at(row, 1, what)?,
            type_key: (at(row, 2, what)?, at(row, 3, what)?),
            not_null: at(row, 4, what)?,
            generated: at(row, 5, what)?,
            identity: at::<i8>(row, 6, what)? as u8,
            attnum: at(row, 7, what)?,
            own: at(row, 8, what)?,
            collation: at(row, 9, what)?,
        })
    }

    /// The collation the column was declared with (`COLLATE`), if any: one that is not
    /// its type's default.
    fn explicit_collation(&self, type_collations: &HashMap<u32, u32>) -> Option<u32> {
        let default = type_collations.get(&self.type_key.0).copied().unwrap_or(0);
        (self.collation != default).then_some(self.collation)
    }
}

/// The columns of the tables read, with the server's text for their types, defaults and
/// declared collations.
pub(crate) struct Columns {
    pub rows: Vec<ColumnRow>,
    defaults: Defaults,
    /// Default expressions by `pg_attrdef` oid (see `defaults.rs`).
    default_texts: HashMap<u32, String>,
    /// Type names by (type oid, typmod).
    types: HashMap<(u32, i32), String>,
    /// Collatable types' default collations, by type oid.
    type_collations: HashMap<u32, u32>,
    /// Names of the collations columns were declared with, by oid.
    collations: HashMap<u32, String>,
    comments: HashMap<(u32, i16), String>,
}

/// Reads the columns of the tables `oids` and formats what they need, in two pipelined
/// steps.
pub(crate) async fn read_columns(
    tx: &Transaction<'_>,
    oids: &Vec<u32>,
) -> Result<Columns, DbError> {
    let by_oid = Params::Oids(oids);
    let mut rows = Vec::new();
    let mut defaults = Defaults::default();
    let ((), (), type_collations, comments) = tokio::try_join!(
        read_each(tx, queries::COLUMNS, by_oid, "columns", |row| {
            rows.push(ColumnRow::decode(&row)?);
            Ok(())
        }),
        read_each(tx, queries::DEFAULTS, by_oid, "column defaults", |row| {
            defaults.add(&row)
        }),
        read(
            tx,
            queries::TYPE_COLLATIONS,
            Params::None,
            "type collations"
        ),
        read(tx, queries::COLUMN_COMMENTS, by_oid, "column comments"),
    )?;
    defaults.deparse_apart(
        rows.iter()
            .filter(|c| c.generated)
            .map(|c| (c.relid, c.attnum)),
    );
    let type_collations: HashMap<u32, u32> = pairs(&type_collations, "a type collation")?;
    let mut types: Vec<(u32, i32)> = rows.iter().map(|c| c.type_key).collect();
    types.sort_unstable();
    types.dedup();
    let (type_oids, typmods): (Vec<u32>, Vec<i32>) = types.into_iter().unzip();
    let mut collation_oids: Vec<u32> = rows
        .iter()
        .filter_map(|c| c.explicit_collation(&type_collations))
        .collect();
    collation_oids.sort_unstable();
    collation_oids.dedup();
    let (type_names, default_texts, collation_names) = tokio::try_join!(
        read(
            tx,
            queries::TYPE_NAMES,
            Params::Types(&type_oids, &typmods),
            "column types"
        ),
        read(
            tx,
            queries::DEFAULT_TEXTS,
            Params::Oids(&defaults.to_deparse),
            "column defaults"
        ),
        read(
            tx,
            queries::COLLATION_NAMES,
            Params::Oids(&collation_oids),
            "collations"
        ),
    )?;
    Ok(Columns {
        rows,
        defaults,
        default_texts: pairs(&default_texts, "a column default")?,
        types: keyed_pairs(&type_names, "a column type")?,
        type_collations,
        collations: pairs(&collation_names, "a collation")?,
        comments: keyed_pairs(&comments, "a column comment")?,
    })
}

/// Rows of (key part, key part, value), checked.
fn keyed_pairs<'r, A, B, V>(rows: &'r [Row], what: &str) -> Result<HashMap<(A, B), V>, DbError>
where
    A: tokio_postgres::types::FromSql<'r> + std::hash::Hash + Eq,
    B: tokio_postgres::types::FromSql<'r> + std::hash::Hash + Eq,
    V: tokio_postgres::types::FromSql<'r>,
{
    rows.iter()
        .map(|r| Ok(((at(r, 0, &what)?, at(r, 1, &what)?), at(r, 2, &what)?)))
        .collect()
}

impl Columns {
    /// The `pg_attrdef` oids of the generated columns' expressions.
    pub fn generated_defaults(&self) -> Vec<u32> {
        self.rows
            .iter()
            .filter(|c| c.generated)
            .filter_map(|c| self.defaults.oid_of((c.relid, c.attnum)))
            .collect()
    }

    /// The model of `column`; `identity` is its identity sequence's options, if any.
    pub fn column(&self, column: &ColumnRow, identity: Option<&SequenceOptions>) -> Column {
        let key = (column.relid, column.attnum);
        let identity = match (column.identity, identity) {
            (kind @ (b'a' | b'd'), Some(options)) => Some(Identity {
                always: kind == b'a',
                options: options.clone(),
            }),
            _ => None,
        };
        let expression = self.defaults.text(key, &self.default_texts).cloned();
        let (default, generated) = match column.generated {
            true => (None, expression),
            false => (expression, None),
        };
        Column {
            name: column.name.clone(),
            renamed_from: None,
            // TYPE_NAMES answers every pair it was asked for.
            ty: self
                .types
                .get(&column.type_key)
                .cloned()
                .unwrap_or_default(),
            not_null: column.not_null,
            default,
            identity,
            generated,
            collation: column
                .explicit_collation(&self.type_collations)
                .and_then(|oid| self.collations.get(&oid).cloned()),
            comment: self.comments.get(&key).cloned(),
        }
    }
}
