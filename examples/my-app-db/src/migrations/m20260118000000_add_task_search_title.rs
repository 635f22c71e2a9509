use dibs::{Backfill, MigrationContext, Result, migration};

/// The vision's example: add a column, then fill it for every existing row in batches.
#[migration("20260118000000-add-task-search-title")]
async fn add_task_search_title(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("ALTER TABLE tasks ADD COLUMN search_title text")
        .await?;
    ctx.execute(
        "COMMENT ON COLUMN tasks.search_title IS \
         'Lower-cased title for case-insensitive search; filled by a backfill.'",
    )
    .await?;
    ctx.backfill(Backfill::new("tasks", "id", "search_title = lower(title)").batch_size(10_000))
        .await?;
    Ok(())
}
