#!/usr/bin/env bash
# Benchmark of mptcpanalyzer against `tshark -T fields` (docs/performance.md).
#
# Generates synthetic MPTCP v1 captures with examples/gen_capture.rs (snaplen 128 and full
# frames), then times, in the same run, with /usr/bin/time -v (wall time, peak RSS):
#   native list / stats / pcap2csv, the tshark -T fields baseline, the tshark backend, the
#   tshark backend with a warm cache, and `list` on a pcap2csv output (the CSV reader the cache
#   uses). Prints a markdown table.
#
# Environment:
#   PACKETS=1000000       frames of the snaplen-128 capture
#   FULL_PACKETS=$PACKETS frames of the full-size capture (0: skip it); ~1.07 KB per frame
#   REPEAT=3              runs of each fast native command (best wall time, highest RSS)
#   STATS_REPEAT=1        runs of `stats` (0: skip it)
#   BENCH_DIR=            work directory (default: a temp dir); kept if KEEP=1 or BENCH_DIR set
#   KEEP=0                keep the work directory
#   TSHARK=tshark         tshark executable
#   BENCH_OUT=            also write the table to this file
set -euo pipefail
cd "$(dirname "$0")/.."

PACKETS=${PACKETS:-1000000}
FULL_PACKETS=${FULL_PACKETS:-$PACKETS}
REPEAT=${REPEAT:-3}
STATS_REPEAT=${STATS_REPEAT:-1}
TSHARK=${TSHARK:-tshark}
KEEP=${KEEP:-0}

if [[ ! -x /usr/bin/time ]]; then
    echo "bench.sh: /usr/bin/time missing (apt-get install time)" >&2
    exit 2
fi
command -v "$TSHARK" >/dev/null || { echo "bench.sh: $TSHARK not found" >&2; exit 2; }

if [[ -n "${BENCH_DIR:-}" ]]; then
    mkdir -p "$BENCH_DIR"
    KEEP=1
else
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mptcpa-bench.XXXXXX")
fi
if [[ "$KEEP" != 1 ]]; then
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi

cargo build --release --quiet --bin mptcpanalyzer --example gen_capture
BIN=$PWD/target/release/mptcpanalyzer
GEN=$PWD/target/release/examples/gen_capture

# Disk check: full frames take ~1.07 KB each, the CSV ~0.3 KB per packet.
need_kb=$(( (PACKETS * 500 + FULL_PACKETS * 1500) / 1024 ))
avail_kb=$(df -Pk "$BENCH_DIR" | awk 'NR==2 {print $4}')
if (( need_kb > avail_kb )); then
    fit=$(( (avail_kb * 1024 - PACKETS * 500) / 1500 * 9 / 10 ))
    (( fit < 0 )) && fit=0
    echo "bench.sh: only $((avail_kb / 1024)) MB free in $BENCH_DIR; full-size capture reduced to $fit packets" >&2
    FULL_PACKETS=$fit
fi

ROWS=()
BASE_WALL=

# measure LABEL CAPTURE PACKETS REPEATS CMD... : best wall time and highest peak RSS of REPEATS
# runs (stdout discarded); appends a table row. Sets LAST_WALL.
measure() {
    local label=$1 capture=$2 pkts=$3 reps=$4
    shift 4
    local best= rss=0 i t0 t1 wall r
    for ((i = 0; i < reps; i++)); do
        t0=$(date +%s.%N)
        /usr/bin/time -v -o "$BENCH_DIR/time.txt" "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" || {
            echo "bench.sh: failed: $*" >&2
            cat "$BENCH_DIR/stderr.txt" >&2
            exit 1
        }
        t1=$(date +%s.%N)
        wall=$(echo "$t1 - $t0" | bc -l)
        r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$BENCH_DIR/time.txt")
        if [[ -z "$best" ]] || (( $(echo "$wall < $best" | bc -l) )); then best=$wall; fi
        (( r > rss )) && rss=$r
    done
    LAST_WALL=$best
    local pps ratio
    pps=$(printf '%.0f' "$(echo "$pkts / $best" | bc -l)")
    if [[ -n "$BASE_WALL" ]]; then
        ratio=$(printf '%.1f' "$(echo "$BASE_WALL / $best" | bc -l)")
    else
        ratio=1.0
    fi
    ROWS+=("| $label | $capture | $(printf '%.3f' "$best") | $pps | $(printf '%.1f' "$(echo "$rss / 1024" | bc -l)") | ${ratio}x |")
    echo "  $label ($capture): $(printf '%.3f' "$best") s, rss $((rss / 1024)) MB" >&2
}

# bench_capture NAME PACKETS SNAPLEN
bench_capture() {
    local name=$1 pkts=$2 snap=$3
    local f="$BENCH_DIR/$name.pcap" csv="$BENCH_DIR/$name.csv"
    echo "generating $name: $pkts packets, snaplen $snap" >&2
    "$GEN" --packets "$pkts" --snaplen "$snap" --out "$f" 2>/dev/null
    local size_mb=$(( $(stat -c %s "$f") / 1048576 ))
    local cap="$name ($size_mb MB)"
    cat "$f" >/dev/null # page cache warm for every command alike
    BASE_WALL=
    measure '`tshark -T fields` (baseline)' "$cap" "$pkts" 1 \
        "$TSHARK" -r "$f" -T fields -e frame.number -e tcp.stream -e mptcp.stream \
        -e tcp.options.mptcp.rawdataseqno
    BASE_WALL=$LAST_WALL
    measure '`list mptcp` native' "$cap" "$pkts" "$REPEAT" "$BIN" --no-cache list mptcp "$f"
    if (( STATS_REPEAT > 0 )); then
        measure '`stats mptcp 0` native' "$cap" "$pkts" "$STATS_REPEAT" \
            "$BIN" --no-cache stats mptcp "$f" 0
    fi
    measure '`pcap2csv` native' "$cap" "$pkts" "$REPEAT" "$BIN" --no-cache pcap2csv "$f" -o /dev/null
    measure '`list mptcp` --backend tshark' "$cap" "$pkts" 1 \
        "$BIN" --backend tshark --no-cache list mptcp "$f"
    local cache="$BENCH_DIR/cache-$name"
    rm -rf "$cache"
    measure '`list mptcp` --backend tshark, cold cache (fills it)' "$cap" "$pkts" 1 \
        env XDG_CACHE_HOME="$cache" "$BIN" --backend tshark list mptcp "$f"
    if ! ls "$cache"/mptcpanalyzer/*.csv >/dev/null 2>&1; then
        echo "bench.sh: warning: no cache entry was written for $name" >&2
    fi
    measure '`list mptcp` --backend tshark, warm cache' "$cap" "$pkts" "$REPEAT" \
        env XDG_CACHE_HOME="$cache" "$BIN" --backend tshark list mptcp "$f"
    rm -rf "$cache"
    "$BIN" --no-cache pcap2csv "$f" -o "$csv"
    measure '`list mptcp` on the pcap2csv CSV (native cache read)' "$cap" "$pkts" "$REPEAT" \
        "$BIN" --no-cache list mptcp "$csv"
    rm -f "$csv"
    if [[ "$KEEP" != 1 ]]; then rm -f "$f"; fi
}

echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
echo "tshark: $("$TSHARK" --version | head -1)" >&2

bench_capture snap128 "$PACKETS" 128
if (( FULL_PACKETS > 0 )); then
    bench_capture full "$FULL_PACKETS" 0
fi

{
    echo "| command | capture | wall s | packets/s | peak RSS MB | speed vs tshark -T fields |"
    echo "|---|---|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
} | tee ${BENCH_OUT:+"$BENCH_OUT"}
