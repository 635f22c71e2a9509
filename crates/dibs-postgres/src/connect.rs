//! Opening a connection from a URL: parsing, redaction, friendly errors, version check.

use std::str::FromStr;

use tokio_postgres::{Client, Config, NoTls};

use crate::error::DbError;

/// Server versions dibs supports, checked against the version the server reports on connect.
pub const SUPPORTED_VERSIONS: &str = "13 to 18";
const MIN_VERSION_NUM: i32 = 130000;
const MAX_VERSION_NUM_EXCLUSIVE: i32 = 190000;
/// How long the whole startup (TCP, TLS, authentication) may take without `connect_timeout`.
const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Returns `url` with any password replaced by `***`, for every message a user sees.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return redact_key_value(url);
    };
    let rest = &url[scheme_end..];
    // The user info ends at the last `@`: a password may hold `/`, `?`, `#` or `@`
    // unencoded, so the authority cannot be cut at the first `/`. Cutting too much only
    // hides more; it never shows a password.
    let Some(at) = rest.rfind('@') else {
        return format!("{}{}", &url[..scheme_end], redact_key_value(rest));
    };
    let userinfo = &rest[..at];
    let shown_userinfo = match userinfo.split_once(':') {
        Some((user, _)) => format!("{user}:***"),
        None => userinfo.to_string(),
    };
    format!(
        "{}{}{}",
        &url[..scheme_end],
        shown_userinfo,
        redact_key_value(&rest[at..])
    )
}

/// Redacts the value of `password` in key/value strings and query parameters, with or
/// without spaces around `=` and quoted (`password = 'a b'`).
fn redact_key_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("password") {
        let after_key = &rest[pos + "password".len()..];
        let trimmed = after_key.trim_start();
        let Some(value) = trimmed.strip_prefix('=') else {
            out.push_str(&rest[..pos + "password".len()]);
            rest = after_key;
            continue;
        };
        let value = value.trim_start();
        out.push_str(&rest[..pos]);
        out.push_str("password=***");
        rest = match value.strip_prefix('\'') {
            // A quoted value ends at the next unescaped quote.
            Some(quoted) => {
                let mut end = quoted.len();
                let mut escaped = false;
                for (i, c) in quoted.char_indices() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '\'' if !escaped => {
                            end = i + 1;
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                &quoted[end..]
            }
            None => {
                let end = value
                    .find(|c: char| c == '&' || c.is_whitespace())
                    .unwrap_or(value.len());
                &value[end..]
            }
        };
    }
    out.push_str(rest);
    out
}

/// Connects to `url`, spawns the connection task, and checks the server version.
pub async fn connect(url: &str) -> Result<Client, DbError> {
    let shown = redact_url(url);
    if url.trim().is_empty() {
        return Err(DbError::InvalidUrl {
            url: "\"\"".to_string(),
            reason: "the URL is empty (from --database-url or DATABASE_URL)".to_string(),
        });
    }
    let (url, tls) = crate::tls::split(url, &shown)?;
    let mut config = Config::from_str(&url).map_err(|err| DbError::InvalidUrl {
        url: shown.clone(),
        reason: url_problem(&url, &err),
    })?;
    // Name the session after the program (my-app-db, dibs) unless the URL does, so that
    // a runner waiting for the migration lock can say who holds it.
    if config.get_application_name().is_none()
        && let Some(program) = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
    {
        config.application_name(&program);
    }
    // Notice a vanished server (or let it notice us) in seconds, not hours, unless the
    // URL chooses its own keepalive settings.
    if !url.contains("keepalives") {
        config
            .keepalives(true)
            .keepalives_idle(std::time::Duration::from_secs(10))
            .keepalives_interval(std::time::Duration::from_secs(5))
            .keepalives_retries(3);
    }
    let failed = |err: tokio_postgres::Error| DbError::Connect {
        url: shown.clone(),
        reason: connect_reason(&err),
    };
    // Errors of the connection task surface on the client's next call.
    // The server reports its version at startup; checking it costs no round trip.
    // The whole startup is bounded: tokio-postgres's connect_timeout covers only the TCP
    // connect, and a peer that accepts and never answers would hang the handshake.
    let limit = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(DEFAULT_CONNECT_TIMEOUT);
    let handshake = async {
        match crate::tls::client_config(&tls, &shown)? {
            None => {
                let (client, connection) = config.connect(NoTls).await.map_err(failed)?;
                let version = connection.parameter("server_version").map(str::to_string);
                tokio::spawn(async move { drop(connection.await) });
                Ok((client, version))
            }
            Some(rustls_config) => {
                let connector = tokio_postgres_rustls::MakeRustlsConnect::new(rustls_config);
                let (client, connection) = config.connect(connector).await.map_err(failed)?;
                let version = connection.parameter("server_version").map(str::to_string);
                tokio::spawn(async move { drop(connection.await) });
                Ok((client, version))
            }
        }
    };
    let (client, version) =
        tokio::time::timeout(limit, handshake)
            .await
            .map_err(|_| DbError::Connect {
                url: shown.clone(),
                reason: format!(
                    "no answer within {} s; is the host and port a PostgreSQL server? (a slow \
                 server: raise connect_timeout=SECONDS in the URL)",
                    limit.as_secs()
                ),
            })??;
    let version = match version {
        Some(version) => version,
        // A proxy may not pass the startup report on: ask.
        None => client
            .query_one("SELECT current_setting('server_version')", &[])
            .await
            .map_err(|e| DbError::query("reading the server version", e))?
            .get(0),
    };
    check_version(&version, &shown)?;
    Ok(client)
}

