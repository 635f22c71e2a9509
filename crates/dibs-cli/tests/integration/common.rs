//! Running the real `dibs` binary the way every test here does.

use std::path::Path;
use std::process::{Command, Output};

/// `dibs args…` in `dir`, shielded from the environment of whoever runs the tests: no
/// `DATABASE_URL` of theirs, no colors. Callers add what their test needs.
pub fn dibs_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dibs"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1");
    command
}

/// What a user sees: stdout, then stderr.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
