//! Diffing extensions, user-defined types and sequences.

use crate::change::{Change, CommentTarget, Constraint, DomainRebuild, TypeUse};
use crate::model::{ColumnRef, CompositeType, EnumType, Schema, Sequence, TablePart};
use crate::objects::Dependency;
use crate::quote::QualifiedName;

use super::table::column_dropped;
use crate::equivalence::same_expression;

pub fn extensions(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let mut created_schemas: Vec<String> = Vec::new();
    for (name, ext) in &to.extensions {
        let old = from.extensions.get(name);
        if old.is_none_or(|old| old.schema != ext.schema) {
            schema_for_extension(to, &ext.schema, &mut created_schemas, changes);
        }
        let Some(old) = old else {
            changes.push(Change::CreateExtension(ext.clone()));
            continue;
        };
        if old.schema != ext.schema {
            changes.push(Change::SetExtensionSchema {
                name: name.clone(),
                schema: ext.schema.clone(),
            });
        }
        // Only a pinned version is a difference: an unpinned declaration takes any.
        if let (Some(installed), Some(wanted)) = (&old.version, &ext.version)
            && installed != wanted
        {
            changes.push(Change::UpdateExtension {
                name: name.clone(),
                version: wanted.clone(),
            });
        }
    }
    for name in from.extensions.keys() {
        if !to.extensions.contains_key(name) {
            changes.push(Change::DropExtension { name: name.clone() });
        }
    }
}

/// A schema that exists only for extensions (`extensions`, `partman`) is not managed, so
/// nothing else creates it: create it, if missing, before the extension goes there.
fn schema_for_extension(
    to: &Schema,
    schema: &str,
    created: &mut Vec<String>,
    changes: &mut Vec<Change>,
) {
    let managed = to.schemas.iter().any(|s| s == schema);
    let builtin = schema == "public" || schema.starts_with("pg_");
    if managed || builtin || created.iter().any(|s| s == schema) {
        return;
    }
    created.push(schema.to_string());
    changes.push(Change::CreateSchema {
        name: schema.to_string(),
    });
}

pub(super) fn comment(
    target: CommentTarget,
    from: &Option<String>,
    to: &Option<String>,
    changes: &mut Vec<Change>,
) {
    if from != to {
        changes.push(Change::SetComment {
            target,
            comment: to.clone(),
        });
    }
}

/// Whether `old` appears in `new` in the same order (new values only inserted).
fn is_subsequence(old: &[String], new: &[String]) -> bool {
    let mut new_iter = new.iter();
    old.iter().all(|v| new_iter.any(|n| n == v))
}

pub fn enums(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, new) in &to.enums {
        let Some(old) = from.enums.get(name) else {
            changes.push(Change::CreateEnum(new.clone()));
            comment(
                CommentTarget::Type(name.clone()),
                &None,
                &new.comment,
                changes,
            );
            continue;
        };
        if old.values != new.values {
            if is_subsequence(&old.values, &new.values) {
                add_enum_values(old, new, changes);
            } else {
                changes.push(Change::RecreateEnum {
                    old: old.clone(),
                    new: new.clone(),
                    uses: type_uses(from, to, &old.name),
                    domains: domains_over(from, to, &old.name),
                });
                rebuild_dependents(from, to, old, changes);
                let uses = type_uses(from, to, &old.name);
                rebuild_generated_columns(from, to, &uses, changes);
            }
        }
        comment(
            CommentTarget::Type(name.clone()),
            &old.comment,
            &new.comment,
            changes,
        );
    }
    for name in from.enums.keys() {
        if !to.enums.contains_key(name) {
            changes.push(Change::DropEnum { name: name.clone() });
        }
    }
}

fn add_enum_values(old: &EnumType, new: &EnumType, changes: &mut Vec<Change>) {
    for (i, value) in new.values.iter().enumerate() {
        if old.values.contains(value) {
            continue;
        }
        // Place it before the next value that already exists, or at the end.
        let before = new.values[i + 1..]
            .iter()
            .find(|v| old.values.contains(v))
            .cloned();
        changes.push(Change::AddEnumValue {
            name: new.name.clone(),
            value: value.clone(),
            before,
        });
    }
}

