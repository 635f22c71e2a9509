//! Property test: random schema pairs (tables, with functions, triggers and views over
//! them, policies, statistics, grants, owners and a publication), each created from an empty database by our own plan, then diffed, applied and re-read until the diff is empty. Case count is capped
//! (`DIBS_RANDOM_CASES`, default 16) to keep CI time bounded; seeds are printed on failure.

use dibs_postgres::apply_statements;
use dibs_schema::{
    Column, EnumType, ForeignKey, Index, IndexKey, KeyConstraint, NamedDefinition, QualifiedName,
    ReferentialAction, Schema, Table, plan,
};

use crate::common::{converge, database_with, read};

/// xorshift64*: small, deterministic, good enough to pick schema shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FAMILIES: &[(&[&str], &str)] = &[
    (
        &[
            "smallint",
            "integer",
            "bigint",
            "numeric(12,2)",
            "double precision",
        ],
        "0",
    ),
    (
        &["text", "character varying(20)", "character varying(50)"],
        "'x'::text",
    ),
    (
        &[
            "timestamp with time zone",
            "timestamp without time zone",
            "date",
        ],
        "now()",
    ),
    (&["boolean"], "false"),
    (&["jsonb"], "'{}'::jsonb"),
    (&["uuid"], "gen_random_uuid()"),
    (&["text[]", "integer[]"], "'{}'"),
];

fn name(schema: &str, n: &str) -> QualifiedName {
    QualifiedName::new(schema, n)
}

fn mood(rng: &mut Rng) -> EnumType {
    let all = ["calm", "sad", "happy", "angry", "bored"];
    let mut values: Vec<String> = all
        .iter()
        .filter(|_| rng.chance(70))
        .map(|s| s.to_string())
        .collect();
    if values.is_empty() {
        values.push("calm".into());
    }
    if rng.chance(30) {
        values.reverse();
    }
    EnumType {
        name: name("public", "mood"),
        values,
        comment: None,
    }
}

fn column(rng: &mut Rng, index: usize, with_enum: bool) -> Column {
    let family = rng.below(FAMILIES.len() + usize::from(with_enum));
    let (ty, default) = match FAMILIES.get(family) {
        Some((types, default)) => (rng.pick(types).to_string(), default.to_string()),
        None => ("public.mood".to_string(), String::new()),
    };
    let mut column = Column::new(format!("c{index}"), ty);
    column.not_null = rng.chance(30);
    if !default.is_empty() && rng.chance(40) {
        column.default = Some(default);
    }
    if rng.chance(10) {
        column.comment = Some(format!("column {index}"));
    }
    column
}

fn constraint_comment(rng: &mut Rng, what: &str) -> Option<String> {
    rng.chance(15).then(|| format!("{what} {}", rng.below(2)))
}

