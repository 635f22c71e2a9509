//! Schema settings declared in the db crate itself, so that `my-app-db diff` in production
//! and `dibs diff` on a laptop always mean the same thing.

/// What a diff covers.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Schemas under management.
    pub schemas: Vec<String>,
    /// Tables (as `schema.table` or `table` in `public`) the diff leaves alone, besides the
    /// history tables (dibs's own and [`OTHER_TOOLS_HISTORY`]).
    pub ignore_tables: Vec<String>,
    /// Where migrations are recorded (default `public.__dibs_migrations`). The diff never
    /// compares these tables, and runners lock per history table.
    pub history: dibs_runner::History,
    /// Compare privileges (GRANT/REVOKE on tables, columns, sequences, routines, types and
    /// schemas, and default privileges) with those the crate declares (`dibs::grant!`).
    /// Off by default: roles differ between environments.
    pub privileges: bool,
    /// Publications the diff leaves alone, by name: those that infrastructure creates and
    /// owns (Supabase's `supabase_realtime`, a Debezium connector's), which the crate does
    /// not declare and must not drop.
    pub ignore_publications: Vec<String>,
    /// The role every managed object must be owned by (`ALTER … OWNER TO` where it is
    /// not). Off by default: owners differ between environments, and the migrating role
    /// owns what it creates. The migrating role must be a member of this one.
    pub owner: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schemas: vec!["public".to_string()],
            ignore_tables: Vec::new(),
            history: dibs_runner::History::default(),
            privileges: false,
            ignore_publications: Vec::new(),
            owner: None,
        }
    }
}

/// The history tables of sqlx-cli, refinery and diesel, in whichever schema: a project
/// that imported its migrations from one of them (`dibs import`) keeps the table for a
/// while, and neither `diff` nor `baseline` may propose dropping it. Their migrations never
/// create it, so a baseline would otherwise always find it extra.
pub const OTHER_TOOLS_HISTORY: [&str; 3] = [
    "_sqlx_migrations",
    "refinery_schema_history",
    "__diesel_schema_migrations",
];

impl Settings {
    pub fn ignores(&self, table: &dibs_schema::QualifiedName) -> bool {
        let is = |schema: &str, name: &str| schema == table.schema && name == table.name;
        let history = self.history.tables();
        history.iter().any(|(schema, name)| is(schema, name))
            || OTHER_TOOLS_HISTORY.contains(&table.name.as_str())
            || self.ignore_tables.iter().any(|t| match t.split_once('.') {
                Some((schema, name)) => is(schema, name),
                None => is("public", t),
            })
    }
}
