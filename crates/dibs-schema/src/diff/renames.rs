//! What an old table looks like once declared renames have run.
//!
//! Renaming a table or column in Postgres carries its constraints and indexes along
//! (their column lists and references follow), but keeps their names. Diffing against
//! that view means a rename never drops and re-adds a primary key or index; names that
//! changed only because they derive from the table or column name are renamed instead.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::change::Change;
use crate::model::{ForeignKey, Index, KeyConstraint, Schema, Table};
use crate::quote::{Ident, QualifiedName};

use super::table::successor;

/// Table and column renames declared on the `to` side.
#[derive(Default)]
pub struct Renames {
    tables: HashMap<QualifiedName, QualifiedName>,
    /// Per table (by its new name): old column name → new column name.
    columns: HashMap<QualifiedName, HashMap<String, String>>,
}

impl Renames {
    pub fn between(from: &Schema, to: &Schema) -> Renames {
        let mut renames = Renames::default();
        for old in from.tables.values() {
            let Some(new) = successor(to, &old.name) else {
                continue;
            };
            if new.name != old.name {
                renames.tables.insert(old.name.clone(), new.name.clone());
            }
            let mut columns = HashMap::new();
            for column in &new.columns {
                if let Some(previous) = &column.renamed_from
                    && old.column(previous).is_some()
                    && old.column(&column.name).is_none()
                {
                    columns.insert(previous.clone(), column.name.clone());
                }
            }
            if !columns.is_empty() {
                renames.columns.insert(new.name.clone(), columns);
            }
        }
        renames
    }

    fn table(&self, name: &QualifiedName) -> QualifiedName {
        self.tables
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.clone())
    }

    fn column(&self, table: &QualifiedName, column: &str) -> String {
        self.columns
            .get(table)
            .and_then(|m| m.get(column))
            .cloned()
            .unwrap_or_else(|| column.to_string())
    }

    fn columns(&self, table: &QualifiedName, columns: &[String]) -> Vec<String> {
        columns.iter().map(|c| self.column(table, c)).collect()
    }

    /// `old` (to be known as `new_name`) with its constraints and indexes following renames;
    /// borrowed when no rename is declared anywhere (the common case, and a big schema has
    /// thousands of tables to compare).
    pub fn apply<'a>(&self, old: &'a Table, new_name: &QualifiedName) -> Cow<'a, Table> {
        if self.tables.is_empty() && self.columns.is_empty() {
            return Cow::Borrowed(old);
        }
        let mut table = old.clone();
        let key = |k: &KeyConstraint| {
            let columns = self.columns(new_name, &k.columns);
            KeyConstraint {
                definition: if columns == k.columns {
                    k.definition.clone()
                } else {
                    None
                },
                columns,
                name: k.name.clone(),
                comment: k.comment.clone(),
            }
        };
        table.primary_key = old.primary_key.as_ref().map(key);
        table.uniques = old.uniques.iter().map(key).collect();
        table.foreign_keys = old
            .foreign_keys
            .iter()
            .map(|fk| {
                let references = self.table(&fk.references);
                ForeignKey {
                    columns: self.columns(new_name, &fk.columns),
                    on_delete_columns: self.columns(new_name, &fk.on_delete_columns),
                    referenced_columns: self.columns(&references, &fk.referenced_columns),
                    references,
                    ..fk.clone()
                }
            })
            .collect();
        table.indexes = old
            .indexes
            .iter()
            .map(|index| Index {
                keys: index
                    .keys
                    .iter()
                    .map(|k| crate::model::IndexKey {
                        definition: self.key(new_name, &k.definition),
                    })
                    .collect(),
                include: self.columns(new_name, &index.include),
                ..index.clone()
            })
            .collect();
        Cow::Owned(table)
    }

    /// An index key that is a plain (possibly quoted) column name, renamed.
    fn key(&self, table: &QualifiedName, definition: &str) -> String {
        let Some(renames) = self.columns.get(table) else {
            return definition.to_string();
        };
        let (first, rest) = definition.split_once(' ').unwrap_or((definition, ""));
        for (old, new) in renames {
            if Ident(old).to_string() == first {
                let renamed = Ident(new).to_string();
                return if rest.is_empty() {
                    renamed
                } else {
                    format!("{renamed} {rest}")
                };
            }
        }
        definition.to_string()
    }
}

/// Renames constraints and indexes of `old` that differ from one in `new` only by name,
/// recording the changes; returns `old` with those names updated (copied only then).
pub fn rename_objects<'a>(
    mut old: Cow<'a, Table>,
    new: &Table,
    changes: &mut Vec<Change>,
) -> Cow<'a, Table> {
    let table = new.name.clone();
    let mut rename = |from: &str, to: &str, index: bool| {
        changes.push(if index {
            Change::RenameIndex {
                name: table.sibling(from.to_string()),
                to: to.to_string(),
            }
        } else {
            Change::RenameConstraint {
                table: table.clone(),
                from: from.to_string(),
                to: to.to_string(),
            }
        });
    };
    if let (Some(a), Some(b)) = (old.primary_key.as_ref(), new.primary_key.as_ref())
        && a.name != b.name
        && a.columns == b.columns
    {
        rename(&a.name, &b.name, false);
        if let Some(key) = old.to_mut().primary_key.as_mut() {
            key.name = b.name.clone();
        }
    }
    for i in 0..old.uniques.len() {
        let key = &old.uniques[i];
        if new.uniques.iter().any(|n| n.name == key.name) {
            continue;
        }
        let twin = new.uniques.iter().find(|n| {
            n.columns == key.columns
                && (n.definition.is_none()
                    || key.definition.is_none()
                    || n.definition == key.definition)
        });
        if let Some(twin) = twin {
            rename(&key.name, &twin.name, false);
            old.to_mut().uniques[i].name = twin.name.clone();
        }
    }
    for i in 0..old.foreign_keys.len() {
        let fk = &old.foreign_keys[i];
        if new.foreign_keys.iter().any(|n| n.name == fk.name) {
            continue;
        }
        let twin = new.foreign_keys.iter().find(|n| {
            n.name != fk.name
                && ForeignKey {
                    name: fk.name.clone(),
                    ..(*n).clone()
                } == *fk
        });
        if let Some(twin) = twin {
            rename(&fk.name, &twin.name, false);
            old.to_mut().foreign_keys[i].name = twin.name.clone();
        }
    }
    let names: Vec<String> = old.indexes.iter().map(|i| i.name.clone()).collect();
    for i in 0..old.indexes.len() {
        let index = &old.indexes[i];
        if new.indexes.iter().any(|n| n.name == index.name) {
            continue;
        }
        let twin = new.indexes.iter().find(|n| {
            !names.contains(&n.name)
                && Index {
                    name: index.name.clone(),
                    comment: index.comment.clone(),
                    ..(*n).clone()
                } == *index
        });
        if let Some(twin) = twin {
            rename(&index.name, &twin.name, true);
            old.to_mut().indexes[i].name = twin.name.clone();
        }
    }
    old
}
