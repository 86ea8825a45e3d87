#!/usr/bin/env bash
# Compare every CSV two mptcpanalyzer binaries write, byte for byte: an output change (the CSV
# writer's) must leave the files identical.
#
#   scripts/compare-csv.sh OLD_BINARY NEW_BINARY [CAPTURE...]
#
# Without captures: fixtures/*.pcap and ../shared/pcaps/*.pcap (when present). For each capture
# and each delimiter the config accepts (, ; TAB |): `pcap2csv` with the native backend and with
# the tshark backend (without cache, then filling the cache and reading it back, the cache
# entry's CSV body compared too), `pcap2csv --mptcp 0`, and `list` / `stats` (tcp, mptcp) with
# `-f csv`; once per delimiter, `pcap2csv` of all the captures at once through names with a
# comma, a semicolon and a quote (the tagged rows). Environment: TSHARK=0 skips the tshark
# backend (slow on large captures), DELIMS=",;" restricts the delimiters (one character each).
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 OLD_BINARY NEW_BINARY [CAPTURE...]" >&2; exit 2; }
OLD=$1 NEW=$2
shift 2
cd "$(dirname "$0")/.."
caps=("$@")
if [[ ${#caps[@]} -eq 0 ]]; then
    caps=(fixtures/*.pcap)
    for f in ../shared/pcaps/*.pcap /work/shared/pcaps/*.pcap; do
        [[ -f $f ]] && caps+=("$f")
    done
fi
TSHARK=${TSHARK:-1}
DELIMS=${DELIMS-",;	|"}

work=$(mktemp -d "${TMPDIR:-/tmp}/compare-csv.XXXXXX")
trap 'rm -rf "$work"' EXIT
compared=0 differ=0

# run TAG DELIM ARGS...: the stdout of both binaries (and their exit codes) compared
run() {
    local tag=$1 d=$2
    shift 2
    local b rc
    for b in old new; do
        local bin=$OLD
        [[ $b == new ]] && bin=$NEW
        rc=0
        XDG_CONFIG_HOME=$work/cfg-$b XDG_CACHE_HOME=$work/cache-$b \
            "$bin" "$@" >"$work/$b.out" 2>"$work/$b.err" || rc=$?
        echo "exit $rc" >>"$work/$b.out"
    done
    compared=$((compared + 1))
    if ! cmp -s "$work/old.out" "$work/new.out"; then
        differ=$((differ + 1))
        echo "DIFFERS [$(printf %q "$d")] $tag: $*" >&2
        diff <(head -c 2000 "$work/old.out") <(head -c 2000 "$work/new.out") | head -10 >&2 || true
    fi
}

for ((j = 0; j < ${#DELIMS}; j++)); do
    d=${DELIMS:j:1}
    [[ $d == "	" ]] && dname=tab || dname=$d
    for b in old new; do
        mkdir -p "$work/cfg-$b/mptcpanalyzer"
        printf 'csv_delimiter = "%s"\n' "$([[ $d == "	" ]] && echo '\t' || echo "$d")" \
            >"$work/cfg-$b/mptcpanalyzer/config"
        rm -rf "$work/cache-$b"
    done
    for c in "${caps[@]}"; do
        run "pcap2csv native" "$d" --no-cache pcap2csv "$c"
        run "pcap2csv native --mptcp 0" "$d" --no-cache pcap2csv --mptcp 0 "$c"
        for k in tcp mptcp; do
            run "list $k csv" "$d" --no-cache list "$k" -f csv "$c"
            run "stats $k csv" "$d" --no-cache stats "$k" -f csv "$c"
        done
        if ((TSHARK)); then
            run "pcap2csv tshark --no-cache" "$d" --backend tshark --no-cache pcap2csv "$c"
            run "pcap2csv tshark, cold cache" "$d" --backend tshark pcap2csv "$c"
            run "pcap2csv tshark, warm cache" "$d" --backend tshark pcap2csv "$c"
        fi
    done
    if ((TSHARK)); then
        # the cache entries (CSV bodies; their first line holds the creation time)
        for e in $(cd "$work/cache-old" && find . -type f | sort); do
            compared=$((compared + 1))
            if ! cmp -s <(tail -n +2 "$work/cache-old/$e") <(tail -n +2 "$work/cache-new/$e"); then
                differ=$((differ + 1))
                echo "DIFFERS [$dname] cache entry $e" >&2
            fi
        done
    fi
    # several captures: tagged rows, names that need quotes
    rm -rf "$work/names" && mkdir -p "$work/names"
    tagged=()
    i=0
    for c in "${caps[@]}"; do
        n="$work/names/c$i,x;y\"z.pcap"
        ln -s "$(realpath "$c")" "$n"
        tagged+=("$n")
        i=$((i + 1))
    done
    run "pcap2csv of ${#tagged[@]} captures (tagged rows)" "$d" --no-cache pcap2csv "${tagged[@]}"
    run "list mptcp csv of ${#tagged[@]} captures" "$d" --no-cache list mptcp -f csv "${tagged[@]}"
    echo "delimiter $dname: done" >&2
done
echo "compared $compared outputs: $differ differ" >&2
((differ == 0))
