//! Functions, views, triggers and policies: their queries, their catalog edges, and the model built
//! from the rows. Four statements whatever the number of objects; each definition is
//! printed by the server (`pg_get_functiondef`, `pg_get_viewdef`, `pg_get_triggerdef`,
//! `pg_get_indexdef`), so both sides of a diff compare the server's own text. Rows are
//! decoded by column name, and a row that does not decode is an error naming the object.

use std::collections::HashMap;

use dibs_schema::{
    ColumnRef, Dependency, Function, FunctionName, Policy, PolicyCommand, PolicyName,
    QualifiedName, RoutineKind, Schema, Trigger, TriggerEnabled, TriggerName, View, ViewColumn,
    ViewIndex, ViewKind,
};
use tokio_postgres::Row;

use super::cell::named;

use crate::error::DbError;

/// Routines in the managed schemas that no extension owns and that are not part of
/// another object (a range type's constructors). Aggregates have no
/// `pg_get_functiondef`: their `CREATE AGGREGATE` is assembled from `pg_aggregate` here,
/// with every function and type name printed by the server.
pub const FUNCTIONS: &str = "
    SELECT p.oid AS oid, n.nspname::text AS schema, p.proname::text AS name,
           pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity,
           p.prokind::text AS kind,
           CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END AS result,
           pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
           CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) ELSE pg_catalog.concat(
             'CREATE AGGREGATE ', pg_catalog.quote_ident(n.nspname), '.', pg_catalog.quote_ident(p.proname),
             '(', CASE WHEN p.pronargs = 0 THEN '*' ELSE pg_catalog.pg_get_function_arguments(p.oid) END,
             ') (SFUNC = ', a.aggtransfn::pg_catalog.regproc::text,
             ', STYPE = ', pg_catalog.format_type(a.aggtranstype, NULL),
             CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace END,
             CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::pg_catalog.regproc::text END,
             CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' END,
             CASE WHEN a.aggfinalmodify <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END THEN
               ', FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY'
                 WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
             CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::pg_catalog.regproc::text END,
             CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::pg_catalog.regproc::text END,
             CASE WHEN a.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || a.aggdeserialfn::pg_catalog.regproc::text END,
             CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || pg_catalog.quote_literal(a.agginitval) END,
             CASE WHEN a.aggmtransfn <> 0 THEN ', MSFUNC = ' || a.aggmtransfn::pg_catalog.regproc::text
               || ', MINVFUNC = ' || a.aggminvtransfn::pg_catalog.regproc::text
               || ', MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, NULL) END,
             CASE WHEN a.aggmtransspace <> 0 THEN ', MSSPACE = ' || a.aggmtransspace END,
             CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || a.aggmfinalfn::pg_catalog.regproc::text END,
             CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' END,
             CASE WHEN a.aggminitval IS NOT NULL THEN ', MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval) END,
             CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = OPERATOR('
               || (SELECT pg_catalog.quote_ident(opn.nspname) || '.' || op.oprname
                     FROM pg_catalog.pg_operator op
                     JOIN pg_catalog.pg_namespace opn ON opn.oid = op.oprnamespace
                    WHERE op.oid = a.aggsortop) || ')' END,
             CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' END,
             CASE WHEN a.aggkind = 'h' THEN ', HYPOTHETICAL' END,
             ')') END AS definition,
           ds.description AS comment
      FROM pg_catalog.pg_proc p
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = p.oid
           AND ds.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE n.nspname = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                          AND d.objid = p.oid AND d.deptype IN ('e', 'i') OFFSET 0)
     ORDER BY 2, 3, 4";

/// Views and materialized views, with their output columns.
pub const VIEWS: &str = "
    SELECT c.oid AS oid, n.nspname::text AS schema, c.relname::text AS name,
           c.relkind = 'm' AS materialized, pg_catalog.pg_get_viewdef(c.oid) AS query,
           COALESCE(c.reloptions::text[], '{}') AS options, ds.description AS comment,
           ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                  ORDER BY a.attnum) AS column_names,
           ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                  ORDER BY a.attnum) AS column_types
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid
           AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                          AND d.objid = c.oid AND d.deptype = 'e' OFFSET 0)
     ORDER BY 2, 3";

