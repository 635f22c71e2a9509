//! Foreign keys that must move with the key they reference.
//!
//! Postgres ties a foreign key to the unique index behind the columns it references (a
//! primary key, a unique constraint or a unique index). Dropping that index while the
//! foreign key exists fails, even when the diff adds another key on the same columns. So a
//! foreign key that the table diff keeps is dropped before such a key goes and added again
//! after the new keys exist (the ordering sees to both).

use crate::change::{Change, Constraint};
use crate::model::{Schema, Table};
use crate::quote::{Ident, QualifiedName};

use super::table::{drop_foreign_key, predecessor};

/// A key being dropped: its table (as named after the change) and its columns, sorted.
type DroppedKey = (QualifiedName, Vec<String>);

pub fn follow_dropped_keys(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let dropped = dropped_keys(from, to, changes);
    if dropped.is_empty() {
        return;
    }
    let mut rebuilt = Vec::new();
    for table in to.tables.values() {
        let Some(old_table) = predecessor(from, to, table) else {
            continue;
        };
        for fk in &table.foreign_keys {
            let mut referenced = fk.referenced_columns.clone();
            referenced.sort();
            let over_dropped_key = dropped
                .iter()
                .any(|(t, columns)| *t == fk.references && *columns == referenced);
            let already_dropped = changes.iter().any(|c| {
                matches!(c, Change::DropConstraint { table: t, name, .. }
                    if *t == table.name && *name == fk.name)
            });
            let Some(old_fk) = old_table.foreign_keys.iter().find(|o| o.name == fk.name) else {
                continue;
            };
            if over_dropped_key && !already_dropped {
                rebuilt.push(drop_foreign_key(&table.name, old_fk));
                rebuilt.push(Change::AddConstraint {
                    table: table.name.clone(),
                    constraint: Constraint::ForeignKey(fk.clone()),
                });
            }
        }
    }
    changes.extend(rebuilt);
}

/// Primary keys, unique constraints and plain-column unique indexes the changes drop.
fn dropped_keys(from: &Schema, to: &Schema, changes: &[Change]) -> Vec<DroppedKey> {
    let sorted = |columns: &[String]| {
        let mut columns = columns.to_vec();
        columns.sort();
        columns
    };
    changes
        .iter()
        .filter_map(|change| match change {
            Change::DropConstraint {
                table,
                was: Constraint::PrimaryKey(key) | Constraint::Unique(key),
                ..
            } => Some((table.clone(), sorted(&key.columns))),
            Change::DropIndex { table, name } => {
                let old = to
                    .tables
                    .get(table)
                    .and_then(|t| predecessor(from, to, t))?;
                unique_index_columns(old, &name.name).map(|c| (table.clone(), sorted(&c)))
            }
            _ => None,
        })
        .collect()
}

/// The columns of a unique, non-partial index whose keys are plain columns.
fn unique_index_columns(table: &Table, index: &str) -> Option<Vec<String>> {
    let index = table.indexes.iter().find(|i| i.name == index)?;
    if !index.unique || index.predicate.is_some() {
        return None;
    }
    index
        .keys
        .iter()
        .map(|key| {
            table
                .columns
                .iter()
                .find(|c| Ident(&c.name).to_string() == key.definition)
                .map(|c| c.name.clone())
        })
        .collect()
}
