//! Table inheritance (`INHERITS`): what a child gets from its parents, and joining or
//! leaving a parent.
//!
//! A child's inherited columns and checks are its parents' (the model leaves them out of
//! the child, as the catalog marks them with `attinhcount` / `coninhcount`): changing
//! them on a parent recurses to every child, so the child's own diff never touches them.
//! Joining a parent (`INHERIT`) needs the child to have the parent's columns, NOT NULLs
//! and checks first; leaving one (`NO INHERIT`) makes them the child's own, to change
//! afterwards like any column. Both are planned by diffing the child as if it had what
//! the parents it joins or leaves pass down.

use crate::change::Change;
use crate::model::{Column, NamedDefinition, Schema, Table};
use crate::quote::QualifiedName;

impl Schema {
    /// The columns a child of `parent` gets: the parent's own, then what its parents pass
    /// down, first name wins.
    pub fn passed_down_columns(&self, parent: &QualifiedName) -> Vec<Column> {
        let mut out: Vec<Column> = Vec::new();
        self.walk_ancestors(parent, &mut Vec::new(), &mut |table| {
            for column in &table.columns {
                if !out.iter().any(|c| c.name == column.name) {
                    out.push(Column {
                        // Comments and identities stay with the parent.
                        comment: None,
                        identity: None,
                        renamed_from: None,
                        ..column.clone()
                    });
                }
            }
        });
        out
    }

    /// The checks a child of `parent` must have: all but those marked `NO INHERIT`.
    pub fn passed_down_checks(&self, parent: &QualifiedName) -> Vec<NamedDefinition> {
        let mut out: Vec<NamedDefinition> = Vec::new();
        self.walk_ancestors(parent, &mut Vec::new(), &mut |table| {
            for check in &table.checks {
                if !check.definition.ends_with(" NO INHERIT")
                    && !out.iter().any(|c| c.name == check.name)
                {
                    out.push(NamedDefinition {
                        comment: None,
                        ..check.clone()
                    });
                }
            }
        });
        out
    }

    /// Every table that inherits from `table`, directly or through others.
    pub(crate) fn descendants(&self, table: &QualifiedName) -> Vec<QualifiedName> {
        let mut out: Vec<QualifiedName> = Vec::new();
        let mut pending = vec![table.clone()];
        while let Some(parent) = pending.pop() {
            for child in self.tables.values() {
                if child.inherits.contains(&parent) && !out.contains(&child.name) {
                    out.push(child.name.clone());
                    pending.push(child.name.clone());
                }
            }
        }
        out
    }

    /// Calls `visit` on `table` and its ancestors, each once (a cycle cannot exist in a
    /// catalog, but a hand-built model should not hang).
    fn walk_ancestors(
        &self,
        table: &QualifiedName,
        seen: &mut Vec<QualifiedName>,
        visit: &mut dyn FnMut(&Table),
    ) {
        if seen.contains(table) {
            return;
        }
        seen.push(table.clone());
        let Some(found) = self.tables.get(table) else {
            return;
        };
        visit(found);
        for parent in &found.inherits {
            self.walk_ancestors(parent, seen, visit);
        }
    }
}

/// Plans the parents `new` joins and leaves, and returns the two sides of the child's own
/// diff: `old` with what the parents it leaves passed down (now its own), `new` with what
/// the parents it joins pass down (which it must have before joining).
pub(super) fn joined_and_left(
    from: &Schema,
    to: &Schema,
    old: Table,
    new: &Table,
    changes: &mut Vec<Change>,
) -> (Table, Table) {
    let left: Vec<&QualifiedName> = old
        .inherits
        .iter()
        .filter(|p| !new.inherits.contains(p))
        .collect();
    let joined: Vec<&QualifiedName> = new
        .inherits
        .iter()
        .filter(|p| !old.inherits.contains(p))
        .collect();
    if left.is_empty() && joined.is_empty() {
        return (old, new.clone());
    }
    let kept: Vec<&QualifiedName> = new
        .inherits
        .iter()
        .filter(|p| old.inherits.contains(p))
        .collect();
    let mut old_side = old.clone();
    extend(from, &left, &kept, &mut old_side);
    let mut new_side = new.clone();
    extend(to, &joined, &kept, &mut new_side);
    for parent in left {
        changes.push(Change::NoInherit {
            table: new.name.clone(),
            parent: parent.clone(),
        });
    }
    for parent in joined {
        changes.push(Change::Inherit {
            table: new.name.clone(),
            parent: parent.clone(),
        });
    }
    (old_side, new_side)
}

/// Adds to `table` what `parents` pass down and the `kept` parents do not (those stay
/// inherited).
fn extend(schema: &Schema, parents: &[&QualifiedName], kept: &[&QualifiedName], table: &mut Table) {
    let still_inherited: Vec<String> = kept
        .iter()
        .flat_map(|p| schema.passed_down_columns(p))
        .map(|c| c.name)
        .collect();
    let still_checked: Vec<String> = kept
        .iter()
        .flat_map(|p| schema.passed_down_checks(p))
        .map(|c| c.name)
        .collect();
    for parent in parents {
        for column in schema.passed_down_columns(parent) {
            if !still_inherited.contains(&column.name) && table.column(&column.name).is_none() {
                table.columns.push(column);
            }
        }
        for check in schema.passed_down_checks(parent) {
            if !still_checked.contains(&check.name)
                && !table.checks.iter().any(|c| c.name == check.name)
            {
                table.checks.push(check);
            }
        }
    }
}
