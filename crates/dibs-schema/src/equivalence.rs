//! Expressions that the server stores differently but that mean the same thing.
//!
//! Postgres keeps `CURRENT_TIMESTAMP` and `now()` as different nodes and prints them as
//! written, yet they are one function. A default written one way in Rust and the other
//! way in a hand-made database is not drift.

/// Spellings of the same SQL value function, mapped to one canonical form.
const SYNONYMS: &[(&str, &str)] = &[
    ("CURRENT_TIMESTAMP", "now()"),
    ("transaction_timestamp()", "now()"),
];

/// `expression` with known synonyms (outside string literals and quoted names) replaced.
pub fn canonical(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    while !rest.is_empty() {
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\'' || c == '"' {
            let end = rest[1..].find(c).map(|i| i + 2).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let at_word_start = !out.ends_with(|p: char| p.is_alphanumeric() || p == '_');
        let synonym = SYNONYMS.iter().find(|(word, _)| {
            at_word_start
                && rest.starts_with(word)
                && !rest[word.len()..].starts_with(|n: char| n.is_alphanumeric() || n == '_')
        });
        match synonym {
            Some((word, replacement)) => {
                out.push_str(replacement);
                rest = &rest[word.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Whether two optional expressions mean the same.
pub fn same_expression(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || canonical(a) == canonical(b),
        (None, None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_timestamp_is_now() {
        assert!(same_expression(Some("CURRENT_TIMESTAMP"), Some("now()")));
        assert!(same_expression(
            Some("(CURRENT_TIMESTAMP + '1 day'::interval)"),
            Some("(now() + '1 day'::interval)")
        ));
        assert!(!same_expression(
            Some("'CURRENT_TIMESTAMP'::text"),
            Some("'now()'::text")
        ));
        assert!(!same_expression(Some("now()"), None));
    }
}
