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

/// The data points drawn in the colours `colours`: dots, plus the points of the lines drawn
/// (as wide as a dot) where dense dots would touch; legend samples not counted (`legend`: how
/// many dots the legend has).
fn drawn_points(svg: &str, colours: &HashSet<String>, legend: usize) -> usize {
    let dots = attr_values(svg, "circle", "fill")
        .into_iter()
        .filter(|c| colours.contains(*c))
        .count();
    let in_lines: usize = svg
        .split("<polyline ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap()])
        .filter(|e| {
            colours
                .iter()
                .any(|c| e.contains(&format!("stroke=\"{c}\"")))
        })
        .map(|e| {
            let pts = e.split("points=\"").nth(1).unwrap();
            pts[..pts.find('"').unwrap()].split_whitespace().count()
        })
        .sum();
    dots + in_lines - legend
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
    // Reinjections exist in this connection and are series of their own (crosses), one per
    // subflow that carried them, in its colour.
    assert!(
        texts.iter().any(|t| t.starts_with("reinjections on tcp ")),
        "{texts:?}"
    );
    // Three point series: three dot colours.
    assert_eq!(dot_colours(&svg).len(), 3, "{:?}", dot_colours(&svg));

    // Point count: every data packet towards the server is a dot (3 more dots in the legend),
    // unless decimation merged some (at most 4 kept per pixel column and series).
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "1"]);
    let data = rows
        .iter()
        .filter(|r| r["dst_port"] == "5201" && r["payload_len"] != "0" && !r["dsn"].is_empty())
        .count();
    let dots = drawn_points(&svg, &dot_colours(&svg), 3);
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
    // one x label, under the last panel (issue 13 item 5)
    assert_eq!(texts.iter().filter(|t| *t == "Time (s)").count(), 1);
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
    let dots = drawn_points(&svg, &dot_colours(&svg), 4);
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
    // One panel per field and direction, the field as y label, the direction as title.
    assert_eq!(
        texts.iter().filter(|t| *t == "window").count(),
        2,
        "{texts:?}"
    );
    assert_eq!(texts.iter().filter(|t| *t == "dsn").count(), 2, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| *t == "towards server").count(), 2);
    assert_eq!(texts.iter().filter(|t| *t == "towards client").count(), 2);
    assert_eq!(texts.iter().filter(|t| *t == "Time (s)").count(), 1);
    // 2 subflows in each of the 4 panels (legend_subflows sorts the labels).
    let mut expected: Vec<String> = [0, 1]
        .into_iter()
        .flat_map(|t| [true, false].map(|to_server| subflow_label(&env, &cap, t, to_server)))
        .flat_map(|l| [l.clone(), l])
        .collect();
    expected.sort();
    assert_eq!(legend_subflows(&texts), expected, "{texts:?}");
    // A subflow has one colour in both directions, the colour it has in `plot dsn`.
    let dsn = env.dir.path().join("dsn.svg");
    let dsn_svg = plot_svg(&env, &["plot", "dsn", s(&cap), "0"], &dsn);
    assert_eq!(dot_colours(&svg), dot_colours(&dsn_svg));
    assert_eq!(dot_colours(&svg).len(), 2);

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

/// `plot attr rwnd`: the scaled window (issue 13 item 3), its y axis over the CSV's values
/// (the raw `window` of this stream stays below 65 536; the scaled one does not).
#[test]
fn attr_plots_the_scaled_receive_window() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--tcp", "0"]);
    let rwnd: Vec<f64> = rows
        .iter()
        .filter(|r| r["dst_port"] == "5201")
        .filter_map(|r| r["rwnd"].parse().ok())
        .collect();
    let (lo, hi) = rwnd
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    assert!(hi > 65_536.0, "{hi}");
    let out = env.dir.path().join("attr.svg");
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "attr",
            s(&cap),
            "--tcp",
            "0",
            "--dest",
            "server",
            "rwnd",
        ],
        &out,
    );
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "rwnd"), "{texts:?}");
    let ticks: Vec<f64> = texts
        .iter()
        .filter_map(|t| t.strip_suffix('k'))
        .filter_map(|t| t.parse::<f64>().ok())
        .map(|v| v * 1000.0)
        .collect();
    // the default y range is the data's with a 5 % margin each side
    let margin = (hi - lo) * 0.05;
    assert!(ticks.len() >= 3, "{texts:?}");
    assert!(
        ticks.iter().all(|&t| t >= lo - margin && t <= hi + margin),
        "{ticks:?} outside [{lo}, {hi}]"
    );
    // the usual names of the receive window point to it
    let none = env.dir.path().join("none.svg");
    let err = plot_fails(
        &env,
        &["plot", "attr", s(&cap), "--tcp", "0", "rwin"],
        &none,
        2,
    );
    assert!(err.contains("did you mean `rwnd`?"), "{err}");
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

