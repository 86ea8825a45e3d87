#!/usr/bin/env bash
# Benchmark of mptcpanalyzer (docs/performance.md). Every ratio is between rows of this one run.
#
# Tables, in this order:
#
# 1. The real corpus (first): kernel MPTCP captures of a busy server (fixtures/generate.sh
#    many-conns: >= 100 MPTCP connections with joins), time-shifted and merged to >= CORPUS_PACKETS
#    packets by scripts/make-corpus.sh (distinct copies: own client ports, MPTCP keys, tokens,
#    DSNs; examples/corpus_copy/), as legacy pcap and as pcapng. Making it the first time
#    needs root (network namespaces; generate.sh runs under `flock /tmp/mpafx.lock`); it is kept
#    in CORPUS_DIR, out of the repository, and rebuilt only when its sources change.
#    Rows: `cat FILE` (the time to read the file), the `tshark -T fields` baseline, native list /
#    stats (every connection) / pcap2csv, plots of connection 0, and pcap2csv with --backend
#    tshark --no-cache (the same columns, identical output).
# 2. The synthetic captures of examples/gen_capture.rs (one MPTCP connection, 4 subflows;
#    snaplen 128 and full frames): the same rows, plus the tshark backend (cold and warm cache)
#    and `list` on a pcap2csv output (the CSV reader the cache uses).
# 3. Many captures (when the binary takes several CAPTURE arguments): the corpus pcap cut into 8
#    captures, `list mptcp` / `stats mptcp` of the 8 with -j 2, with -j 1, and 8 runs one after
#    another.
# 4. Plot memory: peak RSS and wall time of `plot dsn --dack`, `plot rtt`, `plot flight` and
#    `list` on synthetic captures of PLOT_SIZES packets (one connection).
# 5. Start-up: `--version` and `list mptcp` on a 3-packet capture, mean of STARTUP_RUNS runs,
#    against `true` (the cost of starting any process from this shell).
#
# Columns: wall time (best of REPEAT runs for the fast commands, one run for tshark), packets/s
# (frames of the capture / wall), peak RSS (/usr/bin/time -v; the highest of the runs), speed-up
# over `tshark -T fields` (its wall / the row's), time over `cat FILE` (row / cat: 1x = as fast
# as reading the file) and time over native `list mptcp` of the same capture. The load average
# is printed before and after (the machine may be shared).
#
# With BASE_REV="COMMIT..." (each built once into CORPUS_DIR/base-COMMIT from `git archive`),
# or BASE_BIN=/path/to/an/older/mptcpanalyzer (and BASE_LABEL=name), the native rows are also
# run with those binaries, in the same run, against the same baselines (regression check).
#
# Environment:
#   CORPUS=1              bench the real corpus (0: skip it)
#   CORPUS_DIR=           where the corpus is kept between runs
#                         [default: ${XDG_CACHE_HOME:-~/.cache}/mptcpanalyzer-bench]
#   CORPUS_PACKETS=500000 packets of the corpus (make-corpus.sh --packets)
#   TSHARK_EXPORT=1       also time pcap2csv --backend tshark on the corpus (slow; 0: skip)
#   SYNTH=1               bench the synthetic captures (0: skip them)
#   PACKETS=1000000       frames of the synthetic snaplen-128 capture
#   FULL_PACKETS=$PACKETS frames of the full-size capture (0: skip it); ~1.07 KB per frame
#   TSHARK_BACKEND=1      synthetic: also the tshark backend and cache rows (0: skip)
#   MULTI=1               the many-captures rows (needs CORPUS=1)
#   PLOT_SIZES="100000 1000000"  plot memory rows (empty: skip); 10000000 takes ~1.2 GB of disk
#   STARTUP_RUNS=200      start-up rows (0: skip)
#   REPEAT=3              runs of each fast native command (best wall time, highest RSS)
#   STATS_REPEAT=$REPEAT  runs of `stats` (0: skip it)
#   BASE_REV=             commits to compare with (see above)
#   BASE_BIN=, BASE_LABEL=base   an older binary to compare with (see above)
#   BENCH_DIR=            work directory (default: a temp dir); kept if KEEP=1 or BENCH_DIR set
#   KEEP=0                keep the work directory
#   TSHARK=tshark         tshark executable
#   BENCH_OUT=            also write the tables to this file
#   CARGO_TARGET_DIR      honoured (the release build goes there)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKETS=${PACKETS:-1000000}
FULL_PACKETS=${FULL_PACKETS:-$PACKETS}
REPEAT=${REPEAT:-3}
STATS_REPEAT=${STATS_REPEAT:-$REPEAT}
TSHARK=${TSHARK:-tshark}
KEEP=${KEEP:-0}
CORPUS=${CORPUS:-1}
CORPUS_DIR=${CORPUS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mptcpanalyzer-bench}
CORPUS_PACKETS=${CORPUS_PACKETS:-500000}
TSHARK_EXPORT=${TSHARK_EXPORT:-1}
TSHARK_BACKEND=${TSHARK_BACKEND:-1}
SYNTH=${SYNTH:-1}
MULTI=${MULTI:-1}
PLOT_SIZES=${PLOT_SIZES-100000 1000000}
STARTUP_RUNS=${STARTUP_RUNS:-200}
BASE_BIN=${BASE_BIN:-}
BASE_LABEL=${BASE_LABEL:-base}
BASE_REV=${BASE_REV:-}

