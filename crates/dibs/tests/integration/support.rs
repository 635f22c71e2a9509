//! Helpers: a scratch database to normalize in, a target database to converge.

use dibs_postgres::{IntrospectOptions, apply_statements, connect, introspect, normalize};
use dibs_schema::{Plan, Schema, plan};
use dibs_testdb::TestServer;
use facet::Shape;
use tokio_postgres::Client;

pub async fn fresh() -> Client {
    let db = TestServer::shared()
        .fresh_database()
        .await
        .expect("database");
    connect(&db.url).await.expect("connect")
}

/// The declared schema of `shapes`, normalized by a scratch database.
pub async fn declared(shapes: &[&'static Shape]) -> Schema {
    let code = dibs::schema_from_shapes(shapes.iter().copied()).expect("declarations are valid");
    let mut scratch = fresh().await;
    normalize(&mut scratch, &code)
        .await
        .expect("declared schema applies")
}

pub async fn read(client: &mut Client, schemas: &[String]) -> Schema {
    read_with(client, schemas, false).await
}

/// `read`, with privileges when `privileges`.
pub async fn read_with(client: &mut Client, schemas: &[String], privileges: bool) -> Schema {
    let options = IntrospectOptions {
        schemas: schemas.to_vec(),
        privileges,
        owners: false,
    };
    introspect(client, &options).await.expect("introspect")
}

/// Brings `target` to `code`, then checks the database reads back as `code`.
pub async fn migrate_to(target: &mut Client, code: &Schema) -> Plan {
    let current = read_with(target, &code.schemas, code.manages_privileges).await;
    let plan = plan(&current, code).expect("plan orders");
    if let Err(err) = apply_statements(target, plan.statements()).await {
        panic!("plan failed: {err}\n{}", plan.to_sql());
    }
    let after = read_with(target, &code.schemas, code.manages_privileges).await;
    let rest = dibs_schema::plan(&after, code).expect("plan orders");
    assert!(
        rest.is_empty(),
        "did not converge; applied:\n{}\nremaining:\n{}",
        plan.to_sql(),
        rest.to_sql()
    );
    plan
}