/// Event triggers whose function is in the managed schemas (they belong to the whole
/// database: one that other tooling installed is not ours).
pub const EVENT_TRIGGERS: &str = "
    SELECT e.evtname::text AS name, e.evtevent::text AS event,
           COALESCE(e.evttags, '{}')::text[] AS tags, n.nspname::text AS function_schema,
           p.proname::text AS function_name, e.evtenabled::text AS enabled,
           ds.description AS comment
      FROM pg_catalog.pg_event_trigger e
      JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = e.oid
           AND ds.classoid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass
     WHERE n.nspname = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass
                          AND d.objid = e.oid AND d.deptype = 'e')
     ORDER BY 1";

/// Indexes of materialized views in the managed schemas.
pub const VIEW_INDEXES: &str = "
    SELECT ix.indrelid AS view, ic.relname::text AS name,
           pg_catalog.pg_get_indexdef(ix.indexrelid) AS definition, ds.description AS comment
      FROM pg_catalog.pg_index ix
      JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
      JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid AND c.relkind = 'm'
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = ix.indexrelid
           AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE n.nspname = ANY($1)
     ORDER BY 1, 2";

/// User triggers on the tables and views read (`$1 oid[]`; those relations are already
/// not an extension's); a partition's copies of its parent's triggers (`tgparentid`)
/// belong to the parent. `OFFSET 0` in the extension checks elsewhere keeps them one index
/// probe per candidate instead of an anti-join over all of pg_depend.
pub const TRIGGERS: &str = "
    SELECT tg.oid AS oid, n.nspname::text AS schema, c.relname::text AS table_name,
           tg.tgname::text AS name, pg_catalog.pg_get_triggerdef(tg.oid) AS definition,
           tg.tgenabled::text AS enabled, ds.description AS comment
      FROM pg_catalog.pg_trigger tg
      JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = tg.oid
           AND ds.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE tg.tgrelid = ANY($1::pg_catalog.oid[]) AND NOT tg.tgisinternal AND tg.tgparentid = 0
     ORDER BY 2, 3, 4";

/// Row-level security policies on the tables read (`$1 oid[]`), with their roles by name
/// (`public` for PUBLIC, oid 0) and their expressions as the server prints them.
pub const POLICIES: &str = "
    SELECT po.oid AS oid, n.nspname::text AS schema, c.relname::text AS table_name,
           po.polname::text AS name, po.polpermissive AS permissive, po.polcmd::text AS command,
           ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.oid)::text END
                   FROM pg_catalog.unnest(po.polroles) AS r(oid) ORDER BY 1) AS roles,
           pg_catalog.pg_get_expr(po.polqual, po.polrelid) AS using_expr,
           pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid) AS check_expr,
           ds.description AS comment
      FROM pg_catalog.pg_policy po
      JOIN pg_catalog.pg_class c ON c.oid = po.polrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = po.oid
           AND ds.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE po.polrelid = ANY($1::pg_catalog.oid[])
     ORDER BY 2, 3, 4";

