//! Rewrite rules (`CREATE RULE … AS ON INSERT TO … DO INSTEAD …`) on tables and views,
//! other than the `_RETURN` rule that makes a view.
//!
//! Compared by the server's definition (`pg_get_ruledef`), whether it fires
//! (`pg_rewrite.ev_enabled`, the same four states as a trigger) and its comment. Any
//! change is made in place with `CREATE OR REPLACE RULE`, which keeps the rule's identity;
//! the enabled state and the comment are set again after it. The tables, columns and
//! functions the rule's actions read are catalog edges: retyping such a column rebuilds
//! the rule around the change.

use std::fmt;

use super::{Dependency, Object, TriggerEnabled};
use crate::change::Change;
use crate::model::Schema;
use crate::quote::{Ident, QualifiedName};

/// A rule is named within its table or view.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct RuleName {
    pub table: QualifiedName,
    pub name: String,
}

impl fmt::Display for RuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ON {}", Ident(&self.name), self.table)
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Rule {
    pub name: RuleName,
    /// The whole `CREATE RULE` statement as the server prints it, without the semicolon.
    pub definition: String,
    pub enabled: TriggerEnabled,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

impl Rule {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = vec![self.definition.clone()];
        if self.enabled != TriggerEnabled::Origin {
            sql.push(self.enabled_sql());
        }
        if let Some(comment) = &self.comment {
            sql.push(self.comment_sql(Some(comment)));
        }
        sql
    }

    /// `CREATE OR REPLACE RULE`, then the state and comment it must have whatever the
    /// replaced rule had.
    pub(crate) fn replace_sql(&self) -> Vec<String> {
        let definition = match self.definition.strip_prefix("CREATE RULE ") {
            Some(rest) => format!("CREATE OR REPLACE RULE {rest}"),
            None => self.definition.clone(),
        };
        vec![
            definition,
            self.enabled_sql(),
            self.comment_sql(self.comment.as_deref()),
        ]
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP RULE {}", self.name)
    }

    fn enabled_sql(&self) -> String {
        let clause = match self.enabled {
            TriggerEnabled::Origin => "ENABLE RULE",
            TriggerEnabled::Disabled => "DISABLE RULE",
            TriggerEnabled::Replica => "ENABLE REPLICA RULE",
            TriggerEnabled::Always => "ENABLE ALWAYS RULE",
        };
        format!(
            "ALTER TABLE {} {clause} {}",
            self.name.table,
            Ident(&self.name.name)
        )
    }

    fn comment_sql(&self, comment: Option<&str>) -> String {
        super::comment_statement(format_args!("RULE {}", self.name), comment)
    }
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.rules {
        if !to.rules.contains_key(name) {
            changes.push(Change::DropObject(Object::Rule(Box::new(old.clone()))));
        }
    }
    for (name, new) in &to.rules {
        let object = Object::Rule(Box::new(new.clone()));
        match from.rules.get(name) {
            None => changes.push(Change::CreateObject(object)),
            Some(old)
                if (&old.definition, old.enabled, &old.comment)
                    != (&new.definition, new.enabled, &new.comment) =>
            {
                changes.push(Change::ReplaceObject(object))
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_the_rule_and_restates_its_state() {
        let rule = Rule {
            name: RuleName {
                table: QualifiedName::new("public", "Log"),
                name: "no delete".into(),
            },
            definition:
                "CREATE RULE \"no delete\" AS\n    ON DELETE TO public.\"Log\" DO INSTEAD NOTHING"
                    .into(),
            enabled: TriggerEnabled::Disabled,
            comment: None,
            depends_on: Vec::new(),
        };
        assert_eq!(
            rule.replace_sql(),
            [
                "CREATE OR REPLACE RULE \"no delete\" AS\n    ON DELETE TO public.\"Log\" DO INSTEAD NOTHING",
                "ALTER TABLE public.\"Log\" DISABLE RULE \"no delete\"",
                "COMMENT ON RULE \"no delete\" ON public.\"Log\" IS NULL",
            ]
        );
        assert_eq!(rule.drop_sql(), "DROP RULE \"no delete\" ON public.\"Log\"");
    }
}
