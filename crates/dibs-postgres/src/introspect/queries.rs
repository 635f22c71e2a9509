//! The catalog queries introspection runs: a fixed set, whatever the number of tables.
//!
//! Each takes either the managed schema names as `$1 text[]` or, for the per-table
//! queries, the oids of the tables `TABLES` found as `$1 oid[]`. They run with
//! `search_path = ''`, so every name the server deparses (types, defaults, references) is
//! schema-qualified and both sides of a diff print the same text.

/// Objects owned by an extension are the extension's business, not ours.
macro_rules! not_extension_owned {
    ($class:literal, $oid:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '",
            $class,
            "'::pg_catalog.regclass AND d.objid = ",
            $oid,
            " AND d.deptype = 'e')"
        )
    };
}
pub(crate) use not_extension_owned;

/// Which of the managed schemas exist: a diff creates the others.
/// What the first round needs besides the tables, in one query (each query costs
/// planning on the fresh backend a diff gets): the server version; which managed schemas
/// exist (a diff creates the others); and which kinds of types and relations they hold at
/// all — `e`num, `d`omain, `r`ange (pg_type), `c`omposite, `S`equence, `v`iew,
/// `m`aterialized view, `f`oreign table (pg_class), `F`unctions (pg_proc), and in the
/// database `W`rappers or servers and `P`ublications — so that the queries for absent
/// kinds are skipped; and the managed schemas' comments (names and texts in one order).
pub const OVERVIEW: &str = "
    SELECT pg_catalog.current_setting('server_version_num')::int,
           ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_namespace n
                  WHERE n.nspname = ANY($1)),
           ARRAY(SELECT DISTINCT t.typtype::text FROM pg_catalog.pg_type t
                   JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = ANY($1) AND t.typtype IN ('e', 'd', 'r')
                 UNION
                 SELECT DISTINCT c.relkind::text FROM pg_catalog.pg_class c
                   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = ANY($1) AND c.relkind IN ('c', 'S', 'v', 'm', 'f')
                 UNION
                 SELECT 'W' WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_data_wrapper)
                 UNION
                 SELECT 'P' WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_publication)
                 UNION
                 SELECT 'F' WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                   JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = ANY($1))),
           ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_namespace n
                   JOIN pg_catalog.pg_description ds ON ds.objoid = n.oid
                        AND ds.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                  WHERE n.nspname = ANY($1) ORDER BY 1),
           ARRAY(SELECT ds.description FROM pg_catalog.pg_namespace n
                   JOIN pg_catalog.pg_description ds ON ds.objoid = n.oid
                        AND ds.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                  WHERE n.nspname = ANY($1) ORDER BY n.nspname)";

pub const TABLES: &str = concat!(
    "SELECT c.oid, n.nspname, c.relname, c.relpersistence = 'u', c.relreplident::text,
            c.relrowsecurity, c.relforcerowsecurity,
            CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
            pn.nspname, p.relname,
            CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
            ds.description,
            CASE WHEN c.relreplident = 'i' THEN
              (SELECT ri.relname FROM pg_catalog.pg_index rix
                 JOIN pg_catalog.pg_class ri ON ri.oid = rix.indexrelid
                WHERE rix.indrelid = c.oid AND rix.indisreplident) END,
            c.reloptions::text[],
            ARRAY(SELECT ipn.nspname::text FROM pg_catalog.pg_inherits ii
                    JOIN pg_catalog.pg_class ip ON ip.oid = ii.inhparent
                    JOIN pg_catalog.pg_namespace ipn ON ipn.oid = ip.relnamespace
                   WHERE ii.inhrelid = c.oid AND NOT c.relispartition ORDER BY ii.inhseqno),
            ARRAY(SELECT ip.relname::text FROM pg_catalog.pg_inherits ii
                    JOIN pg_catalog.pg_class ip ON ip.oid = ii.inhparent
                   WHERE ii.inhrelid = c.oid AND NOT c.relispartition ORDER BY ii.inhseqno)
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
       LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
       LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
       LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid
            AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
        AND c.relname NOT LIKE '\\_\\_dibs\\_%'
        AND ",
    not_extension_owned!("pg_class", "c.oid"),
    ""
);