/// The catalog edges of the functions (`f`, `$1 oid[]`), views (`v`, `$2`, through their
/// rewrite rule), triggers (`t`), policies (`p`), rules (`R`) and extended statistics
/// (`S`) on the relations `$3` read, and the
/// domains (`D`) whose default and checks call one of those functions, with what they
/// reference named: `r`elation, `c`olumn, `t`ype (arrays as their element), `f`unction,
/// `s`equence. Every arm is index probes by oid. Built-in objects are pinned and never
/// recorded.
pub const EDGES: &str = "
    SELECT x.dependent_kind, x.dependent, x.ref_kind, x.ref_schema, x.ref_name, x.ref_sub
      FROM (
        SELECT e.dependent_kind, e.dependent,
               CASE WHEN rc.oid IS NOT NULL THEN
                      CASE WHEN rc.relkind = 'S' THEN 's'
                           WHEN e.refobjsubid > 0 THEN 'c' ELSE 'r' END
                    WHEN tc.oid IS NOT NULL THEN 'r'
                    WHEN et.oid IS NOT NULL THEN 't'
                    WHEN rp.oid IS NOT NULL THEN 'f' END AS ref_kind,
               COALESCE(rcn.nspname, tcn.nspname, etn.nspname, rpn.nspname)::text AS ref_schema,
               COALESCE(rc.relname, tc.relname, et.typname, rp.proname)::text AS ref_name,
               CASE WHEN rc.oid IS NOT NULL AND e.refobjsubid > 0 THEN
                      (SELECT a.attname::text FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = rc.oid AND a.attnum = e.refobjsubid)
                    WHEN rp.oid IS NOT NULL THEN
                      pg_catalog.pg_get_function_identity_arguments(rp.oid) END AS ref_sub
          FROM (
            SELECT 'f' AS dependent_kind, d.objid AS dependent, d.refclassid, d.refobjid, d.refobjsubid
              FROM pg_catalog.pg_depend d
             WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
               AND d.objid = ANY($1::pg_catalog.oid[]) AND d.deptype = 'n'
            UNION ALL
            SELECT 'v', r.ev_class, d.refclassid, d.refobjid, d.refobjsubid
              FROM pg_catalog.pg_rewrite r
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                   AND d.objid = r.oid AND d.deptype = 'n' AND d.refobjid <> r.ev_class
             WHERE r.ev_class = ANY($2::pg_catalog.oid[]) AND r.rulename = '_RETURN'
            UNION ALL
            SELECT 't', tg.oid, d.refclassid, d.refobjid, d.refobjsubid
              FROM pg_catalog.pg_trigger tg
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass
                   AND d.objid = tg.oid AND d.deptype IN ('n', 'a')
             WHERE tg.tgrelid = ANY($3::pg_catalog.oid[]) AND NOT tg.tgisinternal
            UNION ALL
            SELECT 'p', po.oid, d.refclassid, d.refobjid, d.refobjsubid
              FROM pg_catalog.pg_policy po
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass
                   AND d.objid = po.oid AND d.deptype IN ('n', 'a')
             WHERE po.polrelid = ANY($3::pg_catalog.oid[])
            UNION ALL
            SELECT 'R', r.oid, d.refclassid, d.refobjid, d.refobjsubid
              FROM pg_catalog.pg_rewrite r
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                   AND d.objid = r.oid AND d.deptype IN ('n', 'a')
             WHERE r.ev_class = ANY($3::pg_catalog.oid[]) AND r.rulename <> '_RETURN'
            UNION ALL
            SELECT 'S', s.oid, d.refclassid, d.refobjid, d.refobjsubid
              FROM pg_catalog.pg_statistic_ext s
              JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass
                   AND d.objid = s.oid AND d.deptype IN ('n', 'a')
             WHERE s.stxrelid = ANY($3::pg_catalog.oid[])
            UNION ALL
            SELECT 'D', CASE WHEN d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                             THEN d.objid ELSE con.contypid END, d.refclassid, d.refobjid, 0
              FROM pg_catalog.pg_depend d
              LEFT JOIN pg_catalog.pg_constraint con
                   ON d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND con.oid = d.objid
             WHERE d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
               AND d.refobjid = ANY($1::pg_catalog.oid[]) AND d.deptype = 'n'
               AND (d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass OR con.contypid <> 0)
          ) e
          LEFT JOIN pg_catalog.pg_class rc
               ON e.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND rc.oid = e.refobjid
               AND rc.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rc.relnamespace
          LEFT JOIN pg_catalog.pg_type rt
               ON e.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt.oid = e.refobjid
          LEFT JOIN pg_catalog.pg_type et ON et.oid = CASE
               WHEN rt.typcategory = 'A' AND rt.typelem <> 0 THEN rt.typelem ELSE rt.oid END
          LEFT JOIN pg_catalog.pg_class tc ON tc.oid = et.typrelid AND tc.relkind <> 'c'
          LEFT JOIN pg_catalog.pg_namespace tcn ON tcn.oid = tc.relnamespace
          LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
          LEFT JOIN pg_catalog.pg_proc rp
               ON e.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND rp.oid = e.refobjid
          LEFT JOIN pg_catalog.pg_namespace rpn ON rpn.oid = rp.pronamespace
      ) x
     WHERE x.ref_kind IS NOT NULL AND x.ref_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1, 2, 3, 4, 5, 6";

/// The rows of the object queries.
pub(crate) struct ObjectRows {
    pub functions: Vec<Row>,
    pub views: Vec<Row>,
    pub view_indexes: Vec<Row>,
    pub triggers: Vec<Row>,
    pub policies: Vec<Row>,
    pub rules: Vec<Row>,
    pub statistics: Vec<Row>,
    pub event_triggers: Vec<Row>,
    pub edges: Vec<Row>,
    pub table_uses: Vec<Row>,
}

