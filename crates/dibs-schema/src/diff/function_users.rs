//! Table parts that call a function being dropped and created again (its result type
//! changes, or a type it takes is recreated): Postgres refuses to drop a function a
//! default, check or index still calls, so each such part is dropped before the function
//! and put back after it. Which parts call what comes from the catalog (`Table::uses`).
//! Generated columns cannot lose their expression and get it back; those are refused by
//! `plan` with the fix.

use std::collections::BTreeSet;

use super::table::{all_constraints, recreate_index, successor, successor_column};
use crate::change::{Change, CommentTarget};
use crate::model::{Schema, Table, TablePart};
use crate::objects::{Dependency, FunctionName, Object};

/// Adds the drops and re-creations of the parts of kept tables that call a function the
/// changes drop.
pub(crate) fn rebuild_parts_calling_dropped_functions(
    from: &Schema,
    to: &Schema,
    changes: &mut Vec<Change>,
) {
    let dropped: BTreeSet<FunctionName> = changes
        .iter()
        .filter_map(|change| match change {
            Change::DropObject(Object::Function(f)) => Some(f.name.clone()),
            _ => None,
        })
        .collect();
    if dropped.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for old in from.tables.values() {
        let Some(new) = successor(to, &old.name) else {
            continue;
        };
        let parts: BTreeSet<&TablePart> = old
            .uses
            .iter()
            .filter(|edge| matches!(&edge.uses, Dependency::Function(f) if dropped.contains(f)))
            .map(|edge| &edge.part)
            .collect();
        for part in parts {
            rebuild(old, new, part, changes, &mut added);
        }
    }
    changes.extend(added);
}

fn rebuild(
    old: &Table,
    new: &Table,
    part: &TablePart,
    changes: &mut Vec<Change>,
    added: &mut Vec<Change>,
) {
    match part {
        TablePart::Constraint(name) => rebuild_constraint(old, new, name, changes, added),
        TablePart::Index(name) => {
            if old.indexes.iter().any(|i| &i.name == name) {
                rebuild_index(new, name, changes, added);
            } else {
                // The index behind an EXCLUDE constraint carries its expressions' edges.
                rebuild_constraint(old, new, name, changes, added);
            }
        }
        TablePart::Default(column) => rebuild_default(old, new, column, changes, added),
        // A column's type calls no function.
        TablePart::Column(_) => {}
    }
}

fn rebuild_constraint(
    old: &Table,
    new: &Table,
    name: &str,
    changes: &[Change],
    added: &mut Vec<Change>,
) {
    let table = &new.name;
    let already = changes.iter().chain(added.iter()).any(|c| {
        matches!(c, Change::DropConstraint { table: t, name: n, .. } if t == table && n == name)
    });
    if already {
        return;
    }
    let Some(was) = all_constraints(old).into_iter().find(|c| c.name() == name) else {
        return;
    };
    added.push(Change::DropConstraint {
        table: table.clone(),
        name: name.to_string(),
        was,
    });
    if let Some(now) = all_constraints(new).into_iter().find(|c| c.name() == name) {
        let comment = now.comment().cloned();
        added.push(Change::AddConstraint {
            table: table.clone(),
            constraint: now,
        });
        if comment.is_some() {
            added.push(Change::SetComment {
                target: CommentTarget::Constraint {
                    table: table.clone(),
                    name: name.to_string(),
                },
                comment,
            });
        }
    }
}

fn rebuild_index(new: &Table, name: &str, changes: &[Change], added: &mut Vec<Change>) {
    let table = &new.name;
    let already = changes.iter().chain(added.iter()).any(
        |c| matches!(c, Change::DropIndex { table: t, name: n } if t == table && n.name == name),
    );
    if already {
        return;
    }
    added.push(Change::DropIndex {
        table: table.clone(),
        name: table.sibling(name.to_string()),
    });
    if let Some(index) = new.indexes.iter().find(|i| i.name == name) {
        recreate_index(table, index, added);
    }
}

/// A plain default is removed before and set again after; whatever the diff already did
/// to it is replaced by that pair.
fn rebuild_default(
    old: &Table,
    new: &Table,
    column: &str,
    changes: &mut Vec<Change>,
    added: &mut Vec<Change>,
) {
    let Some(old_column) = old.column(column) else {
        return;
    };
    let Some(new_column) = successor_column(new, old_column) else {
        return;
    };
    let table = &new.name;
    let recreated = changes.iter().any(
        |c| matches!(c, Change::DropColumn { table: t, column: n } if t == table && n == column),
    );
    if recreated || old_column.generated.is_some() || new_column.generated.is_some() {
        return;
    }
    let same = |c: &Change| {
        matches!(c, Change::SetDefault { table: t, column: n, .. }
            if t == table && *n == new_column.name)
    };
    changes.retain(|c| !same(c));
    added.retain(|c| !same(c));
    added.push(Change::SetDefault {
        table: table.clone(),
        column: new_column.name.clone(),
        default: None,
    });
    if new_column.default.is_some() {
        added.push(Change::SetDefault {
            table: table.clone(),
            column: new_column.name.clone(),
            default: new_column.default.clone(),
        });
    }
}
