#!/usr/bin/env bash
# scripts/make-corpus.sh - build the benchmark's real-capture corpus from kernel captures.
#
# Usage:   scripts/make-corpus.sh OUTDIR [--packets N] [--force] [SOURCE.pcap ...]
#
# Writes OUTDIR/corpus.pcap (legacy pcap) and OUTDIR/corpus.pcapng (pcapng, as Wireshark and
# mergecap write it) and prints their two paths on stdout, one a line, pcap first (messages go to
# stderr), so a benchmark can do:
#
#     mapfile -t corpus < <(scripts/make-corpus.sh "$dir")   # ${corpus[0]} pcap, ${corpus[1]} pcapng
#
# The corpus is time-shifted copies of the SOURCE captures, concatenated in time order with
# `mergecap -a` (copy k starts after copy k-1 ends, 1 s later), until it holds >= N packets
# (default 500000). Without SOURCE it uses OUTDIR/many-conns.pcap, the busy-server scenario of
# fixtures/generate.sh (>= 100 MPTCP connections with joins, captured at the server), and makes
# it first if missing: that needs root (network namespaces), i.e. `sudo scripts/make-corpus.sh
# DIR` once, or `sudo fixtures/generate.sh many-conns DIR` yourself. SOURCEs in pcapng are
# converted to legacy pcap first; all must have the same link type.
#
# Every copy is distinct (examples/corpus_copy/, its header says how): copy 0 is the source;
# copy k gets its own client ports, MPTCP keys, tokens and DSNs / data ACKs shifted by the IDSN
# change, so the corpus holds copies x N MPTCP connections, each behaving as its source
# connection (same sizes, timing, losses, joins, resets, relative DSNs). Checked before the
# corpus is kept: `stats mptcp` of the corpus must count copies x the source's connections and
# copies x its reinjected packets (a copy that repeats a source's keys makes its data look
# reinjected); scripts/check-corpus.sh is the full check (tshark, connection by connection).
# The rewriter and `mptcpanalyzer` are built with cargo (release) unless CORPUS_COPY and
# MPTCPANALYZER name them.
#
# Idempotent: if OUTDIR/corpus.stamp says the corpus was built from the same sources (size and
# mtime), packet target and rewriter (a hash of examples/corpus_copy/), nothing is rebuilt
# (--force rebuilds); a corpus of the older repeated-key kind has another stamp and is rebuilt.
# Outputs are written to temporary files and renamed. Needs editcap, mergecap and capinfos
# (Debian: wireshark-common, installed with tshark). The corpus is large (hundreds of MB):
# never commit it.
set -euo pipefail

die() { echo "make-corpus.sh: error: $*" >&2; exit 1; }
log() { echo "make-corpus.sh: $*" >&2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
outdir="" target=500000 force=0 sources=()
while (($#)); do
    case $1 in
        --packets) [[ ${2:-} =~ ^[0-9]+$ && $2 -gt 0 ]] || die "--packets needs a positive number"; target=$2; shift 2 ;;
        --force) force=1; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) if [[ -z $outdir ]]; then outdir=$1; else sources+=("$1"); fi; shift ;;
    esac
done
[[ -n $outdir ]] || die "usage: scripts/make-corpus.sh OUTDIR [--packets N] [--force] [SOURCE.pcap ...]"
for t in editcap mergecap capinfos; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found (install wireshark-common, which comes with tshark)"
done
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"

