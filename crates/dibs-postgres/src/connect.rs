//! Opening a connection from a URL: parsing, redaction, friendly errors, version check.

use std::str::FromStr;

use tokio_postgres::{Client, Config, NoTls};

use crate::error::DbError;

/// Server versions dibs supports, checked against `server_version_num` on connect.
pub const SUPPORTED_VERSIONS: &str = "13 to 17";
const MIN_VERSION_NUM: i32 = 130000;
const MAX_VERSION_NUM_EXCLUSIVE: i32 = 180000;

/// Returns `url` with any password replaced by `***`, for every message a user sees.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return redact_key_value(url);
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let redacted_authority = match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{user}:***{}", &authority[at..]),
                None => authority.to_string(),
            }
        }
        None => authority.to_string(),
    };
    let tail = redact_key_value(&rest[authority_end..]);
    format!("{}{}{}", &url[..scheme_end], redacted_authority, tail)
}

/// Redacts `password=...` in key/value strings and query parameters.
fn redact_key_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("password=") {
        let value_start = pos + "password=".len();
        out.push_str(&rest[..value_start]);
        out.push_str("***");
        let value_end = rest[value_start..]
            .find(['&', ' '])
            .map(|i| i + value_start)
            .unwrap_or(rest.len());
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out
}

/// Connects to `url`, spawns the connection task, and checks the server version.
pub async fn connect(url: &str) -> Result<Client, DbError> {
    let shown = redact_url(url);
    let (url, tls) = crate::tls::split(url, &shown)?;
    let mut config = Config::from_str(&url).map_err(|err| DbError::InvalidUrl {
        url: shown.clone(),
        reason: err.to_string(),
    })?;
    // Notice a vanished server (or let it notice us) in seconds, not hours.
    config
        .keepalives(true)
        .keepalives_idle(std::time::Duration::from_secs(10))
        .keepalives_interval(std::time::Duration::from_secs(5))
        .keepalives_retries(3);
    let failed = |err: tokio_postgres::Error| DbError::Connect {
        url: shown.clone(),
        reason: connect_reason(&err),
    };
    // Errors of the connection task surface on the client's next call.
    let client = match crate::tls::client_config(&tls, &shown)? {
        None => {
            let (client, connection) = config.connect(NoTls).await.map_err(failed)?;
            tokio::spawn(async move { drop(connection.await) });
            client
        }
        Some(rustls_config) => {
            let connector = tokio_postgres_rustls::MakeRustlsConnect::new(rustls_config);
            let (client, connection) = config.connect(connector).await.map_err(failed)?;
            tokio::spawn(async move { drop(connection.await) });
            client
        }
    };
    check_version(&client, &shown).await?;
    Ok(client)
}

/// A one-line cause that says what to fix, without the URL (the caller adds it, redacted).
fn connect_reason(err: &tokio_postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        let hint = match db.code().code() {
            "28P01" => "; check the password in the URL",
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

async fn check_version(client: &Client, shown_url: &str) -> Result<(), DbError> {
    let row = client
        .query_one(
            "SELECT current_setting('server_version_num')::int, current_setting('server_version')",
            &[],
        )
        .await
        .map_err(|e| DbError::query("reading the server version", e))?;
    let num: i32 = row.get(0);
    if !(MIN_VERSION_NUM..MAX_VERSION_NUM_EXCLUSIVE).contains(&num) {
        return Err(DbError::UnsupportedVersion {
            url: shown_url.to_string(),
            found: row.get(1),
            supported: SUPPORTED_VERSIONS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact_url;

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
}
