//! Row-level security policies (`CREATE POLICY`): permissive or restrictive, for one
//! command or all, to roles, with `USING` and `WITH CHECK` expressions as the server
//! deparses them (`pg_get_expr`).
//!
//! A changed policy is dropped and created again in the same transaction, so no query
//! ever runs without it. Whether a table enforces its policies is the table's own
//! `ENABLE` / `FORCE ROW LEVEL SECURITY`, compared with the table. A policy's expressions
//! are in `pg_depend`: retyping a column or recreating a function they read rebuilds the
//! policy around the change.

use std::fmt;

use super::{Dependency, Object, comment_change};
use crate::change::{Change, CommentTarget};
use crate::model::Schema;
use crate::quote::{Ident, QualifiedName};

/// A policy is named within its table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct PolicyName {
    pub table: QualifiedName,
    pub name: String,
}

impl fmt::Display for PolicyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ON {}", Ident(&self.name), self.table)
    }
}

/// Which statements a policy applies to (`pg_policy.polcmd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    /// From the catalog's letter; `None` for a letter this version of dibs does not know.
    pub fn from_catalog(letter: char) -> Option<PolicyCommand> {
        match letter {
            '*' => Some(PolicyCommand::All),
            'r' => Some(PolicyCommand::Select),
            'a' => Some(PolicyCommand::Insert),
            'w' => Some(PolicyCommand::Update),
            'd' => Some(PolicyCommand::Delete),
            _ => None,
        }
    }

    fn keyword(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Policy {
    pub name: PolicyName,
    /// `AS PERMISSIVE` (any permissive policy lets a row through) or `AS RESTRICTIVE`
    /// (every restrictive one must).
    pub permissive: bool,
    pub command: PolicyCommand,
    /// Role names, sorted; `public` is every role.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

impl Policy {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = format!(
            "CREATE POLICY {} AS {} FOR {} TO {}",
            self.name,
            if self.permissive {
                "PERMISSIVE"
            } else {
                "RESTRICTIVE"
            },
            self.command.keyword(),
            roles(&self.roles),
        );
        if let Some(using) = &self.using {
            sql.push_str(&format!(" USING ({using})"));
        }
        if let Some(check) = &self.with_check {
            sql.push_str(&format!(" WITH CHECK ({check})"));
        }
        let mut statements = vec![sql];
        if let Some(comment) = &self.comment {
            statements.push(comment_sql(&self.name, Some(comment)));
        }
        statements
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP POLICY {}", self.name)
    }

    /// Everything but the comment: what decides whether it must be created again.
    fn same_rule(&self, other: &Policy) -> bool {
        self.permissive == other.permissive
            && self.command == other.command
            && self.roles == other.roles
            && self.using == other.using
            && self.with_check == other.with_check
    }
}

/// `TO` list: `PUBLIC` is a keyword, every other role a quoted name.
fn roles(roles: &[String]) -> String {
    if roles.is_empty() {
        return "PUBLIC".to_string();
    }
    roles
        .iter()
        .map(|r| match r.as_str() {
            "public" => "PUBLIC".to_string(),
            role => Ident(role).to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn comment_sql(name: &PolicyName, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("POLICY {name}"), comment)
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.policies {
        if !to.policies.contains_key(name) {
            changes.push(Change::DropObject(Object::Policy(Box::new(old.clone()))));
        }
    }
    for (name, new) in &to.policies {
        let Some(old) = from.policies.get(name) else {
            changes.push(Change::CreateObject(Object::Policy(Box::new(new.clone()))));
            continue;
        };
        if !old.same_rule(new) {
            changes.push(Change::DropObject(Object::Policy(Box::new(old.clone()))));
            changes.push(Change::CreateObject(Object::Policy(Box::new(new.clone()))));
            continue;
        }
        comment_change(
            CommentTarget::Policy(name.clone()),
            old.comment.as_ref(),
            new.comment.as_ref(),
            changes,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_sql_quotes_names_and_roles() {
        let policy = Policy {
            name: PolicyName {
                table: QualifiedName::new("public", "Notes"),
                name: "own rows".into(),
            },
            permissive: false,
            command: PolicyCommand::Update,
            roles: vec!["app user".into(), "public".into()],
            using: Some("(owner = CURRENT_USER)".into()),
            with_check: None,
            comment: None,
            depends_on: Vec::new(),
        };
        assert_eq!(
            policy.create_sql(),
            [
                "CREATE POLICY \"own rows\" ON public.\"Notes\" AS RESTRICTIVE FOR UPDATE TO \"app user\", PUBLIC USING ((owner = CURRENT_USER))"
            ]
        );
    }
}
