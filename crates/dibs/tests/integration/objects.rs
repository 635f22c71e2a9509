//! Functions, triggers and views declared in a db crate: built in the scratch database,
//! converged into a real one, and every bad declaration refused with its name.

use dibs_schema::{DeclaredKind, Schema, SqlDeclaration};
use facet::Facet;

use crate::support::{fresh, migrate_to};

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "notes")]
pub struct Note {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    #[facet(dibs::sql_type = "varchar(200)")]
    pub title: String,
    #[facet(dibs::default = "public.note_slug()")]
    pub slug: String,
    #[facet(dibs::sql_type = "timestamptz", dibs::default = "now()")]
    pub updated_at: String,
}

/// Titles of all notes.
#[derive(Facet)]
#[facet(
    derive(dibs::Table),
    dibs::view = "note_titles",
    dibs::query = "SELECT id, title FROM notes"
)]
pub struct NoteTitle {
    pub id: i64,
    pub title: String,
}

#[derive(Facet)]
#[facet(
    derive(dibs::Table),
    dibs::view = "note_counts",
    dibs::materialized,
    dibs::query = "SELECT count(*) AS notes FROM note_titles"
)]
pub struct NoteCount {
    pub notes: i64,
}

#[derive(Facet)]
#[facet(
    derive(dibs::Table),
    dibs::view = "wrong_columns",
    dibs::query = "SELECT id, title AS heading FROM notes"
)]
pub struct WrongColumns {
    pub id: i64,
    pub title: String,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "events")]
pub struct Event {
    pub id: i64,
    #[facet(dibs::sql_type = "timestamptz", dibs::default = "now()")]
    pub at: String,
}

/// A child declares every column it reads: those the parent has are merged with it.
#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "clicks", dibs::inherits = "events")]
pub struct Click {
    pub id: i64,
    #[facet(dibs::sql_type = "timestamptz", dibs::default = "now()")]
    pub at: String,
    pub x: i32,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "odd", dibs::inherits = "a.b.c")]
pub struct BadParent {
    pub id: i64,
}

/// Columns with a declared collation and a built-in one.
#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "handles")]
pub struct Handle {
    #[facet(dibs::pk, dibs::collate = "case_insensitive")]
    pub name: String,
    #[facet(dibs::collate = "C")]
    pub sort_key: String,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "odd_collation")]
pub struct BadCollation {
    #[facet(dibs::collate = "a.b.c")]
    pub name: String,
}