/// Columns that use the enum before and after the change and so must be converted.
/// Domains over the enum `name` on both sides, with their columns: Postgres cannot move a
/// domain to another base type, so they are recreated with the enum.
fn domains_over(from: &Schema, to: &Schema, name: &QualifiedName) -> Vec<DomainRebuild> {
    let scalar = name.to_string();
    let array = format!("{scalar}[]");
    to.domains
        .values()
        .filter(|d| d.base_type == scalar || d.base_type == array)
        .filter(|d| {
            from.domains
                .get(&d.name)
                .is_some_and(|old| old.base_type == d.base_type)
        })
        .map(|d| DomainRebuild {
            domain: d.clone(),
            uses: type_uses(from, to, &d.name),
        })
        .collect()
}

/// Columns of the type `name` (or arrays of it) on both sides, converted when the type is
/// recreated.
pub(super) fn type_uses(from: &Schema, to: &Schema, name: &QualifiedName) -> Vec<TypeUse> {
    let scalar = name.to_string();
    let array = format!("{scalar}[]");
    let mut uses = Vec::new();
    for (name, table) in &to.tables {
        // A renamed table and its renamed columns are found by their old names.
        let old_table = super::predecessor(from, to, table);
        for column in &table.columns {
            if column.ty != scalar && column.ty != array {
                continue;
            }
            let Some(old_column) =
                old_table.and_then(|t| super::predecessor_column(t, table, column))
            else {
                continue;
            };
            if old_column.ty == column.ty {
                uses.push(TypeUse {
                    column: ColumnRef {
                        table: name.clone(),
                        column: column.name.clone(),
                    },
                    ty: column.ty.clone(),
                    had_default: old_column.default.is_some(),
                    default: column.default.clone(),
                });
            }
        }
    }
    uses
}

/// Indexes and CHECK constraints that name the enum (a partial index `WHERE status =
/// 'done'`, a check on a label; by their catalog edges) are stored against the old type and would fail when its
/// columns are converted: they are dropped before the recreation and created after it.
/// Those that change anyway are already dropped and created by the table diff.
fn rebuild_dependents(from: &Schema, to: &Schema, old: &EnumType, changes: &mut Vec<Change>) {
    let the_type = Dependency::Type(old.name.clone());
    for (name, old_table) in &from.tables {
        let Some(new_table) = to.tables.get(name) else {
            continue;
        };
        let mentions = |part: TablePart| old_table.uses_of(&part).any(|u| *u == the_type);
        for index in &old_table.indexes {
            let unchanged = new_table.indexes.iter().any(|i| i == index);
            if mentions(TablePart::Index(index.name.clone())) && unchanged {
                changes.push(Change::DropIndex {
                    table: name.clone(),
                    name: name.sibling(index.name.clone()),
                });
                super::table::recreate_index(name, index, changes);
            }
        }
        for check in &old_table.checks {
            let unchanged = new_table.checks.iter().any(|c| c == check);
            if mentions(TablePart::Constraint(check.name.clone())) && unchanged {
                changes.push(Change::DropConstraint {
                    table: name.clone(),
                    name: check.name.clone(),
                    was: Constraint::Check(check.clone()),
                });
                changes.push(Change::AddConstraint {
                    table: name.clone(),
                    constraint: Constraint::Check(check.clone()),
                });
            }
        }
    }
}

/// Generated columns computed from a column that a type recreation converts: Postgres
/// refuses to retype a column a generated one uses, so they are dropped before and added
/// back after, with the indexes built on them.
fn rebuild_generated_columns(
    from: &Schema,
    to: &Schema,
    uses: &[TypeUse],
    changes: &mut Vec<Change>,
) {
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
        for column in &new_table.columns {
            if column.generated.is_none() {
                continue;
            }
            let unchanged = old_table.column(&column.name) == Some(column);
            let expression = TablePart::Default(column.name.clone());
            let reads_converted = converted
                .iter()
                .any(|c| new_table.part_reads(&expression, c));
            if !unchanged || !reads_converted {
                continue;
            }
            let table = new_table.name.clone();
            changes.push(Change::DropColumn {
                table: table.clone(),
                column: column.name.clone(),
            });
            changes.push(Change::AddColumn {
                table: table.clone(),
                column: column.clone(),
            });
            for index in &new_table.indexes {
                let kept = old_table.indexes.contains(index);
                if kept && super::table::index_reads(new_table, index, &column.name) {
                    super::table::recreate_index(&table, index, changes);
                }
            }
        }
    }
}

