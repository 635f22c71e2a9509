//! Ordering functions, views and triggers by their catalog edges: a creation requires
//! what the object depends on in the desired schema, a drop releases what it depended on
//! in the current one. Domain changes that call functions wait for them, and let go of
//! them before they are dropped; tables do the same per part in `parts.rs`.

use super::{Context, Deps, Key};
use crate::change::Change;
use crate::model::{ColumnRef, Schema};
use crate::objects::{Dependency, ForeignName, Object, ObjectKey, OwnedObject, ViewKind};
use crate::quote::QualifiedName;

/// Collations right after schemas (columns and domains use them), functions early
/// (defaults and checks may call them), views after tables and keys, triggers last.
pub(super) fn create_rank(object: &Object) -> u8 {
    match object {
        Object::Collation(_) => 2,
        Object::Function(_) => 34,
        Object::View(v) if v.kind == ViewKind::View => 62,
        Object::View(_) => 63,
        Object::Policy(_) => 67,
        Object::Trigger(_) | Object::Rule(_) => 68,
        Object::Statistics(_) => 66,
        Object::EventTrigger(_) => 69,
        Object::Privileges(_) => 71,
        Object::Publication(_) | Object::PublicationChange(_) => 70,
        // After everything is created, before privileges are granted.
        Object::Owner(_) => 70,
        // Wrappers and servers right after extensions (which provide the handlers);
        // foreign tables with the tables.
        Object::ForeignWrapper(_) | Object::ForeignServer(_) => 3,
        Object::ForeignTable(_) | Object::ForeignChange(_) => 45,
        // Revocations before anything is created, grants after everything.
        Object::DefaultPrivileges(d) if d.grant.is_empty() => 1,
        Object::DefaultPrivileges(_) => 99,
    }
}

/// Triggers and views go before what they use; functions after the tables calling them.
pub(super) fn drop_rank(object: &Object) -> u8 {
    match object {
        // After the tables, types and indexes that used it.
        Object::Collation(_) => 94,
        Object::Trigger(_)
        | Object::EventTrigger(_)
        | Object::Policy(_)
        | Object::Rule(_)
        | Object::Statistics(_) => 5,
        Object::View(_) => 6,
        Object::Function(_) => 26,
        Object::Privileges(_) | Object::DefaultPrivileges(_) => 4,
        Object::Publication(_) | Object::PublicationChange(_) => 5,
        Object::Owner(_) => 4,
        Object::ForeignTable(_) | Object::ForeignChange(_) => 6,
        // Before the extensions (90) whose handlers and wrappers they use.
        Object::ForeignServer(_) => 88,
        Object::ForeignWrapper(_) => 89,
    }
}

