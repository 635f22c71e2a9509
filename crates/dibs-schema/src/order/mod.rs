//! Ordering changes by their real dependencies: a topological sort over what each change
//! creates, needs, drops and stops using. Ties break by a rank per kind of change, then by
//! the diff's own order, so plans are deterministic.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::change::{Change, Constraint};
use crate::diff::successor;
use crate::model::{Column, ColumnRef, RangeType, ReplicaIdentity, Schema, Table};
use crate::objects::ObjectKey;
use crate::quote::QualifiedName;

mod comments;
mod objects;
mod parts;
mod rank;

use rank::rank;

/// Something a change can create, need, drop or stop using.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Schema(String),
    Extension(String),
    Type(QualifiedName),
    Sequence(QualifiedName),
    Table(QualifiedName),
    /// The column set of a table: column drops, adds and type changes touch it.
    Columns(QualifiedName),
    /// One column of a table, by name: what a sequence's owner needs, without the ordering
    /// of every other column change of the table.
    Column(QualifiedName, String),
    /// A sequence's owner: disowning comes before owning anew.
    SequenceOwner(QualifiedName),
    /// A table's persistence has changed, and with it that of the sequences it owns.
    Persistence(QualifiedName),
    /// Columns of a table have been dropped: partitions attach after that.
    ColumnsPruned(QualifiedName),
    /// Column types of a table have been changed: generated columns computed from them are
    /// added after that (Postgres refuses to retype a column a generated one uses).
    ColumnTypes(QualifiedName),
    /// Keys a foreign key may reference (primary key, unique constraints and indexes).
    Keys(QualifiedName),
    Constraint(QualifiedName, String),
    Index(QualifiedName),
    Partition(QualifiedName),
    /// A table has left a parent (`NO INHERIT`): what it inherited is its own to change.
    Inheritance(QualifiedName),
    /// A column's default or identity has been removed, so its type or identity may change.
    ColumnCleared(QualifiedName, String),
    /// A column has been made NOT NULL, so it may become an identity.
    ColumnNotNull(QualifiedName, String),
    /// A column as views, functions and triggers use it: dropping or retyping it drops
    /// the key (users go first), adding or retyping creates it (users come after).
    ColumnUse(QualifiedName, String),
    /// A function, view or trigger.
    Object(ObjectKey),
}

#[derive(Debug, Default)]
struct Deps {
    creates: Vec<Key>,
    requires: Vec<Key>,
    drops: Vec<Key>,
    releases: Vec<Key>,
}

/// What the ordering knows about both sides, to look up objects that drops no longer carry.
struct Context<'a> {
    from: &'a Schema,
    to: &'a Schema,
    /// `to.to_string()` of every user-defined type on either side.
    types: HashMap<String, QualifiedName>,
    /// `to.to_string()` of every collation on either side, as columns name them.
    collations: HashMap<String, QualifiedName>,
}

/// Two or more changes need each other; the plan cannot be ordered.
#[derive(Debug, Clone, thiserror::Error)]
#[error("these changes depend on each other in a cycle and cannot be ordered:\n{}", .statements.join("\n"))]
pub struct CycleError {
    pub statements: Vec<String>,
}

