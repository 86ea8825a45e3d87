//! `config show`: the effective configuration and where each value came from.

use super::{Context, Plan};
use crate::cli::ConfigAction;
use crate::error::{Error, Result};
use crate::pipeline::Capture;
use std::io::Write;

pub struct ConfigPlan {
    action: ConfigAction,
}

impl ConfigPlan {
    pub fn new(action: ConfigAction) -> Self {
        ConfigPlan { action }
    }
}

impl Plan for ConfigPlan {
    fn run(&self, ctx: &Context, _: Option<&Capture>, out: &mut dyn Write) -> Result<()> {
        match self.action {
            ConfigAction::Show => out
                .write_all(ctx.config.show().as_bytes())
                .map_err(Error::stdout),
        }
    }
}
