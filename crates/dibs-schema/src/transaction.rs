//! Where a change may run: inside the migration's transaction with the others, or only
//! after what precedes it is committed.
//! Postgres accepts `ALTER TYPE … ADD VALUE` in a transaction but refuses to use the new
//! label before that transaction commits, so a plan that adds a value and then uses it
//! (a default, a check, a view) must commit in between; a migration runner or generator
//! reads this instead of recognising statements by their text.

use crate::change::Change;

/// How a change's statements relate to the transaction they run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum Transaction {
    /// Runs inside the migration's transaction, together with every other change.
    Any,
    /// Runs inside a transaction, but what it creates can only be used by statements
    /// after a commit (`ALTER TYPE … ADD VALUE`).
    CommitBeforeUse,
    // Statements Postgres refuses inside a transaction block (`CREATE INDEX
    // CONCURRENTLY`) get a variant of their own with the online-safe planner that emits
    // them; no change does today.
}

impl Change {
    /// The transaction this change's statements need.
    pub fn transaction(&self) -> Transaction {
        match self {
            Change::AddEnumValue { .. } => Transaction::CommitBeforeUse,
            Change::CreateSchema { .. }
            | Change::DropSchema { .. }
            | Change::CreateExtension(_)
            | Change::SetExtensionSchema { .. }
            | Change::UpdateExtension { .. }
            | Change::DropExtension { .. }
            | Change::CreateEnum(_)
            | Change::DropEnum { .. }
            | Change::RecreateEnum { .. }
            | Change::CreateDomain(_)
            | Change::RecreateDomain { .. }
            | Change::DropDomain { .. }
            | Change::SetDomainDefault { .. }
            | Change::SetDomainNotNull { .. }
            | Change::AddDomainCheck { .. }
            | Change::DropDomainCheck { .. }
            | Change::CreateComposite(_)
            | Change::DropComposite { .. }
            | Change::AddCompositeAttribute { .. }
            | Change::DropCompositeAttribute { .. }
            | Change::AlterCompositeAttribute { .. }
            | Change::RecreateComposite { .. }
            | Change::RecreateRange { .. }
            | Change::CreateRange(_)
            | Change::DropRange { .. }
            | Change::CreateSequence(_)
            | Change::DropSequence { .. }
            | Change::AlterSequence { .. }
            | Change::SetSequenceOwner { .. }
            | Change::SetSequenceLogged { .. }
            | Change::CreateTable(_)
            | Change::DropTable { .. }
            | Change::RenameTable { .. }
            | Change::AddColumn { .. }
            | Change::DropColumn { .. }
            | Change::RenameColumn { .. }
            | Change::AlterColumnType { .. }
            | Change::SetNotNull { .. }
            | Change::SetDefault { .. }
            | Change::AddIdentity { .. }
            | Change::DropIdentity { .. }
            | Change::AlterIdentity { .. }
            | Change::DropExpression { .. }
            | Change::AddConstraint { .. }
            | Change::RenameConstraint { .. }
            | Change::DropConstraint { .. }
            | Change::CreateIndex { .. }
            | Change::RenameIndex { .. }
            | Change::DropIndex { .. }
            | Change::SetComment { .. }
            | Change::SetLogged { .. }
            | Change::SetTableOptions { .. }
            | Change::SetReplicaIdentity { .. }
            | Change::SetRowLevelSecurity { .. }
            | Change::SetForceRowLevelSecurity { .. }
            | Change::DetachPartition { .. }
            | Change::AttachPartition { .. }
            | Change::Inherit { .. }
            | Change::NoInherit { .. }
            | Change::CreateObject(_)
            | Change::ReplaceObject(_)
            | Change::DropObject(_)
            | Change::SetTriggerEnabled { .. }
            | Change::SetEventTriggerEnabled { .. }
            | Change::CreateViewIndex { .. }
            | Change::DropViewIndex { .. } => Transaction::Any,
        }
    }
}