/// Columns as plain catalog data. Types come back as (oid, typmod), formatted once per
/// distinct pair (`TYPE_NAMES`); defaults and comments are separate reads (`DEFAULTS`,
/// `COLUMN_COMMENTS`), so that each distinct default is deparsed once (`DEFAULT_TEXTS`).
/// Formatting and deparsing every row was most of the server's time on big schemas.
/// Collations come back as oids, compared with the type's own (`TYPE_COLLATIONS`) and
/// named in the last round only when explicit. Rows come unsorted; `tables.rs` orders them
/// by column number.
pub const COLUMNS: &str = "
    SELECT a.attrelid, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attgenerated <> '',
           a.attidentity, a.attnum, a.attinhcount = 0, a.attcollation
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = ANY($1::pg_catalog.oid[]) AND a.attnum > 0 AND NOT a.attisdropped";

/// Stored default expressions as text, grouped on the client by what they mean
/// (`defaults.rs`): thousands of defaults are a few dozen distinct expressions.
pub const DEFAULTS: &str = "
    SELECT d.adrelid, d.adnum, d.oid, d.adbin::pg_catalog.text
      FROM pg_catalog.pg_attrdef d
     WHERE d.adrelid = ANY($1::pg_catalog.oid[])";

pub const COLUMN_COMMENTS: &str = "
    SELECT ds.objoid, ds.objsubid::pg_catalog.int2, ds.description
      FROM pg_catalog.pg_description ds
     WHERE ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid > 0
       AND ds.objoid = ANY($1::pg_catalog.oid[])";

/// The text of the given defaults (`pg_attrdef` oids). A default cannot reference columns
/// and is deparsed without a relation: naming it makes the server open the relation and
/// build a deparse context per call. Generated columns do reference columns and are
/// deparsed against their table.
pub const DEFAULT_TEXTS: &str = "
    SELECT d.oid, pg_catalog.pg_get_expr(d.adbin,
             CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END)
      FROM pg_catalog.pg_attrdef d
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
     WHERE d.oid = ANY($1::pg_catalog.oid[])";

/// Type names as the server prints them, for the given (type oid, typmod) pairs.
pub const TYPE_NAMES: &str = "
    SELECT u.t, u.m, pg_catalog.format_type(u.t, u.m)
      FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.oid[]),
                     pg_catalog.unnest($2::pg_catalog.int4[])) AS u(t, m)";

/// The default collation of every collatable type: a column whose collation differs was
/// declared with `COLLATE`.
pub const TYPE_COLLATIONS: &str = "
    SELECT oid, typcollation FROM pg_catalog.pg_type WHERE typcollation <> 0";

/// Schema-qualified names of the given collations.
pub const COLLATION_NAMES: &str = "
    SELECT co.oid, pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
      FROM pg_catalog.pg_collation co
      JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
     WHERE co.oid = ANY($1::pg_catalog.oid[])";

/// Options of identity columns' sequences, found from the sequence side of pg_depend.
pub const IDENTITY_SEQUENCES: &str = "
    SELECT d.refobjid, d.refobjsubid::int2, pg_catalog.format_type(s.seqtypid, NULL),
           s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, s.seqcycle
      FROM pg_catalog.pg_sequence s
      JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
           AND d.objid = s.seqrelid AND d.deptype = 'i'
           AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0";

