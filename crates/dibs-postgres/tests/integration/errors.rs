//! Bad connection input: clear errors that name the fix and never show the password.

use dibs_postgres::{DbError, connect};
use dibs_testdb::{SUPERUSER_PASSWORD, TestServer, with_database};

fn message(err: DbError) -> String {
    let text = err.to_string();
    assert!(
        !text.contains(SUPERUSER_PASSWORD),
        "password leaked: {text}"
    );
    text
}

#[tokio::test]
async fn wrong_password_is_named_and_redacted() {
    let server = TestServer::shared();
    let url = server
        .admin_url()
        .replace(SUPERUSER_PASSWORD, "not-the-password");
    let text = message(connect(&url).await.expect_err("must fail"));
    assert!(text.contains("check the user name and password"), "{text}");
    assert!(!text.contains("not-the-password"), "{text}");
}

#[tokio::test]
async fn missing_database_says_create_it() {
    let server = TestServer::shared();
    let url = with_database(server.admin_url(), "no_such_db_here");
    let text = message(connect(&url).await.expect_err("must fail"));
    assert!(text.contains("createdb"), "{text}");
}

#[tokio::test]
async fn unreachable_server_says_so() {
    let port = dibs_testdb::free_port().unwrap();
    let url = format!("postgres://u:secretpw@127.0.0.1:{port}/db");
    let text = connect(&url).await.expect_err("must fail").to_string();
    assert!(!text.contains("secretpw"), "{text}");
    assert!(text.contains("is the server running"), "{text}");
}

#[tokio::test]
async fn malformed_url_names_the_expected_form() {
    let text = connect("postgres://u:secretpw@host:notaport/db")
        .await
        .expect_err("must fail")
        .to_string();
    assert!(!text.contains("secretpw"), "{text}");
    assert!(text.contains("expected postgres://"), "{text}");
}
