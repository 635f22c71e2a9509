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
    if let Some(url) = from_dotenv(Path::new(".env"))? {
        return Ok(url);
    }
    Err(ServiceError::NoDatabaseUrl)
}

/// `DATABASE_URL` from a dotenv file, parsed by dotenvy (quoting, escapes, `export`,
/// comments and `${VAR}` substitution as dotenv tools do), without touching the process
/// environment. The dibs CLI reads `.env` with this too, so both find the same URL. A
/// missing file is `Ok(None)`; one dotenvy cannot parse is an error naming the file and
/// line, never a silent fallback to another database.
pub fn from_dotenv(path: &Path) -> Result<Option<String>, ServiceError> {
    let entries = match dotenvy::from_path_iter(path) {
        Ok(entries) => entries,
        Err(e) if e.not_found() => return Ok(None),
        Err(e) => return Err(dotenv_error(path, &e)),
    };
    for entry in entries {
        match entry {
            Ok((key, value)) if key == "DATABASE_URL" => {
                return Ok((!value.is_empty()).then_some(value));
            }
            Ok(_) => {}
            Err(e) => return Err(dotenv_error(path, &e)),
        }
    }
    Ok(None)
}

fn dotenv_error(path: &Path, err: &dotenvy::Error) -> ServiceError {
    let reason = match err {
        // dotenvy gives the offending text and an offset in it: find that text in the file.
        dotenvy::Error::LineParse(text, _) => {
            let file = std::fs::read_to_string(path).unwrap_or_default();
            match file.find(text.as_str()) {
                Some(at) => format!(
                    "line {}: cannot parse",
                    file[..at].matches('\n').count() + 1
                ),
                None => format!("cannot parse {:?}", text.lines().next().unwrap_or("")),
            }
        }
        other => other.to_string(),
    };
    ServiceError::DotEnv {
        file: path.display().to_string(),
        reason,
    }
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
        assert_eq!(
            from_dotenv(&file).unwrap().as_deref(),
            Some("postgres://a@b/c")
        );
        std::fs::write(&file, "DATABASE_URL = 'postgres://x@y/z'\n").unwrap();
        assert_eq!(
            from_dotenv(&file).unwrap().as_deref(),
            Some("postgres://x@y/z")
        );
        std::fs::write(&file, "DATABASE_URL_OTHER=postgres://no@no/no\n").unwrap();
        assert_eq!(from_dotenv(&file).unwrap(), None);
        std::fs::write(&file, "OTHER=1\n").unwrap();
        assert_eq!(from_dotenv(&file).unwrap(), None);
        std::fs::write(&file, "OTHER=1\nDATABASE_URL=\"unterminated\n").unwrap();
        let err = from_dotenv(&file).unwrap_err().to_string();
        assert!(err.contains(".env") && err.contains("line 2"), "{err}");
        assert_eq!(from_dotenv(&dir.join("missing")).unwrap(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
