//! How a column's values are converted when its type changes.
//!
//! Postgres has direct casts only between some types; everything converts to and from
//! text through its I/O functions. We use the direct cast where one is known to exist and
//! go through text otherwise, so the ALTER is valid for any pair of types (whether every
//! existing value converts is the data's business, and the change is marked lossy).

/// Families whose members cast directly to one another.
const FAMILIES: &[&[&str]] = &[
    &[
        "smallint",
        "integer",
        "bigint",
        "numeric",
        "real",
        "double precision",
        "money",
    ],
    &["text", "character varying", "character", "name", "citext"],
    &[
        "timestamp with time zone",
        "timestamp without time zone",
        "date",
        "time without time zone",
        "time with time zone",
        "interval",
    ],
    &["json", "jsonb"],
    &["inet", "cidr"],
    &["bit", "bit varying"],
];

/// A type's name without its modifiers and array brackets: `character varying(20)` →
/// `character varying`.
fn base(ty: &str) -> &str {
    ty.split('(')
        .next()
        .unwrap_or(ty)
        .trim_end_matches("[]")
        .trim()
}

fn is_array(ty: &str) -> bool {
    ty.ends_with("[]")
}

fn is_text(ty: &str) -> bool {
    matches!(base(ty), "text" | "character varying" | "character")
}

/// The USING expression converting `column` (already quoted) from `from` to `to`.
pub fn conversion(column: &str, from: &str, to: &str) -> String {
    let same_shape = is_array(from) == is_array(to);
    let (a, b) = (base(from), base(to));
    let direct = same_shape
        && (a == b
            || (!is_array(from) && (is_text(to) || is_text(from)))
            || FAMILIES.iter().any(|f| f.contains(&a) && f.contains(&b))
            || matches!((a, b), ("boolean", "integer") | ("integer", "boolean")));
    if direct {
        format!("{column}::{to}")
    } else {
        format!("{column}::text::{to}")
    }
}

#[cfg(test)]
mod tests {
    use super::conversion;

    #[test]
    fn direct_within_families_text_otherwise() {
        assert_eq!(conversion("c", "integer", "bigint"), "c::bigint");
        assert_eq!(conversion("c", "boolean", "integer"), "c::integer");
        assert_eq!(conversion("c", "uuid", "text"), "c::text");
        assert_eq!(conversion("c", "text", "uuid"), "c::uuid");
        assert_eq!(conversion("c", "uuid", "jsonb"), "c::text::jsonb");
        assert_eq!(conversion("c", "integer[]", "bigint[]"), "c::bigint[]");
        assert_eq!(conversion("c", "text[]", "boolean"), "c::text::boolean");
    }
}