/// Issue 13 item 2 and issue 15 (plots stream): the throughput series computed while the
/// packets stream past equal, at every point, 8 × the payload bytes of the CSV rows in
/// `(t - w, t]` over `w` (computed here from pcap2csv's rows); the curves end at the
/// connection's last packet instead of ramping down a window later.
#[test]
fn throughput_values_match_the_csv_and_stop_at_the_last_packet() {
    use mptcpanalyzer::analysis::timeseries::{ConnView, ThroughputCollector};
    use mptcpanalyzer::analysis::PacketFilter;
    use mptcpanalyzer::model::Side;
    use mptcpanalyzer::pipeline::{Capture, FnTap, RunOptions, Settings, Want};

    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "0"]);
    let num =
        |r: &std::collections::HashMap<String, String>, k: &str| -> i64 { r[k].parse().unwrap() };
    let t0 = rows.iter().map(|r| num(r, "rel_time_ns")).min().unwrap();
    let t_end = rows.iter().map(|r| num(r, "rel_time_ns")).max().unwrap();
    // (seconds, bytes, towards server) of each packet with payload
    let data: Vec<(f64, f64, bool)> = rows
        .iter()
        .filter(|r| num(r, "payload_len") > 0)
        .map(|r| {
            let t = (num(r, "rel_time_ns") - t0) as f64 / 1e9;
            (t, num(r, "payload_len") as f64, num(r, "dst_port") == 5201)
        })
        .collect();

    let settings = Settings::default();
    let filter = PacketFilter::Mptcp(0);
    let want = Want {
        filter: Some(filter),
        ..Default::default()
    };
    let capture = Capture::load(&cap, &settings, want, None).unwrap();
    let view = ConnView::new(capture.enricher(), filter).unwrap();
    assert_eq!(view.duration_s, (t_end - t0) as f64 / 1e9);
    let window = 0.1;
    let r = mptcpanalyzer::analysis::timeseries::Reduced::new(view.range(), 4800);
    let mut c = ThroughputCollector::new(&view, window, r);
    let mut tap = FnTap(|p: &mptcpanalyzer::model::Packet, _: &_| {
        c.push(p);
        Ok(())
    });
    capture
        .pass(RunOptions::default(), &mut [&mut tap])
        .unwrap();
    let series = c.finish();
    for (dest, to_server) in [(Side::Server, true), (Side::Client, false)] {
        let agg = &series.get(dest).aggregate;
        assert!(agg.len() > 20, "{dest:?}: {} points", agg.len());
        let expected = |t: f64| {
            let bytes: f64 = data
                .iter()
                .filter(|&&(tp, _, ts)| ts == to_server && tp <= t && tp + window > t)
                .map(|&(_, b, _)| b)
                .sum();
            bytes * 8.0 / window
        };
        let mut last_x = f64::NEG_INFINITY;
        for w in agg.windows(2) {
            // a staircase point holds until the next one: check both at the point and just
            // before the next (at equal times, the last value is the one that holds)
            let ((x, y), (nx, _)) = (w[0], w[1]);
            if nx > x {
                let got = y;
                let want = expected(x);
                assert!(
                    (got - want).abs() < 1e-6 * want.max(1.0),
                    "{dest:?} at {x}: {got} vs {want}"
                );
                let mid = x + (nx - x) / 2.0;
                assert!(
                    (expected(mid) - y).abs() < 1e-6 * y.max(1.0),
                    "{dest:?} at {mid}"
                );
            }
            last_x = nx;
        }
        assert_eq!(
            last_x, view.duration_s,
            "{dest:?}: the curve ends at the last packet"
        );
        let goodput = &series.get(dest).goodput;
        assert_eq!(goodput.last().unwrap().0, view.duration_s);
    }
}

