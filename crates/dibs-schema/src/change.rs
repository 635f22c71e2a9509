//! The typed changes a diff produces, with what each one risks.
//!
//! A change is a value: the diff decides *what* changes, `render` decides the SQL text,
//! `order` decides when it runs. Hazards travel with the change so that the CLI can gate
//! and colour destructive steps and a planner can rewrite them into online-safe ones.

use crate::model::{
    ColumnRef, CompositeAttribute, CompositeType, Domain, EnumType, Extension, ForeignKey,
    Identity, Index, KeyConstraint, NamedDefinition, RangeType, ReplicaIdentity, Sequence,
    SequenceOptions, Table,
};
use crate::objects::{FunctionName, Object, PolicyName, TriggerEnabled, TriggerName, ViewIndex};
use crate::quote::QualifiedName;

/// A constraint added to a table.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
#[repr(u8)]
pub enum Constraint {
    PrimaryKey(KeyConstraint),
    Unique(KeyConstraint),
    ForeignKey(ForeignKey),
    Check(NamedDefinition),
    Exclusion(NamedDefinition),
}

impl Constraint {
    pub fn name(&self) -> &str {
        match self {
            Constraint::PrimaryKey(k) | Constraint::Unique(k) => &k.name,
            Constraint::ForeignKey(fk) => &fk.name,
            Constraint::Check(c) | Constraint::Exclusion(c) => &c.name,
        }
    }

    /// `COMMENT ON CONSTRAINT`.
    pub fn comment(&self) -> Option<&String> {
        match self {
            Constraint::PrimaryKey(k) | Constraint::Unique(k) => k.comment.as_ref(),
            Constraint::ForeignKey(fk) => fk.comment.as_ref(),
            Constraint::Check(c) | Constraint::Exclusion(c) => c.comment.as_ref(),
        }
    }
}

/// What a COMMENT ON statement targets.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
#[repr(u8)]
pub enum CommentTarget {
    Table(QualifiedName),
    Column(ColumnRef),
    Index(QualifiedName),
    Type(QualifiedName),
    Domain(QualifiedName),
    Sequence(QualifiedName),
    Constraint { table: QualifiedName, name: String },
    Routine(FunctionName),
    View(QualifiedName),
    MaterializedView(QualifiedName),
    Trigger(TriggerName),
    Policy(PolicyName),
    Schema(String),
    EventTrigger(String),
}

/// A column whose type (an enum or domain) is being recreated, and what it looks like
/// afterwards.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct TypeUse {
    pub column: ColumnRef,
    /// The column's type text, e.g. `public.mood` or `public.mood[]`.
    pub ty: String,
    /// Whether the column has a default now: it is stored against the old type, so it is
    /// dropped before the conversion.
    pub had_default: bool,
    /// The default to restore after the conversion.
    pub default: Option<String>,
}

/// A domain over an enum being recreated: it is recreated over the new enum, and its
/// columns converted.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct DomainRebuild {
    pub domain: Domain,
    pub uses: Vec<TypeUse>,
}

