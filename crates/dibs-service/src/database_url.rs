//! Where the database URL comes from: the flag, else DATABASE_URL from the environment,
//! else from `.env`. Never a default: production must not fall back to a local database.

use std::path::Path;

use crate::error::ServiceError;

pub fn resolve(flag: Option<&str>) -> Result<String, ServiceError> {
    if let Some(url) = flag {
        return Ok(url.to_string());
    }
    if let Ok(url) = std::env::var("DATABASE_URL")
        && !url.is_empty()
    {
        return Ok(url);
    }
    if let Some(url) = from_dotenv(Path::new(".env")) {
        return Ok(url);
    }
    Err(ServiceError::NoDatabaseUrl)
}

/// `DATABASE_URL=...` from a dotenv file (quotes optional, `export` allowed). The dibs CLI
/// reads `.env` with this too, so both find the same URL.
pub fn from_dotenv(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|line| {
        let line = line.trim();
        let line = line.strip_prefix("export ").unwrap_or(line);
        // `DATABASE_URL = "…"` (spaces around `=`) is accepted too: ignoring it silently
        // sent commands to another database.
        let value = line.strip_prefix("DATABASE_URL")?.trim_start();
        let value = value.strip_prefix('=')?.trim();
        let value = value.trim_matches('"').trim_matches('\'');
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::from_dotenv;

    #[test]
    fn reads_dotenv_forms() {
        let dir = std::env::temp_dir().join(format!("dibs-dotenv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(".env");
        std::fs::write(
            &file,
            "# comment\nOTHER=1\nexport DATABASE_URL=\"postgres://a@b/c\"\n",
        )
        .unwrap();
        assert_eq!(from_dotenv(&file).as_deref(), Some("postgres://a@b/c"));
        std::fs::write(&file, "DATABASE_URL = 'postgres://x@y/z'\n").unwrap();
        assert_eq!(from_dotenv(&file).as_deref(), Some("postgres://x@y/z"));
        std::fs::write(&file, "DATABASE_URL_OTHER=postgres://no@no/no\n").unwrap();
        assert_eq!(from_dotenv(&file), None);
        std::fs::write(&file, "OTHER=1\n").unwrap();
        assert_eq!(from_dotenv(&file), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
