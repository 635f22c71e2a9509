//! Typed events the runner emits while it works. The terminal output and the RPC stream
//! are two reporters of the same events; nothing downstream parses strings.

/// Something that happened during a run.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
#[repr(u8)]
#[non_exhaustive]
pub enum Event {
    /// A migration is about to run (`index` of `total` pending).
    MigrationStarted {
        id: String,
        index: usize,
        total: usize,
    },
    /// A statement is about to run.
    StatementStarted { id: String, sql: String },
    /// A statement finished, with the rows it touched and its duration.
    StatementFinished {
        id: String,
        sql: String,
        rows: u64,
        millis: u64,
    },
    /// A statement was skipped because an earlier, interrupted run committed it.
    StatementSkipped { id: String, sql: String },
    /// A free-form line from the migration itself.
    Log { id: String, message: String },
    /// Progress of a backfill or of a hand-written loop.
    Progress {
        id: String,
        label: String,
        done: u64,
        total: u64,
    },
    /// One backfill batch committed: its rows and how long it held them locked.
    BatchFinished { id: String, rows: u64, millis: u64 },
    /// A migration finished and is recorded as applied.
    MigrationFinished { id: String, millis: u64 },
    /// Dry run: this migration would run.
    WouldRun { id: String, source: String },
    /// Another runner holds the migration lock; reported every few seconds while waiting.
    WaitingForLock { holder: String, waited_millis: u64 },
    /// The migration lock was taken after waiting for another runner.
    LockAcquired { waited_millis: u64 },
    /// An INVALID index left by an interrupted concurrent build was dropped before the
    /// migration that will build it again.
    InvalidIndexDropped { id: String, index: String },
    /// A lock wait timed out and the migration is retried.
    Retrying {
        id: String,
        attempt: u32,
        reason: String,
    },
}

/// Receives events. Libraries never print; reporters decide what a person or a machine sees.
pub trait Reporter: Send {
    fn event(&mut self, event: Event);
}

/// Keeps every event, for tests and for callers that render afterwards.
#[derive(Debug, Default)]
pub struct CollectingReporter {
    pub events: Vec<Event>,
}

impl Reporter for CollectingReporter {
    fn event(&mut self, event: Event) {
        self.events.push(event);
    }
}

/// Sends events over a channel (to a terminal task or an RPC stream).
impl Reporter for tokio::sync::mpsc::UnboundedSender<Event> {
    fn event(&mut self, event: Event) {
        // A closed receiver means nobody listens any more; the run itself goes on.
        let _ = self.send(event);
    }
}
