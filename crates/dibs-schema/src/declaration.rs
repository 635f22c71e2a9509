//! Objects declared in a db crate as SQL (functions, triggers) or as a struct with a
//! query (views), before the scratch database has built them. Normalization runs each
//! one there and reads back the real object, so the declared side of a diff is a catalog
//! like the other.

use std::fmt;

/// What a declaration must create: a statement that creates something else is an error
/// naming the declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum DeclaredKind {
    /// `CREATE COLLATION`: built before the tables whose columns use it.
    Collation,
    /// `CREATE [OR REPLACE] FUNCTION | PROCEDURE | AGGREGATE`.
    Function,
    /// `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER` or `CREATE EVENT TRIGGER`.
    Trigger,
    /// `CREATE POLICY`.
    Policy,
    /// `CREATE [OR REPLACE] RULE`.
    Rule,
    /// `CREATE STATISTICS`.
    Statistics,
    /// `CREATE PUBLICATION`.
    Publication,
    /// `CREATE FOREIGN DATA WRAPPER`, `CREATE SERVER` or `CREATE FOREIGN TABLE`.
    Foreign,
    /// `GRANT`, `REVOKE` or `ALTER DEFAULT PRIVILEGES` (privileges are opt-in).
    Grant,
    View,
    MaterializedView,
}

impl DeclaredKind {
    pub fn word(self) -> &'static str {
        match self {
            DeclaredKind::Collation => "collation",
            DeclaredKind::Function => "function",
            DeclaredKind::Trigger => "trigger",
            DeclaredKind::Policy => "policy",
            DeclaredKind::Rule => "rule",
            DeclaredKind::Statistics => "statistics",
            DeclaredKind::Publication => "publication",
            DeclaredKind::Foreign => "foreign object",
            DeclaredKind::Grant => "grant",
            DeclaredKind::View => "view",
            DeclaredKind::MaterializedView => "materialized view",
        }
    }

    /// Whether `sql` starts (after comments) with the keywords that create this kind.
    pub fn matches(self, sql: &str) -> bool {
        let words = leading_words(sql, 5);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        if self == DeclaredKind::Grant {
            return matches!(
                words.as_slice(),
                ["GRANT", ..] | ["REVOKE", ..] | ["ALTER", "DEFAULT", "PRIVILEGES", ..]
            );
        }
        let rest = match words.as_slice() {
            ["CREATE", "OR", "REPLACE", rest @ ..] | ["CREATE", rest @ ..] => rest,
            _ => return false,
        };
        match self {
            DeclaredKind::Collation => matches!(rest.first(), Some(&"COLLATION")),
            DeclaredKind::Function => matches!(
                rest.first(),
                Some(&"FUNCTION") | Some(&"PROCEDURE") | Some(&"AGGREGATE")
            ),
            DeclaredKind::Trigger => {
                matches!(
                    rest,
                    ["TRIGGER", ..] | ["CONSTRAINT", "TRIGGER", ..] | ["EVENT", "TRIGGER", ..]
                )
            }
            DeclaredKind::Policy => matches!(rest.first(), Some(&"POLICY")),
            DeclaredKind::Rule => matches!(rest.first(), Some(&"RULE")),
            DeclaredKind::Statistics => matches!(rest.first(), Some(&"STATISTICS")),
            DeclaredKind::Publication => matches!(rest.first(), Some(&"PUBLICATION")),
            DeclaredKind::Foreign => matches!(
                rest,
                ["SERVER", ..] | ["FOREIGN", "TABLE", ..] | ["FOREIGN", "DATA", "WRAPPER", ..]
            ),
            DeclaredKind::Grant => false,
            DeclaredKind::View => matches!(rest.first(), Some(&"VIEW")),
            DeclaredKind::MaterializedView => matches!(rest, ["MATERIALIZED", "VIEW", ..]),
        }
    }
}

/// A column a declared view must have, from its struct's field.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct DeclaredColumn {
    pub name: String,
    /// The SQL type the field maps to.
    pub ty: String,
}

