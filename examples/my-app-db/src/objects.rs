//! Functions, triggers and views, declared next to the tables they work on.

use facet::Facet;

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
