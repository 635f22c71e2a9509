//! `dibs init` in a fresh Cargo workspace: the scaffold builds, and its binary runs.

use std::process::Command;

use crate::common::{dibs_command, text};

#[test]
fn init_scaffolds_a_db_crate_that_builds_and_refuses_a_second_time() {
    let dir = std::env::temp_dir().join(format!("dibs-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("app/src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\nresolver = \"2\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("app/src/main.rs"), "fn main() {}\n").unwrap();
    let checkout = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // The checkout's lock pins the same dependency versions, so the build reuses them.
    std::fs::copy(checkout.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let checkout_arg = checkout.display().to_string();
    let args = ["init", "--name", "shop-db", "--dibs-path", &checkout_arg];
    let out = dibs_command(&dir, &args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("dibs.toml")).unwrap(),
        "[db]\ncrate = \"shop-db\"\n"
    );
    let root = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(root.contains("members = [\"app\", \"shop-db\"]"), "{root}");

    // The test binary lives in <target>/debug/deps.
    let target = std::env::current_exe().unwrap();
    let target = target.ancestors().nth(3).unwrap();
    let build = Command::new(env!("CARGO"))
        .args(["build", "--offline", "-q", "-p", "shop-db"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", text(&build));
    let help = Command::new(target.join("debug/shop-db"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("baseline"));

    let out = dibs_command(&dir, &args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("dibs.toml exists already"),
        "{}",
        text(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_outside_a_cargo_project_names_the_fix() {
    let dir = std::env::temp_dir().join(format!("dibs-init-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dibs_command(&dir, &["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no Cargo.toml in"), "{}", text(&out));
    assert!(!dir.join("dibs.toml").exists());
}