/// One step from the current schema towards the desired one.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
#[repr(u8)]
pub enum Change {
    CreateSchema {
        name: String,
    },
    /// Once everything in it has been dropped.
    DropSchema {
        name: String,
    },
    CreateExtension(Extension),
    /// `ALTER EXTENSION … SET SCHEMA` (relocatable extensions only; others fail to apply).
    SetExtensionSchema {
        name: String,
        schema: String,
    },
    /// `ALTER EXTENSION … UPDATE TO`: runs the extension's own upgrade scripts.
    UpdateExtension {
        name: String,
        version: String,
    },
    DropExtension {
        name: String,
    },
    CreateEnum(EnumType),
    DropEnum {
        name: QualifiedName,
    },
    /// `ALTER TYPE ... ADD VALUE`, placed before `before` (or at the end).
    AddEnumValue {
        name: QualifiedName,
        value: String,
        before: Option<String>,
    },
    /// Values removed or reordered: rename the old type away, create the new one, convert
    /// every column through text, drop the old type.
    RecreateEnum {
        old: EnumType,
        new: EnumType,
        uses: Vec<TypeUse>,
        /// Domains over the enum, recreated with it.
        domains: Vec<DomainRebuild>,
    },
    CreateDomain(Domain),
    /// The base type or collation changed while columns use the domain: Postgres cannot
    /// alter it in place, so the domain is recreated and each column converted through the
    /// new base type.
    RecreateDomain {
        old: Domain,
        new: Domain,
        uses: Vec<TypeUse>,
    },
    DropDomain {
        name: QualifiedName,
    },
    SetDomainDefault {
        name: QualifiedName,
        default: Option<String>,
    },
    SetDomainNotNull {
        name: QualifiedName,
        not_null: bool,
    },
    AddDomainCheck {
        name: QualifiedName,
        check: NamedDefinition,
    },
    DropDomainCheck {
        name: QualifiedName,
        check: String,
    },
    CreateComposite(CompositeType),
    DropComposite {
        name: QualifiedName,
    },
    AddCompositeAttribute {
        name: QualifiedName,
        attribute: CompositeAttribute,
    },
    DropCompositeAttribute {
        name: QualifiedName,
        attribute: String,
    },
    AlterCompositeAttribute {
        name: QualifiedName,
        attribute: CompositeAttribute,
    },
    /// Attributes changed while columns use the type: Postgres cannot alter it in place,
    /// so the type is recreated and each column converted attribute by attribute.
    RecreateComposite {
        old: CompositeType,
        new: CompositeType,
        uses: Vec<TypeUse>,
    },
    CreateRange(RangeType),
    /// A range redefined while columns use it (it cannot be altered): renamed aside, created
    /// anew, the columns converted through its text form, the old one dropped.
    /// Boxed: two range definitions would make this the largest change.
    RecreateRange {
        old: Box<RangeType>,
        new: Box<RangeType>,
        uses: Vec<TypeUse>,
    },
    DropRange {
        name: QualifiedName,
    },
    /// Created without OWNED BY; ownership is [`Change::SetSequenceOwner`], since the owning
    /// column's default usually needs the sequence first.
    CreateSequence(Sequence),
    DropSequence {
        name: QualifiedName,
    },
    AlterSequence {
        name: QualifiedName,
        options: SequenceOptions,
        /// Bounds narrowed past where the sequence may stand: restart it at `start`.
        restart: bool,
    },
    SetSequenceOwner {
        name: QualifiedName,
        owned_by: Option<ColumnRef>,
    },
    /// `ALTER SEQUENCE … SET [UN]LOGGED`. Runs after its owning table's own persistence
    /// change, which Postgres propagates to the sequences the table owns.
    SetSequenceLogged {
        name: QualifiedName,
        unlogged: bool,
    },
    /// Columns and PRIMARY KEY / UNIQUE / CHECK / EXCLUDE constraints inline; foreign keys,
    /// indexes and comments follow as their own changes.
    /// Boxed: a table is by far the largest thing a change carries.
    CreateTable(Box<Table>),
    DropTable {
        name: QualifiedName,
    },
    RenameTable {
        from: QualifiedName,
        to: String,
    },
    AddColumn {
        table: QualifiedName,
        column: crate::model::Column,
    },
    DropColumn {
        table: QualifiedName,
        column: String,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    AlterColumnType {
        table: QualifiedName,
        column: String,
        /// The type before, which decides how values are converted.
        from_ty: String,
        ty: String,
        collation: Option<String>,
    },
    SetNotNull {
        table: QualifiedName,
        column: String,
        not_null: bool,
    },
    SetDefault {
        table: QualifiedName,
        column: String,
        default: Option<String>,
    },
    AddIdentity {
        table: QualifiedName,
        column: String,
        identity: Identity,
    },
    DropIdentity {
        table: QualifiedName,
        column: String,
    },
    AlterIdentity {
        table: QualifiedName,
        column: String,
        identity: Identity,
        /// Bounds narrowed past where the sequence may stand: restart it at `start`.
        restart: bool,
    },
    /// A generated column becomes a plain one, keeping its values.
    DropExpression {
        table: QualifiedName,
        column: String,
    },
    AddConstraint {
        table: QualifiedName,
        constraint: Constraint,
    },
    RenameConstraint {
        table: QualifiedName,
        from: String,
        to: String,
    },
    DropConstraint {
        table: QualifiedName,
        name: String,
        /// Columns the constraint used, and the table a foreign key referenced: ordering
        /// needs them to drop the constraint before what it depended on.
        was: Constraint,
    },
    CreateIndex {
        table: QualifiedName,
        index: Index,
    },
    /// `name` is the index's current (old) name.
    RenameIndex {
        name: QualifiedName,
        to: String,
    },
    DropIndex {
        table: QualifiedName,
        name: QualifiedName,
    },
    SetComment {
        target: CommentTarget,
        comment: Option<String>,
    },
    SetLogged {
        table: QualifiedName,
        unlogged: bool,
    },
    /// Storage parameters: `set` are the new values, `reset` the names to drop.
    SetTableOptions {
        table: QualifiedName,
        set: Vec<String>,
        reset: Vec<String>,
    },
    SetReplicaIdentity {
        table: QualifiedName,
        identity: ReplicaIdentity,
        index: Option<String>,
    },
    SetRowLevelSecurity {
        table: QualifiedName,
        enabled: bool,
    },
    SetForceRowLevelSecurity {
        table: QualifiedName,
        forced: bool,
    },
    DetachPartition {
        parent: QualifiedName,
        partition: QualifiedName,
    },
    AttachPartition {
        parent: QualifiedName,
        partition: QualifiedName,
        bound: String,
    },
    /// `ALTER TABLE … INHERIT parent`: the table already has the parent's columns and checks.
    Inherit {
        table: QualifiedName,
        parent: QualifiedName,
    },
    /// `ALTER TABLE … NO INHERIT parent`: what it inherited becomes its own.
    NoInherit {
        table: QualifiedName,
        parent: QualifiedName,
    },
    /// A function, view or trigger, with its comment (and a materialized view's indexes).
    CreateObject(Object),
    /// `CREATE OR REPLACE` in place: what depends on the object stays.
    ReplaceObject(Object),
    /// Carries the old object: its edges say what the drop must precede.
    DropObject(Object),
    SetTriggerEnabled {
        trigger: TriggerName,
        enabled: TriggerEnabled,
    },
    SetEventTriggerEnabled {
        name: String,
        enabled: TriggerEnabled,
    },
    CreateViewIndex {
        view: QualifiedName,
        index: ViewIndex,
    },
    DropViewIndex {
        view: QualifiedName,
        name: QualifiedName,
    },
}

/// How much a change can lose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, facet::Facet)]
#[repr(u8)]
pub enum Safety {
    /// No data can be lost.
    Safe,
    /// Data may be lost or fail to convert (type changes, NOT NULL on existing rows).
    Lossy,
    /// Data is deleted (dropped tables, columns, types in use).
    Destructive,
}

/// The strongest table lock a change takes (Postgres lock modes, weakest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, facet::Facet)]
#[repr(u8)]
pub enum LockLevel {
    None,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    AccessExclusive,
}

/// What running a change risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
pub struct Hazards {
    pub safety: Safety,
    pub lock: LockLevel,
    /// The table is rewritten (or fully scanned under the lock) while the lock is held.
    pub rewrites_table: bool,
}

impl Hazards {
    /// Nothing lost, no lock worth naming.
    pub const SAFE: Hazards = Hazards::new(Safety::Safe, LockLevel::None, false);