/// Adds the functions, views and triggers to `schema`, with their edges, and the
/// functions each table calls. `tables` maps the oids of the tables read to their names.
pub(crate) fn build(
    schema: &mut Schema,
    rows: &ObjectRows,
    tables: &HashMap<u32, QualifiedName>,
    domains: &HashMap<u32, QualifiedName>,
) -> Result<(), DbError> {
    let mut edges = edges(&rows.edges)?;
    for row in &rows.functions {
        let function = function(row, &mut edges)?;
        schema.functions.insert(function.name.clone(), function);
    }
    let mut indexes: HashMap<u32, Vec<ViewIndex>> = HashMap::new();
    for row in &rows.view_indexes {
        let what = "an index of a materialized view";
        indexes
            .entry(named(row, "view", what)?)
            .or_default()
            .push(ViewIndex {
                name: named(row, "name", what)?,
                definition: named(row, "definition", what)?,
                comment: named(row, "comment", what)?,
            });
    }
    for row in &rows.views {
        let view = view(row, &mut edges, &mut indexes)?;
        schema.views.insert(view.name.clone(), view);
    }
    for row in &rows.triggers {
        let trigger = trigger(row, &mut edges)?;
        schema.triggers.insert(trigger.name.clone(), trigger);
    }
    for row in &rows.policies {
        let policy = policy(row, &mut edges)?;
        schema.policies.insert(policy.name.clone(), policy);
    }
    for row in &rows.rules {
        let rule = super::rules::rule(row, &mut edges)?;
        schema.rules.insert(rule.name.clone(), rule);
    }
    for row in &rows.statistics {
        let statistics = super::statistics::statistics(row, &mut edges)?;
        schema
            .statistics
            .insert(statistics.name.clone(), statistics);
    }
    for row in &rows.event_triggers {
        schema.event_triggers.push(event_trigger(row)?);
    }
    for (oid, name) in domains {
        let Some(domain) = schema.domains.get_mut(name) else {
            continue;
        };
        for dependency in edges.remove(&('D', *oid)).unwrap_or_default() {
            if let Dependency::Function(function) = dependency
                && !domain.functions.contains(&function)
            {
                domain.functions.push(function);
            }
        }
    }
    super::table_uses::build(schema, &rows.table_uses, tables)?;
    Ok(())
}

pub(super) type Edges = HashMap<(char, u32), Vec<Dependency>>;

fn edges(rows: &[Row]) -> Result<Edges, DbError> {
    let what = "dependencies of functions, views and triggers";
    let mut out: Edges = HashMap::new();
    for row in rows {
        let dependent_kind: String = named(row, "dependent_kind", what)?;
        let dependent: u32 = named(row, "dependent", what)?;
        let kind: String = named(row, "ref_kind", what)?;
        let name = QualifiedName::new(
            named::<String>(row, "ref_schema", what)?,
            named::<String>(row, "ref_name", what)?,
        );
        let sub: Option<String> = named(row, "ref_sub", what)?;
        let dependency = match (kind.as_str(), sub) {
            ("r", _) => Dependency::Relation(name),
            ("c", Some(column)) => Dependency::Column(ColumnRef {
                table: name,
                column,
            }),
            ("t", _) => Dependency::Type(name),
            ("f", Some(arguments)) => Dependency::Function(FunctionName { name, arguments }),
            ("s", _) => Dependency::Sequence(name),
            (other, _) => {
                return Err(DbError::Client {
                    doing: format!("reading {what}"),
                    reason: format!("unexpected reference kind {other:?} to {name}"),
                });
            }
        };
        let key = (dependent_kind.chars().next().unwrap_or('?'), dependent);
        let list = out.entry(key).or_default();
        if !list.contains(&dependency) {
            list.push(dependency);
        }
    }
    Ok(out)
}

fn function(row: &Row, edges: &mut Edges) -> Result<Function, DbError> {
    let what = "a function";
    let oid: u32 = named(row, "oid", what)?;
    let name = FunctionName {
        name: QualifiedName::new(
            named::<String>(row, "schema", what)?,
            named::<String>(row, "name", what)?,
        ),
        arguments: named(row, "identity", what)?,
    };
    let described = format!("function {name}");
    let kind = match named::<String>(row, "kind", &described)?.as_str() {
        "p" => RoutineKind::Procedure,
        "a" => RoutineKind::Aggregate,
        "w" => RoutineKind::Window,
        _ => RoutineKind::Function,
    };
    Ok(Function {
        kind,
        result: named(row, "result", &described)?,
        arguments: named(row, "arguments", &described)?,
        definition: named(row, "definition", &described)?,
        comment: named(row, "comment", &described)?,
        depends_on: edges.remove(&('f', oid)).unwrap_or_default(),
        name,
    })
}

