//! Rendering plans and errors for people: colour only on terminals, NO_COLOR respected.

use std::io::IsTerminal;

use dibs_schema::{Plan, Safety};

pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// A summary of the plan grouped by table or type, as SQL comments: what changes where,
/// and how many of those changes can lose data.
pub fn plan_summary(plan: &Plan) -> String {
    let mut groups: Vec<(String, usize, usize)> = Vec::new();
    for change in &plan.changes {
        let subject = change.change.subject();
        let risky = usize::from(change.hazards.safety != Safety::Safe);
        match groups.iter_mut().find(|(s, _, _)| *s == subject) {
            Some(group) => {
                group.1 += 1;
                group.2 += risky;
            }
            None => groups.push((subject, 1, risky)),
        }
    }
    groups.sort();
    let mut out = format!(
        "-- {} change(s) to {} object(s):\n",
        plan.changes.len(),
        groups.len()
    );
    for (subject, count, risky) in groups {
        let warning = if risky > 0 {
            format!(", {risky} lossy or destructive")
        } else {
            String::new()
        };
        out.push_str(&format!("--   {subject}: {count}{warning}\n"));
    }
    out.push('\n');
    out
}

/// The plan as a SQL script; lossy and destructive statements get a comment above them,
/// and a commit boundary is marked where one is needed.
pub fn plan_sql(plan: &Plan, color: bool) -> String {
    let mut out = String::new();
    for (index, change) in plan.changes.iter().enumerate() {
        let (label, paint) = match change.hazards.safety {
            Safety::Safe => (None, ""),
            Safety::Lossy => (
                Some("lossy: may fail or lose data on existing rows"),
                YELLOW,
            ),
            Safety::Destructive => (Some("destructive: deletes data"), RED),
        };
        let (start, end) = if color && label.is_some() {
            (paint, RESET)
        } else {
            ("", "")
        };
        if let Some(label) = label {
            out.push_str(&format!("{start}-- {label}{end}\n"));
        }
        for statement in &change.sql {
            out.push_str(&format!("{start}{statement};{end}\n"));
        }
        if plan.commit_after(index) {
            out.push_str(dibs_schema::COMMIT_BOUNDARY);
            out.push('\n');
        }
    }
    out
}

/// Prints an error and its causes once, on stderr.
pub fn print_error(err: &dyn std::error::Error) {
    let prefix = if color_stderr() {
        format!("{RED}error{RESET}")
    } else {
        "error".to_string()
    };
    eprintln!("{prefix}: {err}");
    let mut source = err.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
