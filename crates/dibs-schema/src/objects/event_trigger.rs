//! Event triggers: database-wide triggers on DDL events (`ddl_command_start`,
//! `ddl_command_end`, `sql_drop`, `table_rewrite`, `login`).
//!
//! Read from `pg_event_trigger`, only those whose function lives in a managed schema (an
//! event trigger belongs to the whole database; one installed by other tooling is not
//! ours to drop). Compared by event, tags and function; a change drops and creates it,
//! whether it fires is altered in place.

use super::{Dependency, FunctionName, Object, TriggerEnabled, comment_change};
use crate::change::{Change, CommentTarget};
use crate::model::Schema;
use crate::quote::{Ident, Literal};

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct EventTrigger {
    pub name: String,
    pub event: String,
    /// `WHEN TAG IN (...)`, sorted; empty for every command.
    pub tags: Vec<String>,
    /// The function it executes (no arguments).
    pub function: FunctionName,
    pub enabled: TriggerEnabled,
    pub comment: Option<String>,
}

impl EventTrigger {
    pub(crate) fn depends_on(&self) -> Vec<Dependency> {
        vec![Dependency::Function(self.function.clone())]
    }

    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut statement = format!(
            "CREATE EVENT TRIGGER {} ON {}",
            Ident(&self.name),
            Ident(&self.event)
        );
        if !self.tags.is_empty() {
            let tags: Vec<String> = self.tags.iter().map(|t| Literal(t).to_string()).collect();
            statement.push_str(&format!(" WHEN TAG IN ({})", tags.join(", ")));
        }
        statement.push_str(&format!(" EXECUTE FUNCTION {}()", self.function.name));
        let mut sql = vec![statement];
        if self.enabled != TriggerEnabled::Origin {
            sql.push(enabled_sql(&self.name, self.enabled));
        }
        if let Some(comment) = &self.comment {
            sql.push(comment_sql(&self.name, Some(comment)));
        }
        sql
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP EVENT TRIGGER {}", Ident(&self.name))
    }
}

pub(crate) fn enabled_sql(name: &str, enabled: TriggerEnabled) -> String {
    let clause = match enabled {
        TriggerEnabled::Origin => "ENABLE",
        TriggerEnabled::Disabled => "DISABLE",
        TriggerEnabled::Replica => "ENABLE REPLICA",
        TriggerEnabled::Always => "ENABLE ALWAYS",
    };
    format!("ALTER EVENT TRIGGER {} {clause}", Ident(name))
}

pub(crate) fn comment_sql(name: &str, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("EVENT TRIGGER {}", Ident(name)), comment)
}

fn same_definition(a: &EventTrigger, b: &EventTrigger) -> bool {
    a.event == b.event && a.tags == b.tags && a.function == b.function
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let boxed = |t: &EventTrigger| Object::EventTrigger(Box::new(t.clone()));
    for old in &from.event_triggers {
        if !to.event_triggers.iter().any(|t| t.name == old.name) {
            changes.push(Change::DropObject(boxed(old)));
        }
    }
    for new in &to.event_triggers {
        let Some(old) = from.event_triggers.iter().find(|t| t.name == new.name) else {
            changes.push(Change::CreateObject(boxed(new)));
            continue;
        };
        if !same_definition(old, new) {
            changes.push(Change::DropObject(boxed(old)));
            changes.push(Change::CreateObject(boxed(new)));
            continue;
        }
        if old.enabled != new.enabled {
            changes.push(Change::SetEventTriggerEnabled {
                name: new.name.clone(),
                enabled: new.enabled,
            });
        }
        comment_change(
            CommentTarget::EventTrigger(new.name.clone()),
            old.comment.as_ref(),
            new.comment.as_ref(),
            changes,
        );
    }
}
