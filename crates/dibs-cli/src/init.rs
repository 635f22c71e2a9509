//! `dibs init`: the db crate, dibs.toml and the workspace entry that "Adding dibs to an
//! app" in the README describes, written in one step. Everything is checked first and
//! written to a staging directory, then moved into place: a refusal or a failure leaves
//! the project as it was.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "no Cargo.toml in {0}; run `dibs init` in your app's Cargo project (its workspace root)"
    )]
    NoCargoProject(String),
    #[error("{0} exists already: this project has dibs; edit it instead")]
    HasDibs(String),
    #[error("{0} exists already; choose another crate name with --name")]
    CrateExists(String),
    #[error(
        "crate name {0:?} must be lowercase letters, digits, `-` or `_`, starting with a letter"
    )]
    BadName(String),
    #[error(
        "{file} has a [workspace] without a one-line `members = [...]` list; add \"{name}\" to \
         its members by hand, or write the list on one line"
    )]
    Members { file: String, name: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What to scaffold.
pub struct Init<'a> {
    pub root: &'a Path,
    pub name: Option<String>,
    /// A dibs checkout to depend on by path; `None` depends on the published crates.
    pub dibs_path: Option<PathBuf>,
}

/// Writes the db crate and dibs.toml, and adds the crate to the workspace. Returns the
/// files written.
pub fn run(init: &Init<'_>) -> Result<Vec<PathBuf>, InitError> {
    let root = init.root;
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|_| InitError::NoCargoProject(root.display().to_string()))?;
    if root.join("dibs.toml").exists() {
        return Err(InitError::HasDibs(
            root.join("dibs.toml").display().to_string(),
        ));
    }
    let name = match &init.name {
        Some(name) => name.clone(),
        None => format!("{}-db", default_stem(&text, root)),
    };
    if !valid_name(&name) {
        return Err(InitError::BadName(name));
    }
    if root.join(&name).exists() {
        return Err(InitError::CrateExists(
            root.join(&name).display().to_string(),
        ));
    }
    let workspace = with_member(&text, &name).ok_or_else(|| InitError::Members {
        file: manifest.display().to_string(),
        name: name.clone(),
    })?;
    let files = [
        (
            format!("{name}/Cargo.toml"),
            crate_manifest(&name, init.dibs_path.as_deref()),
        ),
        (format!("{name}/src/lib.rs"), LIB.to_string()),
        (format!("{name}/src/main.rs"), main_rs(&name)),
        (
            format!("{name}/src/migrations/mod.rs"),
            MIGRATIONS.to_string(),
        ),
        (
            "dibs.toml".to_string(),
            format!("[db]\ncrate = \"{name}\"\n"),
        ),
        ("Cargo.toml".to_string(), workspace),
    ];
    stage_and_move(root, &files)
}

