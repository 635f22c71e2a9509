//! Declarations dibs cannot map: errors that name the struct, field and fix.

use dibs::DeclarationError;
use facet::Facet;

#[derive(Facet)]
#[facet(derive(dibs::Table))]
pub struct Nameless {
    pub id: i64,
}

#[derive(Facet)]
pub struct Opaque {
    pub inner: i64,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "odd")]
pub struct Odd {
    pub id: i64,
    pub nested: Opaque,
    #[facet(dibs::fk = "nowhere")]
    pub parent: i64,
}

#[test]
fn every_bad_declaration_is_reported_by_name() {
    let errors = dibs::schema_from_shapes([Nameless::SHAPE, Odd::SHAPE]).unwrap_err();
    assert!(
        matches!(errors[0], DeclarationError::MissingTableName { .. }),
        "{errors:?}"
    );
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(text[0].contains("Nameless"), "{text:?}");
    assert!(text[1].contains("Odd.nested"), "{text:?}");
    assert!(text[1].contains("dibs::sql_type"), "{text:?}");
}

#[test]
fn a_bad_table_never_disappears_silently() {
    // The whole collection fails: a partial schema would make a diff drop the table.
    assert!(dibs::schema_from_shapes([Odd::SHAPE]).is_err());
}
