//! Triggers on tables and views (row or statement level, BEFORE / AFTER / INSTEAD OF,
//! WHEN, transition tables, constraint triggers).
//!
//! Compared by the server's definition (`pg_get_triggerdef`) and by whether it fires
//! (`ALTER TABLE … ENABLE | DISABLE [REPLICA | ALWAYS] TRIGGER`, which is changed in
//! place). A changed definition is dropped and created again in the same transaction.

use std::fmt;

use super::{Dependency, Object, comment_change};
use crate::change::{Change, CommentTarget};
use crate::model::Schema;
use crate::quote::{Ident, QualifiedName};

/// A trigger is named within its table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct TriggerName {
    pub table: QualifiedName,
    pub name: String,
}

impl fmt::Display for TriggerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ON {}", Ident(&self.name), self.table)
    }
}

/// `pg_trigger.tgenabled`: when the trigger fires, by `session_replication_role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum TriggerEnabled {
    /// Fires in `origin` and `local` mode: the default.
    Origin,
    Disabled,
    Replica,
    Always,
}

impl TriggerEnabled {
    /// From the catalog's letter; `None` for a letter this version of dibs does not know.
    pub fn from_catalog(letter: char) -> Option<TriggerEnabled> {
        match letter {
            'O' => Some(TriggerEnabled::Origin),
            'D' => Some(TriggerEnabled::Disabled),
            'R' => Some(TriggerEnabled::Replica),
            'A' => Some(TriggerEnabled::Always),
            _ => None,
        }
    }

    fn clause(self) -> &'static str {
        match self {
            TriggerEnabled::Origin => "ENABLE TRIGGER",
            TriggerEnabled::Disabled => "DISABLE TRIGGER",
            TriggerEnabled::Replica => "ENABLE REPLICA TRIGGER",
            TriggerEnabled::Always => "ENABLE ALWAYS TRIGGER",
        }
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Trigger {
    pub name: TriggerName,
    /// The whole `CREATE [CONSTRAINT] TRIGGER` statement as the server prints it.
    pub definition: String,
    pub enabled: TriggerEnabled,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

impl Trigger {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = vec![self.definition.clone()];
        if self.enabled != TriggerEnabled::Origin {
            sql.push(enabled_sql(&self.name, self.enabled));
        }
        if let Some(comment) = &self.comment {
            sql.push(comment_sql(&self.name, Some(comment)));
        }
        sql
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP TRIGGER {}", self.name)
    }
}

pub(crate) fn enabled_sql(name: &TriggerName, enabled: TriggerEnabled) -> String {
    format!(
        "ALTER TABLE {} {} {}",
        name.table,
        enabled.clause(),
        Ident(&name.name)
    )
}

pub(crate) fn comment_sql(name: &TriggerName, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("TRIGGER {name}"), comment)
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.triggers {
        if !to.triggers.contains_key(name) {
            changes.push(Change::DropObject(Object::Trigger(Box::new(old.clone()))));
        }
    }
    for (name, new) in &to.triggers {
        let Some(old) = from.triggers.get(name) else {
            changes.push(Change::CreateObject(Object::Trigger(Box::new(new.clone()))));
            continue;
        };
        if old.definition != new.definition {
            changes.push(Change::DropObject(Object::Trigger(Box::new(old.clone()))));
            changes.push(Change::CreateObject(Object::Trigger(Box::new(new.clone()))));
            continue;
        }
        if old.enabled != new.enabled {
            changes.push(Change::SetTriggerEnabled {
                trigger: name.clone(),
                enabled: new.enabled,
            });
        }
        comment_change(
            CommentTarget::Trigger(name.clone()),
            old.comment.as_ref(),
            new.comment.as_ref(),
            changes,
        );
    }
}