fn stage_and_move(root: &Path, files: &[(String, String)]) -> Result<Vec<PathBuf>, InitError> {
    let staging = root.join(format!(".dibs-init-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| InitError::Write { path, source }
    };
    let result = (|| {
        for (relative, content) in files {
            let path = staging.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, content).map_err(io(&path))?;
        }
        let mut written = Vec::new();
        for (relative, _) in files {
            let (from, to) = (staging.join(relative), root.join(relative));
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::rename(&from, &to).map_err(io(&to))?;
            written.push(to);
        }
        Ok(written)
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// The package's name, else the directory's.
fn default_stem(manifest: &str, root: &Path) -> String {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package
            && let Some((key, value)) = line.split_once('=')
            && key.trim() == "name"
        {
            return value.trim().trim_matches('"').to_string();
        }
    }
    let dir = root.file_name().map(|n| n.to_string_lossy().to_lowercase());
    dir.filter(|d| valid_name(d))
        .unwrap_or_else(|| "app".to_string())
}

fn valid_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The root manifest with `name` among the workspace members: added to a one-line
/// `members = [...]`, or a `[workspace]` appended to a single-package manifest (the app
/// itself stays a member as `"."`). `None` when the list spans lines.
fn with_member(manifest: &str, name: &str) -> Option<String> {
    let has_workspace = manifest.lines().any(|l| l.trim() == "[workspace]");
    let has_package = manifest.lines().any(|l| l.trim() == "[package]");
    if !has_workspace {
        let mut out = manifest.trim_end().to_string();
        let members = if has_package {
            format!("\".\", \"{name}\"")
        } else {
            format!("\"{name}\"")
        };
        out.push_str(&format!("\n\n[workspace]\nmembers = [{members}]\n"));
        return Some(out);
    }
    let mut out = String::new();
    let mut done = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if !done && trimmed.starts_with("members") && trimmed.contains('=') {
            let (head, list) = line.split_once('[')?;
            let inner = list.trim_end().strip_suffix(']')?;
            let inner = inner.trim().trim_end_matches(',');
            let joined = match inner.is_empty() {
                true => format!("\"{name}\""),
                false => format!("{inner}, \"{name}\""),
            };
            out.push_str(&format!("{head}[{joined}]\n"));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !done {
        // `[workspace]` without members: the root package alone; list it and the db crate.
        let at = out.find("[workspace]\n")? + "[workspace]\n".len();
        let members = match has_package {
            true => format!("members = [\".\", \"{name}\"]\n"),
            false => format!("members = [\"{name}\"]\n"),
        };
        out.insert_str(at, &members);
    }
    Some(out)
}

fn crate_manifest(name: &str, dibs_path: Option<&Path>) -> String {
    let dependency = |krate: &str, extra: &str| match dibs_path {
        Some(path) => format!(
            "{krate} = {{ path = \"{}\"{extra} }}",
            path.join("crates").join(krate).display()
        ),
        None if extra.is_empty() => format!("{krate} = \"{}\"", env!("CARGO_PKG_VERSION")),
        None => format!(
            "{krate} = {{ version = \"{}\"{extra} }}",
            env!("CARGO_PKG_VERSION")
        ),
    };
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\n\
         # The binary side: migrations, the runner and its command line. The app depends on\n\
         # this crate with `default-features = false` and gets only the table types.\n\
         default = [\"migrations\"]\n\
         migrations = [\"dibs/migrations\", \"dep:dibs-service\"]\n\n\
         [dependencies]\n{}\n{}\nfacet = \"0.46\"\n\n\
         [[bin]]\nname = \"{name}\"\nrequired-features = [\"migrations\"]\n",
        dependency("dibs", ""),
        dependency("dibs-service", ", optional = true"),
    )
}

const LIB: &str = r#"//! The app's database schema: table structs (`#[facet(derive(dibs::Table))]`) and, with
//! the `migrations` feature, the migrations the binary runs. Declare tables here, then
//! `dibs diff` shows what the database lacks and `dibs generate NAME` writes a migration.
//!
//! ```ignore
//! use facet::Facet;
//!
//! #[derive(Facet)]
//! #[facet(derive(dibs::Table), dibs::table = "users")]
//! pub struct User {
//!     #[facet(dibs::pk, dibs::identity)]
//!     pub id: i64,
//!     pub email: String,
//! }
//! ```

#[cfg(feature = "migrations")]
pub mod migrations;

/// Runs the binary's command line (`migrate`, `status`, `diff`, `repair`, `baseline`).
/// Calling it from `main` also links this library, so every table and migration registers.
#[cfg(feature = "migrations")]
pub fn run_service() -> std::process::ExitCode {
    dibs_service::main(dibs_service::Settings::default())
}
"#;

const MIGRATIONS: &str =
    "//! Migrations, in the order of their ids (`dibs generate` adds them here).\n";

fn main_rs(name: &str) -> String {
    format!(
        "//! The migration binary: `{name} migrate --database-url ...` in CI or a deploy step.\n\n\
         fn main() -> std::process::ExitCode {{\n    {}::run_service()\n}}\n",
        name.replace('-', "_")
    )
}

#[cfg(test)]
mod tests {
    use super::with_member;

    #[test]
    fn members_are_extended_or_a_workspace_is_added() {
        let ws = "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n";
        assert_eq!(
            with_member(ws, "app-db").unwrap(),
            "[workspace]\nmembers = [\"app\", \"app-db\"]\nresolver = \"2\"\n"
        );
        let single = "[package]\nname = \"app\"\n";
        assert!(
            with_member(single, "app-db")
                .unwrap()
                .ends_with("[workspace]\nmembers = [\".\", \"app-db\"]\n")
        );
        let spread = "[workspace]\nmembers = [\n  \"a\",\n]\n";
        assert!(with_member(spread, "app-db").is_none());
        let bare = "[package]\nname = \"app\"\n\n[workspace]\n";
        assert!(
            with_member(bare, "x-db")
                .unwrap()
                .contains("[workspace]\nmembers = [\".\", \"x-db\"]\n")
        );
    }
}
