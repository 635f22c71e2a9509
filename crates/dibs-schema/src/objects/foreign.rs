//! Foreign data: wrappers (`CREATE FOREIGN DATA WRAPPER`), servers (`CREATE SERVER`) and
//! foreign tables (`CREATE FOREIGN TABLE … SERVER …`).
//!
//! Wrappers and servers belong to the database; those an extension creates (the
//! `postgres_fdw` wrapper) are the extension's and never compared. Options change in
//! place (`OPTIONS (ADD … / SET … / DROP …)`), as does a server's version; a different
//! wrapper, handler or server type recreates the object. A foreign table holds no data of
//! its own, so a change to its columns, constraints or server drops and creates it again
//! (the views over it are rebuilt around that, like around a view); only its options and
//! comment change in place. User mappings carry credentials that differ per environment
//! and are not compared (they are reported).

use std::fmt::Write as _;

use super::{Dependency, Object};
use crate::change::Change;
use crate::model::{NamedDefinition, Schema};
use crate::quote::{Ident, Literal, QualifiedName};

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct ForeignDataWrapper {
    pub name: String,
    /// The handler function, qualified, if any.
    pub handler: Option<String>,
    pub validator: Option<String>,
    /// `key=value`, as the catalog stores them.
    pub options: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct ForeignServer {
    pub name: String,
    pub wrapper: String,
    /// The extension that provides the wrapper (`postgres_fdw`), created before the
    /// server and dropped after it. Not compared.
    pub wrapper_extension: Option<String>,
    pub server_type: Option<String>,
    pub version: Option<String>,
    pub options: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct ForeignTable {
    pub name: QualifiedName,
    pub server: String,
    pub columns: Vec<ForeignColumn>,
    /// CHECK constraints (not enforced by Postgres; the planner trusts them).
    pub checks: Vec<NamedDefinition>,
    pub options: Vec<String>,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct ForeignColumn {
    pub name: String,
    pub ty: String,
    pub not_null: bool,
    pub default: Option<String>,
    /// A collation other than the type's default, quoted.
    pub collation: Option<String>,
    pub options: Vec<String>,
}

/// Which foreign object an in-place change is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum ForeignName {
    Wrapper(String),
    Server(String),
    Table(QualifiedName),
}

impl ForeignName {
    fn alter(&self) -> String {
        match self {
            ForeignName::Wrapper(name) => format!("FOREIGN DATA WRAPPER {}", Ident(name)),
            ForeignName::Server(name) => format!("SERVER {}", Ident(name)),
            ForeignName::Table(name) => format!("FOREIGN TABLE {name}"),
        }
    }
}

impl std::fmt::Display for ForeignName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ForeignName::Wrapper(name) => write!(f, "foreign data wrapper {}", Ident(name)),
            ForeignName::Server(name) => write!(f, "server {}", Ident(name)),
            ForeignName::Table(name) => write!(f, "foreign table {name}"),
        }
    }
}

/// An option added, set to a new value, or dropped.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum OptionChange {
    Add(String, String),
    Set(String, String),
    Drop(String),
}

/// What changes in place on a kept wrapper, server or foreign table.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct ForeignChange {
    pub target: ForeignName,
    /// A server's new version, when it changed (`None` inside: no version).
    pub version: Option<Option<String>>,
    pub options: Vec<OptionChange>,
    pub comment: Option<Option<String>>,
}

/// `key=value` split at the first `=`.
fn split(option: &str) -> (&str, &str) {
    option.split_once('=').unwrap_or((option, ""))
}

/// `OPTIONS (key 'value', …)`, or nothing.
fn options_clause(options: &[String]) -> String {
    if options.is_empty() {
        return String::new();
    }
    let items: Vec<String> = options
        .iter()
        .map(|o| {
            let (key, value) = split(o);
            format!("{} {}", Ident(key), Literal(value))
        })
        .collect();
    format!(" OPTIONS ({})", items.join(", "))
}

fn option_changes(old: &[String], new: &[String]) -> Vec<OptionChange> {
    let old: Vec<(&str, &str)> = old.iter().map(|o| split(o)).collect();
    let new: Vec<(&str, &str)> = new.iter().map(|o| split(o)).collect();
    let mut out: Vec<OptionChange> = old
        .iter()
        .filter(|(k, _)| !new.iter().any(|(n, _)| n == k))
        .map(|(k, _)| OptionChange::Drop(k.to_string()))
        .collect();
    for (key, value) in &new {
        match old.iter().find(|(k, _)| k == key) {
            None => out.push(OptionChange::Add(key.to_string(), value.to_string())),
            Some((_, was)) if was != value => {
                out.push(OptionChange::Set(key.to_string(), value.to_string()))
            }
            Some(_) => {}
        }
    }
    out
}

fn comment_sql(target: &ForeignName, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("{}", target.alter()), comment)
}

