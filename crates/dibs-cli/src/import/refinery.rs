//! refinery: `V<n>__<name>.sql` (and `U<n>__<name>.sql`, unversioned); a line
//! `-- refinery:noTransaction` runs it outside a transaction. `refinery_schema_history`
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
            no_transaction: sql.lines().any(|l| l.trim() == "-- refinery:noTransaction"),
            checksum: Some(checksum(name, version, &sql).to_string()),
            sql,
            source: path,
        });
    }
    Ok(out)
}

/// What refinery records as the migration's checksum.
fn checksum(name: &str, version: i32, sql: &str) -> u64 {
    let mut hasher = SipHasher13::new();
    name.hash(&mut hasher);
    version.hash(&mut hasher);
    sql.hash(&mut hasher);
    hasher.finish()
}
