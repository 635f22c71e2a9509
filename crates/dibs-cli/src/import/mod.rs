//! Importing another tool's migrations: sqlx-cli, refinery and diesel. Each of their
//! migration files becomes a dibs migration running the same SQL (with `no_transaction`
//! where theirs says so), under an id that keeps their order; the rows their history table
//! holds are then recorded in dibs's history by `baseline`, which proves the database has
//! what those migrations build. Files that differ from what was applied are refused.

mod diesel;
mod refinery;
mod sqlx;
mod write;

use std::path::{Path, PathBuf};

pub use write::{Written, write_all};

/// The tools whose histories can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    Sqlx,
    Refinery,
    Diesel,
}

impl Tool {
    pub fn label(self) -> &'static str {
        match self {
            Tool::Sqlx => "sqlx",
            Tool::Refinery => "refinery",
            Tool::Diesel => "diesel",
        }
    }

    /// The migrations in `dir`, in their tool's order.
    pub fn read(self, dir: &Path) -> Result<Vec<Foreign>, ImportError> {
        let mut found = match self {
            Tool::Sqlx => sqlx::read(dir)?,
            Tool::Refinery => refinery::read(dir)?,
            Tool::Diesel => diesel::read(dir)?,
        };
        found.sort_by_key(|f| f.order);
        for pair in found.windows(2) {
            if pair[0].order == pair[1].order {
                return Err(ImportError::DuplicateVersion {
                    first: pair[0].source.display().to_string(),
                    second: pair[1].source.display().to_string(),
                });
            }
        }
        Ok(found)
    }

    /// The tool's history table.
    pub fn history_table(self) -> &'static str {
        self.history().0
    }

    /// The query reading the tool's history table, and the table's name for messages.
    /// Each row: the version as the tool stores it, its checksum as text (NULL when the
    /// tool keeps none), and whether it succeeded.
    fn history(self) -> (&'static str, &'static str) {
        match self {
            Tool::Sqlx => (
                "_sqlx_migrations",
                "SELECT version::text, encode(checksum, 'hex'), success::text FROM _sqlx_migrations",
            ),
            Tool::Refinery => (
                "refinery_schema_history",
                "SELECT version::text, checksum::text, 'true' FROM refinery_schema_history",
            ),
            Tool::Diesel => (
                "__diesel_schema_migrations",
                "SELECT version::text, NULL::text, 'true' FROM __diesel_schema_migrations",
            ),
        }
    }
}

/// One of the other tool's migrations.
#[derive(Debug, Clone, PartialEq)]
pub struct Foreign {
    /// The version as the tool records it in its history table.
    pub version: String,
    /// Where it sorts among the others (the tool's own order).
    pub order: i64,
    /// Its name, as the dibs id's name part (`create-users`).
    pub name: String,
    pub sql: String,
    pub no_transaction: bool,
    /// What the tool's history stores for this file, computed from it.
    pub checksum: Option<String>,
    pub source: PathBuf,
}

impl Foreign {
    /// The dibs id: the version itself when it is a `YYYYMMDDHHMMSS` timestamp (what
    /// sqlx-cli and diesel write), else that many seconds after 1970-01-01 (sequential
    /// versions such as refinery's `V1`, `V2`), so every import sorts before migrations
    /// written later and in the tool's order.
    pub fn dibs_id(&self) -> String {
        format!("{}-{}", stamp(self.order), self.name)
    }
}

fn stamp(order: i64) -> String {
    let text = format!("{order:014}");
    if text.len() == 14 && is_timestamp(&text) {
        return text;
    }
    let seconds = u64::try_from(order).unwrap_or(0);
    crate::generate::timestamp(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
}

fn is_timestamp(text: &str) -> bool {
    let field = |a: usize, b: usize| text[a..b].parse::<u32>().unwrap_or(99);
    text.bytes().all(|b| b.is_ascii_digit())
        && field(0, 4) >= 1971
        && (1..=12).contains(&field(4, 6))
        && (1..=31).contains(&field(6, 8))
        && field(8, 10) <= 23
        && field(10, 12) <= 59
        && field(12, 14) <= 59
}

/// The name part of a dibs id from a tool's description (`create_users`, `Create users`).
fn id_name(description: &str) -> String {
    crate::generate::normalize_name(description).unwrap_or_else(|_| "imported".to_string())
}

/// A row of the tool's history table.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedRow {
    pub version: String,
    pub checksum: Option<String>,
    pub success: bool,
}

