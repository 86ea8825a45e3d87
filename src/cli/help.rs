//! What help and the man pages add to the clap definition: an EXAMPLES section for every
//! command (its long help, `--help`, and its man page) and the man pages themselves, one per
//! command and subcommand, with ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES and SEE ALSO.
//!
//! Help never names a file of the source tree (an installed user has none): field lists are
//! printed by the program (`pcap2csv --help` names the columns; `pcap2csv|list|stats
//! --list-columns` says what each is, from the column declarations), and the documentation is
//! named by the man pages (and by the URL of Cargo.toml's `repository`, when it has one).

use clap::Command;

/// Examples of each command, by its path below `mptcpanalyzer` (`"plot dsn"`): the command line
/// and what it does. A test checks that every built-in command and subcommand has some.
pub const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "",
        &[
            ("mptcpanalyzer list mptcp capture.pcap", "the MPTCP connections and their subflows"),
            ("mptcpanalyzer stats mptcp capture.pcap 0 -f json", "statistics of MPTCP connection 0 as JSON"),
            ("mptcpanalyzer shell capture.pcap", "load the capture once, then ask many questions"),
        ],
    ),
    (
        "list",
        &[
            ("mptcpanalyzer list tcp capture.pcap", "the TCP connections (client -> server, packets and bytes each way)"),
            ("mptcpanalyzer list mptcp capture.pcap -f json | jq -r '.[0].client_key_str'", "the exact client key of the first MPTCP connection"),
            ("tcpdump -w - -i eth0 tcp | mptcpanalyzer list mptcp -", "a capture read from standard input"),
            ("mptcpanalyzer list mptcp runs/*.pcap -f csv", "the MPTCP connections of every run, with a first column capture"),
            ("mptcpanalyzer list --list-columns", "what each CSV column and JSON field of list tcp and list mptcp is: type, unit, meaning"),
        ],
    ),
    (
        "pcap2csv",
        &[
            ("mptcpanalyzer pcap2csv capture.pcap -o capture.csv", "one CSV row per TCP packet"),
            ("mptcpanalyzer pcap2csv capture.pcap --mptcp 0 -o conn0.csv", "only the packets of MPTCP connection 0"),
            ("mptcpanalyzer pcap2csv capture.pcap | head -1", "the header row: the column names (listed below)"),
            ("mptcpanalyzer pcap2csv --list-columns", "what each column is: type, unit, meaning"),
            ("mptcpanalyzer pcap2csv runs/*.pcap -j 2 -o csv/", "one CSV per capture in the directory csv/, two captures at a time"),
            ("mptcpanalyzer pcap2csv -f parquet runs/ -o dataset/", "a Parquet dataset of the captures in runs/: one file each, with a capture column"),
        ],
    ),
    (
        "stats",
        &[
            ("mptcpanalyzer stats mptcp capture.pcap", "statistics of every MPTCP connection"),
            ("mptcpanalyzer stats mptcp capture.pcap 1 --dest server", "connection 1, data towards the server only"),
            ("mptcpanalyzer stats tcp capture.pcap 3 -f csv", "TCP connection 3 as CSV"),
            ("mptcpanalyzer stats mptcp --list-columns", "what each CSV column and JSON field is: type, unit, meaning"),
            ("mptcpanalyzer stats mptcp a.pcap b.pcap 0 -f json", "MPTCP connection 0 of two captures, each object with its capture"),
            ("mptcpanalyzer stats mptcp runs/ -f parquet -o stats.parquet", "one Parquet table of every capture in runs/, written atomically"),
        ],
    ),
    (
        "map",
        &[(
            "mptcpanalyzer map mptcp client.pcap server.pcap",
            "which MPTCP connection of the server's capture is which of the client's",
        )],
    ),
    (
        "owd",
        &[(
            "mptcpanalyzer owd client.pcap server.pcap --mptcp 0",
            "one-way delays of MPTCP connection 0 per subflow and direction",
        )],
    ),
    (
        "reinjections",
        &[
            ("mptcpanalyzer reinjections client.pcap --mptcp 0", "the reinjections of MPTCP connection 0"),
            ("mptcpanalyzer reinjections client.pcap server.pcap --mptcp 0", "the same, each marked useful or redundant from the receiver's capture"),
        ],
    ),
    (
        "receiver",
        &[(
            "mptcpanalyzer receiver client.pcap server.pcap --mptcp 0",
            "what the server got of connection 0: bytes, losses, goodput, head-of-line blocking",
        )],
    ),
    (
        "plot",
        &[
            ("mptcpanalyzer plot --list", "every plot type, plot plugins included"),
            ("mptcpanalyzer plot dsn capture.pcap 0 -o dsn.png", "data sequence numbers of MPTCP connection 0"),
        ],
    ),
    (
        "plot dsn",
        &[("mptcpanalyzer plot dsn capture.pcap 0 -o dsn.svg", "data sequence numbers per subflow, as SVG")],
    ),
    (
        "plot attr",
        &[("mptcpanalyzer plot attr capture.pcap window --tcp 0 -o window.png", "a CSV column against time")],
    ),
    (
        "plot throughput",
        &[("mptcpanalyzer plot throughput capture.pcap --mptcp 0 -o tput.png", "throughput of MPTCP connection 0 per subflow")],
    ),
    (
        "plot owd",
        &[("mptcpanalyzer plot owd client.pcap server.pcap --mptcp 0 -o owd.png", "one-way delays from two captures of one run")],
    ),
    (
        "plot rtt",
        &[("mptcpanalyzer plot rtt capture.pcap --mptcp 0 -o rtt.png", "round-trip times per subflow")],
    ),
    (
        "plot ofo",
        &[("mptcpanalyzer plot ofo capture.pcap 0 --dest client -o ofo.png", "bytes received above the data ACK (head-of-line blocking)")],
    ),
    (
        "plot flight",
        &[("mptcpanalyzer plot flight capture.pcap --mptcp 0 -o flight.png", "bytes in flight per subflow and in total")],
    ),
    (
        "plot reinjections",
        &[("mptcpanalyzer plot reinjections capture.pcap --mptcp 0 -o reinj.png", "the reinjections of MPTCP connection 0")],
    ),
    (
        "plugins",
        &[("mptcpanalyzer plugins -f json", "the plugins found, broken ones with the reason")],
    ),
    (
        "cache",
        &[("mptcpanalyzer cache list", "the cache entries"), ("mptcpanalyzer cache clear", "remove them")],
    ),
    ("cache path", &[("mptcpanalyzer cache path", "print the cache directory")]),
    ("cache list", &[("mptcpanalyzer cache list", "the entries and their sizes")]),
    ("cache clear", &[("mptcpanalyzer cache clear", "remove every entry the program wrote")]),
    ("config", &[("mptcpanalyzer config show", "every setting, its value and where it came from")]),
    ("config show", &[("mptcpanalyzer config show --config lab.toml", "the settings with another config file")]),
    (
        "doctor",
        &[
            ("mptcpanalyzer doctor", "the tshark found, its version and whether it is usable"),
            ("mptcpanalyzer doctor --tshark /opt/wireshark/bin/tshark", "check another tshark"),
        ],
    ),
    (
        "completions",
        &[(
            "mptcpanalyzer completions bash > ~/.local/share/bash-completion/completions/mptcpanalyzer",
            "install the bash completion",
        )],
    ),
    (
        "man",
        &[
            ("mptcpanalyzer man stats | man -l -", "read the page of `stats`"),
            ("mptcpanalyzer man --dir ~/.local/share/man/man1", "install every page"),
        ],
    ),
    (
        "shell",
        &[
            ("mptcpanalyzer shell capture.pcap", "interactive: Tab completes commands, flags and connection ids"),
            ("mptcpanalyzer shell -c 'load x.pcap; list mptcp -f json; stats mptcp 0'", "batch: exits with the first failure's code"),
        ],
    ),
];

