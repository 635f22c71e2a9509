//! Diffing tables: renames, columns, constraints, indexes and table options.

use crate::change::{Change, CommentTarget, Constraint};
use crate::equivalence::same_expression;
use crate::objects::{Dependency, FunctionName};

use super::renames::{Renames, rename_objects};
use crate::model::{
    Column, ColumnRef, ForeignKey, Index, KeyConstraint, NamedDefinition, Schema, Table, TablePart,
};
use crate::quote::QualifiedName;

/// The table in `to` that `old` becomes: same name, or one declaring `renamed_from` it.
pub fn successor<'a>(to: &'a Schema, old: &QualifiedName) -> Option<&'a Table> {
    if let Some(table) = to.tables.get(old) {
        return Some(table);
    }
    to.tables.values().find(|t| {
        t.name.schema == old.schema && t.renamed_from.as_deref() == Some(old.name.as_str())
    })
}

/// The table in `from` that `new` continues, honouring `renamed_from`.
pub fn predecessor<'a>(from: &'a Schema, to: &Schema, new: &Table) -> Option<&'a Table> {
    if let Some(table) = from.tables.get(&new.name) {
        return Some(table);
    }
    let old_name = new.name.sibling(new.renamed_from.clone()?);
    if to.tables.contains_key(&old_name) {
        return None;
    }
    from.tables.get(&old_name)
}

pub(super) fn successor_column<'a>(new: &'a Table, old: &Column) -> Option<&'a Column> {
    new.column(&old.name).or_else(|| {
        new.columns
            .iter()
            .find(|c| c.renamed_from.as_deref() == Some(old.name.as_str()))
    })
}

pub(crate) fn predecessor_column<'a>(
    old: &'a Table,
    new_table: &Table,
    new: &Column,
) -> Option<&'a Column> {
    if let Some(column) = old.column(&new.name) {
        return Some(column);
    }
    let previous = new.renamed_from.as_deref()?;
    if new_table.column(previous).is_some() {
        return None;
    }
    old.column(previous)
}

/// Whether the column `owner` (named as in `from`) no longer exists in `to`.
pub fn column_dropped(from: &Schema, to: &Schema, owner: &ColumnRef) -> bool {
    let Some(old_table) = from.tables.get(&owner.table) else {
        return false;
    };
    let Some(old_column) = old_table.column(&owner.column) else {
        return false;
    };
    match successor(to, &owner.table) {
        None => true,
        Some(new_table) => match successor_column(new_table, old_column) {
            None => true,
            Some(new_column) => needs_recreate(old_column, new_column),
        },
    }
}

/// [`needs_recreate`], plus generated columns computed from a column whose type changes:
/// Postgres refuses to retype a column a generated one uses, so those are rebuilt too.
fn recreated_in(old_table: &Table, new_table: &Table, old: &Column, new: &Column) -> bool {
    if needs_recreate(old, new) {
        return true;
    }
    if old.generated.is_none() {
        return false;
    }
    let expression = TablePart::Default(old.name.clone());
    old_table.columns.iter().any(|input| {
        new_table.column(&input.name).is_some_and(|next| {
            next.ty != input.ty && old_table.part_reads(&expression, &input.name)
        })
    })
}

/// A column Postgres cannot alter into the new one in place: it is dropped and re-added.
fn needs_recreate(old: &Column, new: &Column) -> bool {
    match (&old.generated, &new.generated) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => a != b || old.ty != new.ty,
        _ => false,
    }
}

pub fn tables(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let renames = Renames::between(from, to);
    for new in to.tables.values() {
        match predecessor(from, to, new) {
            None => create_table(new, to, changes),
            // Most tables are unchanged: one comparison instead of matching every part.
            Some(old) if old == new => {}
            Some(old) if partitioning_changed(old, new) => {
                for fk in &old.foreign_keys {
                    changes.push(drop_foreign_key(&old.name, fk));
                }
                changes.push(Change::DropTable {
                    name: old.name.clone(),
                });
                create_table(new, to, changes);
            }
            Some(old) => {
                if old.name != new.name {
                    changes.push(Change::RenameTable {
                        from: old.name.clone(),
                        to: new.name.name.clone(),
                    });
                }
                let old = rename_objects(renames.apply(old, &new.name), new, changes);
                let (old, new) =
                    super::inheritance::joined_and_left(from, to, old.into_owned(), new, changes);
                alter_table(&old, &new, changes);
            }
        }
    }
    for old in from.tables.values() {
        if successor(to, &old.name).is_none() {
            // Foreign keys go first, so that tables referencing each other can be dropped.
            for fk in &old.foreign_keys {
                changes.push(drop_foreign_key(&old.name, fk));
            }
            // A function over the table's row type cannot go while the table's checks
            // call it, nor the table while the function exists: checks go first.
            if !calls_on_itself(old, from).is_empty() {
                for check in &old.checks {
                    changes.push(Change::DropConstraint {
                        table: old.name.clone(),
                        name: check.name.clone(),
                        was: Constraint::Check(check.clone()),
                    });
                }
            }
            changes.push(Change::DropTable {
                name: old.name.clone(),
            });
        }
    }
}