fn table(rng: &mut Rng, t: usize, with_enum: bool, earlier: &[QualifiedName]) -> Table {
    let mut table = Table::new(name("public", &format!("t{t}")));
    let mut id = Column::new("id", "bigint");
    id.not_null = true;
    table.columns.push(id);
    table.primary_key = Some(KeyConstraint {
        name: format!("t{t}_pkey"),
        columns: vec!["id".into()],
        definition: None,
        comment: constraint_comment(rng, "primary key"),
    });
    for c in 0..1 + rng.below(6) {
        if rng.chance(80) {
            table.columns.push(column(rng, c, with_enum));
        }
    }
    let first_other = table.columns.get(1).map(|c| c.name.clone());
    if let Some(col) = &first_other {
        if rng.chance(40) {
            table.indexes.push(Index {
                name: format!("t{t}_{col}_idx"),
                unique: rng.chance(30),
                method: "btree".into(),
                keys: vec![IndexKey {
                    definition: if rng.chance(50) {
                        col.clone()
                    } else {
                        format!("{col} DESC")
                    },
                }],
                include: Vec::new(),
                predicate: None,
                nulls_not_distinct: false,
                options: if rng.chance(20) {
                    vec!["fillfactor=70".into()]
                } else {
                    Vec::new()
                },
                comment: None,
                valid: true,
            });
        }
        if rng.chance(25) {
            table.uniques.push(KeyConstraint {
                name: format!("t{t}_{col}_key"),
                columns: vec![col.clone()],
                definition: None,
                comment: constraint_comment(rng, "unique"),
            });
        }
    }
    if rng.chance(25) {
        table.checks.push(NamedDefinition {
            name: format!("t{t}_id_check"),
            definition: format!("CHECK (id > {})", rng.below(3)),
            comment: constraint_comment(rng, "check"),
        });
    }
    if !earlier.is_empty() && rng.chance(50) {
        let target = earlier[rng.below(earlier.len())].clone();
        let mut parent = Column::new("parent_id", "bigint");
        parent.not_null = rng.chance(50);
        table.columns.push(parent);
        table.foreign_keys.push(ForeignKey {
            name: format!("t{t}_parent_id_fkey"),
            columns: vec!["parent_id".into()],
            references: target,
            referenced_columns: vec!["id".into()],
            on_delete: if rng.chance(50) {
                ReferentialAction::Cascade
            } else {
                ReferentialAction::NoAction
            },
            on_delete_columns: Vec::new(),
            on_update: ReferentialAction::NoAction,
            deferrable: false,
            initially_deferred: false,
            match_full: false,
            validated: true,
            comment: constraint_comment(rng, "parent"),
        });
    }
    if rng.chance(10) {
        table.comment = Some(format!("table {t}"));
    }
    if rng.chance(15) {
        table.options = vec!["autovacuum_enabled=false".into(), "fillfactor=80".into()];
    }
    table
}

fn schema(rng: &mut Rng) -> Schema {
    let mut schema = Schema {
        schemas: vec!["public".into()],
        ..Schema::default()
    };
    let with_enum = rng.chance(60);
    if with_enum {
        let e = mood(rng);
        schema.enums.insert(e.name.clone(), e);
    }
    let mut names: Vec<QualifiedName> = Vec::new();
    for t in 0..1 + rng.below(5) {
        if rng.chance(75) {
            let table = table(rng, t, with_enum, &names);
            names.push(table.name.clone());
            schema.tables.insert(table.name.clone(), table);
        }
    }
    schema
}

/// Functions, triggers and views over the random tables, as SQL run after the tables: a
/// trigger function (two bodies), a function whose result type varies (recreated with its
/// users), triggers calling them, views over some columns and views over those views.
fn objects_sql(rng: &mut Rng, schema: &Schema) -> String {
    use dibs_schema::Ident;
    let mut sql = String::new();
    let touch = rng.chance(60);
    if touch {
        let body = rng.pick(&["RETURN NEW;", "NEW := NEW; RETURN NEW;"]);
        sql.push_str(&format!(
            "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$;\n"
        ));
    }
    let label = rng.chance(50);
    if label {
        let ty = rng.pick(&["text", "varchar"]);
        sql.push_str(&format!(
            "CREATE FUNCTION public.label(i integer) RETURNS {ty} LANGUAGE sql IMMUTABLE AS $$ SELECT i::text $$;\n"
        ));
    }
    sql.push_str(&catalog_kinds_sql(rng, schema));
    for (t, table) in schema.tables.values().enumerate() {
        if touch && rng.chance(40) {
            sql.push_str(&format!(
                "CREATE TRIGGER touch_{t} BEFORE UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION public.touch();\n",
                table.name
            ));
        }
        if !rng.chance(45) || table.columns.is_empty() {
            continue;
        }
        let mut columns: Vec<String> = table
            .columns
            .iter()
            .filter(|_| rng.chance(60))
            .map(|c| Ident(&c.name).to_string())
            .collect();
        if columns.is_empty() {
            columns.push(Ident(&table.columns[0].name).to_string());
        }
        if label {
            columns.push("public.label(1) AS label".into());
        }
        let view = format!("v_{}", table.name.name);
        sql.push_str(&format!(
            "CREATE VIEW public.{} AS SELECT {} FROM {};\n",
            Ident(&view),
            columns.join(", "),
            table.name
        ));
        if rng.chance(40) {
            sql.push_str(&format!(
                "CREATE VIEW public.{} AS SELECT * FROM public.{};\n",
                Ident(&format!("w_{}", table.name.name)),
                Ident(&view)
            ));
        }
    }
    sql
}

