#!/usr/bin/env bash
# scripts/check-corpus.sh - the full check of a corpus made by scripts/make-corpus.sh from one
# source: every copy is a distinct copy of the source, connection by connection.
#
# Usage:   scripts/check-corpus.sh SOURCE.pcap CORPUS.pcap [MPTCPANALYZER]
#
# 1. tshark (not our code) numbers copies x the source's TCP streams and MPTCP streams
#    (`tcp.stream`, `mptcp.stream`: joins attached by token).
# 2. tshark's relative MPTCP DSN and data ACK (`mptcp.dsn`, `mptcp.ack`, one pass, with
#    mptcp.analyze_mappings and relative sequence numbers), relative TCP seq/ack, lengths, flags
#    and checksum status of frame i of copy k (frame k x N + i of the corpus: mergecap -a
#    concatenates) equal those of frame i of the source, while the raw DSNs all differ.
# 3. Our `stats mptcp` (CSV) of connection k x C + j of the corpus equals that of connection j
#    of the source in every column but the ids and the times (first_s/last_s: shifted).
# Takes a few minutes on a 500k-packet corpus (tshark). Exit 1 with the first difference.
set -euo pipefail
die() { echo "check-corpus.sh: error: $*" >&2; exit 1; }
[[ $# -ge 2 ]] || die "usage: scripts/check-corpus.sh SOURCE.pcap CORPUS.pcap [MPTCPANALYZER]"
src=$1 corpus=$2 bin=${3:-$(dirname "$0")/../target/release/mptcpanalyzer}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=$(capinfos -M -T -r -c "$src" | cut -f2)
total=$(capinfos -M -T -r -c "$corpus" | cut -f2)
((total % n == 0)) || die "$total corpus packets are not a multiple of the source's $n"
copies=$((total / n))

fields() { # FILE OUT: one row per frame
    tshark -n -r "$1" -o tcp.check_checksum:TRUE -o mptcp.analyze_mappings:TRUE \
        -o mptcp.relative_sequence_numbers:TRUE -o tcp.relative_sequence_numbers:TRUE \
        -T fields -E separator=/t -e tcp.stream -e mptcp.stream -e mptcp.dsn -e mptcp.ack \
        -e tcp.seq -e tcp.ack -e tcp.len -e tcp.flags -e tcp.checksum.status \
        -e tcp.options.mptcp.rawdataseqno >"$2" 2>/dev/null
}
fields "$src" "$tmp/src.tsv"
fields "$corpus" "$tmp/corpus.tsv"
awk -F'\t' -v n="$n" -v copies="$copies" '
    FNR == NR { src[FNR] = $0; next }
    {
        k = int((FNR - 1) / n); i = FNR - k * n
        split(src[i], s, "\t")
        if ($1 != "") tcp[$1] = 1
        if ($2 != "") mp[$2] = 1
        for (c = 3; c <= 9; c++) if ($c != s[c]) {
            printf "frame %d (copy %d, source frame %d): field %d is %s, source %s\n", FNR, k, i, c, $c, s[c]
            bad = 1; exit 1
        }
        if (k > 0 && $10 != "" && $10 == s[10]) { printf "frame %d: raw DSN %s as in the source\n", FNR, $10; bad = 1; exit 1 }
        if (s[1] != "") stcp[s[1]] = 1
        if (s[2] != "") smp[s[2]] = 1
    }
    END {
        if (bad) exit 1
        for (x in stcp) a++; for (x in smp) b++; for (x in tcp) t++; for (x in mp) d++
        printf "tshark: %d TCP streams, %d MPTCP streams (source %d and %d, x %d copies)\n", t, d, a, b, copies
        if (t != a * copies || d != b * copies) exit 1
    }' "$tmp/src.tsv" "$tmp/corpus.tsv" || die "tshark: the corpus is not $copies distinct copies of $src"
echo "tshark: relative DSNs, data ACKs, seq/ack, lengths, flags, checksum status of every frame as in the source; raw DSNs differ"

# ours: per-connection stats, ids and times left out
stats() { "$bin" --no-cache stats mptcp -f csv "$1" 2>/dev/null; }
stats "$src" >"$tmp/src.csv"
stats "$corpus" >"$tmp/corpus.csv"
awk -F, -v copies="$copies" '
    FNR == 1 { for (c = 1; c <= NF; c++) if ($c ~ /^(mptcp_stream|tcp_stream|first_s|last_s)$/) skip[c] = 1; next }
    FNR == NR { conns[$1] = 1; row = ""; for (c = 2; c <= NF; c++) if (!skip[c]) row = row "," $c; src[$1, ++r[$1]] = row; next }
    {
        if (!nc) for (x in conns) nc++
        k = int($1 / nc); j = $1 - k * nc
        row = ""; for (c = 2; c <= NF; c++) if (!skip[c]) row = row "," $c
        if (row != src[j, ++q[$1]]) { printf "connection %d (copy %d of %d): %s\n  source: %s\n", $1, k, j, row, src[j, q[$1]]; exit 1 }
        seen[$1] = 1
    }
    END { for (x in seen) m++; printf "stats mptcp: %d connections, each as its source connection\n", m; if (m != nc * copies) exit 1 }' \
    "$tmp/src.csv" "$tmp/corpus.csv" || die "stats mptcp: the copies differ from the source"