impl Context<'_> {
    pub(super) fn create_object_deps(&self, object: &Object, d: &mut Deps) {
        d.creates.push(Key::Object(object.key()));
        if let Some(schema) = schema_of(object) {
            d.requires.push(Key::Schema(schema.to_string()));
        }
        for dependency in object.depends_on().iter() {
            d.requires.extend(required(self.to, dependency));
        }
        if let Some(table) = table_of(object) {
            d.requires.extend(relation_keys(self.to, table));
        }
        let (tables, schemas) = crate::objects::publication::members(object);
        for table in tables {
            d.requires.extend(relation_keys(self.to, table));
        }
        d.requires
            .extend(schemas.into_iter().map(|s| Key::Schema(s.to_string())));
        if let Object::Owner(owner) = object {
            d.requires.extend(owned_object_key(&owner.object));
        }
        d.requires.extend(foreign_parent(object));
        if let Object::ForeignServer(server) = object {
            d.requires
                .extend(server.wrapper_extension.clone().map(Key::Extension));
        }
    }

    pub(super) fn drop_object_deps(&self, object: &Object, d: &mut Deps) {
        d.drops.push(Key::Object(object.key()));
        for dependency in object.depends_on().iter() {
            d.releases.extend(self.released(dependency));
        }
        if let Some(table) = table_of(object) {
            d.releases.push(Key::Table(table.clone()));
        }
        d.releases.extend(foreign_parent(object));
        if let Object::ForeignServer(server) = object {
            d.releases
                .extend(server.wrapper_extension.clone().map(Key::Extension));
        }
    }

    /// Keys of what `dependency` (named as in `from`) is, for drops that must come first.
    fn released(&self, dependency: &Dependency) -> Vec<Key> {
        match dependency {
            Dependency::Relation(name) if self.from.foreign_tables.contains_key(name) => {
                vec![foreign_table_key(name)]
            }
            Dependency::Column(column) if self.from.foreign_tables.contains_key(&column.table) => {
                vec![foreign_table_key(&column.table)]
            }
            Dependency::Relation(name) => match self.from.views.contains_key(name) {
                true => vec![Key::Object(ObjectKey::View(name.clone()))],
                false => vec![
                    Key::Table(name.clone()),
                    Key::Columns(self.current_name(name)),
                ],
            },
            Dependency::Column(column) => {
                if self.from.views.contains_key(&column.table) {
                    return vec![Key::Object(ObjectKey::View(column.table.clone()))];
                }
                let table = self.current_name(&column.table);
                let name = crate::diff::successor(self.to, &column.table)
                    .and_then(|t| current_column(t, &column.column))
                    .unwrap_or_else(|| column.column.clone());
                vec![
                    Key::Table(column.table.clone()),
                    Key::ColumnUse(table, name),
                ]
            }
            Dependency::Type(name) => vec![Key::Type(name.clone())],
            Dependency::Function(name) => vec![Key::Object(ObjectKey::Function(name.clone()))],
            Dependency::Sequence(name) => vec![Key::Sequence(name.clone())],
        }
    }

    /// Recreating a type converts the columns using it: views over those columns are
    /// dropped before and created after, and so are generated columns computed from them.
    pub(super) fn type_use_deps(&self, change: &Change, d: &mut Deps) {
        let mut columns: Vec<&ColumnRef> = Vec::new();
        match change {
            Change::RecreateEnum { uses, domains, .. } => {
                columns.extend(uses.iter().map(|u| &u.column));
                for rebuild in domains {
                    columns.extend(rebuild.uses.iter().map(|u| &u.column));
                }
            }
            Change::RecreateDomain { uses, .. }
            | Change::RecreateComposite { uses, .. }
            | Change::RecreateRange { uses, .. } => columns.extend(uses.iter().map(|u| &u.column)),
            _ => return,
        }
        for column in columns {
            let key = Key::ColumnUse(column.table.clone(), column.column.clone());
            d.creates.push(key.clone());
            d.drops.push(key);
            // Generated columns over converted ones are dropped before and added after.
            d.requires.push(Key::ColumnsPruned(column.table.clone()));
            d.creates.push(Key::ColumnTypes(column.table.clone()));
        }
    }

    /// Domain changes that add expressions wait for the functions they call; those that
    /// remove them come before the functions are dropped. (Tables: `parts.rs`.)
    pub(super) fn domain_function_deps(&self, change: &Change, d: &mut Deps) {
        match change {
            Change::CreateDomain(domain) | Change::RecreateDomain { new: domain, .. } => {
                d.requires.extend(function_keys(&domain.functions));
            }
            Change::AddDomainCheck { name, .. } | Change::SetDomainDefault { name, .. } => {
                if let Some(domain) = self.to.domains.get(name) {
                    d.requires.extend(function_keys(&domain.functions));
                }
            }
            Change::DropDomain { name } | Change::DropDomainCheck { name, .. } => {
                if let Some(domain) = self.from.domains.get(name) {
                    d.releases.extend(function_keys(&domain.functions));
                }
            }
            _ => {}
        }
    }
}

fn function_keys(functions: &[crate::objects::FunctionName]) -> Vec<Key> {
    functions
        .iter()
        .map(|f| Key::Object(ObjectKey::Function(f.clone())))
        .collect()
}

/// Keys of what `dependency` (named as in `to`) is, for creations that must come after.
fn required(to: &Schema, dependency: &Dependency) -> Vec<Key> {
    match dependency {
        Dependency::Relation(name) => relation_keys(to, name),
        Dependency::Column(column) => {
            let mut keys = relation_keys(to, &column.table);
            let plain = !to.views.contains_key(&column.table)
                && !to.foreign_tables.contains_key(&column.table);
            if plain {
                keys.push(Key::ColumnUse(column.table.clone(), column.column.clone()));
            }
            keys
        }
        Dependency::Type(name) => vec![Key::Type(name.clone())],
        Dependency::Function(name) => vec![Key::Object(ObjectKey::Function(name.clone()))],
        Dependency::Sequence(name) => vec![Key::Sequence(name.clone())],
    }
}

