//! Rebuilding dependents: when a change drops or recreates something, every object that
//! depends on it (by the `from` side's catalog edges, transitively) is dropped first and,
//! when the desired schema still has it, created again afterwards. Views over a retyped
//! column, functions taking a recreated enum, triggers calling a recreated function.
//! Ordering the drops before and the creations after is `crate::order`'s job, by the same
//! edges.

use std::collections::{BTreeSet, HashMap};

use super::{Dependency, Object, ObjectKey, objects_of};
use crate::change::{Change, TypeUse};
use crate::diff::{predecessor, predecessor_column};
use crate::model::{ColumnRef, Schema};
use crate::quote::QualifiedName;

/// Adds the drops and creations that objects depending on broken things need, and turns
/// in-place replacements of those objects into drop and create.
pub(crate) fn rebuild_dependents(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let broken = broken_objects(from, to, changes);
    if broken.is_empty() {
        return;
    }
    let old_objects: HashMap<ObjectKey, Object> = objects_of(from).into_iter().collect();
    let new_objects: HashMap<ObjectKey, Object> = objects_of(to).into_iter().collect();
    // What the diff already does to each broken object.
    let mut dropped = BTreeSet::new();
    let mut created = BTreeSet::new();
    changes.retain_mut(|change| match change {
        // Computed from the old ACL, which a recreated object does not keep.
        Change::CreateObject(o @ Object::Privileges(_)) if broken.contains(&o.key()) => false,
        Change::DropObject(o) => {
            dropped.insert(o.key());
            true
        }
        Change::CreateObject(o) => {
            created.insert(o.key());
            true
        }
        Change::ReplaceObject(o) if broken.contains(&o.key()) => false,
        // A recreated materialized view comes with its indexes.
        Change::CreateViewIndex { view, .. } | Change::DropViewIndex { view, .. } => {
            !broken.contains(&ObjectKey::View(view.clone()))
        }
        _ => true,
    });
    for key in &broken {
        // Dropping an object takes its ACL along; nothing to revoke first.
        if !dropped.contains(key)
            && !matches!(key, ObjectKey::Privileges(_))
            && let Some(old) = old_objects.get(key)
        {
            changes.push(Change::DropObject(old.clone()));
        }
        if !created.contains(key)
            && let Some(new) = new_objects.get(key)
        {
            changes.push(Change::CreateObject(new.clone()));
        }
    }
}

/// The objects of `from` that must go because something they use is dropped or
/// recreated, directly or through other such objects.
fn broken_objects(from: &Schema, to: &Schema, changes: &[Change]) -> BTreeSet<ObjectKey> {
    let mut users: HashMap<Dependency, Vec<ObjectKey>> = HashMap::new();
    for (key, object) in objects_of(from) {
        for dependency in object.depends_on().iter() {
            users
                .entry(dependency.clone())
                .or_default()
                .push(key.clone());
            // A dropped table takes the objects using any of its columns.
            if let Dependency::Column(column) = dependency {
                users
                    .entry(Dependency::Relation(column.table.clone()))
                    .or_default()
                    .push(key.clone());
            }
        }
    }
    let mut pending: Vec<Dependency> = changes
        .iter()
        .flat_map(|c| broken_by(from, to, c))
        .collect();
    // A parent's column change recurses to the same column of every child.
    let inherited: Vec<Dependency> = pending
        .iter()
        .filter_map(|d| match d {
            Dependency::Column(column) => Some(column),
            _ => None,
        })
        .flat_map(|column| {
            from.descendants(&column.table).into_iter().map(|table| {
                Dependency::Column(ColumnRef {
                    table,
                    column: column.column.clone(),
                })
            })
        })
        .collect();
    pending.extend(inherited);
    let mut broken = BTreeSet::new();
    let mut seen = BTreeSet::new();
    while let Some(dependency) = pending.pop() {
        if !seen.insert(dependency.clone()) {
            continue;
        }
        for key in users.get(&dependency).into_iter().flatten() {
            if broken.insert(key.clone()) {
                pending.extend(identity_of(from, key));
            }
        }
    }
    broken
}

