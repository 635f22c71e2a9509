//! Writing a migration file from a plan: `ctx.execute` calls, a comment above each lossy
//! or destructive statement, a `ctx.commit()` where a change must be committed before the
//! next ones use it, rustfmt-clean, registered in the migrations module.

use std::path::{Path, PathBuf};

use dibs_schema::{Plan, Safety};

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("migration name {0:?} must contain letters or digits, e.g. \"add-user-bio\"")]
    BadName(String),
    #[error("cannot find the crate {0} under the project root (a Cargo.toml with name = \"{0}\")")]
    NoCrate(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// `Add User Bio` → `add-user-bio`.
pub fn normalize_name(name: &str) -> Result<String, GenerateError> {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        return Err(GenerateError::BadName(name.to_string()));
    }
    Ok(out)
}

/// `time` in UTC as `YYYYMMDDHHMMSS` (ids are precise to the second); a time jiff cannot
/// represent (beyond year 9999) gives 1970-01-01.
pub fn timestamp(time: std::time::SystemTime) -> String {
    let at = jiff::Timestamp::try_from(time).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    at.strftime("%Y%m%d%H%M%S").to_string()
}

/// A Rust string literal holding `sql`: raw, with enough `#`s.
pub fn raw_string(sql: &str) -> String {
    let mut hashes = String::from("#");
    while sql.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{sql}\"{hashes}")
}

/// The source of a migration carrying out `plan`.
pub fn source(id: &str, function: &str, plan: &Plan) -> String {
    let mut body = String::new();
    for (index, change) in plan.changes.iter().enumerate() {
        let note = match change.hazards.safety {
            Safety::Safe => None,
            Safety::Lossy => Some("lossy: may fail or lose data on existing rows"),
            Safety::Destructive => Some("destructive: deletes data"),
        };
        for statement in &change.sql {
            if let Some(note) = note {
                body.push_str(&format!("    // {note}\n"));
            }
            body.push_str(&format!(
                "    ctx.execute({}).await?;\n",
                raw_string(statement)
            ));
        }
        if plan.commit_after(index) {
            body.push_str(
                "    // Postgres lets the statements after this use a new enum value only once it is committed.\n    ctx.commit().await?;\n",
            );
        }
    }
    format!(
        "use dibs::{{MigrationContext, Result, migration}};\n\n\
         #[migration(\"{id}\")]\n\
         async fn {function}(ctx: &mut MigrationContext) -> Result<()> {{\n{body}    Ok(())\n}}\n"
    )
}

/// Writes the migration into `<crate>/src/migrations/` and registers it in `mod.rs`.
/// Returns the file written.
pub fn write(
    crate_dir: &Path,
    id: &str,
    name: &str,
    plan: &Plan,
) -> Result<PathBuf, GenerateError> {
    let module = module_name(id);
    write_module(
        crate_dir,
        &module,
        &source(id, &name.replace('-', "_"), plan),
    )
}

/// `20260118153000-add-user-bio` → `m20260118153000_add_user_bio`.
pub fn module_name(id: &str) -> String {
    let (stamp, name) = id.split_once('-').unwrap_or((id, ""));
    format!("m{stamp}_{}", name.replace('-', "_"))
}

/// Writes `source` as `<crate>/src/migrations/<module>.rs`, rustfmt-formatted, and adds
/// `mod <module>;` to `mod.rs` unless it is there.
pub fn write_module(
    crate_dir: &Path,
    module: &str,
    source: &str,
) -> Result<PathBuf, GenerateError> {
    let dir = crate_dir.join("src/migrations");
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GenerateError::Write { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let file = dir.join(format!("{module}.rs"));
    std::fs::write(&file, source).map_err(io(&file))?;
    // rustfmt when it is there; the source is valid either way.
    let _ = std::process::Command::new("rustfmt")
        .args(["--edition", "2024"])
        .arg(&file)
        .status();
    register(&dir, &[module.to_string()])?;
    Ok(file)
}

/// Adds `mod <module>;` to `<dir>/mod.rs` for each module not listed there yet.
pub fn register(dir: &Path, modules: &[String]) -> Result<(), GenerateError> {
    let registry = dir.join("mod.rs");
    let mut text = std::fs::read_to_string(&registry)
        .unwrap_or_else(|_| "//! Migrations, in the order of their ids.\n\n".into());
    let before = text.clone();
    for module in modules {
        let line = format!("mod {module};");
        if !text.lines().any(|l| l.trim() == line) {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("{line}\n"));
        }
    }
    if text != before {
        std::fs::write(&registry, text).map_err(|source| GenerateError::Write {
            path: registry.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_timestamps() {
        assert_eq!(normalize_name("Add User Bio!").unwrap(), "add-user-bio");
        assert!(normalize_name("--").is_err());
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_768_750_200);
        assert_eq!(timestamp(t), "20260118153000");
        assert_eq!(raw_string("a \"# b"), "r##\"a \"# b\"##");
    }
}
