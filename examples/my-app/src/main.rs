//! The app itself: uses the table types, links no runner, CLI or RPC.

use my_app_db::{ProjectOpenTasks, Task, TaskStatus};

fn main() {
    let task = Task {
        id: 1,
        project_id: 1,
        title: "Write the README".into(),
        search_title: None,
        status: TaskStatus::Open,
        assignee_id: None,
        labels: vec!["docs".into()],
        created_at: String::new(),
        updated_at: String::new(),
    };
    println!("{} is {:?}", task.title, task.status);
    // A row of the project_open_tasks view, as the app would read it.
    let row = ProjectOpenTasks {
        project_id: task.project_id,
        name: "Docs".into(),
        open_tasks: 1,
    };
    println!("{} has {} open task(s)", row.name, row.open_tasks);
}
