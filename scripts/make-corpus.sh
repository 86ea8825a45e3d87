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
# `mergecap -a` after `editcap -t` shifts (copy k starts after copy k-1 ends, 1 s later), until
# it holds >= N packets (default 500000). Without SOURCE it uses OUTDIR/many-conns.pcap, the
# busy-server scenario of fixtures/generate.sh (>= 100 MPTCP connections with joins, captured at
# the server), and makes it first if missing: that needs root (network namespaces), i.e.
# `sudo scripts/make-corpus.sh DIR` once, or `sudo fixtures/generate.sh many-conns DIR` yourself.
# All SOURCEs must have the same link type (the legacy pcap output has only one).
#
# Each copy repeats the same connections (4-tuples, ISNs, MPTCP keys) at a later time: each
# conversation is complete (SYN to FIN) within its copy, so every copy is a new set of TCP
# streams, but the per-copy tuples and keys are not unique across copies: MPTCP analysis links
# subflows by token, so `list mptcp` on a 30-copy corpus of a 300-connection source lists 300
# MPTCP connections (each with the subflows of all 30 copies), not 9000.
#
# Idempotent: if OUTDIR/corpus.stamp says the corpus was built from the same sources (size and
# mtime) and packet target, nothing is rebuilt (--force rebuilds). Outputs are written to
# temporary files and renamed. Needs editcap, mergecap and capinfos (Debian: wireshark-common,
# installed with tshark). The corpus is large (hundreds of MB): never commit it.
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

stamp="$outdir/corpus.stamp"
want="target=$target copies=$copies step=$step"
for s in "${sources[@]}"; do want+=" $(realpath "$s"):$(stat -c %s:%Y "$s")"; done
if ((!force)) && [[ -f $stamp && -f $outdir/corpus.pcap && -f $outdir/corpus.pcapng && $(cat "$stamp") == "$want" ]]; then
    log "up to date: $outdir/corpus.pcap, corpus.pcapng ($(cat "$stamp"))"
    printf '%s\n' "$outdir/corpus.pcap" "$outdir/corpus.pcapng"
    exit 0
fi

tmp="$(mktemp -d "$outdir/.corpus.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log "${#sources[@]} source(s), $total_src packets, $copies copies ${step} s apart -> $((copies * total_src)) packets"
parts=()
for ((k = 0; k < copies; k++)); do
    i=0
    for s in "${sources[@]}"; do
        part="$tmp/part-$k-$i.pcap"
        editcap -t "$((k * step))" "$s" "$part"
        parts+=("$part")
        i=$((i + 1))
    done
done
mergecap -a -F pcap -w "$tmp/corpus.pcap" "${parts[@]}"
mergecap -a -F pcapng -w "$tmp/corpus.pcapng" "${parts[@]}"
got=$(capinfos -M -T -r -c "$tmp/corpus.pcapng" | cut -f2)
((got >= target)) || die "the corpus has $got packets, fewer than $target"
mv "$tmp/corpus.pcap" "$outdir/corpus.pcap"
mv "$tmp/corpus.pcapng" "$outdir/corpus.pcapng"
echo "$want" >"$stamp"
log "wrote $outdir/corpus.pcap ($(stat -c %s "$outdir/corpus.pcap") B) and corpus.pcapng ($(stat -c %s "$outdir/corpus.pcapng") B): $got packets each"
printf '%s\n' "$outdir/corpus.pcap" "$outdir/corpus.pcapng"