fn view(
    row: &Row,
    edges: &mut Edges,
    indexes: &mut HashMap<u32, Vec<ViewIndex>>,
) -> Result<View, DbError> {
    let what = "a view";
    let oid: u32 = named(row, "oid", what)?;
    let name = QualifiedName::new(
        named::<String>(row, "schema", what)?,
        named::<String>(row, "name", what)?,
    );
    let described = format!("view {name}");
    let names: Vec<String> = named(row, "column_names", &described)?;
    let types: Vec<String> = named(row, "column_types", &described)?;
    let query: String = named(row, "query", &described)?;
    let mut options: Vec<String> = named(row, "options", &described)?;
    options.sort();
    Ok(View {
        kind: match named(row, "materialized", &described)? {
            true => ViewKind::Materialized,
            false => ViewKind::View,
        },
        query: query.trim().trim_end_matches(';').to_string(),
        options,
        columns: names
            .into_iter()
            .zip(types)
            .map(|(name, ty)| ViewColumn { name, ty })
            .collect(),
        indexes: indexes.remove(&oid).unwrap_or_default(),
        comment: named(row, "comment", &described)?,
        depends_on: edges.remove(&('v', oid)).unwrap_or_default(),
        name,
    })
}

/// The `enabled` column of a trigger or event trigger row (`tgenabled`, `evtenabled`).
pub(super) fn enabled(row: &Row, described: &str) -> Result<TriggerEnabled, DbError> {
    let letter: String = named(row, "enabled", described)?;
    letter
        .chars()
        .next()
        .and_then(TriggerEnabled::from_catalog)
        .ok_or_else(|| DbError::Client {
            doing: format!("reading {described}"),
            reason: format!("unknown enabled value {letter:?}"),
        })
}

fn trigger(row: &Row, edges: &mut Edges) -> Result<Trigger, DbError> {
    let what = "a trigger";
    let oid: u32 = named(row, "oid", what)?;
    let name = TriggerName {
        table: QualifiedName::new(
            named::<String>(row, "schema", what)?,
            named::<String>(row, "table_name", what)?,
        ),
        name: named(row, "name", what)?,
    };
    let described = format!("trigger {name}");
    let enabled = enabled(row, &described)?;
    Ok(Trigger {
        definition: named(row, "definition", &described)?,
        enabled,
        comment: named(row, "comment", &described)?,
        depends_on: edges.remove(&('t', oid)).unwrap_or_default(),
        name,
    })
}

fn policy(row: &Row, edges: &mut Edges) -> Result<Policy, DbError> {
    let what = "a policy";
    let oid: u32 = named(row, "oid", what)?;
    let name = PolicyName {
        table: QualifiedName::new(
            named::<String>(row, "schema", what)?,
            named::<String>(row, "table_name", what)?,
        ),
        name: named(row, "name", what)?,
    };
    let described = format!("policy {name}");
    let letter: String = named(row, "command", &described)?;
    let command = letter
        .chars()
        .next()
        .and_then(PolicyCommand::from_catalog)
        .ok_or_else(|| DbError::Client {
            doing: format!("reading {described}"),
            reason: format!("unknown command {letter:?}"),
        })?;
    Ok(Policy {
        permissive: named(row, "permissive", &described)?,
        command,
        roles: named(row, "roles", &described)?,
        using: named(row, "using_expr", &described)?,
        with_check: named(row, "check_expr", &described)?,
        comment: named(row, "comment", &described)?,
        // The edge to its own table says nothing the name does not.
        depends_on: edges
            .remove(&('p', oid))
            .unwrap_or_default()
            .into_iter()
            .filter(|d| *d != Dependency::Relation(name.table.clone()))
            .collect(),
        name,
    })
}

/// The `oid` column of object rows (functions or views), for the queries that follow.
pub(crate) fn oids(rows: &[Row], what: &str) -> Result<Vec<u32>, DbError> {
    rows.iter().map(|row| named(row, "oid", what)).collect()
}

fn event_trigger(row: &Row) -> Result<dibs_schema::EventTrigger, DbError> {
    let what = "an event trigger";
    let name: String = named(row, "name", what)?;
    let described = format!("event trigger {name}");
    let enabled = enabled(row, &described)?;
    let mut tags: Vec<String> = named(row, "tags", &described)?;
    tags.sort();
    Ok(dibs_schema::EventTrigger {
        event: named(row, "event", &described)?,
        tags,
        function: FunctionName {
            name: QualifiedName::new(
                named::<String>(row, "function_schema", &described)?,
                named::<String>(row, "function_name", &described)?,
            ),
            arguments: String::new(),
        },
        enabled,
        comment: named(row, "comment", &described)?,
        name,
    })
}