if ((${#sources[@]} == 0)); then
    src="$outdir/many-conns.pcap"
    if [[ ! -f $src ]]; then
        [[ $(id -u) -eq 0 ]] || die "$src is missing and making it needs root: sudo $0 $outdir (or: sudo fixtures/generate.sh many-conns $outdir)"
        log "making $src with fixtures/generate.sh many-conns"
        # fixed network-namespace names: one generate.sh at a time on the machine
        flock /tmp/mpafx.lock "$HERE/fixtures/generate.sh" many-conns "$outdir" >&2
    fi
    sources=("$src")
fi

# packets, duration (s) and link type of each source
total_src=0 span=0 linktype=""
for s in "${sources[@]}"; do
    [[ -f $s ]] || die "$s: no such file"
    info=$(capinfos -M -T -r -c -u -E "$s" 2>/dev/null) || die "$s: not a capture capinfos can read"
    IFS=$'\t' read -r _ enc n dur <<<"$info"
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "$s: no packets"
    if [[ -n $linktype && $enc != "$linktype" ]]; then
        die "$s: link type '$enc' differs from '$linktype' of the other sources"
    fi
    linktype=$enc
    total_src=$((total_src + n))
    d=${dur%.*}
    ((d + 1 > span)) && span=$((d + 1))
done
copies=$(((target + total_src - 1) / total_src))
step=$((span + 1))   # seconds between the starts of two copies

# the rewriter (its source hash in the stamp: a change rebuilds the corpus) and our binary
rewriter_hash=$(cat "$HERE"/examples/corpus_copy/*.rs | sha256sum | cut -c1-16)
if [[ -z ${CORPUS_COPY:-} || -z ${MPTCPANALYZER:-} ]]; then
    command -v cargo >/dev/null 2>&1 || die "cargo not found: set CORPUS_COPY and MPTCPANALYZER to built binaries"
    (cd "$HERE" && cargo build --release --quiet --bin mptcpanalyzer --example corpus_copy) >&2
    target_dir=${CARGO_TARGET_DIR:-$HERE/target}
fi
CORPUS_COPY=${CORPUS_COPY:-$target_dir/release/examples/corpus_copy}
MPTCPANALYZER=${MPTCPANALYZER:-$target_dir/release/mptcpanalyzer}

stamp="$outdir/corpus.stamp"
want="distinct-copies rewriter=$rewriter_hash target=$target copies=$copies step=$step"
for s in "${sources[@]}"; do want+=" $(realpath "$s"):$(stat -c %s:%Y "$s")"; done
if ((!force)) && [[ -f $stamp && -f $outdir/corpus.pcap && -f $outdir/corpus.pcapng && $(cat "$stamp") == "$want" ]]; then
    log "up to date: $outdir/corpus.pcap, corpus.pcapng ($(cat "$stamp"))"
    printf '%s\n' "$outdir/corpus.pcap" "$outdir/corpus.pcapng"
    exit 0
fi

tmp="$(mktemp -d "$outdir/.corpus.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log "${#sources[@]} source(s), $total_src packets, $copies distinct copies ${step} s apart -> $((copies * total_src)) packets"
legacy=()
i=0
for s in "${sources[@]}"; do
    # the rewriter reads legacy pcap: convert pcapng (and gzip) sources
    editcap -F pcap "$s" "$tmp/source-$i.pcap" || die "$s: cannot be written as legacy pcap (several link types?)"
    legacy+=("$tmp/source-$i.pcap")
    i=$((i + 1))
done
"$CORPUS_COPY" --copies "$copies" --step "$step" --out-dir "$tmp" "${legacy[@]}" || die "corpus_copy failed"
parts=()
for ((k = 0; k < copies; k++)); do
    for ((i = 0; i < ${#sources[@]}; i++)); do parts+=("$tmp/part-$k-$i.pcap"); done
done
mergecap -a -F pcap -w "$tmp/corpus.pcap" "${parts[@]}"
mergecap -a -F pcapng -w "$tmp/corpus.pcapng" "${parts[@]}"
rm -f "${parts[@]}"
got=$(capinfos -M -T -r -c "$tmp/corpus.pcapng" | cut -f2)
((got >= target)) || die "the corpus has $got packets, fewer than $target"

# The cheap check: connections and reinjected packets (`stats mptcp`, one row per subflow and
# direction) of the corpus = copies x those of the sources. Repeated keys would merge the
# copies' connections and make their data reinjections.
# conns_reinj FILE...: "CONNECTIONS REINJECTED_PACKETS" of the captures, one after the other
conns_reinj() {
    "$MPTCPANALYZER" --no-cache stats mptcp -f csv "$@" 2>/dev/null | awk -F, '
        NR == 1 { for (c = 1; c <= NF; c++) { if ($c == "mptcp_stream") s = c; if ($c == "reinjections_packets") r = c } next }
        $1 == "capture" { next }
        { conns[FILENAME "," $s] = 1; reinj += $r }
        END { n = 0; for (k in conns) n++; print n, reinj + 0 }'
}
src_n=0 src_r=0
for s in "${legacy[@]}"; do
    read -r n r < <(conns_reinj "$s")
    src_n=$((src_n + n)) src_r=$((src_r + r))
done
read -r got_n got_r < <(conns_reinj "$tmp/corpus.pcapng")
log "check: $got_n MPTCP connections, $got_r reinjected packets (sources: $src_n and $src_r, x $copies copies)"
((src_n > 0)) || die "the sources have no MPTCP connection"
((got_n == copies * src_n && got_r == copies * src_r)) ||
    die "the corpus does not hold $copies distinct copies: $got_n MPTCP connections (want $((copies * src_n))), $got_r reinjected packets (want $((copies * src_r)))"

mv "$tmp/corpus.pcap" "$outdir/corpus.pcap"
mv "$tmp/corpus.pcapng" "$outdir/corpus.pcapng"
echo "$want" >"$stamp"
log "wrote $outdir/corpus.pcap ($(stat -c %s "$outdir/corpus.pcap") B) and corpus.pcapng ($(stat -c %s "$outdir/corpus.pcapng") B): $got packets each, $got_n MPTCP connections"
printf '%s\n' "$outdir/corpus.pcap" "$outdir/corpus.pcapng"
