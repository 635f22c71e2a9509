//! Extended statistics (`CREATE STATISTICS … ON a, b FROM t`): what the planner learns
//! about columns together (ndistinct, functional dependencies, MCV lists, expressions).
//!
//! Compared by the server's definition (`pg_get_statisticsobjdef`), the sampling target
//! (`ALTER STATISTICS … SET STATISTICS`, in place) and the comment. A changed definition is
//! dropped and created again: nothing is lost but the gathered numbers, until the next
//! `ANALYZE` (the planner estimates as if they never existed meanwhile). The columns and
//! functions the statistics cover are catalog edges, so retyping a covered column drops
//! them before and creates them after.

use super::{Dependency, Object};
use crate::change::Change;
use crate::model::Schema;
use crate::quote::QualifiedName;

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Statistics {
    pub name: QualifiedName,
    /// The table they are gathered on.
    pub table: QualifiedName,
    /// The whole `CREATE STATISTICS` statement as the server prints it.
    pub definition: String,
    /// `SET STATISTICS` target; `None` for the default (the columns' targets).
    pub target: Option<i32>,
    pub comment: Option<String>,
    pub depends_on: Vec<Dependency>,
}

impl Statistics {
    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = vec![self.definition.clone()];
        if self.target.is_some() {
            sql.push(self.target_sql());
        }
        if let Some(comment) = &self.comment {
            sql.push(self.comment_sql(Some(comment)));
        }
        sql
    }

    /// Same definition: the target and the comment, set to what they must be.
    pub(crate) fn replace_sql(&self) -> Vec<String> {
        vec![self.target_sql(), self.comment_sql(self.comment.as_deref())]
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP STATISTICS {}", self.name)
    }

    /// `-1` is the default on every supported server (17 also spells it `DEFAULT`).
    fn target_sql(&self) -> String {
        format!(
            "ALTER STATISTICS {} SET STATISTICS {}",
            self.name,
            self.target.unwrap_or(-1)
        )
    }

    fn comment_sql(&self, comment: Option<&str>) -> String {
        super::comment_statement(format_args!("STATISTICS {}", self.name), comment)
    }
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for (name, old) in &from.statistics {
        if !to.statistics.contains_key(name) {
            changes.push(Change::DropObject(Object::Statistics(Box::new(
                old.clone(),
            ))));
        }
    }
    for (name, new) in &to.statistics {
        let object = Object::Statistics(Box::new(new.clone()));
        let Some(old) = from.statistics.get(name) else {
            changes.push(Change::CreateObject(object));
            continue;
        };
        if old.definition != new.definition {
            changes.push(Change::DropObject(Object::Statistics(Box::new(
                old.clone(),
            ))));
            changes.push(Change::CreateObject(object));
        } else if (old.target, &old.comment) != (new.target, &new.comment) {
            changes.push(Change::ReplaceObject(object));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_target_is_set_in_place_and_the_default_is_minus_one() {
        let mut statistics = Statistics {
            name: QualifiedName::new("public", "Order stats"),
            table: QualifiedName::new("public", "orders"),
            definition: "CREATE STATISTICS public.\"Order stats\" ON a, b FROM public.orders"
                .into(),
            target: Some(500),
            comment: Some("planner".into()),
            depends_on: Vec::new(),
        };
        assert_eq!(
            statistics.create_sql(),
            [
                "CREATE STATISTICS public.\"Order stats\" ON a, b FROM public.orders",
                "ALTER STATISTICS public.\"Order stats\" SET STATISTICS 500",
                "COMMENT ON STATISTICS public.\"Order stats\" IS 'planner'",
            ]
        );
        statistics.target = None;
        statistics.comment = None;
        assert_eq!(
            statistics.replace_sql(),
            [
                "ALTER STATISTICS public.\"Order stats\" SET STATISTICS -1",
                "COMMENT ON STATISTICS public.\"Order stats\" IS NULL",
            ]
        );
    }
}
