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

/// The `(n)` or `(p,s)` modifier of a type, if any.
fn modifiers(ty: &str) -> Option<Vec<i64>> {
    let inner = ty.split_once('(')?.1.split_once(')')?.0;
    inner.split(',').map(|n| n.trim().parse().ok()).collect()
}

/// Whether every value of `from` is a value of `to` unchanged (a wider integer, a longer or
/// unbounded string, a numeric with room for as many digits on both sides of the point):
/// such a type change cannot fail or lose data. Arrays must match arrays.
pub fn widens(from: &str, to: &str) -> bool {
    if is_array(from) != is_array(to) {
        return false;
    }
    const INTEGERS: [&str; 3] = ["smallint", "integer", "bigint"];
    let (a, b) = (base(from), base(to));
    let rank = |t: &str| INTEGERS.iter().position(|i| *i == t);
    match (a, b) {
        _ if from == to => true,
        (_, "numeric") if rank(a).is_some() => modifiers(to).is_none(),
        ("real", "double precision") => true,
        ("numeric", "numeric") => match (modifiers(from), modifiers(to)) {
            (_, None) => true,
            (Some(f), Some(t)) if f.len() == 2 && t.len() == 2 => {
                t[1] >= f[1] && t[0] - t[1] >= f[0] - f[1]
            }
            _ => false,
        },
        ("character varying" | "text", "text") => true,
        ("character varying", "character varying") => match (modifiers(from), modifiers(to)) {
            (_, None) => true,
            (Some(f), Some(t)) => t[0] >= f[0],
            (None, Some(_)) => false,
        },
        _ => matches!((rank(a), rank(b)), (Some(x), Some(y)) if x <= y),
    }
}

/// Whether Postgres changes `from` to `to` without rewriting the table: the binary-coercible
/// widenings of strings, and more precision at the same scale for numerics.
pub fn keeps_storage(from: &str, to: &str) -> bool {
    if !widens(from, to) {
        return false;
    }
    match (base(from), base(to)) {
        ("character varying" | "text", "text" | "character varying") => true,
        ("numeric", "numeric") => match (modifiers(from), modifiers(to)) {
            (_, None) => true,
            (Some(f), Some(t)) => f.len() == 2 && t.len() == 2 && t[1] == f[1],
            (None, Some(_)) => false,
        },
        _ => from == to,
    }
}

#[cfg(test)]
mod tests {
    use super::{conversion, keeps_storage, widens};

    #[test]
    fn widenings_are_safe_and_some_keep_storage() {
        assert!(widens("integer", "bigint") && !keeps_storage("integer", "bigint"));
        assert!(widens("smallint", "numeric"));
        assert!(!widens("bigint", "integer"));
        assert!(!widens("integer", "numeric(10,2)"));
        assert!(widens("character varying(10)", "character varying(20)"));
        assert!(keeps_storage("character varying(10)", "text"));
        assert!(!widens("character varying(20)", "character varying(10)"));
        assert!(!widens("text", "character varying(10)"));
        assert!(
            widens("numeric(10,2)", "numeric(12,2)")
                && keeps_storage("numeric(10,2)", "numeric(12,2)")
        );
        assert!(
            widens("numeric(10,2)", "numeric(12,4)")
                && !keeps_storage("numeric(10,2)", "numeric(12,4)")
        );
        assert!(!widens("numeric(10,2)", "numeric(10,4)"));
        assert!(widens("integer[]", "bigint[]"));
        assert!(!widens("integer", "bigint[]"));
        assert!(!widens(
            "timestamp without time zone",
            "timestamp with time zone"
        ));
        assert!(!widens("text", "integer"));
    }

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
