//! Tables from catalog rows: columns, constraints and indexes. Row positions follow
//! `queries.rs`; every value is decoded checked (`cell.rs`), so a row that does not decode
//! is an error naming the table, never a panic.

use std::collections::{HashMap, HashSet};

use dibs_schema::{
    Dependent, ForeignKey, Index, IndexKey, KeyConstraint, NamedDefinition, PartitionOf,
    QualifiedName, ReferentialAction, ReplicaIdentity, Schema, SequenceOptions, Table,
};
use tokio_postgres::Row;

use super::cell::at;
use super::columns::ColumnRow;
use super::index_def::index_keys;
use super::{Catalog, Deparsed};
use crate::error::DbError;

fn replica_identity(code: &str) -> ReplicaIdentity {
    match code {
        "f" => ReplicaIdentity::Full,
        "n" => ReplicaIdentity::Nothing,
        "i" => ReplicaIdentity::Index,
        _ => ReplicaIdentity::Default,
    }
}

fn referential_action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// Position of the constraint's oid in a constraints row.
pub const CONSTRAINT_OID: usize = 3;
/// Position of `confrelid`: the table a foreign key references (0 for other kinds).
pub const CONSTRAINT_REFERENCED_TABLE: usize = 5;
/// Position of the flag saying the definition needs the server's deparser.
pub const CONSTRAINT_NEEDS_DEPARSE: usize = 13;
/// Position of the constraint's comment.
const CONSTRAINT_COMMENT: usize = 14;
/// Position of `confdelsetcols`: the columns `ON DELETE SET NULL (...)` sets.
const CONSTRAINT_DELETE_SET_COLUMNS: usize = 15;

/// A table foreign keys reference that introspection did not read: named for them.
pub struct ReferencedTable {
    pub name: QualifiedName,
    pub columns: HashMap<i16, String>,
}

/// The `REFERENCED_TABLES` rows by table oid.
pub fn referenced_tables(rows: &[Row]) -> Result<HashMap<u32, ReferencedTable>, DbError> {
    let what = &"a table a foreign key references";
    let mut tables: HashMap<u32, ReferencedTable> = HashMap::new();
    for row in rows {
        let name = QualifiedName::new(at::<&str>(row, 1, what)?, at::<&str>(row, 2, what)?);
        tables
            .entry(at(row, 0, what)?)
            .or_insert_with(|| ReferencedTable {
                name,
                columns: HashMap::new(),
            })
            .columns
            .insert(at(row, 3, what)?, at(row, 4, what)?);
    }
    Ok(tables)
}

/// Column names and collations by (table oid, column number), for naming key columns;
/// the names borrow from the catalog rows.
pub struct ColumnIndex<'r> {
    columns: HashMap<(u32, i16), (&'r str, u32)>,
}

