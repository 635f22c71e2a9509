//! Columns: read as plain catalog rows, then what only the server can print — type names,
//! default expressions, collation names — asked for once per distinct value.
//!
//! The columns come back first in the catalog round, and the follow-up queries go out as
//! soon as they are in: grouping the defaults on the client and formatting on the server
//! then overlap the rest of the round (constraints, indexes, types) instead of following
//! it. Row positions follow `queries::COLUMNS`.

use std::collections::{HashMap, HashSet};

use dibs_schema::{Column, Identity, SequenceOptions};
use tokio_postgres::{Row, Transaction};

use super::defaults::Defaults;
use super::{Params, queries, read};
use crate::error::DbError;

/// Position of `atttypid` in a columns row; `atttypmod` follows.
const COLUMN_TYPE: usize = 2;
const COLUMN_TYPMOD: usize = 3;
const COLUMN_NOT_NULL: usize = 4;
/// Position of the flag saying the column is generated.
const COLUMN_IS_GENERATED: usize = 5;
const COLUMN_IDENTITY: usize = 6;
/// Position of `attnum`.
pub const COLUMN_NUMBER: usize = 7;
/// Position of `attislocal`: inherited columns of partitions are the parent's.
pub const COLUMN_IS_LOCAL: usize = 8;
pub const COLUMN_COLLATION: usize = 9;

/// The columns of the tables read, with the server's text for their types, defaults and
/// declared collations.
pub(crate) struct Columns {
    pub rows: Vec<Row>,
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
    let (rows, stored_defaults, type_collations, comments) = tokio::try_join!(
        read(tx, queries::COLUMNS, by_oid, "columns"),
        read(tx, queries::DEFAULTS, by_oid, "column defaults"),
        read(
            tx,
            queries::TYPE_COLLATIONS,
            Params::None,
            "type collations"
        ),
        read(tx, queries::COLUMN_COMMENTS, by_oid, "column comments"),
    )?;
    let defaults = Defaults::group(&stored_defaults, &generated(&rows));
    drop(stored_defaults);
    let type_collations: HashMap<u32, u32> = type_collations
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut types: Vec<(u32, i32)> = rows.iter().map(type_key).collect();
    types.sort_unstable();
    types.dedup();
    let (type_oids, typmods): (Vec<u32>, Vec<i32>) = types.into_iter().unzip();
    let mut collation_oids: Vec<u32> = rows
        .iter()
        .filter_map(|row| explicit_collation(row, &type_collations))
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
    let by_oid = |rows: Vec<Row>| -> HashMap<u32, String> {
        rows.into_iter().map(|r| (r.get(0), r.get(1))).collect()
    };
    Ok(Columns {
        rows,
        defaults,
        default_texts: by_oid(default_texts),
        types: type_names
            .iter()
            .map(|r| ((r.get(0), r.get(1)), r.get(2)))
            .collect(),
        type_collations,
        collations: by_oid(collation_names),
        comments: comments
            .iter()
            .map(|row| ((row.get(0), row.get(1)), row.get(2)))
            .collect(),
    })
}

fn type_key(row: &Row) -> (u32, i32) {
    (row.get(COLUMN_TYPE), row.get(COLUMN_TYPMOD))
}

/// (table oid, column number) of every generated column.
fn generated(rows: &[Row]) -> HashSet<(u32, i16)> {
    rows.iter()
        .filter(|row| row.get::<_, bool>(COLUMN_IS_GENERATED))
        .map(|row| (row.get(0), row.get(COLUMN_NUMBER)))
        .collect()
}

/// The collation a column was declared with (`COLLATE`), if any: one that is not its
/// type's default.
fn explicit_collation(row: &Row, type_collations: &HashMap<u32, u32>) -> Option<u32> {
    let collation: u32 = row.get(COLUMN_COLLATION);
    let default = type_collations
        .get(&row.get::<_, u32>(COLUMN_TYPE))
        .copied()
        .unwrap_or(0);
    (collation != default).then_some(collation)
}

impl Columns {
    /// The model of the column in `row`, (table oid, column number) `key`; `identity` is
    /// its identity sequence's options, if it has one.
    pub fn column(&self, row: &Row, key: (u32, i16), identity: Option<&SequenceOptions>) -> Column {
        let kind: &str = row.get(COLUMN_IDENTITY);
        let identity = match (kind, identity) {
            ("a" | "d", Some(options)) => Some(Identity {
                always: kind == "a",
                options: options.clone(),
            }),
            _ => None,
        };
        let expression = self.defaults.text(key, &self.default_texts).cloned();
        let (default, generated) = match row.get::<_, bool>(COLUMN_IS_GENERATED) {
            true => (None, expression),
            false => (expression, None),
        };
        Column {
            name: row.get(1),
            renamed_from: None,
            // TYPE_NAMES answers every pair it was asked for.
            ty: self.types.get(&type_key(row)).cloned().unwrap_or_default(),
            not_null: row.get(COLUMN_NOT_NULL),
            default,
            identity,
            generated,
            collation: explicit_collation(row, &self.type_collations)
                .and_then(|oid| self.collations.get(&oid).cloned()),
            comment: self.comments.get(&key).cloned(),
        }
    }
}
