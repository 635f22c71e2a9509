//! Migrations registered by `#[migration]` in this binary, checked and ordered.

use std::future::Future;
use std::pin::Pin;

use crate::context::MigrationContext;
use crate::error::{MigrationError, RunnerError};

/// The future a migration function returns.
pub type MigrationFuture<'a> =
    Pin<Box<dyn Future<Output = Result<(), MigrationError>> + Send + 'a>>;

/// What `#[migration]` registers. Not written by hand.
pub struct MigrationDecl {
    pub id: &'static str,
    pub function: &'static str,
    pub source: &'static str,
    pub checksum: &'static str,
    pub no_transaction: bool,
    pub description: Option<&'static str>,
    pub file: &'static str,
    pub line: u32,
    pub run: for<'a> fn(&'a mut MigrationContext) -> MigrationFuture<'a>,
}

inventory::collect!(MigrationDecl);

/// The registered migrations in run order: timestamp, then name. Duplicate ids are an
/// error naming both places.
pub fn registered() -> Result<Vec<&'static MigrationDecl>, RunnerError> {
    sorted(inventory::iter::<MigrationDecl>().collect())
}

/// Sort key: the timestamp padded to seconds, then the name.
fn order_key(id: &str) -> (String, &str) {
    let (stamp, name) = id.split_once('-').unwrap_or((id, ""));
    (format!("{stamp:0<14}"), name)
}

pub fn sorted(
    mut migrations: Vec<&'static MigrationDecl>,
) -> Result<Vec<&'static MigrationDecl>, RunnerError> {
    migrations.sort_by(|a, b| order_key(a.id).cmp(&order_key(b.id)));
    for pair in migrations.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(RunnerError::DuplicateId {
                id: pair[0].id.to_string(),
                first: format!("{}:{}", pair[0].file, pair[0].line),
                second: format!("{}:{}", pair[1].file, pair[1].line),
            });
        }
    }
    Ok(migrations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing(_: &mut MigrationContext) -> MigrationFuture<'_> {
        Box::pin(async { Ok(()) })
    }

    static FIRST: MigrationDecl = MigrationDecl {
        id: "20260101-same",
        function: "a",
        source: "",
        checksum: "1",
        no_transaction: false,
        description: None,
        file: "src/migrations/a.rs",
        line: 3,
        run: nothing,
    };
    static SECOND: MigrationDecl = MigrationDecl {
        id: "20260101-same",
        function: "b",
        source: "",
        checksum: "2",
        no_transaction: false,
        description: None,
        file: "src/migrations/b.rs",
        line: 7,
        run: nothing,
    };

    #[test]
    fn duplicate_ids_name_both_places() {
        let err = sorted(vec![&FIRST, &SECOND])
            .err()
            .expect("duplicates refused")
            .to_string();
        assert!(
            err.contains("src/migrations/a.rs:3") && err.contains("src/migrations/b.rs:7"),
            "{err}"
        );
    }

    #[test]
    fn date_only_ids_sort_with_precise_ones() {
        let mut ids = [
            "20260118153000-b",
            "20260118-z",
            "20260117235959-a",
            "20260118-a",
        ];
        ids.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
        assert_eq!(
            ids,
            [
                "20260117235959-a",
                "20260118-a",
                "20260118-z",
                "20260118153000-b"
            ]
        );
    }
}
