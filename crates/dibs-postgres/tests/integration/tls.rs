//! TLS against a separate cluster with ssl=on and a certificate made at test time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use dibs_postgres::connect;
use dibs_testdb::{Binaries, Cluster, free_port};

struct SslServer {
    port: u16,
    ca: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA and a server certificate for 127.0.0.1, signed by it.
fn certificates(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=dibs test CA",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
    );
}

fn server() -> &'static SslServer {
    static SERVER: OnceLock<SslServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dibs-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        certificates(&dir);
        // The certificates live in the cluster directory, which the watchdog removes.
        let cluster = Cluster::new(
            Binaries::locate().unwrap(),
            dir.clone(),
            free_port().unwrap(),
        );
        cluster.init().unwrap();
        cluster
            .remove_when_process_exits(std::process::id())
            .unwrap();
        cluster
            .enable_ssl(
                &std::fs::read(dir.join("server.crt")).unwrap(),
                &std::fs::read(dir.join("server.key")).unwrap(),
            )
            .unwrap();
        cluster.start().unwrap();
        SslServer {
            port: cluster.port,
            ca: dir.join("ca.pem"),
        }
    })
}

fn url(host: &str, query: &str) -> String {
    format!(
        "postgres://postgres:{}@{host}:{}/postgres?{query}",
        dibs_testdb::SUPERUSER_PASSWORD,
        server().port
    )
}

async fn encrypted(url: &str) -> bool {
    let client = connect(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
    // A direct connection is never taken for a pooler, encrypted or not.
    let pooled = dibs_postgres::pooler::detect(&client).await.unwrap();
    assert_eq!(pooled, None, "{url}");
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn every_sslmode_behaves_like_libpq() {
    let ca = server().ca.display().to_string();
    assert!(encrypted(&url("127.0.0.1", "sslmode=require")).await);
    assert!(encrypted(&url("127.0.0.1", "sslmode=prefer")).await);
    assert!(
        encrypted(&url(
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={ca}")
        ))
        .await
    );
    // verify-ca checks the chain but not the name: "localhost" is not in the certificate.
    assert!(
        encrypted(&url(
            "localhost",
            &format!("sslmode=verify-ca&sslrootcert={ca}")
        ))
        .await
    );

    let wrong_name = connect(&url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .await
    .expect_err("name mismatch")
    .to_string();
    assert!(wrong_name.contains("certificate"), "{wrong_name}");
    let unknown_ca = connect(&url("127.0.0.1", "sslmode=verify-full"))
        .await
        .expect_err("untrusted")
        .to_string();
    assert!(unknown_ca.contains("sslrootcert"), "{unknown_ca}");
    let plain = connect(&url("127.0.0.1", "sslmode=disable"))
        .await
        .expect_err("server requires TLS")
        .to_string();
    assert!(plain.contains("pg_hba.conf"), "{plain}");
    for message in [wrong_name, unknown_ca, plain] {
        assert!(
            !message.contains(dibs_testdb::SUPERUSER_PASSWORD),
            "{message}"
        );
    }
}
