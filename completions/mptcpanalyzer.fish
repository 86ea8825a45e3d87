# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mptcpanalyzer_global_optspecs
    string join \n config= backend= tshark= tshark-timeout= cache-dir= no-cache regen q/quiet no-progress color= time-origin= h/help V/version
end

function __fish_mptcpanalyzer_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mptcpanalyzer_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mptcpanalyzer_using_subcommand
    set -l cmd (__fish_mptcpanalyzer_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -s V -l version -d 'Print version'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "list" -d 'List the TCP or MPTCP connections of a capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "pcap2csv" -d 'Write one CSV row per TCP packet (`pcap2csv --list-columns`: what each column is)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "stats" -d 'Statistics of one connection, or of every connection'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "map" -d 'Map each connection of one capture to its match in a capture of the other end'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "owd" -d 'One-way delays of the packets seen in a client and a server capture of one run'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "reinjections" -d 'Reinjections of an MPTCP connection; with the receiver\'s capture, useful or redundant'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "receiver" -d 'What the receiving end got of an MPTCP connection: bytes, losses, goodput, HOL blocking'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "plugins" -d 'List the plugins found: kind, name, path, summary'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "cache" -d 'Manage the cache of dissected captures'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "config" -d 'Show the effective configuration'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "doctor" -d 'Report the tshark found, its version and whether it is usable, and the settings in use'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "man" -d 'Print a man page (roff), or write every page into a directory'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "shell" -d 'Interactive shell: load captures once, then ask many questions'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "plot" -d 'Plot a connection to PNG or SVG (`plot --list`: every plot type, plugins included)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -s j -l jobs -d 'Captures read at once, one per worker thread [default: the number of cores]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -s o -l output -d 'Output file (written atomically; an existing file keeps its permissions), or a directory (existing, or new with a final `/`): one file per capture there, NAME.csv (.json, .parquet, or .txt for a table; Parquet files with the `capture` column) [default: stdout]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l list-columns -d 'Print what each column of the output is (CSV columns, then JSON\'s own members): name, type, unit and meaning; no capture is read; without KIND, every kind\'s'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -s o -l output -d 'Output file (written atomically), or a directory (existing, or new with a final `/`): one NAME.csv (or NAME.parquet) per capture there [default: stdout]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -s f -l format -d 'Row format: CSV, or Parquet with the same columns and real types (never to a terminal)' -r -f -a "csv\t''
parquet\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -s j -l jobs -d 'Captures read at once, one per worker thread [default: the number of cores]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l tcp -d 'Only the packets of this TCP stream' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l mptcp -d 'Only the packets of this MPTCP connection' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l list-columns -d 'Print what each column of the output is (CSV columns, then JSON\'s own members): name, type, unit and meaning; no capture is read'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand pcap2csv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -s j -l jobs -d 'Captures read at once, one per worker thread [default: the number of cores]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l dest -d 'Which direction: towards the client, the server, or both' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -s o -l output -d 'Output file (written atomically; an existing file keeps its permissions), or a directory (existing, or new with a final `/`): one file per capture there, NAME.csv (.json, .parquet, or .txt for a table; Parquet files with the `capture` column) [default: stdout]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l detail -d 'Tables: every figure of every connection (the default without an ID is one summary row per connection; JSON and CSV always have every figure)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l list-columns -d 'Print what each column of the output is (CSV columns, then JSON\'s own members): name, type, unit and meaning; no capture is read; without KIND, every kind\'s'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l all -d 'Also show the other candidates, best first'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand map" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l tcp -d 'TCP connection of the client capture (tcp.stream)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l mptcp -d 'MPTCP connection of the client capture (mptcp.stream)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l dest -d 'Direction: towards the client, the server, or both' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l clock-offset -d 'Server clock minus client clock in seconds, or `auto` (the estimate from the two directions, assuming equal minimum delays each way)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l per-packet -d 'One row per packet seen at both taps instead of the summary'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand owd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l mptcp -d 'MPTCP connection of the first capture (mptcp.stream)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l dest -d 'Direction of the data: towards the client, the server, or both' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand reinjections" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l mptcp -d 'MPTCP connection of the client capture (mptcp.stream)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l dest -d 'Direction of the data: towards the client, the server, or both' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand receiver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plugins" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -f -a "path" -d 'Print the cache directory'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -f -a "list" -d 'List cache entries: the capture and backend each was made for, packets, size, age'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -f -a "clear" -d 'Remove every cache entry (and temporary files that interrupted runs left)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and not __fish_seen_subcommand_from path list clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format [default: table, or the config\'s `format`]' -r -f -a "table\t'Aligned table for humans'
csv\t'Comma-separated values with a header row'
json\t'JSON (stable field names)'
parquet\t'The CSV\'s columns as Parquet, with real types (binary: never to a terminal)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the cache directory'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "list" -d 'List cache entries: the capture and backend each was made for, packets, size, age'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove every cache entry (and temporary files that interrupted runs left)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print every setting, its value and where it came from'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print every setting, its value and where it came from'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l dir -d 'Write every page (`mptcpanalyzer.1`, `mptcpanalyzer-stats.1`, ...) into DIR' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -s c -l command -d 'Run these lines (separated by `;` or newlines) and exit, instead of reading the terminal' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l keep-going -d 'Batch mode: run every line even after one failed (the exit code is the first failure\'s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand shell" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l list -d 'List every plot type (built in and plugin) with its summary'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "dsn" -d 'Data sequence numbers of an MPTCP connection against time, one series per subflow'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "attr" -d 'Any numeric column of the CSV schema against time, per subflow and direction'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "throughput" -d 'Throughput per subflow and aggregate, and goodput, over a time window'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "ofo" -d 'MPTCP-level out-of-order data: bytes seen above the data ACK (head-of-line blocking)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "owd" -d 'One-way delays against time, per subflow and direction, from a client and a server capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "reinjections" -d 'CDF of the reinjection delay; useful and redundant apart with the receiver\'s capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "rtt" -d 'Round-trip time per subflow against time, from TCP acknowledgements'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "flight" -d 'Bytes in flight (sent, not yet acknowledged) per subflow and in total, against time'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and not __fish_seen_subcommand_from dsn attr throughput ofo owd reinjections rtt flight help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l dest -d 'Direction of the data plotted [default: the direction that carried data, or both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l dsn-from -d 'Lowest relative DSN drawn, in bytes as on the y axis: zoom on a range of the data (the x axis then spans the packets in it, unless --from/--to say otherwise)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l dsn-to -d 'Highest relative DSN drawn, in bytes as on the y axis' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l skip -d 'Leave out the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l only -d 'Draw only the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l dack -d 'Also draw the data ACKs (received in that direction) as a line, and the receive window edge (data ACK + rwnd, the highest DSN the receiver allows)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from dsn" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l tcp -d 'TCP stream' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l mptcp -d 'MPTCP connection' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l dest -d 'Direction of the packets plotted [default: both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l skip -d 'Leave out the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l only -d 'Draw only the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from attr" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l tcp -d 'TCP stream' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l mptcp -d 'MPTCP connection' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l window -d 'Sliding window in seconds, 1e-9 to 1e9 [default: about a twentieth of the connection\'s duration]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l dest -d 'Direction of the data plotted [default: the direction that carried data, or both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l skip -d 'Leave out the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l only -d 'Draw only the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from throughput" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l dest -d 'Direction of the data plotted [default: the direction that carried data, or both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l skip -d 'Leave out the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l only -d 'Draw only the packets of this subflow (TCP stream id; repeatable)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from ofo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l tcp -d 'TCP stream' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l mptcp -d 'MPTCP connection' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l dest -d 'Direction plotted [default: both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l clock-offset -d 'Server clock minus client clock in seconds, or `auto` (as for `owd`)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from owd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l mptcp -d 'MPTCP connection of the first capture' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l dest -d 'Direction of the data [default: both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from reinjections" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l tcp -d 'TCP stream' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l mptcp -d 'MPTCP connection' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l dest -d 'Direction of the data [default: the direction that carried data, or both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from rtt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l tcp -d 'TCP stream' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l mptcp -d 'MPTCP connection' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l dest -d 'Direction of the data [default: the direction that carried data, or both]' -r -f -a "client\t''
server\t''
both\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -s o -l output -d 'Output image (.png or .svg); written atomically [default: a temporary PNG, displayed]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l display -d 'Show the plot: in the terminal, with the viewer, or not [default: without -o, inline on a terminal with an image protocol, else the viewer, else print the path]' -r -f -a "inline\t'In the terminal, with its image protocol (kitty, iTerm2 or sixel)'
viewer\t'With the configured viewer (config key `viewer`; default xdg-open when a display is present)'
none\t'Not at all (the image is only written)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l image-format -l format -d 'Image format, overriding the extension (`--format` is the same flag)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l title -d 'Figure title (at most 512 characters)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l width -d 'Width in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l height -d 'Height in pixels (200 to 16384)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l style -d 'screen, or paper: larger text and lines, for a figure in a paper\'s column' -r -f -a "screen\t''
paper\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l from -d 'Start of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l to -d 'End of the x range drawn (seconds, as on the x axis)' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l config -d 'Config file [default: $XDG_CONFIG_HOME/mptcpanalyzer/config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l backend -d 'Dissector for pcap/pcapng input [default: native, or the config\'s `backend`]' -r -f -a "native\t'Built-in Rust dissector (no Wireshark needed)'
tshark\t'Wireshark\'s tshark'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l tshark -d 'tshark executable [precedence: this flag, then env MPTCPANALYZER_TSHARK, then the config]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l tshark-timeout -d 'Kill tshark when it writes nothing for this long (exit 4) [default: 30, or the config\'s `tshark_timeout`]' -r
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l cache-dir -d 'Cache directory [default: $XDG_CACHE_HOME/mptcpanalyzer]' -r -F
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l color -d 'Colour messages and help: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l time-origin -d 'Where printed and plotted times count from [default: capture, its first frame, as Wireshark\'s frame.time_relative]' -r -f -a "capture\t'Seconds since the capture\'s first frame (Wireshark\'s frame.time_relative)'
connection\t'Seconds since the connection\'s first packet'
epoch\t'Seconds since the Unix epoch, UTC (Wireshark\'s frame.time_epoch)'"
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l no-cache -d 'Neither read nor write the cache'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l regen -d 'Rebuild the cache entry of the capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -s q -l quiet -d 'Print no warnings, notes or progress bar (errors still are)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -l no-progress -d 'Draw no progress bar (it is only drawn when stderr is a terminal)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from flight" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "dsn" -d 'Data sequence numbers of an MPTCP connection against time, one series per subflow'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "attr" -d 'Any numeric column of the CSV schema against time, per subflow and direction'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "throughput" -d 'Throughput per subflow and aggregate, and goodput, over a time window'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "ofo" -d 'MPTCP-level out-of-order data: bytes seen above the data ACK (head-of-line blocking)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "owd" -d 'One-way delays against time, per subflow and direction, from a client and a server capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "reinjections" -d 'CDF of the reinjection delay; useful and redundant apart with the receiver\'s capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "rtt" -d 'Round-trip time per subflow against time, from TCP acknowledgements'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "flight" -d 'Bytes in flight (sent, not yet acknowledged) per subflow and in total, against time'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand plot; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "list" -d 'List the TCP or MPTCP connections of a capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "pcap2csv" -d 'Write one CSV row per TCP packet (`pcap2csv --list-columns`: what each column is)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "stats" -d 'Statistics of one connection, or of every connection'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "map" -d 'Map each connection of one capture to its match in a capture of the other end'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "owd" -d 'One-way delays of the packets seen in a client and a server capture of one run'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "reinjections" -d 'Reinjections of an MPTCP connection; with the receiver\'s capture, useful or redundant'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "receiver" -d 'What the receiving end got of an MPTCP connection: bytes, losses, goodput, HOL blocking'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "plugins" -d 'List the plugins found: kind, name, path, summary'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "cache" -d 'Manage the cache of dissected captures'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "config" -d 'Show the effective configuration'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "completions" -d 'Print a shell completion script'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "doctor" -d 'Report the tshark found, its version and whether it is usable, and the settings in use'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "man" -d 'Print a man page (roff), or write every page into a directory'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "shell" -d 'Interactive shell: load captures once, then ask many questions'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "plot" -d 'Plot a connection to PNG or SVG (`plot --list`: every plot type, plugins included)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and not __fish_seen_subcommand_from list pcap2csv stats map owd reinjections receiver plugins cache config completions doctor man shell plot help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "path" -d 'Print the cache directory'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "list" -d 'List cache entries: the capture and backend each was made for, packets, size, age'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clear" -d 'Remove every cache entry (and temporary files that interrupted runs left)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print every setting, its value and where it came from'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "dsn" -d 'Data sequence numbers of an MPTCP connection against time, one series per subflow'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "attr" -d 'Any numeric column of the CSV schema against time, per subflow and direction'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "throughput" -d 'Throughput per subflow and aggregate, and goodput, over a time window'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "ofo" -d 'MPTCP-level out-of-order data: bytes seen above the data ACK (head-of-line blocking)'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "owd" -d 'One-way delays against time, per subflow and direction, from a client and a server capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "reinjections" -d 'CDF of the reinjection delay; useful and redundant apart with the receiver\'s capture'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "rtt" -d 'Round-trip time per subflow against time, from TCP acknowledgements'
complete -c mptcpanalyzer -n "__fish_mptcpanalyzer_using_subcommand help; and __fish_seen_subcommand_from plot" -f -a "flight" -d 'Bytes in flight (sent, not yet acknowledged) per subflow and in total, against time'

# Connection ids of the capture on the line (mptcpanalyzer __complete).
function __mptcpanalyzer_data
    set -l words (commandline -opc) (commandline -ct)
    $words[1] __complete --shell fish --cword (math (count $words) - 1) -- $words 2>/dev/null
end
complete -c mptcpanalyzer -f -n 'test -n "$(__mptcpanalyzer_data)"' -a '(__mptcpanalyzer_data)'
complete -c mptcpanalyzer -l tcp -l mptcp -x -n 'test -n "$(__mptcpanalyzer_data)"' -a '(__mptcpanalyzer_data)'
