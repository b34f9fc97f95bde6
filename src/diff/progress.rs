//! The progress line of `kmsconf diff` on stderr: a bar of cases, calls and rates, then the
//! shrinking of a disagreement. Redrawn in place on a terminal, a line every tenth otherwise.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

/// Progress of one run.
pub(crate) struct Progress {
    on: bool,
    terminal: bool,
    total: u32,
    last_drawn: Option<Instant>,
    last_tenth: u64,
}

impl Progress {
    /// Progress of `total` cases, shown when `on`.
    pub(crate) fn new(on: bool, total: u32) -> Progress {
        Progress {
            on,
            terminal: std::io::stderr().is_terminal(),
            total,
            last_drawn: None,
            last_tenth: 0,
        }
    }

    /// After a case: `cases` done, `calls` made, `elapsed` since the start.
    pub(crate) fn case(&mut self, cases: u64, calls: u64, elapsed: Duration) {
        if !self.on {
            return;
        }
        let total = u64::from(self.total.max(1));
        let tenth = cases * 10 / total;
        let due = if self.terminal {
            self.last_drawn
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(100))
                || cases == total
        } else {
            tenth > self.last_tenth
        };
        if !due {
            return;
        }
        self.last_tenth = tenth;
        self.last_drawn = Some(Instant::now());
        let secs = elapsed.as_secs_f64().max(1e-9);
        let filled = usize::try_from(cases * 30 / total).unwrap_or(30).min(30);
        let line = format!(
            "diff [{}{}] {cases}/{total} cases, {calls} calls, {:.0} cases/s, {:.0} calls/s",
            "#".repeat(filled),
            ".".repeat(30 - filled),
            cases as f64 / secs,
            calls as f64 / secs,
        );
        self.draw(&line);
    }

    /// During shrinking: `attempt` cases run in all, the smallest failing case so far.
    pub(crate) fn shrinking(&mut self, attempt: u64, smallest_calls: usize) {
        if !self.on {
            return;
        }
        if self.terminal
            || self
                .last_drawn
                .is_none_or(|t| t.elapsed() >= Duration::from_secs(5))
        {
            self.last_drawn = Some(Instant::now());
            self.draw(&format!(
                "diff: a disagreement; shrinking (run {attempt}), smallest so far {smallest_calls} calls"
            ));
        }
    }

    /// Ends the line.
    pub(crate) fn finish(&mut self) {
        if self.on && self.terminal {
            eprintln!();
        }
    }

    fn draw(&self, line: &str) {
        let mut err = std::io::stderr().lock();
        let _ = if self.terminal {
            write!(err, "\r\x1b[2K{line}")
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }
}
