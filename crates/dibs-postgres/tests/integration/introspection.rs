//! Introspection facts that convergence alone would not catch.

use crate::common::{database_with, read};

#[tokio::test]
async fn extension_objects_and_bookkeeping_are_not_read() {
    let (mut client, _) = database_with(
        "CREATE EXTENSION citext; CREATE TABLE __dibs_migrations (id text);
         CREATE TABLE kept (id int); CREATE VIEW v AS SELECT 1 AS one;
         CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
    )
    .await;
    let schema = read(&mut client).await;
    let tables: Vec<_> = schema.tables.keys().map(|k| k.to_string()).collect();
    assert_eq!(tables, ["public.kept"]);
    assert!(schema.extensions.contains_key("citext"));
    // citext's own functions live in public too; only the user's are read.
    let functions: Vec<_> = schema.functions.keys().map(|k| k.to_string()).collect();
    assert_eq!(functions, ["public.f()"]);
    let views: Vec<_> = schema.views.keys().map(|k| k.to_string()).collect();
    assert_eq!(views, ["public.v"]);
    assert!(schema.unmanaged.is_empty(), "{:?}", schema.unmanaged);
}

/// Rules on relations outside the compared schemas are not dibs's: in the way of a
/// change, they are named.
#[tokio::test]
async fn unmanaged_objects_in_the_way_are_named_never_cascaded() {
    let (mut from, _) = database_with(
        "CREATE TABLE t (a int, b int, c text);
         CREATE TABLE gone (id int);
         CREATE SCHEMA other; CREATE TABLE other.log (id int); CREATE TABLE other.audit (v int);
         CREATE RULE uses_b AS ON INSERT TO other.audit DO ALSO UPDATE t SET b = b WHERE b = NEW.v;
         CREATE RULE uses_gone AS ON INSERT TO other.log DO ALSO INSERT INTO gone VALUES (NEW.id);",
    )
    .await;
    let from = read(&mut from).await;
    let (mut drop_b, _) =
        database_with("CREATE TABLE t (a int, c text); CREATE TABLE gone (id int);").await;
    let err = dibs_schema::plan(&from, &read(&mut drop_b).await)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("rule uses_b on table other.audit depends on column public.t.b"),
        "{err}"
    );
    assert!(err.contains("never uses CASCADE"), "{err}");

    let (mut retype_b, _) =
        database_with("CREATE TABLE t (a int, b bigint, c text); CREATE TABLE gone (id int);")
            .await;
    let err = dibs_schema::plan(&from, &read(&mut retype_b).await)
        .unwrap_err()
        .to_string();
    assert!(err.contains("change the type of"), "{err}");

    let (mut drop_table, _) = database_with("CREATE TABLE t (a int, b int, c text);").await;
    let err = dibs_schema::plan(&from, &read(&mut drop_table).await)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("rule uses_gone on table other.log depends on table public.gone"),
        "{err}"
    );

    // Changing a column no rule uses is fine, and the rule is left alone.
    let (mut other, _) =
        database_with("CREATE TABLE t (a bigint, b int, c text); CREATE TABLE gone (id int);")
            .await;
    let plan = dibs_schema::plan(&from, &read(&mut other).await).expect("a is not in the way");
    assert!(!plan.to_sql().contains("RULE"), "{}", plan.to_sql());
}

