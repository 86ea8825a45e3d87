//! `plot` commands on real captures: the SVGs are parsed (legend, axis labels, series colours,
//! point counts), the PNGs decoded (size, content), and failures leave no file.

use crate::util::{attr_values, fixture, s, shared_pcap, texts, Env};
use std::collections::HashSet;
use std::path::Path;

const TWO_SUBFLOWS: &str = "mptcp-v4-two-subflows.pcap";

/// Distinct colours of the dots (point series and their legend samples), greys excluded.
fn dot_colours(svg: &str) -> HashSet<String> {
    attr_values(svg, "circle", "fill")
        .into_iter()
        .filter(|c| {
            let c = c.trim_start_matches('#');
            !(c.len() == 6 && c[0..2] == c[2..4] && c[2..4] == c[4..6])
        })
        .map(str::to_string)
        .collect()
}

fn legend_subflows(texts: &[String]) -> Vec<String> {
    let mut v: Vec<String> = texts
        .iter()
        .filter(|t| t.starts_with("tcp "))
        .cloned()
        .collect();
    v.sort();
    v
}

/// Run a plot, assert success, return the SVG text.
fn plot_svg(env: &Env, args: &[&str], out: &Path) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-o", s(out)]);
    let o = env.cmd().args(&all).output().unwrap();
    assert!(
        o.status.success(),
        "{all:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

/// Run a plot expected to fail: exit code, stderr, and no file (nor temporary file) left.
fn plot_fails(env: &Env, args: &[&str], out: &Path, code: i32) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-o", s(out)]);
    let o = env.cmd().args(&all).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "{all:?}: {stderr}");
    assert!(!out.exists(), "{} written despite the error", out.display());
    if let Some(dir) = out.parent().filter(|d| d.is_dir()) {
        let leftovers: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().starts_with(".mptcpanalyzer-plot"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    stderr
}

/// Rows of `pcap2csv` output as maps column -> value.
fn csv_rows(env: &Env, args: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let out = env.stdout(args);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn dsn_svg_client_2_connection_1_towards_server() {
    let Some(cap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env.dir.path().join("dsn.svg");
    let svg = plot_svg(&env, &["plot", "dsn", s(&cap), "1"], &out);
    let texts = texts(&svg);

    // Only the direction that carried data: towards the server.
    assert!(texts.iter().any(|t| t == "towards server"), "{texts:?}");
    assert!(!texts.iter().any(|t| t == "towards client"), "{texts:?}");
    // Axis labels: real time, data sequence number.
    assert_eq!(texts.iter().filter(|t| *t == "Time (s)").count(), 1);
    assert_eq!(
        texts
            .iter()
            .filter(|t| *t == "Data sequence number")
            .count(),
        1
    );
    assert!(texts
        .iter()
        .any(|t| t == "client_2.pcap: MPTCP connection 1: data sequence numbers"));
    // One legend entry per subflow with data (3, 4, 5; 7 carried none), naming the 4-tuple.
    assert_eq!(
        legend_subflows(&texts),
        [
            "tcp 3: 10.0.0.1:59484→10.0.0.2:5201",
            "tcp 4: 10.0.0.1:35031→11.0.0.2:5201",
            "tcp 5: 11.0.0.1:34945→11.0.0.2:5201",
        ]
    );
    // Reinjections exist in this connection and are a series of their own (crosses).
    assert!(texts.iter().any(|t| t == "reinjections"), "{texts:?}");
    // Three point series: three dot colours.
    assert_eq!(dot_colours(&svg).len(), 3, "{:?}", dot_colours(&svg));

    // Point count: every data packet towards the server is a dot (3 more dots in the legend),
    // unless decimation merged some (at most 4 kept per pixel column and series).
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "1"]);
    let data = rows
        .iter()
        .filter(|r| r["dst_port"] == "5201" && r["payload_len"] != "0" && !r["dsn"].is_empty())
        .count();
    let dots = svg.matches("<circle").count() - 3;
    assert!(data > 900, "{data}");
    assert!(
        dots <= data && dots > data / 2,
        "{dots} dots for {data} packets"
    );
}

#[test]
fn dsn_png_client_2_has_the_requested_size_and_content() {
    let Some(cap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env.dir.path().join("dsn.png");
    let o = env
        .cmd()
        .args(["plot", "dsn", s(&cap), "1", "--dack", "--width", "900"])
        .args(["--height", "600", "--title", "my title", "-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, h), (900, 600));

    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut data = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut data).unwrap();
    let ch = info.color_type.samples();
    let pixels: Vec<&[u8]> = data.chunks(ch).map(|p| &p[..3]).collect();
    let non_white = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    assert!(non_white > 10_000, "only {non_white} non-white pixels");
    // The first subflow's colour (palette blue) is drawn.
    let (r, g, b) = mptcpanalyzer::plot::palette_color(0);
    assert!(pixels.iter().any(|p| *p == [r, g, b]));
}

#[test]
fn dsn_fixture_two_panels_by_default_same_colour_per_subflow() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("dsn.svg");
    let svg = plot_svg(&env, &["plot", "dsn", s(&cap), "0"], &out);
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "towards server"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "towards client"), "{texts:?}");
    assert_eq!(texts.iter().filter(|t| *t == "Time (s)").count(), 2);
    assert_eq!(
        legend_subflows(&texts),
        [
            subflow_label(&env, &cap, 0, true),
            subflow_label(&env, &cap, 0, false),
            subflow_label(&env, &cap, 1, true),
            subflow_label(&env, &cap, 1, false),
        ]
    );
    // Two subflows, each with the same colour in both panels.
    assert_eq!(dot_colours(&svg).len(), 2);

    // A wide image: nearly one dot per data packet, plus 4 legend dots (decimation still merges
    // the back-to-back segments of a burst, sent within microseconds of each other).
    let out = env.dir.path().join("wide.svg");
    let svg = plot_svg(
        &env,
        &["plot", "dsn", s(&cap), "0", "--width", "16000"],
        &out,
    );
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "0"]);
    let data = rows
        .iter()
        .filter(|r| r["payload_len"] != "0" && !r["dsn"].is_empty())
        .count();
    assert!(data > 100, "{data}");
    let dots = svg.matches("<circle").count() - 4;
    assert!(
        dots <= data && dots >= data * 95 / 100,
        "{dots} dots for {data} packets"
    );

    // --dest client: one panel; --dack adds a data-ACK line.
    let out = env.dir.path().join("client.svg");
    let svg = plot_svg(
        &env,
        &["plot", "dsn", s(&cap), "0", "--dest", "client", "--dack"],
        &out,
    );
    let texts = self::texts(&svg);
    assert!(texts.iter().any(|t| t == "towards client"));
    assert!(!texts.iter().any(|t| t == "towards server"));
    assert!(texts.iter().any(|t| t == "data ACK"));
    assert_eq!(legend_subflows(&texts).len(), 2);
}