/// Orders `changes` (from the diff of `from` to `to`) so that each runs after what it needs.
pub fn order(from: &Schema, to: &Schema, changes: Vec<Change>) -> Result<Vec<Change>, CycleError> {
    let context = Context::new(from, to);
    let deps: Vec<Deps> = changes.iter().map(|c| context.deps(c)).collect();
    let mut creators: HashMap<&Key, Vec<usize>> = HashMap::new();
    let mut droppers: HashMap<&Key, Vec<usize>> = HashMap::new();
    for (i, d) in deps.iter().enumerate() {
        for key in &d.creates {
            creators.entry(key).or_default().push(i);
        }
        for key in &d.drops {
            droppers.entry(key).or_default().push(i);
        }
    }
    let n = changes.len();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    let mut edge = |a: usize, b: usize| {
        if a != b {
            successors[a].push(b);
            indegree[b] += 1;
        }
    };
    for (b, d) in deps.iter().enumerate() {
        for key in &d.requires {
            for &a in creators.get(key).into_iter().flatten() {
                edge(a, b);
            }
        }
        for key in &d.releases {
            for &a in droppers.get(key).into_iter().flatten() {
                edge(b, a);
            }
        }
        for key in &d.creates {
            for &a in droppers.get(key).into_iter().flatten() {
                edge(a, b);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(u8, usize)>> = (0..n)
        .filter(|&i| indegree[i] == 0)
        .map(|i| Reverse((rank(&changes[i]), i)))
        .collect();
    let mut sorted = Vec::with_capacity(n);
    while let Some(Reverse((_, i))) = ready.pop() {
        sorted.push(i);
        for &next in &successors[i] {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                ready.push(Reverse((rank(&changes[next]), next)));
            }
        }
    }
    if sorted.len() < n {
        let statements = (0..n)
            .filter(|i| indegree[*i] > 0)
            .flat_map(|i| crate::render::statements(&changes[i]))
            .collect();
        return Err(CycleError { statements });
    }
    let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
    Ok(sorted.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// The functions a range type calls, as keys of the objects that create them.
fn range_functions(range: &RangeType) -> impl Iterator<Item = Key> + '_ {
    [&range.subtype_diff, &range.canonical]
        .into_iter()
        .flatten()
        .map(|f| Key::Object(ObjectKey::Function(f.clone())))
}

impl<'a> Context<'a> {
    fn new(from: &'a Schema, to: &'a Schema) -> Context<'a> {
        let mut types = HashMap::new();
        for schema in [from, to] {
            let names = schema
                .enums
                .keys()
                .chain(schema.domains.keys())
                .chain(schema.composites.keys())
                .chain(schema.ranges.keys());
            for name in names {
                types.insert(name.to_string(), name.clone());
            }
            // A multirange comes and goes with its range.
            for range in schema.ranges.values() {
                if let Some(multirange) = &range.multirange {
                    let multirange = range.name.sibling(multirange.clone());
                    types.insert(multirange.to_string(), range.name.clone());
                }
            }
        }
        let collations = [from, to]
            .iter()
            .flat_map(|schema| schema.collations.keys())
            .map(|name| (name.to_string(), name.clone()))
            .collect();
        Context {
            from,
            to,
            types,
            collations,
        }
    }

    /// The managed collation a column or domain is declared with, if any.
    fn collation_key(&self, collation: Option<&String>) -> Option<Key> {
        let name = self.collations.get(collation?)?;
        Some(Key::Object(ObjectKey::Collation(name.clone())))
    }

    /// The user-defined type a column type text names, if any (`public.mood[]` → mood).
    fn type_key(&self, ty: &str) -> Option<Key> {
        let base = ty.trim_end_matches("[]");
        let base = base.split('(').next().unwrap_or(base).trim();
        self.types.get(base).cloned().map(Key::Type)
    }

    /// The old version of a table now called `name` (after any rename).
    fn old_table(&self, name: &QualifiedName) -> Option<&'a Table> {
        if let Some(new) = self.to.tables.get(name)
            && let Some(previous) = &new.renamed_from
            && !self.from.tables.contains_key(name)
        {
            return self.from.tables.get(&name.sibling(previous.clone()));
        }
        self.from.tables.get(name)
    }

    /// What an old table is called once renames are applied.
    fn current_name(&self, old: &QualifiedName) -> QualifiedName {
        successor(self.to, old)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| old.clone())
    }

    fn old_column(&self, table: &QualifiedName, column: &str) -> Option<&'a Column> {
        self.old_table(table)?.column(column)
    }

    /// The collation a column had before: what changing or dropping it stops using.
    fn old_collation_key(&self, table: &QualifiedName, column: &str) -> Option<Key> {
        self.collation_key(self.old_column(table, column)?.collation.as_ref())
    }

    fn deps(&self, change: &Change) -> Deps {
        let mut d = Deps::default();
        match change {
            Change::CreateSchema { name } => d.creates.push(Key::Schema(name.clone())),
            Change::DropSchema { name } => d.drops.push(Key::Schema(name.clone())),
            Change::CreateExtension(ext) => {
                d.creates.push(Key::Extension(ext.name.clone()));
                d.requires.push(Key::Schema(ext.schema.clone()));
            }
            Change::DropExtension { name } => d.drops.push(Key::Extension(name.clone())),
            Change::SetExtensionSchema { name, schema } => {
                d.creates.push(Key::Extension(name.clone()));
                d.requires.push(Key::Schema(schema.clone()));
            }
            Change::UpdateExtension { name, .. } => d.creates.push(Key::Extension(name.clone())),
            Change::CreateEnum(e) => {
                d.creates.push(Key::Type(e.name.clone()));
                d.requires.push(Key::Schema(e.name.schema.clone()));
            }
            Change::AddEnumValue { name, .. } => {
                d.creates.push(Key::Type(name.clone()));
            }
            Change::RecreateEnum {
                new, uses, domains, ..
            } => {
                d.creates.push(Key::Type(new.name.clone()));
                d.drops.push(Key::Type(new.name.clone()));
                for rebuild in domains {
                    d.creates.push(Key::Type(rebuild.domain.name.clone()));
                    d.drops.push(Key::Type(rebuild.domain.name.clone()));
                    for used in &rebuild.uses {
                        d.requires.push(Key::Table(used.column.table.clone()));
                    }
                }
                for used in uses {
                    d.requires.push(Key::Table(used.column.table.clone()));
                    d.requires.push(Key::ColumnCleared(
                        used.column.table.clone(),
                        used.column.column.clone(),
                    ));
                }
            }
            Change::RecreateDomain { new, uses, .. } => {
                d.creates.push(Key::Type(new.name.clone()));
                d.drops.push(Key::Type(new.name.clone()));
                d.requires.extend(self.type_key(&new.base_type));
                d.requires
                    .extend(self.collation_key(new.collation.as_ref()));
                if let Some(old) = self.from.domains.get(&new.name) {
                    d.releases
                        .extend(self.collation_key(old.collation.as_ref()));
                }
                for used in uses {
                    d.requires.push(Key::Table(used.column.table.clone()));
                }
            }
            Change::RecreateComposite { new, uses, .. } => {
                d.creates.push(Key::Type(new.name.clone()));
                d.drops.push(Key::Type(new.name.clone()));
                for attribute in &new.attributes {
                    d.requires.extend(self.type_key(&attribute.ty));
                }
                for used in uses {
                    d.requires.push(Key::Table(used.column.table.clone()));
                }
            }
            Change::RecreateRange { old, new, uses } => {
                d.creates.push(Key::Type(new.name.clone()));
                d.drops.push(Key::Type(new.name.clone()));
                d.requires.extend(self.type_key(&new.subtype));
                d.requires.extend(range_functions(new));
                d.releases.extend(range_functions(old));
                for used in uses {
                    // Parts over the converted columns are dropped before, created after.
                    d.requires.push(Key::Table(used.column.table.clone()));
                    d.drops.push(Key::Columns(used.column.table.clone()));
                    d.creates.push(Key::Columns(used.column.table.clone()));
                }
            }
            Change::DropEnum { name } => d.drops.push(Key::Type(name.clone())),
            Change::DropRange { name } => {
                d.drops.push(Key::Type(name.clone()));
                if let Some(range) = self.from.ranges.get(name) {
                    d.releases.extend(range_functions(range));
                }
            }
            Change::CreateDomain(domain) => {
                d.creates.push(Key::Type(domain.name.clone()));
                d.requires.extend(self.type_key(&domain.base_type));
                d.requires
                    .extend(self.collation_key(domain.collation.as_ref()));
            }
            Change::DropDomain { name } => {
                d.drops.push(Key::Type(name.clone()));
                if let Some(old) = self.from.domains.get(name) {
                    d.releases.extend(self.type_key(&old.base_type));
                    d.releases
                        .extend(self.collation_key(old.collation.as_ref()));
                }
            }
            Change::SetDomainDefault { name, .. }
            | Change::SetDomainNotNull { name, .. }
            | Change::AddDomainCheck { name, .. }
            | Change::DropDomainCheck { name, .. } => d.requires.push(Key::Type(name.clone())),
            Change::CreateComposite(ty) => {
                d.creates.push(Key::Type(ty.name.clone()));
                for attribute in &ty.attributes {
                    d.requires.extend(self.type_key(&attribute.ty));
                }
            }
            Change::DropComposite { name } => {
                d.drops.push(Key::Type(name.clone()));
                for attribute in self
                    .from
                    .composites
                    .get(name)
                    .iter()
                    .flat_map(|t| &t.attributes)
                {
                    d.releases.extend(self.type_key(&attribute.ty));
                }
            }
            Change::AddCompositeAttribute { name, attribute }
            | Change::AlterCompositeAttribute { name, attribute } => {
                d.requires.push(Key::Type(name.clone()));
                d.requires.extend(self.type_key(&attribute.ty));
            }
            Change::DropCompositeAttribute { name, .. } => d.requires.push(Key::Type(name.clone())),
            Change::CreateRange(range) => {
                d.creates.push(Key::Type(range.name.clone()));
                d.requires.extend(self.type_key(&range.subtype));
                d.requires.extend(range_functions(range));
            }
            Change::CreateSequence(seq) => {
                d.creates.push(Key::Sequence(seq.name.clone()));
                d.requires.push(Key::Schema(seq.name.schema.clone()));
            }
            Change::DropSequence { name } => d.drops.push(Key::Sequence(name.clone())),
            Change::AlterSequence { name, .. } => d.requires.push(Key::Sequence(name.clone())),
            Change::SetSequenceOwner { name, owned_by } => {
                d.requires.push(Key::Sequence(name.clone()));
                match owned_by {
                    None => d.drops.push(Key::SequenceOwner(name.clone())),
                    Some(_) => d.creates.push(Key::SequenceOwner(name.clone())),
                }
                if let Some(owner) = owned_by {
                    d.requires.push(Key::Table(owner.table.clone()));
                    d.requires
                        .push(Key::Column(owner.table.clone(), owner.column.clone()));
                }
                // When the old owner column goes away, the diff disowns the sequence in a
                // step of its own (`owned_by` None) that releases it; owning anew waits for
                // the new column only.
                let disowned_first = |old_owner: &ColumnRef| {
                    owned_by.is_some() && crate::diff::column_dropped(self.from, self.to, old_owner)
                };
                if let Some(old_owner) = self
                    .from
                    .sequences
                    .get(name)
                    .and_then(|s| s.owned_by.as_ref())
                    .filter(|o| !disowned_first(o))
                {
                    d.releases.push(Key::Column(
                        self.current_name(&old_owner.table),
                        old_owner.column.clone(),
                    ));
                    d.releases.push(Key::Table(old_owner.table.clone()));
                }
            }
            Change::CreateTable(table) => self.create_table_deps(table, &mut d),
            Change::DropTable { name } => self.drop_table_deps(name, &mut d),
            Change::RenameTable { from, to } => {
                d.creates.push(Key::Table(from.sibling(to.clone())));
                d.requires.push(Key::Table(from.clone()));
                // Whatever still names the table by its old name (a trigger being
                // dropped) goes first.
                d.drops.push(Key::Table(from.clone()));
            }
            Change::AddColumn { table, column } => {
                d.creates.push(Key::Columns(table.clone()));
                d.creates
                    .push(Key::Column(table.clone(), column.name.clone()));
                d.creates
                    .push(Key::ColumnUse(table.clone(), column.name.clone()));
                d.requires.push(Key::Table(table.clone()));
                d.requires
                    .extend(self.collation_key(column.collation.as_ref()));
                if column.generated.is_some() {
                    d.requires.push(Key::ColumnTypes(table.clone()));
                }
            }
            Change::DropColumn { table, column } => {
                d.releases.extend(self.old_collation_key(table, column));
                d.drops.push(Key::Columns(table.clone()));
                d.drops.push(Key::Column(table.clone(), column.clone()));
                d.drops.push(Key::ColumnUse(table.clone(), column.clone()));
                d.creates.push(Key::ColumnsPruned(table.clone()));
                d.requires.push(Key::Table(table.clone()));
            }
            Change::RenameColumn { table, from, to } => {
                d.creates.push(Key::Columns(table.clone()));
                d.drops.push(Key::Column(table.clone(), from.clone()));
                d.creates.push(Key::Column(table.clone(), to.clone()));
                d.requires.push(Key::Table(table.clone()));
            }
            Change::AlterColumnType {
                table,
                column,
                collation,
                ..
            } => {
                d.requires.extend(self.collation_key(collation.as_ref()));
                d.releases.extend(self.old_collation_key(table, column));
                d.creates.push(Key::Columns(table.clone()));
                d.creates.push(Key::ColumnTypes(table.clone()));
                d.creates
                    .push(Key::ColumnUse(table.clone(), column.clone()));
                d.drops.push(Key::ColumnUse(table.clone(), column.clone()));
                d.requires.push(Key::Table(table.clone()));
                d.requires
                    .push(Key::ColumnCleared(table.clone(), column.clone()));
            }
            Change::SetNotNull {
                table,
                column,
                not_null,
            } => {
                d.requires.push(Key::Table(table.clone()));
                if *not_null {
                    d.creates
                        .push(Key::ColumnNotNull(table.clone(), column.clone()));
                }
            }
            Change::SetDefault {
                table,
                column,
                default,
            } => {
                d.requires.push(Key::Table(table.clone()));
                match default {
                    None => d
                        .creates
                        .push(Key::ColumnCleared(table.clone(), column.clone())),
                    Some(_) => {
                        d.requires.push(Key::Columns(table.clone()));
                        d.requires
                            .push(Key::ColumnCleared(table.clone(), column.clone()));
                    }
                }
            }
            Change::DropIdentity { table, column } | Change::DropExpression { table, column } => {
                d.requires.push(Key::Table(table.clone()));
                d.creates
                    .push(Key::ColumnCleared(table.clone(), column.clone()));
            }
            Change::AddIdentity { table, column, .. }
            | Change::AlterIdentity { table, column, .. } => {
                d.requires.push(Key::Table(table.clone()));
                d.requires.push(Key::Columns(table.clone()));
                d.requires
                    .push(Key::ColumnCleared(table.clone(), column.clone()));
                d.requires
                    .push(Key::ColumnNotNull(table.clone(), column.clone()));
            }
            Change::AddConstraint { table, constraint } => {
                self.add_constraint_deps(table, constraint, &mut d)
            }
            Change::DropConstraint { table, name, was } => {
                d.requires.push(Key::Table(table.clone()));
                d.drops.push(Key::Constraint(table.clone(), name.clone()));
                d.releases.push(Key::Columns(table.clone()));
                match was {
                    Constraint::PrimaryKey(_) | Constraint::Unique(_) => {
                        d.drops.push(Key::Keys(table.clone()))
                    }
                    Constraint::ForeignKey(fk) => {
                        let target = self.current_name(&fk.references);
                        d.releases.push(Key::Keys(target.clone()));
                        d.releases.push(Key::Columns(target.clone()));
                        d.releases.push(Key::Table(target));
                        d.releases.push(Key::Table(fk.references.clone()));
                    }
                    Constraint::Check(_) | Constraint::Exclusion(_) => {}
                }
            }
            Change::RenameConstraint { table, from, to } => {
                d.requires.push(Key::Table(table.clone()));
                d.drops.push(Key::Constraint(table.clone(), from.clone()));
                d.creates.push(Key::Constraint(table.clone(), to.clone()));
            }
            Change::RenameIndex { name, to } => {
                d.drops.push(Key::Index(name.clone()));
                d.creates.push(Key::Index(name.sibling(to.clone())));
            }
            Change::CreateIndex { table, index } => {
                d.requires.push(Key::Table(table.clone()));
                d.requires.push(Key::Columns(table.clone()));
                d.creates
                    .push(Key::Index(table.sibling(index.name.clone())));
                if index.unique {
                    d.creates.push(Key::Keys(table.clone()));
                }
            }
            Change::DropIndex { table, name } => {
                d.requires.push(Key::Table(table.clone()));
                d.drops.push(Key::Index(name.clone()));
                d.drops.push(Key::Keys(table.clone()));
                d.releases.push(Key::Columns(table.clone()));
            }
            Change::SetComment { target, .. } => {
                d.requires.extend(comments::comment_target(target))
            }
            Change::SetLogged { table, .. } => {
                d.requires.push(Key::Table(table.clone()));
                d.requires.push(Key::Keys(table.clone()));
                d.creates.push(Key::Persistence(table.clone()));
            }
            Change::SetSequenceLogged { name, .. } => {
                d.requires.push(Key::Sequence(name.clone()));
                d.requires.push(Key::SequenceOwner(name.clone()));
                let owner = self
                    .to
                    .sequences
                    .get(name)
                    .and_then(|s| s.owned_by.as_ref());
                if let Some(owner) = owner {
                    d.requires.push(Key::Persistence(owner.table.clone()));
                }
            }
            Change::SetTableOptions { table, .. }
            | Change::SetRowLevelSecurity { table, .. }
            | Change::SetForceRowLevelSecurity { table, .. } => {
                d.requires.push(Key::Table(table.clone()));
                d.requires.push(Key::Keys(table.clone()));
            }
            Change::SetReplicaIdentity {
                table,
                identity,
                index,
            } => {
                d.requires.push(Key::Table(table.clone()));
                if let (ReplicaIdentity::Index, Some(index)) = (identity, index) {
                    d.requires.push(Key::Index(table.sibling(index.clone())));
                    d.requires.push(Key::Keys(table.clone()));
                }
            }
            Change::DetachPartition { parent, partition } => {
                // After the parent's column changes, which a detached partition would miss.
                d.requires.push(Key::Columns(parent.clone()));
                d.requires.push(Key::ColumnsPruned(parent.clone()));
                d.requires.push(Key::Table(parent.clone()));
                d.requires.push(Key::Table(partition.clone()));
                d.drops.push(Key::Partition(partition.clone()));
            }
            Change::AttachPartition {
                parent, partition, ..
            } => {
                d.requires.push(Key::Columns(parent.clone()));
                d.requires.push(Key::ColumnsPruned(parent.clone()));
                d.requires.push(Key::Table(parent.clone()));
                d.requires.push(Key::Table(partition.clone()));
                d.creates.push(Key::Partition(partition.clone()));
            }
            Change::Inherit { table, parent } => self.inherit_deps(table, parent, &mut d),
            Change::NoInherit { table, parent } => {
                d.creates.push(Key::Inheritance(table.clone()));
                d.requires.push(Key::Table(table.clone()));
                // Before the parent goes, or drops a column the table keeps as its own.
                d.releases.push(Key::Table(parent.clone()));
                d.releases.push(Key::Columns(parent.clone()));
            }
            Change::CreateObject(object) | Change::ReplaceObject(object) => {
                self.create_object_deps(object, &mut d)
            }
            Change::DropObject(object) => self.drop_object_deps(object, &mut d),
            Change::SetTriggerEnabled { trigger, .. } => d
                .requires
                .push(Key::Object(ObjectKey::Trigger(trigger.clone()))),
            Change::CreateViewIndex { view, index } => {
                d.requires.push(Key::Object(ObjectKey::View(view.clone())));
                d.creates.push(Key::Index(view.sibling(index.name.clone())));
            }
            Change::DropViewIndex { .. } => {}
            Change::SetEventTriggerEnabled { name, .. } => d
                .requires
                .push(Key::Object(ObjectKey::EventTrigger(name.clone()))),
        }
        if let Some(table) = own_part_of(change) {
            d.requires.push(Key::Inheritance(table.clone()));
        }
        self.type_use_deps(change, &mut d);
        // Whatever is dropped goes before the schema that holds it.
        if let Some(schema) = dropped_from_schema(change) {
            d.releases.push(Key::Schema(schema.to_string()));
        }
        self.domain_function_deps(change, &mut d);
        self.part_deps(change, &mut d);
        d
    }

    fn create_table_deps(&self, table: &Table, d: &mut Deps) {
        let name = &table.name;
        d.creates.push(Key::Table(name.clone()));
        d.creates.push(Key::Columns(name.clone()));
        d.creates.push(Key::Partition(name.clone()));
        if table.primary_key.is_some() || !table.uniques.is_empty() {
            d.creates.push(Key::Keys(name.clone()));
        }
        d.requires.push(Key::Schema(name.schema.clone()));
        for column in &table.columns {
            d.requires
                .extend(self.collation_key(column.collation.as_ref()));
        }
        if let Some(partition) = &table.partition_of {
            d.requires.push(Key::Table(partition.parent.clone()));
            d.requires.push(Key::Columns(partition.parent.clone()));
            d.requires.push(Key::Keys(partition.parent.clone()));
        }
        for parent in &table.inherits {
            d.requires.push(Key::Table(parent.clone()));
            d.requires.push(Key::Columns(parent.clone()));
        }
    }

    /// `INHERIT` checks that the table already has what the parent passes down: its
    /// columns (types, NOT NULL) and inheritable checks.
    fn inherit_deps(&self, table: &QualifiedName, parent: &QualifiedName, d: &mut Deps) {
        for name in [table, parent] {
            d.requires.push(Key::Table(name.clone()));
            d.requires.push(Key::Columns(name.clone()));
        }
        d.requires.push(Key::ColumnTypes(table.clone()));
        for column in self.to.passed_down_columns(parent) {
            if column.not_null {
                d.requires
                    .push(Key::ColumnNotNull(table.clone(), column.name.clone()));
            }
        }
        for check in self.to.passed_down_checks(parent) {
            d.requires
                .push(Key::Constraint(table.clone(), check.name.clone()));
        }
    }

    fn drop_table_deps(&self, name: &QualifiedName, d: &mut Deps) {
        d.drops.push(Key::Table(name.clone()));
        d.drops.push(Key::Columns(name.clone()));
        d.drops.push(Key::Keys(name.clone()));
        d.drops.push(Key::Partition(name.clone()));
        let Some(old) = self.from.tables.get(name) else {
            return;
        };
        for index in &old.indexes {
            d.drops.push(Key::Index(name.sibling(index.name.clone())));
        }
        for column in &old.columns {
            d.releases
                .extend(self.collation_key(column.collation.as_ref()));
        }
        if let Some(partition) = &old.partition_of {
            d.releases.push(Key::Table(partition.parent.clone()));
        }
        for parent in &old.inherits {
            d.releases.push(Key::Table(parent.clone()));
        }
    }

    fn add_constraint_deps(&self, table: &QualifiedName, constraint: &Constraint, d: &mut Deps) {
        d.requires.push(Key::Table(table.clone()));
        d.requires.push(Key::Columns(table.clone()));
        match constraint {
            Constraint::PrimaryKey(k) | Constraint::Unique(k) => {
                d.creates.push(Key::Keys(table.clone()));
                d.creates
                    .push(Key::Constraint(table.clone(), k.name.clone()));
            }
            Constraint::ForeignKey(fk) => {
                d.creates
                    .push(Key::Constraint(table.clone(), fk.name.clone()));
                d.requires.push(Key::Table(fk.references.clone()));
                d.requires.push(Key::Columns(fk.references.clone()));
                d.requires.push(Key::Keys(fk.references.clone()));
            }
            Constraint::Check(c) | Constraint::Exclusion(c) => {
                d.creates
                    .push(Key::Constraint(table.clone(), c.name.clone()));
            }
        }
    }
}

/// The table whose own columns or constraints `change` alters: after it has left a parent
/// whose columns and checks become its own.
fn own_part_of(change: &Change) -> Option<&QualifiedName> {
    match change {
        Change::AddColumn { table, .. }
        | Change::DropColumn { table, .. }
        | Change::AlterColumnType { table, .. }
        | Change::SetNotNull { table, .. }
        | Change::SetDefault { table, .. }
        | Change::AddConstraint { table, .. }
        | Change::DropConstraint { table, .. } => Some(table),
        _ => None,
    }
}

/// The schema an object that `change` drops lives in.
fn dropped_from_schema(change: &Change) -> Option<&str> {
    match change {
        Change::DropTable { name }
        | Change::DropSequence { name }
        | Change::DropEnum { name }
        | Change::DropDomain { name }
        | Change::DropComposite { name }
        | Change::DropRange { name } => Some(&name.schema),
        Change::DropObject(object) => objects::schema_of(object),
        _ => None,
    }
}
