//! The tie-break rank of each kind of change: among changes that are free to run, the
//! lower rank goes first. Ranks never override a dependency; they only make plans read in
//! a natural order (schemas, types, tables, objects; drops of dependents first).

use super::objects;
use crate::change::{Change, Constraint};

/// Tie-break between changes that are free to run: creations of what others build on
/// first, drops of what others used last.
pub(super) fn rank(change: &Change) -> u8 {
    match change {
        Change::CreateSchema { .. } => 0,
        Change::DropSchema { .. } => 95,
        Change::CreateExtension(_)
        | Change::SetExtensionSchema { .. }
        | Change::UpdateExtension { .. } => 1,
        Change::DropObject(object) => objects::drop_rank(object),
        Change::DropViewIndex { .. } => 9,
        Change::DropConstraint {
            was: Constraint::ForeignKey(_),
            ..
        } => 10,
        Change::DropConstraint { .. } => 11,
        Change::DropIndex { .. } => 12,
        Change::DetachPartition { .. } => 13,
        Change::NoInherit { .. } => 14,
        Change::RenameTable { .. } => 15,
        Change::RenameColumn { .. } => 16,
        Change::RenameConstraint { .. } | Change::RenameIndex { .. } => 17,
        Change::SetDefault { default: None, .. }
        | Change::DropIdentity { .. }
        | Change::DropExpression { .. } => 18,
        Change::DropTable { .. } => 20,
        Change::DropColumn { .. } => 21,
        Change::DropSequence { .. } => 25,
        Change::DropEnum { .. }
        | Change::DropDomain { .. }
        | Change::DropComposite { .. }
        | Change::DropRange { .. } => 27,
        Change::CreateEnum(_)
        | Change::CreateDomain(_)
        | Change::CreateComposite(_)
        | Change::CreateRange(_) => 30,
        Change::AddEnumValue { .. } => 31,
        Change::RecreateEnum { .. }
        | Change::RecreateDomain { .. }
        | Change::RecreateComposite { .. }
        | Change::RecreateRange { .. } => 32,
        Change::SetDomainDefault { .. }
        | Change::SetDomainNotNull { .. }
        | Change::AddDomainCheck { .. }
        | Change::DropDomainCheck { .. }
        | Change::AddCompositeAttribute { .. }
        | Change::DropCompositeAttribute { .. }
        | Change::AlterCompositeAttribute { .. } => 33,
        Change::CreateObject(object) | Change::ReplaceObject(object) => {
            objects::create_rank(object)
        }
        Change::CreateViewIndex { .. } => 64,
        Change::SetTriggerEnabled { .. } | Change::SetEventTriggerEnabled { .. } => 69,
        Change::CreateSequence(_) => 35,
        Change::AlterSequence { .. } => 36,
        Change::CreateTable(_) => 40,
        Change::AddColumn { .. } => 41,
        Change::AlterColumnType { .. } => 42,
        Change::SetNotNull { .. } => 43,
        Change::SetDefault { .. } => 44,
        Change::AddIdentity { .. } | Change::AlterIdentity { .. } => 45,
        Change::SetSequenceOwner { .. } => 50,
        Change::SetSequenceLogged { .. } => 66,
        Change::AddConstraint { constraint, .. } => match constraint {
            Constraint::PrimaryKey(_) => 55,
            Constraint::Unique(_) => 56,
            Constraint::Check(_) | Constraint::Exclusion(_) => 57,
            Constraint::ForeignKey(_) => 60,
        },
        Change::CreateIndex { .. } => 58,
        Change::AttachPartition { .. } | Change::Inherit { .. } => 59,
        Change::SetLogged { .. } | Change::SetTableOptions { .. } => 65,
        Change::SetReplicaIdentity { .. } => 66,
        Change::SetRowLevelSecurity { .. } | Change::SetForceRowLevelSecurity { .. } => 67,
        Change::SetComment { .. } => 70,
        Change::DropExtension { .. } => 90,
    }
}
