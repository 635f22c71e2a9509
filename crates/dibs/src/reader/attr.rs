//! Decoding stored facet attributes back into the typed `dibs::attrs::Attr`.
//!
//! facet stores unit attributes as `()`, string newtypes as `&'static str`, and the
//! rest as the grammar enum itself; this module hides that so readers match one enum.

use crate::attrs::Attr;

/// The dibs attributes among `attrs`, in declaration order.
pub fn dibs_attrs(attrs: &'static [facet::Attr]) -> Vec<Attr> {
    attrs
        .iter()
        .filter(|a| a.ns == Some("dibs"))
        .filter_map(decode)
        .collect()
}

fn decode(attr: &'static facet::Attr) -> Option<Attr> {
    let text = || attr.get_as::<&'static str>().copied();
    Some(match attr.key {
        "pk" => Attr::Pk,
        "unique" => Attr::Unique,
        "index" => Attr::Index,
        "unlogged" => Attr::Unlogged,
        "row_level_security" => Attr::RowLevelSecurity,
        "force_row_level_security" => Attr::ForceRowLevelSecurity,
        "materialized" => Attr::Materialized,
        "view" => Attr::View(text()?),
        "query" => Attr::Query(text()?),
        "table" => Attr::Table(text()?),
        "schema" => Attr::Schema(text()?),
        "renamed_from" => Attr::RenamedFrom(text()?),
        "fk" => Attr::Fk(text()?),
        "inherits" => Attr::Inherits(text()?),
        "on_delete" => Attr::OnDelete(text()?),
        "on_update" => Attr::OnUpdate(text()?),
        "default" => Attr::Default(text()?),
        "check" => Attr::Check(text()?),
        "column" => Attr::Column(text()?),
        "collate" => Attr::Collate(text()?),
        "sql_type" => Attr::SqlType(text()?),
        "generated" => Attr::Generated(text()?),
        "enum_type" => Attr::EnumType(text()?),
        _ => unescaped(attr.get_as::<Attr>()?.clone()),
    })
}

/// facet 0.46 keeps the string fields of struct-like attributes (`index_on(...)`,
/// `unique_key(...)`, `check_constraint(...)`) as written between the quotes, escapes
/// included (`expr = "\"UPPER\" > 0"` arrives with its backslashes), while plain
/// `key = "value"` attributes arrive unescaped. Undo the escapes so both read alike.
fn unescaped(attr: Attr) -> Attr {
    let u = |text: &'static str| -> &'static str {
        if !text.contains('\\') {
            return text;
        }
        // Attributes are read a handful of times per process; the few strings with
        // escapes are kept for its lifetime, as the originals are.
        Box::leak(unescape(text).into_boxed_str())
    };
    match attr {
        Attr::UniqueKey(mut key) => {
            key.columns = u(key.columns);
            key.name = key.name.map(u);
            Attr::UniqueKey(key)
        }
        Attr::IndexOn(mut index) => {
            index.columns = u(index.columns);
            index.name = index.name.map(u);
            index.method = index.method.map(u);
            index.predicate = index.predicate.map(u);
            index.include = index.include.map(u);
            Attr::IndexOn(index)
        }
        Attr::CheckConstraint(mut check) => {
            check.expr = u(check.expr);
            check.name = check.name.map(u);
            Attr::CheckConstraint(check)
        }
        other => other,
    }
}

/// Rust string-literal escapes: `\"`, `\\`, `\'`, `\n`, `\r`, `\t`, `\0`, `\u{…}`.
/// Anything else is kept as written.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some(e @ ('"' | '\\' | '\'')) => {
                chars.next();
                out.push(e);
            }
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('r') => {
                chars.next();
                out.push('\r');
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('0') => {
                chars.next();
                out.push('\0');
            }
            Some('u') => {
                let rest: String = chars.clone().collect();
                let decoded = rest
                    .strip_prefix("u{")
                    .and_then(|r| r.split_once('}'))
                    .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), n)))
                    .and_then(|(len, n)| char::from_u32(n).map(|c| (len, c)));
                match decoded {
                    Some((len, decoded)) => {
                        for _ in 0..len + 3 {
                            chars.next();
                        }
                        out.push(decoded);
                    }
                    None => out.push('\\'),
                }
            }
            _ => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn rust_escapes_are_undone_and_others_kept() {
        assert_eq!(unescape(r#"\"UPPER\" > 0"#), r#""UPPER" > 0"#);
        assert_eq!(unescape(r"a\\b\n\u{e7}"), "a\\b\nç");
        assert_eq!(unescape(r"col ~ '\d+'"), r"col ~ '\d+'");
    }
}