if [[ ! -x /usr/bin/time ]]; then
    echo "bench.sh: /usr/bin/time missing (apt-get install time)" >&2
    exit 2
fi
command -v "$TSHARK" >/dev/null || { echo "bench.sh: $TSHARK not found" >&2; exit 2; }
command -v bc >/dev/null || { echo "bench.sh: bc not found" >&2; exit 2; }
if [[ -n "$BASE_BIN" && ! -x "$BASE_BIN" ]]; then
    echo "bench.sh: BASE_BIN=$BASE_BIN is not an executable" >&2
    exit 2
fi

if [[ -n "${BENCH_DIR:-}" ]]; then
    mkdir -p "$BENCH_DIR"
    KEEP=1
else
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mptcpa-bench.XXXXXX")
fi
if [[ "$KEEP" != 1 ]]; then
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi

cargo build --release --quiet --bin mptcpanalyzer --example gen_capture --example corpus_copy
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/mptcpanalyzer
GEN=$TARGET/release/examples/gen_capture
BASES=() BASE_LABELS=()
if [[ -n "$BASE_BIN" ]]; then
    BASES+=("$BASE_BIN") BASE_LABELS+=("$BASE_LABEL")
fi
for r in $BASE_REV; do
    rev=$(git rev-parse --short=12 "$r^{commit}")
    src="$CORPUS_DIR/base-$rev"
    if [[ ! -x $src/target/release/mptcpanalyzer ]]; then
        echo "building $rev (BASE_REV) in $src" >&2
        rm -rf "$src" && mkdir -p "$src"
        git archive "$rev" | tar -x -C "$src"
        (cd "$src" && CARGO_TARGET_DIR="$src/target" cargo build --release --quiet --bin mptcpanalyzer)
    fi
    BASES+=("$src/target/release/mptcpanalyzer") BASE_LABELS+=("$rev")
done
# a private cache and config: nothing of the user's is read or written
export XDG_CACHE_HOME=$BENCH_DIR/xdg-cache XDG_CONFIG_HOME=$BENCH_DIR/xdg-config

# Disk check: full frames take ~1.07 KB each, the CSV ~0.3 KB per packet.
if ((SYNTH > 0)); then
    need_kb=$(((PACKETS * 500 + FULL_PACKETS * 1500) / 1024))
    avail_kb=$(df -Pk "$BENCH_DIR" | awk 'NR==2 {print $4}')
    if ((need_kb > avail_kb)); then
        fit=$(((avail_kb * 1024 - PACKETS * 500) / 1500 * 9 / 10))
        ((fit < 0)) && fit=0
        echo "bench.sh: only $((avail_kb / 1024)) MB free in $BENCH_DIR; full-size capture reduced to $fit packets" >&2
        FULL_PACKETS=$fit
    fi
fi

fmt() { printf "%.${2:-3}f" "$(echo "$1" | bc -l)"; }

ROWS=()       # table rows, by section
BASE_WALL=    # tshark -T fields of the current capture
READ_WALL=    # cat of the current capture
LIST_WALL=    # native list mptcp of the current capture
LAST_WALL= LAST_RSS=

