//! diesel: a directory per migration, `<version>_<name>/up.sql` (and `down.sql`), with
//! `metadata.toml` saying `run_in_transaction = false` for one that must run outside a
//! transaction. The version is the name up to the first `_` (`2024-01-01-120000` or
//! `20240101120000`); `__diesel_schema_migrations` stores it without dashes and keeps no
//! checksum.

use std::path::Path;

use super::{Foreign, ImportError, entries, file_name, id_name, read_text};

pub fn read(dir: &Path) -> Result<Vec<Foreign>, ImportError> {
    let mut out = Vec::new();
    for path in entries(dir)? {
        let up = path.join("up.sql");
        if !up.is_file() {
            continue;
        }
        let dir_name = file_name(&path);
        let bad = |reason: &str| ImportError::BadFile {
            path: path.display().to_string(),
            reason: reason.to_string(),
        };
        let (version, name) = dir_name
            .split_once('_')
            .ok_or_else(|| bad("expected a directory named <version>_<name>"))?;
        let version = version.replace('-', "");
        let order: i64 = version
            .parse()
            .map_err(|_| bad("the version before `_` must be digits and dashes"))?;
        let metadata = path.join("metadata.toml");
        let no_transaction = metadata.is_file() && !runs_in_transaction(&read_text(&metadata)?);
        out.push(Foreign {
            version,
            order,
            name: id_name(name),
            sql: read_text(&up)?,
            no_transaction,
            checksum: None,
            source: up,
        });
    }
    Ok(out)
}

/// `run_in_transaction = false` in metadata.toml (its only key diesel reads).
fn runs_in_transaction(metadata: &str) -> bool {
    !metadata.lines().any(|line| {
        let line = line.split('#').next().unwrap_or("");
        match line.split_once('=') {
            Some((key, value)) => key.trim() == "run_in_transaction" && value.trim() == "false",
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_false_means_outside_a_transaction() {
        assert!(!super::runs_in_transaction("run_in_transaction = false\n"));
        assert!(super::runs_in_transaction("run_in_transaction = true"));
        assert!(super::runs_in_transaction("# run_in_transaction = false"));
    }

    #[test]
    fn directories_give_dashless_versions_and_keep_the_initial_setup_first() {
        let dir = std::env::temp_dir().join(format!("dibs-diesel-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, metadata) in [
            ("00000000000000_diesel_initial_setup", None),
            (
                "2024-01-02-120000_index_email",
                Some("run_in_transaction = false"),
            ),
        ] {
            std::fs::create_dir_all(dir.join(name)).unwrap();
            std::fs::write(dir.join(name).join("up.sql"), "SELECT 1;").unwrap();
            if let Some(text) = metadata {
                std::fs::write(dir.join(name).join("metadata.toml"), text).unwrap();
            }
        }
        let found = crate::import::Tool::Diesel.read(&dir).unwrap();
        let versions: Vec<&str> = found.iter().map(|f| f.version.as_str()).collect();
        assert_eq!(versions, ["00000000000000", "20240102120000"]);
        assert_eq!(found[0].dibs_id(), "19700101000000-diesel-initial-setup");
        assert_eq!(found[1].dibs_id(), "20240102120000-index-email");
        assert!(!found[0].no_transaction && found[1].no_transaction);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
