//! Migrations that exist only to exercise the runner.

use dibs::{Backfill, MigrationContext, Result, migration};

// 202502: a migration that fails halfway.
#[migration("20250201000000-creates-then-fails")]
async fn creates_then_fails(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("CREATE TABLE half_done (id int)").await?;
    ctx.execute("INSERT INTO half_done VALUES (1)").await?;
    ctx.execute("SELECT * FROM no_such_table").await?;
    Ok(())
}

// 202503: counted runs, for concurrent runners.
#[migration("20250301000000-counter-table")]
async fn counter_table(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("CREATE TABLE run_counter (migration text NOT NULL)")
        .await?;
    Ok(())
}

#[migration("20250301000001-count-once")]
async fn count_once(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("INSERT INTO run_counter VALUES ('count-once')")
        .await?;
    Ok(())
}

#[migration("20250301000002-count-twice")]
async fn count_twice(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("INSERT INTO run_counter VALUES ('count-twice')")
        .await?;
    Ok(())
}

// 202504: blocks on an advisory lock the test holds, so the test can kill it mid-way.
#[migration("20250401000000-blocks-midway")]
async fn blocks_midway(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("CREATE TABLE before_block (id int)").await?;
    ctx.execute("SELECT pg_advisory_lock(4242)").await?;
    ctx.execute("SELECT pg_advisory_unlock(4242)").await?;
    ctx.execute("CREATE TABLE after_block (id int)").await?;
    Ok(())
}

// 202505: a backfill the test interrupts by holding a row lock in its middle.
#[migration("20250501000000-backfill-source")]
async fn backfill_source(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute(
        "CREATE TABLE bf (id bigint PRIMARY KEY, touched int NOT NULL DEFAULT 0);
         CREATE TABLE bf_log (step text NOT NULL);
         INSERT INTO bf (id) SELECT generate_series(1, 100000)",
    )
    .await?;
    Ok(())
}

#[migration("20250501000001-backfill-touch")]
async fn backfill_touch(ctx: &mut MigrationContext) -> Result<()> {
    // Committed before the backfill starts; a resumed run must not repeat it.
    ctx.execute("INSERT INTO bf_log VALUES ('before backfill')")
        .await?;
    ctx.backfill(Backfill::new("bf", "id", "touched = touched + 1").batch_size(1000))
        .await?;
    ctx.execute("ALTER TABLE bf ALTER COLUMN touched SET DEFAULT 1")
        .await?;
    Ok(())
}

// 202506: two spellings of one migration; rustfmt-style edits must not change checksums.
mod formatted {
    use super::*;

    #[migration("20250601000000-formatted")]
    async fn same(ctx: &mut MigrationContext) -> Result<()> {
        ctx.execute("SELECT 1").await?;
        Ok(())
    }
}

mod reformatted {
    use super::*;

    #[migration("20250601000001-reformatted")]
    async fn same(ctx: &mut MigrationContext, // a comment rustfmt would keep
    ) -> Result<()> {
        // Comments and line breaks are not tokens.
        ctx.execute("SELECT 1").await?;

        Ok(())
    }
}

mod edited {
    use super::*;

    #[migration("20250601000002-edited")]
    async fn same(ctx: &mut MigrationContext) -> Result<()> {
        ctx.execute("SELECT 2").await?;
        Ok(())
    }
}

// 202507: a new enum label used after `ctx.commit()`; the last step fails until the test
// creates `commit_gate`, so the rerun must resume after the committed part.
#[migration("20250701000000-commit-midway")]
async fn commit_midway(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("CREATE TYPE phase AS ENUM ('one')").await?;
    ctx.execute("ALTER TYPE phase ADD VALUE 'two'").await?;
    ctx.commit().await?;
    ctx.execute("CREATE TABLE phased (p phase DEFAULT 'two')")
        .await?;
    ctx.execute("SELECT * FROM commit_gate").await?;
    Ok(())
}