/// Issue 13 item 2: the default window comes from the connection's duration (0.92 s: a
/// twentieth is 0.046 s, rounded down to 0.02 s), a window longer than a tenth of the
/// connection is warned about, and goodput is drawn on top of the aggregate.
#[test]
fn throughput_default_window_and_long_window_warning() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("tp.svg");
    let o = env
        .cmd()
        .args(["plot", "throughput", s(&cap), "--mptcp", "0", "-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    let texts = texts(&svg);
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with("throughput, 0.02 s window")),
        "{texts:?}"
    );
    // the goodput polyline (thin) comes after the aggregate's in each panel
    let order: Vec<&str> = attr_values(&svg, "polyline", "stroke-width")
        .into_iter()
        .collect();
    assert!(order.contains(&"1"), "{order:?}");

    let o = env
        .cmd()
        .args([
            "plot",
            "throughput",
            s(&cap),
            "--mptcp",
            "0",
            "--window",
            "1",
        ])
        .args(["-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("1 s window is longer than a tenth"),
        "{stderr}"
    );
}

/// Issue 13 item 7: `-o -` writes the image to standard output (PNG, or `--format`),
/// `-o /dev/null` needs no `--format`, `-o DIR` says "is a directory".
#[test]
fn output_to_stdout_devices_and_directories() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let o = env
        .cmd()
        .args([
            "plot",
            "dsn",
            s(&cap),
            "0",
            "-o",
            "-",
            "--width",
            "640",
            "--height",
            "480",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(&o.stdout[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(&o.stdout));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (640, 480));

    let o = env
        .cmd()
        .args(["plot", "dsn", s(&cap), "0", "-o", "-", "--format", "svg"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
    assert!(texts(&svg).iter().any(|t| t == "towards server"));

    let o = env
        .cmd()
        .args(["plot", "dsn", s(&cap), "0", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let dir = env.dir.path().join("plots");
    std::fs::create_dir(&dir).unwrap();
    let o = env
        .cmd()
        .args(["plot", "dsn", s(&cap), "0", "-o", s(&dir)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains(&format!("{}: is a directory", dir.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Issue 13 item 6: `--skip`/`--only` hide subflows, `--from`/`--to` zoom: the dots drawn are
/// those of the CSV rows in the window.
#[test]
fn subsets_and_zoom() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("dsn.svg");
    let all = legend_subflows(&texts(&plot_svg(
        &env,
        &["plot", "dsn", s(&cap), "0"],
        &out,
    )));
    let only = plot_svg(&env, &["plot", "dsn", s(&cap), "0", "--only", "1"], &out);
    let only = legend_subflows(&texts(&only));
    assert!(
        !only.is_empty() && only.iter().all(|l| l.starts_with("tcp 1:")),
        "{only:?}"
    );
    let skip = plot_svg(&env, &["plot", "dsn", s(&cap), "0", "--skip", "1"], &out);
    let skip = legend_subflows(&texts(&skip));
    assert!(
        !skip.is_empty() && skip.iter().all(|l| l.starts_with("tcp 0:")),
        "{skip:?}"
    );
    assert_eq!(only.len() + skip.len(), all.len());
    let bad = env.dir.path().join("bad.svg");
    let err = plot_fails(&env, &["plot", "dsn", s(&cap), "0", "--skip", "9"], &bad, 2);
    assert!(
        err.contains("TCP stream 9 is not a subflow") && err.contains("subflows: 0, 1"),
        "{err}"
    );
    let err = plot_fails(
        &env,
        &["plot", "dsn", s(&cap), "0", "--from", "0.5", "--to", "0.2"],
        &bad,
        2,
    );
    assert!(err.contains("--from"), "{err}");

    // zoom on 0.3 s .. 0.5 s, towards the server, wide enough that nothing is decimated
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "0"]);
    let t0: i64 = rows
        .iter()
        .map(|r| r["rel_time_ns"].parse::<i64>().unwrap())
        .min()
        .unwrap();
    let in_window = rows
        .iter()
        .filter(|r| r["payload_len"] != "0" && !r["dsn"].is_empty() && r["dst_port"] == "5201")
        .filter(|r| {
            let t = (r["rel_time_ns"].parse::<i64>().unwrap() - t0) as f64 / 1e9;
            (0.3..=0.5).contains(&t)
        })
        .count();
    assert!(in_window > 20, "{in_window}");
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "dsn",
            s(&cap),
            "0",
            "--dest",
            "server",
            // the times below count from the connection's first packet
            "--time-origin",
            "connection",
            "--from",
            "0.3",
            "--to",
            "0.5",
            "--width",
            "16000",
        ],
        &out,
    );
    let legend_dots = legend_subflows(&texts(&svg)).len();
    let dots = drawn_points(&svg, &dot_colours(&svg), legend_dots);
    assert!(
        dots <= in_window && dots >= in_window * 95 / 100,
        "{dots} dots for {in_window} packets in the window"
    );
}

/// Issue 13 item 4: colours by series kind, the same in every figure, never a subflow's;
/// reinjection crosses in the colour of the subflow that carried them.
#[test]
fn colours_by_series_kind() {
    use mptcpanalyzer::plot::{kind_colors, palette_color};
    let hex = |(r, g, b): (u8, u8, u8)| format!("#{r:02X}{g:02X}{b:02X}");
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("dsn.svg");
    // the colours of the polylines of more than 3 points (the series; axes have 2)
    let series_strokes = |svg: &str| -> HashSet<String> {
        svg.split("<polyline")
            .skip(1)
            .map(|e| &e[..e.find('>').unwrap()])
            .filter(|e| {
                let points = e.split("points=\"").nth(1).unwrap_or("");
                points.split_whitespace().count() > 3
            })
            .map(|e| {
                let stroke = e.split("stroke=\"").nth(1).unwrap();
                stroke[..stroke.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let svg = plot_svg(&env, &["plot", "dsn", s(&cap), "0", "--dack"], &out);
    let subflows = [hex(palette_color(0)), hex(palette_color(1))];
    // the lines in subflow colours are dense runs of their dots (as wide as a dot)
    let dot_wide = svg
        .split("<polyline")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap()])
        .filter(|e| {
            subflows
                .iter()
                .any(|c| e.contains(&format!("stroke=\"{c}\"")))
        })
        .all(|e| e.contains("stroke-width=\"5\""));
    assert!(dot_wide);
    let lines: HashSet<String> = series_strokes(&svg)
        .into_iter()
        .filter(|c| !subflows.contains(c))
        .collect();
    assert_eq!(
        lines,
        HashSet::from([hex(kind_colors::DATA_ACK), hex(kind_colors::WINDOW_EDGE)])
    );
    assert_eq!(
        dot_colours(&svg),
        subflows.iter().cloned().collect::<HashSet<_>>()
    );
    let texts = texts(&svg);
    assert!(
        texts.iter().any(|t| t.starts_with("reinjections on tcp ")),
        "{texts:?}"
    );
    // crosses are two lines in the subflow's colour
    let cross_colours: HashSet<&str> = attr_values(&svg, "line", "stroke")
        .into_iter()
        .filter(|c| *c != "#DDDDDD") // the mesh
        .collect();
    assert!(
        !cross_colours.is_empty()
            && cross_colours
                .iter()
                .all(|c| subflows.iter().any(|s| s == c)),
        "{cross_colours:?}"
    );

    let svg = plot_svg(&env, &["plot", "throughput", s(&cap), "--mptcp", "0"], &out);
    let mut want: HashSet<String> = subflows.iter().cloned().collect();
    want.insert(hex(kind_colors::AGGREGATE));
    want.insert(hex(kind_colors::GOODPUT));
    assert_eq!(series_strokes(&svg), want);
}

/// Issue 13 item 8: the MPTCP-level bytes above the data ACK, from the packets streamed past,
/// equal at every point those computed here byte by byte from the pcap2csv rows (data bytes
/// [dsn, dsn + payload_len) seen towards the server, minus those below the highest data ACK the
/// server sent); `plot ofo` draws them.
#[test]
fn bytes_above_the_data_ack_match_the_csv() {
    use mptcpanalyzer::analysis::timeseries::{ConnView, OfoCollector, Reduced};
    use mptcpanalyzer::analysis::PacketFilter;
    use mptcpanalyzer::model::Side;
    use mptcpanalyzer::pipeline::{Capture, FnTap, RunOptions, Settings, Want};

    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "0"]);
    let num = |r: &std::collections::HashMap<String, String>, k: &str| -> Option<i64> {
        r[k].parse().ok()
    };
    let mut seen = vec![false; 400_000];
    let mut ack = 0usize;
    let mut above = 0i64;
    let mut data = false;
    let mut want = Vec::new();
    for r in &rows {
        let to_server = r["dst_port"] == "5201";
        let len = num(r, "payload_len").unwrap() as usize;
        if let (true, Some(dsn), true) = (to_server, num(r, "dsn"), len > 0) {
            let start = dsn as usize;
            for (b, byte) in seen.iter_mut().enumerate().skip(start).take(len) {
                if b >= ack && !*byte {
                    above += 1;
                }
                *byte = true;
            }
            data = true;
            want.push(above as f64);
        }
        if let (false, Some(a)) = (to_server, num(r, "data_ack")) {
            let a = a as usize;
            if a > ack {
                let before = above;
                above -= (ack..a).filter(|&b| seen[b]).count() as i64;
                ack = a;
                if data && above != before {
                    want.push(above as f64);
                }
            }
        }
    }
    assert!(want.iter().any(|&b| b > 10_000.0), "{want:?}");

    let settings = Settings::default();
    let filter = PacketFilter::Mptcp(0);
    let want_cap = Want {
        filter: Some(filter),
        ..Default::default()
    };
    let capture = Capture::load(&cap, &settings, want_cap, None).unwrap();
    let view = ConnView::new(capture.enricher(), filter).unwrap();
    let mut c = OfoCollector::new(&view, Reduced::new(view.range(), 1_000_000));
    let mut tap = FnTap(|p: &mptcpanalyzer::model::Packet, _: &_| {
        c.push(p);
        Ok(())
    });
    capture
        .pass(RunOptions::default(), &mut [&mut tap])
        .unwrap();
    let got: Vec<f64> = c.finish().get(Side::Server).iter().map(|p| p.1).collect();
    assert_eq!(got, want);

    let out = env.dir.path().join("ofo.svg");
    let svg = plot_svg(&env, &["plot", "ofo", s(&cap), "0"], &out);
    let texts = texts(&svg);
    assert!(
        texts.iter().any(|t| t == "Bytes above the data ACK"),
        "{texts:?}"
    );
    assert_eq!(
        texts.iter().filter(|t| *t == "above the data ACK").count(),
        2
    );
}

/// Issue 13 item 3: `plot dsn --dack` draws the MPTCP-level receive window edge, data ACK +
/// rwnd of the packet carrying that data ACK (RFC 8684 3.3.4), at every such packet (rwnd is
/// checked against Wireshark's `tcp.window_size` in `rwnd.rs`); without the SYNs the scale is
/// unknown: no edge, and a warning says why.
#[test]
fn dsn_dack_draws_the_receive_window_edge() {
    use mptcpanalyzer::analysis::timeseries::{ConnView, DsnCollector, Reduced};
    use mptcpanalyzer::analysis::PacketFilter;
    use mptcpanalyzer::model::Side;
    use mptcpanalyzer::pipeline::{Capture, FnTap, RunOptions, Settings, Want};
    use mptcpanalyzer::plot::kind_colors;

    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "0"]);
    // the edge of the window the server advertised: on its packets (towards the client)
    let want: Vec<f64> = rows
        .iter()
        .filter(|r| r["src_port"] == "5201")
        .filter_map(|r| {
            let a: i64 = r["data_ack"].parse().ok()?;
            let w: i64 = r["rwnd"].parse().ok()?;
            Some((a + w) as f64)
        })
        .collect();
    assert!(want.len() > 100, "{}", want.len());

    let settings = Settings::default();
    let filter = PacketFilter::Mptcp(0);
    let want_cap = Want {
        filter: Some(filter),
        ..Default::default()
    };
    let capture = Capture::load(&cap, &settings, want_cap, None).unwrap();
    let view = ConnView::new(capture.enricher(), filter).unwrap();
    let mut c = DsnCollector::new(&view, Reduced::new(view.range(), 1_000_000));
    let mut tap = FnTap(|p: &mptcpanalyzer::model::Packet, _: &_| {
        c.push(p);
        Ok(())
    });
    capture
        .pass(RunOptions::default(), &mut [&mut tap])
        .unwrap();
    let series = c.finish();
    let got: Vec<f64> = series
        .get(Side::Server)
        .window_edges
        .iter()
        .map(|p| p.1)
        .collect();
    assert_eq!(got, want);

    let hex = |(r, g, b): (u8, u8, u8)| format!("#{r:02X}{g:02X}{b:02X}");
    let edge_lines = |svg: &str| {
        svg.split("<polyline")
            .skip(1)
            .filter(|e| e[..e.find('>').unwrap()].contains(&hex(kind_colors::WINDOW_EDGE)))
            .count()
    };
    let out = env.dir.path().join("dsn.svg");
    let svg = plot_svg(&env, &["plot", "dsn", s(&cap), "0", "--dack"], &out);
    // one staircase per panel, plus its legend sample
    assert_eq!(edge_lines(&svg), 4);
    assert_eq!(
        texts(&svg)
            .iter()
            .filter(|t| *t == "receive window edge")
            .count(),
        2
    );
    // without --dack, no edge
    let svg = plot_svg(&env, &["plot", "dsn", s(&cap), "0"], &out);
    assert_eq!(edge_lines(&svg), 0);

    // the capture started late: no SYN, the scale is unknown
    let late = env.dir.path().join("late.pcap");
    crate::util::cut_capture(&cap, &late, 25);
    let o = env
        .cmd()
        .args(["plot", "dsn", s(&late), "0", "--dack", "-o", s(&out)])
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("no receive window edge drawn: the receiver's window scale is unknown"),
        "{stderr}"
    );
    assert_eq!(edge_lines(&std::fs::read_to_string(&out).unwrap()), 0);
}

/// The y tick labels (numbers, with an SI suffix) of an SVG, as values, with their y pixel.
fn y_ticks(svg: &str) -> Vec<(f64, f64)> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|e| {
            let head = &e[..e.find('>')?];
            if !head.contains("text-anchor=\"end\"") {
                return None; // y tick labels are right-aligned
            }
            let y: f64 = head.split("y=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let text = e[e.find('>')? + 1..e.find("</text>")?].trim();
            let (num, mult) = match text.strip_suffix('k') {
                Some(n) => (n, 1e3),
                None => match text.strip_suffix('M') {
                    Some(n) => (n, 1e6),
                    None => (text, 1.0),
                },
            };
            Some((num.parse::<f64>().ok()? * mult, y))
        })
        .collect()
}

/// Issue 13 item 6: `plot dsn --dsn-from/--dsn-to` zooms on a DSN range: the y axis spans
/// exactly the range asked, only the packets inside it are drawn, and the x axis spans their
/// times (from the CSV); bad ranges are usage errors.
#[test]
fn dsn_range_zoom() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("zoom.svg");
    let (lo, hi) = (50_000.0, 100_000.0);
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "dsn",
            s(&cap),
            "0",
            "--dest",
            "server",
            "--dack",
            "--dsn-from",
            "50000",
            "--dsn-to",
            "100000",
        ],
        &out,
    );
    let mut ticks = y_ticks(&svg);
    ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let values: Vec<f64> = ticks.iter().map(|t| t.0).collect();
    // the axis range is the asked one: its ends are ticks (multiples of the 10k step)
    assert_eq!(
        values,
        (0..=5)
            .map(|i| lo + 10_000.0 * i as f64)
            .collect::<Vec<_>>(),
        "{ticks:?}"
    );
    let (top, bottom) = (ticks.last().unwrap().1, ticks[0].1);
    // every dot inside the range
    let cys: Vec<f64> = attr_values(&svg, "circle", "cy")
        .into_iter()
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(!cys.is_empty());
    let legend_top = top - 2.0; // the legend dots are beside the plot, at its top
    assert!(
        cys.iter()
            .all(|&y| y >= legend_top - 3.0 && y <= bottom + 3.0),
        "{cys:?} outside {top}..{bottom}"
    );
    // every line (the data ACK staircase, dense runs of dots) cut at the range
    let mut lines = 0;
    for e in svg.split("<polyline ").skip(1) {
        let e = &e[..e.find('>').unwrap()];
        let axis_or_legend = e.contains("stroke=\"#000000\" stroke-width=\"1\"")
            || e.contains("#DDDDDD")
            || e.contains("#AAAAAA");
        if axis_or_legend {
            continue;
        }
        let pts = e.split("points=\"").nth(1).unwrap();
        let ys: Vec<f64> = pts[..pts.find('"').unwrap()]
            .split_whitespace()
            .map(|p| p.split_once(',').unwrap().1.parse().unwrap())
            .collect();
        if ys.len() > 4 {
            lines += 1;
            assert!(
                ys.iter().all(|&y| y >= top - 2.0 && y <= bottom + 2.0),
                "{ys:?} outside {top}..{bottom}"
            );
        }
    }
    assert!(lines >= 1, "the data ACK");
    // x axis: the times of the packets in the range, with a 2 % margin
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--mptcp", "0"]);
    let times: Vec<f64> = rows
        .iter()
        .filter(|r| r["dst_port"] == "5201" && r["payload_len"] != "0")
        .filter(|r| r["dsn"].parse::<f64>().is_ok_and(|d| d >= lo && d <= hi))
        .map(|r| r["rel_time_ns"].parse::<f64>().unwrap() / 1e9)
        .collect();
    let (t0, t1) = (times[0], *times.last().unwrap());
    let margin = (t1 - t0) * 0.02;
    let x_ticks: Vec<f64> = svg
        .split("<text ")
        .skip(1)
        .filter(|e| e[..e.find('>').unwrap()].contains("dy=\"0.76em\" text-anchor=\"middle\""))
        .filter_map(|e| {
            e[e.find('>').unwrap() + 1..e.find("</text>").unwrap()]
                .trim()
                .parse()
                .ok()
        })
        .collect();
    assert!(x_ticks.len() >= 3, "{x_ticks:?}");
    assert!(
        x_ticks
            .iter()
            .all(|&x| x >= t0 - margin - 1e-9 && x <= t1 + margin + 1e-9),
        "{x_ticks:?} outside {t0}..{t1}"
    );
    // errors
    let none = env.dir.path().join("none.svg");
    let err = plot_fails(
        &env,
        &[
            "plot",
            "dsn",
            s(&cap),
            "0",
            "--dsn-from",
            "9",
            "--dsn-to",
            "9",
        ],
        &none,
        2,
    );
    assert!(
        err.contains("--dsn-from (9) must be smaller than --dsn-to (9)"),
        "{err}"
    );
    let err = plot_fails(
        &env,
        &["plot", "dsn", s(&cap), "0", "--dsn-from", "900000000"],
        &none,
        1,
    );
    assert!(
        err.contains("has no data between DSN 900000000 and the end"),
        "{err}"
    );
}

