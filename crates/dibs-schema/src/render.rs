//! Rendering changes to SQL text. Functions, views and triggers render in their own
//! modules under `objects`; everything else is built here.

use std::fmt::Write;

use crate::change::{Change, CommentTarget, Constraint};
use crate::model::{
    Column, CompositeAttribute, Domain, ForeignKey, Identity, Index, KeyConstraint,
    ReferentialAction, ReplicaIdentity, SequenceOptions, Table,
};
use crate::objects::ViewKind;
use crate::quote::{Ident, Literal, QualifiedName, ident_list};

/// The SQL statements (without trailing semicolons) that carry out `change`.
pub fn statements(change: &Change) -> Vec<String> {
    match change {
        Change::DropSchema { name } => vec![format!("DROP SCHEMA {}", Ident(name))],
        Change::CreateSchema { name } => {
            vec![format!("CREATE SCHEMA IF NOT EXISTS {}", Ident(name))]
        }
        Change::CreateExtension(ext) => {
            let mut sql = Vec::new();
            let version = ext
                .version
                .as_ref()
                .map(|v| format!(" VERSION {}", Literal(v)))
                .unwrap_or_default();
            sql.push(format!(
                "CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {}{version}",
                Ident(&ext.name),
                Ident(&ext.schema)
            ));
            sql
        }
        Change::SetExtensionSchema { name, schema } => vec![format!(
            "ALTER EXTENSION {} SET SCHEMA {}",
            Ident(name),
            Ident(schema)
        )],
        Change::UpdateExtension { name, version } => vec![format!(
            "ALTER EXTENSION {} UPDATE TO {}",
            Ident(name),
            Literal(version)
        )],
        Change::DropExtension { name } => vec![format!("DROP EXTENSION {}", Ident(name))],
        Change::CreateEnum(e) => vec![format!(
            "CREATE TYPE {} AS ENUM ({})",
            e.name,
            literal_list(&e.values)
        )],
        Change::DropEnum { name }
        | Change::DropDomain { name }
        | Change::DropComposite { name }
        | Change::DropRange { name } => drop_type(change, name),
        Change::AddEnumValue {
            name,
            value,
            before,
        } => vec![match before {
            Some(before) => format!(
                "ALTER TYPE {name} ADD VALUE {} BEFORE {}",
                Literal(value),
                Literal(before)
            ),
            None => format!("ALTER TYPE {name} ADD VALUE {}", Literal(value)),
        }],
        Change::RecreateEnum {
            old,
            new,
            uses,
            domains,
        } => {
            let mut sql = crate::recreate::recreate_enum(&old.name, &new.values, uses, domains);
            // A new type has no comment: the recreated one keeps the desired one.
            if let Some(comment) = &new.comment {
                sql.push(comment_on(
                    &CommentTarget::Type(new.name.clone()),
                    Some(comment),
                ));
            }
            sql
        }
        Change::CreateDomain(domain) => create_domain(domain),
        Change::RecreateDomain { new, uses, .. } => {
            crate::recreate::recreate_domain(new, uses, &new.base_type)
        }
        Change::SetDomainDefault { name, default } => vec![match default {
            Some(default) => format!("ALTER DOMAIN {name} SET DEFAULT {default}"),
            None => format!("ALTER DOMAIN {name} DROP DEFAULT"),
        }],
        Change::SetDomainNotNull { name, not_null } => vec![format!(
            "ALTER DOMAIN {name} {} NOT NULL",
            if *not_null { "SET" } else { "DROP" }
        )],
        Change::AddDomainCheck { name, check } => vec![format!(
            "ALTER DOMAIN {name} ADD CONSTRAINT {} {}",
            Ident(&check.name),
            check.definition
        )],
        Change::DropDomainCheck { name, check } => {
            vec![format!(
                "ALTER DOMAIN {name} DROP CONSTRAINT {}",
                Ident(check)
            )]
        }
        Change::CreateComposite(ty) => vec![format!(
            "CREATE TYPE {} AS ({})",
            ty.name,
            ty.attributes
                .iter()
                .map(composite_attribute)
                .collect::<Vec<_>>()
                .join(", ")
        )],
        Change::AddCompositeAttribute { name, attribute } => vec![format!(
            "ALTER TYPE {name} ADD ATTRIBUTE {}",
            composite_attribute(attribute)
        )],
        Change::DropCompositeAttribute { name, attribute } => vec![format!(
            "ALTER TYPE {name} DROP ATTRIBUTE {}",
            Ident(attribute)
        )],
        Change::AlterCompositeAttribute { name, attribute } => vec![format!(
            "ALTER TYPE {name} ALTER ATTRIBUTE {} TYPE {}",
            Ident(&attribute.name),
            attribute.ty
        )],
        Change::RecreateComposite { old, new, uses } => {
            let mut sql = crate::recreate::recreate_composite(old, new, uses);
            if let Some(comment) = &new.comment {
                sql.push(comment_on(
                    &CommentTarget::Type(new.name.clone()),
                    Some(comment),
                ));
            }
            sql
        }
        Change::RecreateRange { old, new, uses } => {
            let mut sql = crate::recreate::recreate_range(old, new, uses);
            if let Some(comment) = &new.comment {
                sql.push(comment_on(
                    &CommentTarget::Type(new.name.clone()),
                    Some(comment),
                ));
            }
            sql
        }
        Change::CreateRange(range) => {
            let mut sql = format!(
                "CREATE TYPE {} AS RANGE (SUBTYPE = {}",
                range.name, range.subtype
            );
            if let Some(opclass) = &range.subtype_opclass {
                write!(sql, ", SUBTYPE_OPCLASS = {opclass}").unwrap();
            }
            if let Some(function) = &range.subtype_diff {
                write!(sql, ", SUBTYPE_DIFF = {}", function.name).unwrap();
            }
            if let Some(function) = &range.canonical {
                write!(sql, ", CANONICAL = {}", function.name).unwrap();
            }
            if let Some(collation) = &range.collation {
                write!(sql, ", COLLATION = {collation}").unwrap();
            }
            if let Some(multirange) = &range.multirange {
                let multirange = range.name.sibling(multirange.clone());
                write!(sql, ", MULTIRANGE_TYPE_NAME = {multirange}").unwrap();
            }
            sql.push(')');
            vec![sql]
        }
        Change::CreateSequence(seq) => {
            let options = non_default_options(&seq.options);
            let unlogged = if seq.unlogged { "UNLOGGED " } else { "" };
            let mut sql = format!(
                "CREATE {unlogged}SEQUENCE {} AS {}",
                seq.name, seq.options.data_type
            );
            if !options.is_empty() {
                write!(sql, " {options}").unwrap();
            }
            vec![sql]
        }
        Change::DropSequence { name } => vec![format!("DROP SEQUENCE {name}")],
        Change::AlterSequence {
            name,
            options,
            restart,
        } => {
            let mut sql = format!("ALTER SEQUENCE {name}{}", sequence_options(options, true));
            if *restart {
                write!(sql, " RESTART WITH {}", options.start).unwrap();
            }
            vec![sql]
        }
        Change::SetSequenceOwner { name, owned_by } => vec![match owned_by {
            Some(owner) => format!(
                "ALTER SEQUENCE {name} OWNED BY {}.{}",
                owner.table,
                Ident(&owner.column)
            ),
            None => format!("ALTER SEQUENCE {name} OWNED BY NONE"),
        }],
        Change::SetSequenceLogged { name, unlogged } => vec![format!(
            "ALTER SEQUENCE {name} SET {}",
            if *unlogged { "UNLOGGED" } else { "LOGGED" }
        )],
        Change::CreateTable(table) => vec![create_table(table)],
        Change::DropTable { name } => vec![format!("DROP TABLE {name}")],
        Change::RenameTable { from, to } => {
            vec![format!("ALTER TABLE {from} RENAME TO {}", Ident(to))]
        }
        Change::AddColumn { table, column } => vec![format!(
            "ALTER TABLE {table} ADD COLUMN {}",
            column_definition(column)
        )],
        Change::DropColumn { table, column } => {
            vec![format!("ALTER TABLE {table} DROP COLUMN {}", Ident(column))]
        }
        Change::RenameColumn { table, from, to } => vec![format!(
            "ALTER TABLE {table} RENAME COLUMN {} TO {}",
            Ident(from),
            Ident(to)
        )],
        Change::AlterColumnType {
            table,
            column,
            from_ty,
            ty,
            collation,
        } => {
            let mut sql = format!(
                "ALTER TABLE {table} ALTER COLUMN {} TYPE {ty}",
                Ident(column)
            );
            if let Some(collation) = collation {
                write!(sql, " COLLATE {collation}").unwrap();
            }
            write!(
                sql,
                " USING {}",
                crate::casts::conversion(&Ident(column).to_string(), from_ty, ty)
            )
            .unwrap();
            vec![sql]
        }
        Change::SetNotNull {
            table,
            column,
            not_null,
        } => vec![format!(
            "ALTER TABLE {table} ALTER COLUMN {} {} NOT NULL",
            Ident(column),
            if *not_null { "SET" } else { "DROP" }
        )],
        Change::SetDefault {
            table,
            column,
            default,
        } => vec![match default {
            Some(default) => format!(
                "ALTER TABLE {table} ALTER COLUMN {} SET DEFAULT {default}",
                Ident(column)
            ),
            None => format!(
                "ALTER TABLE {table} ALTER COLUMN {} DROP DEFAULT",
                Ident(column)
            ),
        }],
        Change::AddIdentity {
            table,
            column,
            identity,
        } => vec![format!(
            "ALTER TABLE {table} ALTER COLUMN {} ADD {}",
            Ident(column),
            identity_clause(identity)
        )],
        Change::DropIdentity { table, column } => vec![format!(
            "ALTER TABLE {table} ALTER COLUMN {} DROP IDENTITY",
            Ident(column)
        )],
        Change::AlterIdentity {
            table,
            column,
            identity,
            restart,
        } => {
            let mut sql = format!(
                "ALTER TABLE {table} ALTER COLUMN {}{}",
                Ident(column),
                identity_alterations(identity)
            );
            if *restart {
                write!(sql, " RESTART WITH {}", identity.options.start).unwrap();
            }
            vec![sql]
        }
        Change::DropExpression { table, column } => vec![format!(
            "ALTER TABLE {table} ALTER COLUMN {} DROP EXPRESSION",
            Ident(column)
        )],
        Change::AddConstraint { table, constraint } => vec![format!(
            "ALTER TABLE {table} ADD {}",
            constraint_definition(constraint)
        )],
        Change::DropConstraint { table, name, .. } => {
            vec![format!(
                "ALTER TABLE {table} DROP CONSTRAINT {}",
                Ident(name)
            )]
        }
        Change::RenameConstraint { table, from, to } => vec![format!(
            "ALTER TABLE {table} RENAME CONSTRAINT {} TO {}",
            Ident(from),
            Ident(to)
        )],
        Change::RenameIndex { name, to } => {
            vec![format!("ALTER INDEX {name} RENAME TO {}", Ident(to))]
        }
        Change::CreateIndex { table, index } => vec![create_index(table, index)],
        Change::DropIndex { name, .. } => vec![format!("DROP INDEX {name}")],
        Change::SetComment { target, comment } => vec![comment_on(target, comment.as_deref())],
        Change::SetTableOptions { table, set, reset } => {
            let mut out = Vec::new();
            if !reset.is_empty() {
                out.push(format!("ALTER TABLE {table} RESET ({})", ident_list(reset)));
            }
            if !set.is_empty() {
                out.push(format!("ALTER TABLE {table} SET ({})", storage_list(set)));
            }
            out
        }
        Change::SetLogged { table, unlogged } => vec![format!(
            "ALTER TABLE {table} SET {}",
            if *unlogged { "UNLOGGED" } else { "LOGGED" }
        )],
        Change::SetReplicaIdentity {
            table,
            identity,
            index,
        } => vec![format!(
            "ALTER TABLE {table} REPLICA IDENTITY {}",
            match (identity, index) {
                (ReplicaIdentity::Default, _) => "DEFAULT".to_string(),
                (ReplicaIdentity::Full, _) => "FULL".to_string(),
                (ReplicaIdentity::Nothing, _) => "NOTHING".to_string(),
                (ReplicaIdentity::Index, Some(index)) => format!("USING INDEX {}", Ident(index)),
                (ReplicaIdentity::Index, None) => "DEFAULT".to_string(),
            }
        )],
        Change::SetRowLevelSecurity { table, enabled } => vec![format!(
            "ALTER TABLE {table} {} ROW LEVEL SECURITY",
            if *enabled { "ENABLE" } else { "DISABLE" }
        )],
        Change::SetForceRowLevelSecurity { table, forced } => vec![format!(
            "ALTER TABLE {table} {}FORCE ROW LEVEL SECURITY",
            if *forced { "" } else { "NO " }
        )],
        Change::DetachPartition { parent, partition } => {
            vec![format!("ALTER TABLE {parent} DETACH PARTITION {partition}")]
        }
        Change::AttachPartition {
            parent,
            partition,
            bound,
        } => vec![format!(
            "ALTER TABLE {parent} ATTACH PARTITION {partition} {bound}"
        )],
        Change::Inherit { table, parent } => {
            vec![format!("ALTER TABLE {table} INHERIT {parent}")]
        }
        Change::NoInherit { table, parent } => {
            vec![format!("ALTER TABLE {table} NO INHERIT {parent}")]
        }
        Change::CreateObject(object) => object.create_sql(),
        Change::ReplaceObject(object) => object.replace_sql(),
        Change::DropObject(object) => object.drop_sql(),
        Change::SetEventTriggerEnabled { name, enabled } => {
            vec![crate::objects::event_trigger_enabled_sql(name, *enabled)]
        }
        Change::SetTriggerEnabled { trigger, enabled } => {
            vec![crate::objects::trigger_enabled_sql(trigger, *enabled)]
        }
        Change::CreateViewIndex { view, index } => crate::objects::view_index_sql(view, index),
        Change::DropViewIndex { name, .. } => vec![format!("DROP INDEX {name}")],
    }
}