#[test]
fn dsn_errors_leave_no_file() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let dir = env.dir.path();

    // Unknown connection: exit 5, as for the other commands.
    let err = plot_fails(&env, &["plot", "dsn", s(&cap), "7"], &dir.join("a.png"), 5);
    assert!(err.contains("no MPTCP connection with id 7"), "{err}");

    // Missing output directory, and an output that is a directory.
    let err = plot_fails(
        &env,
        &["plot", "dsn", s(&cap), "0"],
        &dir.join("missing").join("a.png"),
        1,
    );
    assert!(err.contains("missing"), "{err}");
    let sub = dir.join("sub.svg");
    std::fs::create_dir(&sub).unwrap();
    let o = env
        .cmd()
        .args(["plot", "dsn", s(&cap), "0", "-o", s(&sub)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a directory"));

    // Unknown image extension.
    let err = plot_fails(&env, &["plot", "dsn", s(&cap), "0"], &dir.join("a.jpg"), 2);
    assert!(err.contains(".png, .svg"), "{err}");
    // --format (alias --image-format) overrides the extension.
    for flag in ["--format", "--image-format"] {
        let forced = dir.join(format!("forced{flag}.img"));
        plot_svg(&env, &["plot", "dsn", s(&cap), "0", flag, "svg"], &forced);
        // a PNG, despite the .svg name
        let png = dir.join(format!("forced{flag}.svg"));
        env.cmd()
            .args(["plot", "dsn", s(&cap), "0", flag, "png", "-o", s(&png)])
            .assert()
            .success();
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{flag} png");
    }
}

#[test]
fn dsn_of_a_connection_without_data_is_an_error() {
    let Some(cap) = shared_pcap("client_2.pcap") else {
        return;
    };
    let env = Env::new();
    let out = env.dir.path().join("a.svg");
    // Connection 1 carried data towards the server only.
    let err = plot_fails(
        &env,
        &["plot", "dsn", s(&cap), "1", "--dest", "client"],
        &out,
        1,
    );
    assert!(
        err.contains("MPTCP connection 1 has no data towards the client"),
        "{err}"
    );
    // A plain TCP capture has no MPTCP connection at all.
    if let Some(tcp_only) = shared_pcap("client_1_tcp_only.pcap") {
        plot_fails(&env, &["plot", "dsn", s(&tcp_only), "0"], &out, 5);
    }
}

#[test]
fn attr_plots_numeric_columns_per_subflow_and_direction() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("attr.svg");
    let svg = plot_svg(
        &env,
        &["plot", "attr", s(&cap), "--mptcp", "0", "window", "dsn"],
        &out,
    );
    let texts = texts(&svg);
    // One panel per field, the field as y label.
    assert!(texts.iter().any(|t| t == "window"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "dsn"), "{texts:?}");
    assert_eq!(texts.iter().filter(|t| *t == "Time (s)").count(), 2);
    // window: 2 subflows x 2 directions in each panel.
    assert_eq!(legend_subflows(&texts).len(), 8, "{texts:?}");

    // One TCP stream, one direction.
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "attr",
            s(&cap),
            "--tcp",
            "1",
            "--dest",
            "server",
            "seq",
        ],
        &out,
    );
    assert_eq!(
        legend_subflows(&self::texts(&svg)),
        [subflow_label(&env, &cap, 1, true)]
    );
}

