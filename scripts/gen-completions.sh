#!/usr/bin/env bash
# Regenerate the committed shell completions and man pages from the clap definition.
# A test (completions_and_man_page_are_not_stale) fails when they are out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
# without any plugin: no config, no data dir, no PATH (plugins would add their commands)
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
bin() { env -u MPTCPANALYZER_CONFIG XDG_CONFIG_HOME="$empty" XDG_DATA_HOME="$empty" PATH="$empty" \
    target/debug/mptcpanalyzer "$@"; }
mkdir -p completions docs/man
bin completions bash > completions/mptcpanalyzer.bash
bin completions zsh > completions/_mptcpanalyzer
bin completions fish > completions/mptcpanalyzer.fish
# every page, and no page of a command that is gone
rm -f docs/man/*.1
bin man --dir docs/man
echo "completions/ and docs/man/ regenerated"
