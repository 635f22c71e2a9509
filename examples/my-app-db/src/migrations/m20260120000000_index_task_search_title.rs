use dibs::{MigrationContext, Result, migration};

/// Built without blocking writes, which Postgres only allows outside a transaction.
#[migration("20260120000000-index-task-search-title", no_transaction)]
async fn index_task_search_title(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_search_title_idx ON tasks (search_title)",
    )
    .await?;
    Ok(())
}
