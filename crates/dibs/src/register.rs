//! Registration of table structs with inventory, through facet's derive plugin chain.
//!
//! `#[facet(derive(dibs::Table))]` makes `#[derive(Facet)]` call [`__facet_invoke!`], which
//! adds a template submitting the type's shape to inventory. Declaring a table and
//! registering it are one step, so a table cannot be silently missing from the schema.

/// A table struct registered for collection.
pub struct TableDecl {
    pub shape: &'static facet::Shape,
}

inventory::collect!(TableDecl);

/// A function, procedure, aggregate, trigger or policy declared as SQL with
/// [`function!`], [`trigger!`](crate::trigger!) or [`policy!`](crate::policy!).
pub struct SqlDecl {
    pub kind: dibs_schema::DeclaredKind,
    pub sql: &'static str,
    pub file: &'static str,
    pub line: u32,
}

inventory::collect!(SqlDecl);

/// Declares a function, procedure or aggregate by its `CREATE` statement, managed by
/// `dibs diff` and `dibs generate` like the tables:
///
/// ```ignore
/// dibs::function!(
///     "CREATE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
///      BEGIN NEW.updated_at = now(); RETURN NEW; END $$"
/// );
/// ```
#[macro_export]
macro_rules! function {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Function, $sql);
    };
}

/// Declares a collation by its `CREATE COLLATION` statement; columns use it with
/// `#[facet(dibs::collate = "case_insensitive")]`:
///
/// ```ignore
/// dibs::collation!(
///     "CREATE COLLATION public.case_insensitive
///      (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
/// );
/// ```
#[macro_export]
macro_rules! collation {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Collation, $sql);
    };
}

/// Declares a trigger by its `CREATE [CONSTRAINT] TRIGGER` or `CREATE EVENT TRIGGER`
/// statement.
#[macro_export]
macro_rules! trigger {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Trigger, $sql);
    };
}

/// Declares a row-level security policy by its `CREATE POLICY` statement; enable row
/// security on its table with `#[facet(dibs::row_level_security)]`:
///
/// ```ignore
/// dibs::policy!(
///     "CREATE POLICY comments_by_author ON public.comments
///      USING (author_id = current_setting('app.user_id')::bigint)"
/// );
/// ```
#[macro_export]
macro_rules! policy {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Policy, $sql);
    };
}

/// Declares a rewrite rule by its `CREATE RULE` statement (rules on views that make them
/// writable, or an audit `DO ALSO INSERT`):
///
/// ```ignore
/// dibs::rule!(
///     "CREATE RULE audit_log_is_append_only AS ON DELETE TO public.audit_log DO INSTEAD NOTHING"
/// );
/// ```
#[macro_export]
macro_rules! rule {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Rule, $sql);
    };
}

/// Declares extended statistics by their `CREATE STATISTICS` statement, for columns the
/// planner misestimates together:
///
/// ```ignore
/// dibs::statistics!("CREATE STATISTICS public.tasks_project_status ON project_id, status FROM public.tasks");
/// ```
#[macro_export]
macro_rules! statistics {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Statistics, $sql);
    };
}

/// Declares a publication (what logical replication sends), built in the scratch
/// database after the tables it names. Only its members in the managed schemas are
/// compared; a member outside them is left alone:
///
/// ```ignore
/// dibs::publication!("CREATE PUBLICATION warehouse FOR TABLE public.tasks (id, title, done) WITH (publish = 'insert, update')");
/// ```
#[macro_export]
macro_rules! publication {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Publication, $sql);
    };
}

/// Declares a foreign data wrapper, a server or a foreign table, built in the scratch
/// database after the extensions and types it needs:
///
/// ```ignore
/// dibs::foreign!("CREATE SERVER billing FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'billing.internal')");
/// dibs::foreign!("CREATE FOREIGN TABLE public.invoices (id bigint, total numeric) SERVER billing");
/// ```
#[macro_export]
macro_rules! foreign {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Foreign, $sql);
    };
}

