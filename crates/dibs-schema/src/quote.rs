//! The one place identifiers and literals become SQL text.
//!
//! Every name that reaches SQL goes through [`Ident`] or [`QualifiedName`]; every string
//! value through [`Literal`]. Quoting follows Postgres's `quote_ident`: a name is left bare
//! only when it is a lowercase word that is not a keyword, so the output reads like what the
//! server's own deparser prints.

use std::fmt;

/// Postgres truncates identifiers longer than this many bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// A single SQL identifier (schema, table, column, constraint, type name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident<'a>(pub &'a str);

/// A schema-qualified name, rendered `schema.name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, facet::Facet)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

/// A string literal, rendered in single quotes (E'' form when it holds a backslash).
#[derive(Debug, Clone, Copy)]
pub struct Literal<'a>(pub &'a str);

impl QualifiedName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> QualifiedName {
        QualifiedName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// The same schema with another object name (e.g. an index next to its table).
    pub fn sibling(&self, name: impl Into<String>) -> QualifiedName {
        QualifiedName::new(self.schema.clone(), name)
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", Ident(&self.schema), Ident(&self.name))
    }
}

/// Whether `name` may be written without quotes.
fn is_bare_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_lowercase() || first == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(name)
}

impl fmt::Display for Ident<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_bare_identifier(self.0) {
            return f.write_str(self.0);
        }
        f.write_str("\"")?;
        for part in self.0.split('"').enumerate() {
            if part.0 > 0 {
                f.write_str("\"\"")?;
            }
            f.write_str(part.1)?;
        }
        f.write_str("\"")
    }
}

impl fmt::Display for Literal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.contains('\\') {
            f.write_str("E'")?;
            for c in self.0.chars() {
                match c {
                    '\'' => f.write_str("''")?,
                    '\\' => f.write_str("\\\\")?,
                    c => write!(f, "{c}")?,
                }
            }
        } else {
            f.write_str("'")?;
            f.write_str(&self.0.replace('\'', "''"))?;
        }
        f.write_str("'")
    }
}

/// Renders a list of identifiers separated by `, `.
pub fn ident_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| Ident(n.as_ref()).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Postgres keywords that `quote_ident` quotes (every category except unreserved).
fn is_keyword(word: &str) -> bool {
    KEYWORDS.binary_search(&word).is_ok()
}

/// Reserved, column-name and type-function-name keywords of Postgres 13–17, sorted.
const KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_exists",
    "json_object",
    "json_objectagg",
    "json_query",
    "json_scalar",
    "json_serialize",
    "json_table",
    "json_value",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "merge_action",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        let mut sorted = KEYWORDS.to_vec();
        sorted.sort();
        assert_eq!(sorted, KEYWORDS);
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(Ident("users").to_string(), "users");
        assert_eq!(Ident("user").to_string(), "\"user\"");
        assert_eq!(Ident("Users").to_string(), "\"Users\"");
        assert_eq!(Ident("a\"b").to_string(), "\"a\"\"b\"");
        assert_eq!(Ident("1a").to_string(), "\"1a\"");
        assert_eq!(Ident("").to_string(), "\"\"");
        assert_eq!(
            QualifiedName::new("public", "order").to_string(),
            "public.\"order\""
        );
    }

    #[test]
    fn literals_escape_quotes_and_backslashes() {
        assert_eq!(Literal("it's").to_string(), "'it''s'");
        assert_eq!(Literal("a\\b'").to_string(), "E'a\\\\b'''");
    }
}
