//! Decoding one value of a catalog row without panicking. Rows are read by position (the
//! queries in `queries.rs` name their columns only by order); a value of a type or a NULL
//! the decoder did not expect, as a server version with a different catalog may give,
//! becomes an error naming the query's object and the column instead of a panic.

use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;

use tokio_postgres::Row;
use tokio_postgres::types::FromSql;

use crate::error::DbError;

/// Value `index` of `row`, which describes `object` (formatted only on error).
pub(crate) fn at<'a, T: FromSql<'a>>(
    row: &'a Row,
    index: usize,
    object: &dyn Display,
) -> Result<T, DbError> {
    row.try_get(index).map_err(|e| {
        let column = row
            .columns()
            .get(index)
            .map(|c| c.name().to_string())
            .unwrap_or_default();
        DbError::Client {
            doing: format!("reading {object} from pg_catalog"),
            reason: format!("column {index} ({column}): {e}"),
        }
    })
}

/// Column `column` of `row`, for the queries that name their columns.
pub(crate) fn named<'a, T: FromSql<'a>>(
    row: &'a Row,
    column: &str,
    object: &str,
) -> Result<T, DbError> {
    row.try_get(column).map_err(|e| DbError::Client {
        doing: format!("reading {object} from pg_catalog"),
        reason: format!("column {column}: {e}"),
    })
}

/// Rows of (key, value) as a map.
pub(crate) fn pairs<'r, K, V>(rows: &'r [Row], object: &str) -> Result<HashMap<K, V>, DbError>
where
    K: FromSql<'r> + Hash + Eq,
    V: FromSql<'r>,
{
    rows.iter()
        .map(|r| Ok((at(r, 0, &object)?, at(r, 1, &object)?)))
        .collect()
}

/// A qualified name from two text columns, for objects that have one.
pub(crate) fn name_at(
    row: &Row,
    schema: usize,
    name: usize,
    object: &dyn Display,
) -> Result<dibs_schema::QualifiedName, DbError> {
    Ok(dibs_schema::QualifiedName::new(
        at::<String>(row, schema, object)?,
        at::<String>(row, name, object)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::at;

    #[tokio::test]
    async fn a_null_a_wrong_type_or_a_missing_column_is_an_error_naming_the_object() {
        let db = dibs_testdb::TestServer::shared()
            .fresh_database()
            .await
            .expect("test database");
        let client = crate::connect(&db.url).await.expect("connect");
        let row = client
            .query_one("SELECT NULL::text AS comment, 1::int2 AS attnum", &[])
            .await
            .unwrap();
        let err = at::<String>(&row, 0, &"table public.t")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("reading table public.t") && err.contains("column 0 (comment)"),
            "{err}"
        );
        let err = at::<i32>(&row, 1, &"an index").unwrap_err().to_string();
        assert!(err.contains("column 1 (attnum)"), "{err}");
        assert!(at::<i16>(&row, 7, &"an index").is_err());
        assert_eq!(at::<Option<String>>(&row, 0, &"x").unwrap(), None);
        assert_eq!(at::<i16>(&row, 1, &"x").unwrap(), 1);
    }
}
