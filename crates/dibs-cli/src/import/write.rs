//! Writing imported migrations into the db crate: one module per migration, the SQL
//! inline (so dibs's checksum covers it: an edit after the import is refused like any
//! edit of an applied migration), never over a module that exists.

use std::path::{Path, PathBuf};

use super::{Foreign, Tool};
use crate::generate::{GenerateError, module_name, raw_string, register};

/// What writing did with one migration.
#[derive(Debug, PartialEq)]
pub enum Written {
    New(PathBuf),
    /// Its module exists (an earlier import); left as it is.
    Kept(PathBuf),
}

/// Writes every migration in `found` that has no module yet. The files are written to a
/// staging directory first and moved into place only once all of them are, so a failure
/// (a full disk, a permission) leaves the crate as it was.
pub fn write_all(
    crate_dir: &Path,
    tool: Tool,
    found: &[Foreign],
) -> Result<Vec<Written>, GenerateError> {
    let dir = crate_dir.join("src/migrations");
    let staging = crate_dir.join(format!(".dibs-import-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| GenerateError::Write { path, source }
    };
    let mut out = Vec::new();
    let mut staged = Vec::new();
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(io(&staging))?;
        for foreign in found {
            let module = module_name(&foreign.dibs_id());
            let path = dir.join(format!("{module}.rs"));
            if path.exists() {
                out.push(Written::Kept(path));
                continue;
            }
            let file = staging.join(format!("{module}.rs"));
            std::fs::write(&file, source(tool, foreign)).map_err(io(&file))?;
            // rustfmt when it is there; the source is valid either way.
            let _ = std::process::Command::new("rustfmt")
                .args(["--edition", "2024"])
                .arg(&file)
                .status();
            staged.push((module, file, path));
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        for (_, file, path) in &staged {
            std::fs::rename(file, path).map_err(io(path))?;
        }
        let modules: Vec<String> = staged.iter().map(|(m, _, _)| m.clone()).collect();
        register(&dir, &modules)
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result?;
    out.extend(staged.into_iter().map(|(_, _, path)| Written::New(path)));
    Ok(out)
}

/// The module of one imported migration.
fn source(tool: Tool, foreign: &Foreign) -> String {
    let options = if foreign.no_transaction {
        ", no_transaction"
    } else {
        ""
    };
    let file = foreign
        .source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = match tool {
        // diesel's file is always up.sql: its directory names it.
        Tool::Diesel => foreign.source.parent().map_or(file.clone(), |dir| {
            format!(
                "{}/{file}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            )
        }),
        Tool::Sqlx | Tool::Refinery => file,
    };
    let body = if foreign.sql.trim().is_empty() {
        String::new()
    } else {
        format!("    ctx.execute({}).await?;\n", raw_string(&foreign.sql))
    };
    format!(
        "//! Imported from {tool} ({shown}, version {version}): the same SQL, run the way {tool} ran it.\n\n\
         use dibs::{{MigrationContext, Result, migration}};\n\n\
         #[migration(\"{id}\"{options})]\n\
         async fn up(ctx: &mut MigrationContext) -> Result<()> {{\n{body}    Ok(())\n}}\n",
        tool = tool.label(),
        version = foreign.version,
        id = foreign.dibs_id(),
    )
}
