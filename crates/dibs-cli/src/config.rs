//! `dibs.toml`: which crate is the db crate, optionally a prebuilt binary and a database
//! URL. A small, strict reader: unknown keys and malformed lines are errors naming the
//! file and line, so a typo never silently changes which database is used.

use std::path::{Path, PathBuf};

/// The `[db]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Directory holding `dibs.toml`: the project root.
    pub root: PathBuf,
    pub crate_name: String,
    pub binary: Option<PathBuf>,
    pub database_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "no dibs.toml in {start} or any parent directory; create one with:\n  [db]\n  crate = \"my-app-db\""
    )]
    NotFound { start: String },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Missing { file: String, message: String },
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// Finds `dibs.toml` in `start` or a parent and reads it.
pub fn find(start: &Path) -> Result<Config, ConfigError> {
    let root = start
        .ancestors()
        .find(|dir| dir.join("dibs.toml").is_file())
        .ok_or_else(|| ConfigError::NotFound {
            start: start.display().to_string(),
        })?;
    let file = root.join("dibs.toml");
    let text = std::fs::read_to_string(&file).map_err(|source| ConfigError::Read {
        file: file.display().to_string(),
        source,
    })?;
    parse(&text, &file.display().to_string(), root)
}

/// A TOML basic string (`"..."`), with the escapes a path or URL needs.
fn string_value(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                _ => return None,
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

pub fn parse(text: &str, file: &str, root: &Path) -> Result<Config, ConfigError> {
    let mut config = Config {
        root: root.to_path_buf(),
        ..Config::default()
    };
    let mut section = String::new();
    let invalid = |line: usize, message: String| ConfigError::Invalid {
        file: file.to_string(),
        line,
        message,
    };
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.split_once(" #").map(|(c, _)| c).unwrap_or(raw).trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(name) = content.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = name.trim().to_string();
            if section != "db" {
                return Err(invalid(
                    line,
                    format!("unknown section [{section}]; dibs.toml has only [db]"),
                ));
            }
            continue;
        }
        let Some((key, value)) = content.split_once('=') else {
            return Err(invalid(
                line,
                format!("expected `key = \"value\"`, found `{content}`"),
            ));
        };
        if section != "db" {
            return Err(invalid(line, "keys belong in the [db] section".into()));
        }
        let key = key.trim();
        let value = string_value(value.trim())
            .ok_or_else(|| invalid(line, format!("the value of {key} must be a quoted string")))?;
        match key {
            "crate" => config.crate_name = value,
            "binary" => config.binary = Some(root.join(value)),
            "database_url" => config.database_url = Some(value),
            other => {
                return Err(invalid(
                    line,
                    format!(
                        "unknown key `{other}` in [db]; known keys: crate, binary, database_url"
                    ),
                ));
            }
        }
    }
    if config.crate_name.is_empty() {
        return Err(ConfigError::Missing {
            file: file.to_string(),
            message: "[db] needs `crate = \"<your db crate>\"`".into(),
        });
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_db_section() {
        let c = parse(
            "# project\n[db]\ncrate = \"my-app-db\"  # the db crate\nbinary = \"target/debug/my-app-db\"\n",
            "dibs.toml",
            Path::new("/p"),
        )
        .unwrap();
        assert_eq!(c.crate_name, "my-app-db");
        assert_eq!(c.binary, Some(PathBuf::from("/p/target/debug/my-app-db")));
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse(
            "[db]\ncrate = \"x\"\ncrat = \"y\"\n",
            "dibs.toml",
            Path::new("/p"),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "dibs.toml:3: unknown key `crat` in [db]; known keys: crate, binary, database_url"
        );
        let err = parse("[db]\ncrate = x\n", "dibs.toml", Path::new("/p")).unwrap_err();
        assert!(err.to_string().starts_with("dibs.toml:2:"), "{err}");
        let err = parse("[database]\n", "dibs.toml", Path::new("/p")).unwrap_err();
        assert!(
            err.to_string().starts_with("dibs.toml:1: unknown section"),
            "{err}"
        );
        assert!(parse("[db]\n", "dibs.toml", Path::new("/p")).is_err());
    }
}
