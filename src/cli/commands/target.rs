//! Where the data of `pcap2csv`, `list` and `stats` goes (`-o FILE|DIR|-`), one set of rules
//! for the three:
//!
//! * no `-o`, or `-o -`: standard output (a binary format is refused on a terminal);
//! * `-o FILE`: written to a temporary file beside it and renamed when complete (an existing
//!   file keeps its permissions and owner, see [`crate::fsutil`]); a run over several captures
//!   writes the captures that could be read even when others failed;
//! * `-o DIR` (an existing directory, or a new one written with a final `/`): one file per
//!   capture there, `DIR/NAME` and the format's extension ([`out_name`]), each written
//!   atomically by its own worker; a new DIR is made as a temporary directory beside it and
//!   renamed once every capture was processed (not made when none could be written).

use super::many::{each, Failures};
use super::{Context, Plan};
use crate::error::{Error, Result};
use crate::output;
use crate::pipeline::{Capture, Settings, Source, Want};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a command's data goes (`-o`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
    /// One file per capture in this directory.
    Dir(PathBuf),
}

impl Target {
    /// `-o` as given: none or `-` is standard output; an existing directory, or a path written
    /// with a final `/`, is a directory; anything else a file.
    pub fn new(output: Option<PathBuf>) -> Target {
        match output {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            Some(p) if p.is_dir() || p.as_os_str().as_encoded_bytes().ends_with(b"/") => {
                Target::Dir(p)
            }
            Some(p) => Target::File(p),
        }
    }

    /// A binary format (Parquet) is never written to a terminal.
    pub fn refuse_terminal(&self, binary: bool) -> Result<()> {
        if *self == Target::Stdout && binary && std::io::IsTerminal::is_terminal(&std::io::stdout())
        {
            return Err(Error::Usage(
                "Parquet is binary: give -o FILE or -o DIR, or redirect standard output".into(),
            ));
        }
        Ok(())
    }

    /// With a directory: refuse, before anything is read, two captures whose files there
    /// would have the same name (`ext`: the format's extension).
    pub fn check_names(&self, captures: &[PathBuf], ext: &str) -> Result<()> {
        let Target::Dir(dir) = self else {
            return Ok(());
        };
        let mut files = Vec::new();
        for c in captures {
            let f = dir.join(out_name(c, ext));
            if files.contains(&f) {
                return Err(Error::Usage(format!(
                    "{}: two captures would be written to {} (rename one, or write one file without -o DIR)",
                    c.display(),
                    f.display()
                )));
            }
            files.push(f);
        }
        Ok(())
    }
}

/// The output format of `list|stats` (`-f`, else the config's), a binary one refused on a
/// terminal standard output.
pub fn format(
    ctx: &Context,
    asked: Option<crate::output::OutputFormat>,
    target: &Target,
) -> Result<crate::output::OutputFormat> {
    let f = asked.unwrap_or(ctx.config.format.value);
    target.refuse_terminal(f.is_binary())?;
    Ok(f)
}

/// The file name of a capture's output in `-o DIR`: its file name without the capture
/// extensions, then `ext` (`run1.pcapng.gz` -> `run1.csv`).
pub fn out_name(capture: &Path, ext: &str) -> String {
    let mut name = capture
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capture".into());
    loop {
        let lower = name.to_ascii_lowercase();
        let Some(e) = [".gz", ".pcapng", ".pcap", ".cap", ".csv"]
            .into_iter()
            .find(|e| lower.ends_with(e) && lower.len() > e.len())
        else {
            break;
        };
        name.truncate(name.len() - e.len());
    }
    name + ext
}

/// Write `path` atomically with what `write` writes. A run over several captures of which
/// some failed (reported, [`Error::CapturesFailed`]) still writes the others' rows; its error
/// is returned once the file is in place. Any other error leaves no file (and an existing
/// one as it was).
pub fn to_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut outcome = Ok(());
    output::write_atomic(path, |w| {
        outcome = write(w);
        match &outcome {
            Err(Error::CapturesFailed { .. }) | Ok(()) => Ok(()),
            Err(_) => std::mem::replace(&mut outcome, Ok(())),
        }
    })?;
    outcome
}

/// A plan whose data goes to `-o FILE` ([`to_file`]) instead of the writer it is given.
pub struct ToFile {
    pub plan: Box<dyn Plan>,
    pub path: PathBuf,
}

impl Plan for ToFile {
    fn capture(&self) -> Option<&Path> {
        self.plan.capture()
    }