pub fn domains(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, new) in &to.domains {
        let Some(old) = from.domains.get(name) else {
            changes.push(Change::CreateDomain(new.clone()));
            comment(
                CommentTarget::Domain(name.clone()),
                &None,
                &new.comment,
                changes,
            );
            continue;
        };
        if old.base_type != new.base_type || old.collation != new.collation {
            let uses = type_uses(from, to, name);
            if uses.is_empty() {
                changes.push(Change::DropDomain { name: name.clone() });
                changes.push(Change::CreateDomain(new.clone()));
            } else {
                changes.push(Change::RecreateDomain {
                    old: old.clone(),
                    new: new.clone(),
                    uses,
                });
            }
            comment(
                CommentTarget::Domain(name.clone()),
                &None,
                &new.comment,
                changes,
            );
            continue;
        }
        if !same_expression(old.default.as_deref(), new.default.as_deref()) {
            changes.push(Change::SetDomainDefault {
                name: name.clone(),
                default: new.default.clone(),
            });
        }
        if old.not_null != new.not_null {
            changes.push(Change::SetDomainNotNull {
                name: name.clone(),
                not_null: new.not_null,
            });
        }
        for check in &old.checks {
            if !new.checks.contains(check) {
                changes.push(Change::DropDomainCheck {
                    name: name.clone(),
                    check: check.name.clone(),
                });
            }
        }
        for check in &new.checks {
            if !old.checks.contains(check) {
                changes.push(Change::AddDomainCheck {
                    name: name.clone(),
                    check: check.clone(),
                });
            }
        }
        comment(
            CommentTarget::Domain(name.clone()),
            &old.comment,
            &new.comment,
            changes,
        );
    }
    for name in from.domains.keys() {
        if !to.domains.contains_key(name) {
            changes.push(Change::DropDomain { name: name.clone() });
        }
    }
}

pub fn composites(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, new) in &to.composites {
        let Some(old) = from.composites.get(name) else {
            changes.push(Change::CreateComposite(new.clone()));
            comment(
                CommentTarget::Type(name.clone()),
                &None,
                &new.comment,
                changes,
            );
            continue;
        };
        if old.attributes != new.attributes {
            let uses = type_uses(from, to, &old.name);
            if uses.is_empty() {
                alter_composite(old, new, changes);
            } else {
                changes.push(Change::RecreateComposite {
                    old: old.clone(),
                    new: new.clone(),
                    uses,
                });
            }
        }
        comment(
            CommentTarget::Type(name.clone()),
            &old.comment,
            &new.comment,
            changes,
        );
    }
    for name in from.composites.keys() {
        if !to.composites.contains_key(name) {
            changes.push(Change::DropComposite { name: name.clone() });
        }
    }
}

/// Attributes kept in their relative order are altered in place; a reorder recreates the type.
fn alter_composite(old: &CompositeType, new: &CompositeType, changes: &mut Vec<Change>) {
    let names = |t: &CompositeType| {
        t.attributes
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
    };
    let (old_names, new_names) = (names(old), names(new));
    let kept_old: Vec<&String> = old_names.iter().filter(|n| new_names.contains(n)).collect();
    let kept_new: Vec<&String> = new_names.iter().filter(|n| old_names.contains(n)).collect();
    let appended_only = new_names
        .iter()
        .skip_while(|n| old_names.contains(n))
        .all(|n| !old_names.contains(n));
    if kept_old != kept_new || !appended_only {
        changes.push(Change::DropComposite {
            name: new.name.clone(),
        });
        changes.push(Change::CreateComposite(new.clone()));
        return;
    }
    for attribute in &old.attributes {
        if !new_names.contains(&attribute.name) {
            changes.push(Change::DropCompositeAttribute {
                name: new.name.clone(),
                attribute: attribute.name.clone(),
            });
        }
    }
    for attribute in &new.attributes {
        match old.attributes.iter().find(|a| a.name == attribute.name) {
            None => changes.push(Change::AddCompositeAttribute {
                name: new.name.clone(),
                attribute: attribute.clone(),
            }),
            Some(previous) if previous != attribute => {
                changes.push(Change::AlterCompositeAttribute {
                    name: new.name.clone(),
                    attribute: attribute.clone(),
                })
            }
            Some(_) => {}
        }
    }
}

