//! A series of struct edits, each generating a plan that converges: add a column, add an
//! index, rename a table and a column via `renamed_from`, drop a table.

use facet::Facet;

use crate::support::{declared, fresh, migrate_to};

mod v1 {
    use super::Facet;

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "authors")]
    pub struct Author {
        #[facet(dibs::pk)]
        pub id: i64,
        pub name: String,
    }

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "books")]
    pub struct Book {
        #[facet(dibs::pk)]
        pub id: i64,
        #[facet(dibs::fk = "authors.id")]
        pub author_id: i64,
        pub title: String,
    }

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "legacy")]
    pub struct Legacy {
        pub id: i64,
    }
}

mod v2 {
    use super::Facet;

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "authors")]
    pub struct Author {
        #[facet(dibs::pk)]
        pub id: i64,
        #[facet(dibs::index)]
        pub name: String,
        pub bio: Option<String>,
    }

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "books")]
    pub struct Book {
        #[facet(dibs::pk)]
        pub id: i64,
        #[facet(dibs::fk = "authors.id")]
        pub author_id: i64,
        pub title: String,
    }

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "legacy")]
    pub struct Legacy {
        pub id: i64,
    }
}

mod v3 {
    use super::Facet;

    #[derive(Facet)]
    #[facet(
        derive(dibs::Table),
        dibs::table = "writers",
        dibs::renamed_from = "authors"
    )]
    pub struct Writer {
        #[facet(dibs::pk)]
        pub id: i64,
        #[facet(dibs::index, dibs::renamed_from = "name")]
        pub full_name: String,
        pub bio: Option<String>,
    }

    #[derive(Facet)]
    #[facet(derive(dibs::Table), dibs::table = "books")]
    pub struct Book {
        #[facet(dibs::pk)]
        pub id: i64,
        #[facet(dibs::fk = "writers.id", dibs::renamed_from = "author_id")]
        pub writer_id: i64,
        pub title: String,
    }
}

#[tokio::test]
async fn struct_edits_converge_step_by_step() {
    let mut target = fresh().await;
    let steps = [
        declared(&[v1::Author::SHAPE, v1::Book::SHAPE, v1::Legacy::SHAPE]).await,
        declared(&[v2::Author::SHAPE, v2::Book::SHAPE, v2::Legacy::SHAPE]).await,
        declared(&[v3::Writer::SHAPE, v3::Book::SHAPE]).await,
    ];
    let mut log = String::new();
    for (i, step) in steps.iter().enumerate() {
        let plan = migrate_to(&mut target, step).await;
        log.push_str(&format!("-- step {}\n{}", i + 1, plan.to_sql()));
    }
    // Renames keep data: the rename step must not drop the table or the column.
    assert!(!log.contains("DROP TABLE public.authors"), "{log}");
    assert!(log.contains("RENAME TO writers"), "{log}");
    assert!(log.contains("RENAME COLUMN name TO full_name"), "{log}");
    insta::assert_snapshot!("struct_edits", log);
}
