use dibs::{MigrationContext, Result, migration};

/// Rows for the demo: one organization, a few users and projects, 120,000 tasks.
///
/// Rows refer to each other by their natural keys (slug, email, name), never by literal
/// ids: identity values are taken from sequences, which a rolled-back run (a crash, a
/// killed runner) has still consumed, so `id = 1` is not the organization a rerun creates.
#[migration("20260110000000-seed-demo-data")]
async fn seed_demo_data(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("INSERT INTO organizations (slug, name) VALUES ('acme', 'Acme Corp')")
        .await?;
    ctx.execute(
        "INSERT INTO users (organization_id, email, display_name)
         SELECT o.id, 'user' || n || '@acme.test', 'User ' || n
           FROM organizations o, generate_series(1, 20) n
          WHERE o.slug = 'acme'",
    )
    .await?;
    ctx.execute(
        "INSERT INTO projects (organization_id, name, owner_id)
         SELECT o.id, 'Project ' || n, u.id
           FROM organizations o
           CROSS JOIN generate_series(1, 10) n
           JOIN users u ON u.email = 'user' || n || '@acme.test'
          WHERE o.slug = 'acme'",
    )
    .await?;
    let rows = ctx
        .execute(
            "INSERT INTO tasks (project_id, title, status, assignee_id, labels)
             SELECT p.id, 'Task Number ' || n,
                    (ARRAY['open', 'in_progress', 'done']::task_status[])[1 + n % 3],
                    u.id, ARRAY['demo']
               FROM generate_series(1, 120000) n
               JOIN projects p ON p.name = 'Project ' || (1 + n % 10)
               JOIN users u ON u.email = 'user' || (1 + n % 20) || '@acme.test'",
        )
        .await?;
    ctx.log(format!("inserted {rows} tasks"));
    Ok(())
}
