//! refinery: `V<n>__<name>.sql` (and `U<n>__<name>.sql`, unversioned); a line
//! `-- refinery:noTransaction` runs it outside a transaction (in the refinery versions
//! that know the annotation). `refinery_schema_history`
//! keeps a SipHash-1-3 (zero keys) of the name, the version as `i32` and the SQL, in that
//! order, as decimal text.

use std::hash::{Hash, Hasher};
use std::path::Path;

use siphasher::sip::SipHasher13;

use super::{Foreign, ImportError, entries, file_name, id_name, read_text};

pub fn read(dir: &Path) -> Result<Vec<Foreign>, ImportError> {
    let mut out = Vec::new();
    for path in entries(dir)? {
        let file = file_name(&path);
        let Some(stem) = file.strip_suffix(".sql") else {
            continue;
        };
        let Some(rest) = stem.strip_prefix('V').or_else(|| stem.strip_prefix('U')) else {
            continue;
        };
        let bad = |reason: &str| ImportError::BadFile {
            path: path.display().to_string(),
            reason: reason.to_string(),
        };
        let (version, name) = rest
            .split_once("__")
            .ok_or_else(|| bad("expected V<version>__<name>.sql"))?;
        let version: i32 = version
            .parse()
            .map_err(|_| bad("the version after V must be a whole number"))?;
        let sql = read_text(&path)?;
        out.push(Foreign {
            version: version.to_string(),
            order: i64::from(version),
            name: id_name(name),
            no_transaction: sql.lines().any(is_no_transaction),
            checksum: Some(checksum(name, version, &sql).to_string()),
            sql,
            source: path,
        });
    }
    Ok(out)
}

/// refinery's annotation line: two or more dashes, at most one space, the annotation,
/// nothing after it (newer refinery versions; refinery_cli 0.10 ignores it).
fn is_no_transaction(line: &str) -> bool {
    let rest = line.trim_start_matches('-');
    line.len() - rest.len() >= 2
        && rest.strip_prefix(' ').unwrap_or(rest) == "refinery:noTransaction"
}

/// What refinery records as the migration's checksum.
fn checksum(name: &str, version: i32, sql: &str) -> u64 {
    let mut hasher = SipHasher13::new();
    name.hash(&mut hasher);
    version.hash(&mut hasher);
    sql.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn versioned_files_are_read_in_order_with_their_options() {
        let dir = std::env::temp_dir().join(format!("dibs-refinery-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("V10__later.sql"), "SELECT 10;").unwrap();
        std::fs::write(
            dir.join("V2__index.sql"),
            "-- refinery:noTransaction\nCREATE INDEX CONCURRENTLY i ON t (a);",
        )
        .unwrap();
        std::fs::write(dir.join("README.md"), "not a migration").unwrap();
        let found = crate::import::Tool::Refinery.read(&dir).unwrap();
        let ids: Vec<String> = found.iter().map(|f| f.dibs_id()).collect();
        assert_eq!(ids, ["19700101000002-index", "19700101000010-later"]);
        assert!(found[0].no_transaction && !found[1].no_transaction);
        assert!(super::is_no_transaction("---refinery:noTransaction"));
        assert!(!super::is_no_transaction("-- refinery:noTransaction later"));
        // The checksum covers name, version and SQL: any of them changes it.
        let base = super::checksum("later", 10, "SELECT 10;");
        assert_eq!(found[1].checksum, Some(base.to_string()));
        assert_ne!(base, super::checksum("later", 11, "SELECT 10;"));
        assert_ne!(base, super::checksum("later", 10, "SELECT 11;"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
