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
}

impl Printer {
    pub fn new(mode: Mode) -> Printer {
        Printer {
            mode,
            bar: None,
            last_tenth: None,
            started: std::time::Instant::now(),
        }
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
                self.line(format!("  {} ({millis} ms)", one_line(&sql)))
            }
            Event::StatementSkipped { sql, .. } => self.line(format!(
                "  skipped (committed by an earlier run): {}",
                one_line(&sql)
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