/// Issue 13 item 5: a narrow range of large counters is labelled relative to an offset named
/// in the axis label ("ts_val − N"), not as `3.0168210G`: the labels plus the offset fall in the
/// data's range (from the CSV).
#[test]
fn large_counters_are_labelled_relative_to_an_offset() {
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let rows = csv_rows(&env, &["pcap2csv", s(&cap), "--tcp", "0"]);
    let ts: Vec<f64> = rows
        .iter()
        .filter(|r| r["dst_port"] == "5201")
        .filter_map(|r| r["ts_val"].parse().ok())
        .collect();
    let (lo, hi) = ts
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    assert!(lo > 1e6 && (hi - lo) * 1000.0 < hi, "{lo} {hi}");
    let out = env.dir.path().join("ts.svg");
    let svg = plot_svg(
        &env,
        &[
            "plot",
            "attr",
            s(&cap),
            "--tcp",
            "0",
            "--dest",
            "server",
            "ts_val",
        ],
        &out,
    );
    let texts = texts(&svg);
    let label = texts
        .iter()
        .find(|t| t.starts_with("ts_val \u{2212} "))
        .unwrap_or_else(|| panic!("{texts:?}"));
    let offset: f64 = label["ts_val \u{2212} ".len()..].parse().unwrap();
    let ticks = y_ticks(&svg);
    assert!(ticks.len() >= 3, "{ticks:?}");
    let margin = (hi - lo) * 0.05;
    for (v, _) in &ticks {
        let abs = v + offset;
        assert!(
            abs >= lo - margin && abs <= hi + margin,
            "{v} + {offset} outside {lo}..{hi}"
        );
    }
    // short labels, none with the G suffix
    assert!(!texts.iter().any(|t| t.ends_with('G')), "{texts:?}");
}