/// Dropping a foreign key of `table`, remembering it for the ordering.
pub fn drop_foreign_key(table: &QualifiedName, fk: &ForeignKey) -> Change {
    Change::DropConstraint {
        table: table.clone(),
        name: fk.name.clone(),
        was: Constraint::ForeignKey(fk.clone()),
    }
}

fn partitioning_changed(old: &Table, new: &Table) -> bool {
    old.partition_by != new.partition_by
        || old.partition_of.as_ref().map(|p| &p.parent)
            != new.partition_of.as_ref().map(|p| &p.parent)
}

/// CREATE TABLE plus what it cannot hold inline: foreign keys, indexes, options, comments.
/// A CHECK that is NOT VALID is added after the CREATE TABLE: inside it Postgres would
/// validate it, and the next diff would find it changed.
/// Checks are also added afterwards when the table calls a function that takes its own
/// row type: that function needs the table, and the table's checks need the function.
fn create_table(table: &Table, to: &Schema, changes: &mut Vec<Change>) {
    let inline_checks = calls_on_itself(table, to).is_empty();
    let mut created = table.clone();
    created
        .checks
        .retain(|c| inline_checks && !c.is_not_valid());
    let mut shape = created_shape(table);
    shape.checks.retain(|_| inline_checks);
    // CREATE TABLE keeps one index per key: a unique constraint on the same key as the
    // primary key or an earlier one would vanish inside it, so it is added afterwards.
    let duplicates = duplicate_keys(table);
    created.uniques.retain(|u| !duplicates.contains(&u.name));
    shape.uniques.retain(|u| !duplicates.contains(&u.name));
    changes.push(Change::CreateTable(Box::new(created)));
    alter_table(&shape, table, changes);
}

/// Unique constraints whose key (columns, INCLUDE, NULLS NOT DISTINCT, deferrability) an
/// earlier primary key or unique constraint of the table already has.
fn duplicate_keys(table: &Table) -> Vec<String> {
    let key = |k: &KeyConstraint| match &k.definition {
        Some(definition) => definition
            .trim_start_matches("PRIMARY KEY")
            .trim_start_matches("UNIQUE")
            .trim()
            .to_string(),
        None => k.columns.join(","),
    };
    let mut seen: Vec<String> = table.primary_key.iter().map(key).collect();
    let mut duplicates = Vec::new();
    for unique in &table.uniques {
        let this = key(unique);
        if seen.contains(&this) {
            duplicates.push(unique.name.clone());
        } else {
            seen.push(this);
        }
    }
    duplicates
}

/// The functions `table` calls that depend on `table` itself (its row type).
pub(crate) fn calls_on_itself(table: &Table, to: &Schema) -> Vec<FunctionName> {
    let itself = Dependency::Relation(table.name.clone());
    table
        .functions()
        .into_iter()
        .filter(|f| {
            to.functions
                .get(f)
                .is_some_and(|function| function.depends_on.contains(&itself))
        })
        .collect()
}

/// What a table looks like right after its CREATE TABLE statement.
fn created_shape(table: &Table) -> Table {
    let mut created = Table::new(table.name.clone());
    created.columns = table
        .columns
        .iter()
        .map(|c| Column {
            comment: None,
            ..c.clone()
        })
        .collect();
    // Constraint comments are set after the CREATE TABLE, like column comments.
    let key = |k: &KeyConstraint| KeyConstraint {
        comment: None,
        ..k.clone()
    };
    let named = |c: &NamedDefinition| NamedDefinition {
        comment: None,
        ..c.clone()
    };
    created.primary_key = table.primary_key.as_ref().map(key);
    created.uniques = table.uniques.iter().map(key).collect();
    created.checks = table
        .checks
        .iter()
        .filter(|c| !c.is_not_valid())
        .map(named)
        .collect();
    created.exclusions = table.exclusions.iter().map(named).collect();
    created.unlogged = table.unlogged;
    created.partition_by = table.partition_by.clone();
    created.partition_of = table.partition_of.clone();
    created.inherits = table.inherits.clone();
    created
}