/// Foreign keys name their target and its columns whether or not the target is read: in a
/// managed schema, outside them, or a table dibs skips inside one (its bookkeeping).
#[tokio::test]
async fn foreign_key_targets_are_named_inside_and_outside_the_managed_schemas() {
    let (mut client, _) = database_with(
        "CREATE SCHEMA billing;
         CREATE TABLE billing.accounts (id int PRIMARY KEY, code int UNIQUE);
         CREATE TABLE __dibs_migrations (id text PRIMARY KEY);
         CREATE TABLE users (id int PRIMARY KEY, handle int UNIQUE);
         CREATE TABLE orders (
           id int PRIMARY KEY,
           account int REFERENCES billing.accounts (code),
           buyer int REFERENCES users (handle),
           migration text REFERENCES __dibs_migrations (id));",
    )
    .await;
    let schema = read(&mut client).await;
    let orders = &schema.tables[&dibs_schema::QualifiedName::new("public", "orders")];
    let mut targets: Vec<_> = orders
        .foreign_keys
        .iter()
        .map(|fk| {
            format!(
                "{} -> {} ({})",
                fk.columns.join(","),
                fk.references,
                fk.referenced_columns.join(",")
            )
        })
        .collect();
    targets.sort();
    assert_eq!(
        targets,
        [
            "account -> billing.accounts (code)",
            "buyer -> public.users (handle)",
            "migration -> public.__dibs_migrations (id)",
        ]
    );
}

/// Defaults are deparsed once per distinct expression, generated columns one by one: the
/// same stored tree names different columns in different tables.
#[tokio::test]
async fn shared_defaults_and_generated_columns_keep_their_own_text() {
    let (mut client, _) = database_with(
        "CREATE TABLE a (x int, g int GENERATED ALWAYS AS (x + 1) STORED, n int DEFAULT 0,
                         s varchar(8) DEFAULT 'on', c text COLLATE \"C\");
         CREATE TABLE b (y int, g int GENERATED ALWAYS AS (y + 1) STORED, n int DEFAULT 0,
                         s varchar(8) DEFAULT 'off', m numeric(12,2) DEFAULT 0);
         COMMENT ON COLUMN b.y IS 'the y';",
    )
    .await;
    let schema = read(&mut client).await;
    let column = |table: &str, name: &str| {
        let key = dibs_schema::QualifiedName::new("public", table);
        schema.tables[&key]
            .columns
            .iter()
            .find(|c| c.name == name)
            .cloned()
            .expect("column read")
    };
    assert_eq!(column("a", "g").generated.as_deref(), Some("(x + 1)"));
    assert_eq!(column("b", "g").generated.as_deref(), Some("(y + 1)"));
    assert_eq!(column("a", "g").default, None);
    assert_eq!(column("a", "n").default.as_deref(), Some("0"));
    assert_eq!(column("b", "n").default.as_deref(), Some("0"));
    assert_eq!(
        column("a", "s").default.as_deref(),
        Some("'on'::character varying")
    );
    assert_eq!(
        column("b", "s").default.as_deref(),
        Some("'off'::character varying")
    );
    assert_eq!(column("a", "s").ty, "character varying(8)");
    assert_eq!(column("b", "m").ty, "numeric(12,2)");
    assert_eq!(column("b", "m").default.as_deref(), Some("0"));
    assert_eq!(
        column("a", "c").collation.as_deref(),
        Some("pg_catalog.\"C\"")
    );
    assert_eq!(column("b", "y").comment.as_deref(), Some("the y"));
    assert_eq!(column("a", "x").comment, None);
}

/// A concurrent build that failed leaves an INVALID index: against a valid one it is
/// drift, and the plan rebuilds it (it used to compare equal, so both sides were "in sync").
#[tokio::test]
async fn an_invalid_index_is_rebuilt() {
    let (broken, _) = database_with("CREATE TABLE t (a int); INSERT INTO t VALUES (1), (0);").await;
    let failed = broken
        .batch_execute("CREATE INDEX CONCURRENTLY t_inverse ON t ((1 / a))")
        .await;
    assert!(failed.is_err(), "the build divides by zero");
    let (mut broken, mut healthy) = (
        broken,
        database_with("CREATE TABLE t (a int); CREATE INDEX t_inverse ON t ((1 / a));")
            .await
            .0,
    );
    let (from, to) = (read(&mut broken).await, read(&mut healthy).await);
    assert!(!from.tables.values().next().unwrap().indexes[0].valid);
    let plan = dibs_schema::plan(&from, &to).expect("plans");
    let sql = plan.to_sql();
    assert!(sql.contains("DROP INDEX public.t_inverse;"), "{sql}");
    assert!(sql.contains("CREATE INDEX t_inverse ON public.t"), "{sql}");
    // The other way round nothing is asked of a valid index.
    let back = dibs_schema::plan(&to, &from).expect("plans");
    assert!(back.is_empty(), "{}", back.to_sql());
}

