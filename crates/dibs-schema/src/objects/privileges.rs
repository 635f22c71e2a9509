//! Privileges on objects (`GRANT` / `REVOKE`): tables, views, columns, sequences,
//! routines, types and schemas. Opt-in, because roles differ between environments.
//!
//! An object's ACL is read with the server's own defaults filled in (`acldefault`) and
//! without the owner's rights on its own object, so it compares across databases whose
//! objects have different owners. A schema holds an [`Acl`] only where it differs from
//! the default every new object gets (functions and types: `EXECUTE` / `USAGE` for
//! `PUBLIC`; everything else: nothing), so "no ACL" means the default.
//!
//! Changes are deltas: what to revoke and what to grant, from the ACL the object has
//! when the statement runs. That is the current one for a kept object, and for an object
//! the plan creates (or recreates: a dropped object takes its ACL along) the default,
//! plus the default privileges both sides share (`default_privileges.rs`).

use std::fmt;

use super::{Dependency, FunctionName};
use crate::model::{ColumnRef, Schema};
use crate::quote::{Ident, QualifiedName};

/// One privilege, as `aclexplode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum Privilege {
    Select,
    Insert,
    Update,
    Delete,
    Truncate,
    References,
    Trigger,
    /// Postgres 17+: VACUUM, ANALYZE, REINDEX, … on a table.
    Maintain,
    Usage,
    Execute,
    Create,
    Temporary,
    Connect,
}

impl Privilege {
    /// From `aclexplode`'s `privilege_type`; `None` for one this version of dibs does not
    /// know (the caller turns that into an error naming the object).
    pub fn from_catalog(name: &str) -> Option<Privilege> {
        Some(match name {
            "SELECT" => Privilege::Select,
            "INSERT" => Privilege::Insert,
            "UPDATE" => Privilege::Update,
            "DELETE" => Privilege::Delete,
            "TRUNCATE" => Privilege::Truncate,
            "REFERENCES" => Privilege::References,
            "TRIGGER" => Privilege::Trigger,
            "MAINTAIN" => Privilege::Maintain,
            "USAGE" => Privilege::Usage,
            "EXECUTE" => Privilege::Execute,
            "CREATE" => Privilege::Create,
            "TEMPORARY" => Privilege::Temporary,
            "CONNECT" => Privilege::Connect,
            _ => return None,
        })
    }

    pub fn keyword(self) -> &'static str {
        match self {
            Privilege::Select => "SELECT",
            Privilege::Insert => "INSERT",
            Privilege::Update => "UPDATE",
            Privilege::Delete => "DELETE",
            Privilege::Truncate => "TRUNCATE",
            Privilege::References => "REFERENCES",
            Privilege::Trigger => "TRIGGER",
            Privilege::Maintain => "MAINTAIN",
            Privilege::Usage => "USAGE",
            Privilege::Execute => "EXECUTE",
            Privilege::Create => "CREATE",
            Privilege::Temporary => "TEMPORARY",
            Privilege::Connect => "CONNECT",
        }
    }
}

/// One entry of an ACL: a privilege held by a role (`public`: every role).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct AclItem {
    pub grantee: String,
    pub privilege: Privilege,
    /// `WITH GRANT OPTION`: the grantee may grant it on.
    pub grantable: bool,
}

impl AclItem {
    pub fn new(grantee: impl Into<String>, privilege: Privilege, grantable: bool) -> AclItem {
        AclItem {
            grantee: grantee.into(),
            privilege,
            grantable,
        }
    }
}

/// What privileges are held on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum PrivilegeTarget {
    /// A table, view, materialized view or foreign table.
    Table(QualifiedName),
    Column(ColumnRef),
    Sequence(QualifiedName),
    /// A function, procedure or aggregate.
    Routine(FunctionName),
    /// An enum, domain, composite or range type.
    Type(QualifiedName),
    Schema(String),
}

