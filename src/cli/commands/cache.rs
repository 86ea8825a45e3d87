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
                if !ctx.quiet {
                    let s = if n == 1 { "y" } else { "ies" };
                    eprintln!("removed {n} cache entr{s} from {}", cache.dir.display());
                }
                Ok(())
            }
        }
    }
}
