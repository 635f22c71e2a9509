//! Programmable and derived objects: collations, functions, views, triggers, rules,
//! policies, extended statistics and publications, and the privileges held on objects.
//!
//! Each kind has its own module owning how it is compared, created, replaced, dropped and
//! what each step risks. They share one shape: an object is a server-printed definition
//! plus the catalog edges (`pg_depend`) to what it uses, read the same way from a live
//! database and from the scratch database that normalizes declarations. The generic
//! passes over those edges are here: rebuilding dependents (`rebuild`) and the ordering
//! keys an object needs and provides (`crate::order`).

mod collation;
pub(crate) mod default_privileges;
mod event_trigger;
pub(crate) mod foreign;
mod function;
pub(crate) mod owner;
mod policy;
pub(crate) mod privileges;
pub(crate) mod publication;
pub(crate) mod rebuild;
mod rule;
mod statistics;
mod trigger;
mod view;

pub(crate) use collation::redefined_in_use as collation_redefined_in_use;
pub use collation::{Collation, CollationProvider};
pub use default_privileges::{DefaultAcl, DefaultAclKey, DefaultObjects, DefaultPrivilegeChange};
pub use event_trigger::EventTrigger;
pub(crate) use event_trigger::{
    comment_sql as comment_on_event_trigger, enabled_sql as event_trigger_enabled_sql,
};
pub use foreign::{
    ForeignChange, ForeignColumn, ForeignDataWrapper, ForeignName, ForeignServer, ForeignTable,
    OptionChange,
};
pub(crate) use function::comment_sql as comment_on_routine;
pub use function::{Function, FunctionName, RoutineKind};
pub use owner::{OwnedObject, Owner};
pub(crate) use policy::comment_sql as comment_on_policy;
pub use policy::{Policy, PolicyCommand, PolicyName};
pub use privileges::{Acl, AclItem, Privilege, PrivilegeChange, PrivilegeTarget};
pub use publication::{Publication, PublicationChange, PublishedTable};

pub use rule::{Rule, RuleName};
pub use statistics::Statistics;
pub use trigger::{Trigger, TriggerEnabled, TriggerName};
pub(crate) use trigger::{comment_sql as comment_on_trigger, enabled_sql as trigger_enabled_sql};
pub use view::{View, ViewColumn, ViewIndex, ViewKind};
pub(crate) use view::{comment_sql as comment_on_view, index_sql as view_index_sql};

use crate::change::{Change, Hazards};
use crate::model::{ColumnRef, Schema};
use crate::quote::QualifiedName;

/// Something an object uses, as the catalog records it. Edges are what orders creation
/// and what decides which objects must be rebuilt when something under them changes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum Dependency {
    /// A table, view or materialized view as a whole.
    Relation(QualifiedName),
    /// One column of a table or view.
    Column(ColumnRef),
    /// A user-defined type (arrays are recorded as their element type).
    Type(QualifiedName),
    Function(FunctionName),
    Sequence(QualifiedName),
}

/// A managed object of one of the kinds in this module.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
#[repr(u8)]
pub enum Object {
    Collation(Box<Collation>),
    Function(Box<Function>),
    View(Box<View>),
    Trigger(Box<Trigger>),
    EventTrigger(Box<EventTrigger>),
    Policy(Box<Policy>),
    Rule(Box<Rule>),
    Statistics(Box<Statistics>),
    /// What to revoke and grant on one object (a delta, not the whole ACL).
    Privileges(Box<PrivilegeChange>),
    ForeignWrapper(Box<ForeignDataWrapper>),
    ForeignServer(Box<ForeignServer>),
    ForeignTable(Box<ForeignTable>),
    /// Options, version or comment of a kept wrapper, server or foreign table (a delta).
    ForeignChange(Box<ForeignChange>),
    Publication(Box<Publication>),
    /// What to add to, drop from or set on a kept publication (a delta).
    PublicationChange(Box<PublicationChange>),
    /// Who an object must be owned by (`ALTER … OWNER TO`); never dropped.
    Owner(Box<Owner>),
    /// What to revoke or grant in one role's default privileges.
    DefaultPrivileges(Box<DefaultPrivilegeChange>),
}

