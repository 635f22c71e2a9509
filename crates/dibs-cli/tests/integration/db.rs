//! `dibs db`: the development database, in a directory of the test's own.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::dibs_command;

fn dibs_in(dev_dir: &Path, project: &Path, args: &[&str]) -> Output {
    dibs_command(project, args)
        .env("DIBS_DEV_DIR", dev_dir)
        .output()
        .expect("run dibs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Resets the test's development database however the test ends, so a failing assertion
/// leaves no server running.
struct Cleanup(PathBuf, PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        if self.1.exists() {
            let _ = Command::new(env!("CARGO_BIN_EXE_dibs"))
                .args(["db", "reset"])
                .current_dir(&self.1)
                .env("DIBS_DEV_DIR", &self.0)
                .output();
        }
        if let Some(root) = self.0.parent() {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("dibs-dev-{name}-{}", std::process::id()));
    let project = root.join("project");
    std::fs::create_dir_all(project.join("nested")).unwrap();
    std::fs::write(project.join("dibs.toml"), "[db]\ncrate = \"x\"\n").unwrap();
    (root.join("dev"), project)
}

#[tokio::test]
async fn lifecycle_survives_restarts_and_crashes() {
    let (dev, project) = scratch("life");
    let _cleanup = Cleanup(dev.clone(), project.clone());
    assert!(stdout(&dibs_in(&dev, &project, &["db", "status"])).starts_with("not created"));

    let url = stdout(&dibs_in(&dev, &project, &["db", "start"]));
    assert!(
        url.starts_with("postgres://postgres@127.0.0.1:") && url.ends_with("/dev"),
        "{url}"
    );
    // Keyed to the project: a subdirectory finds the same database through dibs.toml.
    assert_eq!(
        stdout(&dibs_in(&dev, &project.join("nested"), &["db", "url"])),
        url
    );

    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)")
        .await
        .unwrap();
    drop(client);

    // A crashed server (SIGKILL) leaves a pid file behind; start recovers.
    let status = stdout(&dibs_in(&dev, &project, &["db", "status"]));
    let pid = status
        .split("pid ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .to_string();
    Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    for _ in 0..100 {
        if !Path::new(&format!("/proc/{pid}")).exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let again = stdout(&dibs_in(&dev, &project, &["db", "start"]));
    let (client, connection) = tokio_postgres::connect(&again, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let kept: i32 = client
        .query_one("SELECT id FROM kept", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(kept, 7, "data survives a crash");
    drop(client);

    assert!(dibs_in(&dev, &project, &["db", "stop"]).status.success());
    assert!(stdout(&dibs_in(&dev, &project, &["db", "status"])).starts_with("stopped"));
    assert!(dibs_in(&dev, &project, &["db", "reset"]).status.success());
    assert!(stdout(&dibs_in(&dev, &project, &["db", "status"])).starts_with("not created"));
}

#[test]
fn concurrent_starts_share_one_server() {
    let (dev, project) = scratch("concurrent");
    let _cleanup = Cleanup(dev.clone(), project.clone());
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_dibs"))
                .args(["db", "start"])
                .current_dir(&project)
                .env("DIBS_DEV_DIR", &dev)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let urls: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            stdout(&out)
        })
        .collect();
    assert!(urls.iter().all(|u| *u == urls[0]), "{urls:?}");
    assert!(dibs_in(&dev, &project, &["db", "reset"]).status.success());
}
