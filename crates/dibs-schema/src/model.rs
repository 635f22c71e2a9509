//! The schema model: one description of a database schema, built either from Rust
//! declarations or by reading a live database, so that both sides diff with one algorithm.
//!
//! Text fields that hold SQL (types, defaults, checks, index keys) hold the server's own
//! rendering (`format_type`, `pg_get_expr`, `pg_get_constraintdef`) once normalized; see
//! the introspection and normalization modules.

use std::collections::BTreeMap;

use crate::declaration::SqlDeclaration;
use crate::objects::{
    Dependency, EventTrigger, Function, FunctionName, Policy, PolicyName, Trigger, TriggerName,
    View,
};
use crate::quote::QualifiedName;

/// Everything dibs manages in one database (within the configured schemas).
#[derive(Debug, Clone, Default, PartialEq, facet::Facet)]
pub struct Schema {
    /// The namespaces under management, e.g. `public`.
    pub schemas: Vec<String>,
    /// `COMMENT ON SCHEMA`, sorted by schema. A list, not a map: vox 0.4.0 mis-decodes a
    /// struct holding two `BTreeMap<String, _>` of different value types (`extensions`).
    pub schema_comments: Vec<SchemaComment>,
    pub extensions: BTreeMap<String, Extension>,
    /// Collations (`CREATE COLLATION`), by name.
    pub collations: BTreeMap<QualifiedName, crate::objects::Collation>,
    pub enums: BTreeMap<QualifiedName, EnumType>,
    pub domains: BTreeMap<QualifiedName, Domain>,
    pub composites: BTreeMap<QualifiedName, CompositeType>,
    pub ranges: BTreeMap<QualifiedName, RangeType>,
    pub sequences: BTreeMap<QualifiedName, Sequence>,
    pub tables: BTreeMap<QualifiedName, Table>,
    pub functions: BTreeMap<FunctionName, Function>,
    /// Views and materialized views.
    pub views: BTreeMap<QualifiedName, View>,
    pub triggers: BTreeMap<TriggerName, Trigger>,
    /// Row-level security policies, by table and name.
    pub policies: BTreeMap<PolicyName, Policy>,
    /// Rewrite rules other than views' own, by table (or view) and name.
    pub rules: BTreeMap<crate::objects::RuleName, crate::objects::Rule>,
    /// Extended statistics (`CREATE STATISTICS`), by name.
    pub statistics: BTreeMap<QualifiedName, crate::objects::Statistics>,
    /// Owners of the objects read, when `manages_owners`.
    pub owners: Vec<crate::objects::Owner>,
    /// Whether owners were read and are compared (opt-in, like privileges).
    pub manages_owners: bool,
    /// The role reading the database: the owner of what a plan against it creates.
    pub current_role: Option<String>,
    /// Foreign data wrappers and servers no extension owns, sorted by name (lists, like
    /// `publications`), and the foreign tables of the compared schemas.
    pub foreign_wrappers: Vec<crate::objects::ForeignDataWrapper>,
    pub foreign_servers: Vec<crate::objects::ForeignServer>,
    pub foreign_tables: BTreeMap<QualifiedName, crate::objects::ForeignTable>,
    /// Publications with a member in the compared schemas, `FOR ALL TABLES` or empty,
    /// sorted by name (a list for the reason `schema_comments` is one).
    pub publications: Vec<crate::objects::Publication>,
    /// Event triggers whose function is in a managed schema, sorted by name.
    pub event_triggers: Vec<EventTrigger>,
    /// Whether privileges are compared: read from the database, or managed by the db
    /// crate (opt-in). A diff compares them only when both sides say so.
    pub manages_privileges: bool,
    /// ACLs that differ from the default, sorted by object (when privileges are managed).
    pub privileges: Vec<crate::objects::Acl>,
    /// `ALTER DEFAULT PRIVILEGES` entries, sorted; read with the privileges.
    pub default_privileges: Vec<crate::objects::DefaultAcl>,
    /// The server's roles, read with the privileges: a plan that grants to a role the
    /// database's server does not have is refused before it runs.
    pub roles: Vec<String>,
    /// Functions, triggers and views declared in the db crate and not yet built: the
    /// scratch database turns them into the three maps above. Never read from a database.
    pub declarations: Vec<SqlDeclaration>,
    /// Objects found in the database that dibs does not manage (views, functions, …).
    /// They are reported, never dropped.
    pub unmanaged: Vec<UnmanagedObject>,
}

#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct SchemaComment {
    pub schema: String,
    pub comment: String,
}

