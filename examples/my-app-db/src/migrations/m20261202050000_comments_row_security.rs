use dibs::{MigrationContext, Result, migration};

/// Row security on comments, with the policy that shows each session its organization's.
/// One transaction: a crash leaves neither, a rerun applies both.
#[migration("20261202050000-comments-row-security")]
async fn comments_row_security(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute("ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY")
        .await?;
    ctx.execute(
        "CREATE POLICY comments_of_current_organization ON public.comments
         AS PERMISSIVE FOR ALL TO PUBLIC
         USING (EXISTS (SELECT 1 FROM public.tasks t JOIN public.projects p ON p.id = t.project_id
                         WHERE t.id = comments.task_id
                           AND p.organization_id
                               = nullif(current_setting('app.organization_id', true), '')::bigint))",
    )
    .await?;
    Ok(())
}