/// The errors reading `shapes` gives, one per line; `refused` says why there must be some.
fn declaration_errors(shapes: Vec<&'static facet::Shape>, refused: &str) -> String {
    match dibs::schema_from_shapes(shapes) {
        Ok(_) => panic!("{refused}"),
        Err(errors) => errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn sql(kind: DeclaredKind, sql: &str) -> SqlDeclaration {
    SqlDeclaration {
        kind,
        sql: sql.to_string(),
        origin: format!("test {}", kind.word()),
        view: None,
        columns: Vec::new(),
        comment: None,
    }
}

const TOUCH: &str = "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$";
const SLUG: &str = "CREATE FUNCTION public.note_slug() RETURNS text LANGUAGE sql
AS $$ SELECT substr(md5(random()::text), 1, 8) $$";
const TRIGGER: &str =
    "CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch()";

fn schema(extra: &[&'static facet::Shape], declarations: Vec<SqlDeclaration>) -> Schema {
    let mut shapes = vec![Note::SHAPE, NoteTitle::SHAPE, NoteCount::SHAPE];
    shapes.extend_from_slice(extra);
    let mut code = dibs::schema_from_shapes(shapes).expect("declarations are valid");
    // The trigger first: declarations build in whatever order works.
    code.declarations.extend(declarations);
    code
}

async fn normalized(code: &Schema) -> Result<Schema, String> {
    let mut scratch = fresh().await;
    dibs_postgres::normalize(&mut scratch, code)
        .await
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn declared_functions_triggers_and_views_converge() {
    let code = schema(
        &[],
        vec![
            sql(DeclaredKind::Trigger, TRIGGER),
            sql(DeclaredKind::Function, TOUCH),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let declared = normalized(&code).await.expect("builds");
    assert_eq!(declared.functions.len(), 2);
    assert_eq!(declared.triggers.len(), 1);
    let view = &declared.views[&dibs_schema::QualifiedName::new("public", "note_titles")];
    assert_eq!(view.comment.as_deref(), Some("Titles of all notes."));
    let mut target = fresh().await;
    let plan = migrate_to(&mut target, &declared).await;
    insta::assert_snapshot!(plan.to_sql());
}

#[tokio::test]
async fn a_function_body_that_does_not_compile_names_the_function() {
    let broken = "CREATE FUNCTION public.broken() RETURNS int LANGUAGE plpgsql AS $$
BEGIN RETURN nonsense syntax here; END $$";
    let code = schema(
        &[],
        vec![
            sql(DeclaredKind::Function, SLUG),
            sql(DeclaredKind::Function, broken),
        ],
    );
    let err = normalized(&code).await.unwrap_err();
    assert!(err.contains("public.broken()"), "{err}");
    assert!(err.contains("does not compile"), "{err}");
}

#[tokio::test]
async fn a_declaration_of_the_wrong_kind_is_refused() {
    let code = schema(
        &[],
        vec![
            sql(DeclaredKind::Function, SLUG),
            sql(DeclaredKind::Trigger, TOUCH),
        ],
    );
    let err = normalized(&code).await.unwrap_err();
    assert!(
        err.contains("the trigger declared at test trigger"),
        "{err}"
    );
    assert!(err.contains("must start with CREATE TRIGGER"), "{err}");
}

#[tokio::test]
async fn a_declaration_naming_what_does_not_exist_is_refused_with_the_reason() {
    let code = schema(
        &[],
        vec![
            sql(DeclaredKind::Function, SLUG),
            sql(DeclaredKind::Trigger, TRIGGER),
        ],
    );
    let err = normalized(&code).await.unwrap_err();
    assert!(
        err.contains("the trigger declared at test trigger"),
        "{err}"
    );
    assert!(err.contains("function touch() does not exist"), "{err}");
}

#[tokio::test]
async fn a_view_struct_whose_fields_differ_from_the_query_names_both() {
    let code = schema(
        &[WrongColumns::SHAPE],
        vec![sql(DeclaredKind::Function, SLUG)],
    );
    let err = normalized(&code).await.unwrap_err();
    assert!(err.contains("struct WrongColumns"), "{err}");
    assert!(
        err.contains("(id bigint, heading character varying(200))"),
        "{err}"
    );
    assert!(err.contains("(id bigint, title text)"), "{err}");
}

/// A table with row security on, forced on its owner too.
#[derive(Facet)]
#[facet(
    derive(dibs::Table),
    dibs::table = "secrets",
    dibs::force_row_level_security
)]
pub struct Secret {
    #[facet(dibs::pk)]
    pub id: i64,
    pub owner: String,
}

const OWN_SECRETS: &str = "CREATE POLICY own_secrets ON secrets
    USING (owner = current_user) WITH CHECK (owner = current_user)";

#[tokio::test]
async fn declared_policies_and_row_security_converge() {
    let code = schema(
        &[Secret::SHAPE],
        vec![
            sql(DeclaredKind::Policy, OWN_SECRETS),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let declared = normalized(&code).await.expect("builds");
    let secrets = &declared.tables[&dibs_schema::QualifiedName::new("public", "secrets")];
    assert!(secrets.row_level_security && secrets.force_row_level_security);
    assert_eq!(declared.policies.len(), 1);
    let mut target = fresh().await;
    let plan = migrate_to(&mut target, &declared).await;
    let applied = plan.to_sql();
    assert!(
        applied.contains("ALTER TABLE public.secrets FORCE ROW LEVEL SECURITY"),
        "{applied}"
    );
    assert!(
        applied.contains(
            "CREATE POLICY own_secrets ON public.secrets AS PERMISSIVE FOR ALL TO PUBLIC"
        ),
        "{applied}"
    );

    // A policy declared with the wrong macro is refused with its name.
    let wrong = schema(
        &[],
        vec![
            sql(DeclaredKind::Trigger, OWN_SECRETS),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let err = normalized(&wrong).await.unwrap_err();
    assert!(
        err.contains("test trigger") && err.contains("CREATE TRIGGER"),
        "{err}"
    );
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "members")]
pub struct Member {
    #[facet(dibs::pk)]
    pub id: i64,
    #[facet(dibs::sql_type = "citext", dibs::unique)]
    pub email: String,
}

/// A declared extension is created before the table using its type, and a database that
/// has it (at whatever version) is in sync: never dropped, never updated unless pinned.
#[tokio::test]
async fn declared_extensions_are_created_first_and_kept() {
    let mut code = dibs::schema_from_shapes([Member::SHAPE]).expect("valid");
    code.extensions.insert(
        "citext".into(),
        dibs_schema::Extension {
            name: "citext".into(),
            schema: "public".into(),
            version: None,
        },
    );
    let declared = normalized(&code).await.expect("builds");
    assert_eq!(declared.extensions["citext"].version, None, "not pinned");
    let mut target = fresh().await;
    let plan = migrate_to(&mut target, &declared).await;
    let sql = plan.to_sql();
    let extension = sql.find("CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;");
    let table = sql.find("CREATE TABLE public.members");
    assert!(extension.is_some() && extension < table, "{sql}");
}

const GRANT_READER: &str = "GRANT SELECT ON public.notes, public.note_titles TO dibs_grant_reader";
const REVOKE_SLUG: &str = "REVOKE EXECUTE ON FUNCTION public.note_slug() FROM PUBLIC";
const DEFAULT_GRANT: &str =
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dibs_grant_reader";

/// Declared grants are built after the objects they name (default privileges before, so
/// declared tables pick them up), compared only when the crate manages privileges, and a
/// grant to a role the server lacks names the declaration and the fix.
#[tokio::test]
async fn declared_grants_converge_and_need_privileges_on_and_real_roles() {
    let admin = fresh().await;
    admin
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE dibs_grant_reader; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        )
        .await
        .expect("role");
    let grants = || {
        vec![
            sql(DeclaredKind::Grant, GRANT_READER),
            sql(DeclaredKind::Grant, REVOKE_SLUG),
            sql(DeclaredKind::Grant, DEFAULT_GRANT),
            sql(DeclaredKind::Function, SLUG),
        ]
    };
    let off = schema(&[], grants());
    let err = normalized(&off).await.unwrap_err();
    assert!(
        err.contains("test grant") && err.contains("privileges: true"),
        "{err}"
    );

    let mut code = schema(&[], grants());
    code.manages_privileges = true;
    let declared = normalized(&code).await.expect("builds");
    let notes =
        dibs_schema::PrivilegeTarget::Table(dibs_schema::QualifiedName::new("public", "notes"));
    assert!(declared.acl(&notes).is_some(), "{:?}", declared.privileges);
    assert_eq!(declared.default_privileges.len(), 1);
    let mut target = fresh().await;
    let plan = migrate_to(&mut target, &declared).await;
    let applied = plan.to_sql();
    for expected in [
        "GRANT SELECT ON TABLE public.notes TO dibs_grant_reader",
        "REVOKE EXECUTE ON ROUTINE public.note_slug() FROM PUBLIC",
        "IN SCHEMA public GRANT SELECT ON TABLES TO dibs_grant_reader",
    ] {
        assert!(applied.contains(expected), "{expected}\n{applied}");
    }
    // The materialized view was created after the default privileges: it has them too.
    assert!(
        applied.contains("GRANT SELECT ON TABLE public.note_counts TO dibs_grant_reader"),
        "{applied}"
    );

    let mut missing = schema(
        &[],
        vec![
            sql(
                DeclaredKind::Grant,
                "GRANT SELECT ON public.notes TO dibs_no_such_role",
            ),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    missing.manages_privileges = true;
    let err = normalized(&missing).await.unwrap_err();
    assert!(
        err.contains("test grant") && err.contains("CREATE ROLE"),
        "{err}"
    );
}

#[tokio::test]
async fn declared_rules_and_statistics_converge() {
    let code = schema(
        &[],
        vec![
            sql(
                DeclaredKind::Rule,
                "CREATE RULE notes_keep AS ON DELETE TO notes DO INSTEAD NOTHING",
            ),
            sql(
                DeclaredKind::Statistics,
                "CREATE STATISTICS notes_title_slug (ndistinct) ON title, slug FROM notes",
            ),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let declared = normalized(&code).await.expect("builds");
    assert_eq!(declared.rules.len(), 1, "{:?}", declared.rules);
    assert_eq!(declared.statistics.len(), 1, "{:?}", declared.statistics);
    let mut target = fresh().await;
    let applied = migrate_to(&mut target, &declared).await.to_sql();
    assert!(applied.contains("CREATE RULE notes_keep AS"), "{applied}");
    assert!(
        applied.contains("CREATE STATISTICS public.notes_title_slug (ndistinct) ON title, slug"),
        "{applied}"
    );

    let wrong = schema(
        &[],
        vec![sql(
            DeclaredKind::Statistics,
            "CREATE INDEX notes_title ON notes (title)",
        )],
    );
    let err = normalized(&wrong).await.unwrap_err();
    assert!(
        err.contains("test statistics") && err.contains("CREATE STATISTICS"),
        "{err}"
    );
}

#[tokio::test]
async fn declared_publications_converge_after_their_tables() {
    let code = schema(
        &[],
        vec![
            sql(
                DeclaredKind::Publication,
                "CREATE PUBLICATION notes_feed FOR TABLE notes WITH (publish = 'insert, update')",
            ),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let declared = normalized(&code).await.expect("builds");
    let feed = &declared.publications[0];
    assert_eq!(feed.name, "notes_feed");
    assert_eq!(feed.publish, ["insert", "update"]);
    assert_eq!(feed.tables.len(), 1, "{feed:?}");
    let mut target = fresh().await;
    let applied = migrate_to(&mut target, &declared).await.to_sql();
    assert!(
        applied.contains("CREATE PUBLICATION notes_feed FOR TABLE public.notes"),
        "{applied}"
    );
    let missing = schema(
        &[],
        vec![
            sql(
                DeclaredKind::Publication,
                "CREATE PUBLICATION feed FOR TABLE no_such_table",
            ),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let err = normalized(&missing).await.unwrap_err();
    assert!(
        err.contains("test publication") && err.contains("no_such_table"),
        "{err}"
    );
}

#[tokio::test]
async fn declared_servers_and_foreign_tables_converge_after_their_extension() {
    let mut code = schema(
        &[],
        vec![
            sql(
                DeclaredKind::Foreign,
                "CREATE FOREIGN TABLE public.remote_notes (id bigint NOT NULL, title text) \
                 SERVER notes_archive OPTIONS (table_name 'notes')",
            ),
            sql(
                DeclaredKind::Foreign,
                "CREATE SERVER notes_archive FOREIGN DATA WRAPPER postgres_fdw \
                 OPTIONS (host 'archive.internal')",
            ),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    code.extensions.insert(
        "postgres_fdw".into(),
        dibs_schema::Extension {
            name: "postgres_fdw".into(),
            schema: "public".into(),
            version: None,
        },
    );
    let declared = normalized(&code).await.expect("builds");
    assert_eq!(declared.foreign_servers.len(), 1);
    assert_eq!(declared.foreign_tables.len(), 1);
    let mut target = fresh().await;
    let sql = migrate_to(&mut target, &declared).await.to_sql();
    let extension = sql.find("CREATE EXTENSION IF NOT EXISTS postgres_fdw");
    let server = sql.find("CREATE SERVER notes_archive FOREIGN DATA WRAPPER postgres_fdw");
    let table = sql.find("CREATE FOREIGN TABLE public.remote_notes");
    assert!(
        extension < server && server < table && extension.is_some(),
        "{sql}"
    );
}

#[tokio::test]
async fn declared_inheritance_converges_and_a_bad_parent_is_named() {
    let code = schema(
        &[Event::SHAPE, Click::SHAPE],
        vec![sql(DeclaredKind::Function, SLUG)],
    );
    let declared = normalized(&code).await.expect("builds");
    let clicks = &declared.tables[&dibs_schema::QualifiedName::new("public", "clicks")];
    assert_eq!(
        clicks.inherits,
        [dibs_schema::QualifiedName::new("public", "events")]
    );
    let own: Vec<&str> = clicks.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(own, ["x"], "inherited columns are the parent's");
    let mut target = fresh().await;
    let applied = migrate_to(&mut target, &declared).await.to_sql();
    assert!(applied.contains("INHERITS (public.events)"), "{applied}");

    let err = declaration_errors(
        vec![BadParent::SHAPE],
        "a three-part parent name is refused",
    );
    assert!(
        err.contains("BadParent") && err.contains("dibs::inherits = \"a.b.c\""),
        "{err}"
    );
}

#[tokio::test]
async fn declared_collations_are_built_before_the_columns_using_them() {
    let ci = "CREATE COLLATION case_insensitive \
              (provider = icu, locale = 'und-u-ks-level2', deterministic = false)";
    let code = schema(
        &[Handle::SHAPE],
        vec![
            sql(DeclaredKind::Collation, ci),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let declared = normalized(&code).await.expect("builds");
    let handles = &declared.tables[&dibs_schema::QualifiedName::new("public", "handles")];
    let collations: Vec<Option<&str>> = handles
        .columns
        .iter()
        .map(|c| c.collation.as_deref())
        .collect();
    assert_eq!(
        collations,
        [Some("public.case_insensitive"), Some("pg_catalog.\"C\"")]
    );
    let mut target = fresh().await;
    let applied = migrate_to(&mut target, &declared).await.to_sql();
    let create = applied.find("CREATE COLLATION public.case_insensitive");
    let table = applied.find("CREATE TABLE public.handles");
    assert!(create.is_some() && create < table, "{applied}");

    let broken = schema(
        &[Handle::SHAPE],
        vec![
            sql(
                DeclaredKind::Collation,
                "CREATE COLLATION case_insensitive (provider = icu, locale = 'und', deterministic = maybe)",
            ),
            sql(DeclaredKind::Function, SLUG),
        ],
    );
    let err = normalized(&broken).await.unwrap_err();
    assert!(
        err.contains("test collation") && err.contains("deterministic"),
        "{err}"
    );
    let err = declaration_errors(
        vec![BadCollation::SHAPE],
        "a three-part collation name is refused",
    );
    assert!(
        err.contains("BadCollation.name") && err.contains("dibs::collate = \"a.b.c\""),
        "{err}"
    );
}
