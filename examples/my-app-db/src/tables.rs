//! Tables, declared once in Rust.

use facet::Facet;

/// Where a task stands.
#[derive(Facet, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[facet(dibs::enum_type = "task_status")]
pub enum TaskStatus {
    Open,
    InProgress,
    Done,
}

/// A customer account; everything else belongs to one.
#[derive(Facet, Debug, Clone)]
#[facet(derive(dibs::Table), dibs::table = "organizations")]
pub struct Organization {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    #[facet(dibs::unique, dibs::sql_type = "varchar(64)")]
    pub slug: String,
    pub name: String,
    #[facet(dibs::sql_type = "timestamptz", dibs::default = "now()")]
    pub created_at: String,
}

/// A person who can log in.
#[derive(Facet, Debug, Clone)]
#[facet(derive(dibs::Table), dibs::table = "users")]
#[facet(dibs::index_on(columns = "lower(email)", name = "users_email_lower_key", unique))]
pub struct User {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    #[facet(
        dibs::fk = "organizations.id",
        dibs::on_delete = "cascade",
        dibs::index
    )]
    pub organization_id: i64,
    #[facet(
        dibs::sql_type = "varchar(320)",
        dibs::check = "position('@' in email) > 1"
    )]
    pub email: String,
    pub display_name: String,
    /// Free-form text shown on the profile page.
    pub bio: Option<String>,
    #[facet(dibs::default = "false")]
    pub is_admin: bool,
}

/// A body of work inside an organization.
#[derive(Facet, Debug, Clone)]
#[facet(derive(dibs::Table), dibs::table = "projects")]
#[facet(dibs::unique_key(columns = "organization_id, name"))]
pub struct Project {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    #[facet(dibs::fk = "organizations.id", dibs::on_delete = "cascade")]
    pub organization_id: i64,
    pub name: String,
    #[facet(dibs::fk = "users.id", dibs::on_delete = "set null")]
    pub owner_id: Option<i64>,
    #[facet(dibs::sql_type = "numeric(12,2)", dibs::check = "budget >= 0")]
    pub budget: Option<String>,
}

/// Something to do.
#[derive(Facet, Debug, Clone)]
#[facet(derive(dibs::Table), dibs::table = "tasks")]
#[facet(dibs::index_on(
    columns = "project_id, status",
    predicate = "status <> 'done'",
    name = "tasks_open_idx"
))]
#[facet(dibs::index_on(columns = "created_at DESC", name = "tasks_recent_idx"))]
// Substring search on titles (`title ILIKE '%report%'`), with pg_trgm (objects.rs).
#[facet(dibs::index_on(
    columns = "title gin_trgm_ops",
    method = "gin",
    name = "tasks_title_trgm_idx"
))]
pub struct Task {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    #[facet(dibs::fk = "projects.id", dibs::on_delete = "cascade")]
    pub project_id: i64,
    pub title: String,
    /// Lower-cased title for case-insensitive search; filled by a backfill.
    #[facet(dibs::index)]
    pub search_title: Option<String>,
    pub status: TaskStatus,
    #[facet(dibs::fk = "users.id", dibs::on_delete = "set null")]
    pub assignee_id: Option<i64>,
    pub labels: Vec<String>,
    #[facet(dibs::sql_type = "timestamptz", dibs::default = "now()")]
    pub created_at: String,
    /// Set on every update by the tasks_touch_updated_at trigger.
    #[facet(dibs::sql_type = "timestamptz", dibs::default = "now()")]
    pub updated_at: String,
}

/// A remark on a task.
// Row security is on: roles other than the owner see the comments of the organization in
// their session's `app.organization_id` (the policy is in `objects.rs`).
#[derive(Facet, Debug, Clone)]
#[facet(
    derive(dibs::Table),
    dibs::table = "comments",
    dibs::row_level_security
)]
pub struct Comment {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    #[facet(dibs::fk = "tasks.id", dibs::on_delete = "cascade", dibs::index)]
    pub task_id: i64,
    #[facet(dibs::fk = "users.id", dibs::on_delete = "cascade")]
    pub author_id: i64,
    #[facet(dibs::check = "char_length(body) <= 10000")]
    pub body: String,
    #[facet(dibs::sql_type = "jsonb", dibs::default = "'{}'")]
    pub metadata: String,
}