impl ForeignDataWrapper {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = format!("CREATE FOREIGN DATA WRAPPER {}", Ident(&self.name));
        match &self.handler {
            Some(handler) => write!(sql, " HANDLER {handler}").unwrap(),
            None => sql.push_str(" NO HANDLER"),
        }
        match &self.validator {
            Some(validator) => write!(sql, " VALIDATOR {validator}").unwrap(),
            None => sql.push_str(" NO VALIDATOR"),
        }
        sql.push_str(&options_clause(&self.options));
        with_comment(sql, &ForeignName::Wrapper(self.name.clone()), &self.comment)
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP FOREIGN DATA WRAPPER {}", Ident(&self.name))
    }
}

impl ForeignServer {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = format!("CREATE SERVER {}", Ident(&self.name));
        if let Some(server_type) = &self.server_type {
            write!(sql, " TYPE {}", Literal(server_type)).unwrap();
        }
        if let Some(version) = &self.version {
            write!(sql, " VERSION {}", Literal(version)).unwrap();
        }
        write!(sql, " FOREIGN DATA WRAPPER {}", Ident(&self.wrapper)).unwrap();
        sql.push_str(&options_clause(&self.options));
        with_comment(sql, &ForeignName::Server(self.name.clone()), &self.comment)
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP SERVER {}", Ident(&self.name))
    }
}

impl ForeignTable {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut parts: Vec<String> = self.columns.iter().map(column_sql).collect();
        parts.extend(
            self.checks
                .iter()
                .map(|c| format!("CONSTRAINT {} {}", Ident(&c.name), c.definition)),
        );
        let mut sql = format!(
            "CREATE FOREIGN TABLE {} (\n    {}\n) SERVER {}",
            self.name,
            parts.join(",\n    "),
            Ident(&self.server)
        );
        sql.push_str(&options_clause(&self.options));
        let mut out = with_comment(sql, &ForeignName::Table(self.name.clone()), &self.comment);
        for check in &self.checks {
            if let Some(comment) = &check.comment {
                out.push(format!(
                    "COMMENT ON CONSTRAINT {} ON {} IS {}",
                    Ident(&check.name),
                    self.name,
                    Literal(comment)
                ));
            }
        }
        out
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP FOREIGN TABLE {}", self.name)
    }
}

fn column_sql(column: &ForeignColumn) -> String {
    let mut sql = format!("{} {}", Ident(&column.name), column.ty);
    sql.push_str(&options_clause(&column.options));
    if let Some(collation) = &column.collation {
        write!(sql, " COLLATE {collation}").unwrap();
    }
    if column.not_null {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        write!(sql, " DEFAULT {default}").unwrap();
    }
    sql
}

fn with_comment(sql: String, target: &ForeignName, comment: &Option<String>) -> Vec<String> {
    let mut out = vec![sql];
    if let Some(comment) = comment {
        out.push(comment_sql(target, Some(comment)));
    }
    out
}

impl ForeignChange {
    pub(crate) fn sql(&self) -> Vec<String> {
        let mut out = Vec::new();
        let target = self.target.alter();
        let mut alter = format!("ALTER {target}");
        if let Some(version) = &self.version {
            match version {
                Some(v) => write!(alter, " VERSION {}", Literal(v)).unwrap(),
                None => alter.push_str(" VERSION NULL"),
            }
        }
        if !self.options.is_empty() {
            let items: Vec<String> = self
                .options
                .iter()
                .map(|o| match o {
                    OptionChange::Add(k, v) => format!("ADD {} {}", Ident(k), Literal(v)),
                    OptionChange::Set(k, v) => format!("SET {} {}", Ident(k), Literal(v)),
                    OptionChange::Drop(k) => format!("DROP {}", Ident(k)),
                })
                .collect();
            write!(alter, " OPTIONS ({})", items.join(", ")).unwrap();
        }
        if self.version.is_some() || !self.options.is_empty() {
            out.push(alter);
        }
        if let Some(comment) = &self.comment {
            out.push(comment_sql(&self.target, comment.as_deref()));
        }
        out
    }
}

/// The in-place change between two versions of one object, if anything changed.
fn change(
    target: ForeignName,
    (old_options, new_options): (&[String], &[String]),
    (old_comment, new_comment): (&Option<String>, &Option<String>),
    version: Option<Option<String>>,
) -> Option<ForeignChange> {
    let change = ForeignChange {
        target,
        version,
        options: option_changes(old_options, new_options),
        comment: (old_comment != new_comment).then(|| new_comment.clone()),
    };
    let unchanged =
        change.version.is_none() && change.options.is_empty() && change.comment.is_none();
    (!unchanged).then_some(change)
}