/// Key columns come back as numbers (none for a CHECK that reads no column) and
/// referenced tables as oids, named from the columns
/// and tables queries (or `REFERENCED_TABLES` for targets not read). Definitions are
/// deparsed in a second step only for constraints whose text the model cannot build
/// (CHECK, EXCLUDE, deferrable or INCLUDE / NULLS NOT DISTINCT keys).
pub const CONSTRAINTS: &str = "
    SELECT con.conrelid, con.conname, con.contype::text, con.oid,
           COALESCE(con.conkey::int2[], '{}'),
           con.confrelid, con.confkey::int2[],
           con.confupdtype::text, con.confdeltype::text, con.condeferrable, con.condeferred,
           con.confmatchtype::text, con.convalidated,
           COALESCE(con.contype IN ('c', 'x') OR con.condeferrable OR ci.indnatts > ci.indnkeyatts
             OR {ci_nulls_not_distinct}, false),
           ds.description, {con_delete_set_columns}
      FROM pg_catalog.pg_constraint con
      LEFT JOIN pg_catalog.pg_index ci ON ci.indexrelid = con.conindid AND con.contype IN ('p', 'u')
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = con.oid
           AND ds.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE con.conrelid = ANY($1::pg_catalog.oid[]) AND con.coninhcount = 0
       AND con.conparentid = 0 AND con.contype IN ('p', 'u', 'f', 'c', 'x')
     ORDER BY con.conrelid, con.conname";

/// Tables that foreign keys reference but that were not read (outside the managed
/// schemas, or skipped inside them): their names and column names, to name the targets.
pub const REFERENCED_TABLES: &str = "
    SELECT c.oid, n.nspname, c.relname, a.attnum, a.attname
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
           AND NOT a.attisdropped
     WHERE c.oid = ANY($1::pg_catalog.oid[])";

/// A query with the parts that depend on the server version filled in:
/// `indnullsnotdistinct` and `confdelsetcols` exist from Postgres 15 on.
pub fn for_version(query: &str, server_version_num: i32) -> String {
    let (ix, ci, set_columns) = if server_version_num >= 150000 {
        (
            "ix.indnullsnotdistinct",
            "ci.indnullsnotdistinct",
            "con.confdelsetcols::pg_catalog.int2[]",
        )
    } else {
        ("false", "false", "NULL::pg_catalog.int2[]")
    };
    query
        .replace("{ix_nulls_not_distinct}", ix)
        .replace("{ci_nulls_not_distinct}", ci)
        .replace("{con_delete_set_columns}", set_columns)
}

pub const CONSTRAINT_DEFINITIONS: &str = "
    SELECT c, pg_catalog.pg_get_constraintdef(c) FROM pg_catalog.unnest($1::oid[]) AS c";

/// Indexes that are not constraints. Keys come back as column numbers and operator
/// classes; `pg_get_indexdef` runs in a second step only for indexes with expressions or
/// non-default operator classes, collations or orderings.
pub const INDEXES: &str = "
    SELECT ix.indrelid, ic.relname, ix.indisunique, am.amname, ix.indexrelid,
           ix.indexprs IS NOT NULL, ix.indkey::int2[], ix.indnkeyatts, ix.indclass::oid[],
           ix.indoption::int2[], ix.indcollation::oid[],
           CASE WHEN ix.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) END,
           ds.description,
           {ix_nulls_not_distinct},
           ic.reloptions::text[],
           ix.indisvalid
      FROM pg_catalog.pg_index ix
      JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
      JOIN pg_catalog.pg_am am ON am.oid = ic.relam
      LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = ix.indexrelid
           AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0
     WHERE ix.indrelid = ANY($1::pg_catalog.oid[])
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                        WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                          AND con.contype IN ('p', 'u', 'x'))
       AND NOT ic.relispartition
     ORDER BY ix.indrelid, ic.relname";

pub const INDEX_DEFINITIONS: &str = "
    SELECT i, pg_catalog.pg_get_indexdef(i) FROM pg_catalog.unnest($1::oid[]) AS i";

/// Default operator classes: an index key in one of these prints without an opclass.
pub const DEFAULT_OPCLASSES: &str = "
    SELECT oid FROM pg_catalog.pg_opclass WHERE opcdefault";