/// An extension at an older version is updated to the target's, in place.
#[tokio::test]
async fn extension_versions_are_read_and_updated() {
    let (mut old, _) = database_with("CREATE EXTENSION pg_trgm VERSION '1.4'").await;
    let (mut new, _) = database_with("CREATE EXTENSION pg_trgm").await;
    let from = read(&mut old).await;
    let to = read(&mut new).await;
    assert_eq!(from.extensions["pg_trgm"].version.as_deref(), Some("1.4"));
    let wanted = to.extensions["pg_trgm"].version.clone().unwrap();
    assert_ne!(wanted, "1.4");
    let plan = crate::common::converge(&mut old, &to).await;
    assert_eq!(
        plan.to_sql().trim(),
        format!("ALTER EXTENSION pg_trgm UPDATE TO '{wanted}';")
    );
}

/// Table changes are ordered by what each part names in the catalog, never by matching
/// names in SQL text: `mood` is not used by a check that casts to `mood_v2`; a generated
/// column, a check and an index read the columns the catalog says they read.
#[tokio::test]
async fn table_parts_name_what_the_catalog_records() {
    let (mut client, _) = database_with(
        "CREATE EXTENSION citext;
         CREATE TYPE mood AS ENUM ('sad'); CREATE TYPE mood_v2 AS ENUM ('ok');
         CREATE SEQUENCE counter; CREATE TABLE other (id int); CREATE TYPE pair AS (a int, b int);
         CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
         CREATE TABLE t (
             id int DEFAULT nextval('counter'),
             moods mood[],
             label citext,
             row_of other,
             v int,
             g int GENERATED ALWAYS AS (v + 1) STORED,
             CONSTRAINT only_ok CHECK ((v::text)::mood_v2 = 'ok'),
             CONSTRAINT pair_ok CHECK ((ROW(v, v)::pair).a = v)
         );
         CREATE INDEX t_twice ON t (twice(v)) WHERE moods <> '{}'::mood[];",
    )
    .await;
    let schema = read(&mut client).await;
    let table = &schema.tables[&dibs_schema::QualifiedName::new("public", "t")];
    let edges: Vec<String> = table
        .uses
        .iter()
        .map(|edge| format!("{:?} -> {:?}", edge.part, edge.uses))
        .collect();
    insta::assert_snapshot!(edges.join("\n"));
}

/// A generated column cannot lose its expression and get it back, so a function it
/// computes with cannot be recreated under it: refused with the two-step fix.
#[tokio::test]
async fn a_function_recreated_under_a_generated_column_is_refused_with_the_fix() {
    let table = "CREATE TABLE t (a int, g bigint GENERATED ALWAYS AS (twice(a)) STORED);";
    let (mut from, _) = database_with(&format!(
        "CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2'; {table}"
    ))
    .await;
    let (mut to, _) = database_with(&format!(
        "CREATE FUNCTION twice(int) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2'; {table}"
    ))
    .await;
    let err = dibs_schema::plan(&read(&mut from).await, &read(&mut to).await)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("function public.twice(integer)")
            && err.contains("generated column public.t.g computes with it")
            && err.contains("two steps"),
        "{err}"
    );
}