# run_once CMD...: one run under /usr/bin/time -v (stdout discarded); sets RUN_WALL, RUN_RSS (KB)
run_once() {
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$BENCH_DIR/time.txt" "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" || {
        echo "bench.sh: failed: $*" >&2
        cat "$BENCH_DIR/stderr.txt" >&2
        exit 1
    }
    t1=$(date +%s.%N)
    RUN_WALL=$(echo "$t1 - $t0" | bc -l)
    RUN_RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$BENCH_DIR/time.txt")
}

# measure LABEL CAPTURE PACKETS REPEATS CMD... : best wall time and highest peak RSS of REPEATS
# runs; appends a row to ROWS. Sets LAST_WALL and LAST_RSS.
measure() {
    local label=$1 capture=$2 pkts=$3 reps=$4
    shift 4
    local best= rss=0 i
    for ((i = 0; i < reps; i++)); do
        run_once "$@"
        if [[ -z "$best" ]] || (($(echo "$RUN_WALL < $best" | bc -l))); then best=$RUN_WALL; fi
        ((RUN_RSS > rss)) && rss=$RUN_RSS
    done
    LAST_WALL=$best LAST_RSS=$rss
    add_row "$label" "$capture" "$pkts" "$best" "$rss"
}

# add_row LABEL CAPTURE PACKETS WALL RSS_KB
add_row() {
    local label=$1 capture=$2 pkts=$3 best=$4 rss=$5
    local pps vs_tshark vs_read vs_list
    pps=$(printf '%.0f' "$(echo "$pkts / $best" | bc -l)")
    vs_tshark=${BASE_WALL:+$(fmt "$BASE_WALL / $best" 1)x}
    vs_read=${READ_WALL:+$(fmt "$best / $READ_WALL" 1)x}
    vs_list=${LIST_WALL:+$(fmt "$best / $LIST_WALL" 2)x}
    ROWS+=("| $label | $capture | $(fmt "$best") | $pps | $(fmt "$rss / 1024" 1) | $vs_tshark | $vs_read | $vs_list |")
    echo "  $label ($capture): $(fmt "$best") s, rss $((rss / 1024)) MB" >&2
}

section() {
    ROWS+=("" "$1" "" "| command | capture | wall s | packets/s | peak RSS MB | speed-up vs tshark -T fields | time vs cat | time vs list |" "|---|---|---:|---:|---:|---:|---:|---:|")
}

# measure_bins LABEL CAPTURE PACKETS REPEATS ARGS...: the row of BIN ARGS, then those of each
# base binary, their runs interleaved (run 1 of each binary, then run 2 of each, ...) so that a
# change of the machine's load during the runs falls on every binary alike.
measure_bins() {
    local label=$1 capture=$2 pkts=$3 reps=$4
    shift 4
    local bins=("$BIN" "${BASES[@]}") tags=("" "${BASE_LABELS[@]}") k i
    local -a best=() rss=()
    for ((i = 0; i < reps; i++)); do
        for k in "${!bins[@]}"; do
            run_once "${bins[$k]}" "$@"
            if [[ -z "${best[$k]:-}" ]] || (($(echo "$RUN_WALL < ${best[$k]}" | bc -l))); then
                best[$k]=$RUN_WALL
            fi
            ((RUN_RSS > ${rss[$k]:-0})) && rss[$k]=$RUN_RSS
        done
    done
    for k in "${!bins[@]}"; do
        add_row "$label${tags[$k]:+ (${tags[$k]})}" "$capture" "$pkts" "${best[$k]}" "${rss[$k]}"
    done
    MAIN_WALL=${best[0]}
}