/// Declares privileges: a `GRANT`, `REVOKE` or `ALTER DEFAULT PRIVILEGES` statement, run
/// in the scratch database after the objects it names. Privileges are compared only when
/// the db crate manages them (`dibs_service::Settings { privileges: true, .. }`), and the
/// roles it names must exist on the server (dibs does not manage roles):
///
/// ```ignore
/// dibs::grant!("GRANT SELECT ON public.projects, public.tasks TO reporting");
/// dibs::grant!("REVOKE EXECUTE ON FUNCTION public.set_updated_at() FROM PUBLIC");
/// ```
#[macro_export]
macro_rules! grant {
    ($sql:expr $(,)?) => {
        $crate::__sql_declaration!(Grant, $sql);
    };
}

/// An extension the schema needs, declared with [`extension!`](crate::extension!).
pub struct ExtensionDecl {
    pub name: &'static str,
    pub schema: &'static str,
    pub version: Option<&'static str>,
    pub file: &'static str,
    pub line: u32,
}

inventory::collect!(ExtensionDecl);

/// Declares an extension, once for the crate: created before the tables that use its
/// types or operator classes, never dropped by a diff while declared.
///
/// ```ignore
/// dibs::extension!("pg_trgm");
/// dibs::extension!("citext", schema = "extensions");     // its own schema, created if missing
/// dibs::extension!("hstore", version = "1.8");           // pinned: a diff updates to it
/// ```
#[macro_export]
macro_rules! extension {
    ($name:literal $(, schema = $schema:literal)? $(, version = $version:literal)? $(,)?) => {
        $crate::inventory::submit! {
            $crate::ExtensionDecl {
                name: $name,
                schema: $crate::__or_public!($($schema)?),
                version: $crate::__some!($($version)?),
                file: file!(),
                line: line!(),
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __or_public {
    () => {
        "public"
    };
    ($schema:literal) => {
        $schema
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __some {
    () => {
        None
    };
    ($value:literal) => {
        Some($value)
    };
}

/// Registers one SQL declaration of `kind` with its place in the source. Not called
/// directly.
#[doc(hidden)]
#[macro_export]
macro_rules! __sql_declaration {
    ($kind:ident, $sql:expr) => {
        $crate::inventory::submit! {
            $crate::SqlDecl {
                kind: $crate::schema::DeclaredKind::$kind,
                sql: $sql,
                file: file!(),
                line: line!(),
            }
        }
    };
}

/// Facet plugin entry point for `#[facet(derive(dibs::Table))]`. Not called directly.
#[doc(hidden)]
#[macro_export]
macro_rules! __facet_invoke {
    (
        @tokens { $($tokens:tt)* }
        @remaining { }
        @plugins { $($plugins:tt)* }
        @facet_crate { $($facet_crate:tt)* }
    ) => {
        $($facet_crate)*::__facet_finalize! {
            @tokens { $($tokens)* }
            @plugins {
                $($plugins)*
                @plugin {
                    @name { "Table" }
                    @template {
                        ::dibs::inventory::submit! {
                            ::dibs::TableDecl {
                                shape: <@Self as ::dibs::facet::Facet<'static>>::SHAPE,
                            }
                        }
                    }
                }
            }
            @facet_crate { $($facet_crate)* }
        }
    };
    (
        @tokens { $($tokens:tt)* }
        @remaining { $(:: $first:ident)+ $(, $(:: $rest:ident)+)* }
        @plugins { $($plugins:tt)* }
        @facet_crate { $($facet_crate:tt)* }
    ) => {
        $(:: $first)+ ! {
            @tokens { $($tokens)* }
            @remaining { $($(:: $rest)+),* }
            @plugins {
                $($plugins)*
                @plugin {
                    @name { "Table" }
                    @template {
                        ::dibs::inventory::submit! {
                            ::dibs::TableDecl {
                                shape: <@Self as ::dibs::facet::Facet<'static>>::SHAPE,
                            }
                        }
                    }
                }
            }
            @facet_crate { $($facet_crate)* }
        }
    };
}
