//! `cache path|list|clear`: the cache of dissected captures.

use super::{Context, Plan};
use crate::cache::Cache;
use crate::cli::CacheAction;
use crate::error::{Error, Result};
use crate::pipeline::Capture;
use std::io::Write;

pub struct CachePlan {
    action: CacheAction,
}

impl CachePlan {
    pub fn new(action: CacheAction) -> Self {
        CachePlan { action }
    }
}

impl Plan for CachePlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        let cache = Cache::new(ctx.config.cache_dir.value.clone());
        let io = Error::stdout;
        match self.action {
            CacheAction::Path => writeln!(out, "{}", cache.dir.display()).map_err(io),
            CacheAction::List => {
                for (p, size) in cache.list()? {
                    writeln!(out, "{}\t{}", size, p.display()).map_err(io)?;
                }
                Ok(())
            }
            CacheAction::Clear => {
                let n = cache.clear()?;
                // and what interrupted runs left: in the cache directory and in TMPDIR
                let stale = crate::fsutil::sweep_stale_now(&cache.dir)
                    + crate::fsutil::sweep_stale_now(&std::env::temp_dir());
                if !ctx.quiet {
                    let s = if n == 1 { "y" } else { "ies" };
                    eprintln!("removed {n} cache entr{s} from {}", cache.dir.display());
                    if stale > 0 {
                        let s = if stale == 1 { "" } else { "s" };
                        eprintln!(
                            "removed {stale} stale temporary file{s} or director{} of interrupted runs",
                            if stale == 1 { "y" } else { "ies" }
                        );
                    }
                }
                Ok(())
            }
        }
    }
}
