//! tshark's position in the capture, for the progress bar.

use std::path::Path;

/// How far tshark has read the capture: the offset of its descriptor on the file, from
/// `/proc/PID/fdinfo` (Linux). Elsewhere, or when it cannot be found, the bar stays a spinner.
pub struct FilePosition {
    pid: u32,
    target: Option<std::path::PathBuf>,
    fdinfo: Option<std::path::PathBuf>,
    tries: u32,
}

impl FilePosition {
    pub fn new(pid: u32, capture: &Path) -> Self {
        FilePosition {
            pid,
            target: std::fs::canonicalize(capture).ok(),
            fdinfo: None,
            tries: 0,
        }
    }

    pub fn poll(&mut self) -> Option<u64> {
        if self.fdinfo.is_none() && self.tries < 20 {
            self.tries += 1;
            let target = self.target.as_ref()?;
            let dir = format!("/proc/{}/fd", self.pid);
            self.fdinfo = std::fs::read_dir(&dir).ok()?.flatten().find_map(|e| {
                (std::fs::read_link(e.path()).ok().as_ref() == Some(target))
                    .then(|| Path::new(&format!("/proc/{}/fdinfo", self.pid)).join(e.file_name()))
            });
        }
        let text = std::fs::read_to_string(self.fdinfo.as_ref()?).ok()?;
        text.lines()
            .find_map(|l| l.strip_prefix("pos:"))
            .and_then(|v| v.trim().parse().ok())
    }
}
