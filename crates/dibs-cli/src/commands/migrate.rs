//! `dibs migrate`: runs migrations in the db binary and renders its events as they arrive.

use dibs_proto::Event;
use dibs_runner::Reporter;
use dibs_service::report::{Mode, Printer};

use crate::args::MigrateArgs;
use crate::commands::CommandResult;
use crate::exit;
use crate::rpc::outcome;

pub async fn run(args: MigrateArgs) -> CommandResult {
    let project = super::project::Project::open().await?;
    let url = project
        .database_url(args.target.database_url.as_deref())
        .await?;
    let session = project.session(Some(&url), None).await?;
    let (tx, mut rx) = vox::channel::<Event>();
    let request = args.run.request(url);
    let mode = Mode::detect(args.target.json);
    let mut printer = Printer::new(mode).verbose(args.run.verbose);
    let call = session.client.migrate_run(request, tx);
    let render = async {
        while let Ok(Some(event)) = rx.recv().await {
            // Events own all their data: take it out of the receive buffer.
            let mut owned = None;
            event.map(|e| owned = Some(e));
            if let Some(event) = owned {
                printer.event(event);
            }
        }
    };
    let (reply, ()) = tokio::join!(call, render);
    let reply = outcome(reply)?;
    if mode != Mode::Json && !args.run.dry_run {
        match reply.applied.len() {
            0 => println!("Nothing to apply: the database is up to date."),
            1 => println!("Applied 1 migration."),
            n => println!("Applied {n} migrations."),
        }
    }
    Ok(exit::IN_SYNC)
}
