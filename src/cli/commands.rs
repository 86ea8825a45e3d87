//! Running the commands: validated settings in, data on stdout, warnings on stderr.

pub mod map;
pub mod owd;
pub mod pair;
pub mod receiver;
pub mod reinjections;

use super::{CacheAction, Cli, Command, ConfigAction, ConnKind};
use crate::analysis::stats::StatsCollector;
use crate::analysis::{self, connections, AnalyseOptions, PacketFilter};
use crate::cache::{Cache, CacheMode};
use crate::config::{Config, Overrides};
use crate::error::{Error, Result};
use crate::input::{InputOptions, ProgressSink};
use crate::output::stats::{MptcpStatsReport, OneOrMany, TcpStatsReport};
use crate::output::{self, list::MptcpList, list::TcpList, OutputFormat};
use std::io::Write;
use std::path::Path;

/// Settings resolved from flags and config, ready to use.
pub struct Context {
    pub config: Config,
    pub input: InputOptions,
    pub quiet: bool,
    /// The progress bar every read draws (on a terminal).
    pub bar: crate::output::progress::Bar,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        let g = &cli.global;
        let config = Config::load(&Overrides {
            config_file: g.config.clone(),
            backend: g.backend,
            tshark: g.tshark.clone(),
            cache_dir: g.cache_dir.clone(),
        })?;
        let input = InputOptions {
            backend: config.backend.value,
            tshark: Some(config.tshark.value.clone()),
            cache_dir: Some(config.cache_dir.value.clone()),
            cache_mode: if g.no_cache {
                CacheMode::Off
            } else if g.regen {
                CacheMode::Regen
            } else {
                CacheMode::Use
            },
            cache_native: false,
            progress: None,
        };
        Ok(Context {
            config,
            input,
            quiet: g.quiet,
            bar: Default::default(),
        })
    }

    /// The sink a read shows its progress to.
    pub fn progress(&self) -> Option<&dyn ProgressSink> {
        Some(&self.bar)
    }

    fn format(&self, asked: Option<OutputFormat>) -> OutputFormat {
        asked.unwrap_or(self.config.format.value)
    }

    fn delimiter(&self) -> u8 {
        self.config.csv_delimiter.value as u8
    }

    /// Read and analyse a capture, printing its warnings.
    pub fn analyse(&self, capture: &Path, opts: AnalyseOptions) -> Result<analysis::Analysis> {
        let a = analysis::analyse(capture, &self.input, opts)?;
        self.warn(capture, &a);
        Ok(a)
    }

    /// Print the warnings of an analysis on stderr (unless --quiet).
    pub fn warn(&self, capture: &Path, a: &analysis::Analysis) {
        if !self.quiet {
            for w in &a.info.warnings {
                eprintln!("mptcpanalyzer: warning: {}: {w}", capture.display());
            }
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context::from_cli(&cli)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::List {
            kind,
            capture,
            out: f,
        } => {
            let a = ctx.analyse(
                &capture,
                AnalyseOptions {
                    progress: ctx.progress(),
                    ..Default::default()
                },
            )?;
            let format = ctx.format(f.format);
            match kind {
                ConnKind::Tcp => output::write_report(
                    &TcpList(connections::tcp_connections(&a.enricher)),
                    format,
                    ctx.delimiter(),
                    &mut out,
                ),
                ConnKind::Mptcp => {
                    let conns = connections::mptcp_connections(&a.enricher);
                    if format == OutputFormat::Table && !ctx.quiet {
                        note_missing_mptcp(&capture, &a, conns.is_empty());
                    }
                    output::write_report(&MptcpList(conns), format, ctx.delimiter(), &mut out)
                }
            }
        }
        Command::Pcap2csv {
            capture,
            output: dest,
            tcp,
            mptcp,
        } => {
            let filter = match (tcp, mptcp) {
                (Some(t), _) => Some(PacketFilter::Tcp(t)),
                (_, Some(m)) => Some(PacketFilter::Mptcp(m)),
                _ => None,
            };
            // `-o -` is stdout, as usual on the command line
            let dest = dest.filter(|p| p.as_os_str() != "-");
            match dest {
                Some(path) => output::write_atomic(&path, |w| pcap2csv(&ctx, &capture, filter, w)),
                None => pcap2csv(&ctx, &capture, filter, &mut out),
            }
        }
        Command::Stats {
            kind,
            capture,
            id,
            dest,
            out: f,
        } => {
            let filter = id.map(|i| match kind {
                ConnKind::Tcp => PacketFilter::Tcp(i),
                ConnKind::Mptcp => PacketFilter::Mptcp(i),
            });
            let mut collector = StatsCollector::new(filter);
            let a = analysis::analyse_with(
                &capture,
                &ctx.input,
                AnalyseOptions {
                    reinjections: kind == ConnKind::Mptcp,
                    progress: ctx.progress(),
                    ..Default::default()
                },
                &mut |p, r| {
                    collector.push(p, r);
                    Ok(())
                },
            )?;
            ctx.warn(&capture, &a);
            check_filter(&capture, &a, filter)?;
            let format = ctx.format(f.format);
            let (to_server, to_client) = dest.directions();
            match kind {
                ConnKind::Tcp => {
                    let mut all = collector.tcp(&a.enricher);
                    let stats = match id {
                        Some(_) => OneOrMany::One(all.remove(0)),
                        None => OneOrMany::Many(all),
                    };
                    let report = TcpStatsReport {
                        stats,
                        dirs: (to_server, to_client),
                    };
                    output::write_report(&report, format, ctx.delimiter(), &mut out)
                }
                ConnKind::Mptcp => {
                    let mut all = collector.mptcp(&a.enricher);
                    if format == OutputFormat::Table && !ctx.quiet && id.is_none() {
                        note_missing_mptcp(&capture, &a, all.is_empty());
                    }
                    for s in &mut all {
                        if !to_server {
                            s.to_server = None;
                        }
                        if !to_client {
                            s.to_client = None;
                        }
                    }
                    let stats = match id {
                        Some(_) if !all.is_empty() => OneOrMany::One(all.remove(0)),
                        _ => OneOrMany::Many(all),
                    };
                    output::write_report(
                        &MptcpStatsReport { stats },
                        format,
                        ctx.delimiter(),
                        &mut out,
                    )
                }
            }
        }
        Command::Map(args) => map::run(&ctx, args),
        Command::Owd(args) => owd::run(&ctx, args),
        Command::Reinjections(args) => reinjections::run(&ctx, args),
        Command::Receiver(args) => receiver::run(&ctx, args),
        Command::Plot { plot } => super::plot::run(&ctx, plot),
        Command::Cache { action } => {
            let cache = Cache::new(ctx.config.cache_dir.value.clone());
            let io = Error::stdout;
            match action {
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
        Command::Config {
            action: ConfigAction::Show,
        } => out
            .write_all(ctx.config.show().as_bytes())
            .map_err(Error::stdout),
        Command::Completions { shell } => {
            // generate into memory: clap_complete panics on a write error (closed pipe)
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut super::command(), "mptcpanalyzer", &mut buf);
            buf.extend_from_slice(crate::shell::completion_hook(shell).as_bytes());
            out.write_all(&buf).map_err(Error::stdout)
        }
        Command::Man => clap_mangen::Man::new(super::command())
            .render(&mut out)
            .map_err(Error::stdout),
        Command::Shell(_) => Err(Error::Usage("already in the shell".into())),
    }
}

/// An id given with --tcp / --mptcp must exist.
/// Messages, not data (stdout stays as it is): no MPTCP connection at all, and the TCP
/// connections that offered MPTCP and fell back during the handshake (not MPTCP connections).
fn note_missing_mptcp(capture: &Path, a: &analysis::Analysis, none: bool) {
    if none {
        eprintln!("{}: no MPTCP connection in this capture", capture.display());
    }
    let fell_back: Vec<String> = connections::tcp_connections(&a.enricher)
        .iter()
        .filter(|t| t.mptcp_fallback)
        .map(|t| t.tcp_stream.to_string())
        .collect();
    if !fell_back.is_empty() {
        eprintln!(
            "{}: TCP {} offered MPTCP and fell back to TCP during the handshake (see `list tcp`)",
            capture.display(),
            fell_back.join(", ")
        );
    }
}

pub(crate) fn check_filter(
    capture: &Path,
    a: &analysis::Analysis,
    filter: Option<PacketFilter>,
) -> Result<()> {
    match filter {
        Some(PacketFilter::Tcp(id)) if a.enricher.tcp_stream(id).is_none() => {
            Err(Error::NoSuchConnection {
                path: capture.to_path_buf(),
                kind: "TCP",
                id,
                available: describe_ids(a.enricher.tcp_streams().map(|t| t.tcp_stream)),
            })
        }
        Some(PacketFilter::Mptcp(id))
            if !a
                .enricher
                .mptcp_connections()
                .iter()
                .any(|c| c.mptcp_stream == id) =>
        {
            Err(Error::NoSuchConnection {
                path: capture.to_path_buf(),
                kind: "MPTCP",
                id,
                available: describe_ids(
                    a.enricher
                        .mptcp_connections()
                        .iter()
                        .map(|c| c.mptcp_stream),
                ),
            })
        }
        _ => Ok(()),
    }
}

/// "ids 0-15" / "ids 0, 2, 5" / "none".
pub fn describe_ids(ids: impl Iterator<Item = u64>) -> String {
    let mut v: Vec<u64> = ids.collect();
    v.sort_unstable();
    v.dedup();
    match v.len() {
        0 => "none".to_string(),
        _ if v.last().copied() == Some(v[0] + v.len() as u64 - 1) && v.len() > 2 => {
            format!("ids {}-{}", v[0], v[v.len() - 1])
        }
        _ => format!(
            "ids {}",
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Write the packets of `capture` as CSV rows. `reinjected_in` points forward in time, so a
/// first pass finds the reinjections and a second pass writes the rows as they come: memory
/// holds per-connection state and the reinjection pairs, not the packets. Only a tshark run
/// without cache keeps the packets instead (a second tshark run would cost far more).
fn pcap2csv(
    ctx: &Context,
    capture: &Path,
    filter: Option<PacketFilter>,
    w: &mut dyn Write,
) -> Result<()> {
    let keep = ctx.input.backend == crate::input::Backend::Tshark
        && ctx.input.cache_mode == CacheMode::Off
        && !matches!(
            crate::input::detect_format(capture),
            Ok(crate::input::Format::Csv)
        );
    let first = ctx.analyse(
        capture,
        AnalyseOptions {
            keep_packets: keep,
            reinjections: true,
            progress: ctx.progress(),
            // kept packets are filtered at the end, with the whole capture known (as the second
            // pass below does), so both paths write the same rows
            filter: if keep { None } else { filter },
        },
    )?;
    check_filter(capture, &first, filter)?;
    // the header only once the id is known to exist: an error leaves stdout empty
    let mut csv = csv::WriterBuilder::new()
        .delimiter(ctx.delimiter())
        .has_headers(false)
        .from_writer(w);
    csv.write_record(crate::model::CSV_COLUMNS)
        .map_err(Error::csv_write)?;
    if keep {
        for p in &first.packets {
            if filter.is_none_or(|f| f.matches_in(p, &first.enricher)) {
                csv.serialize(p).map_err(Error::csv_write)?;
            }
        }
        return csv.flush().map_err(Error::stdout);
    }
    // the TCP streams of the connection asked for (its v1 MP_CAPABLE SYN has no number yet
    // when the second pass meets it)
    let streams: Option<Vec<u64>> = match filter {
        Some(PacketFilter::Mptcp(id)) => Some(
            first
                .enricher
                .mptcp_connections()
                .iter()
                .filter(|c| c.id() == Some(id))
                .flat_map(|c| c.subflows.iter().copied())
                .collect(),
        ),
        _ => None,
    };
    let mut later: rustc_hash::FxHashMap<u64, Vec<u64>> = Default::default();
    for &(orig, re) in &first.enricher.reinjections {
        let v = later.entry(orig).or_default();
        if !v.contains(&re) {
            v.push(re);
        }
    }
    drop(first);
    analysis::analyse_with(
        capture,
        &ctx.input,
        AnalyseOptions {
            reinjections: true,
            progress: ctx.progress(),
            ..Default::default()
        },
        &mut |p, _| {
            let wanted = match (&streams, filter) {
                (Some(streams), _) => streams.contains(&p.tcp_stream),
                (None, Some(f)) => f.matches(p),
                (None, None) => true,
            };
            if !wanted {
                return Ok(());
            }
            match later.get(&p.frame) {
                Some(re) => {
                    let mut q = p.clone();
                    q.reinjected_in = re.clone();
                    csv.serialize(&q)
                }
                None => csv.serialize(p),
            }
            .map_err(Error::csv_write)
        },
    )?;
    csv.flush().map_err(Error::stdout)
}
