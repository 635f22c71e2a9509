//! Scratch databases left by interrupted diffs are dropped by the next diff; those of
//! diffs still running are not.

use dibs_postgres::{connect, scratch};
use dibs_testdb::TestServer;

async fn exists(client: &tokio_postgres::Client, name: &str) -> bool {
    client
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&name],
        )
        .await
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

#[tokio::test]
async fn orphaned_scratch_databases_are_swept_and_live_ones_kept() {
    let url = TestServer::shared().admin_url().to_string();
    let killed = connect(&url).await.unwrap();
    let killed_pid: i32 = killed
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);
    let orphan = scratch::create(&killed).await.unwrap();
    let running = connect(&url).await.unwrap();
    let live = scratch::create(&running).await.unwrap();
    // The first diff dies: its session ends without dropping its scratch database.
    drop(killed);
    let observer = connect(&url).await.unwrap();
    for _ in 0..200 {
        let gone: i64 = observer
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1",
                &[&killed_pid],
            )
            .await
            .unwrap()
            .get(0);
        if gone == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(exists(&observer, &orphan).await);
    let orphans = scratch::orphans(&observer).await.unwrap();
    assert!(orphans.contains(&orphan), "{orphans:?}");
    assert!(!orphans.contains(&live), "{orphans:?}");
    // The next diff's scratch database sweeps the orphan away first.
    let next = scratch::create(&observer).await.unwrap();
    assert!(!exists(&observer, &orphan).await);
    assert!(exists(&observer, &live).await);
    for (client, name) in [(&running, &live), (&observer, &next)] {
        scratch::drop(client, name).await.unwrap();
        assert!(!exists(&observer, name).await);
    }
}