fn replace(change: Option<ForeignChange>, changes: &mut Vec<Change>) {
    if let Some(change) = change {
        changes.push(Change::ReplaceObject(Object::ForeignChange(Box::new(
            change,
        ))));
    }
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    wrappers(from, to, changes);
    servers(from, to, changes);
    tables(from, to, changes);
}

/// The database-level kinds, matched by name: dropped, created, recreated when `same`
/// says the definition cannot change in place, otherwise altered by `alter`'s delta.
fn by_name<T: Clone>(
    (from, to): (&[T], &[T]),
    name: fn(&T) -> &str,
    object: fn(Box<T>) -> Object,
    same: fn(&T, &T) -> bool,
    alter: impl Fn(&T, &T) -> Option<ForeignChange>,
    changes: &mut Vec<Change>,
) {
    let find = |list: &[T], wanted: &str| list.iter().find(|x| name(x) == wanted).cloned();
    for old in from {
        if find(to, name(old)).is_none() {
            changes.push(Change::DropObject(object(Box::new(old.clone()))));
        }
    }
    for new in to {
        let Some(old) = find(from, name(new)) else {
            changes.push(Change::CreateObject(object(Box::new(new.clone()))));
            continue;
        };
        if !same(&old, new) {
            changes.push(Change::DropObject(object(Box::new(old))));
            changes.push(Change::CreateObject(object(Box::new(new.clone()))));
        } else {
            replace(alter(&old, new), changes);
        }
    }
}

fn wrappers(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    by_name(
        (&from.foreign_wrappers, &to.foreign_wrappers),
        |w| &w.name,
        Object::ForeignWrapper,
        |old, new| (&old.handler, &old.validator) == (&new.handler, &new.validator),
        |old, new| {
            let target = ForeignName::Wrapper(new.name.clone());
            let options = (&old.options[..], &new.options[..]);
            change(target, options, (&old.comment, &new.comment), None)
        },
        changes,
    );
}

/// The extension that provides a server's wrapper is ordering, not definition.
fn servers(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    by_name(
        (&from.foreign_servers, &to.foreign_servers),
        |s| &s.name,
        Object::ForeignServer,
        |old, new| (&old.wrapper, &old.server_type) == (&new.wrapper, &new.server_type),
        |old, new| {
            let version = (old.version != new.version).then(|| new.version.clone());
            let target = ForeignName::Server(new.name.clone());
            let options = (&old.options[..], &new.options[..]);
            change(target, options, (&old.comment, &new.comment), version)
        },
        changes,
    );
}

fn tables(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.foreign_tables {
        if !to.foreign_tables.contains_key(name) {
            changes.push(Change::DropObject(Object::ForeignTable(Box::new(
                old.clone(),
            ))));
        }
    }
    let recreated_servers: Vec<&String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropObject(Object::ForeignServer(s)) => Some(&s.name),
            _ => None,
        })
        .collect();
    let mut added = Vec::new();
    for (name, new) in &to.foreign_tables {
        let object = Object::ForeignTable(Box::new(new.clone()));
        let Some(old) = from.foreign_tables.get(name) else {
            added.push(Change::CreateObject(object));
            continue;
        };
        let shape = |t: &ForeignTable| (t.server.clone(), t.columns.clone(), t.checks.clone());
        if shape(old) != shape(new) || recreated_servers.contains(&&old.server) {
            added.push(Change::DropObject(Object::ForeignTable(Box::new(
                old.clone(),
            ))));
            added.push(Change::CreateObject(object));
            continue;
        }
        let target = ForeignName::Table(name.clone());
        let options = (&old.options[..], &new.options[..]);
        replace(
            change(target, options, (&old.comment, &new.comment), None),
            &mut added,
        );
    }
    changes.extend(added);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_and_tables_are_created_with_quoted_options_and_changed_by_delta() {
        let server = ForeignServer {
            name: "Remote".into(),
            wrapper: "postgres_fdw".into(),
            wrapper_extension: Some("postgres_fdw".into()),
            server_type: None,
            version: Some("15".into()),
            options: vec!["host=db.internal".into(), "dbname=it's".into()],
            comment: None,
        };
        assert_eq!(
            server.create_sql(),
            [
                "CREATE SERVER \"Remote\" VERSION '15' FOREIGN DATA WRAPPER postgres_fdw \
              OPTIONS (host 'db.internal', dbname 'it''s')"
            ]
        );
        let change = change(
            ForeignName::Server("Remote".into()),
            (
                &server.options,
                &["host=db2.internal".into(), "port=6432".into()],
            ),
            (&None, &Some("replica".into())),
            Some(None),
        )
        .unwrap();
        assert_eq!(
            change.sql(),
            [
                "ALTER SERVER \"Remote\" VERSION NULL OPTIONS (DROP dbname, SET host \
                 'db2.internal', ADD port '6432')",
                "COMMENT ON SERVER \"Remote\" IS 'replica'",
            ]
        );
    }
}
