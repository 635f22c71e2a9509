//! Introspection facts that convergence alone would not catch.

use crate::common::{database_with, read};

#[tokio::test]
async fn extension_objects_and_bookkeeping_are_not_read() {
    let (mut client, _) = database_with(
        "CREATE EXTENSION citext; CREATE TABLE __dibs_migrations (id text);
         CREATE TABLE kept (id int); CREATE VIEW v AS SELECT 1 AS one;
         CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
    )
    .await;
    let schema = read(&mut client).await;
    let tables: Vec<_> = schema.tables.keys().map(|k| k.to_string()).collect();
    assert_eq!(tables, ["public.kept"]);
    assert!(schema.extensions.contains_key("citext"));
    let unmanaged: Vec<_> = schema.unmanaged.iter().map(|u| u.kind.as_str()).collect();
    assert_eq!(unmanaged, ["function", "view"]);
}
