//! Distinct time-shifted copies of kernel captures, for the benchmark corpus
//! (`scripts/make-corpus.sh`).
//!
//! ```text
//! cargo run --release --example corpus_copy -- --copies 23 --step 68 --out-dir DIR many-conns.pcap
//! ```
//!
//! Writes `DIR/part-K-I.pcap` (copy K of source I, legacy pcap, the source's link type and
//! timestamp precision) for K = 0..copies: copy 0 is the source as it is; copy K is shifted by
//! K x `--step` seconds and gets its own identifiers, so that no two copies share a TCP
//! conversation or an MPTCP connection while every packet keeps its size, timing and flags:
//!
//! * the **client port** of each TCP conversation (the SYN's sender's; without a SYN, the side
//!   whose port is no server port, else the higher port) is mapped one to one onto ports of
//!   1024..=65535 that no source and no other copy uses (the server ports stay: a busy server);
//! * every **MPTCP key** (MP_CAPABLE, MP_FASTCLOSE) is replaced by one derived from it and K
//!   (SHA-256), drawn again if its token is already taken (as the kernel does); MP_JOIN SYNs
//!   carry the new **token** (v1: the most significant 32 bits of SHA-256(key), v0: SHA-1);
//! * **DSNs** (DSS mappings, MP_FAIL) are shifted by the sender's IDSN change (new IDSN - old,
//!   mod 2^64; a 4-byte DSN mod 2^32), **data ACKs** by the receiver's, so relative DSNs and
//!   data ACKs are those of the source;
//! * the **TCP checksum** is updated for the changed header bytes (RFC 1624): right in the
//!   copy exactly when it was right in the source.
//!
//! Not rewritten: MP_JOIN HMACs and ADD_ADDR HMACs (keyed on the keys: they no longer verify;
//! no analyser here or in Wireshark checks them), ISNs and addresses. DSS checksums are refused.
//! Link types: Ethernet, Linux cooked (SLL, SLL2), raw IP, BSD loopback; IPv4 and IPv6.

mod pcap;
mod plan;
mod rewrite;
#[cfg(test)]
mod tests;

use clap::Parser;
use pcap::{locate_tcp, Pcap};
use plan::Plan;
use rewrite::{rewrite_frame, Counts};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Write distinct time-shifted copies of pcap captures (benchmark corpus)")]
struct Args {
    /// Number of copies, the source's own (copy 0) included.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    copies: u64,
    /// Seconds between the starts of two copies.
    #[arg(long)]
    step: u32,
    /// Directory of the part-K-I.pcap files.
    #[arg(long)]
    out_dir: PathBuf,
    /// Source captures (legacy pcap).
    #[arg(required = true)]
    sources: Vec<PathBuf>,
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("corpus_copy: error: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), String> {
    let mut caps = Vec::new();
    for s in &args.sources {
        let bytes = std::fs::read(s).map_err(|e| format!("{}: {e}", s.display()))?;
        caps.push(Pcap::parse(bytes).map_err(|e| format!("{}: {e}", s.display()))?);
    }
    let plan = Plan::build(&caps);
    let copies = args.copies as usize;
    if copies > plan.max_copies() {
        return Err(format!(
            "{copies} copies need {} client ports each besides the source's: the port space holds {} copies",
            plan.client_ports.len(),
            plan.max_copies()
        ));
    }
    let keys: usize = plan
        .conns
        .iter()
        .map(|c| c.keys.iter().flatten().count())
        .sum();
    eprintln!(
        "corpus_copy: {} TCP conversations ({} client ports), {} MPTCP connections, {keys} keys, {} unknown join tokens",
        plan.convs.len(),
        plan.client_ports.len(),
        plan.conns.len(),
        plan.unknown_tokens.len()
    );
    let maps = plan.copy_maps(copies);
    let mut first = 0;
    for (i, cap) in caps.iter().enumerate() {
        for k in 0..copies {
            let out = args.out_dir.join(format!("part-{k}-{i}.pcap"));
            let map = if k == 0 { None } else { Some(&maps[k - 1]) };
            let shift = args
                .step
                .checked_mul(k as u32)
                .ok_or("--step x --copies overflows")?;
            let n = write_copy(cap, &plan, first, map, shift, &out)
                .map_err(|e| format!("{}: {e}", out.display()))?;
            if k == 1 {
                eprintln!(
                    "corpus_copy: copy 1 of {}: {n:?}",
                    args.sources[i].display()
                );
            }
            if n.unshifted > 0 {
                eprintln!(
                    "corpus_copy: warning: copy {k}: {} DSNs / data ACKs of connections whose key was not captured left as they were",
                    n.unshifted
                );
            }
        }
        first += cap.records.len();
    }
    Ok(())
}

/// Write one copy of `cap` (whose first frame is frame `first` of the plan); `map` None: the
/// source's identifiers.
fn write_copy(
    cap: &Pcap,
    plan: &Plan,
    first: usize,
    map: Option<&plan::CopyMap>,
    shift: u32,
    out: &std::path::Path,
) -> Result<Counts, String> {
    let file = std::fs::File::create(out).map_err(|e| e.to_string())?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut n = Counts::default();
    let io = |e: std::io::Error| e.to_string();
    w.write_all(&cap.bytes[..24]).map_err(io)?;
    for (i, &rec) in cap.records.iter().enumerate() {
        let ts = cap
            .u32_at(rec)
            .checked_add(shift)
            .ok_or("timestamp overflows 32 bits")?;
        w.write_all(&cap.encode_u32(ts)).map_err(io)?;
        w.write_all(&cap.bytes[rec + 4..rec + 16]).map_err(io)?;
        let mut f = cap.frame(i).to_vec();
        if let (Some(map), Some(c)) = (map, plan.frame_conv[first + i]) {
            if let Some(t) = locate_tcp(cap.linktype, &f) {
                rewrite_frame(&mut f, &t, &plan.convs[c as usize], map, &mut n)
                    .map_err(|e| format!("frame {}: {e}", i + 1))?;
            }
        }
        w.write_all(&f).map_err(io)?;
    }
    w.flush().map_err(io)?;
    Ok(n)
}
