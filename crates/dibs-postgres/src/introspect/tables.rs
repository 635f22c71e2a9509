//! Tables from catalog rows: columns, constraints and indexes. Row positions follow
//! `queries.rs`.

use std::collections::{HashMap, HashSet};

use dibs_schema::{
    Dependent, ForeignKey, Index, IndexKey, KeyConstraint, NamedDefinition, PartitionOf,
    QualifiedName, ReferentialAction, ReplicaIdentity, Schema, SequenceOptions, Table,
};
use tokio_postgres::Row;

use super::columns::ColumnRow;
use super::index_def::index_keys;
use super::{Catalog, Deparsed};

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
pub fn referenced_tables(rows: &[Row]) -> HashMap<u32, ReferencedTable> {
    let mut tables: HashMap<u32, ReferencedTable> = HashMap::new();
    for row in rows {
        tables
            .entry(row.get(0))
            .or_insert_with(|| ReferencedTable {
                name: QualifiedName::new(row.get::<_, &str>(1), row.get::<_, &str>(2)),
                columns: HashMap::new(),
            })
            .columns
            .insert(row.get(3), row.get(4));
    }
    tables
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
pub fn is_plain_index(row: &Row, default_opclasses: &HashSet<u32>, columns: &ColumnIndex) -> bool {
    let table: u32 = row.get(0);
    let has_expressions: bool = row.get(5);
    let keys: Vec<i16> = row.get(6);
    let key_count = row.get::<_, i16>(7) as usize;
    let classes: Vec<u32> = row.get(8);
    let options: Vec<i16> = row.get(9);
    let collations: Vec<u32> = row.get(10);
    !has_expressions
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
            })
}

pub fn tables(schema: &mut Schema, catalog: &Catalog, names: &ColumnIndex, deparsed: &Deparsed) {
    let mut by_oid: HashMap<u32, Table> = HashMap::new();
    for row in &catalog.tables {
        by_oid.insert(row.get(0), table(row));
    }
    let mut local: Vec<&ColumnRow> = catalog.columns.rows.iter().filter(|c| c.is_local).collect();
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
        // A foreign key's target among the tables read (`confrelid` is 0 for other kinds).
        let target = by_oid
            .get(&row.get::<_, u32>(CONSTRAINT_REFERENCED_TABLE))
            .map(|t| t.name.clone());
        let Some(table) = by_oid.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        add_constraint(table, row, names, target, deparsed);
    }
    for row in &catalog.indexes {
        let Some(table) = by_oid.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        table.indexes.push(index(row, names, deparsed));
    }
    for row in &catalog.dependents {
        if let Some(table) = by_oid.get_mut(&row.get::<_, u32>(0)) {
            table.dependents.push(Dependent {
                object: row.get(1),
                column: row.get(2),
            });
        }
    }
    for (_, table) in by_oid {
        schema.tables.insert(table.name.clone(), table);
    }
}

fn table(row: &Row) -> Table {
    let name = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
    let mut table = Table::new(name);
    table.unlogged = row.get(3);
    table.replica_identity = replica_identity(row.get(4));
    table.row_level_security = row.get(5);
    table.force_row_level_security = row.get(6);
    table.partition_by = row.get(7);
    let parent_schema: Option<String> = row.get(8);
    let parent_name: Option<String> = row.get(9);
    if let (Some(s), Some(n), Some(bound)) = (parent_schema, parent_name, row.get(10)) {
        table.partition_of = Some(PartitionOf {
            parent: QualifiedName::new(s, n),
            bound,
        });
    }
    table.comment = row.get(11);
    table.replica_identity_index = row.get(12);
    table.options = sorted_options(row.get(13));
    table
}

/// Identity sequence options by (table oid, column number).
pub fn identities(rows: &[Row]) -> HashMap<(u32, i16), SequenceOptions> {
    rows.iter()
        .map(|row| {
            (
                (row.get(0), row.get(1)),
                super::build::sequence_options(row, 2),
            )
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
) {
    let relid: u32 = row.get(0);
    let name: String = row.get(1);
    let kind: String = row.get(2);
    let definition = deparsed
        .constraints
        .get(&row.get::<_, u32>(CONSTRAINT_OID))
        .cloned();
    let columns = names.names(relid, &row.get::<_, Vec<i16>>(4));
    let comment: Option<String> = row.get(CONSTRAINT_COMMENT);
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
        "f" => add_foreign_key(table, row, name, columns, names, target, deparsed),
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
}

fn add_foreign_key(
    table: &mut Table,
    row: &Row,
    name: String,
    columns: Vec<String>,
    names: &ColumnIndex,
    target: Option<QualifiedName>,
    deparsed: &Deparsed,
) {
    let referenced: u32 = row.get(CONSTRAINT_REFERENCED_TABLE);
    let numbers: Vec<i16> = row.get(6);
    let (references, referenced_columns) = match target {
        Some(target) => (target, names.names(referenced, &numbers)),
        None => {
            // The last round names every target the first ones did not read.
            let Some(outside) = deparsed.referenced.get(&referenced) else {
                return;
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
        on_update: referential_action(row.get(7)),
        on_delete: referential_action(row.get(8)),
        on_delete_columns: row
            .get::<_, Option<Vec<i16>>>(CONSTRAINT_DELETE_SET_COLUMNS)
            .map(|numbers| names.names(row.get(0), &numbers))
            .unwrap_or_default(),
        deferrable: row.get(9),
        initially_deferred: row.get(10),
        match_full: row.get::<_, String>(11) == "f",
        validated: row.get(12),
        comment: row.get(CONSTRAINT_COMMENT),
    });
}

fn index(row: &Row, names: &ColumnIndex, deparsed: &Deparsed) -> Index {
    let relid: u32 = row.get(0);
    let attnums: Vec<i16> = row.get(6);
    let key_count = (row.get::<_, i16>(7) as usize).min(attnums.len());
    let keys: Vec<String> = match deparsed.indexes.get(&row.get::<_, u32>(4)) {
        Some(definition) => index_keys(definition),
        None => attnums[..key_count]
            .iter()
            .filter_map(|n| names.name(relid, *n))
            .map(|n| dibs_schema::Ident(n).to_string())
            .collect(),
    };
    Index {
        name: row.get(1),
        unique: row.get(2),
        method: row.get(3),
        keys: keys
            .into_iter()
            .map(|definition| IndexKey { definition })
            .collect(),
        include: names.names(relid, &attnums[key_count..]),
        predicate: row.get(11),
        nulls_not_distinct: row.get(13),
        options: sorted_options(row.get(14)),
        comment: row.get(12),
        valid: row.get(15),
    }
}
