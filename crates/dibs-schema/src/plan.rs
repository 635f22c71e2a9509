//! A plan: the ordered changes from one schema to another, each with its SQL and hazards.

use crate::change::{Change, Hazards};
use crate::diff::diff;
use crate::model::Schema;
use crate::order::{CycleError, order};
use crate::render::statements;

/// One ordered step of a plan.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct PlannedChange {
    pub change: Change,
    pub hazards: Hazards,
    pub sql: Vec<String>,
}

/// Everything needed to turn one schema into another.
#[derive(Debug, Clone, PartialEq, Default, facet::Facet)]
pub struct Plan {
    pub changes: Vec<PlannedChange>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Every statement, in order.
    pub fn statements(&self) -> impl Iterator<Item = &str> {
        self.changes
            .iter()
            .flat_map(|c| c.sql.iter().map(String::as_str))
    }

    /// The plan as a SQL script, one statement per line group, each ending in `;`.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for statement in self.statements() {
            out.push_str(statement);
            out.push_str(";\n");
        }
        out
    }
}

/// Diffs `from` against `to` and orders the result.
pub fn plan(from: &Schema, to: &Schema) -> Result<Plan, CycleError> {
    let changes = order(from, to, diff(from, to))?;
    Ok(Plan {
        changes: changes
            .into_iter()
            .map(|change| PlannedChange {
                hazards: change.hazards(),
                sql: statements(&change),
                change,
            })
            .collect(),
    })
}
