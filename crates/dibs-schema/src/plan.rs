//! A plan: the ordered changes from one schema to another, each with its SQL and hazards.

use crate::change::{Change, Hazards};
use crate::diff::diff;
use crate::model::Dependent;
use crate::model::Schema;
use crate::order::{CycleError, order};
use crate::render::statements;
use crate::transaction::Transaction;

/// The comment a printed plan carries where it cannot run in one transaction.
pub const COMMIT_BOUNDARY: &str = "-- commit here: Postgres lets the statements below use the \
     enum values added above only once those are committed (this plan cannot run in one \
     transaction, e.g. psql -1)";

/// One ordered step of a plan.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct PlannedChange {
    pub change: Change,
    pub hazards: Hazards,
    /// Whether the statements may share the migration's transaction.
    pub transaction: Transaction,
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

    /// Whether a change after position `index` would run in the same transaction as a
    /// change whose results are usable only once committed: a runner commits first.
    pub fn commit_after(&self, index: usize) -> bool {
        self.changes[index].transaction == Transaction::CommitBeforeUse
            && self
                .changes
                .get(index + 1)
                .is_some_and(|next| next.transaction != Transaction::CommitBeforeUse)
    }

    /// The plan as a SQL script, one statement per line group, each ending in `;`, with
    /// [`COMMIT_BOUNDARY`] where what follows needs the statements above committed.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for (index, change) in self.changes.iter().enumerate() {
            for statement in &change.sql {
                out.push_str(statement);
                out.push_str(";\n");
            }
            if self.commit_after(index) {
                out.push_str(COMMIT_BOUNDARY);
                out.push('\n');
            }
        }
        out
    }
}

/// Why no plan can be made.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    #[error(transparent)]
    Cycle(#[from] CycleError),
    /// dibs never emits CASCADE: an unmanaged object in the way is named instead.
    #[error(
        "{object} depends on {target}, which this change would {action}; dibs does not manage \
         {kind}s and never uses CASCADE: drop or change the {kind} first, then diff again\n  change: {statement}"
    )]
    BlockedByUnmanaged {
        object: String,
        kind: String,
        target: String,
        action: &'static str,
        statement: String,
    },
    /// A routine dropped and created again (its result type changes) while a kept
    /// generated column computes with it: Postgres refuses the drop, and a generated
    /// column cannot lose its expression and get it back. (Defaults, checks and indexes
    /// calling it are dropped and put back around it.)
    #[error(
        "{function} must be dropped and created again (its result type changes), but the \
         generated column {table}.{column} computes with it; change it in two steps: first \
         make the column stop calling it, diff and migrate, then change the function"
    )]
    FunctionUsedByTable {
        function: String,
        table: String,
        column: String,
    },
    /// A routine dropped and created again while a kept range type calls it and columns
    /// use the range: the range can neither drop the old routine nor switch to a new one
    /// while its columns are converted.
    #[error(
        "{function} must be dropped and created again (an input parameter is renamed or its \
         result type changes), but range type {range} calls it and {users} use the range; \
         give the new routine another name (the range then moves to it in one migration) \
         or keep its signature"
    )]
    FunctionUsedByRange {
        function: String,
        range: String,
        users: String,
    },
    /// Roles are not managed: a grant to one the server lacks would fail mid-migration.
    #[error(
        "{change} grants to role {role:?}, which does not exist on the server of the database \
         being changed; create it there first (CREATE ROLE …; dibs does not manage roles), or \
         leave privileges out of the comparison"
    )]
    MissingRole { role: String, change: String },
    /// An owner the server lacks would fail mid-migration.
    #[error(
        "{object} is to be owned by role {role:?}, which does not exist on the server of the \
         database being changed; create it there first (CREATE ROLE …; dibs does not manage \
         roles), or leave owners out of the comparison"
    )]
    MissingOwner { role: String, object: String },
    /// Postgres cannot alter a collation, nor drop one that something uses.
    #[error(
        "collation {collation} is defined differently on the two sides, but {users} uses it; \
         a collation cannot be altered, nor dropped from under what uses it: declare the new \
         definition under another name and move the columns to it (one migration creates it, \
         moves them and drops the old one)"
    )]
    CollationInUse { collation: String, users: String },
}

/// Diffs `from` against `to` and orders the result.
pub fn plan(from: &Schema, to: &Schema) -> Result<Plan, PlanError> {
    let changes = diff(from, to);
    refuse_blocked(from, to, &changes)?;
    refuse_recreated_functions_in_use(from, to, &changes)?;
    refuse_ranges_calling_recreated_functions(&changes)?;
    refuse_missing_roles(from, &changes)?;
    if let Some(collation) = crate::objects::collation_redefined_in_use(from, to) {
        return Err(PlanError::CollationInUse {
            collation: collation.name.to_string(),
            users: collation.used_by.join(", "),
        });
    }
    let changes = order(from, to, changes)?;
    Ok(Plan {
        changes: changes
            .into_iter()
            .map(|change| PlannedChange {
                hazards: change.hazards(),
                transaction: change.transaction(),
                sql: statements(&change),
                change,
            })
            .collect(),
    })
}

/// The table a change drops or rewrites, with the column when it is one column, and what
/// it does to it.
fn destructive_target(
    change: &Change,
) -> Option<(&crate::QualifiedName, Option<&str>, &'static str)> {
    match change {
        Change::DropTable { name } => Some((name, None, "drop")),
        Change::DropColumn { table, column } => Some((table, Some(column), "drop")),
        Change::AlterColumnType { table, column, .. } => {
            Some((table, Some(column), "change the type of"))
        }
        _ => None,
    }
}

