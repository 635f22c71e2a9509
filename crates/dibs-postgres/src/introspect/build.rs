//! Types, sequences, extensions and unmanaged objects from catalog rows. Row positions
//! follow `queries.rs`; tables are in `tables.rs`.

use dibs_schema::{
    ColumnRef, CompositeAttribute, CompositeType, Domain, EnumType, Extension, NamedDefinition,
    QualifiedName, RangeType, Schema, Sequence, SequenceOptions, UnmanagedObject,
};
use tokio_postgres::Row;

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
                    .map(|(name, definition)| NamedDefinition {
                        name,
                        definition,
                        comment: None,
                    })
                    .collect(),
                comment: row.get(8),
                functions: Vec::new(),
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
                options: sequence_options(row, 2),
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
                version: row.get(2),
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

/// Sequence options from seven consecutive columns starting at `first`: type, increment,
/// min, max, start, cache, cycle (the order both sequence queries use).
pub fn sequence_options(row: &Row, first: usize) -> SequenceOptions {
    SequenceOptions {
        data_type: row.get(first),
        increment: row.get(first + 1),
        min_value: row.get(first + 2),
        max_value: row.get(first + 3),
        start: row.get(first + 4),
        cache: row.get(first + 5),
        cycle: row.get(first + 6),
    }
}
