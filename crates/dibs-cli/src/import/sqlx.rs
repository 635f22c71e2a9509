//! sqlx-cli: `migrations/<version>_<description>.sql`, or `.up.sql` / `.down.sql` for
//! reversible ones; a first line `-- no-transaction` runs it outside a transaction. The
//! history (`_sqlx_migrations`) keeps the SHA-384 of each file's bytes.

use std::path::Path;

use sha2::{Digest, Sha384};

use super::{Foreign, ImportError, entries, file_name, id_name, read_text};

pub fn read(dir: &Path) -> Result<Vec<Foreign>, ImportError> {
    let mut out = Vec::new();
    for path in entries(dir)? {
        let name = file_name(&path);
        // Down migrations have no dibs counterpart: dibs rolls forward.
        if name.ends_with(".down.sql") || !name.ends_with(".sql") {
            continue;
        }
        let stem = name
            .trim_end_matches(".sql")
            .trim_end_matches(".up")
            .to_string();
        let bad = |reason: &str| ImportError::BadFile {
            path: path.display().to_string(),
            reason: reason.to_string(),
        };
        let (version, description) = stem
            .split_once('_')
            .ok_or_else(|| bad("expected <version>_<description>.sql"))?;
        let order: i64 = version
            .parse()
            .map_err(|_| bad("the version before `_` must be a number"))?;
        let sql = read_text(&path)?;
        out.push(Foreign {
            version: order.to_string(),
            order,
            name: id_name(description),
            no_transaction: sql.starts_with("-- no-transaction"),
            checksum: Some(checksum(&sql)),
            sql,
            source: path,
        });
    }
    Ok(out)
}

/// What `_sqlx_migrations.checksum` holds, hex-encoded.
fn checksum(sql: &str) -> String {
    Sha384::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn checksum_is_sha384_hex() {
        // echo -n "SELECT 1;" | sha384sum
        assert_eq!(
            super::checksum("SELECT 1;"),
            "26e71cc37450b183fb5bb72ec4f644ed27de1b55fad3d4d6cfb0ca0d71f42ca990911d74649814105a190325e15d2092"
        );
    }
}