/// `SET [UN]LOGGED` for a sequence whose persistence the plan would otherwise leave wrong:
/// it changed itself, or its owning table changes persistence (which Postgres carries over
/// to the sequences the table owns) to something the sequence should not follow. When the
/// owner itself moves in the same plan, whether the table's change reaches the sequence
/// depends on order, so both outcomes are covered: setting a persistence the sequence
/// already has is a no-op.
fn persistence(
    from: &Schema,
    to: &Schema,
    old: Option<&Sequence>,
    new: &Sequence,
    changes: &mut Vec<Change>,
) {
    let before = old.map_or(new.unlogged, |old| old.unlogged);
    let owner_flips_to = new.owned_by.as_ref().and_then(|owner| {
        let was = from.tables.get(&owner.table)?.unlogged;
        let will = to.tables.get(&owner.table)?.unlogged;
        (was != will).then_some(will)
    });
    let same_owner = old.is_some_and(|old| {
        old.owned_by.as_ref().map(|o| &o.table) == new.owned_by.as_ref().map(|o| &o.table)
    });
    let wrong = match owner_flips_to {
        Some(table) if same_owner => table != new.unlogged,
        Some(table) => table != new.unlogged || before != new.unlogged,
        None => before != new.unlogged,
    };
    if wrong {
        changes.push(Change::SetSequenceLogged {
            name: new.name.clone(),
            unlogged: new.unlogged,
        });
    }
}

pub fn sequences(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, new) in &to.sequences {
        let Some(old) = from.sequences.get(name) else {
            changes.push(Change::CreateSequence(new.clone()));
            if new.owned_by.is_some() {
                changes.push(Change::SetSequenceOwner {
                    name: name.clone(),
                    owned_by: new.owned_by.clone(),
                });
            }
            persistence(from, to, None, new, changes);
            comment(
                CommentTarget::Sequence(name.clone()),
                &None,
                &new.comment,
                changes,
            );
            continue;
        };
        if old.options != new.options {
            changes.push(Change::AlterSequence {
                name: name.clone(),
                options: new.options.clone(),
                restart: new.options.min_value > old.options.min_value
                    || new.options.max_value < old.options.max_value,
            });
        }
        persistence(from, to, Some(old), new, changes);
        // An owner whose column goes away takes the sequence with it: re-own first.
        let owner_lost = old
            .owned_by
            .as_ref()
            .is_some_and(|o| column_dropped(from, to, o));
        if old.owned_by != new.owned_by || owner_lost {
            if owner_lost && new.owned_by.is_some() {
                // Disowned before the old column goes, owned once the new one exists: a
                // single step would have to run both before and after the column changes.
                changes.push(Change::SetSequenceOwner {
                    name: name.clone(),
                    owned_by: None,
                });
            }
            changes.push(Change::SetSequenceOwner {
                name: name.clone(),
                owned_by: new.owned_by.clone(),
            });
        }
        comment(
            CommentTarget::Sequence(name.clone()),
            &old.comment,
            &new.comment,
            changes,
        );
    }
    for (name, old) in &from.sequences {
        if to.sequences.contains_key(name) {
            continue;
        }
        // Postgres drops an owned sequence together with its owning column.
        let dropped_with_owner = old
            .owned_by
            .as_ref()
            .is_some_and(|o| column_dropped(from, to, o));
        if !dropped_with_owner {
            changes.push(Change::DropSequence { name: name.clone() });
        }
    }
}