impl PrivilegeTarget {
    /// The rights every new object of this kind has besides its owner's.
    pub fn hardwired_default(&self) -> Vec<AclItem> {
        match self {
            PrivilegeTarget::Routine(_) => vec![AclItem::new("public", Privilege::Execute, false)],
            PrivilegeTarget::Type(_) => vec![AclItem::new("public", Privilege::Usage, false)],
            PrivilegeTarget::Table(_)
            | PrivilegeTarget::Column(_)
            | PrivilegeTarget::Sequence(_)
            | PrivilegeTarget::Schema(_) => Vec::new(),
        }
    }

    pub fn schema(&self) -> &str {
        match self {
            PrivilegeTarget::Table(name)
            | PrivilegeTarget::Sequence(name)
            | PrivilegeTarget::Type(name) => &name.schema,
            PrivilegeTarget::Column(column) => &column.table.schema,
            PrivilegeTarget::Routine(routine) => &routine.name.schema,
            PrivilegeTarget::Schema(name) => name,
        }
    }

    /// What dropping takes the ACL along with. A column's ACL survives retyping, so it
    /// follows its table.
    pub(crate) fn depends_on(&self) -> Vec<Dependency> {
        match self {
            PrivilegeTarget::Table(name) => vec![Dependency::Relation(name.clone())],
            PrivilegeTarget::Column(column) => vec![Dependency::Relation(column.table.clone())],
            PrivilegeTarget::Sequence(name) => vec![Dependency::Sequence(name.clone())],
            PrivilegeTarget::Routine(name) => vec![Dependency::Function(name.clone())],
            PrivilegeTarget::Type(name) => vec![Dependency::Type(name.clone())],
            PrivilegeTarget::Schema(_) => Vec::new(),
        }
    }

    /// Whether the object exists in `schema`.
    pub(crate) fn exists_in(&self, schema: &Schema) -> bool {
        match self {
            PrivilegeTarget::Table(name) => {
                schema.tables.contains_key(name)
                    || schema.views.contains_key(name)
                    || schema.foreign_tables.contains_key(name)
            }
            PrivilegeTarget::Column(column) => {
                schema
                    .tables
                    .get(&column.table)
                    .is_some_and(|t| t.column(&column.column).is_some())
                    || schema
                        .views
                        .get(&column.table)
                        .is_some_and(|v| v.columns.iter().any(|c| c.name == column.column))
                    || schema
                        .foreign_tables
                        .get(&column.table)
                        .is_some_and(|t| t.columns.iter().any(|c| c.name == column.column))
            }
            PrivilegeTarget::Sequence(name) => schema.sequences.contains_key(name),
            PrivilegeTarget::Routine(name) => schema.functions.contains_key(name),
            PrivilegeTarget::Type(name) => {
                schema.enums.contains_key(name)
                    || schema.domains.contains_key(name)
                    || schema.composites.contains_key(name)
                    || schema.ranges.contains_key(name)
            }
            PrivilegeTarget::Schema(name) => schema.schemas.contains(name),
        }
    }

    /// The `ON …` clause, and the column a column privilege names.
    fn on(&self) -> (String, Option<&str>) {
        match self {
            PrivilegeTarget::Table(name) => (format!("TABLE {name}"), None),
            PrivilegeTarget::Column(column) => {
                (format!("TABLE {}", column.table), Some(&column.column))
            }
            PrivilegeTarget::Sequence(name) => (format!("SEQUENCE {name}"), None),
            PrivilegeTarget::Routine(name) => (format!("ROUTINE {name}"), None),
            PrivilegeTarget::Type(name) => (format!("TYPE {name}"), None),
            PrivilegeTarget::Schema(name) => (format!("SCHEMA {}", Ident(name)), None),
        }
    }
}

impl fmt::Display for PrivilegeTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrivilegeTarget::Table(name) => write!(f, "table {name}"),
            PrivilegeTarget::Column(column) => {
                write!(f, "column {}.{}", column.table, Ident(&column.column))
            }
            PrivilegeTarget::Sequence(name) => write!(f, "sequence {name}"),
            PrivilegeTarget::Routine(name) => write!(f, "routine {name}"),
            PrivilegeTarget::Type(name) => write!(f, "type {name}"),
            PrivilegeTarget::Schema(name) => write!(f, "schema {}", Ident(name)),
        }
    }
}

