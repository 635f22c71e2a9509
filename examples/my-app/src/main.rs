//! The app itself: uses the table types, links no runner, CLI or RPC.

use my_app_db::{Task, TaskStatus};

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
    };
    println!("{} is {:?}", task.title, task.status);
}