pub const ENUMS: &str = concat!(
    "SELECT n.nspname, t.typname,
            ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e
                   WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[],
            pg_catalog.obj_description(t.oid, 'pg_type')
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'e' AND n.nspname = ANY($1) AND ",
    not_extension_owned!("pg_type", "t.oid"),
    " ORDER BY n.nspname, t.typname"
);

pub const DOMAINS: &str = concat!(
    "SELECT n.nspname, t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod),
            t.typnotnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0),
            CASE WHEN t.typcollation <> bt.typcollation THEN
              (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
                 FROM pg_catalog.pg_collation co
                 JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                WHERE co.oid = t.typcollation) END,
            ARRAY(SELECT con.conname FROM pg_catalog.pg_constraint con
                   WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname)::text[],
            ARRAY(SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con
                   WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname),
            pg_catalog.obj_description(t.oid, 'pg_type'), t.oid
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
      WHERE t.typtype = 'd' AND n.nspname = ANY($1) AND ",
    not_extension_owned!("pg_type", "t.oid"),
    " ORDER BY n.nspname, t.typname"
);

pub const COMPOSITES: &str = concat!(
    "SELECT n.nspname, t.typname,
            ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                   ORDER BY a.attnum)::text[],
            ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                   ORDER BY a.attnum),
            pg_catalog.obj_description(t.oid, 'pg_type')
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
      WHERE t.typtype = 'c' AND n.nspname = ANY($1) AND ",
    not_extension_owned!("pg_type", "t.oid"),
    " ORDER BY n.nspname, t.typname"
);

pub const RANGES: &str = concat!(
    "SELECT n.nspname, t.typname, pg_catalog.format_type(r.rngsubtype, NULL),
            CASE WHEN NOT opc.opcdefault THEN
              pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END,
            CASE WHEN r.rngcollation <> st.typcollation THEN
              (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
                 FROM pg_catalog.pg_collation co
                 JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                WHERE co.oid = r.rngcollation) END,
            pg_catalog.obj_description(t.oid, 'pg_type'),
            dn.nspname, dp.proname, pg_catalog.pg_get_function_identity_arguments(dp.oid),
            cn.nspname, cp.proname, pg_catalog.pg_get_function_identity_arguments(cp.oid),
            (SELECT mt.typname FROM pg_catalog.pg_type mt
              WHERE mt.typtype = 'm' AND mt.oid = (pg_catalog.to_jsonb(r) ->> 'rngmultitypid')::oid)
       FROM pg_catalog.pg_range r
       LEFT JOIN pg_catalog.pg_proc dp ON dp.oid = r.rngsubdiff
       LEFT JOIN pg_catalog.pg_namespace dn ON dn.oid = dp.pronamespace
       LEFT JOIN pg_catalog.pg_proc cp ON cp.oid = r.rngcanonical
       LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = cp.pronamespace
       JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid
       JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
       JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
      WHERE n.nspname = ANY($1) AND ",
    not_extension_owned!("pg_type", "t.oid"),
    " ORDER BY n.nspname, t.typname"
);

pub const SEQUENCES: &str = concat!(
    "SELECT n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqincrement,
            s.seqmin, s.seqmax, s.seqstart, s.seqcache, s.seqcycle,
            own_n.nspname, own_c.relname, own_a.attname,
            pg_catalog.obj_description(c.oid, 'pg_class'), c.relpersistence = 'u'
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
       LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_catalog.pg_class own_c ON own_c.oid = d.refobjid
       LEFT JOIN pg_catalog.pg_namespace own_n ON own_n.oid = own_c.relnamespace
       LEFT JOIN pg_catalog.pg_attribute own_a ON own_a.attrelid = d.refobjid
            AND own_a.attnum = d.refobjsubid
      WHERE c.relkind = 'S' AND n.nspname = ANY($1) AND d.deptype IS DISTINCT FROM 'i'
        AND c.relname NOT LIKE '\\_\\_dibs\\_%' AND ",
    not_extension_owned!("pg_class", "c.oid"),
    " ORDER BY n.nspname, c.relname"
);