/// Issue 13 item 4: `--style paper` is greyscale-safe: each subflow has its own marker shape
/// (plot dsn: circles for the first subflow, squares for the second) and line dash (plot
/// throughput: the first solid, the second dashed), besides its colour; the screen style keeps
/// dots and solid lines, and kind colours keep their look.
#[test]
fn paper_style_gives_each_subflow_a_shape_and_a_dash() {
    use mptcpanalyzer::plot::{kind_colors, palette_color};
    let hex = |(r, g, b): (u8, u8, u8)| format!("#{r:02X}{g:02X}{b:02X}");
    let (sf0, sf1) = (hex(palette_color(0)), hex(palette_color(1)));
    let cap = fixture(TWO_SUBFLOWS);
    let env = Env::new();
    let out = env.dir.path().join("paper.svg");
    let fills = |svg: &str, tag: &str| -> HashSet<String> {
        attr_values(svg, tag, "fill")
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    for (style, shapes) in [("paper", true), ("screen", false)] {
        let svg = plot_svg(
            &env,
            &["plot", "dsn", s(&cap), "0", "--dack", "--style", style],
            &out,
        );
        let (circles, rects) = (fills(&svg, "circle"), fills(&svg, "rect"));
        assert!(circles.contains(&sf0), "{style}: {circles:?}");
        assert_eq!(rects.contains(&sf1), shapes, "{style}: {rects:?}");
        assert_eq!(circles.contains(&sf1), !shapes, "{style}: {circles:?}");
        assert!(!rects.contains(&sf0), "{style}");
    }

    // the lengths of the drawn pieces of each colour's lines, in pixels
    let pieces = |svg: &str, colour: &str| -> Vec<f64> {
        svg.split("<polyline ")
            .skip(1)
            .map(|e| &e[..e.find('>').unwrap()])
            .filter(|e| e.contains(&format!("stroke=\"{colour}\"")))
            .map(|e| {
                let pts = e.split("points=\"").nth(1).unwrap();
                let p: Vec<(f64, f64)> = pts[..pts.find('"').unwrap()]
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                p.windows(2)
                    .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
                    .sum()
            })
            .collect()
    };
    let args = ["plot", "throughput", s(&cap), "--mptcp", "0", "--style"];
    let paper = plot_svg(&env, &[&args[..], &["paper"]].concat(), &out);
    let screen = plot_svg(&env, &[&args[..], &["screen"]].concat(), &out);
    let long = |v: &[f64]| v.iter().filter(|&&l| l > 100.0).count();
    // subflow 0 solid: long lines in both styles
    assert!(long(&pieces(&paper, &sf0)) >= 2 && long(&pieces(&screen, &sf0)) >= 2);
    // subflow 1 dashed in paper style: many pieces, none longer than a dash (9 px at scale)
    let dashes = pieces(&paper, &sf1);
    assert!(dashes.len() > 100, "{}", dashes.len());
    // (9 px at scale 1.35, plus the rounding of the pieces' points to pixels)
    assert!(dashes.iter().all(|&l| l <= 9.0 * 1.35 + 3.0), "{dashes:?}");
    assert!(long(&pieces(&screen, &sf1)) >= 2);
    // kind colours: the aggregate stays solid
    assert!(long(&pieces(&paper, &hex(kind_colors::AGGREGATE))) >= 2);
}
