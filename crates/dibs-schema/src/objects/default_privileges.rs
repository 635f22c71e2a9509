//! Default privileges (`ALTER DEFAULT PRIVILEGES`): what objects a role creates later are
//! granted. Opt-in with the other privileges.
//!
//! A plan changes them around everything else: revocations first, so that objects the plan
//! creates do not pick up rights the desired schema takes away, and grants last, so that
//! they do not pick up rights the desired schema does not give them. Either way, what new
//! objects must hold is granted on them explicitly (`privileges.rs`); default privileges
//! only decide what objects created later get.

use std::fmt;

use super::privileges::{AclItem, Privilege, PrivilegeTarget, acl_statements};
use crate::model::Schema;
use crate::quote::Ident;

/// Which kind of object a default applies to (`pg_default_acl.defaclobjtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum DefaultObjects {
    Tables,
    Sequences,
    Routines,
    Types,
    Schemas,
}

impl DefaultObjects {
    /// From the catalog's letter; `None` for one this version of dibs does not know.
    pub fn from_catalog(letter: char) -> Option<DefaultObjects> {
        Some(match letter {
            'r' => DefaultObjects::Tables,
            'S' => DefaultObjects::Sequences,
            'f' => DefaultObjects::Routines,
            'T' => DefaultObjects::Types,
            'n' => DefaultObjects::Schemas,
            _ => return None,
        })
    }

    fn keyword(self) -> &'static str {
        match self {
            DefaultObjects::Tables => "TABLES",
            DefaultObjects::Sequences => "SEQUENCES",
            DefaultObjects::Routines => "FUNCTIONS",
            DefaultObjects::Types => "TYPES",
            DefaultObjects::Schemas => "SCHEMAS",
        }
    }

    fn of(target: &PrivilegeTarget) -> Option<DefaultObjects> {
        match target {
            PrivilegeTarget::Table(_) => Some(DefaultObjects::Tables),
            PrivilegeTarget::Sequence(_) => Some(DefaultObjects::Sequences),
            PrivilegeTarget::Routine(_) => Some(DefaultObjects::Routines),
            PrivilegeTarget::Type(_) => Some(DefaultObjects::Types),
            PrivilegeTarget::Schema(_) => Some(DefaultObjects::Schemas),
            PrivilegeTarget::Column(_) => None,
        }
    }
}

/// Whose defaults, where, for which kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct DefaultAclKey {
    pub role: String,
    /// `IN SCHEMA`; `None` for the role's defaults everywhere.
    pub schema: Option<String>,
    pub objects: DefaultObjects,
}

impl DefaultAclKey {
    /// What holds when the catalog has no entry: for a role's defaults everywhere, the
    /// hardwired ones; in one schema, nothing more.
    fn absent(&self) -> Vec<AclItem> {
        match (&self.schema, self.objects) {
            (None, DefaultObjects::Routines) => {
                vec![AclItem::new("public", Privilege::Execute, false)]
            }
            (None, DefaultObjects::Types) => vec![AclItem::new("public", Privilege::Usage, false)],
            _ => Vec::new(),
        }
    }

    fn prefix(&self) -> String {
        let mut prefix = format!("ALTER DEFAULT PRIVILEGES FOR ROLE {} ", Ident(&self.role));
        if let Some(schema) = &self.schema {
            prefix.push_str(&format!("IN SCHEMA {} ", Ident(schema)));
        }
        prefix
    }
}

impl fmt::Display for DefaultAclKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "default privileges of {} on {}",
            Ident(&self.role),
            self.objects.keyword().to_lowercase()
        )?;
        match &self.schema {
            Some(schema) => write!(f, " in schema {}", Ident(schema)),
            None => Ok(()),
        }
    }
}

/// One `pg_default_acl` entry that differs from what holds without one (without the
/// role's rights on its own objects).
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct DefaultAcl {
    pub key: DefaultAclKey,
    pub items: Vec<AclItem>,
}

/// What to revoke or grant in one role's defaults: a plan carries revocations and grants
/// as separate changes (they run at opposite ends of it).
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct DefaultPrivilegeChange {
    pub key: DefaultAclKey,
    pub revoke: Vec<AclItem>,
    pub grant: Vec<AclItem>,
}

impl DefaultPrivilegeChange {
    pub(crate) fn sql(&self) -> Vec<String> {
        acl_statements(
            &self.key.prefix(),
            self.key.objects.keyword(),
            None,
            &self.revoke,
            &self.grant,
        )
    }
}

fn items_or_absent(schema: &Schema, key: &DefaultAclKey) -> Vec<AclItem> {
    schema
        .default_privileges
        .iter()
        .find(|d| &d.key == key)
        .map(|d| d.items.clone())
        .unwrap_or_else(|| key.absent())
}

fn keys(from: &Schema, to: &Schema) -> Vec<DefaultAclKey> {
    let mut keys: Vec<DefaultAclKey> = from
        .default_privileges
        .iter()
        .chain(&to.default_privileges)
        .map(|d| d.key.clone())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<crate::change::Change>) {
    for key in keys(from, to) {
        let (old, new) = (items_or_absent(from, &key), items_or_absent(to, &key));
        let revoke: Vec<AclItem> = old.iter().filter(|i| !new.contains(i)).cloned().collect();
        let grant: Vec<AclItem> = new.iter().filter(|i| !old.contains(i)).cloned().collect();
        for (revoke, grant) in [(revoke, Vec::new()), (Vec::new(), grant)] {
            if revoke.is_empty() && grant.is_empty() {
                continue;
            }
            let change = DefaultPrivilegeChange {
                key: key.clone(),
                revoke,
                grant,
            };
            changes.push(crate::change::Change::CreateObject(
                super::Object::DefaultPrivileges(Box::new(change)),
            ));
        }
    }
}

/// The default privileges in force while a plan creates objects: those both sides have
/// (revocations run before the creations, grants after).
pub(crate) struct Shared {
    entries: Vec<(DefaultAclKey, Vec<AclItem>)>,
}

impl Shared {
    pub(crate) fn of(from: &Schema, to: &Schema) -> Shared {
        let entries = keys(from, to)
            .into_iter()
            .map(|key| {
                let new = items_or_absent(to, &key);
                let kept = items_or_absent(from, &key)
                    .into_iter()
                    .filter(|i| new.contains(i))
                    .collect();
                (key, kept)
            })
            .collect();
        Shared { entries }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What a new `target` holds right after the plan creates it (whichever role creates
    /// it: dibs cannot tell, so every role's defaults count).
    pub(crate) fn baseline(&self, target: &PrivilegeTarget) -> Vec<AclItem> {
        let Some(objects) = DefaultObjects::of(target) else {
            return target.hardwired_default();
        };
        let applies = |key: &DefaultAclKey| key.objects == objects;
        let global: Vec<&Vec<AclItem>> = self
            .entries
            .iter()
            .filter(|(key, _)| applies(key) && key.schema.is_none())
            .map(|(_, items)| items)
            .collect();
        let mut items: Vec<AclItem> = match global.is_empty() {
            true => target.hardwired_default(),
            false => global.into_iter().flatten().cloned().collect(),
        };
        for (key, kept) in &self.entries {
            if applies(key) && key.schema.as_deref() == Some(target.schema()) {
                items.extend(kept.iter().cloned());
            }
        }
        items.sort();
        items.dedup();
        items
    }
}
