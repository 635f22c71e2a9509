//! Reading a live database into the schema model, from pg_catalog, with a fixed number of
//! queries run in one read-only snapshot.
//!
//! Three pipelined rounds: the tables (with the server version and what the managed
//! schemas hold); then everything else as plain catalog data, the per-table queries by
//! table oid, with the columns' types, defaults and collations formatted once per distinct
//! value as soon as the columns are in (`columns.rs`, `defaults.rs`); last, the server
//! deparses the few constraints and indexes that are not plain column lists and names the
//! tables foreign keys reference outside what was read. Formatting and deparsing row by
//! row is what makes catalog reads slow on big schemas.

mod build;
pub(crate) mod cell;
mod collations;
mod columns;
mod defaults;
mod foreign;
mod index_def;
mod objects;
mod owners;
mod privileges;
mod publications;
mod queries;
mod rules;
mod statistics;
mod table_uses;
mod tables;

use std::collections::{HashMap, HashSet};

use dibs_schema::Schema;
use tokio_postgres::{Client, Row, Transaction};

use crate::error::DbError;
use cell::{at, name_at};

/// What to read.
#[derive(Debug, Clone)]
pub struct IntrospectOptions {
    /// Schemas under management; objects elsewhere are ignored.
    pub schemas: Vec<String>,
    /// Read privileges, default privileges and the server's roles (opt-in: roles differ
    /// between environments, so most comparisons leave them out).
    pub privileges: bool,
    /// Read owners and the reading role (opt-in for the same reason).
    pub owners: bool,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        IntrospectOptions {
            schemas: vec!["public".to_string()],
            privileges: false,
            owners: false,
        }
    }
}

/// The parameters a catalog query takes.
#[derive(Clone, Copy)]
enum Params<'a> {
    None,
    /// `$1 text[]`: the managed schemas.
    Schemas(&'a Vec<String>),
    /// `$1 oid[]`: the tables found by the first query, or the objects to deparse.
    Oids(&'a Vec<u32>),
    /// `$1 oid[], $2 text[]`: the tables found by the first query and the managed schemas.
    OidsAndSchemas(&'a Vec<u32>, &'a Vec<String>),
    /// `$1 oid[], $2 int4[]`: types and their modifiers.
    Types(&'a Vec<u32>, &'a Vec<i32>),
    /// `$1 oid[], $2 oid[], $3 oid[]`: functions, views and relations (`objects::EDGES`).
    Edges(&'a Vec<u32>, &'a Vec<u32>, &'a Vec<u32>),
    /// Tables, functions, schemas and the parts with expressions (`table_uses::TABLE_USES`).
    TableUses(
        &'a Vec<u32>,
        &'a Vec<u32>,
        &'a Vec<String>,
        &'a table_uses::ExpressionParts,
    ),
}

impl<'a> Params<'a> {
    fn values(self) -> Vec<&'a (dyn tokio_postgres::types::ToSql + Sync)> {
        match self {
            Params::None => Vec::new(),
            Params::Schemas(schemas) => vec![schemas],
            Params::Oids(oids) => vec![oids],
            Params::OidsAndSchemas(oids, schemas) => vec![oids, schemas],
            Params::Types(oids, typmods) => vec![oids, typmods],
            Params::Edges(functions, views, relations) => vec![functions, views, relations],
            Params::TableUses(tables, functions, schemas, parts) => vec![
                tables,
                functions,
                schemas,
                &parts.generated_defaults,
                &parts.constraints,
                &parts.indexes,
            ],
        }
    }
}

/// The first column (an oid) of every row.
fn first_oids(rows: &[Row], what: &str) -> Result<Vec<u32>, DbError> {
    rows.iter().map(|row| at(row, 0, &what)).collect()
}

/// One catalog query; `what` names it in errors.
async fn read(
    tx: &Transaction<'_>,
    sql: &str,
    params: Params<'_>,
    what: &'static str,
) -> Result<Vec<Row>, DbError> {
    tx.query(sql, &params.values())
        .await
        .map_err(|e| DbError::query(format!("reading {what} from pg_catalog"), e))
}

/// One catalog query whose rows go to `each` as they arrive: decoding overlaps the
/// server producing the rest of the round, and no `Row` outlives its decoding.
async fn read_each(
    tx: &Transaction<'_>,
    sql: &str,
    params: Params<'_>,
    what: &'static str,
    mut each: impl FnMut(Row) -> Result<(), DbError>,
) -> Result<(), DbError> {
    use futures_core::Stream;
    let failed = |e| DbError::query(format!("reading {what} from pg_catalog"), e);
    let rows = tx.query_raw(sql, params.values()).await.map_err(failed)?;
    let mut rows = std::pin::pin!(rows);
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        each(row.map_err(failed)?)?;
    }
    Ok(())
}