/// Which object, without its definition: what ordering and rebuilding track.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ObjectKey {
    Collation(QualifiedName),
    Function(FunctionName),
    View(QualifiedName),
    Trigger(TriggerName),
    EventTrigger(String),
    Policy(PolicyName),
    Rule(RuleName),
    Statistics(QualifiedName),
    Privileges(PrivilegeTarget),
    DefaultPrivileges(DefaultAclKey),
    Publication(String),
    Owner(OwnedObject),
    Foreign(ForeignName),
}

impl Object {
    pub(crate) fn key(&self) -> ObjectKey {
        match self {
            Object::Collation(c) => ObjectKey::Collation(c.name.clone()),
            Object::Function(f) => ObjectKey::Function(f.name.clone()),
            Object::View(v) => ObjectKey::View(v.name.clone()),
            Object::Trigger(t) => ObjectKey::Trigger(t.name.clone()),
            Object::EventTrigger(t) => ObjectKey::EventTrigger(t.name.clone()),
            Object::Policy(p) => ObjectKey::Policy(p.name.clone()),
            Object::Rule(r) => ObjectKey::Rule(r.name.clone()),
            Object::Statistics(s) => ObjectKey::Statistics(s.name.clone()),
            Object::Privileges(p) => ObjectKey::Privileges(p.target.clone()),
            Object::DefaultPrivileges(d) => ObjectKey::DefaultPrivileges(d.key.clone()),
            Object::Publication(p) => ObjectKey::Publication(p.name.clone()),
            Object::PublicationChange(c) => ObjectKey::Publication(c.name.clone()),
            Object::Owner(o) => ObjectKey::Owner(o.object.clone()),
            Object::ForeignWrapper(w) => ObjectKey::Foreign(ForeignName::Wrapper(w.name.clone())),
            Object::ForeignServer(s) => ObjectKey::Foreign(ForeignName::Server(s.name.clone())),
            Object::ForeignTable(t) => ObjectKey::Foreign(ForeignName::Table(t.name.clone())),
            Object::ForeignChange(c) => ObjectKey::Foreign(c.target.clone()),
        }
    }

