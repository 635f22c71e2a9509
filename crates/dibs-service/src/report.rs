//! Showing runner events to a person (progress bars on a terminal, plain lines otherwise)
//! or to a machine (JSON lines). The runner knows none of this.

use std::io::IsTerminal;
use std::time::Duration;

use dibs_runner::{Event, Reporter};
use indicatif::{ProgressBar, ProgressStyle};

/// How events are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Json,
    Terminal,
    Plain,
}

impl Mode {
    pub fn detect(json: bool) -> Mode {
        if json {
            Mode::Json
        } else if std::io::stdout().is_terminal() {
            Mode::Terminal
        } else {
            Mode::Plain
        }
    }
}

/// Prints events as they arrive.
pub struct Printer {
    mode: Mode,
    bar: Option<ProgressBar>,
    /// Plain mode prints a progress line per tenth; the last tenth printed, per label.
    last_tenth: Option<(String, u64)>,
    started: std::time::Instant,
    /// Statements in full; otherwise a terminal shows each on one shortened line.
    verbose: bool,
}

/// Longest statement a terminal shows without `--verbose`, in characters.
const SHORT_STATEMENT: usize = 100;

impl Printer {
    pub fn new(mode: Mode) -> Printer {
        Printer {
            mode,
            bar: None,
            last_tenth: None,
            started: std::time::Instant::now(),
            verbose: false,
        }
    }

    pub fn verbose(mut self, verbose: bool) -> Printer {
        self.verbose = verbose;
        self
    }

    /// A statement as the log shows it: whole in verbose and plain (logs) modes, one
    /// shortened line on a terminal so long statements do not scroll the progress away.
    fn statement(&self, sql: &str) -> String {
        let line = one_line(sql);
        if self.verbose || self.mode != Mode::Terminal || line.chars().count() <= SHORT_STATEMENT {
            return line;
        }
        let short: String = line.chars().take(SHORT_STATEMENT - 1).collect();
        format!("{short}…")
    }

    fn line(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => println!("{text}"),
        }
    }

    fn progress(&mut self, label: &str, done: u64, total: u64) {
        if self.mode == Mode::Plain {
            // One line per tenth, not per batch, with the rate so far.
            let tenth = (done * 10).checked_div(total).unwrap_or(10);
            let new_label = self.last_tenth.as_ref().is_none_or(|(l, _)| l != label);
            if done == 0 {
                self.started = std::time::Instant::now();
            }
            if new_label || self.last_tenth.as_ref().is_some_and(|(_, t)| *t < tenth) {
                let rate = done as f64 / self.started.elapsed().as_secs_f64().max(0.001);
                let percent = (done * 100).checked_div(total).unwrap_or(100);
                println!("  {label}: {done} / {total} ({percent}%, {rate:.0} rows/s)");
                self.last_tenth = Some((label.to_string(), tenth));
            }
            return;
        }
        let bar =
            self.bar.get_or_insert_with(|| {
                let bar = ProgressBar::new(total);
                bar.set_style(
                ProgressStyle::with_template(
                    "  {msg} [{bar:30}] {percent}% ({human_pos} / {human_len}) {rate} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                // indicatif's {per_sec} prints four decimals (`79,875.2407/s`).
                .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} rows/s", state.per_sec());
                })
                .progress_chars("=> "),
            );
                bar.enable_steady_tick(Duration::from_millis(200));
                bar
            });
        bar.set_message(label.to_string());
        bar.set_length(total);
        bar.set_position(done);
        if done >= total {
            bar.finish();
            self.bar = None;
        }
    }
}

fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Reporter for Printer {
    fn event(&mut self, event: Event) {
        if self.mode == Mode::Json {
            if let Ok(json) = facet_json::to_string(&event) {
                println!("{json}");
            }
            return;
        }
        match event {
            Event::MigrationStarted { id, .. } => self.line(format!("Running {id}...")),
            Event::StatementStarted { .. } => {}
            Event::StatementFinished { sql, millis, .. } => {
                self.line(format!("  {} ({millis} ms)", self.statement(&sql)))
            }
            Event::StatementSkipped { sql, .. } => self.line(format!(
                "  skipped (committed by an earlier run): {}",
                self.statement(&sql)
            )),
            Event::Log { message, .. } => self.line(format!("  {message}")),
            Event::Progress {
                label, done, total, ..
            } => self.progress(&label, done, total),
            Event::BatchFinished { .. } => {}
            Event::MigrationFinished { id, millis } => {
                self.line(format!("  Done {id} in {:.1}s", millis as f64 / 1000.0))
            }
            Event::WouldRun { id, source } => {
                self.line(format!("Would run {id}:\n{source}\n"));
            }
            Event::Retrying {
                id,
                attempt,
                reason,
            } => self.line(format!(
                "  {id}: lock timeout, retrying (attempt {attempt}): {reason}"
            )),
            Event::WaitingForLock {
                holder,
                waited_millis,
            } => self.line(format!(
                "Waiting for another runner: {holder}, {} s",
                waited_millis / 1000
            )),
            Event::LockAcquired { waited_millis } => self.line(format!(
                "Took the migration lock after {:.1} s",
                waited_millis as f64 / 1000.0
            )),
            Event::InvalidIndexDropped { id, index } => self.line(format!(
                "  {id}: dropped INVALID index {index} left by an interrupted concurrent build; \
                 the migration builds it again"
            )),
            other => self.line(format!("  {other:?}")),
        }
    }
}

/// Prints an error and its causes once, on stderr.
pub fn print_error(err: &dyn std::error::Error) {
    eprintln!("error: {err}");
    let mut source = err.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
