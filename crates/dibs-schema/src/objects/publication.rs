//! Publications (`CREATE PUBLICATION … FOR TABLE …`): what logical replication sends to
//! subscribers.
//!
//! A publication belongs to the database, not to a schema, but its members do: only the
//! tables and schemas (`FOR TABLES IN SCHEMA`, 15+) inside the compared schemas are
//! compared, and membership changes are deltas (`ADD` / `DROP`), never `SET`, so members
//! outside the comparison are left alone. A member's column list or row filter (15+)
//! changes by dropping and adding it again in one statement pair. `FOR ALL TABLES`
//! cannot be altered either way, so changing it recreates the publication, which
//! subscribers notice (their slot keeps the name, but they stop receiving changes until
//! it exists again): that, and dropping one, is marked destructive.
//!
//! Publications are not rebuilt around their tables like views: a table dropped and
//! created again loses its membership, which the diff adds back.

use std::fmt::Write as _;

use super::Object;
use crate::change::Change;
use crate::model::Schema;
use crate::quote::{Ident, Literal, QualifiedName};

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Publication {
    pub name: String,
    /// `FOR ALL TABLES`: every table, present and future.
    pub all_tables: bool,
    /// Published tables inside the compared schemas, by name.
    pub tables: Vec<PublishedTable>,
    /// `FOR TABLES IN SCHEMA` (15+), compared schemas only.
    pub schemas: Vec<String>,
    /// Which operations are published, in `insert, update, delete, truncate` order.
    pub publish: Vec<String>,
    /// `publish_via_partition_root`: partitions' changes sent as their root table's.
    pub via_partition_root: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, facet::Facet)]
pub struct PublishedTable {
    pub table: QualifiedName,
    /// Column list (15+); `None` publishes every column.
    pub columns: Option<Vec<String>>,
    /// Row filter (15+), as the server prints it.
    pub row_filter: Option<String>,
}

impl PublishedTable {
    /// The table as a member list names it (without the `TABLE` keyword, which servers
    /// before 15 accept only once per list).
    fn sql(&self) -> String {
        let mut sql = self.table.to_string();
        if let Some(columns) = &self.columns {
            let columns: Vec<String> = columns.iter().map(|c| Ident(c).to_string()).collect();
            write!(sql, " ({})", columns.join(", ")).unwrap();
        }
        if let Some(filter) = &self.row_filter {
            write!(sql, " WHERE ({filter})").unwrap();
        }
        sql
    }
}

/// What to change in a publication that is kept.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct PublicationChange {
    pub name: String,
    /// Tables to drop first (gone, or added again with another column list or filter).
    pub drop_tables: Vec<QualifiedName>,
    pub add_tables: Vec<PublishedTable>,
    pub drop_schemas: Vec<String>,
    pub add_schemas: Vec<String>,
    /// The options to set, when they changed.
    pub options: Option<(Vec<String>, bool)>,
    /// The comment to set, when it changed.
    pub comment: Option<Option<String>>,
}

impl Publication {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let name = Ident(&self.name);
        let mut sql = format!("CREATE PUBLICATION {name}");
        let tables: Vec<String> = self.tables.iter().map(PublishedTable::sql).collect();
        if self.all_tables {
            sql.push_str(" FOR ALL TABLES");
        } else if let Some(members) = member_list(&tables, &self.schemas) {
            write!(sql, " FOR {members}").unwrap();
        }
        write!(
            sql,
            " WITH ({})",
            options_sql(&self.publish, self.via_partition_root)
        )
        .unwrap();
        let mut out = vec![sql];
        if let Some(comment) = &self.comment {
            out.push(comment_sql(&self.name, Some(comment)));
        }
        out
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP PUBLICATION {}", Ident(&self.name))
    }

    /// Every member this side has, as the statements' members.
    fn member_tables(&self) -> impl Iterator<Item = &QualifiedName> {
        self.tables.iter().map(|t| &t.table)
    }
}

