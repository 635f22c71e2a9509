//! Errors of the db binary's commands, rendered once by `main`.

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    #[error(
        "no database URL: pass --database-url, or set DATABASE_URL in the environment or in .env \
         (the db binary never falls back to a local database)"
    )]
    NoDatabaseUrl,
    #[error("{file}: {reason}; fix the file (dotenv syntax), or pass --database-url")]
    DotEnv { file: String, reason: String },
    #[error(
        "no tables are declared in this binary: is the db crate linked? Call into it from main \
         (e.g. `my_app_db::run_service()`) so its #[facet(derive(dibs::Table))] structs register"
    )]
    NoTables,
    #[error(transparent)]
    Database(#[from] dibs_postgres::DbError),
    #[error(transparent)]
    Runner(#[from] dibs_runner::RunnerError),
    #[error("the schema declared in this crate is invalid:\n{}", .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Declarations(Vec<dibs::DeclarationError>),
    #[error(transparent)]
    Plan(#[from] dibs_schema::PlanError),
    #[error(
        "serve is started by the dibs CLI, which passes a token in {}; run `dibs` instead",
        dibs_proto::TOKEN_ENV
    )]
    NoToken,
    #[error("RPC: {0}")]
    Rpc(String),
    #[error(
        "could not create a scratch database to normalize the declared schema ({reason}); the \
         role needs CREATEDB, or run the diff with a role that has it"
    )]
    Scratch { reason: String },
    #[error(
        "refused: the database differs from what the migrations through {through} produce, so \
         recording them as applied would be a lie. These statements would make it match:\n{diff}\n\
         Bring the database to that schema (or baseline an earlier migration with --migration ID); \
         --force records the migrations anyway"
    )]
    BaselineDiffers { through: String, diff: String },
    #[error(
        "could not build what the migrations produce in a scratch database, to compare the \
         database with: {reason}. Fix the migration, or run baseline with a role that has CREATEDB"
    )]
    BaselineScratch { reason: String },
}
