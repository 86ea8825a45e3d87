//! Progress bar on stderr, only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// A spinner counting frames; hidden when stderr is not a terminal or when disabled.
pub struct Progress {
    bar: Option<ProgressBar>,
    every: u64,
}

impl Progress {
    pub fn new(enabled: bool, path: &Path) -> Self {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                every: u64::MAX,
            };
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}: {human_pos} frames, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!(
            "reading {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar: Some(bar),
            every: 4096,
        }
    }

    #[inline]
    pub fn tick(&self, frame: u64) {
        if frame % self.every == 0 {
            if let Some(b) = &self.bar {
                b.set_position(frame);
            }
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
