//! The session's loaded captures: loading (once per file), finding them by name, reloading
//! those changed on disk, and the `captures` listing.

use super::{expand, Session};
use crate::error::{Error, Result};
use crate::shell::capture::{self, Loaded};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

impl Session {
    pub(super) fn is_capture(&self, word: &str) -> bool {
        self.captures.iter().any(|c| c.name == word) || Path::new(&expand(word)).is_file()
    }

    /// The loaded capture a word names, loading a file on first use.
    pub(super) fn resolve(&mut self, word: &str) -> Result<usize> {
        if let Some(i) = self.captures.iter().position(|c| c.name == word) {
            return Ok(i);
        }
        let path = expand(word);
        self.load(&path, None)
    }

    pub(super) fn find(&self, name: &str) -> Result<usize> {
        self.captures
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no loaded capture named {name:?} (loaded: {})",
                    self.names_list()
                ))
            })
    }

    fn names_list(&self) -> String {
        if self.captures.is_empty() {
            "none".into()
        } else {
            self.captures
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// Load `path` (already loaded from the same file: that one) and return its index.
    pub fn load(&mut self, path: &Path, name: Option<String>) -> Result<usize> {
        let canon = std::fs::canonicalize(path).ok();
        if let Some(i) = self
            .captures
            .iter()
            .position(|c| canon.is_some() && std::fs::canonicalize(&c.path).ok() == canon)
        {
            if let Some(n) = name {
                if self.captures.iter().any(|c| c.name == n) && self.captures[i].name != n {
                    return Err(Error::Usage(format!("a capture is already named {n:?}")));
                }
                self.captures[i].name = n;
            }
            self.refresh(i)?;
            return Ok(i);
        }
        if let Some(n) = &name {
            if self.captures.iter().any(|c| &c.name == n) {
                return Err(Error::Usage(format!(
                    "a capture is already named {n:?} (unload it first)"
                )));
            }
            if n.is_empty() || n.contains(char::is_whitespace) {
                return Err(Error::Usage(format!("bad capture name {n:?}")));
            }
        }
        let name = name.unwrap_or_else(|| {
            let taken: Vec<&str> = self.captures.iter().map(|c| c.name.as_str()).collect();
            capture::name_for(path, &taken)
        });
        let loaded = Loaded::load(&self.ctx, path, name)?;
        self.captures.push(loaded);
        Ok(self.captures.len() - 1)
    }

    /// Reload a capture whose file changed on disk since it was loaded.
    pub(super) fn refresh(&mut self, i: usize) -> Result<()> {
        if !self.captures[i].changed_on_disk() {
            return Ok(());
        }
        let c = &self.captures[i];
        crate::output::message::note(format_args!(
            "{}: {} changed on disk, reloading",
            c.name,
            c.path.display()
        ));
        let fresh = Loaded::load(&self.ctx, &c.path.clone(), c.name.clone())?;
        self.captures[i] = fresh;
        Ok(())
    }

    pub(super) fn print_captures(&self) -> Result<()> {
        let io = Error::stdout;
        let mut out = std::io::stdout().lock();
        if self.captures.is_empty() {
            crate::output::message::note("no capture loaded (load CAPTURE [as NAME])");
            return Ok(());
        }
        let width = self
            .captures
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        writeln!(
            out,
            "  {:<width$}  {:>8}  {:>8}  {:>7}  path",
            "name", "frames", "tcp pkts", "age"
        )
        .map_err(io)?;
        for (i, c) in self.captures.iter().enumerate() {
            let mark = if Some(i) == self.current { '*' } else { ' ' };
            writeln!(
                out,
                "{mark} {:<width$}  {:>8}  {:>8}  {:>7}  {}",
                c.name,
                c.frames,
                c.tcp_packets,
                age(c.loaded_at.elapsed()),
                c.path.display()
            )
            .map_err(io)?;
        }
        out.flush().map_err(io)
    }
}

/// "42 s", "3 min", "2 h"
fn age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        _ => format!("{} h", s / 3600),
    }
}
