//! Functions, triggers, views and policies, declared next to the tables they work on.

use facet::Facet;

// Trigram indexes for substring search on task titles.
dibs::extension!("pg_trgm");

dibs::function!(
    "CREATE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$"
);

dibs::trigger!(
    "CREATE TRIGGER tasks_touch_updated_at BEFORE UPDATE ON public.tasks
     FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()"
);

// Comments are visible to the organization the session works for: the app sets
// `app.organization_id` per request (`SET LOCAL app.organization_id = '42'`).
dibs::policy!(
    "CREATE POLICY comments_of_current_organization ON public.comments
     USING (EXISTS (SELECT 1 FROM public.tasks t JOIN public.projects p ON p.id = t.project_id
                     WHERE t.id = comments.task_id
                       AND p.organization_id
                           = nullif(current_setting('app.organization_id', true), '')::bigint))"
);

/// Open tasks per project, for the dashboard.
#[derive(Facet, Debug, Clone)]
#[facet(
    derive(dibs::Table),
    dibs::view = "project_open_tasks",
    dibs::query = "SELECT p.id AS project_id, p.name, count(t.id) AS open_tasks
                     FROM projects p
                     LEFT JOIN tasks t ON t.project_id = p.id AND t.status <> 'done'
                    GROUP BY p.id, p.name"
)]
pub struct ProjectOpenTasks {
    pub project_id: i64,
    pub name: String,
    pub open_tasks: i64,
}