/// Everything about an existing table, once it has its new name.
fn alter_table(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let name = &new.name;
    drop_constraints(old, new, changes);
    columns(old, new, changes);
    add_constraints(old, new, changes);
    indexes(old, new, changes);
    options(old, new, changes);
    if old.comment != new.comment {
        changes.push(Change::SetComment {
            target: CommentTarget::Table(name.clone()),
            comment: new.comment.clone(),
        });
    }
}

fn key_matches(old: &KeyConstraint, new: &KeyConstraint) -> bool {
    old.name == new.name
        && old.columns == new.columns
        && match (&old.definition, &new.definition) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

/// Every constraint of a table, tagged by kind.
pub(super) fn all_constraints(table: &Table) -> Vec<Constraint> {
    table
        .primary_key
        .iter()
        .cloned()
        .map(Constraint::PrimaryKey)
        .chain(table.uniques.iter().cloned().map(Constraint::Unique))
        .chain(
            table
                .foreign_keys
                .iter()
                .cloned()
                .map(Constraint::ForeignKey),
        )
        .chain(table.checks.iter().cloned().map(Constraint::Check))
        .chain(table.exclusions.iter().cloned().map(Constraint::Exclusion))
        .collect()
}

/// The same constraint, comments aside (a comment changes without recreating it).
fn same_constraint(old: &Constraint, new: &Constraint) -> bool {
    match (old, new) {
        (Constraint::PrimaryKey(a), Constraint::PrimaryKey(b))
        | (Constraint::Unique(a), Constraint::Unique(b)) => key_matches(a, b),
        (Constraint::ForeignKey(a), Constraint::ForeignKey(b)) => same_foreign_key(a, b),
        (Constraint::Check(a), Constraint::Check(b)) => {
            a.name == b.name && same_expression(Some(&a.definition), Some(&b.definition))
        }
        (Constraint::Exclusion(a), Constraint::Exclusion(b)) => {
            a.name == b.name && a.definition == b.definition
        }
        _ => false,
    }
}

fn same_foreign_key(a: &ForeignKey, b: &ForeignKey) -> bool {
    // Destructured so that a new field forces a decision here.
    let ForeignKey {
        name,
        columns,
        references,
        referenced_columns,
        on_delete,
        on_delete_columns,
        on_update,
        deferrable,
        initially_deferred,
        match_full,
        validated,
        comment: _,
    } = a;
    *name == b.name
        && *columns == b.columns
        && *references == b.references
        && *referenced_columns == b.referenced_columns
        && *on_delete == b.on_delete
        && *on_delete_columns == b.on_delete_columns
        && *on_update == b.on_update
        && *deferrable == b.deferrable
        && *initially_deferred == b.initially_deferred
        && *match_full == b.match_full
        && *validated == b.validated
}

/// Whether `constraint` is among `others` unchanged.
fn kept(constraint: &Constraint, others: &[Constraint]) -> bool {
    others
        .iter()
        .any(|other| same_constraint(constraint, other))
}

fn drop_constraints(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let remaining = all_constraints(new);
    for constraint in all_constraints(old) {
        if !kept(&constraint, &remaining) || constraint_uses_recreated_column(&constraint, old, new)
        {
            changes.push(Change::DropConstraint {
                table: new.name.clone(),
                name: constraint.name().to_string(),
                was: constraint,
            });
        }
    }
}

fn add_constraints(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let existing = all_constraints(old);
    for constraint in all_constraints(new) {
        let previous = existing.iter().find(|o| same_constraint(o, &constraint));
        let comment = constraint.comment().cloned();
        let target = CommentTarget::Constraint {
            table: new.name.clone(),
            name: constraint.name().to_string(),
        };
        match previous {
            Some(previous) if !constraint_uses_recreated_column(&constraint, old, new) => {
                if previous.comment() != comment.as_ref() {
                    changes.push(Change::SetComment { target, comment });
                }
            }
            _ => {
                changes.push(Change::AddConstraint {
                    table: new.name.clone(),
                    constraint,
                });
                if comment.is_some() {
                    changes.push(Change::SetComment { target, comment });
                }
            }
        }
    }
}

/// Constraints on a column that is dropped and re-added go with it and must be re-added.
fn constraint_uses_recreated_column(constraint: &Constraint, old: &Table, new: &Table) -> bool {
    let columns: &[String] = match constraint {
        Constraint::PrimaryKey(k) | Constraint::Unique(k) => &k.columns,
        Constraint::ForeignKey(fk) => &fk.columns,
        // An EXCLUDE constraint's expressions are recorded on its index.
        Constraint::Check(c) | Constraint::Exclusion(c) => {
            let (constraint, index) = (
                TablePart::Constraint(c.name.clone()),
                TablePart::Index(c.name.clone()),
            );
            return recreated_columns(old, new)
                .any(|name| old.part_reads(&constraint, name) || old.part_reads(&index, name));
        }
    };
    columns
        .iter()
        .any(|name| match (old.column(name), new.column(name)) {
            (Some(a), Some(b)) => recreated_in(old, new, a, b),
            _ => false,
        })
}

fn columns(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let table = &new.name;
    for column in &old.columns {
        let gone = match successor_column(new, column) {
            None => true,
            Some(next) => recreated_in(old, new, column, next),
        };
        if gone {
            changes.push(Change::DropColumn {
                table: table.clone(),
                column: column.name.clone(),
            });
        }
    }
    for column in &new.columns {
        match predecessor_column(old, new, column) {
            Some(previous) if !recreated_in(old, new, previous, column) => {
                if previous.name != column.name {
                    changes.push(Change::RenameColumn {
                        table: table.clone(),
                        from: previous.name.clone(),
                        to: column.name.clone(),
                    });
                }
                alter_column(table, previous, column, changes);
            }
            _ => {
                changes.push(Change::AddColumn {
                    table: table.clone(),
                    column: Column {
                        comment: None,
                        ..column.clone()
                    },
                });
                if column.comment.is_some() {
                    changes.push(column_comment(table, column));
                }
            }
        }
    }
}

fn column_comment(table: &QualifiedName, column: &Column) -> Change {
    Change::SetComment {
        target: CommentTarget::Column(ColumnRef {
            table: table.clone(),
            column: column.name.clone(),
        }),
        comment: column.comment.clone(),
    }
}

fn alter_column(table: &QualifiedName, old: &Column, new: &Column, changes: &mut Vec<Change>) {
    let column = new.name.clone();
    let type_changed = old.ty != new.ty || old.collation != new.collation;
    if old.generated.is_some() && new.generated.is_none() {
        changes.push(Change::DropExpression {
            table: table.clone(),
            column: column.clone(),
        });
    }
    if old.identity.is_some() && new.identity.is_none() {
        changes.push(Change::DropIdentity {
            table: table.clone(),
            column: column.clone(),
        });
    }
    // A default may not cast to the new type: drop it first, set the new one after.
    let default_changed = !same_expression(old.default.as_deref(), new.default.as_deref())
        || (type_changed && old.default.is_some());
    if default_changed && old.default.is_some() {
        changes.push(Change::SetDefault {
            table: table.clone(),
            column: column.clone(),
            default: None,
        });
    }
    if type_changed && new.generated.is_none() {
        changes.push(Change::AlterColumnType {
            table: table.clone(),
            column: column.clone(),
            from_ty: old.ty.clone(),
            ty: new.ty.clone(),
            collation: new.collation.clone(),
        });
    }
    if default_changed && new.default.is_some() {
        changes.push(Change::SetDefault {
            table: table.clone(),
            column: column.clone(),
            default: new.default.clone(),
        });
    }
    match (&old.identity, &new.identity) {
        (None, Some(identity)) => changes.push(Change::AddIdentity {
            table: table.clone(),
            column: column.clone(),
            identity: identity.clone(),
        }),
        (Some(a), Some(b)) if a != b => changes.push(Change::AlterIdentity {
            table: table.clone(),
            column: column.clone(),
            identity: b.clone(),
            restart: b.options.min_value > a.options.min_value
                || b.options.max_value < a.options.max_value,
        }),
        _ => {}
    }
    if old.not_null != new.not_null {
        changes.push(Change::SetNotNull {
            table: table.clone(),
            column: column.clone(),
            not_null: new.not_null,
        });
    }
    if old.comment != new.comment {
        changes.push(column_comment(table, new));
    }
}

/// The same index, comments aside (a comment changes without rebuilding it).
/// The same index, comments aside; an invalid index is not the same as a valid one (it
/// is rebuilt), while a target that is itself invalid asks for nothing.
fn same_index(a: &Index, b: &Index) -> bool {
    let broken = !a.valid && b.valid;
    Index {
        comment: b.comment.clone(),
        valid: b.valid,
        ..a.clone()
    } == *b
        && !broken
}

/// Names of the columns of `old` that are dropped and added again (a generated column
/// whose expression or type changes): what is built on them goes with them.
fn recreated_columns<'a>(old: &'a Table, new: &'a Table) -> impl Iterator<Item = &'a str> {
    old.columns
        .iter()
        .filter(|c| successor_column(new, c).is_some_and(|next| recreated_in(old, new, c, next)))
        .map(|c| c.name.as_str())
}

/// Whether `index` of `table` is built on the column `name`: a plain key or INCLUDE
/// column by name, an expression or predicate by the catalog's edges.
pub(crate) fn index_reads(table: &Table, index: &Index, name: &str) -> bool {
    let plain_key = crate::quote::Ident(name).to_string();
    index.include.iter().any(|c| c == name)
        || index.keys.iter().any(|k| k.definition == plain_key)
        || table.part_reads(&TablePart::Index(index.name.clone()), name)
}

/// `index` of `table` built again after something under it was dropped, with its comment
/// (CREATE INDEX carries none).
pub(super) fn recreate_index(table: &QualifiedName, index: &Index, changes: &mut Vec<Change>) {
    changes.push(Change::CreateIndex {
        table: table.clone(),
        index: Index {
            comment: None,
            ..index.clone()
        },
    });
    if index.comment.is_some() {
        changes.push(Change::SetComment {
            target: CommentTarget::Index(table.sibling(index.name.clone())),
            comment: index.comment.clone(),
        });
    }
}

/// An index over a recreated column: DROP COLUMN takes it, so it is built again.
fn index_uses_recreated_column(index: &Index, old: &Table, new: &Table) -> bool {
    recreated_columns(old, new).any(|name| index_reads(old, index, name))
}

fn indexes(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let table = &new.name;
    let same_index =
        |a: &Index, b: &Index| same_index(a, b) && !index_uses_recreated_column(a, old, new);
    for index in &old.indexes {
        if !new.indexes.iter().any(|i| same_index(index, i)) {
            changes.push(Change::DropIndex {
                table: table.clone(),
                name: table.sibling(index.name.clone()),
            });
        }
    }
    for index in &new.indexes {
        let kept = old.indexes.iter().find(|i| same_index(i, index));
        if kept.is_none() {
            changes.push(Change::CreateIndex {
                table: table.clone(),
                index: Index {
                    comment: None,
                    ..index.clone()
                },
            });
        }
        let old_comment = kept.and_then(|i| i.comment.clone());
        if old_comment != index.comment {
            changes.push(Change::SetComment {
                target: CommentTarget::Index(table.sibling(index.name.clone())),
                comment: index.comment.clone(),
            });
        }
    }
}

fn options(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let table = &new.name;
    if old.options != new.options {
        let name_of = |o: &String| {
            o.split_once('=')
                .map_or_else(|| o.clone(), |(n, _)| n.to_string())
        };
        let kept: Vec<String> = new.options.iter().map(name_of).collect();
        changes.push(Change::SetTableOptions {
            table: table.clone(),
            set: new.options.clone(),
            reset: old
                .options
                .iter()
                .map(name_of)
                .filter(|n| !kept.contains(n))
                .collect(),
        });
    }
    if old.unlogged != new.unlogged {
        changes.push(Change::SetLogged {
            table: table.clone(),
            unlogged: new.unlogged,
        });
    }
    if old.replica_identity != new.replica_identity
        || old.replica_identity_index != new.replica_identity_index
    {
        changes.push(Change::SetReplicaIdentity {
            table: table.clone(),
            identity: new.replica_identity,
            index: new.replica_identity_index.clone(),
        });
    }
    if old.row_level_security != new.row_level_security {
        changes.push(Change::SetRowLevelSecurity {
            table: table.clone(),
            enabled: new.row_level_security,
        });
    }
    if old.force_row_level_security != new.force_row_level_security {
        changes.push(Change::SetForceRowLevelSecurity {
            table: table.clone(),
            forced: new.force_row_level_security,
        });
    }
    if let (Some(a), Some(b)) = (&old.partition_of, &new.partition_of)
        && a.bound != b.bound
    {
        changes.push(Change::DetachPartition {
            parent: b.parent.clone(),
            partition: table.clone(),
        });
        changes.push(Change::AttachPartition {
            parent: b.parent.clone(),
            partition: table.clone(),
            bound: b.bound.clone(),
        });
    }
}
