//! Schema settings declared in the db crate itself, so that `my-app-db diff` in production
//! and `dibs diff` on a laptop always mean the same thing.

/// What a diff covers.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Schemas under management.
    pub schemas: Vec<String>,
    /// Tables (as `schema.table` or `table` in `public`) the diff leaves alone.
    pub ignore_tables: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schemas: vec!["public".to_string()],
            ignore_tables: Vec::new(),
        }
    }
}

impl Settings {
    pub fn ignores(&self, table: &dibs_schema::QualifiedName) -> bool {
        self.ignore_tables.iter().any(|t| match t.split_once('.') {
            Some((schema, name)) => schema == table.schema && name == table.name,
            None => table.schema == "public" && *t == table.name,
        })
    }
}