    pub fn depends_on(&self) -> std::borrow::Cow<'_, [Dependency]> {
        use std::borrow::Cow;
        match self {
            Object::Collation(_) => Cow::Borrowed(&[]),
            Object::Function(f) => Cow::Borrowed(&f.depends_on),
            Object::View(v) => Cow::Borrowed(&v.depends_on),
            Object::Trigger(t) => Cow::Borrowed(&t.depends_on),
            Object::EventTrigger(t) => Cow::Owned(t.depends_on()),
            Object::Policy(p) => Cow::Borrowed(&p.depends_on),
            Object::Rule(r) => Cow::Borrowed(&r.depends_on),
            Object::Statistics(s) => Cow::Borrowed(&s.depends_on),
            Object::Privileges(p) => Cow::Owned(p.target.depends_on()),
            // Members are ordered by `publication::members`, and never rebuild it.
            Object::DefaultPrivileges(_)
            | Object::Publication(_)
            | Object::PublicationChange(_) => Cow::Borrowed(&[]),
            Object::Owner(o) => Cow::Owned(o.object.depends_on()),
            Object::ForeignTable(t) => Cow::Borrowed(&t.depends_on),
            // Ordered by `order::objects::foreign_keys`.
            Object::ForeignWrapper(_) | Object::ForeignServer(_) | Object::ForeignChange(_) => {
                Cow::Borrowed(&[])
            }
        }
    }

    /// The statements that create the object (with its comment and, for materialized
    /// views, its indexes).
    pub(crate) fn create_sql(&self) -> Vec<String> {
        match self {
            Object::Collation(c) => c.create_sql(),
            Object::Function(f) => f.create_sql(),
            Object::View(v) => v.create_sql(),
            Object::Trigger(t) => t.create_sql(),
            Object::EventTrigger(t) => t.create_sql(),
            Object::Policy(p) => p.create_sql(),
            Object::Rule(r) => r.create_sql(),
            Object::Statistics(s) => s.create_sql(),
            Object::Privileges(p) => p.sql(),
            Object::DefaultPrivileges(d) => d.sql(),
            Object::Publication(p) => p.create_sql(),
            Object::PublicationChange(c) => c.sql(),
            Object::Owner(o) => vec![o.sql()],
            Object::ForeignWrapper(w) => w.create_sql(),
            Object::ForeignServer(s) => s.create_sql(),
            Object::ForeignTable(t) => t.create_sql(),
            Object::ForeignChange(c) => c.sql(),
        }
    }

    /// The statements that replace the object in place, keeping what depends on it.
    pub(crate) fn replace_sql(&self) -> Vec<String> {
        match self {
            Object::Collation(c) => c.replace_sql(),
            Object::Function(f) => f.replace_sql(),
            Object::View(v) => v.replace_sql(),
            Object::Trigger(t) => t.create_sql(),
            Object::EventTrigger(t) => t.create_sql(),
            Object::Policy(p) => p.create_sql(),
            Object::Rule(r) => r.replace_sql(),
            Object::Statistics(s) => s.replace_sql(),
            Object::Privileges(p) => p.sql(),
            Object::DefaultPrivileges(d) => d.sql(),
            Object::Publication(p) => p.create_sql(),
            Object::PublicationChange(c) => c.sql(),
            Object::Owner(o) => vec![o.sql()],
            Object::ForeignWrapper(w) => w.create_sql(),
            Object::ForeignServer(s) => s.create_sql(),
            Object::ForeignTable(t) => t.create_sql(),
            Object::ForeignChange(c) => c.sql(),
        }
    }

    /// Privilege changes are never dropped: dropping their object takes its ACL along,
    /// and going back to the default is itself a change (`privileges.rs`).
    pub(crate) fn drop_sql(&self) -> Vec<String> {
        match self {
            Object::Collation(c) => vec![c.drop_sql()],
            Object::Function(f) => vec![f.drop_sql()],
            Object::View(v) => vec![v.drop_sql()],
            Object::Trigger(t) => vec![t.drop_sql()],
            Object::EventTrigger(t) => vec![t.drop_sql()],
            Object::Policy(p) => vec![p.drop_sql()],
            Object::Rule(r) => vec![r.drop_sql()],
            Object::Statistics(s) => vec![s.drop_sql()],
            Object::Publication(p) => vec![p.drop_sql()],
            Object::ForeignWrapper(w) => vec![w.drop_sql()],
            Object::ForeignServer(s) => vec![s.drop_sql()],
            Object::ForeignTable(t) => vec![t.drop_sql()],
            Object::Privileges(_)
            | Object::DefaultPrivileges(_)
            | Object::PublicationChange(_)
            | Object::ForeignChange(_)
            | Object::Owner(_) => Vec::new(),
        }
    }

    pub(crate) fn create_hazards(&self) -> Hazards {
        match self {
            Object::Collation(_) | Object::Function(_) | Object::EventTrigger(_) => Hazards::SAFE,
            Object::View(_) => Hazards::SAFE,
            Object::Trigger(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::ShareRowExclusive,
                false,
            ),
            // CREATE POLICY locks the table exclusively, briefly (no scan).
            Object::Policy(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::AccessExclusive,
                false,
            ),
            // Like a trigger: the table is locked against writes while the rule is added.
            Object::Rule(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::AccessExclusive,
                false,
            ),
            Object::Statistics(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::ShareUpdateExclusive,
                false,
            ),
            // A revoked right fails whatever still uses it (the app's role, a report).
            Object::Privileges(p) if !p.revoke.is_empty() => {
                Hazards::new(crate::Safety::Lossy, crate::LockLevel::None, false)
            }
            Object::DefaultPrivileges(d) if !d.revoke.is_empty() => {
                Hazards::new(crate::Safety::Lossy, crate::LockLevel::None, false)
            }
            Object::Privileges(_) | Object::DefaultPrivileges(_) => Hazards::SAFE,
            // Creating or adding takes a brief lock on the tables named (no scan).
            Object::Publication(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::ShareUpdateExclusive,
                false,
            ),
            // Subscribers stop receiving what a dropped member published.
            Object::PublicationChange(c) if c.stops_publishing() => Hazards::new(
                crate::Safety::Lossy,
                crate::LockLevel::ShareUpdateExclusive,
                false,
            ),
            Object::PublicationChange(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::ShareUpdateExclusive,
                false,
            ),
            // Nothing is stored locally; a server's options decide where queries go.
            Object::ForeignWrapper(_) | Object::ForeignServer(_) | Object::ForeignChange(_) => {
                Hazards::SAFE
            }
            Object::ForeignTable(_) => Hazards::new(
                crate::Safety::Safe,
                crate::LockLevel::AccessExclusive,
                false,
            ),
            // Who may alter it changes, and whose rights a view or SECURITY DEFINER
            // routine runs with: reviewed like a revocation.
            Object::Owner(o) => Hazards::new(
                crate::Safety::Lossy,
                match o.object.is_relation() {
                    true => crate::LockLevel::AccessExclusive,
                    false => crate::LockLevel::None,
                },
                false,
            ),
        }
    }

    pub(crate) fn drop_hazards(&self) -> Hazards {
        use crate::{LockLevel, Safety};
        match self {
            // Only an unused one is dropped (users are refused or moved off it first).
            Object::Collation(_) => Hazards::SAFE,
            // Callers (the app, other bodies) may still use it: nothing in the catalog says.
            Object::Function(_) => Hazards::new(Safety::Lossy, LockLevel::None, false),
            Object::View(v) => v.drop_hazards(),
            // What the trigger enforced or recorded stops happening.
            Object::Trigger(_) => Hazards::new(Safety::Lossy, LockLevel::AccessExclusive, false),
            Object::EventTrigger(_) => Hazards::new(Safety::Lossy, LockLevel::None, false),
            // Rows it let through (or kept out) are decided differently from now on.
            Object::Policy(_) => Hazards::new(Safety::Lossy, LockLevel::AccessExclusive, false),
            // What it rewrote (an INSERT redirected, a DELETE refused) happens as written.
            Object::Rule(_) => Hazards::new(Safety::Lossy, LockLevel::AccessExclusive, false),
            // Only estimates are lost, until they are created and analyzed again.
            Object::Statistics(_) => {
                Hazards::new(Safety::Safe, LockLevel::ShareUpdateExclusive, false)
            }
            Object::Privileges(_) | Object::DefaultPrivileges(_) => Hazards::SAFE,
            // Subscriptions to it fail until it exists again.
            Object::Publication(_) | Object::PublicationChange(_) => {
                Hazards::new(Safety::Destructive, LockLevel::None, false)
            }
            Object::Owner(_) => Hazards::SAFE,
            // The data stays remote; what queried it through here fails until it is back.
            Object::ForeignWrapper(_)
            | Object::ForeignServer(_)
            | Object::ForeignTable(_)
            | Object::ForeignChange(_) => {
                Hazards::new(Safety::Lossy, LockLevel::AccessExclusive, false)
            }
        }
    }

    /// How the object is named in plans and errors, e.g. `view public.active_users`.
    pub fn describe(&self) -> String {
        match self {
            Object::Collation(c) => format!("collation {}", c.name),
            Object::Function(f) => format!("{} {}", f.kind.word(), f.name),
            Object::View(v) => format!("{} {}", v.kind.word(), v.name),
            Object::Trigger(t) => format!("trigger {}", t.name),
            Object::EventTrigger(t) => format!("event trigger {}", crate::quote::Ident(&t.name)),
            Object::Policy(p) => format!("policy {}", p.name),
            Object::Rule(r) => format!("rule {}", r.name),
            Object::Statistics(s) => format!("statistics {}", s.name),
            Object::Privileges(p) => format!("privileges on {}", p.target),
            Object::DefaultPrivileges(d) => d.key.to_string(),
            Object::Publication(p) => format!("publication {}", crate::quote::Ident(&p.name)),
            Object::PublicationChange(c) => {
                format!("publication {}", crate::quote::Ident(&c.name))
            }
            Object::Owner(o) => format!("owner of {}", o.object),
            Object::ForeignWrapper(w) => ForeignName::Wrapper(w.name.clone()).to_string(),
            Object::ForeignServer(s) => ForeignName::Server(s.name.clone()).to_string(),
            Object::ForeignTable(t) => ForeignName::Table(t.name.clone()).to_string(),
            Object::ForeignChange(c) => c.target.to_string(),
        }
    }
}

