//! Turning catalog rows into the schema model. Column positions follow `queries.rs`.

use std::collections::HashMap;

use dibs_schema::{
    Column, ColumnRef, CompositeAttribute, CompositeType, Domain, EnumType, Extension, ForeignKey,
    Identity, Index, IndexKey, KeyConstraint, NamedDefinition, PartitionOf, QualifiedName,
    RangeType, ReferentialAction, ReplicaIdentity, Schema, Sequence, SequenceOptions, Table,
    UnmanagedObject,
};
use tokio_postgres::Row;

use super::index_def::index_keys;

fn replica_identity(code: &str) -> ReplicaIdentity {
    match code {
        "f" => ReplicaIdentity::Full,
        "n" => ReplicaIdentity::Nothing,
        "i" => ReplicaIdentity::Index,
        _ => ReplicaIdentity::Default,
    }
}

fn referential_action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

pub fn tables(
    schema: &mut Schema,
    tables: &[Row],
    columns: &[Row],
    defaults: &HashMap<(u32, i16), String>,
    constraints: &[Row],
    indexes: &[Row],
) {
    let mut by_oid: HashMap<u32, Table> = HashMap::new();
    for row in tables {
        let name = QualifiedName::new(row.get::<_, String>(1), row.get::<_, String>(2));
        let mut table = Table::new(name);
        table.unlogged = row.get(3);
        table.replica_identity = replica_identity(row.get(4));
        table.row_level_security = row.get(5);
        table.force_row_level_security = row.get(6);
        table.partition_by = row.get(7);
        let parent_schema: Option<String> = row.get(8);
        let parent_name: Option<String> = row.get(9);
        if let (Some(s), Some(n), Some(bound)) = (parent_schema, parent_name, row.get(10)) {
            table.partition_of = Some(PartitionOf {
                parent: QualifiedName::new(s, n),
                bound,
            });
        }
        table.comment = row.get(11);
        table.replica_identity_index = row.get(12);
        by_oid.insert(row.get(0), table);
    }
    for row in columns {
        let Some(table) = by_oid.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        let default = defaults.get(&(row.get(0), row.get(16))).cloned();
        table.columns.push(column(row, default));
    }
    for row in constraints {
        let Some(table) = by_oid.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        add_constraint(table, row);
    }
    for row in indexes {
        let Some(table) = by_oid.get_mut(&row.get::<_, u32>(0)) else {
            continue;
        };
        table.indexes.push(index(row));
    }
    for (_, table) in by_oid {
        schema.tables.insert(table.name.clone(), table);
    }
}

fn column(row: &Row, default: Option<String>) -> Column {
    let identity_kind: String = row.get(6);
    let identity = match identity_kind.as_str() {
        "a" | "d" => Some(Identity {
            always: identity_kind == "a",
            options: SequenceOptions {
                data_type: row.get(9),
                increment: row.get(10),
                min_value: row.get(11),
                max_value: row.get(12),
                start: row.get(13),
                cache: row.get(14),
                cycle: row.get(15),
            },
        }),
        _ => None,
    };
    Column {
        name: row.get(1),
        renamed_from: None,
        ty: row.get(2),
        not_null: row.get(3),
        default,
        identity,
        generated: row.get(5),
        collation: row.get(7),
        comment: row.get(8),
    }
}

fn add_constraint(table: &mut Table, row: &Row) {
    let name: String = row.get(1);
    let kind: String = row.get(2);
    let definition: Option<String> = row.get(3);
    let columns: Vec<String> = row.get(4);
    match kind.as_str() {
        "p" => {
            table.primary_key = Some(KeyConstraint {
                name,
                columns,
                definition,
            })
        }
        "u" => table.uniques.push(KeyConstraint {
            name,
            columns,
            definition,
        }),
        "f" => table.foreign_keys.push(ForeignKey {
            name,
            columns,
            references: QualifiedName::new(row.get::<_, String>(5), row.get::<_, String>(6)),
            referenced_columns: row.get(7),
            on_update: referential_action(row.get(8)),
            on_delete: referential_action(row.get(9)),
            deferrable: row.get(10),
            initially_deferred: row.get(11),
            match_full: row.get::<_, String>(12) == "f",
            validated: row.get(13),
        }),
        "c" => table.checks.push(NamedDefinition {
            name,
            definition: definition.unwrap_or_default(),
        }),
        _ => table.exclusions.push(NamedDefinition {
            name,
            definition: definition.unwrap_or_default(),
        }),
    }
}

fn index(row: &Row) -> Index {
    let definition: Option<String> = row.get(4);
    let keys: Vec<String> = match &definition {
        Some(definition) => index_keys(definition),
        None => row.get(5),
    };
    Index {
        name: row.get(1),
        unique: row.get(2),
        method: row.get(3),
        keys: keys
            .into_iter()
            .map(|definition| IndexKey { definition })
            .collect(),
        include: row.get(6),
        predicate: row.get(7),
        nulls_not_distinct: row.get(9),
        comment: row.get(8),
    }
}

pub fn enums(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        schema.enums.insert(
            name.clone(),
            EnumType {
                name,
                values: row.get(2),
                comment: row.get(3),
            },
        );
    }
}

pub fn domains(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let names: Vec<String> = row.get(6);
        let definitions: Vec<String> = row.get(7);
        schema.domains.insert(
            name.clone(),
            Domain {
                name,
                base_type: row.get(2),
                not_null: row.get(3),
                default: row.get(4),
                collation: row.get(5),
                checks: names
                    .into_iter()
                    .zip(definitions)
                    .map(|(name, definition)| NamedDefinition { name, definition })
                    .collect(),
                comment: row.get(8),
            },
        );
    }
}

pub fn composites(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let names: Vec<String> = row.get(2);
        let types: Vec<String> = row.get(3);
        schema.composites.insert(
            name.clone(),
            CompositeType {
                name,
                attributes: names
                    .into_iter()
                    .zip(types)
                    .map(|(name, ty)| CompositeAttribute {
                        name,
                        ty,
                        collation: None,
                    })
                    .collect(),
                comment: row.get(4),
            },
        );
    }
}

pub fn ranges(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        schema.ranges.insert(
            name.clone(),
            RangeType {
                name,
                subtype: row.get(2),
                subtype_opclass: row.get(3),
                collation: row.get(4),
                comment: row.get(5),
            },
        );
    }
}

pub fn sequences(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let owner_schema: Option<String> = row.get(9);
        let owner_table: Option<String> = row.get(10);
        let owner_column: Option<String> = row.get(11);
        let owned_by = match (owner_schema, owner_table, owner_column) {
            (Some(s), Some(t), Some(column)) => Some(ColumnRef {
                table: QualifiedName::new(s, t),
                column,
            }),
            _ => None,
        };
        schema.sequences.insert(
            name.clone(),
            Sequence {
                name,
                options: SequenceOptions {
                    data_type: row.get(2),
                    increment: row.get(3),
                    min_value: row.get(4),
                    max_value: row.get(5),
                    start: row.get(6),
                    cache: row.get(7),
                    cycle: row.get(8),
                },
                owned_by,
                comment: row.get(12),
            },
        );
    }
}

pub fn extensions(schema: &mut Schema, rows: &[Row]) {
    for row in rows {
        let name: String = row.get(0);
        schema.extensions.insert(
            name.clone(),
            Extension {
                name,
                schema: row.get(1),
            },
        );
    }
}

pub fn unmanaged(schema: &mut Schema, rows: &[Row]) {
    schema.unmanaged = rows
        .iter()
        .map(|row| UnmanagedObject {
            kind: row.get(0),
            description: row.get(1),
        })
        .collect();
}
