//! The whole loop on a real crate: diff → generate → build → migrate → in sync, then struct
//! edits (add a column and an index, rename a table, drop a table) → generate → migrate,
//! then an enum value a default uses at once (the migration commits in between).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dibs_testdb::TestServer;

use crate::common::{dibs_command, text};

const V1: &str = r#"
use facet::Facet;

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "notes")]
pub struct Note {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    pub body: String,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "labels")]
pub struct Label {
    #[facet(dibs::pk)]
    pub id: i64,
    pub name: String,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "scratchpad")]
pub struct Scratch {
    pub id: i64,
}
"#;

const V2: &str = r#"
use facet::Facet;

#[derive(Facet, Clone, Copy)]
#[repr(u8)]
#[facet(dibs::enum_type = "note_state")]
pub enum NoteState {
    Draft,
    Published,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "notes")]
pub struct Note {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    pub body: String,
    #[facet(dibs::index)]
    pub title: Option<String>,
    pub state: Option<NoteState>,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "tags", dibs::renamed_from = "labels")]
pub struct Tag {
    #[facet(dibs::pk)]
    pub id: i64,
    pub name: String,
}
"#;

/// The enum gains a value that a default uses at once: Postgres refuses the new label
/// until the `ADD VALUE` is committed, so the migration commits in between.
const V3: &str = r#"
use facet::Facet;

#[derive(Facet, Clone, Copy)]
#[repr(u8)]
#[facet(dibs::enum_type = "note_state")]
pub enum NoteState {
    Draft,
    Review,
    Published,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "notes")]
pub struct Note {
    #[facet(dibs::pk, dibs::identity)]
    pub id: i64,
    pub body: String,
    #[facet(dibs::index)]
    pub title: Option<String>,
    #[facet(dibs::default = "'review'")]
    pub state: Option<NoteState>,
}

#[derive(Facet)]
#[facet(derive(dibs::Table), dibs::table = "tags", dibs::renamed_from = "labels")]
pub struct Tag {
    #[facet(dibs::pk)]
    pub id: i64,
    pub name: String,
}
"#;

const TAIL: &str = "
pub mod migrations;

pub fn run_service() -> std::process::ExitCode {
    dibs_service::main(dibs_service::Settings::default())
}
";

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A db crate of its own, outside the workspace, using the workspace's dibs crates.
fn crate_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dibs-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src/migrations")).unwrap();
    let ws = workspace();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"gen-db\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[workspace]\n\
             [dependencies]\ndibs = {{ path = \"{ws}/crates/dibs\", features = [\"migrations\"] }}\n\
             dibs-service = {{ path = \"{ws}/crates/dibs-service\" }}\nfacet = \"0.46\"\n",
            ws = ws.display()
        ),
    )
    .unwrap();
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() -> std::process::ExitCode { gen_db::run_service() }\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/migrations/mod.rs"), "//! Migrations.\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), format!("{V1}{TAIL}")).unwrap();
    std::fs::write(dir.join("dibs.toml"), "[db]\ncrate = \"gen-db\"\n").unwrap();
    dir
}

fn dibs(dir: &Path, args: &[&str]) -> Output {
    dibs_command(dir, args)
        // A build directory of its own: no lock shared with the test run that started us,
        // and kept between runs so only the generated crate rebuilds.
        .env("CARGO_TARGET_DIR", workspace().join("target/generate-test"))
        .env("DIBS_DEV_DIR", dir.join("dev"))
        .output()
        .unwrap()
}

fn generated(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir.join("src/migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "mod.rs")
        .collect();
    files.sort();
    files
}

fn rustfmt_clean(file: &Path) -> bool {
    Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .arg(file)
        .status()
        .map(|s| s.success())
        .unwrap_or(true)
}

#[tokio::test]
async fn diff_generate_migrate_until_in_sync() {
    let dir = crate_dir();
    let url = TestServer::shared().fresh_database().await.unwrap().url;
    let db = ["--database-url", url.as_str()];

    let out = dibs(&dir, &[&["diff"][..], &db].concat());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    let out = dibs(&dir, &[&["generate", "create notes"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = generated(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("_create_notes.rs"), "{files:?}");
    let first = std::fs::read_to_string(dir.join("src/migrations").join(&files[0])).unwrap();
    assert!(
        first.contains("#[migration(\"") && first.contains("CREATE TABLE public.notes"),
        "{first}"
    );
    assert!(rustfmt_clean(&dir.join("src/migrations").join(&files[0])));
    assert!(
        std::fs::read_to_string(dir.join("src/migrations/mod.rs"))
            .unwrap()
            .contains("_create_notes;")
    );

    let out = dibs(&dir, &[&["migrate"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = dibs(&dir, &[&["diff"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // Edit the structs.
    std::fs::write(dir.join("src/lib.rs"), format!("{V2}{TAIL}")).unwrap();
    // Ids are precise to the second: keep the second migration's id after the first.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = dibs(&dir, &[&["generate", "second step"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = generated(&dir);
    let second = std::fs::read_to_string(dir.join("src/migrations").join(&files[1])).unwrap();
    assert!(
        second.contains("ALTER TABLE public.labels RENAME TO tags"),
        "{second}"
    );
    assert!(
        second.contains(
            "// destructive: deletes data\n    ctx.execute(r#\"DROP TABLE public.scratchpad\"#)"
        ),
        "{second}"
    );
    assert!(
        second.contains("ADD COLUMN title text") && second.contains("CREATE INDEX notes_title_idx"),
        "{second}"
    );
    assert!(!second.contains("DROP TABLE public.labels"), "{second}");

    let out = dibs(&dir, &[&["migrate"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Applied 1 migration."),
        "{}",
        text(&out)
    );
    let out = dibs(&dir, &[&["diff"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    std::fs::write(dir.join("src/lib.rs"), format!("{V3}{TAIL}")).unwrap();
    let out = dibs(&dir, &[&["diff"][..], &db].concat());
    assert!(
        text(&out).contains(dibs_schema::COMMIT_BOUNDARY),
        "{}",
        text(&out)
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = dibs(&dir, &[&["generate", "review state"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = generated(&dir);
    let third = std::fs::read_to_string(dir.join("src/migrations").join(&files[2])).unwrap();
    let (add, commit, default) = (
        third.find("ADD VALUE 'review'"),
        third.find("ctx.commit().await?;"),
        third.find("SET DEFAULT 'review'"),
    );
    assert!(add.is_some() && add < commit && commit < default, "{third}");
    let out = dibs(&dir, &[&["migrate"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = dibs(&dir, &[&["diff"][..], &db].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let out = dibs(&dir, &[&["generate", "nothing"][..], &db].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("nothing to generate"), "{}", text(&out));

    let _ = dibs(&dir, &["db", "stop"]);
    let _ = std::fs::remove_dir_all(&dir);
}
