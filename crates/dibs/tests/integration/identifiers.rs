//! Hostile identifiers (quotes, spaces, dots, unicode, reserved words, 63-byte names) in
//! schemas, tables, columns, types, indexes and constraints: declared in Rust, built from
//! an empty database, and converged (the second diff is empty).

use facet::Facet;

use crate::support::{declared, fresh, migrate_to};

#[derive(Facet, Debug, Clone, Copy)]
#[repr(u8)]
#[facet(dibs::enum_type = "Mood \"😀\".x")]
pub enum Mood {
    Happy,
    Sad,
}

#[derive(Facet)]
#[facet(
    derive(dibs::Table),
    dibs::schema = "we\"ird.schema",
    dibs::table = "tab.le \"x\""
)]
#[facet(dibs::index_on(columns = "\"col with space\"", name = "idx.with\"quote"))]
#[facet(dibs::check_constraint(expr = "\"UPPER\" > 0"))]
pub struct Hostile {
    #[facet(dibs::pk, dibs::column = "select")]
    pub select: i64,
    #[facet(dibs::column = "col with space", dibs::default = "'it''s'")]
    pub spaced: String,
    #[facet(dibs::column = "ça ünï")]
    pub unicode: Option<String>,
    #[facet(dibs::column = "UPPER")]
    pub upper: i32,
    #[facet(dibs::column = "a_column_name_that_is_exactly_sixty_three_bytes_long_abcdefghijk")]
    pub long: i32,
    pub mood: Mood,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "order")]
pub struct Order {
    #[facet(dibs::pk, dibs::column = "group")]
    pub group: i64,
    #[facet(
        dibs::fk = "\"we\"\"ird.schema\".\"tab.le \"\"x\"\"\".select",
        dibs::index
    )]
    pub hostile: Option<i64>,
}

#[tokio::test]
async fn hostile_identifiers_converge_from_empty() {
    let mut code = declared(&[Hostile::SHAPE, Order::SHAPE]).await;
    code.schemas = vec!["public".into(), "we\"ird.schema".into()];
    let mut target = fresh().await;
    let plan = migrate_to(&mut target, &code).await;
    let sql = plan.to_sql();
    for quoted in [
        "\"we\"\"ird.schema\".\"tab.le \"\"x\"\"\"",
        "\"col with space\"",
        "\"ça ünï\"",
        "\"UPPER\"",
        "public.\"order\"",
        "\"group\"",
    ] {
        assert!(sql.contains(quoted), "{quoted} not quoted in:\n{sql}");
    }
}