pub(crate) fn literal_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| Literal(v).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn drop_type(change: &Change, name: &QualifiedName) -> Vec<String> {
    let keyword = match change {
        Change::DropDomain { .. } => "DOMAIN",
        _ => "TYPE",
    };
    vec![format!("DROP {keyword} {name}")]
}

/// Cuts `name` to Postgres's identifier limit on a character boundary.
pub fn truncate_identifier(name: &str) -> String {
    let mut end = name.len().min(crate::quote::MAX_IDENTIFIER_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_string()
}

pub(crate) fn create_domain(domain: &Domain) -> Vec<String> {
    let mut sql = format!("CREATE DOMAIN {} AS {}", domain.name, domain.base_type);
    if let Some(collation) = &domain.collation {
        write!(sql, " COLLATE {collation}").unwrap();
    }
    if let Some(default) = &domain.default {
        write!(sql, " DEFAULT {default}").unwrap();
    }
    if domain.not_null {
        sql.push_str(" NOT NULL");
    }
    // CREATE DOMAIN takes no NOT VALID constraint: those are added after it.
    let (inline, later): (Vec<_>, Vec<_>) = domain.checks.iter().partition(|c| !c.is_not_valid());
    for check in inline {
        write!(
            sql,
            " CONSTRAINT {} {}",
            Ident(&check.name),
            check.definition
        )
        .unwrap();
    }
    let mut out = vec![sql];
    out.extend(later.into_iter().map(|check| {
        format!(
            "ALTER DOMAIN {} ADD CONSTRAINT {} {}",
            domain.name,
            Ident(&check.name),
            check.definition
        )
    }));
    out
}

fn composite_attribute(attribute: &CompositeAttribute) -> String {
    let mut sql = format!("{} {}", Ident(&attribute.name), attribute.ty);
    if let Some(collation) = &attribute.collation {
        write!(sql, " COLLATE {collation}").unwrap();
    }
    sql
}

fn sequence_options(options: &SequenceOptions, with_type: bool) -> String {
    let mut sql = String::new();
    if with_type {
        write!(sql, " AS {}", options.data_type).unwrap();
    }
    write!(
        sql,
        " INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
        options.increment,
        options.min_value,
        options.max_value,
        options.start,
        options.cache,
        if options.cycle { "CYCLE" } else { "NO CYCLE" }
    )
    .unwrap();
    sql
}

/// `SET GENERATED ... SET INCREMENT BY ...`: every identity option, as ALTER COLUMN takes them.
fn identity_alterations(identity: &Identity) -> String {
    let o = &identity.options;
    format!(
        " SET GENERATED {} SET INCREMENT BY {} SET MINVALUE {} SET MAXVALUE {} SET START WITH {} SET CACHE {} SET {}",
        if identity.always {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        },
        o.increment,
        o.min_value,
        o.max_value,
        o.start,
        o.cache,
        if o.cycle { "CYCLE" } else { "NO CYCLE" }
    )
}

/// The largest value of an integer type, the default MAXVALUE of its sequences.
fn type_max(data_type: &str) -> Option<i64> {
    match data_type {
        "smallint" => Some(i16::MAX as i64),
        "integer" => Some(i32::MAX as i64),
        "bigint" => Some(i64::MAX),
        _ => None,
    }
}

/// Only the options that differ from Postgres's defaults for an ascending sequence, so
/// the common case reads `GENERATED ALWAYS AS IDENTITY`.
fn non_default_options(options: &SequenceOptions) -> String {
    let ascending = options.increment > 0;
    let mut parts = Vec::new();
    if options.increment != 1 {
        parts.push(format!("INCREMENT BY {}", options.increment));
    }
    if !(ascending && options.min_value == 1) {
        parts.push(format!("MINVALUE {}", options.min_value));
    }
    if !(ascending && Some(options.max_value) == type_max(&options.data_type)) {
        parts.push(format!("MAXVALUE {}", options.max_value));
    }
    if options.start != options.min_value || !ascending {
        parts.push(format!("START WITH {}", options.start));
    }
    if options.cache != 1 {
        parts.push(format!("CACHE {}", options.cache));
    }
    if options.cycle {
        parts.push("CYCLE".to_string());
    }
    parts.join(" ")
}

fn identity_clause(identity: &Identity) -> String {
    let options = non_default_options(&identity.options);
    let kind = if identity.always {
        "ALWAYS"
    } else {
        "BY DEFAULT"
    };
    if options.is_empty() {
        format!("GENERATED {kind} AS IDENTITY")
    } else {
        format!("GENERATED {kind} AS IDENTITY ({options})")
    }
}

/// A column as it appears in CREATE TABLE and ADD COLUMN.
pub fn column_definition(column: &Column) -> String {
    let mut sql = format!("{} {}", Ident(&column.name), column.ty);
    if let Some(collation) = &column.collation {
        write!(sql, " COLLATE {collation}").unwrap();
    }
    if let Some(default) = &column.default {
        write!(sql, " DEFAULT {default}").unwrap();
    }
    if let Some(identity) = &column.identity {
        write!(sql, " {}", identity_clause(identity)).unwrap();
    }
    if let Some(expression) = &column.generated {
        write!(sql, " GENERATED ALWAYS AS ({expression}) STORED").unwrap();
    }
    if column.not_null {
        sql.push_str(" NOT NULL");
    }
    sql
}

fn key_definition(keyword: &str, key: &KeyConstraint) -> String {
    match &key.definition {
        Some(definition) => format!("CONSTRAINT {} {definition}", Ident(&key.name)),
        None => format!(
            "CONSTRAINT {} {keyword} ({})",
            Ident(&key.name),
            ident_list(&key.columns)
        ),
    }
}

fn foreign_key_definition(fk: &ForeignKey) -> String {
    let mut sql = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({})",
        Ident(&fk.name),
        ident_list(&fk.columns),
        fk.references,
        ident_list(&fk.referenced_columns)
    );
    if fk.match_full {
        sql.push_str(" MATCH FULL");
    }
    if fk.on_update != ReferentialAction::NoAction {
        write!(sql, " ON UPDATE {}", fk.on_update.sql()).unwrap();
    }
    if fk.on_delete != ReferentialAction::NoAction {
        write!(sql, " ON DELETE {}", fk.on_delete.sql()).unwrap();
        if !fk.on_delete_columns.is_empty() {
            write!(sql, " ({})", ident_list(&fk.on_delete_columns)).unwrap();
        }
    }
    if fk.deferrable {
        sql.push_str(" DEFERRABLE");
        if fk.initially_deferred {
            sql.push_str(" INITIALLY DEFERRED");
        }
    }
    if !fk.validated {
        sql.push_str(" NOT VALID");
    }
    sql
}

