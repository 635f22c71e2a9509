//! Views and materialized views.
//!
//! Compared by the query as the server deparses it (`pg_get_viewdef`), the storage
//! options (`security_barrier`, `security_invoker`, `check_option`), the output columns
//! and, for materialized views, their indexes. A view whose old columns are kept, in
//! order and with their types, is replaced in place (`CREATE OR REPLACE VIEW`, which keeps
//! views over it); any other change drops it and creates it again with its dependents.

use super::{Dependency, Object, comment_change};
use crate::change::{Change, CommentTarget, Hazards, LockLevel, Safety};
use crate::model::Schema;
use crate::quote::QualifiedName;

#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum ViewKind {
    View,
    Materialized,
}

impl ViewKind {
    pub fn word(self) -> &'static str {
        match self {
            ViewKind::View => "view",
            ViewKind::Materialized => "materialized view",
        }
    }

    fn keyword(self) -> &'static str {
        match self {
            ViewKind::View => "VIEW",
            ViewKind::Materialized => "MATERIALIZED VIEW",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct ViewColumn {
    pub name: String,
    /// As `format_type` prints it.
    pub ty: String,
}

/// An index on a materialized view.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct ViewIndex {
    pub name: String,
    /// `pg_get_indexdef`: the whole `CREATE INDEX` statement.
    pub definition: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct View {
    pub name: QualifiedName,
    pub kind: ViewKind,
    /// The query as `pg_get_viewdef` prints it, without the trailing semicolon.
    pub query: String,
    /// Storage options (`check_option=local`, `security_invoker=true`), sorted.
    pub options: Vec<String>,
    pub columns: Vec<ViewColumn>,
    /// Indexes of a materialized view, by name.
    pub indexes: Vec<ViewIndex>,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

impl View {
    fn head(&self, verb: &str) -> String {
        let mut sql = format!("{verb} {} {}", self.kind.keyword(), self.name);
        if !self.options.is_empty() {
            sql.push_str(&format!(" WITH ({})", self.options.join(", ")));
        }
        sql
    }

    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut statement = format!("{} AS {}", self.head("CREATE"), self.query.trim());
        if self.kind == ViewKind::Materialized {
            statement.push_str(" WITH DATA");
        }
        let mut sql = vec![statement];
        sql.extend(self.indexes.iter().flat_map(|i| index_sql(&self.name, i)));
        if let Some(comment) = &self.comment {
            sql.push(self.comment_sql(Some(comment)));
        }
        sql
    }

    pub(crate) fn replace_sql(&self) -> Vec<String> {
        vec![format!(
            "{} AS {}",
            self.head("CREATE OR REPLACE"),
            self.query.trim()
        )]
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP {} {}", self.kind.keyword(), self.name)
    }

    pub(crate) fn comment_sql(&self, comment: Option<&str>) -> String {
        comment_sql(self.kind, &self.name, comment)
    }

    pub(crate) fn drop_hazards(&self) -> Hazards {
        // A materialized view's rows are computed again when it is created.
        Hazards::new(Safety::Safe, LockLevel::AccessExclusive, false)
    }

    /// Whether `CREATE OR REPLACE VIEW` can turn `self` into `new`: a plain view that
    /// keeps every old column, in order, with its type.
    fn replaceable_by(&self, new: &View) -> bool {
        self.kind == ViewKind::View
            && new.kind == ViewKind::View
            && new.columns.len() >= self.columns.len()
            && new.columns[..self.columns.len()] == self.columns[..]
    }

    fn same_definition(&self, new: &View) -> bool {
        self.kind == new.kind
            && self.query == new.query
            && self.options == new.options
            && self.columns == new.columns
    }
}

pub(crate) fn comment_sql(kind: ViewKind, name: &QualifiedName, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("{} {name}", kind.keyword()), comment)
}

/// An index of a materialized view, with its comment.
pub(crate) fn index_sql(view: &QualifiedName, index: &ViewIndex) -> Vec<String> {
    let mut sql = vec![index.definition.clone()];
    if let Some(comment) = &index.comment {
        let name = view.sibling(index.name.clone());
        sql.push(super::comment_statement(
            format_args!("INDEX {name}"),
            Some(comment),
        ));
    }
    sql
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.views {
        if !to.views.contains_key(name) {
            changes.push(Change::DropObject(Object::View(Box::new(old.clone()))));
        }
    }
    for (name, new) in &to.views {
        let boxed = || Object::View(Box::new(new.clone()));
        let Some(old) = from.views.get(name) else {
            changes.push(Change::CreateObject(boxed()));
            continue;
        };
        if !old.same_definition(new) {
            if !old.replaceable_by(new) {
                changes.push(Change::DropObject(Object::View(Box::new(old.clone()))));
                changes.push(Change::CreateObject(boxed()));
                continue;
            }
            changes.push(Change::ReplaceObject(boxed()));
        }
        indexes(old, new, changes);
        let target = match new.kind {
            ViewKind::View => CommentTarget::View(name.clone()),
            ViewKind::Materialized => CommentTarget::MaterializedView(name.clone()),
        };
        comment_change(target, old.comment.as_ref(), new.comment.as_ref(), changes);
    }
}

/// Index changes of a materialized view that is kept.
fn indexes(old: &View, new: &View, changes: &mut Vec<Change>) {
    for index in &old.indexes {
        let kept = new
            .indexes
            .iter()
            .find(|i| i.name == index.name)
            .filter(|i| i.definition == index.definition);
        match kept {
            Some(kept) if kept.comment != index.comment => changes.push(Change::SetComment {
                target: CommentTarget::Index(new.name.sibling(index.name.clone())),
                comment: kept.comment.clone(),
            }),
            Some(_) => {}
            None => changes.push(Change::DropViewIndex {
                view: old.name.clone(),
                name: old.name.sibling(index.name.clone()),
            }),
        }
    }
    for index in &new.indexes {
        let kept = old
            .indexes
            .iter()
            .any(|i| i.name == index.name && i.definition == index.definition);
        if !kept {
            changes.push(Change::CreateViewIndex {
                view: new.name.clone(),
                index: index.clone(),
            });
        }
    }
}