/// A collation cannot be altered, nor dropped under its users: a changed definition of
/// one in use is refused naming them, and the fix (a new name) converges.
#[tokio::test]
async fn a_collation_redefined_under_its_users_is_refused_naming_them() {
    let table = "CREATE TABLE tags (label text COLLATE ci UNIQUE);";
    let (mut from, _) = database_with(&format!(
        "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false); {table}"
    ))
    .await;
    let (mut to, _) = database_with(&format!(
        "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false); {table}"
    ))
    .await;
    let err = dibs_schema::plan(&read(&mut from).await, &read(&mut to).await)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("collation public.ci is defined differently")
            && err.contains("column label of table public.tags")
            && err.contains("index public.tags_label_key")
            && err.contains("under another name"),
        "{err}"
    );
    // Unused, the same change is a drop and a create.
    from.batch_execute("DROP TABLE tags").await.unwrap();
    to.batch_execute("DROP TABLE tags").await.unwrap();
    let target = read(&mut to).await;
    let plan = crate::common::converge(&mut from, &target).await;
    assert_eq!(plan.changes.len(), 2, "{}", plan.to_sql());
}

#[tokio::test]
async fn a_range_in_use_whose_subtype_diff_is_recreated_is_refused_naming_the_columns() {
    let range = "CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_diff);
                 CREATE TABLE shifts (during timerange);";
    let (mut from, _) = database_with(&format!(
        "CREATE FUNCTION time_diff(x time, y time) RETURNS float8 LANGUAGE sql IMMUTABLE
             AS 'SELECT EXTRACT(EPOCH FROM (x - y))'; {range}"
    ))
    .await;
    let (mut to, _) = database_with(&format!(
        "CREATE FUNCTION time_diff(a time, b time) RETURNS float8 LANGUAGE sql IMMUTABLE
             AS 'SELECT EXTRACT(EPOCH FROM (a - b))'; {range}"
    ))
    .await;
    let err = dibs_schema::plan(&read(&mut from).await, &read(&mut to).await)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("range type public.timerange calls it")
            && err.contains("public.shifts.during")
            && err.contains("another name"),
        "{err}"
    );
    // Unused, the range is dropped before the function and created after it.
    from.batch_execute("DROP TABLE shifts").await.unwrap();
    to.batch_execute("DROP TABLE shifts").await.unwrap();
    let target = read(&mut to).await;
    crate::common::converge(&mut from, &target).await;
}

/// What `Settings { owner }` does to the declared side: every object owned by one role.
/// A role the server lacks is refused before anything runs, naming it.
#[tokio::test]
async fn an_owner_the_server_lacks_is_refused_naming_the_role() {
    let sql =
        "CREATE TABLE accounts (id int PRIMARY KEY); CREATE VIEW ids AS SELECT id FROM accounts;";
    let (mut from, _) = database_with(sql).await;
    let (mut to, _) = database_with(sql).await;
    let current = read(&mut from).await;
    let mut goal = read(&mut to).await;
    assert!(current.current_role.is_some() && !goal.owners.is_empty());
    for owner in &mut goal.owners {
        owner.role = "dibs_no_such_owner".into();
    }
    let err = dibs_schema::plan(&current, &goal).unwrap_err().to_string();
    assert!(
        err.contains("\"dibs_no_such_owner\"") && err.contains("CREATE ROLE"),
        "{err}"
    );
    // An existing role is a plain ALTER … OWNER TO for each object.
    from.batch_execute(
        "DO $$ BEGIN CREATE ROLE dibs_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;",
    )
    .await
    .unwrap();
    let current = read(&mut from).await;
    for owner in &mut goal.owners {
        owner.role = "dibs_owner".into();
    }
    let sql = dibs_schema::plan(&current, &goal).unwrap().to_sql();
    assert!(
        sql.contains("ALTER TABLE public.accounts OWNER TO dibs_owner")
            && sql.contains("ALTER VIEW public.ids OWNER TO dibs_owner")
            && sql.contains("ALTER SCHEMA public OWNER TO dibs_owner"),
        "{sql}"
    );
    crate::common::converge(&mut from, &goal).await;
}