/// The examples of the command at `path` (`""` for the program itself).
pub fn examples(path: &str) -> Option<&'static [(&'static str, &'static str)]> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

/// The EXAMPLES text of `--help`.
fn examples_text(examples: &[(&str, &str)]) -> String {
    let mut s = String::from("Examples:\n");
    for (cmd, what) in examples {
        s.push_str(&format!("  # {what}\n  $ {cmd}\n"));
    }
    s
}

/// The clap definition with every command's EXAMPLES in its long help (`--help`; `-h` stays
/// short). The program's own long help keeps its exit codes after its examples.
pub fn with_examples(cmd: Command) -> Command {
    fn walk(cmd: Command, path: String) -> Command {
        let mut cmd = cmd;
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for n in names {
            let sub_path = if path.is_empty() {
                n.clone()
            } else {
                format!("{path} {n}")
            };
            cmd = cmd.mut_subcommand(&n, |s| walk(s, sub_path));
        }
        match examples(&path) {
            Some(e) => {
                let mut text = examples_text(e);
                if !path.is_empty() {
                    // the manual of the command, from the program itself (no file needed)
                    let page = format!("mptcpanalyzer-{}", path.replace(' ', "-"));
                    text.push_str(&format!(
                        "\nManual: mptcpanalyzer man {path} | man -l -   ({page}(1))\n"
                    ));
                }
                if path == "pcap2csv" {
                    text.push_str("\nColumns, in order (one row per TCP packet):\n");
                    text.push_str(&wrap(&crate::model::CSV_COLUMNS.join(", "), 90, "  "));
                }
                if path.is_empty() {
                    text.push('\n');
                    text.push_str(EXIT_CODES);
                    let repo = env!("CARGO_PKG_REPOSITORY");
                    if !repo.is_empty() {
                        text.push_str(&format!("\n\nDocumentation: {repo}"));
                    }
                }
                cmd.after_long_help(text)
            }
            None => cmd,
        }
    }
    walk(cmd, String::new())
}

