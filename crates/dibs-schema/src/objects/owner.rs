//! Owners (`ALTER … OWNER TO`), compared only when asked: roles differ between
//! environments, so most comparisons leave owners out (`Schema::manages_owners`).
//!
//! The owner a plan leaves is what the database has for a kept object and the migrating
//! role (`Schema::current_role` of the side being changed) for one the plan creates or
//! creates again; an object whose owner would then differ from the goal gets an
//! `ALTER … OWNER TO` after it exists. Sequences owned by a column follow their table,
//! indexes, triggers, policies and rules their table, and are not owned objects here.
//! Changing an owner changes who may alter or drop the object and, for a view or a
//! `SECURITY DEFINER` routine, whose rights its queries run with.

use std::collections::BTreeSet;
use std::fmt;

use super::{Dependency, FunctionName, Object};
use crate::change::Change;
use crate::model::Schema;
use crate::quote::{Ident, QualifiedName};

/// An object that has an owner of its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum OwnedObject {
    Table(QualifiedName),
    View(QualifiedName),
    MaterializedView(QualifiedName),
    Sequence(QualifiedName),
    /// A function, procedure or aggregate.
    Routine(FunctionName),
    /// An enum, composite or range type.
    Type(QualifiedName),
    Domain(QualifiedName),
    Schema(String),
    Collation(QualifiedName),
    Statistics(QualifiedName),
    Publication(String),
    EventTrigger(String),
    ForeignTable(QualifiedName),
    Server(String),
}

impl OwnedObject {
    /// The kind as `ALTER` names it.
    fn keyword(&self) -> &'static str {
        match self {
            OwnedObject::Table(_) => "TABLE",
            OwnedObject::View(_) => "VIEW",
            OwnedObject::MaterializedView(_) => "MATERIALIZED VIEW",
            OwnedObject::Sequence(_) => "SEQUENCE",
            OwnedObject::Routine(_) => "ROUTINE",
            OwnedObject::Type(_) => "TYPE",
            OwnedObject::Domain(_) => "DOMAIN",
            OwnedObject::Schema(_) => "SCHEMA",
            OwnedObject::Collation(_) => "COLLATION",
            OwnedObject::Statistics(_) => "STATISTICS",
            OwnedObject::Publication(_) => "PUBLICATION",
            OwnedObject::EventTrigger(_) => "EVENT TRIGGER",
            OwnedObject::ForeignTable(_) => "FOREIGN TABLE",
            OwnedObject::Server(_) => "SERVER",
        }
    }

    /// The object's name, quoted.
    fn name(&self) -> String {
        match self {
            OwnedObject::Table(name)
            | OwnedObject::View(name)
            | OwnedObject::MaterializedView(name)
            | OwnedObject::Sequence(name)
            | OwnedObject::Type(name)
            | OwnedObject::Domain(name)
            | OwnedObject::Collation(name)
            | OwnedObject::Statistics(name)
            | OwnedObject::ForeignTable(name) => name.to_string(),
            OwnedObject::Routine(name) => name.to_string(),
            OwnedObject::Schema(name)
            | OwnedObject::Publication(name)
            | OwnedObject::EventTrigger(name)
            | OwnedObject::Server(name) => Ident(name).to_string(),
        }
    }

    /// What must exist before its owner is changed (ordering only).
    pub(crate) fn depends_on(&self) -> Vec<Dependency> {
        match self {
            OwnedObject::Table(name)
            | OwnedObject::View(name)
            | OwnedObject::MaterializedView(name)
            | OwnedObject::ForeignTable(name) => vec![Dependency::Relation(name.clone())],
            OwnedObject::Sequence(name) => vec![Dependency::Sequence(name.clone())],
            OwnedObject::Routine(name) => vec![Dependency::Function(name.clone())],
            OwnedObject::Type(name) | OwnedObject::Domain(name) => {
                vec![Dependency::Type(name.clone())]
            }
            OwnedObject::Schema(_)
            | OwnedObject::Collation(_)
            | OwnedObject::Statistics(_)
            | OwnedObject::Publication(_)
            | OwnedObject::EventTrigger(_)
            | OwnedObject::Server(_) => Vec::new(),
        }
    }

    /// The schema it lives in, for ordering after `CREATE SCHEMA`.
    pub(crate) fn schema(&self) -> Option<&str> {
        match self {
            OwnedObject::Table(name)
            | OwnedObject::View(name)
            | OwnedObject::MaterializedView(name)
            | OwnedObject::Sequence(name)
            | OwnedObject::Type(name)
            | OwnedObject::Domain(name)
            | OwnedObject::Collation(name)
            | OwnedObject::Statistics(name)
            | OwnedObject::ForeignTable(name) => Some(&name.schema),
            OwnedObject::Routine(name) => Some(&name.name.schema),
            OwnedObject::Schema(name) => Some(name),
            OwnedObject::Publication(_) | OwnedObject::EventTrigger(_) | OwnedObject::Server(_) => {
                None
            }
        }
    }

    /// Changing a relation's owner takes its `ACCESS EXCLUSIVE` lock, briefly.
    pub(crate) fn is_relation(&self) -> bool {
        matches!(
            self,
            OwnedObject::Table(_)
                | OwnedObject::View(_)
                | OwnedObject::MaterializedView(_)
                | OwnedObject::Sequence(_)
                | OwnedObject::ForeignTable(_)
        )
    }
}

