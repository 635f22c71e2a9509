//! Constraint and index names the way Postgres chooses them (`makeObjectName`), so that
//! tables created by hand and tables declared in Rust agree on names.

use dibs_schema::MAX_IDENTIFIER_BYTES;

fn truncate(s: &str, bytes: usize) -> &str {
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `table_columns_label`, shortening the longer of the two name parts until it fits.
pub fn object_name(table: &str, columns: &str, label: &str) -> String {
    let overhead = label.len() + if columns.is_empty() { 1 } else { 2 };
    let (mut len1, mut len2) = (table.len(), columns.len());
    while len1 + len2 + overhead > MAX_IDENTIFIER_BYTES {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let table = truncate(table, len1);
    let columns = truncate(columns, len2);
    if columns.is_empty() {
        format!("{table}_{label}")
    } else {
        format!("{table}_{columns}_{label}")
    }
}

/// The column part of a name for index keys: column names, or `expr` for expressions.
pub fn key_names(keys: &[String]) -> String {
    keys.iter()
        .map(|key| {
            let first = key.split_whitespace().next().unwrap_or("");
            if first.starts_with('(') || first.contains('(') {
                "expr".to_string()
            } else {
                first.trim_matches('"').to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_postgres_naming() {
        assert_eq!(object_name("users", "email", "key"), "users_email_key");
        assert_eq!(object_name("users", "", "pkey"), "users_pkey");
        let long = "a".repeat(60);
        let name = object_name(&long, "column_name", "fkey");
        assert!(name.len() <= MAX_IDENTIFIER_BYTES);
        assert!(name.ends_with("_column_name_fkey") || name.ends_with("_fkey"));
        assert_eq!(
            key_names(&["lower(email)".into(), "created_at DESC".into()]),
            "expr_created_at"
        );
    }
}