/// `text` wrapped at `width` columns, each line indented.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split(' ') {
        if line.len() > indent.len() && line.len() + 1 + word.len() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The exit codes, as `--help` shows them.
pub const EXIT_CODES: &str = "Exit codes: 0 success, 1 failure, 2 usage or config error, \
3 unreadable or invalid input, 4 tshark missing or failing, 5 no such connection, \
130 interrupted.";

const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success (a capture without TCP is a valid, empty result).",
    ),
    (
        "1",
        "Failure: the output cannot be written, nothing to plot.",
    ),
    ("2", "Bad command line or configuration."),
    (
        "3",
        "Input missing, unreadable, not a capture, of an unsupported link type, or malformed.",
    ),
    (
        "4",
        "tshark missing, too old or failing (--backend tshark).",
    ),
    ("5", "No connection with the requested id."),
    (
        "several captures",
        "With several captures (list, stats, pcap2csv), the code of the first capture that failed; the others were still processed.",
    ),
    ("130", "Interrupted (Ctrl-C)."),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    ("MPTCPANALYZER_CONFIG", "The config file (as --config)."),
    (
        "MPTCPANALYZER_TSHARK",
        "The tshark executable, after --tshark and before the config's tshark.",
    ),
    (
        "XDG_CONFIG_HOME",
        "Where the config file is looked for (default ~/.config).",
    ),
    (
        "XDG_CACHE_HOME",
        "Where the cache lives (default ~/.cache).",
    ),
    (
        "XDG_DATA_HOME",
        "Where plugins are looked for first (default ~/.local/share), then PATH.",
    ),
    ("NO_COLOR", "Set and not empty: no colour (--color auto)."),
    (
        "CLICOLOR_FORCE",
        "Set and not 0: colour even when not on a terminal (--color auto).",
    ),
    ("COLUMNS", "The width of tables and help."),
    (
        "TMPDIR",
        "Where temporary files go (standard input spooled, tshark's private directories).",
    ),
];

const FILES: &[(&str, &str)] = &[
    ("$XDG_CONFIG_HOME/mptcpanalyzer/config", "The config file (TOML): backend, tshark, cache_dir, csv_delimiter, format, viewer, plugin_dirs."),
    ("$XDG_CACHE_HOME/mptcpanalyzer/", "The cache of dissected captures (see mptcpanalyzer-cache(1))."),
    ("$XDG_DATA_HOME/mptcpanalyzer/plugins/", "Plugins: mptcpanalyzer-NAME (commands) and mptcpanalyzer-plot-NAME (plots)."),
];

fn roff_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\*(Aq"),
            '.' if i == 0 => out.push_str("\\&."),
            c => out.push(c),
        }
    }
    out
}

fn roff_list(title: &str, items: &[(&str, &str)], bold_key: bool) -> String {
    let mut s = format!(".SH {title}\n");
    for (k, v) in items {
        let k = roff_escape(k);
        if bold_key {
            s.push_str(&format!(".TP\n\\fB{k}\\fR\n{}\n", roff_escape(v)));
        } else {
            s.push_str(&format!(".TP\n{k}\n{}\n", roff_escape(v)));
        }
    }
    s
}