impl fmt::Display for OwnedObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.keyword().to_lowercase(), self.name())
    }
}

/// One object's owner.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct Owner {
    pub object: OwnedObject,
    pub role: String,
}

impl Owner {
    pub(crate) fn sql(&self) -> String {
        format!(
            "ALTER {} {} OWNER TO {}",
            self.object.keyword(),
            self.object.name(),
            Ident(&self.role)
        )
    }
}

/// `ALTER … OWNER TO` for every object of `to` whose owner after the other changes would
/// differ from its owner in `to`.
pub(crate) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let created: BTreeSet<OwnedObject> = changes.iter().flat_map(created_by).collect();
    let mut added = Vec::new();
    for owner in &to.owners {
        let kept = from
            .owners
            .iter()
            .find(|o| o.object == owner.object)
            .filter(|_| !created.contains(&owner.object));
        let after = match kept {
            Some(old) => Some(&old.role),
            None => from.current_role.as_ref(),
        };
        if after != Some(&owner.role) {
            added.push(Change::CreateObject(Object::Owner(Box::new(owner.clone()))));
        }
    }
    changes.extend(added);
}

/// The owned objects a change creates (or creates again), so that they start out owned
/// by the migrating role.
fn created_by(change: &Change) -> Vec<OwnedObject> {
    let one = |object| vec![object];
    match change {
        Change::CreateSchema { name } => one(OwnedObject::Schema(name.clone())),
        Change::CreateTable(table) => one(OwnedObject::Table(table.name.clone())),
        Change::CreateSequence(seq) => one(OwnedObject::Sequence(seq.name.clone())),
        Change::CreateEnum(e) => one(OwnedObject::Type(e.name.clone())),
        Change::RecreateEnum { new, domains, .. } => {
            let mut out = vec![OwnedObject::Type(new.name.clone())];
            out.extend(
                domains
                    .iter()
                    .map(|d| OwnedObject::Domain(d.domain.name.clone())),
            );
            out
        }
        Change::CreateComposite(c) => one(OwnedObject::Type(c.name.clone())),
        Change::RecreateComposite { new, .. } => one(OwnedObject::Type(new.name.clone())),
        Change::CreateRange(r) => one(OwnedObject::Type(r.name.clone())),
        Change::RecreateRange { new, .. } => one(OwnedObject::Type(new.name.clone())),
        Change::CreateDomain(d) => one(OwnedObject::Domain(d.name.clone())),
        Change::RecreateDomain { new, .. } => one(OwnedObject::Domain(new.name.clone())),
        Change::CreateObject(object) => match object {
            Object::Function(f) => one(OwnedObject::Routine(f.name.clone())),
            Object::View(v) => one(match v.kind {
                super::ViewKind::View => OwnedObject::View(v.name.clone()),
                super::ViewKind::Materialized => OwnedObject::MaterializedView(v.name.clone()),
            }),
            Object::Collation(c) => one(OwnedObject::Collation(c.name.clone())),
            Object::Statistics(s) => one(OwnedObject::Statistics(s.name.clone())),
            Object::Publication(p) => one(OwnedObject::Publication(p.name.clone())),
            Object::EventTrigger(t) => one(OwnedObject::EventTrigger(t.name.clone())),
            Object::ForeignTable(t) => one(OwnedObject::ForeignTable(t.name.clone())),
            Object::ForeignServer(s) => one(OwnedObject::Server(s.name.clone())),
            Object::Trigger(_)
            | Object::Policy(_)
            | Object::Rule(_)
            | Object::Privileges(_)
            | Object::DefaultPrivileges(_)
            | Object::PublicationChange(_)
            | Object::Owner(_)
            | Object::ForeignWrapper(_)
            | Object::ForeignChange(_) => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_altered_with_the_kind_keyword_and_named_lowercase() {
        let owner = Owner {
            object: OwnedObject::MaterializedView(QualifiedName::new("public", "Totals")),
            role: "App Owner".into(),
        };
        assert_eq!(
            owner.sql(),
            "ALTER MATERIALIZED VIEW public.\"Totals\" OWNER TO \"App Owner\""
        );
        assert_eq!(
            owner.object.to_string(),
            "materialized view public.\"Totals\""
        );
        let schema = OwnedObject::Schema("AUDIT".into());
        assert_eq!(schema.to_string(), "schema \"AUDIT\"");
    }
}