impl Schema {
    /// The comment on schema `name`.
    pub fn schema_comment(&self, name: &str) -> Option<&String> {
        self.schema_comments
            .iter()
            .find(|c| c.schema == name)
            .map(|c| &c.comment)
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Extension {
    pub name: String,
    pub schema: String,
    /// The installed version; for a declared extension, the pinned one (`None`: whichever
    /// the server installs, never updated by a diff).
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct EnumType {
    pub name: QualifiedName,
    /// Labels in their sort order.
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Domain {
    pub name: QualifiedName,
    pub base_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub collation: Option<String>,
    /// Named CHECK constraints, each as `CHECK (...)`.
    pub checks: Vec<NamedDefinition>,
    pub comment: Option<String>,
    /// Functions its default and checks call, from pg_depend: created before the domain.
    pub functions: Vec<FunctionName>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct CompositeType {
    pub name: QualifiedName,
    pub attributes: Vec<CompositeAttribute>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct CompositeAttribute {
    pub name: String,
    pub ty: String,
    pub collation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct RangeType {
    pub name: QualifiedName,
    pub subtype: String,
    /// Operator class, when not the subtype's default.
    pub subtype_opclass: Option<String>,
    pub collation: Option<String>,
    /// The function that measures the distance between two subtype values (GiST uses it);
    /// a range cannot change it in place, so a change recreates the range.
    pub subtype_diff: Option<FunctionName>,
    /// The function that brings a discrete range to its canonical form (written in C).
    pub canonical: Option<FunctionName>,
    /// Name of the multirange type Postgres creates with the range (14+), in its schema.
    pub multirange: Option<String>,
    pub comment: Option<String>,
}

/// Options shared by standalone sequences and identity columns.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct SequenceOptions {
    pub data_type: String,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub start: i64,
    pub cache: i64,
    pub cycle: bool,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Sequence {
    pub name: QualifiedName,
    pub options: SequenceOptions,
    /// `OWNED BY table.column` (serial columns own their sequence).
    pub owned_by: Option<ColumnRef>,
    pub comment: Option<String>,
    /// `UNLOGGED` (15+): not written to WAL, so not replicated and reset after a crash.
    /// A sequence owned by a table follows the table's persistence when the table changes.
    pub unlogged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct ColumnRef {
    pub table: QualifiedName,
    pub column: String,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Table {
    pub name: QualifiedName,
    /// Name this table had before, from `renamed_from`: the diff renames instead of
    /// dropping and creating. Never read from a database.
    pub renamed_from: Option<String>,
    pub columns: Vec<Column>,
    pub primary_key: Option<KeyConstraint>,
    pub uniques: Vec<KeyConstraint>,
    pub foreign_keys: Vec<ForeignKey>,
    pub checks: Vec<NamedDefinition>,
    /// EXCLUDE constraints, each as the server prints it.
    pub exclusions: Vec<NamedDefinition>,
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    pub unlogged: bool,
    pub replica_identity: ReplicaIdentity,
    /// The index named by `REPLICA IDENTITY USING INDEX`.
    pub replica_identity_index: Option<String>,
    pub row_level_security: bool,
    pub force_row_level_security: bool,
    /// `PARTITION BY ...` of a partitioned table, as the server prints it.
    pub partition_by: Option<String>,
    /// For a partition: its parent and bound (`FOR VALUES ...` or `DEFAULT`).
    pub partition_of: Option<PartitionOf>,
    /// Parents named by `INHERITS`, in order. What the table inherits from them (columns,
    /// checks) is theirs: not in `columns` or `checks`, changed through the parents.
    pub inherits: Vec<QualifiedName>,
    /// Storage parameters (`fillfactor=70`, `autovacuum_enabled=false`), sorted.
    pub options: Vec<String>,
    /// Unmanaged objects (views, policies, triggers) that Postgres would refuse to keep if
    /// this table, or the named column, were dropped or retyped. Read from pg_depend.
    pub dependents: Vec<Dependent>,
    /// What each column, default, constraint and index of this table names (user types,
    /// sequences, functions, other tables' row types), from pg_depend on both sides of a
    /// diff: ordering follows these edges instead of reading SQL text.
    pub uses: Vec<PartUse>,
}

/// One catalog edge from a part of a table to an object it names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, facet::Facet)]
pub struct PartUse {
    pub part: TablePart,
    pub uses: Dependency,
}

/// A part of a table that can name other objects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
#[repr(u8)]
pub enum TablePart {
    /// A column's type.
    Column(String),
    /// A column's default or generated expression.
    Default(String),
    /// A constraint, by name.
    Constraint(String),
    /// An index, by name.
    Index(String),
}

/// An unmanaged object (a policy or rule) depending on a table or one of its columns.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Dependent {
    /// As Postgres describes it, e.g. `view public.active_users`.
    pub object: String,
    /// The column it uses, or `None` when it depends on the table as a whole.
    pub column: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct PartitionOf {
    pub parent: QualifiedName,
    pub bound: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum ReplicaIdentity {
    Default,
    Full,
    Nothing,
    /// `USING INDEX`, naming [`Table::replica_identity_index`].
    Index,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Column {
    pub name: String,
    /// Previous name, from `renamed_from`. Never read from a database.
    pub renamed_from: Option<String>,
    /// The type as `format_type` prints it, e.g. `character varying(64)`, `public.mood[]`.
    pub ty: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expr) STORED`: the expression.
    pub generated: Option<String>,
    /// A collation other than the type's default.
    pub collation: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Identity {
    /// `ALWAYS` rather than `BY DEFAULT`.
    pub always: bool,
    pub options: SequenceOptions,
}

/// A PRIMARY KEY or UNIQUE constraint.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct KeyConstraint {
    pub name: String,
    pub columns: Vec<String>,
    /// The full definition as the server prints it (`UNIQUE NULLS NOT DISTINCT (a) INCLUDE (b)`).
    /// Code-side constraints start with `None` and get it from normalization.
    pub definition: Option<String>,
    /// `COMMENT ON CONSTRAINT`.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub references: QualifiedName,
    pub referenced_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    /// The columns `ON DELETE SET NULL | SET DEFAULT` sets (Postgres 15+); empty for all
    /// of `columns`.
    pub on_delete_columns: Vec<String>,
    pub on_update: ReferentialAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// `MATCH FULL` rather than the default `MATCH SIMPLE`.
    pub match_full: bool,
    /// False for a constraint added `NOT VALID` and never validated.
    pub validated: bool,
    /// `COMMENT ON CONSTRAINT`.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

/// A constraint known by its name and full definition text (CHECK, EXCLUDE).
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct NamedDefinition {
    pub name: String,
    /// e.g. `CHECK ((price > (0)::numeric))`, or `CHECK (price > 0)` before normalization.
    pub definition: String,
    /// `COMMENT ON CONSTRAINT`, for table constraints (domain constraints' comments are
    /// not read).
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// Access method: btree, gin, gist, hash, brin, spgist.
    pub method: String,
    pub keys: Vec<IndexKey>,
    /// `INCLUDE (...)` columns.
    pub include: Vec<String>,
    /// `WHERE` predicate of a partial index.
    pub predicate: Option<String>,
    pub nulls_not_distinct: bool,
    /// Storage parameters of the index (`fillfactor=70`), sorted.
    pub options: Vec<String>,
    pub comment: Option<String>,
    /// False for an index whose concurrent build failed (`pg_index.indisvalid`): it is
    /// not used and not enforced, so against a valid one it is drift, and rebuilt.
    pub valid: bool,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct IndexKey {
    /// A column name (bare) or an expression (in parentheses), as `pg_get_indexdef` prints
    /// the key, including any collation, operator class and ordering it adds.
    pub definition: String,
}

/// An object the database has that dibs does not manage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, facet::Facet)]
pub struct UnmanagedObject {
    /// What it is: view, function, trigger, policy, …
    pub kind: String,
    /// Its name as Postgres identifies it (`pg_describe_object`).
    pub description: String,
}

impl Table {
    /// An empty ordinary table named `name`.
    pub fn new(name: QualifiedName) -> Table {
        Table {
            name,
            renamed_from: None,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            exclusions: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            unlogged: false,
            replica_identity: ReplicaIdentity::Default,
            replica_identity_index: None,
            row_level_security: false,
            force_row_level_security: false,
            partition_by: None,
            partition_of: None,
            inherits: Vec::new(),
            options: Vec::new(),
            dependents: Vec::new(),
            uses: Vec::new(),
        }
    }

    /// The functions this table's defaults, generated columns, checks and index
    /// expressions call: created before the table and dropped after it.
    pub fn functions(&self) -> Vec<FunctionName> {
        let mut out: Vec<FunctionName> = Vec::new();
        for edge in &self.uses {
            if let Dependency::Function(f) = &edge.uses
                && !out.contains(f)
            {
                out.push(f.clone());
            }
        }
        out
    }

    /// Whether `part` reads this table's column `column`, by the catalog's edges. These
    /// are read for parts with expressions (generated columns, CHECK and EXCLUDE
    /// constraints, indexes with expressions or a predicate); the model itself names the
    /// columns of plain keys.
    pub fn part_reads(&self, part: &TablePart, column: &str) -> bool {
        self.uses_of(part).any(|used| {
            matches!(used, Dependency::Column(c) if c.column == column && c.table == self.name)
        })
    }

    /// What `part` names, by the catalog's edges.
    pub fn uses_of<'a>(&'a self, part: &'a TablePart) -> impl Iterator<Item = &'a Dependency> {
        self.uses
            .iter()
            .filter(move |edge| &edge.part == part)
            .map(|edge| &edge.uses)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

impl NamedDefinition {
    /// A constraint added `NOT VALID` and never validated: the server prints it with
    /// ` NOT VALID` at the end.
    pub fn is_not_valid(&self) -> bool {
        self.definition.ends_with(" NOT VALID")
    }
}

impl Column {
    /// A nullable column without default.
    pub fn new(name: impl Into<String>, ty: impl Into<String>) -> Column {
        Column {
            name: name.into(),
            renamed_from: None,
            ty: ty.into(),
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
        }
    }
}

impl ReferentialAction {
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}