fn relation_keys(to: &Schema, name: &QualifiedName) -> Vec<Key> {
    if to.foreign_tables.contains_key(name) {
        return vec![foreign_table_key(name)];
    }
    match to.views.contains_key(name) {
        true => vec![Key::Object(ObjectKey::View(name.clone()))],
        false => vec![
            Key::Table(name.clone()),
            Key::Columns(name.clone()),
            Key::Keys(name.clone()),
        ],
    }
}

/// The name an old column has in the new table (after `renamed_from`).
fn current_column(table: &crate::model::Table, old: &str) -> Option<String> {
    if table.column(old).is_some() {
        return Some(old.to_string());
    }
    table
        .columns
        .iter()
        .find(|c| c.renamed_from.as_deref() == Some(old))
        .map(|c| c.name.clone())
}

fn foreign_table_key(name: &QualifiedName) -> Key {
    Key::Object(ObjectKey::Foreign(ForeignName::Table(name.clone())))
}

/// A server needs its wrapper, a foreign table its server: created after, dropped before.
fn foreign_parent(object: &Object) -> Option<Key> {
    let parent = match object {
        Object::ForeignServer(s) => ForeignName::Wrapper(s.wrapper.clone()),
        Object::ForeignTable(t) => ForeignName::Server(t.server.clone()),
        _ => return None,
    };
    Some(Key::Object(ObjectKey::Foreign(parent)))
}

/// The key of an owned object that no catalog edge names (relations, sequences, types
/// and routines come through `OwnedObject::depends_on`).
fn owned_object_key(object: &OwnedObject) -> Option<Key> {
    Some(Key::Object(match object {
        OwnedObject::Collation(name) => ObjectKey::Collation(name.clone()),
        OwnedObject::Statistics(name) => ObjectKey::Statistics(name.clone()),
        OwnedObject::Publication(name) => ObjectKey::Publication(name.clone()),
        OwnedObject::EventTrigger(name) => ObjectKey::EventTrigger(name.clone()),
        OwnedObject::Server(name) => ObjectKey::Foreign(ForeignName::Server(name.clone())),
        OwnedObject::ForeignTable(name) => ObjectKey::Foreign(ForeignName::Table(name.clone())),
        OwnedObject::Table(_)
        | OwnedObject::View(_)
        | OwnedObject::MaterializedView(_)
        | OwnedObject::Sequence(_)
        | OwnedObject::Routine(_)
        | OwnedObject::Type(_)
        | OwnedObject::Domain(_)
        | OwnedObject::Schema(_) => return None,
    }))
}

pub(super) fn schema_of(object: &Object) -> Option<&str> {
    Some(match object {
        Object::Collation(c) => &c.name.schema,
        Object::Function(f) => &f.name.name.schema,
        Object::View(v) => &v.name.schema,
        Object::Trigger(t) => &t.name.table.schema,
        Object::EventTrigger(t) => &t.function.name.schema,
        Object::Policy(p) => &p.name.table.schema,
        Object::Rule(r) => &r.name.table.schema,
        Object::Statistics(s) => &s.name.schema,
        Object::Privileges(p) => p.target.schema(),
        Object::DefaultPrivileges(d) => return d.key.schema.as_deref(),
        // A database-level object; its member schemas are ordered by `members`.
        Object::Publication(_) | Object::PublicationChange(_) => return None,
        Object::Owner(o) => return o.object.schema(),
        Object::ForeignTable(t) => &t.name.schema,
        Object::ForeignChange(c) => match &c.target {
            ForeignName::Table(name) => &name.schema,
            ForeignName::Wrapper(_) | ForeignName::Server(_) => return None,
        },
        Object::ForeignWrapper(_) | Object::ForeignServer(_) => return None,
    })
}

/// The table (or view) an object lives on: created after it, dropped before it.
fn table_of(object: &Object) -> Option<&QualifiedName> {
    match object {
        Object::Trigger(t) => Some(&t.name.table),
        Object::Policy(p) => Some(&p.name.table),
        Object::Rule(r) => Some(&r.name.table),
        Object::Statistics(s) => Some(&s.table),
        Object::Collation(_)
        | Object::Function(_)
        | Object::View(_)
        | Object::EventTrigger(_)
        | Object::Privileges(_)
        | Object::DefaultPrivileges(_)
        | Object::Publication(_)
        | Object::PublicationChange(_)
        | Object::Owner(_)
        | Object::ForeignWrapper(_)
        | Object::ForeignServer(_)
        | Object::ForeignTable(_)
        | Object::ForeignChange(_) => None,
    }
}