    fn want(&self, src: &Source, settings: &Settings) -> Want {
        self.plan.want(src, settings)
    }

    fn run(&self, ctx: &Context, capture: Option<&Capture>, _: &mut dyn Write) -> Result<()> {
        to_file(&self.path, |w| self.plan.run(ctx, capture, w))
    }

    fn streams(&self) -> bool {
        self.plan.streams()
    }

    fn run_streamed(&self, ctx: &Context, _: &mut dyn Write) -> Result<()> {
        to_file(&self.path, |w| self.plan.run_streamed(ctx, w))
    }
}

/// One file per capture in `dir`, `dir/NAME` + `ext` ([`out_name`]), each written by its
/// worker with `write(ctx, plan, file)` (atomically: [`output::write_atomic`]). A
/// new `dir` appears at once, complete (a temporary directory beside it, renamed), or not at
/// all when no capture could be written. Failing captures are reported (keep-going).
pub fn into_dir<P: Plan + Sync>(
    ctx: &Context,
    dir: &Path,
    ext: &str,
    plans: &[P],
    workers: usize,
    write: impl Fn(&Context, &P, &Path) -> Result<()> + Sync,
) -> Result<()> {
    if dir.is_dir() {
        return each_file(ctx, dir, ext, plans, workers, &write);
    }
    let target = dir.components().as_path().to_path_buf();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let out_err = |msg: String| Error::Output {
        path: target.clone(),
        msg,
    };
    let (staging, _guard) = crate::fsutil::create_tracked(
        || {
            tempfile::Builder::new()
                .prefix(&crate::fsutil::temp_prefix(""))
                .tempdir_in(&parent)
        },
        |d| d.path(),
    )
    .map_err(|e| {
        out_err(format!(
            "cannot make a directory in {}: {e}",
            parent.display()
        ))
    })?;
    let outcome = each_file(ctx, staging.path(), ext, plans, workers, &write);
    let wrote = std::fs::read_dir(staging.path()).map_or(0, |d| d.count());
    if wrote > 0 {
        #[cfg(unix)]
        {
            // as `mkdir` makes it (the temporary directory is private)
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
        }
        let path = staging.keep();
        if let Err(e) = std::fs::rename(&path, &target) {
            let _ = std::fs::remove_dir_all(&path);
            return Err(out_err(e.to_string()));
        }
    }
    outcome
}

/// [`into_dir`]'s files, in the directory `dir` that exists.
fn each_file<P: Plan + Sync>(
    ctx: &Context,
    dir: &Path,
    ext: &str,
    plans: &[P],
    workers: usize,
    write: &(impl Fn(&Context, &P, &Path) -> Result<()> + Sync),
) -> Result<()> {
    let file = |plan: &P| dir.join(out_name(plan.capture().expect("a capture plan"), ext));
    let results = each(ctx, plans, workers, |ctx, plan| {
        write(ctx, plan, &file(plan))
    })?;
    let mut failures = Failures::default();
    for (plan, r) in plans.iter().zip(results) {
        if let Err(e) = r {
            failures.report(plan.capture().expect("a capture plan"), e);
        }
    }
    failures.result(plans.len())
}

#[cfg(test)]
mod tests {
    use super::{out_name, Target};
    use std::path::{Path, PathBuf};

    #[test]
    fn dash_is_stdout_a_final_slash_a_directory() {
        assert_eq!(Target::new(None), Target::Stdout);
        assert_eq!(Target::new(Some("-".into())), Target::Stdout);
        assert_eq!(
            Target::new(Some("new-dir/".into())),
            Target::Dir("new-dir/".into())
        );
        let d = tempfile::tempdir().unwrap();
        assert_eq!(
            Target::new(Some(d.path().into())),
            Target::Dir(d.path().into())
        );
        let f = d.path().join("x.csv");
        assert_eq!(Target::new(Some(f.clone())), Target::File(f));
    }

    #[test]
    fn a_capture_in_a_directory_keeps_its_name_without_capture_extensions() {
        assert_eq!(
            out_name(Path::new("runs/run1.pcapng.gz"), ".csv"),
            "run1.csv"
        );
        assert_eq!(out_name(Path::new("a.PCAP"), ".json"), "a.json");
        let t = Target::Dir("out".into());
        let caps: Vec<PathBuf> = vec!["x/a.pcap".into(), "y/a.pcapng".into()];
        assert!(t.check_names(&caps, ".csv").is_err());
        assert!(t.check_names(&caps[..1], ".csv").is_ok());
    }
}
