#!/usr/bin/env bash
# Time `plot dsn` (PNG and SVG) of the largest MPTCP connection (most packets) among the
# captures available: ../shared/pcaps/*.pcap and fixtures/*.pcap. Release build, no cache,
# best of N runs (default 5). Needs jq.
#
#   scripts/bench-plot.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
bin=target/release/mptcpanalyzer
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best_capture="" best_id="" best_packets=0
for cap in ../shared/pcaps/*.pcap fixtures/*.pcap; do
    [ -f "$cap" ] || continue
    # packets per MPTCP connection = sum over its subflows
    while read -r id packets; do
        if [ "$packets" -gt "$best_packets" ]; then
            best_capture=$cap best_id=$id best_packets=$packets
        fi
    done < <("$bin" --no-cache -q list tcp "$cap" --format json |
        jq -r 'map(select(.mptcp_stream != null)) | group_by(.mptcp_stream)[]
               | "\(.[0].mptcp_stream) \(map(.packets) | add)"')
done
[ -n "$best_capture" ] || { echo "no MPTCP connection found" >&2; exit 1; }
echo "largest MPTCP connection: $best_capture connection $best_id ($best_packets packets)"

now() { date +%s%N; }
for ext in png svg; do
    best=""
    for _ in $(seq "$runs"); do
        t0=$(now)
        "$bin" --no-cache -q plot dsn "$best_capture" "$best_id" --dack -o "$tmp/dsn.$ext"
        t=$(( ($(now) - t0) / 1000000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    size=$(stat -c %s "$tmp/dsn.$ext")
    echo "plot dsn --dack to .$ext: best of $runs runs ${best} ms (whole command: read, analyse, render), file ${size} bytes"
done