/// What an object is to the objects that use it.
fn identity_of(from: &Schema, key: &ObjectKey) -> Vec<Dependency> {
    match key {
        ObjectKey::Function(name) => vec![Dependency::Function(name.clone())],
        ObjectKey::View(name) => {
            let mut out = vec![Dependency::Relation(name.clone())];
            if let Some(view) = from.views.get(name) {
                out.extend(view.columns.iter().map(|c| {
                    Dependency::Column(ColumnRef {
                        table: name.clone(),
                        column: c.name.clone(),
                    })
                }));
            }
            out
        }
        ObjectKey::Foreign(super::ForeignName::Table(name)) => {
            let mut out = vec![Dependency::Relation(name.clone())];
            if let Some(table) = from.foreign_tables.get(name) {
                out.extend(table.columns.iter().map(|c| {
                    Dependency::Column(ColumnRef {
                        table: name.clone(),
                        column: c.name.clone(),
                    })
                }));
            }
            out
        }
        // Columns and indexes using a collation are refused, not rebuilt (`collation.rs`).
        ObjectKey::Collation(_)
        | ObjectKey::Trigger(_)
        | ObjectKey::EventTrigger(_)
        | ObjectKey::Policy(_)
        | ObjectKey::Rule(_)
        | ObjectKey::Statistics(_)
        | ObjectKey::Privileges(_)
        | ObjectKey::DefaultPrivileges(_)
        | ObjectKey::Publication(_)
        | ObjectKey::Owner(_)
        | ObjectKey::Foreign(_) => Vec::new(),
    }
}

/// What `change` drops or recreates, named as in `from`.
fn broken_by(from: &Schema, to: &Schema, change: &Change) -> Vec<Dependency> {
    let old_table = |table: &QualifiedName| -> QualifiedName {
        to.tables
            .get(table)
            .and_then(|t| predecessor(from, to, t))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| table.clone())
    };
    let old_column = |table: &QualifiedName, column: &str| -> Dependency {
        let old_name = old_table(table);
        let previous = match (from.tables.get(&old_name), to.tables.get(table)) {
            (Some(old), Some(new)) => new
                .column(column)
                .and_then(|c| predecessor_column(old, new, c))
                .map(|c| c.name.clone()),
            _ => None,
        };
        Dependency::Column(ColumnRef {
            table: old_name,
            column: previous.unwrap_or_else(|| column.to_string()),
        })
    };
    let uses = |uses: &[TypeUse]| -> Vec<Dependency> {
        uses.iter()
            .map(|u| old_column(&u.column.table, &u.column.column))
            .collect()
    };
    match change {
        Change::DropTable { name } => vec![Dependency::Relation(name.clone())],
        Change::DropColumn { table, column } => vec![Dependency::Column(ColumnRef {
            table: old_table(table),
            column: column.clone(),
        })],
        Change::AlterColumnType { table, column, .. } => vec![old_column(table, column)],
        Change::RecreateEnum {
            old,
            uses: u,
            domains,
            ..
        } => {
            let mut out = vec![Dependency::Type(old.name.clone())];
            out.extend(uses(u));
            for rebuild in domains {
                out.push(Dependency::Type(rebuild.domain.name.clone()));
                out.extend(uses(&rebuild.uses));
            }
            out
        }
        Change::RecreateDomain { old, uses: u, .. } => {
            let mut out = vec![Dependency::Type(old.name.clone())];
            out.extend(uses(u));
            out
        }
        Change::RecreateComposite { old, uses: u, .. } => {
            let mut out = vec![Dependency::Type(old.name.clone())];
            out.extend(uses(u));
            out
        }
        Change::RecreateRange { old, uses: u, .. } => {
            let mut out = vec![Dependency::Type(old.name.clone())];
            out.extend(uses(u));
            out
        }
        Change::DropEnum { name }
        | Change::DropDomain { name }
        | Change::DropComposite { name }
        | Change::DropRange { name } => vec![Dependency::Type(name.clone())],
        Change::DropSequence { name } => vec![Dependency::Sequence(name.clone())],
        Change::DropObject(object) => identity_of(from, &object.key()),
        _ => Vec::new(),
    }
}
