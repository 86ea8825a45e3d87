//! Progress bar on stderr, only when stderr is a terminal: the command-line tool's
//! [`ProgressSink`] ([`Bar`]).
//!
//! While the reader can tell how far it is in the file ([`ReadProgress`]: the native and CSV
//! readers count bytes, the tshark reader looks up tshark's file offset), a bar with bytes, rate
//! and time left; otherwise a spinner counting frames.

use crate::input::{ProgressSink, ReadProgress};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const SPINNER: &str = "{spinner} {msg}: {human_pos} frames, {elapsed}";
const BAR: &str =
    "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}, {eta} left";

/// The indicatif sink: a bar per read, drawn on stderr when it is a terminal and the bar is
/// enabled (not under `--quiet` or `--no-progress`).
pub struct Bar {
    enabled: bool,
    current: std::cell::RefCell<Option<Progress>>,
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new(true)
    }
}

impl Bar {
    /// A sink that draws (on a terminal) only when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Bar {
            enabled,
            current: Default::default(),
        }
    }

    /// Whether reads may draw a bar (a terminal is needed too).
    pub fn enabled(&self) -> bool {
        self.enabled
    }
}

impl ProgressSink for Bar {
    fn start(&self, path: &Path) -> Option<Arc<ReadProgress>> {
        let p = Progress::new(self.enabled, path);
        let reader = p.reader();
        if let Some(old) = self.current.replace(Some(p)) {
            old.finish();
        }
        reader
    }

    #[inline]
    fn packet(&self, frame: u64) {
        if let Some(p) = &*self.current.borrow() {
            p.tick(frame);
        }
    }

    fn finish(&self) {
        if let Some(p) = self.current.take() {
            p.finish();
        }
    }
}

/// Hidden when stderr is not a terminal or when disabled.
pub struct Progress {
    bar: Option<ProgressBar>,
    read: Arc<ReadProgress>,
    every: u64,
    sized: std::cell::Cell<bool>,
}

impl Progress {
    pub fn new(enabled: bool, path: &Path) -> Self {
        Self::with_terminal(enabled && std::io::stderr().is_terminal(), path)
    }

    fn with_terminal(shown: bool, path: &Path) -> Self {
        let read = Arc::new(ReadProgress::default());
        if !shown {
            return Progress {
                bar: None,
                read,
                every: u64::MAX,
                sized: false.into(),
            };
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template(SPINNER)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!(
            "reading {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar: Some(bar),
            read,
            every: crate::input::PROGRESS_EVERY,
            sized: false.into(),
        }
    }

    /// What the reader updates; `None` when nothing is shown (the readers then count nothing).
    pub fn reader(&self) -> Option<Arc<ReadProgress>> {
        self.bar.as_ref().map(|_| self.read.clone())
    }

    #[inline]
    pub fn tick(&self, frame: u64) {
        if frame % self.every == 0 {
            if let Some(b) = &self.bar {
                self.update(b, frame);
            }
        }
    }

    fn update(&self, b: &ProgressBar, frame: u64) {
        let (done, total) = self.read.get();
        if total == 0 || done == 0 {
            b.set_position(frame);
            return;
        }
        b.set_length(total);
        b.set_position(done.min(total));
        if !self.sized.get() {
            if let Ok(style) = ProgressStyle::with_template(BAR) {
                b.set_style(style.progress_chars("=> "));
            }
            self.sized.set(true);
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disabled_bar_draws_nothing_even_on_a_terminal() {
        // --quiet / --no-progress: Bar::new(false); its reads get no counter, hence no bar
        let bar = Bar::new(false);
        assert!(!bar.enabled());
        assert!(bar.start(Path::new("x.pcap")).is_none());
        assert!(bar
            .current
            .borrow()
            .as_ref()
            .is_some_and(|p| p.bar.is_none()));
        bar.finish();
        assert!(Bar::default().enabled());
    }

    #[test]
    fn hidden_progress_hands_out_no_counter() {
        let p = Progress::with_terminal(false, Path::new("x.pcap"));
        assert!(p.reader().is_none());
        p.tick(0);
        p.finish();
    }

    #[test]
    fn a_sized_read_turns_the_spinner_into_a_bar() {
        let p = Progress::with_terminal(true, Path::new("x.pcap"));
        let bar = p.bar.clone().unwrap();
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        let r = p.reader().unwrap();
        p.tick(4096);
        assert_eq!(bar.length(), None, "no size known yet: a spinner");
        assert_eq!(bar.position(), 4096);
        r.start(1000);
        r.set(250);
        p.tick(8192);
        assert_eq!(bar.length(), Some(1000));
        assert_eq!(bar.position(), 250);
        p.finish();
    }
}