pub const EXTENSIONS: &str = "
    SELECT e.extname, n.nspname, e.extversion
      FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname <> 'plpgsql'
     ORDER BY e.extname";

/// Objects of kinds dibs does not manage yet, so that they can be reported (never dropped).
/// User mappings are read through `pg_user_mappings`, which every role may read (the
/// catalog itself is superuser-only), and never compared: they hold credentials.
/// `OFFSET 0` keeps the extension check a per-candidate index probe: as an anti-join the
/// planner would hash all of pg_depend for a few dozen candidates.
pub const UNMANAGED: &str = "
    SELECT x.kind, pg_catalog.pg_describe_object(x.classid, x.objid, 0)
      FROM (
        SELECT 'user mapping' AS kind,
               'pg_catalog.pg_user_mapping'::pg_catalog.regclass AS classid, um.umid AS objid
          FROM pg_catalog.pg_user_mappings um
        UNION ALL
        SELECT 'operator', 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid
          FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'operator class', 'pg_catalog.pg_opclass'::pg_catalog.regclass, o.oid
          FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'operator family', 'pg_catalog.pg_opfamily'::pg_catalog.regclass, o.oid
          FROM pg_catalog.pg_opfamily o JOIN pg_catalog.pg_namespace n ON n.oid = o.opfnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'text search configuration', 'pg_catalog.pg_ts_config'::pg_catalog.regclass, t.oid
          FROM pg_catalog.pg_ts_config t JOIN pg_catalog.pg_namespace n ON n.oid = t.cfgnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'text search dictionary', 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, t.oid
          FROM pg_catalog.pg_ts_dict t JOIN pg_catalog.pg_namespace n ON n.oid = t.dictnamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'conversion', 'pg_catalog.pg_conversion'::pg_catalog.regclass, cv.oid
          FROM pg_catalog.pg_conversion cv JOIN pg_catalog.pg_namespace n ON n.oid = cv.connamespace
         WHERE n.nspname = ANY($1)
        UNION ALL
        SELECT 'inheritance from a table outside the compared schemas',
               'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
          FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
          JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE NOT c.relispartition AND c.relkind = 'r' AND n.nspname = ANY($1)
           AND pn.nspname <> ALL($1)
      ) x
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                        WHERE d.classid = x.classid AND d.objid = x.objid
                          AND d.deptype IN ('e', 'i') OFFSET 0)
     ORDER BY 1, 2";

/// Unmanaged objects that depend on a managed table or column in a way that blocks
/// dropping or retyping it without CASCADE (deptype 'n'): rules on relations outside the
/// managed schemas (`$2`). Rules, views, triggers and policies inside them are managed
/// (`objects.rs`, `rules.rs`) and rebuilt instead.
pub const DEPENDENTS: &str = "
    SELECT DISTINCT x.refobjid, pg_catalog.pg_describe_object(x.classid, x.objid, 0), a.attname
      FROM (SELECT d.classid, d.objid, d.refobjid, d.refobjsubid, r.ev_class
              FROM pg_catalog.pg_depend d
              JOIN pg_catalog.pg_rewrite r
                   ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND r.oid = d.objid
              JOIN pg_catalog.pg_class rc ON rc.oid = r.ev_class
              JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
             WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'n'
               AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
               AND r.rulename <> '_RETURN' AND rn.nspname <> ALL($2)) x
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.refobjid AND a.attnum = x.refobjsubid
           AND x.refobjsubid > 0
     WHERE x.refobjid = ANY($1::pg_catalog.oid[])
       AND x.ev_class IS DISTINCT FROM x.refobjid
     ORDER BY 1, 2, 3";
