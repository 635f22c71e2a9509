//! Errors in table declarations, each naming the struct and field to fix.

/// A declaration dibs cannot turn into a table. Raised when the schema is collected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DeclarationError {
    #[error(
        "struct {rust_type} derives dibs::Table but has no #[facet(dibs::table = \"name\")] \
         (or dibs::view = \"name\" for a view)"
    )]
    MissingTableName { rust_type: String },
    #[error("struct {rust_type} derives dibs::Table but is not a struct with named fields")]
    NotAStruct { rust_type: String },
    #[error(
        "{rust_type}.{field}: the Rust type {field_type} has no Postgres mapping; \
         add #[facet(dibs::sql_type = \"...\")] to the field or change its type"
    )]
    UnsupportedType {
        rust_type: String,
        field: String,
        field_type: String,
    },
    #[error(
        "struct {rust_type}: dibs::inherits = \"{parent}\" must name `table` or `schema.table` (double-quote a name that holds a dot)"
    )]
    BadParent { rust_type: String, parent: String },
    #[error(
        "{rust_type}.{field}: dibs::collate = \"{collation}\" must name `collation` or `schema.collation` (double-quote a name that holds a dot)"
    )]
    BadCollation {
        rust_type: String,
        field: String,
        collation: String,
    },
    #[error(
        "{rust_type}.{field}: dibs::fk = \"{target}\" must name `table.column` or `schema.table.column` (double-quote a name that holds a dot: `\"my.schema\".table.id`)"
    )]
    BadForeignKey {
        rust_type: String,
        field: String,
        target: String,
    },
    #[error(
        "{rust_type}.{field}: unknown referential action \"{action}\"; use cascade, restrict, \
         set null, set default or no action"
    )]
    BadAction {
        rust_type: String,
        field: String,
        action: String,
    },
    #[error(
        "{rust_type}.{field}: dibs::identity = \"{value}\"; use dibs::identity or dibs::identity = \"always\""
    )]
    BadIdentity {
        rust_type: String,
        field: String,
        value: String,
    },
    #[error(
        "struct {rust_type} declares a view but has no query: add \
         #[facet(dibs::query = \"SELECT …\")]"
    )]
    MissingViewQuery { rust_type: String },
    #[error("struct {rust_type} has both dibs::table and dibs::view: a struct is one or the other")]
    TableAndView { rust_type: String },
    #[error("table {table} is declared twice: by {first} and by {second}")]
    DuplicateTable {
        table: String,
        first: String,
        second: String,
    },
    #[error(
        "extension {name} is declared twice with different schemas or versions (at {first} and \
         {second}); declare it once"
    )]
    ConflictingExtension {
        name: String,
        first: String,
        second: String,
    },
    #[error("enum type {name} is declared twice with different values (by {first} and {second})")]
    ConflictingEnum {
        name: String,
        first: String,
        second: String,
    },
}
