#!/usr/bin/env bash
# Mutation check (docs/testing.md): apply each mutation below to src/, run the tests with tshark
# hidden from PATH (and CI unset, so tshark-only tests skip rather than fail), record which tests
# fail, revert. Every mutation must make at least one test fail. Run in a clean work tree:
#     scripts/mutation-check.sh            # all mutations
#     scripts/mutation-check.sh b          # one of them
set -euo pipefail
cd "$(dirname "$0")/.."

if ! git diff --quiet -- src; then
    echo "mutation-check: src/ has uncommitted changes; commit or stash them first" >&2
    exit 2
fi

# Each mutation: a name, the file, the exact text replaced (it must occur once), its
# replacement, and what it breaks.
NAMES=(a b c)
FILES=(
    src/analysis/mptcp/dsn.rs
    src/analysis/mptcp/data_ack.rs
    src/analysis/stats/mptcp.rs
)
FROMS=(
    '.map(|m| (m.dsn.wrapping_add(q.wrapping_sub(m.ssn) as u64), m.frame))'
    'p.data_ack = c.base(peer)'
    'if live.reinjected_originals.insert(o.frame) {'
)
TOS=(
    '.map(|m| (m.dsn.wrapping_add(q.wrapping_sub(m.ssn) as u64) + 1, m.frame))'
    'p.data_ack = c.base(side)'
    'if { live.reinjected_originals.insert(o.frame); true } {'
)
WHATS=(
    "a DSN off by one (segments covered by a mapping)"
    "the data ACK made relative to the wrong side's IDSN"
    "an original counted once per reinjection (reinjected_elsewhere_packets)"
)

# PATH without tshark: a directory of links to everything on PATH but tshark
hidden=$(mktemp -d)
trap 'git checkout -q -- src; rm -rf "$hidden"' EXIT
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
    for f in "$d"/*; do
        b=$(basename "$f")
        [[ $b == tshark || -e $hidden/$b ]] || ln -s "$f" "$hidden/$b" 2>/dev/null || true
    done
done
if PATH=$hidden command -v tshark >/dev/null; then
    echo "mutation-check: could not hide tshark" >&2
    exit 2
fi

want=${1:-}
status=0
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]} file=${FILES[$i]} what=${WHATS[$i]}
    [[ -z $want || $want == "$name" ]] || continue
    # (no match is a count of 0, not the end of the script under pipefail)
    n=$(grep -oF -- "${FROMS[$i]}" "$file" | wc -l || true)
    if [[ $n != 1 ]]; then
        echo "mutation $name: its text occurs $n times in $file (the code moved: update this script)" >&2
        status=2
        continue
    fi
    FROM=${FROMS[$i]} TO=${TOS[$i]} perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$file"
    log=$(mktemp)
    env -u CI PATH="$hidden" cargo test --locked --no-fail-fast >"$log" 2>&1 || true
    failed=$(grep -E '^test .* FAILED$' "$log" | sed 's/^test //; s/ \.\.\. FAILED$//' | sort -u || true)
    if grep -q 'error\[E' "$log"; then
        echo "mutation $name ($what): does not compile" >&2
        status=2
    elif [[ -z $failed ]]; then
        echo "mutation $name ($what): NOT CAUGHT"
        status=1
    else
        echo "mutation $name ($what): caught by $(wc -l <<<"$failed") tests:"
        sed 's/^/    /' <<<"$failed"
    fi
    rm -f "$log"
    git checkout -q -- "$file"
done
exit $status