/// `read`, or no rows without asking when `present` says there is nothing of the kind.
async fn read_if(
    present: bool,
    tx: &Transaction<'_>,
    sql: &str,
    params: Params<'_>,
    what: &'static str,
) -> Result<Vec<Row>, DbError> {
    match present {
        true => read(tx, sql, params, what).await,
        false => Ok(Vec::new()),
    }
}

/// The catalog rows of the first two rounds.
pub(crate) struct Catalog {
    pub tables: Vec<Row>,
    pub columns: columns::Columns,
    pub constraints: Vec<Row>,
    pub indexes: Vec<Row>,
    pub default_opclasses: HashSet<u32>,
    pub identities: HashMap<(u32, i16), dibs_schema::SequenceOptions>,
    pub dependents: Vec<Row>,
}

/// Server-deparsed text from the last round.
pub(crate) struct Deparsed {
    pub constraints: HashMap<u32, String>,
    pub indexes: HashMap<u32, String>,
    /// Tables foreign keys reference that were not read, by oid.
    pub referenced: HashMap<u32, tables::ReferencedTable>,
}

/// Reads the schema of the database `client` is connected to.
pub async fn introspect(
    client: &mut Client,
    options: &IntrospectOptions,
) -> Result<Schema, DbError> {
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(|e| DbError::query("starting the introspection transaction", e))?;
    let schemas = &options.schemas;
    // Each round is pipelined on the one connection. The first finds the tables, so that
    // the second reads their columns, constraints and indexes by oid instead of scanning
    // pg_class and joining pg_namespace again in every query.
    let ((), overview, tables) = tokio::try_join!(
        async {
            // JIT compiling a catalog query costs more than running it (≈30 ms for the
            // constraints of 1730 tables), and the big ones cross jit_above_cost; parallel
            // workers cost more to start than the catalog joins they would split.
            tx.batch_execute(
                "SET LOCAL search_path = ''; SET LOCAL jit = off; \
                 SET LOCAL max_parallel_workers_per_gather = 0",
            )
            .await
            .map_err(|e| DbError::query("setting up the introspection transaction", e))
        },
        read(
            &tx,
            queries::OVERVIEW,
            Params::Schemas(schemas),
            "the server version and schemas"
        ),
        read(&tx, queries::TABLES, Params::Schemas(schemas), "tables"),
    )?;
    let overview = overview.first().ok_or_else(|| DbError::Client {
        doing: "reading the server version and schemas".into(),
        reason: "the server returned no row".into(),
    })?;
    let what = &"the server version and schemas";
    let version: i32 = at(overview, 0, what)?;
    let existing: Vec<String> = at(overview, 1, what)?;
    let kinds: Vec<String> = at(overview, 2, what)?;
    let commented: Vec<String> = at(overview, 3, what)?;
    let schema_comments: Vec<String> = at(overview, 4, what)?;
    let present = |kind: &str| kinds.iter().any(|k| k == kind);
    let oids: Vec<u32> = first_oids(&tables, "a table")?;
    let by_oid = Params::Oids(&oids);
    let (constraints_sql, indexes_sql) = (
        queries::for_version(queries::CONSTRAINTS, version),
        queries::for_version(queries::INDEXES, version),
    );
    let none = Params::None;
    let by_schema = Params::Schemas(schemas);
    let (
        columns,
        constraints,
        indexes,
        dependents,
        enums,
        domains,
        composites,
        ranges,
        sequences,
        unmanaged,
        extensions,
        opclasses,
        identities,
        objects,
        acl_rows,
        collations,
        publication_rows,
        foreign_rows,
    ) = tokio::try_join!(
        columns::read_columns(&tx, &oids),
        read(&tx, &constraints_sql, by_oid, "constraints"),
        read(&tx, &indexes_sql, by_oid, "indexes"),
        read(
            &tx,
            queries::DEPENDENTS,
            Params::OidsAndSchemas(&oids, schemas),
            "dependents of tables"
        ),
        read_if(present("e"), &tx, queries::ENUMS, by_schema, "enum types"),
        read_if(present("d"), &tx, queries::DOMAINS, by_schema, "domains"),
        read_if(
            present("c"),
            &tx,
            queries::COMPOSITES,
            by_schema,
            "composite types"
        ),
        read_if(present("r"), &tx, queries::RANGES, by_schema, "range types"),
        read_if(
            present("S"),
            &tx,
            queries::SEQUENCES,
            by_schema,
            "sequences"
        ),
        read(&tx, queries::UNMANAGED, by_schema, "unmanaged objects"),
        read(&tx, queries::EXTENSIONS, none, "extensions"),
        read(&tx, queries::DEFAULT_OPCLASSES, none, "operator classes"),
        read(&tx, queries::IDENTITY_SEQUENCES, none, "identity sequences"),
        read_objects(&tx, by_schema, &present),
        read_privileges(&tx, by_schema, options),
        read(&tx, collations::COLLATIONS, by_schema, "collations"),
        publications::read(&tx, version, present("P")),
        foreign::read(&tx, schemas, present("W"), present("f")),
    )?;
    let catalog = Catalog {
        tables,
        columns,
        constraints,
        indexes,
        default_opclasses: first_oids(&opclasses, "an operator class")?
            .into_iter()
            .collect(),
        identities: tables::identities(&identities)?,
        dependents,
    };
    let names = tables::ColumnIndex::new(&catalog.columns.rows);
    let parts = table_uses::ExpressionParts::of(&catalog)?;
    let (deparsed, objects) = tokio::try_join!(
        deparse(&tx, &catalog, &names),
        read_object_edges(&tx, &oids, schemas, &parts, objects),
    )?;
    tx.commit()
        .await
        .map_err(|e| DbError::query("ending the introspection transaction", e))?;

    let mut schema = Schema {
        schemas: options
            .schemas
            .iter()
            .filter(|name| existing.contains(*name))
            .cloned()
            .collect(),
        schema_comments: commented
            .into_iter()
            .zip(schema_comments)
            .map(|(schema, comment)| dibs_schema::SchemaComment { schema, comment })
            .collect(),
        ..Schema::default()
    };
    tables::tables(&mut schema, &catalog, &names, &deparsed)?;
    build::enums(&mut schema, &enums)?;
    build::domains(&mut schema, &domains)?;
    build::composites(&mut schema, &composites)?;
    build::ranges(&mut schema, &ranges)?;
    build::sequences(&mut schema, &sequences)?;
    build::extensions(&mut schema, &extensions)?;
    collations::collations(&mut schema, &collations)?;
    publications::publications(&mut schema, &publication_rows)?;
    foreign::build(&mut schema, &foreign_rows)?;
    build::unmanaged(&mut schema, &unmanaged)?;
    schema.manages_privileges = options.privileges;
    let [acls, default_acls, roles, owner_rows, current_role] = &acl_rows;
    privileges::acls(&mut schema, acls)?;
    privileges::default_acls(&mut schema, default_acls)?;
    privileges::roles(&mut schema, roles)?;
    let table_names: HashMap<u32, dibs_schema::QualifiedName> = catalog
        .tables
        .iter()
        .map(|row| Ok((at(row, 0, &"a table")?, name_at(row, 1, 2, &"a table")?)))
        .collect::<Result<_, DbError>>()?;
    let domain_names: HashMap<u32, dibs_schema::QualifiedName> = domains
        .iter()
        .map(|row| Ok((at(row, 9, &"a domain")?, name_at(row, 0, 1, &"a domain")?)))
        .collect::<Result<_, DbError>>()?;
    objects::build(&mut schema, &objects, &table_names, &domain_names)?;
    schema.manages_owners = options.owners;
    if let Some(row) = current_role.first() {
        schema.current_role = Some(at(row, 0, &"the current role")?);
    }
    owners::owners(&mut schema, owner_rows)?;
    Ok(schema)
}

