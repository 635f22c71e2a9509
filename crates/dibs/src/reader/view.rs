//! View structs: a struct whose fields are a view's columns, with the view's query.
//!
//! The fields are read like a table's (names, `dibs::column`, types), then the struct
//! becomes a declaration: `CREATE [MATERIALIZED] VIEW … AS <query>`, whose real columns
//! normalization checks against the fields.

use dibs_schema::{DeclaredColumn, DeclaredKind, SqlDeclaration, Table};
use facet::Shape;

use super::attr::dibs_attrs;
use crate::attrs::Attr;
use crate::error::DeclarationError;

/// The view `shape` declares, or `None` when it declares a table.
pub fn declaration(
    shape: &'static Shape,
    read: &Table,
) -> Result<Option<SqlDeclaration>, DeclarationError> {
    let attrs = dibs_attrs(shape.attributes);
    let rust_type = shape.type_identifier.to_string();
    let is_view = attrs.iter().any(|a| matches!(a, Attr::View(_)));
    if !is_view {
        return Ok(None);
    }
    if attrs.iter().any(|a| matches!(a, Attr::Table(_))) {
        return Err(DeclarationError::TableAndView { rust_type });
    }
    let Some(query) = attrs.iter().find_map(|a| match a {
        Attr::Query(q) => Some(*q),
        _ => None,
    }) else {
        return Err(DeclarationError::MissingViewQuery { rust_type });
    };
    let materialized = attrs.iter().any(|a| matches!(a, Attr::Materialized));
    let (kind, keyword) = match materialized {
        true => (DeclaredKind::MaterializedView, "MATERIALIZED VIEW"),
        false => (DeclaredKind::View, "VIEW"),
    };
    let sql = format!("CREATE {keyword} {} AS {}", read.name, query.trim());
    let sql = sql.trim_end().trim_end_matches(';').to_string();
    Ok(Some(SqlDeclaration {
        kind,
        sql,
        origin: format!("struct {rust_type}"),
        view: Some(read.name.clone()),
        comment: read.comment.clone(),
        columns: read
            .columns
            .iter()
            .map(|c| DeclaredColumn {
                name: c.name.clone(),
                ty: c.ty.clone(),
            })
            .collect(),
    }))
}
