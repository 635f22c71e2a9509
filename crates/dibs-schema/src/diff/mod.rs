//! Comparing two schema models into a list of typed changes (unordered; see `order`).
//!
//! Renames come only from `renamed_from` on the desired side, never from guessing.

mod foreign_keys;
mod function_users;
mod inheritance;
mod ranges;
mod renames;
mod table;

pub(crate) use table::{calls_on_itself, predecessor, predecessor_column};
pub use table::{column_dropped, successor};
mod types;

use crate::change::Change;
use crate::model::Schema;

/// The changes that turn `from` into `to`, in no particular order.
pub fn diff(from: &Schema, to: &Schema) -> Vec<Change> {
    let mut changes = Vec::new();
    schemas(from, to, &mut changes);
    types::extensions(from, to, &mut changes);
    types::enums(from, to, &mut changes);
    types::domains(from, to, &mut changes);
    types::composites(from, to, &mut changes);
    ranges::ranges(from, to, &mut changes);
    types::sequences(from, to, &mut changes);
    table::tables(from, to, &mut changes);
    foreign_keys::follow_dropped_keys(from, to, &mut changes);
    crate::objects::diff(from, to, &mut changes);
    ranges::recreate_ranges_calling_dropped_functions(from, to, &mut changes);
    crate::objects::rebuild::rebuild_dependents(from, to, &mut changes);
    function_users::rebuild_parts_calling_dropped_functions(from, to, &mut changes);
    if from.manages_owners && to.manages_owners {
        // Last: whether an object is created anew decides who owns it after the plan.
        crate::objects::owner::diff(from, to, &mut changes);
    }
    changes
}

/// Schemas to create or drop (`public` is never dropped: every database has it), and
/// their comments.
fn schemas(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    for name in &to.schemas {
        if !from.schemas.contains(name) && name != "public" {
            changes.push(Change::CreateSchema { name: name.clone() });
        }
        let (old, new) = (from.schema_comment(name), to.schema_comment(name));
        if old != new {
            changes.push(Change::SetComment {
                target: crate::change::CommentTarget::Schema(name.clone()),
                comment: new.cloned(),
            });
        }
    }
    for name in &from.schemas {
        if !to.schemas.contains(name) && name != "public" {
            changes.push(Change::DropSchema { name: name.clone() });
        }
    }
}
