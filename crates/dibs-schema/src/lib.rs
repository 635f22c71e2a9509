//! The schema model dibs shares between Rust declarations and live databases, the diff
//! between two models, and the ordered DDL that carries it out. Pure: no database here.

mod casts;
mod change;
mod declaration;
mod diff;
mod equivalence;
mod model;
mod objects;
mod order;
mod plan;
mod quote;
mod recreate;
mod render;
mod transaction;

pub use change::{
    Change, CommentTarget, Constraint, DomainRebuild, Hazards, LockLevel, Safety, TypeUse,
};
pub use declaration::{DeclaredColumn, DeclaredKind, SqlDeclaration};
pub use diff::diff;
pub use equivalence::same_expression;
pub use model::*;
pub use objects::{
    Acl, AclItem, Collation, CollationProvider, DefaultAcl, DefaultAclKey, DefaultObjects,
    DefaultPrivilegeChange, Dependency, EventTrigger, ForeignChange, ForeignColumn,
    ForeignDataWrapper, ForeignName, ForeignServer, ForeignTable, Function, FunctionName, Object,
    OptionChange, OwnedObject, Owner, Policy, PolicyCommand, PolicyName, Privilege,
    PrivilegeChange, PrivilegeTarget, Publication, PublicationChange, PublishedTable, RoutineKind,
    Rule, RuleName, Statistics, Trigger, TriggerEnabled, TriggerName, View, ViewColumn, ViewIndex,
    ViewKind,
};
pub use order::{CycleError, order};
pub use plan::{COMMIT_BOUNDARY, Plan, PlanError, PlannedChange, plan};
pub use quote::{Ident, Literal, MAX_IDENTIFIER_BYTES, QualifiedName, ident_list};
pub use render::{column_definition, constraint_definition, statements, truncate_identifier};
pub use transaction::Transaction;