impl<'r> ColumnIndex<'r> {
    pub fn new(rows: &'r [ColumnRow]) -> ColumnIndex<'r> {
        ColumnIndex {
            columns: rows
                .iter()
                .map(|c| ((c.relid, c.attnum), (c.name.as_str(), c.collation)))
                .collect(),
        }
    }

    fn name(&self, table: u32, attnum: i16) -> Option<&str> {
        self.columns.get(&(table, attnum)).map(|(n, _)| *n)
    }

    fn names(&self, table: u32, attnums: &[i16]) -> Vec<String> {
        attnums
            .iter()
            .filter_map(|n| self.name(table, *n).map(str::to_string))
            .collect()
    }
}

/// An index whose keys are plain columns in their default operator class, collation and
/// order: its keys are the column names, no deparsing needed.
pub fn is_plain_index(
    row: &Row,
    default_opclasses: &HashSet<u32>,
    columns: &ColumnIndex,
) -> Result<bool, DbError> {
    let what = &"an index";
    let table: u32 = at(row, 0, what)?;
    let has_expressions: bool = at(row, 5, what)?;
    let keys: Vec<i16> = at(row, 6, what)?;
    let key_count = at::<i16>(row, 7, what)? as usize;
    let classes: Vec<u32> = at(row, 8, what)?;
    let options: Vec<i16> = at(row, 9, what)?;
    let collations: Vec<u32> = at(row, 10, what)?;
    Ok(!has_expressions
        && options.iter().all(|o| *o == 0)
        && classes.iter().all(|c| default_opclasses.contains(c))
        && keys
            .iter()
            .take(key_count)
            .zip(&collations)
            .all(|(k, coll)| {
                columns
                    .columns
                    .get(&(table, *k))
                    .is_some_and(|(_, column_collation)| column_collation == coll)
            }))
}

pub fn tables(
    schema: &mut Schema,
    catalog: &Catalog,
    names: &ColumnIndex,
    deparsed: &Deparsed,
) -> Result<(), DbError> {
    let mut by_oid: HashMap<u32, Table> = HashMap::new();
    for row in &catalog.tables {
        by_oid.insert(at(row, 0, &"a table")?, table(row)?);
    }
    let mut local: Vec<&ColumnRow> = catalog.columns.rows.iter().filter(|c| c.own).collect();
    local.sort_unstable_by_key(|c| (c.relid, c.attnum));
    for group in local.chunk_by(|a, b| a.relid == b.relid) {
        let Some(table) = by_oid.get_mut(&group[0].relid) else {
            continue;
        };
        table.columns.reserve_exact(group.len());
        for column in group {
            let identity = catalog.identities.get(&(column.relid, column.attnum));
            table.columns.push(catalog.columns.column(column, identity));
        }
    }
    for row in &catalog.constraints {
        let what = &"a constraint";
        // A foreign key's target among the tables read (`confrelid` is 0 for other kinds).
        let target = by_oid
            .get(&at::<u32>(row, CONSTRAINT_REFERENCED_TABLE, what)?)
            .map(|t| t.name.clone());
        let Some(table) = by_oid.get_mut(&at::<u32>(row, 0, what)?) else {
            continue;
        };
        add_constraint(table, row, names, target, deparsed)?;
    }
    for row in &catalog.indexes {
        let what = &"an index";
        let Some(table) = by_oid.get_mut(&at::<u32>(row, 0, what)?) else {
            continue;
        };
        let index = index(row, names, deparsed, &table.name)?;
        table.indexes.push(index);
    }
    for row in &catalog.dependents {
        let what = &"an object depending on a table";
        if let Some(table) = by_oid.get_mut(&at::<u32>(row, 0, what)?) {
            table.dependents.push(Dependent {
                object: at(row, 1, what)?,
                column: at(row, 2, what)?,
            });
        }
    }
    for (_, table) in by_oid {
        schema.tables.insert(table.name.clone(), table);
    }
    Ok(())
}

fn table(row: &Row) -> Result<Table, DbError> {
    let name = super::cell::name_at(row, 1, 2, &"a table")?;
    let what = &format!("table {name}");
    let mut table = Table::new(name);
    table.unlogged = at(row, 3, what)?;
    table.replica_identity = replica_identity(at(row, 4, what)?);
    table.row_level_security = at(row, 5, what)?;
    table.force_row_level_security = at(row, 6, what)?;
    table.partition_by = at(row, 7, what)?;
    let parent_schema: Option<String> = at(row, 8, what)?;
    let parent_name: Option<String> = at(row, 9, what)?;
    if let (Some(s), Some(n), Some(bound)) = (parent_schema, parent_name, at(row, 10, what)?) {
        table.partition_of = Some(PartitionOf {
            parent: QualifiedName::new(s, n),
            bound,
        });
    }
    table.comment = at(row, 11, what)?;
    table.replica_identity_index = at(row, 12, what)?;
    table.options = sorted_options(at(row, 13, what)?);
    let parent_schemas: Vec<String> = at(row, 14, what)?;
    let parent_names: Vec<String> = at(row, 15, what)?;
    table.inherits = parent_schemas
        .into_iter()
        .zip(parent_names)
        .map(|(s, n)| QualifiedName::new(s, n))
        .collect();
    Ok(table)
}

/// Identity sequence options by (table oid, column number).
pub fn identities(rows: &[Row]) -> Result<HashMap<(u32, i16), SequenceOptions>, DbError> {
    let what = &"an identity column's sequence";
    rows.iter()
        .map(|row| {
            Ok((
                (at(row, 0, what)?, at(row, 1, what)?),
                super::build::sequence_options(row, 2, what)?,
            ))
        })
        .collect()
}

/// Storage parameters as the catalog keeps them (`reloptions`), sorted for comparison.
fn sorted_options(options: Option<Vec<String>>) -> Vec<String> {
    let mut options = options.unwrap_or_default();
    options.sort();
    options
}

/// PRIMARY KEY / UNIQUE text as `pg_get_constraintdef` prints it for a plain key.
fn plain_key_definition(keyword: &str, columns: &[String]) -> String {
    format!("{keyword} ({})", dibs_schema::ident_list(columns))
}

fn add_constraint(
    table: &mut Table,
    row: &Row,
    names: &ColumnIndex,
    target: Option<QualifiedName>,
    deparsed: &Deparsed,
) -> Result<(), DbError> {
    let name: String = at(row, 1, &format!("a constraint of table {}", table.name))?;
    let what = &format!("constraint {name} of table {}", table.name);
    let relid: u32 = at(row, 0, what)?;
    let kind: String = at(row, 2, what)?;
    let definition = deparsed
        .constraints
        .get(&at::<u32>(row, CONSTRAINT_OID, what)?)
        .cloned();
    let columns = names.names(relid, &at::<Vec<i16>>(row, 4, what)?);
    let comment: Option<String> = at(row, CONSTRAINT_COMMENT, what)?;
    match kind.as_str() {
        "p" | "u" => {
            let keyword = if kind == "p" { "PRIMARY KEY" } else { "UNIQUE" };
            let key = KeyConstraint {
                name,
                definition: Some(
                    definition.unwrap_or_else(|| plain_key_definition(keyword, &columns)),
                ),
                columns,
                comment,
            };
            if kind == "p" {
                table.primary_key = Some(key);
            } else {
                table.uniques.push(key);
            }
        }
        "f" => add_foreign_key(table, row, name, columns, names, target, deparsed)?,
        "c" => table.checks.push(NamedDefinition {
            name,
            definition: definition.unwrap_or_default(),
            comment,
        }),
        _ => table.exclusions.push(NamedDefinition {
            name,
            definition: definition.unwrap_or_default(),
            comment,
        }),
    }
    Ok(())
}

fn add_foreign_key(
    table: &mut Table,
    row: &Row,
    name: String,
    columns: Vec<String>,
    names: &ColumnIndex,
    target: Option<QualifiedName>,
    deparsed: &Deparsed,
) -> Result<(), DbError> {
    let what = &format!("foreign key {name} of table {}", table.name);
    let relid: u32 = at(row, 0, what)?;
    let referenced: u32 = at(row, CONSTRAINT_REFERENCED_TABLE, what)?;
    let numbers: Vec<i16> = at(row, 6, what)?;
    let (references, referenced_columns) = match target {
        Some(target) => (target, names.names(referenced, &numbers)),
        None => {
            // The last round names every target the first ones did not read.
            let Some(outside) = deparsed.referenced.get(&referenced) else {
                return Ok(());
            };
            let columns = numbers
                .iter()
                .filter_map(|n| outside.columns.get(n).cloned())
                .collect();
            (outside.name.clone(), columns)
        }
    };
    table.foreign_keys.push(ForeignKey {
        name,
        columns,
        references,
        referenced_columns,
        on_update: referential_action(at(row, 7, what)?),
        on_delete: referential_action(at(row, 8, what)?),
        on_delete_columns: at::<Option<Vec<i16>>>(row, CONSTRAINT_DELETE_SET_COLUMNS, what)?
            .map(|numbers| names.names(relid, &numbers))
            .unwrap_or_default(),
        deferrable: at(row, 9, what)?,
        initially_deferred: at(row, 10, what)?,
        match_full: at::<String>(row, 11, what)? == "f",
        validated: at(row, 12, what)?,
        comment: at(row, CONSTRAINT_COMMENT, what)?,
    });
    Ok(())
}

fn index(
    row: &Row,
    names: &ColumnIndex,
    deparsed: &Deparsed,
    table: &QualifiedName,
) -> Result<Index, DbError> {
    let what = &format!("an index of table {table}");
    let relid: u32 = at(row, 0, what)?;
    let attnums: Vec<i16> = at(row, 6, what)?;
    let key_count = (at::<i16>(row, 7, what)? as usize).min(attnums.len());
    let keys: Vec<String> = match deparsed.indexes.get(&at::<u32>(row, 4, what)?) {
        Some(definition) => index_keys(definition),
        None => attnums[..key_count]
            .iter()
            .filter_map(|n| names.name(relid, *n))
            .map(|n| dibs_schema::Ident(n).to_string())
            .collect(),
    };
    Ok(Index {
        name: at(row, 1, what)?,
        unique: at(row, 2, what)?,
        method: at(row, 3, what)?,
        keys: keys
            .into_iter()
            .map(|definition| IndexKey { definition })
            .collect(),
        include: names.names(relid, &attnums[key_count..]),
        predicate: at(row, 11, what)?,
        nulls_not_distinct: at(row, 13, what)?,
        options: sorted_options(at(row, 14, what)?),
        comment: at(row, 12, what)?,
        valid: at(row, 15, what)?,
    })
}
