//! The private, empty Wireshark environment every tshark run gets (issue 14 item 1).

use crate::error::{Error, Result};
use std::path::Path;
use std::process::Command;

/// A private, empty environment for one tshark run, removed when dropped.
///
/// tshark 4.0 has no switch that turns Lua off, and as root it ignores `WIRESHARK_DATA_DIR`
/// and `WIRESHARK_PLUGIN_DIR`. What it runs besides the system's own files (`init.lua` of its
/// data directory, its global plugins) comes from the personal configuration directory
/// (`init.lua`, preferences, profiles) and the personal plugin directory under `$HOME`. Both
/// point into a fresh directory made by us (mode 0700, inside `$TMPDIR`, whose other contents
/// are never looked at): a hostile `init.lua` in `$TMPDIR`, in `~/.config/wireshark` or in
/// `~/.local/lib/wireshark/plugins` is never found.
pub struct Sandbox {
    dir: crate::fsutil::PrivateDir,
}

/// Name prefix of the sandbox directories (so that stale ones can be recognised; the PID of
/// the run follows, see [`crate::fsutil::temp_prefix`]).
pub const SANDBOX_PREFIX: &str = ".mptcpanalyzer-tshark-";

impl Sandbox {
    pub fn new() -> Result<Sandbox> {
        // mode 0700, listed for removal on a signal; stale ones of killed runs are swept
        let dir = crate::fsutil::PrivateDir::new("tshark-")
            .map_err(|e| Error::io(std::env::temp_dir(), e))?;
        for sub in ["profile", "home", "plugins"] {
            let p = dir.path().join(sub);
            std::fs::create_dir(&p).map_err(|e| Error::io(&p, e))?;
        }
        Ok(Sandbox { dir })
    }

    /// The private directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `tshark` as a command whose every Wireshark directory is inside the sandbox.
    pub fn command(&self, tshark: &Path) -> Command {
        let d = self.dir.path();
        // tshark runs inside the sandbox (some dissectors read files such as `IOR.txt` from
        // the working directory), so a relative program path is made absolute first
        let program = if tshark.components().count() > 1 {
            std::path::absolute(tshark).unwrap_or_else(|_| tshark.to_path_buf())
        } else {
            tshark.to_path_buf()
        };
        let mut c = Command::new(program);
        c.env("WIRESHARK_CONFIG_DIR", d.join("profile"))
            .env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("home"))
            // honoured when not run as root: no plugin at all, not even the global ones
            .env("WIRESHARK_PLUGIN_DIR", d.join("plugins"))
            .env("WIRESHARK_EXTCAP_DIR", d.join("plugins"))
            .env_remove("WIRESHARK_DATA_DIR")
            .env_remove("WIRESHARK_RUN_FROM_BUILD_DIRECTORY")
            .current_dir(d.join("home"));
        c
    }
}