# native_rows CAPTURE_FILE LABEL PACKETS: the native rows of one capture, with BIN and the bases
native_rows() {
    local f=$1 cap=$2 pkts=$3
    LIST_WALL=
    measure_bins '`list mptcp` native' "$cap" "$pkts" "$REPEAT" --no-cache list mptcp "$f"
    LIST_WALL=$MAIN_WALL
    if ((STATS_REPEAT > 0)); then
        measure_bins '`stats mptcp` native (every connection)' "$cap" "$pkts" "$STATS_REPEAT" \
            --no-cache stats mptcp "$f"
    fi
    measure_bins '`pcap2csv` native' "$cap" "$pkts" "$REPEAT" --no-cache pcap2csv "$f" -o /dev/null
    # (--display none where the binary has it: older ones never display with -o)
    local show=()
    "$BIN" plot dsn --help 2>/dev/null | grep -q -- --display && show=(--display none)
    local b ok=1
    for b in "${BASES[@]}"; do "$b" plot dsn --help 2>/dev/null | grep -q -- --display || ok=0; done
    ((ok)) || show=()
    measure_bins '`plot dsn 0 --dack`' "$cap" "$pkts" "$REPEAT" \
        --no-cache plot dsn --dack "$f" 0 -o "$BENCH_DIR/p.png" "${show[@]}"
    # plot rtt and flight: only with BIN (older binaries may not have them)
    local saved=("${BASES[@]}") saved_l=("${BASE_LABELS[@]}") keep=() keep_l=() k
    for k in "${!saved[@]}"; do
        if "${saved[$k]}" plot rtt --help >/dev/null 2>&1; then
            keep+=("${saved[$k]}") keep_l+=("${saved_l[$k]}")
        fi
    done
    BASES=("${keep[@]}") BASE_LABELS=("${keep_l[@]}")
    measure_bins '`plot rtt --mptcp 0`' "$cap" "$pkts" "$REPEAT" \
        --no-cache plot rtt --mptcp 0 "$f" -o "$BENCH_DIR/p.png" "${show[@]}"
    measure_bins '`plot flight --mptcp 0`' "$cap" "$pkts" "$REPEAT" \
        --no-cache plot flight --mptcp 0 "$f" -o "$BENCH_DIR/p.png" "${show[@]}"
    BASES=("${saved[@]}") BASE_LABELS=("${saved_l[@]}")
    rm -f "$BENCH_DIR/p.png"
}

# baselines FILE CAP PACKETS: the cat and tshark rows; sets READ_WALL and BASE_WALL
baselines() {
    local f=$1 cap=$2 pkts=$3
    cat "$f" >/dev/null # page cache warm for every command alike
    BASE_WALL= READ_WALL= LIST_WALL=
    measure '`cat FILE > /dev/null` (read time)' "$cap" "$pkts" "$REPEAT" cat "$f"
    READ_WALL=$LAST_WALL
    measure '`tshark -T fields` (4 fields, baseline)' "$cap" "$pkts" 1 \
        "$TSHARK" -r "$f" -T fields -e frame.number -e tcp.stream -e mptcp.stream \
        -e tcp.options.mptcp.rawdataseqno
    BASE_WALL=$LAST_WALL
}

frames_of() { capinfos -M -T -r -c "$1" | cut -f2; }

# bench_corpus FILE: the real-corpus rows of one capture
bench_corpus() {
    local f=$1 pkts size_mb cap
    pkts=$(frames_of "$f")
    size_mb=$(($(stat -c %s "$f") / 1048576))
    cap="corpus ${f##*.} ($((pkts / 1000))k packets, $size_mb MB)"
    echo "corpus: $f, $pkts packets" >&2
    baselines "$f" "$cap" "$pkts"
    native_rows "$f" "$cap" "$pkts"
    if ((TSHARK_EXPORT > 0)); then
        measure '`pcap2csv --backend tshark --no-cache` (same columns)' "$cap" "$pkts" 1 \
            "$BIN" --backend tshark --no-cache pcap2csv "$f" -o /dev/null
    fi
}

# bench_synth NAME PACKETS SNAPLEN
bench_synth() {
    local name=$1 pkts=$2 snap=$3
    local f="$BENCH_DIR/$name.pcap" csv="$BENCH_DIR/$name.csv"
    echo "generating $name: $pkts packets, snaplen $snap" >&2
    "$GEN" --packets "$pkts" --snaplen "$snap" --out "$f" 2>/dev/null
    local cap="$name ($(($(stat -c %s "$f") / 1048576)) MB)"
    baselines "$f" "$cap" "$pkts"
    native_rows "$f" "$cap" "$pkts"
    if ((TSHARK_BACKEND > 0)); then
        measure '`list mptcp` --backend tshark' "$cap" "$pkts" 1 \
            "$BIN" --backend tshark --no-cache list mptcp "$f"
        local cache="$BENCH_DIR/cache-$name"
        rm -rf "$cache"
        measure '`list mptcp` --backend tshark, cold cache (fills it)' "$cap" "$pkts" 1 \
            env XDG_CACHE_HOME="$cache" "$BIN" --backend tshark list mptcp "$f"
        measure '`list mptcp` --backend tshark, warm cache' "$cap" "$pkts" "$REPEAT" \
            env XDG_CACHE_HOME="$cache" "$BIN" --backend tshark list mptcp "$f"
        rm -rf "$cache"
    fi
    "$BIN" --no-cache pcap2csv "$f" -o "$csv"
    measure '`list mptcp` on the pcap2csv CSV (native cache read)' "$cap" "$pkts" "$REPEAT" \
        "$BIN" --no-cache list mptcp "$csv"
    rm -f "$csv"
    if [[ "$KEEP" != 1 ]]; then rm -f "$f"; fi
}