#[test]
fn attr_rejects_unknown_and_non_numeric_fields() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("attr.png");
    for (field, why) in [
        ("bogus", "not a column"),
        ("src_ip", "not a numeric column"),
        ("reinjection_of", "not a numeric column"),
    ] {
        let err = plot_fails(
            &env,
            &["plot", "attr", s(&cap), "--mptcp", "0", "window", field],
            &out,
            2,
        );
        assert!(err.contains(&format!("{field:?}")), "{err}");
        assert!(err.contains(why), "{err}");
        assert!(
            err.contains("payload_len") && err.contains("data_ack"),
            "{err}"
        );
    }
    // A field without any value in the connection.
    let err = plot_fails(
        &env,
        &["plot", "attr", s(&cap), "--mptcp", "0", "mp_fail_dsn"],
        &out,
        1,
    );
    assert!(err.contains("no value of mp_fail_dsn"), "{err}");
    // Unknown TCP stream.
    let err = plot_fails(
        &env,
        &["plot", "attr", s(&cap), "--tcp", "9", "window"],
        &out,
        5,
    );
    assert!(err.contains("no TCP connection with id 9"), "{err}");
}

#[test]
fn throughput_with_half_second_window() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("tp.svg");
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "throughput",
            s(&cap),
            "--mptcp",
            "0",
            "--window",
            "0.5",
        ],
        &out,
    );
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "Throughput (bit/s)"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "towards server"));
    assert!(texts.iter().any(|t| t == "towards client"));
    assert_eq!(texts.iter().filter(|t| *t == "aggregate").count(), 2);
    assert_eq!(texts.iter().filter(|t| *t == "goodput").count(), 2);
    assert_eq!(legend_subflows(&texts).len(), 4);

    // A TCP stream: no aggregate (it would equal the stream).
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "throughput",
            s(&cap),
            "--tcp",
            "0",
            "--window",
            "0.5",
        ],
        &out,
    );
    let texts = self::texts(&svg);
    assert!(!texts.iter().any(|t| t == "aggregate"));
    assert!(texts.iter().any(|t| t == "goodput"));

    let err = plot_fails(
        &env,
        &[
            "plot",
            "throughput",
            s(&cap),
            "--mptcp",
            "0",
            "--window",
            "0",
        ],
        &env.dir.path().join("bad.svg"),
        2,
    );
    assert!(err.contains("--window"), "{err}");
}

/// The legend label of a subflow, built from `list mptcp` (the fixture's ports change when it is
/// regenerated).
fn subflow_label(env: &Env, cap: &std::path::Path, tcp: u64, to_server: bool) -> String {
    let list = env.json(&["list", "mptcp", s(cap), "-f", "json"]);
    let sf = list
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["subflows"].as_array().unwrap().iter())
        .find(|sf| sf["tcp_stream"] == tcp)
        .unwrap();
    let c = format!(
        "{}:{}",
        sf["client_ip"].as_str().unwrap(),
        sf["client_port"]
    );
    let v = format!(
        "{}:{}",
        sf["server_ip"].as_str().unwrap(),
        sf["server_port"]
    );
    if to_server {
        format!("tcp {tcp}: {c}\u{2192}{v}")
    } else {
        format!("tcp {tcp}: {v}\u{2192}{c}")
    }
}