/// The privileges held on one object, when they differ from the default (sorted, without
/// the owner's own).
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct Acl {
    pub target: PrivilegeTarget,
    pub items: Vec<AclItem>,
}

/// What to revoke and then grant on one object.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct PrivilegeChange {
    pub target: PrivilegeTarget,
    pub revoke: Vec<AclItem>,
    pub grant: Vec<AclItem>,
}

impl PrivilegeChange {
    /// From `old` to `new`; `None` when they hold the same.
    pub fn between(target: &PrivilegeTarget, old: &[AclItem], new: &[AclItem]) -> Option<Self> {
        let revoke: Vec<AclItem> = old.iter().filter(|i| !new.contains(i)).cloned().collect();
        let grant: Vec<AclItem> = new.iter().filter(|i| !old.contains(i)).cloned().collect();
        (!revoke.is_empty() || !grant.is_empty()).then(|| PrivilegeChange {
            target: target.clone(),
            revoke,
            grant,
        })
    }

    pub(crate) fn sql(&self) -> Vec<String> {
        let (on, column) = self.target.on();
        acl_statements("", &on, column, &self.revoke, &self.grant)
    }
}

/// `REVOKE … FROM` then `GRANT … TO` statements, one per grantee (and grant option),
/// after `prefix` (`ALTER DEFAULT PRIVILEGES …` for defaults).
pub(crate) fn acl_statements(
    prefix: &str,
    on: &str,
    column: Option<&str>,
    revoke: &[AclItem],
    grant: &[AclItem],
) -> Vec<String> {
    let list = |items: &[&AclItem]| {
        items
            .iter()
            .map(|i| match column {
                Some(c) => format!("{} ({})", i.privilege.keyword(), Ident(c)),
                None => i.privilege.keyword().to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut statements = Vec::new();
    for (grantee, items) in grouped(revoke, |i| (i.grantee.clone(), false)) {
        statements.push(format!(
            "{prefix}REVOKE {} ON {on} FROM {}",
            list(&items),
            grantee_sql(&grantee.0)
        ));
    }
    for ((grantee, grantable), items) in grouped(grant, |i| (i.grantee.clone(), i.grantable)) {
        let option = if grantable { " WITH GRANT OPTION" } else { "" };
        statements.push(format!(
            "{prefix}GRANT {} ON {on} TO {}{option}",
            list(&items),
            grantee_sql(&grantee)
        ));
    }
    statements
}

fn grouped<K: Ord>(
    items: &[AclItem],
    key: impl Fn(&AclItem) -> K,
) -> std::collections::BTreeMap<K, Vec<&AclItem>> {
    let mut groups: std::collections::BTreeMap<K, Vec<&AclItem>> = Default::default();
    for item in items {
        groups.entry(key(item)).or_default().push(item);
    }
    groups
}

/// `PUBLIC` is a keyword; every other grantee a quoted role name.
pub(crate) fn grantee_sql(grantee: &str) -> String {
    match grantee {
        "public" => "PUBLIC".to_string(),
        role => Ident(role).to_string(),
    }
}

impl Schema {
    /// The ACL of `target`, when it is not the default.
    pub fn acl(&self, target: &PrivilegeTarget) -> Option<&Acl> {
        self.privileges
            .binary_search_by(|acl| acl.target.cmp(target))
            .ok()
            .map(|i| &self.privileges[i])
    }
}

/// Where an object of `to` was in `from` (a renamed table, or a column of one), if it
/// existed there.
fn in_from(from: &Schema, to: &Schema, target: &PrivilegeTarget) -> Option<PrivilegeTarget> {
    let old_table = |name: &QualifiedName| {
        to.tables
            .get(name)
            .and_then(|t| crate::diff::predecessor(from, to, t))
            .map(|t| t.name.clone())
    };
    let old = match target {
        PrivilegeTarget::Table(name) => {
            PrivilegeTarget::Table(old_table(name).unwrap_or_else(|| name.clone()))
        }
        PrivilegeTarget::Column(column) => {
            let table = old_table(&column.table).unwrap_or_else(|| column.table.clone());
            let previous = match (from.tables.get(&table), to.tables.get(&column.table)) {
                (Some(old), Some(new)) => new
                    .column(&column.column)
                    .and_then(|c| crate::diff::predecessor_column(old, new, c))
                    .map(|c| c.name.clone()),
                _ => None,
            };
            PrivilegeTarget::Column(ColumnRef {
                table,
                column: previous.unwrap_or_else(|| column.column.clone()),
            })
        }
        other => other.clone(),
    };
    old.exists_in(from).then_some(old)
}

/// The privilege changes between `from` and `to`, for objects `to` has. Objects it does
/// not have take their ACL with them when dropped.
pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<crate::change::Change>) {
    let mut targets: Vec<PrivilegeTarget> =
        to.privileges.iter().map(|a| a.target.clone()).collect();
    targets.extend(from.privileges.iter().map(|a| a.target.clone()));
    let shared = super::default_privileges::Shared::of(from, to);
    if !shared.is_empty() {
        targets.extend(created_targets(from, to));
    }
    targets.sort();
    targets.dedup();
    for target in &targets {
        if !target.exists_in(to) {
            continue;
        }
        let new = to
            .acl(target)
            .map(|a| a.items.clone())
            .unwrap_or_else(|| target.hardwired_default());
        let old = match in_from(from, to, target) {
            Some(old) => from
                .acl(&old)
                .map(|a| a.items.clone())
                .unwrap_or_else(|| old.hardwired_default()),
            None => shared.baseline(target),
        };
        if let Some(change) = PrivilegeChange::between(target, &old, &new) {
            changes.push(crate::change::Change::CreateObject(
                super::Object::Privileges(Box::new(change)),
            ));
        }
    }
}

/// Objects of `to` that `from` does not have: created by the plan, with whatever default
/// privileges are in force then.
fn created_targets(from: &Schema, to: &Schema) -> Vec<PrivilegeTarget> {
    let mut out: Vec<PrivilegeTarget> = Vec::new();
    out.extend(
        to.tables
            .keys()
            .chain(to.views.keys())
            .map(|n| PrivilegeTarget::Table(n.clone())),
    );
    out.extend(
        to.sequences
            .keys()
            .map(|n| PrivilegeTarget::Sequence(n.clone())),
    );
    out.extend(
        to.functions
            .keys()
            .map(|n| PrivilegeTarget::Routine(n.clone())),
    );
    out.extend(
        to.enums
            .keys()
            .chain(to.domains.keys())
            .chain(to.composites.keys())
            .chain(to.ranges.keys())
            .map(|n| PrivilegeTarget::Type(n.clone())),
    );
    out.extend(
        to.schemas
            .iter()
            .map(|n| PrivilegeTarget::Schema(n.clone())),
    );
    out.retain(|t| in_from(from, to, t).is_none());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revokes_come_before_grants_and_group_by_grantee() {
        let target = PrivilegeTarget::Column(ColumnRef {
            table: QualifiedName::new("public", "Users"),
            column: "e mail".into(),
        });
        let old = [
            AclItem::new("reader", Privilege::Select, true),
            AclItem::new("writer", Privilege::Update, false),
        ];
        let new = [
            AclItem::new("reader", Privilege::Select, false),
            AclItem::new("public", Privilege::Select, false),
            AclItem::new("writer", Privilege::Update, false),
        ];
        let change = PrivilegeChange::between(&target, &old, &new).unwrap();
        assert_eq!(
            change.sql(),
            [
                "REVOKE SELECT (\"e mail\") ON TABLE public.\"Users\" FROM reader",
                "GRANT SELECT (\"e mail\") ON TABLE public.\"Users\" TO PUBLIC",
                "GRANT SELECT (\"e mail\") ON TABLE public.\"Users\" TO reader",
            ]
        );
        assert!(PrivilegeChange::between(&target, &new, &new).is_none());
    }
}
