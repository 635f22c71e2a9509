//! Collations (`CREATE COLLATION … (provider = icu, locale = 'und-u-ks-level2',
//! deterministic = false)`): how text in a column, domain or index key compares and sorts.
//!
//! Compared by provider, locales, determinism and ICU rules, as the server stores them
//! (the scratch database canonicalizes a declared ICU locale exactly as the target does).
//! The provider's library version (`collversion`) is the server's business, never compared.
//!
//! Postgres cannot alter a collation's definition, and dropping one that a column or an
//! index uses fails: a changed definition is a drop and a create while nothing uses it,
//! and is refused naming the users otherwise (the fix is a collation under a new name that
//! the columns move to; the ordering creates it before and drops the old one after). A
//! comment is set in place.

use std::fmt::Write;

use super::Object;
use crate::change::Change;
use crate::model::Schema;
use crate::quote::{Literal, QualifiedName};

/// The library a collation comes from (`pg_collation.collprovider`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum CollationProvider {
    /// The operating system's C library (`lc_collate` / `lc_ctype`).
    Libc,
    Icu,
    /// Postgres' own (`C`, `C.UTF-8`; PostgreSQL 17 on).
    Builtin,
}

impl CollationProvider {
    fn word(self) -> &'static str {
        match self {
            CollationProvider::Libc => "libc",
            CollationProvider::Icu => "icu",
            CollationProvider::Builtin => "builtin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct Collation {
    pub name: QualifiedName,
    pub provider: CollationProvider,
    /// The ICU or builtin locale (`colllocale`; `colliculocale` on 15 and 16).
    pub locale: Option<String>,
    /// libc's `LC_COLLATE` and `LC_CTYPE` (on 13 and 14 also an ICU collation's locale).
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    /// `false` compares by the locale alone (`'a' = 'A'` under a case-insensitive one).
    pub deterministic: bool,
    /// ICU tailoring rules (PostgreSQL 16 on).
    pub rules: Option<String>,
    pub comment: Option<String>,
    /// What uses it in the database it was read from (columns, indexes, domains, …), as
    /// the server describes them: what a definition change would have to drop. Not compared.
    pub used_by: Vec<String>,
}

impl Collation {
    /// Whether the two create the same collation (everything but comment and users).
    fn same_definition(&self, other: &Collation) -> bool {
        fn definition(c: &Collation) -> impl PartialEq + '_ {
            let libc = c.provider == CollationProvider::Libc;
            (
                c.provider,
                c.effective_locale(),
                c.lc_collate.as_deref().filter(|_| libc),
                c.lc_ctype.as_deref().filter(|_| libc),
                c.deterministic,
                c.rules.as_deref(),
            )
        }
        definition(self) == definition(other)
    }

    /// The locale an ICU or builtin collation uses, wherever the server version keeps it.
    fn effective_locale(&self) -> Option<&str> {
        match self.provider {
            CollationProvider::Libc => None,
            CollationProvider::Icu | CollationProvider::Builtin => {
                self.locale.as_deref().or(self.lc_collate.as_deref())
            }
        }
    }

    pub(crate) fn create_sql(&self) -> Vec<String> {
        let mut sql = format!(
            "CREATE COLLATION {} (provider = {}",
            self.name,
            self.provider.word()
        );
        match self.provider {
            CollationProvider::Libc => {
                for (option, value) in [
                    ("lc_collate", &self.lc_collate),
                    ("lc_ctype", &self.lc_ctype),
                ] {
                    if let Some(value) = value {
                        write!(sql, ", {option} = {}", Literal(value)).unwrap();
                    }
                }
            }
            CollationProvider::Icu | CollationProvider::Builtin => {
                if let Some(locale) = self.effective_locale() {
                    write!(sql, ", locale = {}", Literal(locale)).unwrap();
                }
            }
        }
        if !self.deterministic {
            sql.push_str(", deterministic = false");
        }
        if let Some(rules) = &self.rules {
            write!(sql, ", rules = {}", Literal(rules)).unwrap();
        }
        sql.push(')');
        let mut statements = vec![sql];
        if self.comment.is_some() {
            statements.push(self.comment_sql());
        }
        statements
    }

    /// Same definition: only the comment changes.
    pub(crate) fn replace_sql(&self) -> Vec<String> {
        vec![self.comment_sql()]
    }

    pub(crate) fn drop_sql(&self) -> String {
        format!("DROP COLLATION {}", self.name)
    }

    fn comment_sql(&self) -> String {
        super::comment_statement(
            format_args!("COLLATION {}", self.name),
            self.comment.as_deref(),
        )
    }
}

/// Collations of `from` that `to` defines differently and that are in use: Postgres
/// can neither alter them nor drop them from under their users.
pub(crate) fn redefined_in_use<'a>(from: &'a Schema, to: &Schema) -> Option<&'a Collation> {
    from.collations
        .iter()
        .filter(|(_, old)| !old.used_by.is_empty())
        .find(|(name, old)| {
            to.collations
                .get(*name)
                .is_some_and(|new| !old.same_definition(new))
        })
        .map(|(_, collation)| collation)
}

pub(super) fn diff(from: &Schema, to: &Schema, changes: &mut Vec<Change>) {
    let boxed = |c: &Collation| Object::Collation(Box::new(c.clone()));
    for (name, old) in &from.collations {
        if !to.collations.contains_key(name) {
            changes.push(Change::DropObject(boxed(old)));
        }
    }
    for (name, new) in &to.collations {
        let Some(old) = from.collations.get(name) else {
            changes.push(Change::CreateObject(boxed(new)));
            continue;
        };
        if !old.same_definition(new) {
            changes.push(Change::DropObject(boxed(old)));
            changes.push(Change::CreateObject(boxed(new)));
        } else if old.comment != new.comment {
            changes.push(Change::ReplaceObject(boxed(new)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn icu(locale: &str) -> Collation {
        Collation {
            name: QualifiedName::new("public", "Case insensitive"),
            provider: CollationProvider::Icu,
            locale: Some(locale.into()),
            lc_collate: None,
            lc_ctype: None,
            deterministic: false,
            rules: None,
            comment: Some("it's".into()),
            used_by: Vec::new(),
        }
    }

    #[test]
    fn created_with_every_option_it_has_and_quoted() {
        assert_eq!(
            icu("und-u-ks-level2").create_sql(),
            [
                "CREATE COLLATION public.\"Case insensitive\" (provider = icu, \
                 locale = 'und-u-ks-level2', deterministic = false)",
                "COMMENT ON COLLATION public.\"Case insensitive\" IS 'it''s'",
            ]
        );
        let libc = Collation {
            provider: CollationProvider::Libc,
            locale: None,
            lc_collate: Some("C".into()),
            lc_ctype: Some("C".into()),
            deterministic: true,
            comment: None,
            ..icu("")
        };
        assert_eq!(
            libc.create_sql(),
            [
                "CREATE COLLATION public.\"Case insensitive\" (provider = libc, \
              lc_collate = 'C', lc_ctype = 'C')"
            ]
        );
    }

    #[test]
    fn an_icu_locale_kept_in_lc_collate_by_older_servers_is_the_same_definition() {
        let old = Collation {
            locale: None,
            lc_collate: Some("und-u-ks-level2".into()),
            lc_ctype: Some("und-u-ks-level2".into()),
            ..icu("")
        };
        assert!(old.same_definition(&icu("und-u-ks-level2")));
        assert!(!old.same_definition(&icu("de-u-ks-level2")));
    }
}