/// Every object of `schema`, by key.
pub(crate) fn objects_of(schema: &Schema) -> Vec<(ObjectKey, Object)> {
    let collations = schema
        .collations
        .values()
        .map(|c| Object::Collation(Box::new(c.clone())));
    let functions = schema
        .functions
        .values()
        .map(|f| Object::Function(Box::new(f.clone())));
    let views = schema
        .views
        .values()
        .map(|v| Object::View(Box::new(v.clone())));
    let triggers = schema
        .triggers
        .values()
        .map(|t| Object::Trigger(Box::new(t.clone())));
    let event_triggers = schema
        .event_triggers
        .iter()
        .map(|t| Object::EventTrigger(Box::new(t.clone())));
    let policies = schema
        .policies
        .values()
        .map(|p| Object::Policy(Box::new(p.clone())));
    let rules = schema
        .rules
        .values()
        .map(|r| Object::Rule(Box::new(r.clone())));
    let statistics = schema
        .statistics
        .values()
        .map(|s| Object::Statistics(Box::new(s.clone())));
    // An ACL as an object: what a recreated object must be granted again.
    let privileges = schema.privileges.iter().filter_map(|acl| {
        let default = acl.target.hardwired_default();
        PrivilegeChange::between(&acl.target, &default, &acl.items)
            .map(|p| Object::Privileges(Box::new(p)))
    });
    collations
        .chain(functions)
        .chain(views)
        .chain(triggers)
        .chain(event_triggers)
        .chain(policies)
        .chain(rules)
        .chain(statistics)
        .chain(privileges)
        .map(|o| (o.key(), o))
        .collect()
}