/// What is wrong with a URL tokio-postgres refused, in words that point at the part to fix
/// (its own message is only "invalid connection string"; the cause is in its source).
fn url_problem(url: &str, err: &tokio_postgres::Error) -> String {
    if let Some((scheme, _)) = url.split_once("://")
        && scheme != "postgres"
        && scheme != "postgresql"
    {
        return format!("the scheme is {scheme}://, not postgres:// or postgresql://");
    }
    let mut reason = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        reason = format!("{reason}: {cause}");
        source = cause.source();
    }
    reason
}

/// A one-line cause that says what to fix, without the URL (the caller adds it, redacted).
fn connect_reason(err: &tokio_postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        let hint = match db.code().code() {
            "28P01" => "; check the user name and password in the URL",
            "28000" => "; check the user name, or the server's pg_hba.conf",
            "3D000" => "; create the database (createdb) or fix its name in the URL",
            _ => "",
        };
        return format!("{}{hint}", db.message());
    }
    let mut reason = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        reason = format!("{reason}: {cause}");
        source = cause.source();
    }
    if reason.contains("Connection refused") {
        reason.push_str("; is the server running, and are host and port right?");
    }
    if reason.contains("certificate") || reason.contains("Certificate") {
        reason.push_str(
            "; give the server's CA with sslrootcert=/path/ca.pem, or use sslmode=require to encrypt without verifying",
        );
    }
    if reason.contains("server does not support TLS") {
        reason.push_str("; use sslmode=disable or prefer, or enable ssl on the server");
    }
    reason
}

/// `server_version_num` from the text of `server_version` ("15.8 (Debian …)", "16beta1"):
/// major × 10000 + minor, as the server computes it from version 10 on.
fn version_num(version: &str) -> Option<i32> {
    let digits = |s: &str| -> Option<i32> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s[..end].parse().ok()
    };
    let major = digits(version)?;
    let minor = version
        .split_once('.')
        .and_then(|(_, rest)| digits(rest))
        .unwrap_or(0);
    Some(major * 10000 + minor)
}

fn check_version(version: &str, shown_url: &str) -> Result<(), DbError> {
    let supported = version_num(version)
        .is_some_and(|num| (MIN_VERSION_NUM..MAX_VERSION_NUM_EXCLUSIVE).contains(&num));
    if !supported {
        return Err(DbError::UnsupportedVersion {
            url: shown_url.to_string(),
            found: version.to_string(),
            supported: SUPPORTED_VERSIONS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_version, redact_url, version_num};

    #[test]
    fn version_numbers_from_the_reported_text() {
        assert_eq!(version_num("15.8 (Debian 15.8-1.pgdg120+1)"), Some(150008));
        assert_eq!(version_num("13.0"), Some(130000));
        assert_eq!(version_num("16beta1"), Some(160000));
        assert_eq!(version_num("17.2"), Some(170002));
        assert_eq!(version_num("unknown"), None);
    }

    #[test]
    fn only_supported_versions_pass() {
        let url = "postgres://db/app";
        assert!(check_version("13.0", url).is_ok());
        assert!(check_version("17.4 (Ubuntu 17.4-1)", url).is_ok());
        assert!(check_version("18.1", url).is_ok());
        for old_or_new in ["12.22", "9.6.24", "19devel", "19.1", "unknown"] {
            let err = check_version(old_or_new, url).unwrap_err().to_string();
            assert!(
                err.contains(old_or_new) && err.contains("13 to 18"),
                "{err}"
            );
        }
    }

    #[test]
    fn redacts_passwords_everywhere() {
        assert_eq!(
            redact_url("postgres://bob:s3cret@db:5432/app"),
            "postgres://bob:***@db:5432/app"
        );
        assert_eq!(
            redact_url("postgres://bob@db/app?password=s3cret&sslmode=require"),
            "postgres://bob@db/app?password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("host=db password=s3cret user=bob"),
            "host=db password=*** user=bob"
        );
        assert_eq!(redact_url("postgres://db/app"), "postgres://db/app");
    }

    /// Passwords with unencoded `/ ? # @`, key=value strings with spaces around `=` or
    /// quotes: nothing of the password is shown.
    #[test]
    fn redacts_passwords_that_do_not_parse() {
        for (url, secret) in [
            ("postgres://spec:Sp3c/?@#:x@db:5432/app", "Sp3c"),
            ("postgres://u:a@b@db/app", "a@b"),
            ("postgresql://u:p/w?x#y@db/app?sslmode=require", "p/w"),
            ("host=db password = s3cret user=bob", "s3cret"),
            ("host=db password='s3 cr\\'et' user=bob", "s3 cr"),
            (
                "postgres://db/app?password = s3cret&sslmode=disable",
                "s3cret",
            ),
        ] {
            let shown = redact_url(url);
            assert!(!shown.contains(secret), "{url} -> {shown}");
            assert!(shown.contains("***"), "{url} -> {shown}");
        }
        assert_eq!(
            redact_url("host=db password = s3cret user=bob"),
            "host=db password=*** user=bob"
        );
        assert_eq!(
            redact_url("postgres://spec:Sp3c/?@#:x@db:5432/app"),
            "postgres://spec:***@db:5432/app"
        );
    }
}