#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
pub struct SqlDeclaration {
    pub kind: DeclaredKind,
    /// The one `CREATE` statement.
    pub sql: String,
    /// Where it is declared (`src/objects.rs:12`, or the view's struct), for errors.
    pub origin: String,
    /// For a view declared by a struct: its name, and the columns its fields say it has.
    pub view: Option<crate::quote::QualifiedName>,
    pub columns: Vec<DeclaredColumn>,
    /// The view struct's doc comment, set with `COMMENT ON` once the view exists.
    pub comment: Option<String>,
}

impl SqlDeclaration {
    /// `ALTER DEFAULT PRIVILEGES`: built before the objects, which then pick it up.
    pub fn sets_default_privileges(&self) -> bool {
        self.kind == DeclaredKind::Grant
            && leading_words(&self.sql, 3) == ["ALTER", "DEFAULT", "PRIVILEGES"]
    }

    /// `COMMENT ON` for a view struct's doc comment.
    pub fn comment_sql(&self) -> Option<String> {
        let (view, comment) = (self.view.as_ref()?, self.comment.as_ref()?);
        let keyword = match self.kind {
            DeclaredKind::MaterializedView => "MATERIALIZED VIEW",
            _ => "VIEW",
        };
        Some(format!(
            "COMMENT ON {keyword} {view} IS {}",
            crate::quote::Literal(comment)
        ))
    }
}

impl fmt::Display for SqlDeclaration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} declared at {}", self.kind.word(), self.origin)
    }
}

/// The first `count` words of `sql`, upper-cased, skipping whitespace and comments.
fn leading_words(sql: &str, count: usize) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = sql;
    while words.len() < count {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
            continue;
        }
        let end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        words.push(rest[..end].to_ascii_uppercase());
        rest = &rest[end..];
    }
    words
}

#[cfg(test)]
mod tests {
    use super::DeclaredKind;

    #[test]
    fn kinds_are_told_by_their_leading_keywords() {
        assert!(DeclaredKind::Function.matches("create or replace function f() ..."));
        assert!(DeclaredKind::Function.matches("-- note\n/* x */ CREATE PROCEDURE p() ..."));
        assert!(DeclaredKind::Trigger.matches("CREATE CONSTRAINT TRIGGER t AFTER ..."));
        assert!(DeclaredKind::Trigger.matches("create or replace trigger t before ..."));
        assert!(!DeclaredKind::Trigger.matches("CREATE FUNCTION t() ..."));
        assert!(DeclaredKind::Rule.matches("CREATE OR REPLACE RULE r AS ON DELETE TO t ..."));
        assert!(DeclaredKind::Statistics.matches("create statistics s on a, b from t"));
        assert!(DeclaredKind::Collation.matches("CREATE COLLATION ci (provider = icu)"));
        assert!(!DeclaredKind::Collation.matches("CREATE STATISTICS ci ON a, b FROM t"));
        assert!(!DeclaredKind::Statistics.matches("CREATE RULE s AS ..."));
        assert!(DeclaredKind::Publication.matches("create publication feed for table t"));
        assert!(!DeclaredKind::Publication.matches("CREATE TABLE publication (id int)"));
        assert!(DeclaredKind::Foreign.matches("CREATE SERVER s FOREIGN DATA WRAPPER w"));
        assert!(DeclaredKind::Foreign.matches("create foreign table t (a int) server s"));
        assert!(!DeclaredKind::Foreign.matches("CREATE TABLE foreign_things (a int)"));
        assert!(!DeclaredKind::Function.matches("CREATE TABLE f (a int)"));
        assert!(!DeclaredKind::Function.matches("DROP FUNCTION f()"));
        assert!(DeclaredKind::MaterializedView.matches("CREATE MATERIALIZED VIEW m AS ..."));
        assert!(DeclaredKind::Grant.matches("grant select on t to r"));
        assert!(DeclaredKind::Grant.matches("ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT ..."));
        assert!(!DeclaredKind::Grant.matches("ALTER TABLE t OWNER TO r"));
    }
}
