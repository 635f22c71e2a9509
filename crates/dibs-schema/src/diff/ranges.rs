//! Range types: compared whole, since Postgres cannot alter one. An unused range is
//! dropped and created; one that columns use is recreated around them (see
//! `recreate::recreate_range`), with the indexes and constraints over those columns.

use crate::change::{Change, CommentTarget, Constraint, TypeUse};
use crate::model::{RangeType, Schema, TablePart};
use crate::quote::QualifiedName;

use super::table::{index_reads, recreate_index};
use super::types::{comment, type_uses};

pub fn ranges(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, new) in &to.ranges {
        match from.ranges.get(name) {
            None => {
                changes.push(Change::CreateRange(new.clone()));
                comment(
                    CommentTarget::Type(name.clone()),
                    &None,
                    &new.comment,
                    changes,
                );
            }
            Some(old)
                if old.subtype != new.subtype
                    || old.subtype_opclass != new.subtype_opclass
                    || old.collation != new.collation
                    || old.subtype_diff != new.subtype_diff
                    || old.canonical != new.canonical
                    || old.multirange != new.multirange =>
            {
                recreate_range(from, to, old, new, changes)
            }
            Some(old) => comment(
                CommentTarget::Type(name.clone()),
                &old.comment,
                &new.comment,
                changes,
            ),
        }
    }
    for name in from.ranges.keys() {
        if !to.ranges.contains_key(name) {
            changes.push(Change::DropRange { name: name.clone() });
        }
    }
}

/// A range cannot be altered: an unused one is dropped and created, one that columns use
/// is recreated around them.
fn recreate_range(
    from: &Schema,
    to: &Schema,
    old: &RangeType,
    new: &RangeType,
    changes: &mut Vec<Change>,
) {
    // Columns of its multirange are converted the same way, through text.
    let mut uses = type_uses(from, to, &old.name);
    if let Some(multirange) = &old.multirange {
        uses.extend(type_uses(from, to, &old.name.sibling(multirange.clone())));
    }
    if uses.is_empty() {
        changes.push(Change::DropRange {
            name: old.name.clone(),
        });
        changes.push(Change::CreateRange(new.clone()));
        comment(
            CommentTarget::Type(new.name.clone()),
            &None,
            &new.comment,
            changes,
        );
    } else {
        rebuild_parts_reading(from, to, &uses, changes);
        changes.push(Change::RecreateRange {
            old: Box::new(old.clone()),
            new: Box::new(new.clone()),
            uses,
        });
    }
}

/// Indexes and CHECK / EXCLUDE constraints over the columns a range recreation converts:
/// while a column waits as text, a GiST index or an `&&` exclusion over it has no operator
/// class and a check calling range functions no longer resolves, so each kept one is
/// dropped before and created after. (Primary keys and unique constraints survive the
/// round trip and are left to the conversion.)
fn rebuild_parts_reading(from: &Schema, to: &Schema, uses: &[TypeUse], changes: &mut Vec<Change>) {
    for new_table in to.tables.values() {
        let converted: Vec<&str> = uses
            .iter()
            .filter(|u| u.column.table == new_table.name)
            .map(|u| u.column.column.as_str())
            .collect();
        let Some(old_table) = super::predecessor(from, to, new_table) else {
            continue;
        };
        if converted.is_empty() {
            continue;
        }
        let table = &new_table.name;
        for index in &new_table.indexes {
            let kept = old_table.indexes.contains(index);
            if kept && converted.iter().any(|c| index_reads(new_table, index, c)) {
                changes.push(Change::DropIndex {
                    table: table.clone(),
                    name: table.sibling(index.name.clone()),
                });
                recreate_index(table, index, changes);
            }
        }
        let constraints = new_table
            .checks
            .iter()
            .map(|c| {
                (
                    c,
                    old_table.checks.contains(c),
                    Constraint::Check(c.clone()),
                )
            })
            .chain(new_table.exclusions.iter().map(|x| {
                (
                    x,
                    old_table.exclusions.contains(x),
                    Constraint::Exclusion(x.clone()),
                )
            }));
        for (definition, kept, constraint) in constraints {
            let part = TablePart::Constraint(definition.name.clone());
            if kept && converted.iter().any(|c| new_table.part_reads(&part, c)) {
                changes.push(Change::DropConstraint {
                    table: table.clone(),
                    name: definition.name.clone(),
                    was: constraint.clone(),
                });
                changes.push(Change::AddConstraint {
                    table: table.clone(),
                    constraint,
                });
            }
        }
    }
}

/// A range keeps its `subtype_diff` and `canonical` functions from being dropped, and
/// cannot be pointed at new ones: a kept range whose function the changes drop (to create
/// it again with another result type, say) is dropped before it and created after it.
pub fn recreate_ranges_calling_dropped_functions(
    from: &Schema,
    to: &Schema,
    changes: &mut Vec<Change>,
) {
    let dropped: Vec<&crate::objects::FunctionName> = changes
        .iter()
        .filter_map(|change| match change {
            Change::DropObject(crate::objects::Object::Function(f)) => Some(&f.name),
            _ => None,
        })
        .collect();
    let already: Vec<&QualifiedName> = changes
        .iter()
        .filter_map(|change| match change {
            Change::DropRange { name } => Some(name),
            Change::RecreateRange { old, .. } => Some(&old.name),
            _ => None,
        })
        .collect();
    let mut added = Vec::new();
    for (name, old) in &from.ranges {
        let Some(new) = to.ranges.get(name) else {
            continue;
        };
        let calls_dropped = [&old.subtype_diff, &old.canonical]
            .into_iter()
            .flatten()
            .any(|f| dropped.contains(&f));
        if calls_dropped && !already.contains(&name) {
            recreate_range(from, to, old, new, &mut added);
        }
    }
    changes.extend(added);
}
