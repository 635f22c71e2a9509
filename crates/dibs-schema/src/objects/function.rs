//! Functions, procedures and aggregates.
//!
//! Compared by the server's full definition (`pg_get_functiondef`, or the aggregate's
//! `CREATE AGGREGATE` built from `pg_aggregate`), identified by name and argument types.
//! A changed definition whose result and arguments are the same is replaced in place
//! (`CREATE OR REPLACE` keeps every dependent); anything else is dropped and created, and
//! `rebuild` takes what depends on it along. Bodies are created with
//! `check_function_bodies = off`, as pg_dump does: a body's reads are not in `pg_depend`,
//! so the tables it reads may come later in the plan.

use std::fmt;

use super::{Dependency, Object, comment_change};
use crate::change::{Change, CommentTarget};
use crate::model::Schema;
use crate::quote::QualifiedName;

/// A routine's identity: its name and input argument types, as
/// `pg_get_function_identity_arguments` prints them (`a integer, b text`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct FunctionName {
    pub name: QualifiedName,
    pub arguments: String,
}

impl fmt::Display for FunctionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name, self.arguments)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum RoutineKind {
    Function,
    Procedure,
    Aggregate,
    Window,
}

impl RoutineKind {
    pub fn word(self) -> &'static str {
        match self {
            RoutineKind::Function => "function",
            RoutineKind::Procedure => "procedure",
            RoutineKind::Aggregate => "aggregate",
            RoutineKind::Window => "window function",
        }
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Function {
    pub name: FunctionName,
    pub kind: RoutineKind,
    /// `pg_get_function_result`; `None` for procedures.
    pub result: Option<String>,
    /// `pg_get_function_arguments`: names, modes and defaults, which `CREATE OR REPLACE`
    /// may not change.
    pub arguments: String,
    /// The whole `CREATE` statement as the server prints it.
    pub definition: String,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

impl Function {
    /// The definition, between turning body checks off and back.
    fn definition_sql(&self, definition: String) -> Vec<String> {
        vec![
            "SET check_function_bodies = off".to_string(),
            definition,
            "RESET check_function_bodies".to_string(),
        ]
    }

    fn definition(&self) -> &str {
        self.definition.trim_end().trim_end_matches(';')
    }

    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = self.definition_sql(self.definition().to_string());
        if let Some(comment) = &self.comment {
            sql.push(self.comment_sql(Some(comment)));
        }
        sql
    }

    /// Functions print as `CREATE OR REPLACE`; aggregates need the keyword added. The
    /// comment is kept by the server and changed on its own.
    pub(crate) fn replace_sql(&self) -> Vec<String> {
        let definition = self.definition();
        let definition = match definition.strip_prefix("CREATE AGGREGATE ") {
            Some(rest) => format!("CREATE OR REPLACE AGGREGATE {rest}"),
            None => definition.to_string(),
        };
        self.definition_sql(definition)
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP ROUTINE {}", self.name)
    }

    pub(crate) fn comment_sql(&self, comment: Option<&str>) -> String {
        comment_sql(&self.name, comment)
    }

    /// Whether `CREATE OR REPLACE` can turn `self` into `new`.
    fn replaceable_by(&self, new: &Function) -> bool {
        self.kind == new.kind && self.result == new.result && self.arguments == new.arguments
    }
}

pub(crate) fn comment_sql(name: &FunctionName, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("ROUTINE {name}"), comment)
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.functions {
        if !to.functions.contains_key(name) {
            changes.push(Change::DropObject(Object::Function(Box::new(old.clone()))));
        }
    }
    for (name, new) in &to.functions {
        let boxed = || Object::Function(Box::new(new.clone()));
        let Some(old) = from.functions.get(name) else {
            changes.push(Change::CreateObject(boxed()));
            continue;
        };
        if old.definition != new.definition {
            if old.replaceable_by(new) {
                changes.push(Change::ReplaceObject(boxed()));
            } else {
                changes.push(Change::DropObject(Object::Function(Box::new(old.clone()))));
                changes.push(Change::CreateObject(boxed()));
                continue;
            }
        }
        comment_change(
            CommentTarget::Routine(name.clone()),
            old.comment.as_ref(),
            new.comment.as_ref(),
            changes,
        );
    }
}
