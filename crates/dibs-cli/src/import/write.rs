//! Writing imported migrations into the db crate: one module per migration, the SQL
//! inline (so dibs's checksum covers it: an edit after the import is refused like any
//! edit of an applied migration), never over a module that exists.

use std::path::{Path, PathBuf};

use super::{Foreign, Tool};
use crate::generate::{GenerateError, module_name, raw_string, write_module};

/// What writing did with one migration.
#[derive(Debug, PartialEq)]
pub enum Written {
    New(PathBuf),
    /// Its module exists (an earlier import); left as it is.
    Kept(PathBuf),
}

/// Writes every migration in `found` that has no module yet, in order.
pub fn write_all(
    crate_dir: &Path,
    tool: Tool,
    found: &[Foreign],
) -> Result<Vec<Written>, GenerateError> {
    let mut out = Vec::new();
    for foreign in found {
        let id = foreign.dibs_id();
        let module = module_name(&id);
        let path = crate_dir
            .join("src/migrations")
            .join(format!("{module}.rs"));
        if path.exists() {
            out.push(Written::Kept(path));
            continue;
        }
        out.push(Written::New(write_module(
            crate_dir,
            &module,
            &source(tool, foreign),
        )?));
    }
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