impl PublicationChange {
    pub(crate) fn sql(&self) -> Vec<String> {
        let name = Ident(&self.name);
        let mut out = Vec::new();
        let dropped: Vec<String> = self.drop_tables.iter().map(|t| t.to_string()).collect();
        if let Some(members) = member_list(&dropped, &self.drop_schemas) {
            out.push(format!("ALTER PUBLICATION {name} DROP {members}"));
        }
        let added: Vec<String> = self.add_tables.iter().map(PublishedTable::sql).collect();
        if let Some(members) = member_list(&added, &self.add_schemas) {
            out.push(format!("ALTER PUBLICATION {name} ADD {members}"));
        }
        if let Some((publish, via_root)) = &self.options {
            out.push(format!(
                "ALTER PUBLICATION {name} SET ({})",
                options_sql(publish, *via_root)
            ));
        }
        if let Some(comment) = &self.comment {
            out.push(comment_sql(&self.name, comment.as_deref()));
        }
        out
    }

    /// Dropping a member stops its changes reaching subscribers.
    pub(crate) fn stops_publishing(&self) -> bool {
        !self.drop_tables.is_empty() || !self.drop_schemas.is_empty()
    }
}

/// `TABLE a, b, TABLES IN SCHEMA s, t`: each keyword once, as every server since 13
/// reads it; `None` when there is no member.
fn member_list(tables: &[String], schemas: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    if !tables.is_empty() {
        parts.push(format!("TABLE {}", tables.join(", ")));
    }
    if !schemas.is_empty() {
        let schemas: Vec<String> = schemas.iter().map(|s| Ident(s).to_string()).collect();
        parts.push(format!("TABLES IN SCHEMA {}", schemas.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn options_sql(publish: &[String], via_partition_root: bool) -> String {
    format!(
        "publish = {}, publish_via_partition_root = {via_partition_root}",
        Literal(&publish.join(", "))
    )
}

pub(crate) fn comment_sql(name: &str, comment: Option<&str>) -> String {
    super::comment_statement(format_args!("PUBLICATION {}", Ident(name)), comment)
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let recreated_tables: Vec<QualifiedName> = changes
        .iter()
        .filter_map(|change| match change {
            Change::DropTable { name } if to.tables.contains_key(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let find = |schema: &'_ Schema, name: &str| -> Option<Publication> {
        schema.publications.iter().find(|p| p.name == name).cloned()
    };
    for old in &from.publications {
        if find(to, &old.name).is_none() {
            changes.push(Change::DropObject(Object::Publication(Box::new(
                old.clone(),
            ))));
        }
    }
    for new in &to.publications {
        let object = Object::Publication(Box::new(new.clone()));
        let Some(old) = &find(from, &new.name) else {
            changes.push(Change::CreateObject(object));
            continue;
        };
        if old.all_tables != new.all_tables {
            changes.push(Change::DropObject(Object::Publication(Box::new(
                old.clone(),
            ))));
            changes.push(Change::CreateObject(object));
        } else if let Some(change) = alteration(old, new, to, &recreated_tables) {
            changes.push(Change::ReplaceObject(Object::PublicationChange(Box::new(
                change,
            ))));
        }
    }
}

/// The deltas between two definitions of a kept publication, if any. Members follow
/// their table through a rename and go with it when it is dropped; a table dropped and
/// created again by the plan has lost its membership and is added back.
fn alteration(
    old: &Publication,
    new: &Publication,
    to: &Schema,
    recreated_tables: &[QualifiedName],
) -> Option<PublicationChange> {
    let mut change = PublicationChange {
        name: new.name.clone(),
        drop_tables: Vec::new(),
        add_tables: Vec::new(),
        drop_schemas: Vec::new(),
        add_schemas: Vec::new(),
        options: None,
        comment: None,
    };
    // Old members under the names their tables will have; those dropped are left out.
    let renamed: Vec<PublishedTable> = old
        .tables
        .iter()
        .filter_map(|was| {
            let table = crate::diff::successor(to, &was.table)?.name.clone();
            Some(PublishedTable {
                table,
                ..was.clone()
            })
        })
        .collect();
    for was in &renamed {
        let kept = new.tables.iter().find(|t| t.table == was.table);
        if kept != Some(was) && !recreated_tables.contains(&was.table) {
            change.drop_tables.push(was.table.clone());
        }
    }
    for will in &new.tables {
        let was = renamed.iter().find(|t| t.table == will.table);
        if was != Some(will) || recreated_tables.contains(&will.table) {
            change.add_tables.push(will.clone());
        }
    }
    let old_schemas: Vec<String> = old
        .schemas
        .iter()
        .filter(|s| to.schemas.contains(*s))
        .cloned()
        .collect();
    change.drop_schemas = difference(&old_schemas, &new.schemas);
    change.add_schemas = difference(&new.schemas, &old.schemas);
    if (&old.publish, old.via_partition_root) != (&new.publish, new.via_partition_root) {
        change.options = Some((new.publish.clone(), new.via_partition_root));
    }
    if old.comment != new.comment {
        change.comment = Some(new.comment.clone());
    }
    let unchanged = change.drop_tables.is_empty()
        && change.add_tables.is_empty()
        && change.drop_schemas.is_empty()
        && change.add_schemas.is_empty()
        && change.options.is_none()
        && change.comment.is_none();
    (!unchanged).then_some(change)
}

fn difference(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|s| !b.contains(s)).cloned().collect()
}

/// The tables and schemas a publication (or a change to one) names: created (or renamed)
/// before it.
pub(crate) fn members(object: &Object) -> (Vec<&QualifiedName>, Vec<&str>) {
    match object {
        Object::Publication(p) => (
            p.member_tables().collect(),
            p.schemas.iter().map(String::as_str).collect(),
        ),
        Object::PublicationChange(c) => (
            c.add_tables
                .iter()
                .map(|t| &t.table)
                .chain(&c.drop_tables)
                .collect(),
            c.add_schemas.iter().map(String::as_str).collect(),
        ),
        _ => (Vec::new(), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publication() -> Publication {
        Publication {
            name: "app changes".into(),
            all_tables: false,
            tables: vec![PublishedTable {
                table: QualifiedName::new("public", "tasks"),
                columns: Some(vec!["id".into(), "Title".into()]),
                row_filter: Some("done = false".into()),
            }],
            schemas: vec!["audit".into()],
            publish: vec!["insert".into(), "update".into()],
            via_partition_root: false,
            comment: Some("to the warehouse".into()),
        }
    }

    #[test]
    fn created_with_members_options_and_comment() {
        assert_eq!(
            publication().create_sql(),
            [
                "CREATE PUBLICATION \"app changes\" FOR TABLE public.tasks (id, \"Title\") \
                 WHERE (done = false), TABLES IN SCHEMA audit WITH (publish = 'insert, update', \
                 publish_via_partition_root = false)",
                "COMMENT ON PUBLICATION \"app changes\" IS 'to the warehouse'",
            ]
        );
    }

    #[test]
    fn a_changed_filter_drops_and_adds_the_table_and_other_members_stay() {
        let old = publication();
        let mut new = publication();
        new.tables[0].row_filter = None;
        new.tables.push(PublishedTable {
            table: QualifiedName::new("public", "projects"),
            columns: None,
            row_filter: None,
        });
        let mut to = Schema::default();
        for table in ["tasks", "projects"] {
            let name = QualifiedName::new("public", table);
            to.tables
                .insert(name.clone(), crate::model::Table::new(name));
        }
        to.schemas.push("audit".into());
        let change = alteration(&old, &new, &to, &[]).unwrap();
        assert_eq!(
            change.sql(),
            [
                "ALTER PUBLICATION \"app changes\" DROP TABLE public.tasks",
                "ALTER PUBLICATION \"app changes\" ADD TABLE public.tasks (id, \"Title\"), \
                 public.projects",
            ]
        );
        assert!(alteration(&old, &old, &to, &[]).is_none());
        let recreated = QualifiedName::new("public", "tasks");
        let change = alteration(&old, &old, &to, &[recreated]).unwrap();
        assert!(change.drop_tables.is_empty() && change.add_tables.len() == 1);
    }
}