fn refuse_blocked(from: &Schema, to: &Schema, changes: &[Change]) -> Result<(), PlanError> {
    for change in changes {
        let Some((table, column, action)) = destructive_target(change) else {
            continue;
        };
        // Column changes name the table by its new name; `from` knows it by the old one.
        let old_name = to
            .tables
            .get(table)
            .and_then(|t| t.renamed_from.as_ref())
            .map(|previous| table.sibling(previous.clone()));
        let Some(old) = from
            .tables
            .get(table)
            .or_else(|| old_name.and_then(|n| from.tables.get(&n)))
        else {
            continue;
        };
        let blocker: Option<&Dependent> =
            old.dependents.iter().find(|d| match (column, &d.column) {
                (None, _) => true,
                (Some(c), Some(dc)) => c == dc,
                (Some(_), None) => false,
            });
        if let Some(blocker) = blocker {
            let target = match column {
                Some(c) => format!("column {table}.{}", crate::quote::Ident(c)),
                None => format!("table {table}"),
            };
            return Err(PlanError::BlockedByUnmanaged {
                kind: blocker
                    .object
                    .split(' ')
                    .next()
                    .unwrap_or("object")
                    .to_string(),
                object: blocker.object.clone(),
                target,
                action,
                statement: statements(change).join("; "),
            });
        }
    }
    Ok(())
}

fn refuse_recreated_functions_in_use(
    from: &Schema,
    to: &Schema,
    changes: &[Change],
) -> Result<(), PlanError> {
    for change in changes {
        let Change::DropObject(crate::Object::Function(function)) = change else {
            continue;
        };
        if !to.functions.contains_key(&function.name) {
            continue;
        }
        for old in from.tables.values() {
            let Some(new) = crate::diff::successor(to, &old.name) else {
                continue;
            };
            // A generated column that stops calling it is recreated by the diff instead.
            if let Some(column) = generated_column_calling(old, &function.name)
                && generated_column_calling(new, &function.name).as_ref() == Some(&column)
            {
                return Err(PlanError::FunctionUsedByTable {
                    function: format!("{} {}", function.kind.word(), function.name),
                    table: new.name.to_string(),
                    column: crate::quote::Ident(&column).to_string(),
                });
            }
        }
    }
    Ok(())
}

/// A range recreated around its columns while a routine it calls is dropped and created
/// again under the same name (a renamed parameter): the new routine cannot be created
/// while the old one exists, nor the old one dropped while the range calls it.
fn refuse_ranges_calling_recreated_functions(changes: &[Change]) -> Result<(), PlanError> {
    let dropped: Vec<&crate::objects::Function> = changes
        .iter()
        .filter_map(|change| match change {
            Change::DropObject(crate::Object::Function(f)) => Some(&**f),
            _ => None,
        })
        .collect();
    for change in changes {
        let Change::RecreateRange { old, new, uses } = change else {
            continue;
        };
        let pairs = [
            (&old.subtype_diff, &new.subtype_diff),
            (&old.canonical, &new.canonical),
        ];
        for (was, will) in pairs {
            let (Some(was), Some(will)) = (was, will) else {
                continue;
            };
            let Some(function) = dropped.iter().find(|f| f.name == *was) else {
                continue;
            };
            if was.name == will.name {
                return Err(PlanError::FunctionUsedByRange {
                    function: format!("{} {}", function.kind.word(), function.name),
                    range: old.name.to_string(),
                    users: uses
                        .iter()
                        .map(|u| {
                            format!(
                                "{}.{}",
                                u.column.table,
                                crate::quote::Ident(&u.column.column)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
    }
    Ok(())
}

/// Grants to roles that `from`'s server does not have (known when privileges were read).
fn refuse_missing_roles(from: &Schema, changes: &[Change]) -> Result<(), PlanError> {
    if from.roles.is_empty() {
        return Ok(());
    }
    for change in changes {
        if let Change::CreateObject(crate::Object::Owner(owner)) = change
            && from.roles.binary_search(&owner.role).is_err()
        {
            return Err(PlanError::MissingOwner {
                role: owner.role.clone(),
                object: owner.object.to_string(),
            });
        }
        let (grant, describe) = match change {
            Change::CreateObject(crate::Object::Privileges(p)) => (&p.grant, p.target.to_string()),
            Change::CreateObject(crate::Object::DefaultPrivileges(d)) => {
                (&d.grant, d.key.to_string())
            }
            _ => continue,
        };
        let missing = grant
            .iter()
            .map(|i| &i.grantee)
            .find(|g| *g != "public" && from.roles.binary_search(g).is_err());
        if let Some(role) = missing {
            return Err(PlanError::MissingRole {
                role: role.clone(),
                change: format!("the change of privileges on {describe}"),
            });
        }
        if let Change::CreateObject(crate::Object::DefaultPrivileges(d)) = change
            && from.roles.binary_search(&d.key.role).is_err()
        {
            return Err(PlanError::MissingRole {
                role: d.key.role.clone(),
                change: format!("the change of {describe}"),
            });
        }
    }
    Ok(())
}

/// A generated column of `table` whose expression calls `function`.
fn generated_column_calling(
    table: &crate::Table,
    function: &crate::FunctionName,
) -> Option<String> {
    table
        .uses
        .iter()
        .find_map(|edge| match (&edge.part, &edge.uses) {
            (crate::TablePart::Default(column), crate::Dependency::Function(f))
                if f == function && table.column(column).is_some_and(|c| c.generated.is_some()) =>
            {
                Some(column.clone())
            }
            _ => None,
        })
}
