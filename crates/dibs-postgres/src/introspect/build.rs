//! Types, sequences, extensions and unmanaged objects from catalog rows. Row positions
//! follow `queries.rs`; tables are in `tables.rs`. Every value is decoded checked
//! (`cell.rs`): a row that does not decode is an error naming the object, never a panic.

use dibs_schema::{
    ColumnRef, CompositeAttribute, CompositeType, Domain, EnumType, Extension, FunctionName,
    NamedDefinition, QualifiedName, RangeType, Schema, Sequence, SequenceOptions, UnmanagedObject,
};
use tokio_postgres::Row;

use super::cell::{at, name_at};
use crate::error::DbError;

pub fn enums(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let name = name_at(row, 0, 1, &"an enum")?;
        let what = &format!("enum {name}");
        schema.enums.insert(
            name.clone(),
            EnumType {
                name,
                values: at(row, 2, what)?,
                comment: at(row, 3, what)?,
            },
        );
    }
    Ok(())
}

pub fn domains(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let name = name_at(row, 0, 1, &"a domain")?;
        let what = &format!("domain {name}");
        let names: Vec<String> = at(row, 6, what)?;
        let definitions: Vec<String> = at(row, 7, what)?;
        schema.domains.insert(
            name.clone(),
            Domain {
                name,
                base_type: at(row, 2, what)?,
                not_null: at(row, 3, what)?,
                default: at(row, 4, what)?,
                collation: at(row, 5, what)?,
                checks: names
                    .into_iter()
                    .zip(definitions)
                    .map(|(name, definition)| NamedDefinition {
                        name,
                        definition,
                        comment: None,
                    })
                    .collect(),
                comment: at(row, 8, what)?,
                functions: Vec::new(),
            },
        );
    }
    Ok(())
}

pub fn composites(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let name = name_at(row, 0, 1, &"a composite type")?;
        let what = &format!("composite type {name}");
        let names: Vec<String> = at(row, 2, what)?;
        let types: Vec<String> = at(row, 3, what)?;
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
                comment: at(row, 4, what)?,
            },
        );
    }
    Ok(())
}

pub fn ranges(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let name = name_at(row, 0, 1, &"a range type")?;
        let what = &format!("range type {name}");
        schema.ranges.insert(
            name.clone(),
            RangeType {
                name,
                subtype: at(row, 2, what)?,
                subtype_opclass: at(row, 3, what)?,
                collation: at(row, 4, what)?,
                comment: at(row, 5, what)?,
                subtype_diff: function_at(row, 6, what)?,
                canonical: function_at(row, 9, what)?,
                multirange: at(row, 12, what)?,
            },
        );
    }
    Ok(())
}

/// A routine named by three columns from `first` (schema, name, identity arguments), all
/// NULL when there is none.
fn function_at(
    row: &Row,
    first: usize,
    what: &dyn std::fmt::Display,
) -> Result<Option<FunctionName>, DbError> {
    let schema: Option<String> = at(row, first, what)?;
    let name: Option<String> = at(row, first + 1, what)?;
    let arguments: Option<String> = at(row, first + 2, what)?;
    Ok(match (schema, name, arguments) {
        (Some(schema), Some(name), Some(arguments)) => Some(FunctionName {
            name: QualifiedName::new(schema, name),
            arguments,
        }),
        _ => None,
    })
}

pub fn sequences(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let name = name_at(row, 0, 1, &"a sequence")?;
        let what = &format!("sequence {name}");
        let owner_schema: Option<String> = at(row, 9, what)?;
        let owner_table: Option<String> = at(row, 10, what)?;
        let owner_column: Option<String> = at(row, 11, what)?;
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
                options: sequence_options(row, 2, what)?,
                owned_by,
                comment: at(row, 12, what)?,
                unlogged: at(row, 13, what)?,
            },
        );
    }
    Ok(())
}

pub fn extensions(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    for row in rows {
        let name: String = at(row, 0, &"an extension")?;
        let what = &format!("extension {name}");
        schema.extensions.insert(
            name.clone(),
            Extension {
                name,
                schema: at(row, 1, what)?,
                version: at(row, 2, what)?,
            },
        );
    }
    Ok(())
}

pub fn unmanaged(schema: &mut Schema, rows: &[Row]) -> Result<(), DbError> {
    let what = &"an object dibs does not manage";
    schema.unmanaged = rows
        .iter()
        .map(|row| {
            Ok(UnmanagedObject {
                kind: at(row, 0, what)?,
                description: at(row, 1, what)?,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(())
}

/// Sequence options from seven consecutive columns starting at `first`: type, increment,
/// min, max, start, cache, cycle (the order both sequence queries use).
pub fn sequence_options(
    row: &Row,
    first: usize,
    what: &dyn std::fmt::Display,
) -> Result<SequenceOptions, DbError> {
    Ok(SequenceOptions {
        data_type: at(row, first, what)?,
        increment: at(row, first + 1, what)?,
        min_value: at(row, first + 2, what)?,
        max_value: at(row, first + 3, what)?,
        start: at(row, first + 4, what)?,
        cache: at(row, first + 5, what)?,
        cycle: at(row, first + 6, what)?,
    })
}