/// ACLs, default privileges and roles, when privileges are managed.
async fn read_privileges(
    tx: &Transaction<'_>,
    by_schema: Params<'_>,
    options: &IntrospectOptions,
) -> Result<[Vec<Row>; 5], DbError> {
    let wanted = options.privileges;
    let roles_wanted = options.privileges || options.owners;
    let (acls, default_acls, roles, owners, current_role) = tokio::try_join!(
        read_if(wanted, tx, privileges::PRIVILEGES, by_schema, "privileges"),
        read_if(
            wanted,
            tx,
            privileges::DEFAULT_PRIVILEGES,
            by_schema,
            "default privileges"
        ),
        read_if(roles_wanted, tx, privileges::ROLES, Params::None, "roles"),
        read_if(options.owners, tx, owners::OWNERS, by_schema, "owners"),
        read_if(
            options.owners,
            tx,
            owners::CURRENT_ROLE,
            Params::None,
            "the current role"
        ),
    )?;
    Ok([acls, default_acls, roles, owners, current_role])
}

/// Functions and views (with their indexes), pipelined with the rest of the second round;
/// skipped for kinds the managed schemas do not hold.
async fn read_objects(
    tx: &Transaction<'_>,
    by_schema: Params<'_>,
    present: &impl Fn(&str) -> bool,
) -> Result<objects::ObjectRows, DbError> {
    let views = present("v") || present("m");
    let (functions, event_triggers, views, view_indexes) = tokio::try_join!(
        read_if(present("F"), tx, objects::FUNCTIONS, by_schema, "functions"),
        read_if(
            present("F"),
            tx,
            objects::EVENT_TRIGGERS,
            by_schema,
            "event triggers"
        ),
        read_if(views, tx, objects::VIEWS, by_schema, "views"),
        read_if(
            present("m"),
            tx,
            objects::VIEW_INDEXES,
            by_schema,
            "indexes of materialized views"
        ),
    )?;
    Ok(objects::ObjectRows {
        functions,
        views,
        view_indexes,
        event_triggers,
        triggers: Vec::new(),
        policies: Vec::new(),
        rules: Vec::new(),
        statistics: Vec::new(),
        edges: Vec::new(),
        table_uses: Vec::new(),
    })
}