/// The outputs of command `path` whose columns its page describes (`--list-columns` prints
/// the same, from the same declarations).
fn column_docs(path: &str) -> Vec<(&'static str, Vec<crate::output::schema::ColumnDoc>)> {
    use crate::output::{list, schema, stats};
    match path {
        "pcap2csv" => vec![("pcap2csv", schema::packet_docs())],
        "list" => vec![
            ("list tcp", list::tcp_column_docs()),
            ("list mptcp", list::mptcp_column_docs()),
        ],
        "stats" => vec![
            ("stats tcp", stats::tcp_column_docs()),
            ("stats mptcp", stats::mptcp_column_docs()),
        ],
        _ => Vec::new(),
    }
}

/// The COLUMNS section of a page: each CSV column (then each JSON-only member) with its type,
/// unit and meaning.
fn columns_section(path: &str) -> String {
    let docs = column_docs(path);
    if docs.is_empty() {
        return String::new();
    }
    let mut s = String::from(".SH COLUMNS\n");
    for (what, cols) in docs {
        s += &format!(
            ".PP\n\\fB{}\\fR (CSV columns in order, then members only JSON has; also \\fB{} \\-\\-list\\-columns\\fR):\n",
            roff_escape(what),
            roff_escape(&format!("mptcpanalyzer {what}"))
        );
        for d in cols {
            let kind = if d.unit.is_empty() {
                d.ty
            } else {
                format!("{}, {}", d.ty, d.unit)
            };
            s += &format!(
                ".TP\n\\fB{}\\fR ({})\n{}\n",
                roff_escape(&d.name),
                roff_escape(&kind),
                roff_escape(&d.meaning)
            );
        }
    }
    s
}

/// Render a clap_mangen section into text, without the preamble every render repeats.
fn section(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    // writing into memory cannot fail
    let _ = render(&mut buf);
    String::from_utf8_lossy(&buf)
        .lines()
        .filter(|l| !l.starts_with(".ie \\n(.g .ds Aq") && !l.starts_with(".el .ds Aq"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Every man page: (file name, roff text), the program's page first, then one per command and
/// subcommand (`mptcpanalyzer-plot-dsn.1`). Pages name each other only among these.
pub fn man_pages() -> Vec<(String, String)> {
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, String::new(), &mut pages);
    pages
}

fn collect(cmd: &Command, path: String, pages: &mut Vec<(String, String)>) {
    pages.push(page(cmd, &path));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let p = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        collect(sub, p, pages);
    }
}

/// The page of one command: clap_mangen's title, name, synopsis, description, options and
/// subcommands, then EXAMPLES, EXIT STATUS, ENVIRONMENT, FILES, SEE ALSO and the version (the
/// release only: a commit would make the committed pages stale at every commit).
fn page(cmd: &Command, path: &str) -> (String, String) {
    // the examples are a section of their own here, not the long help's trailer
    let bare = cmd.clone().after_help("").after_long_help("");
    let man =
        clap_mangen::Man::new(bare).source(format!("mptcpanalyzer {}", env!("CARGO_PKG_VERSION")));
    let name = man.get_filename();
    let mut s = String::from(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n");
    s += &section(|w| man.render_title(w));
    s += &section(|w| man.render_name_section(w));
    s += &section(|w| man.render_synopsis_section(w));
    s += &section(|w| man.render_description_section(w));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        s += &section(|w| man.render_options_section(w));
    }
    if cmd.get_subcommands().any(|c| !c.is_hide_set()) {
        s += &section(|w| man.render_subcommands_section(w));
    }
    if let Some(e) = examples(path) {
        s += ".SH EXAMPLES\n";
        for (line, what) in e {
            s += &format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff_escape(line),
                roff_escape(what)
            );
        }
    }
    s += &columns_section(path);
    s += &roff_list("EXIT STATUS", EXIT_STATUS, true);
    s += &roff_list("ENVIRONMENT", ENVIRONMENT, true);
    s += &roff_list("FILES", FILES, false);
    // SEE ALSO: the parent page, and the program's for every other page
    let display = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let mut see: Vec<String> = Vec::new();
    if let Some((parent, _)) = display.rsplit_once('-') {
        see.push(format!("{parent}(1)"));
    }
    if !display.is_empty()
        && display != "mptcpanalyzer"
        && !see.contains(&"mptcpanalyzer(1)".to_string())
    {
        see.push("mptcpanalyzer(1)".into());
    }
    see.push("tshark(1)".into());
    s += &format!(".SH \"SEE ALSO\"\n{}\n", roff_escape(&see.join(", ")));
    s += &format!(".SH VERSION\nv{}\n", roff_escape(env!("CARGO_PKG_VERSION")));
    (name, s)
}

#[cfg(test)]
mod tests;
