use dibs::{MigrationContext, Result, migration};

#[migration("20261202013945-add-updated-at-and-dashboard")]
async fn add_updated_at_and_dashboard(ctx: &mut MigrationContext) -> Result<()> {
    ctx.execute(r#"SET check_function_bodies = off"#).await?;
    ctx.execute(
        r#"CREATE OR REPLACE FUNCTION public.set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$function$"#,
    )
    .await?;
    ctx.execute(r#"RESET check_function_bodies"#).await?;
    ctx.execute(r#"ALTER TABLE public.tasks ADD COLUMN updated_at timestamp with time zone DEFAULT now() NOT NULL"#).await?;
    ctx.execute(r#"CREATE VIEW public.project_open_tasks AS SELECT p.id AS project_id,
    p.name,
    count(t.id) AS open_tasks
   FROM (public.projects p
     LEFT JOIN public.tasks t ON (((t.project_id = p.id) AND (t.status <> 'done'::public.task_status))))
  GROUP BY p.id, p.name"#).await?;
    ctx.execute(r#"COMMENT ON VIEW public.project_open_tasks IS 'Open tasks per project, for the dashboard.'"#).await?;
    ctx.execute(r#"CREATE TRIGGER tasks_touch_updated_at BEFORE UPDATE ON public.tasks FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()"#).await?;
    ctx.execute(r#"COMMENT ON COLUMN public.tasks.updated_at IS 'Set on every update by the tasks_touch_updated_at trigger.'"#).await?;
    Ok(())
}