# bench_multi PCAP: 8 captures cut from the corpus, -j 2 / -j 1 / one after another
bench_multi() {
    local f=$1 dir="$BENCH_DIR/multi" pkts parts
    rm -rf "$dir" && mkdir -p "$dir"
    pkts=$(frames_of "$f")
    editcap -c $(((pkts + 7) / 8)) "$f" "$dir/part.pcap"
    mapfile -t parts < <(ls "$dir"/part*.pcap)
    local cap="8 captures cut from the corpus pcap ($((pkts / 1000))k packets)"
    cat "${parts[@]}" >/dev/null
    BASE_WALL= READ_WALL= LIST_WALL=
    measure '`cat` of the 8' "$cap" "$pkts" "$REPEAT" cat "${parts[@]}"
    READ_WALL=$LAST_WALL
    local cmd
    for cmd in list stats; do
        measure "\`$cmd mptcp\` of the 8, -j 2" "$cap" "$pkts" "$REPEAT" \
            "$BIN" --no-cache "$cmd" mptcp -j 2 "${parts[@]}"
        measure "\`$cmd mptcp\` of the 8, -j 1" "$cap" "$pkts" "$REPEAT" \
            "$BIN" --no-cache "$cmd" mptcp -j 1 "${parts[@]}"
        measure "\`$cmd mptcp\`, 8 runs one after another" "$cap" "$pkts" "$REPEAT" \
            bash -c 'b=$1; c=$2; shift 2; for p; do "$b" --no-cache "$c" mptcp "$p" || exit; done' \
            _ "$BIN" "$cmd" "${parts[@]}"
    done
    rm -rf "$dir"
}

PLOT_ROWS=()
bench_plot_memory() {
    local n f line cmd label
    local -a labels=('`plot dsn 0 --dack`' '`plot rtt --mptcp 0`' '`plot flight --mptcp 0`' '`list mptcp`')
    local -A cell=()
    for n in $PLOT_SIZES; do
        f="$BENCH_DIR/plot-$n.pcap"
        echo "generating plot-$n: $n packets, snaplen 128" >&2
        "$GEN" --packets "$n" --snaplen 128 --out "$f" 2>/dev/null
        cat "$f" >/dev/null
        local i=0
        for cmd in "plot dsn --dack $f 0" "plot rtt --mptcp 0 $f" "plot flight --mptcp 0 $f" "list mptcp $f"; do
            local extra=()
            [[ $cmd == plot* ]] && extra=(-o "$BENCH_DIR/p.png" --display none)
            # shellcheck disable=SC2086
            run_once "$BIN" --no-cache $cmd "${extra[@]}"
            cell[$i,$n]="$(fmt "$RUN_RSS / 1024" 1) MB, $(fmt "$RUN_WALL" 2) s"
            echo "  ${labels[$i]} ($n packets): ${cell[$i,$n]}" >&2
            i=$((i + 1))
        done
        rm -f "$f" "$BENCH_DIR/p.png"
    done
    line="| command (one MPTCP connection, snaplen 128) |"
    local sep="|---|"
    for n in $PLOT_SIZES; do line+=" $n packets |"; sep+="---:|"; done
    PLOT_ROWS+=("$line" "$sep")
    for i in "${!labels[@]}"; do
        line="| ${labels[$i]} |"
        for n in $PLOT_SIZES; do line+=" ${cell[$i,$n]} |"; done
        PLOT_ROWS+=("$line")
    done
}

