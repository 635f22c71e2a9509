//! What a `COMMENT ON` waits for: the object it is on, by its ordering key.

use super::Key;
use crate::change::CommentTarget;
use crate::objects::ObjectKey;

pub(super) fn comment_target(target: &CommentTarget) -> Vec<Key> {
    match target {
        CommentTarget::Table(name) => vec![Key::Table(name.clone())],
        CommentTarget::Column(column) => vec![
            Key::Table(column.table.clone()),
            Key::Columns(column.table.clone()),
        ],
        CommentTarget::Index(name) => vec![Key::Index(name.clone())],
        CommentTarget::Type(name) | CommentTarget::Domain(name) => vec![Key::Type(name.clone())],
        CommentTarget::Sequence(name) => vec![Key::Sequence(name.clone())],
        CommentTarget::Constraint { table, name } => vec![
            Key::Table(table.clone()),
            Key::Constraint(table.clone(), name.clone()),
        ],
        CommentTarget::Routine(name) => vec![Key::Object(ObjectKey::Function(name.clone()))],
        CommentTarget::View(name) | CommentTarget::MaterializedView(name) => {
            vec![Key::Object(ObjectKey::View(name.clone()))]
        }
        CommentTarget::Trigger(name) => vec![Key::Object(ObjectKey::Trigger(name.clone()))],
        CommentTarget::Policy(name) => vec![Key::Object(ObjectKey::Policy(name.clone()))],
        CommentTarget::Schema(name) => vec![Key::Schema(name.clone())],
        CommentTarget::EventTrigger(name) => {
            vec![Key::Object(ObjectKey::EventTrigger(name.clone()))]
        }
    }
}
