use dibs::{MigrationContext, Result, migration};

/// Rows for the demo: one organization, a few users and projects, 120,000 tasks.
#[migration("20260110000000-seed-demo-data")]
async fn seed_demo_data(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("INSERT INTO organizations (slug, name) VALUES ('acme', 'Acme Corp')")
        .await?;
    ctx.execute(
        "INSERT INTO users (organization_id, email, display_name)
         SELECT 1, 'user' || n || '@acme.test', 'User ' || n FROM generate_series(1, 20) n",
    )
    .await?;
    ctx.execute(
        "INSERT INTO projects (organization_id, name, owner_id)
         SELECT 1, 'Project ' || n, n FROM generate_series(1, 10) n",
    )
    .await?;
    let rows = ctx
        .execute(
            "INSERT INTO tasks (project_id, title, status, assignee_id, labels)
             SELECT 1 + n % 10, 'Task Number ' || n,
                    (ARRAY['open', 'in_progress', 'done']::task_status[])[1 + n % 3],
                    1 + n % 20, ARRAY['demo']
               FROM generate_series(1, 120000) n",
        )
        .await?;
    ctx.log(format!("inserted {rows} tasks"));
    Ok(())
}