STARTUP_ROWS=()
# mean wall time of STARTUP_RUNS runs of CMD, in ms
mean_ms() {
    local t0 t1 i
    t0=$(date +%s.%N)
    for ((i = 0; i < STARTUP_RUNS; i++)); do "$@" >/dev/null 2>&1; done
    t1=$(date +%s.%N)
    fmt "($t1 - $t0) * 1000 / $STARTUP_RUNS" 2
}
bench_startup() {
    local tiny="$BENCH_DIR/three.pcap"
    editcap -r fixtures/mptcp-v4-two-subflows.pcap "$tiny" 1-3
    local t_true t_ver t_list
    t_true=$(mean_ms /bin/true)
    t_ver=$(mean_ms "$BIN" --version)
    t_list=$(mean_ms "$BIN" --no-cache list mptcp "$tiny")
    STARTUP_ROWS+=("| command | mean ms ($STARTUP_RUNS runs) | minus /bin/true |" "|---|---:|---:|")
    STARTUP_ROWS+=("| \`/bin/true\` (process start from bash) | $t_true | 0 |")
    STARTUP_ROWS+=("| \`mptcpanalyzer --version\` | $t_ver | $(fmt "$t_ver - $t_true" 2) |")
    STARTUP_ROWS+=("| \`mptcpanalyzer list mptcp\` (3-packet capture) | $t_list | $(fmt "$t_list - $t_true" 2) |")
    local k b_ver b_list
    for k in "${!BASES[@]}"; do
        b_ver=$(mean_ms "${BASES[$k]}" --version)
        b_list=$(mean_ms "${BASES[$k]}" --no-cache list mptcp "$tiny")
        STARTUP_ROWS+=("| \`--version\` (${BASE_LABELS[$k]}) | $b_ver | $(fmt "$b_ver - $t_true" 2) |")
        STARTUP_ROWS+=("| \`list mptcp\` (3-packet capture, ${BASE_LABELS[$k]}) | $b_list | $(fmt "$b_list - $t_true" 2) |")
    done
    echo "  start-up: true $t_true ms, --version $t_ver ms, list $t_list ms" >&2
    rm -f "$tiny"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
echo "tshark: $("$TSHARK" --version | head -1)" >&2
echo "load average before: $LOAD_BEFORE" >&2

corpus=()
if ((CORPUS > 0)); then
    mapfile -t corpus < <(CORPUS_COPY=$TARGET/release/examples/corpus_copy MPTCPANALYZER=$BIN \
        scripts/make-corpus.sh "$CORPUS_DIR" --packets "$CORPUS_PACKETS")
    [[ ${#corpus[@]} -eq 2 ]] || { echo "bench.sh: scripts/make-corpus.sh failed" >&2; exit 1; }
    section "Real corpus (kernel captures, scripts/make-corpus.sh):"
    bench_corpus "${corpus[0]}"
    bench_corpus "${corpus[1]}"
fi
if ((SYNTH > 0)); then
    section "Synthetic captures (examples/gen_capture.rs, one connection):"
    bench_synth snap128 "$PACKETS" 128
    if ((FULL_PACKETS > 0)); then
        bench_synth full "$FULL_PACKETS" 0
    fi
fi
if ((MULTI > 0 && CORPUS > 0)); then
    if "$BIN" list mptcp --help 2>/dev/null | grep -q -- '--jobs'; then
        section "Many captures (2 cores):"
        bench_multi "${corpus[0]}"
    else
        echo "bench.sh: this binary reads one capture at a time: no many-captures rows" >&2
    fi
fi
if [[ -n "${PLOT_SIZES// /}" ]]; then
    bench_plot_memory
fi
if ((STARTUP_RUNS > 0)); then
    bench_startup
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "$(date -u '+%F %H:%M UTC'), $(nproc) CPUs, load average before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "binary: $BIN ($("$BIN" --version | head -1))"
    for k in "${!BASES[@]}"; do echo "compared with ${BASE_LABELS[$k]}: ${BASES[$k]}"; done
    printf '%s\n' "${ROWS[@]}"
    if ((${#PLOT_ROWS[@]} > 0)); then
        echo
        echo "Plot memory (peak RSS, wall time):"
        echo
        printf '%s\n' "${PLOT_ROWS[@]}"
    fi
    if ((${#STARTUP_ROWS[@]} > 0)); then
        echo
        echo "Start-up:"
        echo
        printf '%s\n' "${STARTUP_ROWS[@]}"
    fi
} | tee ${BENCH_OUT:+"$BENCH_OUT"}