/// The last round's object reads, by oid: triggers on the tables and views read, and the
/// catalog edges of everything read.
async fn read_object_edges(
    tx: &Transaction<'_>,
    tables: &[u32],
    schemas: &Vec<String>,
    parts: &table_uses::ExpressionParts,
    mut rows: objects::ObjectRows,
) -> Result<objects::ObjectRows, DbError> {
    let functions = objects::oids(&rows.functions, "a function")?;
    let views = objects::oids(&rows.views, "a view")?;
    let relations: Vec<u32> = tables.iter().chain(&views).copied().collect();
    let tables = tables.to_vec();
    let (triggers, policies, rules, statistics, edges, table_uses) = tokio::try_join!(
        read(tx, objects::TRIGGERS, Params::Oids(&relations), "triggers"),
        read(tx, objects::POLICIES, Params::Oids(&relations), "policies"),
        read(tx, rules::RULES, Params::Oids(&relations), "rules"),
        read(
            tx,
            statistics::STATISTICS,
            Params::Oids(&relations),
            "extended statistics"
        ),
        read(
            tx,
            objects::EDGES,
            Params::Edges(&functions, &views, &relations),
            "dependencies of functions, views, triggers, policies, rules and statistics"
        ),
        read(
            tx,
            table_uses::TABLE_USES,
            Params::TableUses(&tables, &functions, schemas, parts),
            "what columns, defaults, constraints and indexes use"
        ),
    )?;
    rows.triggers = triggers;
    rows.policies = policies;
    rows.rules = rules;
    rows.statistics = statistics;
    rows.edges = edges;
    rows.table_uses = table_uses;
    Ok(rows)
}

/// The last round: deparse what needs the server, and name the foreign-key targets the
/// first rounds did not read, all pipelined.
async fn deparse(
    tx: &Transaction<'_>,
    catalog: &Catalog,
    names: &tables::ColumnIndex<'_>,
) -> Result<Deparsed, DbError> {
    let constraint = &"a constraint";
    let mut constraint_oids: Vec<u32> = Vec::new();
    let mut unread_targets: Vec<u32> = Vec::new();
    let tables_read: HashSet<u32> = first_oids(&catalog.tables, "a table")?
        .into_iter()
        .collect();
    for row in &catalog.constraints {
        if at(row, tables::CONSTRAINT_NEEDS_DEPARSE, constraint)? {
            constraint_oids.push(at(row, tables::CONSTRAINT_OID, constraint)?);
        }
        let target: u32 = at(row, tables::CONSTRAINT_REFERENCED_TABLE, constraint)?;
        if target != 0 && !tables_read.contains(&target) {
            unread_targets.push(target);
        }
    }
    unread_targets.sort_unstable();
    unread_targets.dedup();
    let mut index_oids: Vec<u32> = Vec::new();
    for row in &catalog.indexes {
        if !tables::is_plain_index(row, &catalog.default_opclasses, names)? {
            index_oids.push(at(row, 4, &"an index")?);
        }
    }
    let (constraints, indexes, referenced) = tokio::try_join!(
        read(
            tx,
            queries::CONSTRAINT_DEFINITIONS,
            Params::Oids(&constraint_oids),
            "constraint definitions"
        ),
        read(
            tx,
            queries::INDEX_DEFINITIONS,
            Params::Oids(&index_oids),
            "index definitions"
        ),
        read(
            tx,
            queries::REFERENCED_TABLES,
            Params::Oids(&unread_targets),
            "tables foreign keys reference"
        ),
    )?;
    Ok(Deparsed {
        constraints: cell::pairs(&constraints, "a constraint definition")?,
        indexes: cell::pairs(&indexes, "an index definition")?,
        referenced: tables::referenced_tables(&referenced)?,
    })
}