/// Reads the tool's history table; `Ok(None)` when the database has none.
pub async fn applied(
    client: &tokio_postgres::Client,
    tool: Tool,
) -> Result<Option<Vec<AppliedRow>>, ImportError> {
    let (table, sql) = tool.history();
    let exists = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&table])
        .await
        .map_err(|e| ImportError::History(table, e.to_string()))?;
    if !exists.get::<_, bool>(0) {
        return Ok(None);
    }
    let rows = client
        .simple_query(sql)
        .await
        .map_err(|e| ImportError::History(table, e.to_string()))?;
    Ok(Some(
        rows.iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => Some(AppliedRow {
                    version: r.get(0)?.to_string(),
                    checksum: r.get(1).map(str::to_string),
                    success: r.get(2) == Some("true"),
                }),
                _ => None,
            })
            .collect(),
    ))
}

/// The files whose migrations the history records as applied, after checking each row:
/// its file exists, it succeeded, and the file is what was applied.
pub fn match_history<'a>(
    tool: Tool,
    files: &'a [Foreign],
    rows: &[AppliedRow],
) -> Result<Vec<&'a Foreign>, ImportError> {
    let mut applied = Vec::new();
    for row in rows {
        let file = files
            .iter()
            .find(|f| f.version == row.version)
            .ok_or_else(|| ImportError::NoFile {
                tool: tool.label(),
                version: row.version.clone(),
            })?;
        if !row.success {
            return Err(ImportError::Failed {
                source_file: file.source.display().to_string(),
            });
        }
        if let (Some(recorded), Some(computed)) = (&row.checksum, &file.checksum)
            && recorded != computed
        {
            return Err(ImportError::Edited {
                source_file: file.source.display().to_string(),
                recorded: recorded.clone(),
                computed: computed.clone(),
            });
        }
        applied.push(file);
    }
    applied.sort_by_key(|f| f.order);
    Ok(applied)
}

/// Why an import stops, before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {reason}; pass the tool's migrations directory with --dir")]
    Read { path: String, reason: String },
    #[error("{path}: {reason}")]
    BadFile { path: String, reason: String },
    #[error("no migrations found in {0}; pass the tool's migrations directory with --dir")]
    Empty(String),
    #[error("{first} and {second} have the same version")]
    DuplicateVersion { first: String, second: String },
    #[error("reading {0}: {1}")]
    History(&'static str, String),
    #[error(
        "{table} is not in the database, so nothing says which migrations ran; point \
         --database-url at the database the tool migrated, or pass --no-record to only write \
         the files"
    )]
    NoHistory { table: &'static str },
    #[error(
        "{tool} recorded version {version} as applied, but no file in --dir has it; restore \
         the file (or pass the directory that has it)"
    )]
    NoFile { tool: &'static str, version: String },
    #[error(
        "{source_file} failed when it was applied (its history row says success = false); fix \
         the database and rerun the tool before importing"
    )]
    Failed { source_file: String },
    #[error(
        "{source_file} was edited after it was applied (recorded checksum {recorded}, the file \
         now gives {computed}); restore the applied version of the file before importing"
    )]
    Edited {
        source_file: String,
        recorded: String,
        computed: String,
    },
}

/// Reads a file as UTF-8 text.
fn read_text(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|e| ImportError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// The entries of a directory, sorted by name.
fn entries(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let read = std::fs::read_dir(dir).map_err(|e| ImportError::Read {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut out: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    out.sort();
    if out.is_empty() {
        return Err(ImportError::Empty(dir.display().to_string()));
    }
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_timestamps_and_place_sequences_in_1970() {
        assert_eq!(stamp(20240101120000), "20240101120000");
        assert_eq!(stamp(1), "19700101000001");
        assert_eq!(stamp(0), "19700101000000");
        assert_eq!(stamp(86_401), "19700102000001");
        assert!(stamp(2) > stamp(1) && stamp(20240101120000) > stamp(99_999));
        assert_eq!(id_name("create users table"), "create-users-table");
        assert_eq!(id_name("___"), "imported");
    }
}