/// The object changes between `from` and `to`, before dependents are rebuilt.
pub(crate) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    collation::diff(from, to, changes);
    function::diff(from, to, changes);
    view::diff(from, to, changes);
    trigger::diff(from, to, changes);
    event_trigger::diff(from, to, changes);
    policy::diff(from, to, changes);
    rule::diff(from, to, changes);
    statistics::diff(from, to, changes);
    publication::diff(from, to, changes);
    foreign::diff(from, to, changes);
    if from.manages_privileges && to.manages_privileges {
        privileges::diff(from, to, changes);
        default_privileges::diff(from, to, changes);
    }
}

/// `COMMENT ON <object> IS …`, or `IS NULL` to remove it; `object` is already quoted.
pub(crate) fn comment_statement(object: std::fmt::Arguments<'_>, comment: Option<&str>) -> String {
    match comment {
        Some(text) => format!("COMMENT ON {object} IS {}", crate::quote::Literal(text)),
        None => format!("COMMENT ON {object} IS NULL"),
    }
}

/// `COMMENT ON` of an object, when it changed.
pub(crate) fn comment_change(
    target: crate::change::CommentTarget,
    old: Option<&String>,
    new: Option<&String>,
    changes: &mut Vec<Change>,
) {
    if old != new {
        changes.push(Change::SetComment {
            target,
            comment: new.cloned(),
        });
    }
}
