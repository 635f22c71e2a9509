//! Shared helpers: fresh databases, applying SQL, introspecting, planning.

use dibs_postgres::{IntrospectOptions, apply_statements, connect, introspect};
use dibs_schema::{Plan, Schema, plan};
use dibs_testdb::TestServer;
use tokio_postgres::Client;

/// A fresh database with `sql` applied, and a connection to it.
pub async fn database_with(sql: &str) -> (Client, String) {
    let db = TestServer::shared()
        .fresh_database()
        .await
        .expect("create test database");
    let client = connect(&db.url).await.expect("connect to test database");
    if !sql.trim().is_empty() {
        client
            .batch_execute(sql)
            .await
            .unwrap_or_else(|e| panic!("setup SQL failed: {e:?}\n{sql}"));
    }
    (client, db.url)
}

pub fn options() -> IntrospectOptions {
    IntrospectOptions {
        schemas: vec!["public".into(), "extra".into()],
        // Every case compares privileges too: objects a plan creates must end up with
        // exactly the defaults their twins have.
        privileges: true,
        // And owners: what a plan creates is owned by the role applying it, as its twin.
        owners: true,
    }
}

pub async fn read(client: &mut Client) -> Schema {
    introspect(client, &options()).await.expect("introspect")
}

/// Plans `from` → `to`, applies it to `client`, and checks that a fresh read then equals
/// `to` (the plan converges). Returns the plan for snapshots.
pub async fn converge(client: &mut Client, to: &Schema) -> Plan {
    let from = read(client).await;
    let plan = plan(&from, to).expect("plan orders");
    if let Err(e) = apply_statements(client, plan.statements()).await {
        panic!("applying the plan failed: {e}\nplan:\n{}", plan.to_sql());
    }
    let after = read(client).await;
    let rest = dibs_schema::plan(&after, to).expect("plan orders");
    assert!(
        rest.is_empty(),
        "plan did not converge; applied:\n{}\nstill differs:\n{}",
        plan.to_sql(),
        rest.to_sql()
    );
    plan
}
