use dibs::{MigrationContext, Result, migration};

/// Substring search on task titles: pg_trgm, and a trigram index built without blocking
/// writes. Safe to rerun: both statements are idempotent, and an index left INVALID by an
/// interrupted build is dropped by the runner before this migration runs again.
#[migration("20261202051000-task-title-trigram-search", no_transaction)]
async fn task_title_trigram_search(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        .await?;
    ctx.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_title_trgm_idx
         ON public.tasks USING gin (title gin_trgm_ops)",
    )
    .await?;
    Ok(())
}
