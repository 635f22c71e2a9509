//! Running dibs migrations: the registry filled by `#[migration]`, a pure check of applied
//! against local migrations, the history table and advisory lock, the migration context
//! with resumable backfills, and typed events for reporters.

mod baseline;
mod context;
mod error;
mod events;
mod history;
mod invalid_indexes;
mod lock;
mod registry;
mod runner;
mod verify;

pub use baseline::{baseline, baseline_selection};
pub use context::{Backfill, MigrationContext};
pub use error::{MigrationError, RunnerError};
pub use events::{CollectingReporter, Event, Reporter};
pub use history::History;
pub use lock::{Holder, holder};
pub use registry::{MigrationDecl, MigrationFuture, registered, sorted};
pub use runner::{RunOptions, RunSummary, Target, repair, run, status};
pub use verify::{Applied, Local, State, VerifyError};

#[doc(hidden)]
pub use inventory;
