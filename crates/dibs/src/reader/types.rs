//! Mapping Rust field types to Postgres column types.

use dibs_schema::{EnumType, QualifiedName};
use facet::{Def, Shape, Type, UserType};

use super::attr::dibs_attrs;
use crate::attrs::Attr;

/// What a field's Rust type becomes in Postgres.
pub struct ColumnType {
    pub sql: String,
    pub nullable: bool,
    /// A Rust enum mapped to a Postgres enum type, to be created with the table.
    pub enum_type: Option<EnumType>,
}

/// Maps `shape` to a column type, or `None` when the type has no mapping.
pub fn column_type(shape: &'static Shape, default_schema: &str) -> Option<ColumnType> {
    if let Def::Option(option) = shape.def {
        let mut inner = column_type(option.t(), default_schema)?;
        if inner.nullable {
            return None; // Option<Option<T>> has no column meaning
        }
        inner.nullable = true;
        return Some(inner);
    }
    if let Some(sql) = scalar(shape) {
        return Some(ColumnType {
            sql: sql.to_string(),
            nullable: false,
            enum_type: None,
        });
    }
    if let Def::List(list) = shape.def {
        let item = list.t();
        if item.type_identifier == "u8" {
            return Some(plain("bytea"));
        }
        let inner = column_type(item, default_schema)?;
        if inner.nullable || inner.sql.ends_with("[]") {
            return None;
        }
        return Some(ColumnType {
            sql: format!("{}[]", inner.sql),
            nullable: false,
            enum_type: inner.enum_type,
        });
    }
    if let Type::User(UserType::Enum(e)) = shape.ty {
        let unit_only = e.variants.iter().all(|v| v.data.fields.is_empty());
        if !unit_only || e.variants.is_empty() {
            return None;
        }
        let enum_type = enum_type(shape, e.variants, default_schema);
        return Some(ColumnType {
            sql: enum_type.name.to_string(),
            nullable: false,
            enum_type: Some(enum_type),
        });
    }
    None
}

fn plain(sql: &str) -> ColumnType {
    ColumnType {
        sql: sql.to_string(),
        nullable: false,
        enum_type: None,
    }
}

/// Scalars by type identifier (and module for the date-time crates, whose names overlap).
fn scalar(shape: &Shape) -> Option<&'static str> {
    let module = shape.module_path.unwrap_or("");
    Some(match shape.type_identifier {
        "i16" => "smallint",
        "i32" => "integer",
        "i64" => "bigint",
        "f32" => "real",
        "f64" => "double precision",
        "bool" => "boolean",
        "String" | "str" | "&str" | "Cow<str>" | "char" => "text",
        "Uuid" => "uuid",
        "Decimal" => "numeric",
        "DateTime<Utc>" | "DateTime<FixedOffset>" | "DateTime<Local>" => "timestamp with time zone",
        "NaiveDateTime" => "timestamp without time zone",
        "NaiveDate" => "date",
        "NaiveTime" => "time without time zone",
        "Timestamp" | "Zoned" if module.starts_with("jiff") || module.is_empty() => {
            "timestamp with time zone"
        }
        "DateTime" if module.starts_with("jiff") || module.is_empty() => {
            "timestamp without time zone"
        }
        "Date" if module.starts_with("jiff") || module.is_empty() => "date",
        "Time" if module.starts_with("jiff") || module.is_empty() => "time without time zone",
        "OffsetDateTime" | "UtcDateTime" => "timestamp with time zone",
        "PrimitiveDateTime" => "timestamp without time zone",
        "IpAddr" | "Ipv4Addr" | "Ipv6Addr" => "inet",
        _ => return None,
    })
}

/// snake_case of a Rust identifier: `OrderStatus` → `order_status`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn enum_type(shape: &'static Shape, variants: &[facet::Variant], default_schema: &str) -> EnumType {
    let mut name = snake_case(shape.type_identifier);
    let mut schema = default_schema.to_string();
    for attr in dibs_attrs(shape.attributes) {
        match attr {
            Attr::EnumType(n) => name = n.to_string(),
            Attr::Schema(s) => schema = s.to_string(),
            _ => {}
        }
    }
    EnumType {
        name: QualifiedName::new(schema, name),
        values: variants
            .iter()
            .map(|v| {
                v.rename
                    .map(str::to_string)
                    .unwrap_or_else(|| snake_case(v.name))
            })
            .collect(),
        comment: doc_comment(shape.doc),
    }
}

/// Doc comment lines as one comment, or `None` when there are none.
pub fn doc_comment(lines: &[&str]) -> Option<String> {
    let text = lines
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}
