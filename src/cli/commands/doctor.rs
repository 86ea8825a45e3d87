//! `doctor`: what the program would use and whether it works: version, config file, backend,
//! the tshark found (path, where the setting came from, version, usable or why not), the cache
//! directory. Exit 0 when the configured backend is usable; with `backend = tshark` and no
//! usable tshark, the tshark error (exit 4) after the report.

use super::{Context, Plan};
use crate::error::{Error, Result};
use crate::input::Backend;
use crate::pipeline::Capture;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct DoctorPlan;

/// `tshark` without a slash is looked up on PATH, as the backend runs it.
fn on_path(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return program.is_file().then(|| program.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

impl Plan for DoctorPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let c = &ctx.config;
        let mut s = format!("mptcpanalyzer {}\n", crate::cli::LONG_VERSION);
        s += &format!(
            "config file: {} ({})\n",
            c.file.display(),
            if c.file_exists { "read" } else { "not present" }
        );
        s += &format!("backend: {} ({})\n", c.backend.value, c.backend.origin);
        s += "native dissector: usable (built in)\n";
        let tshark = crate::input::tshark::resolve_path(Some(&c.tshark.value));
        let found = on_path(&tshark);
        s += &format!(
            "tshark: {} ({}){}\n",
            tshark.display(),
            c.tshark.origin,
            match &found {
                Some(p) if p != &tshark => format!(", found at {}", p.display()),
                Some(_) => String::new(),
                None => ", not found".into(),
            }
        );
        let timeout = ctx
            .settings
            .input
            .tshark_timeout
            .unwrap_or(crate::input::tshark::DEFAULT_TIMEOUT);
        let checked = crate::input::tshark::check_version(&tshark, timeout);
        match &checked {
            Ok(v) => {
                s += &format!("tshark version: {v}\n");
                s += &format!(
                    "tshark usable: yes ({}.{} or newer is required)\n",
                    crate::input::tshark::MIN_VERSION.0,
                    crate::input::tshark::MIN_VERSION.1
                );
            }
            Err(e) => {
                s += "tshark version: unknown\n";
                s += &format!("tshark usable: no: {e}\n");
            }
        }
        let cache = &c.cache_dir.value;
        s += &format!(
            "cache directory: {} ({}, {})\n",
            cache.display(),
            c.cache_dir.origin,
            if cache.is_dir() {
                "exists"
            } else {
                "not created yet"
            }
        );
        out.write_all(s.as_bytes()).map_err(Error::stdout)?;
        match (c.backend.value, checked) {
            (Backend::Tshark, Err(e)) => Err(e),
            _ => Ok(()),
        }
    }
}
