//! Ordering table changes by the catalog edges of the parts they add or remove: a
//! column's type, a default that calls `nextval`, a check that casts to an enum, an index
//! expression that calls a function. What a new part names is created before it; what
//! an old part named is dropped after it. The edges come from `pg_depend` on both sides
//! (`Table::uses`), never from reading the SQL text.

use super::{Context, Deps, Key};
use crate::change::Change;
use crate::model::{Table, TablePart};
use crate::objects::{Dependency, FunctionName, ObjectKey};
use crate::quote::QualifiedName;

impl Context<'_> {
    pub(super) fn part_deps(&self, change: &Change, d: &mut Deps) {
        match change {
            Change::CreateTable(table) => d
                .requires
                .extend(whole_table_keys(table, &self.on_itself(table, true))),
            Change::DropTable { name } => {
                if let Some(old) = self.from.tables.get(name) {
                    d.releases
                        .extend(whole_table_keys(old, &self.on_itself(old, false)));
                }
            }
            Change::AddColumn { table, column } => {
                d.requires.extend(self.new_column_keys(table, &column.name))
            }
            Change::DropColumn { table, column } => {
                if let Some(old) = self.old_table(table) {
                    d.releases.extend(column_keys(old, column));
                }
            }
            Change::AlterColumnType { table, column, .. } => replacing(
                d,
                self.new_column_keys(table, column),
                self.old_column_keys(table, column),
            ),
            Change::SetDefault {
                table,
                column,
                default,
            } => {
                let new = match default {
                    Some(_) => self.new_part_keys(table, &TablePart::Default(column.clone())),
                    None => Vec::new(),
                };
                replacing(d, new, self.old_default_keys(table, column));
            }
            Change::DropExpression { table, column } => {
                d.releases.extend(self.old_default_keys(table, column))
            }
            Change::AddConstraint { table, constraint } => {
                let part = TablePart::Constraint(constraint.name().to_string());
                d.requires.extend(self.new_part_keys(table, &part));
            }
            Change::DropConstraint { table, name, .. } => {
                let part = TablePart::Constraint(name.clone());
                d.releases.extend(self.old_part_keys(table, &part));
            }
            Change::CreateIndex { table, index } => {
                let part = TablePart::Index(index.name.clone());
                d.requires.extend(self.new_part_keys(table, &part));
            }
            Change::DropIndex { table, name } => {
                let part = TablePart::Index(name.name.clone());
                d.releases.extend(self.old_part_keys(table, &part));
            }
            _ => {}
        }
    }

    /// Keys of what `part` of the desired table `table` names.
    fn new_part_keys(&self, table: &QualifiedName, part: &TablePart) -> Vec<Key> {
        match self.to.tables.get(table) {
            Some(new) => keys(new.uses_of(part)),
            None => Vec::new(),
        }
    }

    /// Keys of what `part` (named as in the current database) of the table now called
    /// `table` named.
    fn old_part_keys(&self, table: &QualifiedName, part: &TablePart) -> Vec<Key> {
        match self.old_table(table) {
            Some(old) => keys(old.uses_of(part)),
            None => Vec::new(),
        }
    }

    fn new_column_keys(&self, table: &QualifiedName, column: &str) -> Vec<Key> {
        match self.to.tables.get(table) {
            Some(new) => column_keys(new, column),
            None => Vec::new(),
        }
    }

    /// What the current column now called `column` named, by its current name.
    fn old_column_keys(&self, table: &QualifiedName, column: &str) -> Vec<Key> {
        let old_name = self.old_column_name(table, column);
        match self.old_table(table) {
            Some(old) => column_keys(old, &old_name),
            None => Vec::new(),
        }
    }

    fn old_default_keys(&self, table: &QualifiedName, column: &str) -> Vec<Key> {
        let part = TablePart::Default(self.old_column_name(table, column));
        self.old_part_keys(table, &part)
    }

    /// The name the column now called `column` has in the current database.
    fn old_column_name(&self, table: &QualifiedName, column: &str) -> String {
        let renamed = self
            .to
            .tables
            .get(table)
            .and_then(|t| t.column(column))
            .and_then(|c| c.renamed_from.clone());
        match renamed {
            Some(previous) if self.old_column(table, column).is_none() => previous,
            _ => column.to_string(),
        }
    }

    /// Functions over `table`'s own row type: created after it, dropped before it.
    fn on_itself(&self, table: &Table, desired: bool) -> Vec<FunctionName> {
        let schema = if desired { self.to } else { self.from };
        crate::diff::calls_on_itself(table, schema)
    }
}

/// A change that replaces what a part names: it waits for the new, and lets go of the
/// old only where the new no longer names it (what both name, such as a function being
/// recreated, is taken apart by changes of its own; `diff::function_users`).
fn replacing(d: &mut Deps, new: Vec<Key>, old: Vec<Key>) {
    d.releases
        .extend(old.into_iter().filter(|k| !new.contains(k)));
    d.requires.extend(new);
}

/// What a column's type and its default or generated expression name.
fn column_keys(table: &Table, column: &str) -> Vec<Key> {
    let mut out = keys(table.uses_of(&TablePart::Column(column.to_string())));
    out.extend(keys(table.uses_of(&TablePart::Default(column.to_string()))));
    out
}

/// What every part of `table` names, except functions in `excluded`.
fn whole_table_keys(table: &Table, excluded: &[FunctionName]) -> Vec<Key> {
    keys(table.uses.iter().map(|edge| &edge.uses).filter(|used| {
        !matches!(used, Dependency::Function(f) if excluded.contains(f))
            && *used != &Dependency::Relation(table.name.clone())
    }))
}

fn keys<'a>(uses: impl Iterator<Item = &'a Dependency>) -> Vec<Key> {
    uses.filter_map(|used| match used {
        Dependency::Type(name) => Some(Key::Type(name.clone())),
        Dependency::Sequence(name) => Some(Key::Sequence(name.clone())),
        Dependency::Function(name) => Some(Key::Object(ObjectKey::Function(name.clone()))),
        Dependency::Relation(name) => Some(Key::Table(name.clone())),
        Dependency::Column(_) => None,
    })
    .collect()
}