/// A table constraint as it appears after ADD or inside CREATE TABLE.
pub fn constraint_definition(constraint: &Constraint) -> String {
    match constraint {
        Constraint::PrimaryKey(key) => key_definition("PRIMARY KEY", key),
        Constraint::Unique(key) => key_definition("UNIQUE", key),
        Constraint::ForeignKey(fk) => foreign_key_definition(fk),
        Constraint::Check(check) | Constraint::Exclusion(check) => {
            format!("CONSTRAINT {} {}", Ident(&check.name), check.definition)
        }
    }
}

/// `name=value` storage parameters as `name = 'value'` (every parameter accepts a quoted value).
fn storage_list(options: &[String]) -> String {
    options
        .iter()
        .map(|o| match o.split_once('=') {
            Some((name, value)) => format!("{} = {}", Ident(name), Literal(value)),
            None => Ident(o).to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn create_table(table: &Table) -> String {
    let unlogged = if table.unlogged { "UNLOGGED " } else { "" };
    if let Some(partition) = &table.partition_of {
        let mut sql = format!(
            "CREATE {unlogged}TABLE {} PARTITION OF {} {}",
            table.name, partition.parent, partition.bound
        );
        if let Some(by) = &table.partition_by {
            write!(sql, " PARTITION BY {by}").unwrap();
        }
        if !table.options.is_empty() {
            write!(sql, " WITH ({})", storage_list(&table.options)).unwrap();
        }
        return sql;
    }
    let mut items: Vec<String> = table.columns.iter().map(column_definition).collect();
    let constraints = table
        .primary_key
        .iter()
        .cloned()
        .map(Constraint::PrimaryKey)
        .chain(table.uniques.iter().cloned().map(Constraint::Unique))
        .chain(table.checks.iter().cloned().map(Constraint::Check))
        .chain(table.exclusions.iter().cloned().map(Constraint::Exclusion));
    items.extend(constraints.map(|c| constraint_definition(&c)));
    let mut sql = format!("CREATE {unlogged}TABLE {} (", table.name);
    if items.is_empty() {
        sql.push(')');
    } else {
        sql.push_str("\n    ");
        sql.push_str(&items.join(",\n    "));
        sql.push_str("\n)");
    }
    if !table.inherits.is_empty() {
        let parents: Vec<String> = table.inherits.iter().map(|p| p.to_string()).collect();
        write!(sql, " INHERITS ({})", parents.join(", ")).unwrap();
    }
    if let Some(by) = &table.partition_by {
        write!(sql, " PARTITION BY {by}").unwrap();
    }
    if !table.options.is_empty() {
        write!(sql, " WITH ({})", storage_list(&table.options)).unwrap();
    }
    sql
}

fn create_index(table: &QualifiedName, index: &Index) -> String {
    let mut sql = format!(
        "CREATE {}INDEX {} ON {table} USING {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        Ident(&index.name),
        index.method,
        index
            .keys
            .iter()
            .map(|k| k.definition.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !index.include.is_empty() {
        write!(sql, " INCLUDE ({})", ident_list(&index.include)).unwrap();
    }
    if index.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if !index.options.is_empty() {
        write!(sql, " WITH ({})", storage_list(&index.options)).unwrap();
    }
    if let Some(predicate) = &index.predicate {
        write!(sql, " WHERE {predicate}").unwrap();
    }
    sql
}

pub(crate) fn comment_on(target: &CommentTarget, comment: Option<&str>) -> String {
    let object = match target {
        CommentTarget::Table(name) => format!("TABLE {name}"),
        CommentTarget::Column(column) => {
            format!("COLUMN {}.{}", column.table, Ident(&column.column))
        }
        CommentTarget::Index(name) => format!("INDEX {name}"),
        CommentTarget::Type(name) => format!("TYPE {name}"),
        CommentTarget::Domain(name) => format!("DOMAIN {name}"),
        CommentTarget::Sequence(name) => format!("SEQUENCE {name}"),
        CommentTarget::Constraint { table, name } => {
            format!("CONSTRAINT {} ON {table}", Ident(name))
        }
        CommentTarget::Routine(name) => return crate::objects::comment_on_routine(name, comment),
        CommentTarget::View(name) => {
            return crate::objects::comment_on_view(ViewKind::View, name, comment);
        }
        CommentTarget::MaterializedView(name) => {
            return crate::objects::comment_on_view(ViewKind::Materialized, name, comment);
        }
        CommentTarget::Trigger(name) => return crate::objects::comment_on_trigger(name, comment),
        CommentTarget::Policy(name) => return crate::objects::comment_on_policy(name, comment),
        CommentTarget::Schema(name) => format!("SCHEMA {}", Ident(name)),
        CommentTarget::EventTrigger(name) => {
            return crate::objects::comment_on_event_trigger(name, comment);
        }
    };
    match comment {
        Some(text) => format!("COMMENT ON {object} IS {}", Literal(text)),
        None => format!("COMMENT ON {object} IS NULL"),
    }
}