    pub(crate) const fn new(safety: Safety, lock: LockLevel, rewrites_table: bool) -> Hazards {
        Hazards {
            safety,
            lock,
            rewrites_table,
        }
    }
}

impl Change {
    /// The hazards of this change, judged on the change alone (not on table sizes).
    pub fn hazards(&self) -> Hazards {
        use LockLevel::*;
        use Safety::*;
        match self {
            Change::CreateSchema { .. }
            | Change::DropSchema { .. }
            | Change::CreateExtension(_)
            | Change::CreateEnum(_)
            | Change::CreateDomain(_)
            | Change::CreateComposite(_)
            | Change::CreateRange(_)
            | Change::CreateSequence(_)
            | Change::CreateTable(_) => Hazards::new(Safe, None, false),
            Change::AddEnumValue { .. } => Hazards::new(Safe, None, false),
            // What the upgrade script does is the extension's: assume it locks what it owns.
            Change::SetExtensionSchema { .. } | Change::UpdateExtension { .. } => {
                Hazards::new(Safe, AccessExclusive, false)
            }
            Change::DropExtension { .. }
            | Change::DropEnum { .. }
            | Change::DropDomain { .. }
            | Change::DropComposite { .. }
            | Change::DropRange { .. }
            | Change::DropSequence { .. } => Hazards::new(Destructive, AccessExclusive, false),
            Change::RecreateDomain { .. } => Hazards::new(Lossy, AccessExclusive, true),
            Change::RecreateEnum { old, new, .. } => {
                let removes = old.values.iter().any(|v| !new.values.contains(v));
                let safety = if removes { Lossy } else { Safe };
                Hazards::new(safety, AccessExclusive, true)
            }
            Change::SetDomainDefault { .. } => Hazards::new(Safe, None, false),
            Change::SetDomainNotNull { not_null, .. } | Change::SetNotNull { not_null, .. } => {
                if *not_null {
                    Hazards::new(Lossy, AccessExclusive, true)
                } else {
                    Hazards::new(Safe, AccessExclusive, false)
                }
            }
            Change::AddDomainCheck { .. } => Hazards::new(Lossy, Share, true),
            Change::DropDomainCheck { .. } => Hazards::new(Safe, None, false),
            Change::AddCompositeAttribute { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::DropCompositeAttribute { .. } => {
                Hazards::new(Destructive, AccessExclusive, false)
            }
            Change::AlterCompositeAttribute { .. }
            | Change::RecreateComposite { .. }
            | Change::RecreateRange { .. } => Hazards::new(Lossy, AccessExclusive, true),
            Change::AlterSequence { restart: true, .. } => {
                Hazards::new(Lossy, AccessExclusive, false)
            }
            Change::AlterSequence { .. }
            | Change::SetSequenceOwner { .. }
            | Change::SetSequenceLogged { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::DropTable { .. } => Hazards::new(Destructive, AccessExclusive, false),
            Change::RenameTable { .. }
            | Change::RenameColumn { .. }
            | Change::RenameConstraint { .. }
            | Change::RenameIndex { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::AddColumn { column, .. } => {
                let rewrites = column.generated.is_some() || column.identity.is_some();
                // NOT NULL without a value to fill in fails on a table that has rows.
                let needs_value = column.not_null
                    && column.default.is_none()
                    && column.identity.is_none()
                    && column.generated.is_none();
                let safety = if needs_value { Lossy } else { Safe };
                Hazards::new(safety, AccessExclusive, rewrites)
            }
            Change::DropColumn { .. } => Hazards::new(Destructive, AccessExclusive, false),
            Change::AlterColumnType { from_ty, ty, .. } => {
                let safety = match crate::casts::widens(from_ty, ty) {
                    true => Safe,
                    false => Lossy,
                };
                let rewrites = !crate::casts::keeps_storage(from_ty, ty);
                Hazards::new(safety, AccessExclusive, rewrites)
            }
            Change::SetDefault { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::AlterIdentity { restart: true, .. } => {
                Hazards::new(Lossy, AccessExclusive, false)
            }
            Change::AddIdentity { .. } | Change::AlterIdentity { .. } => {
                Hazards::new(Safe, AccessExclusive, false)
            }
            Change::DropIdentity { .. } | Change::DropExpression { .. } => {
                Hazards::new(Safe, AccessExclusive, false)
            }
            Change::AddConstraint { constraint, .. } => match constraint {
                // NOT VALID checks no existing row: it cannot fail and scans nothing.
                Constraint::ForeignKey(fk) if !fk.validated => {
                    Hazards::new(Safe, ShareRowExclusive, false)
                }
                Constraint::Check(c) if c.is_not_valid() => {
                    Hazards::new(Safe, AccessExclusive, false)
                }
                Constraint::ForeignKey(_) => Hazards::new(Lossy, ShareRowExclusive, true),
                _ => Hazards::new(Lossy, AccessExclusive, true),
            },
            Change::DropConstraint { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::CreateIndex { .. } => Hazards::new(Safe, Share, true),
            Change::DropIndex { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::SetComment { .. } => Hazards::new(Safe, ShareUpdateExclusive, false),
            Change::SetLogged { .. } => Hazards::new(Safe, AccessExclusive, true),
            Change::SetTableOptions { .. } => Hazards::new(Safe, ShareUpdateExclusive, false),
            Change::SetReplicaIdentity { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::SetRowLevelSecurity { .. } | Change::SetForceRowLevelSecurity { .. } => {
                Hazards::new(Safe, AccessExclusive, false)
            }
            Change::DetachPartition { .. } => Hazards::new(Safe, AccessExclusive, false),
            Change::AttachPartition { .. } => Hazards::new(Lossy, ShareUpdateExclusive, true),
            Change::Inherit { .. } => Hazards::new(Safe, AccessExclusive, false),
            // Queries on the parent stop seeing the table's rows.
            Change::NoInherit { .. } => Hazards::new(Lossy, AccessExclusive, false),
            Change::CreateObject(object) | Change::ReplaceObject(object) => object.create_hazards(),
            Change::DropObject(object) => object.drop_hazards(),
            Change::SetTriggerEnabled { .. } => Hazards::new(Safe, ShareRowExclusive, false),
            Change::SetEventTriggerEnabled { .. } => Hazards::new(Safe, None, false),
            Change::CreateViewIndex { .. } => Hazards::new(Safe, Share, true),
            Change::DropViewIndex { .. } => Hazards::new(Safe, AccessExclusive, false),
        }
    }
}

impl Change {
    /// The object a change is about, for grouping a plan by table or type: the table for
    /// column, constraint and index changes; the type, sequence, schema or extension
    /// otherwise.
    pub fn subject(&self) -> String {
        match self {
            Change::CreateSchema { name } | Change::DropSchema { name } => {
                format!("schema {name}")
            }
            Change::CreateExtension(ext) => format!("extension {}", ext.name),
            Change::DropExtension { name }
            | Change::SetExtensionSchema { name, .. }
            | Change::UpdateExtension { name, .. } => format!("extension {name}"),
            Change::CreateEnum(e) => e.name.to_string(),
            Change::CreateDomain(d) => d.name.to_string(),
            Change::CreateComposite(c) => c.name.to_string(),
            Change::CreateRange(r) => r.name.to_string(),
            Change::CreateSequence(s) => s.name.to_string(),
            Change::CreateTable(t) => t.name.to_string(),
            Change::RecreateEnum { new, .. } => new.name.to_string(),
            Change::RecreateDomain { new, .. } => new.name.to_string(),
            Change::RecreateComposite { new, .. } => new.name.to_string(),
            Change::RecreateRange { new, .. } => new.name.to_string(),
            Change::DropEnum { name }
            | Change::AddEnumValue { name, .. }
            | Change::DropDomain { name }
            | Change::SetDomainDefault { name, .. }
            | Change::SetDomainNotNull { name, .. }
            | Change::AddDomainCheck { name, .. }
            | Change::DropDomainCheck { name, .. }
            | Change::DropComposite { name }
            | Change::AddCompositeAttribute { name, .. }
            | Change::DropCompositeAttribute { name, .. }
            | Change::AlterCompositeAttribute { name, .. }
            | Change::DropRange { name }
            | Change::DropSequence { name }
            | Change::AlterSequence { name, .. }
            | Change::SetSequenceOwner { name, .. }
            | Change::SetSequenceLogged { name, .. }
            | Change::DropTable { name } => name.to_string(),
            Change::RenameTable { from, .. } => from.to_string(),
            Change::RenameIndex { name, .. } => format!("index {name}"),
            Change::AddColumn { table, .. }
            | Change::DropColumn { table, .. }
            | Change::RenameColumn { table, .. }
            | Change::AlterColumnType { table, .. }
            | Change::SetNotNull { table, .. }
            | Change::SetDefault { table, .. }
            | Change::AddIdentity { table, .. }
            | Change::DropIdentity { table, .. }
            | Change::AlterIdentity { table, .. }
            | Change::DropExpression { table, .. }
            | Change::AddConstraint { table, .. }
            | Change::RenameConstraint { table, .. }
            | Change::DropConstraint { table, .. }
            | Change::CreateIndex { table, .. }
            | Change::DropIndex { table, .. }
            | Change::SetLogged { table, .. }
            | Change::SetTableOptions { table, .. }
            | Change::SetReplicaIdentity { table, .. }
            | Change::SetRowLevelSecurity { table, .. }
            | Change::SetForceRowLevelSecurity { table, .. } => table.to_string(),
            Change::DetachPartition { parent, .. } | Change::AttachPartition { parent, .. } => {
                parent.to_string()
            }
            Change::Inherit { table, .. } | Change::NoInherit { table, .. } => table.to_string(),
            Change::CreateObject(object)
            | Change::ReplaceObject(object)
            | Change::DropObject(object) => object.describe(),
            Change::SetTriggerEnabled { trigger, .. } => trigger.table.to_string(),
            Change::SetEventTriggerEnabled { name, .. } => format!("event trigger {name}"),
            Change::CreateViewIndex { view, .. } | Change::DropViewIndex { view, .. } => {
                view.to_string()
            }
            Change::SetComment { target, .. } => match target {
                CommentTarget::Column(column) => column.table.to_string(),
                CommentTarget::Constraint { table, .. } => table.to_string(),
                CommentTarget::Routine(name) => format!("routine {name}"),
                CommentTarget::View(name) => format!("view {name}"),
                CommentTarget::MaterializedView(name) => format!("materialized view {name}"),
                CommentTarget::Trigger(name) => name.table.to_string(),
                CommentTarget::Policy(name) => name.table.to_string(),
                CommentTarget::Schema(name) => format!("schema {name}"),
                CommentTarget::EventTrigger(name) => format!("event trigger {name}"),
                CommentTarget::Table(name)
                | CommentTarget::Index(name)
                | CommentTarget::Type(name)
                | CommentTarget::Domain(name)
                | CommentTarget::Sequence(name) => name.to_string(),
            },
        }
    }
}