/// Row security and policies over a column, extended statistics, grants, owners and a
/// publication (the kinds of the whole-catalog issue), on random tables: retyped or
/// dropped columns under them make the plan rebuild or drop them.
fn catalog_kinds_sql(rng: &mut Rng, schema: &Schema) -> String {
    use dibs_schema::Ident;
    let mut sql = String::from(
        "DO $$ BEGIN CREATE ROLE dibs_random_reader; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n\
         DO $$ BEGIN CREATE ROLE dibs_random_owner; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n",
    );
    let mut published = Vec::new();
    for (t, table) in schema.tables.values().enumerate() {
        let Some(first) = table.columns.first() else {
            continue;
        };
        let first = Ident(&first.name).to_string();
        if rng.chance(30) {
            sql.push_str(&format!(
                "ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;\n\
                 CREATE POLICY p_{t} ON {0} FOR SELECT USING ({first} IS NOT NULL);\n",
                table.name
            ));
            if rng.chance(50) {
                sql.push_str(&format!(
                    "COMMENT ON POLICY p_{t} ON {} IS 'seen';\n",
                    table.name
                ));
            }
        }
        if table.columns.len() >= 2 && rng.chance(25) {
            let second = Ident(&table.columns[1].name);
            sql.push_str(&format!(
                "CREATE STATISTICS public.s_{t} (ndistinct) ON {first}, {second} FROM {};\n",
                table.name
            ));
        }
        if rng.chance(30) {
            sql.push_str(&format!(
                "GRANT SELECT ON {} TO dibs_random_reader;\n",
                table.name
            ));
        }
        if rng.chance(20) {
            sql.push_str(&format!(
                "ALTER TABLE {} OWNER TO dibs_random_owner;\n",
                table.name
            ));
        }
        if rng.chance(30) {
            published.push(table.name.to_string());
        }
    }
    if !published.is_empty() {
        sql.push_str(&format!(
            "CREATE PUBLICATION random_feed FOR TABLE {};\n",
            published.join(", ")
        ));
    }
    sql
}

async fn database_for(schema: &Schema) -> tokio_postgres::Client {
    let (client, _) = database_with("").await;
    let creation = plan(&Schema::default(), schema).expect("creation orders");
    apply_statements(&client, creation.statements())
        .await
        .unwrap_or_else(|e| {
            panic!(
                "creating a random schema failed: {e}\n{}",
                creation.to_sql()
            )
        });
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_schema_pairs_converge() {
    let cases: u64 = std::env::var("DIBS_RANDOM_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    // Bounded concurrency: each case holds a few connections.
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut set = tokio::task::JoinSet::new();
    for seed in 1..=cases {
        let permits = permits.clone();
        set.spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore open");
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let (a, b) = (schema(&mut rng), schema(&mut rng));
            let (a_objects, b_objects) = (objects_sql(&mut rng, &a), objects_sql(&mut rng, &b));
            let mut from = database_for(&a).await;
            let mut goal = database_for(&b).await;
            for (client, sql) in [(&from, &a_objects), (&goal, &b_objects)] {
                if let Err(e) = client.batch_execute(sql).await {
                    panic!("seed {seed}: creating random objects failed: {e}\n{sql}");
                }
            }
            let target = read(&mut goal).await;
            let result = tokio::spawn(async move { converge(&mut from, &target).await }).await;
            result.map(|_| ()).map_err(|e| format!("seed {seed}: {e}"))
        });
    }
    let mut failures = Vec::new();
    while let Some(outcome) = set.join_next().await {
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(message)) => failures.push(message),
            Err(panic) => failures.push(format!("a case panicked: {panic}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} random cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
