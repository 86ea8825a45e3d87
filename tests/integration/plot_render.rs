//! Rendering tests of the plot layer, through the library API only.

use crate::util::{attr_values, texts};
use std::collections::HashSet;
use std::path::Path;

use mptcpanalyzer::plot::{
    self, palette_color, Figure, ImageFormat, Panel, Series, SeriesStyle, MAX_POINTS_PER_COLUMN,
};
use mptcpanalyzer::Error;

/// Two panels ("towards server" / "towards client") with three series: two subflows as points
/// (large DSNs, many points) and reinjections as markers.
fn sample_figure(points_per_series: usize) -> Figure {
    let dsn = |sf: usize, i: usize| 3.0e9 + 1400.0 * (2 * i + sf) as f64;
    let t = |i: usize| i as f64 * 10.0 / points_per_series as f64;
    let subflow = |sf: usize, label: &str| {
        Series::new(
            label,
            SeriesStyle::Points,
            (0..points_per_series).map(|i| (t(i), dsn(sf, i))).collect(),
        )
        .with_color(sf)
    };
    let reinjections = Series::new(
        "reinjections",
        SeriesStyle::Markers,
        (0..points_per_series)
            .step_by(points_per_series / 20)
            .map(|i| (t(i), dsn(0, i)))
            .collect(),
    )
    .with_color(2);
    let server = Panel::new("Time (s)", "Data sequence number")
        .with_title("towards server")
        .with_series(subflow(0, "subflow 0 (10.0.0.1:5000)"))
        .with_series(subflow(1, "subflow 1 (10.0.1.1:5001)"))
        .with_series(reinjections);
    let client = Panel::new("Time (s)", "Data ack")
        .with_title("towards client")
        .with_series(Series::new(
            "subflow 0 (10.0.0.1:5000)",
            SeriesStyle::Step,
            (0..points_per_series)
                .step_by(7)
                .map(|i| (t(i), dsn(0, i)))
                .collect(),
        ));
    Figure::new(Some("MPTCP connection 0".into()), vec![server, client]).with_size(1200, 900)
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

#[test]
fn svg_has_legend_labels_axes_and_one_colour_per_series() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plot.svg");
    let fig = sample_figure(200_000);
    plot::render(&fig, &out, ImageFormat::Svg).unwrap();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..100.min(svg.len())]);

    let texts = texts(&svg);
    for want in [
        "MPTCP connection 0",
        "towards server",
        "towards client",
        "subflow 0 (10.0.0.1:5000)",
        "subflow 1 (10.0.1.1:5001)",
        "reinjections",
        "Time (s)",
        "Data sequence number",
        "Data ack",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want:?} not in {texts:?}");
    }
    // Tick labels of DSNs around 3e9 use the G suffix.
    assert!(texts.iter().any(|t| t.ends_with('G')), "{texts:?}");
    // Text uses the registered family.
    assert!(svg.contains("font-family=\"sans-serif\""));

    // Series colours: exactly the three palette colours used, in data and legend.
    let mut colours: HashSet<String> = HashSet::new();
    colours.extend(
        attr_values(&svg, "circle", "fill")
            .into_iter()
            .map(str::to_string),
    );
    colours.extend(
        attr_values(&svg, "line", "stroke")
            .into_iter()
            .map(str::to_string),
    );
    colours.extend(
        attr_values(&svg, "polyline", "stroke")
            .into_iter()
            .map(str::to_string),
    );
    let series_colours: HashSet<String> = colours
        .into_iter()
        .filter(|c| {
            let c = c.trim_start_matches('#');
            !(c.len() == 6 && c[0..2] == c[2..4] && c[2..4] == c[4..6])
        })
        .collect();
    let expected: HashSet<String> = (0..3).map(|i| hex(palette_color(i))).collect();
    assert_eq!(series_colours, expected);

    // Decimation bounds the number of drawn elements: 2 point series of 200k points each,
    // drawn as dots, or as lines through the decimated points where the dots would touch.
    let circles = svg.matches("<circle").count();
    let subflow = |c: &str| c == hex(palette_color(0)) || c == hex(palette_color(1));
    let line_points: usize = svg
        .split("<polyline ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap()])
        .filter(|e| {
            let stroke = e.split("stroke=\"").nth(1).unwrap();
            subflow(&stroke[..7])
        })
        .map(|e| {
            let pts = e.split("points=\"").nth(1).unwrap();
            pts[..pts.find('"').unwrap()].split_whitespace().count()
        })
        .sum();
    let drawn = circles + line_points;
    assert!(drawn > 1000, "{drawn}");
    assert!(
        drawn <= 2 * MAX_POINTS_PER_COLUMN * fig.width as usize + 10,
        "{drawn} points drawn"
    );
    assert!(svg.len() < 3_000_000, "{} bytes", svg.len());
}

/// Decoded RGB(A) image.
struct Image {
    width: u32,
    height: u32,
    channels: usize,
    data: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR is the first chunk: width and height are big-endian u32 at bytes 16..24.
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut data = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut data).unwrap();
        assert_eq!((info.width, info.height), (w, h));
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        Image {
            width: w,
            height: h,
            channels: info.color_type.samples(),
            data,
        }
    }
    fn pixel(&self, x: u32, y: u32) -> &[u8] {
        let i = (y as usize * self.width as usize + x as usize) * self.channels;
        &self.data[i..i + 3]
    }
    fn non_white_in(&self, ys: std::ops::Range<u32>) -> usize {
        ys.flat_map(|y| (0..self.width).map(move |x| (x, y)))
            .filter(|&(x, y)| self.pixel(x, y) != [255, 255, 255])
            .count()
    }
}

#[test]
fn png_has_size_content_and_title_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plot.PNG");
    let fig = sample_figure(10_000).with_size(1000, 700);
    let format = plot::format_from_path(&out, None).unwrap();
    assert_eq!(format, ImageFormat::Png);
    plot::render(&fig, &out, format).unwrap();

    let img = Image::read(&out);
    assert_eq!((img.width, img.height), (1000, 700));
    let total = img.non_white_in(0..img.height);
    assert!(total > 10_000, "only {total} non-white pixels");
    // Series colours are drawn.
    let blue = palette_color(0);
    let has_blue = (0..img.height)
        .flat_map(|y| (0..img.width).map(move |x| (x, y)))
        .any(|(x, y)| img.pixel(x, y) == [blue.0, blue.1, blue.2]);
    assert!(has_blue);

    // The title band (top ~5%) holds text pixels (proves a font is available with no system
    // font lookup) and, without a title, stays blank.
    let band = 0..(img.height / 20);
    let with_title = img.non_white_in(band.clone());
    assert!(
        with_title > 200,
        "title band has {with_title} non-white pixels"
    );

    let mut untitled = fig.clone();
    untitled.title = None;
    untitled.panels.iter_mut().for_each(|p| p.title = None);
    let out2 = dir.path().join("untitled.png");
    plot::render(&untitled, &out2, ImageFormat::Png).unwrap();
    let img2 = Image::read(&out2);
    let without_title = img2.non_white_in(0..8);
    assert!(
        without_title < with_title / 4,
        "{without_title} vs {with_title}"
    );
}

/// A noisy scatter (retransmissions below the main curve) and a line, 1M points each.
fn million_points_figure() -> Figure {
    let n = 1_000_000;
    let noisy = |i: usize| {
        let jitter = ((i.wrapping_mul(2_654_435_761) % 1000) as f64) * 1e5;
        1e4 * i as f64 - jitter
    };
    Figure::new(
        Some("1M points".into()),
        vec![Panel::new("Time (s)", "DSN")
            .with_series(Series::new(
                "scatter",
                SeriesStyle::Points,
                (0..n).map(|i| (i as f64 * 1e-5, noisy(i))).collect(),
            ))
            .with_series(Series::new(
                "line",
                SeriesStyle::Line,
                (0..n).map(|i| (i as f64 * 1e-5, 1e4 * i as f64)).collect(),
            ))],
    )
}

#[test]
fn million_points_render_small() {
    let dir = tempfile::tempdir().unwrap();
    let fig = million_points_figure();
    for format in ImageFormat::ALL {
        let out = dir.path().join(format!("big.{format}"));
        let start = std::time::Instant::now();
        plot::render(&fig, &out, format).unwrap();
        let elapsed = start.elapsed();
        let size = std::fs::metadata(&out).unwrap().len();
        eprintln!("1M points {format}: {elapsed:?}, {size} bytes");
        assert!(size < 3_000_000, "{format}: {size} bytes");
    }
}

#[test]
fn empty_figure_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("empty.png");
    let fig = Figure::new(
        None,
        vec![Panel::new("t", "y").with_series(Series::new("s", SeriesStyle::Points, vec![]))],
    );
    match plot::render(&fig, &out, ImageFormat::Png) {
        Err(Error::Plot(msg)) => assert!(msg.starts_with("nothing to plot"), "{msg}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_panel_without_data_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("half.svg");
    let mut fig = sample_figure(1000);
    fig.panels[1].series[0].points.clear();
    plot::render(&fig, &out, ImageFormat::Svg).unwrap();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(texts(&svg).iter().any(|t| t == "no data"));
}

#[test]
fn nonexistent_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("plot.svg");
    for format in ImageFormat::ALL {
        let err = plot::render(&sample_figure(100), &out, format).unwrap_err();
        assert!(matches!(err, Error::Output { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains("plot.svg") && msg.contains("missing"), "{msg}");
    }
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn existing_file_is_replaced_only_on_success() {
    let dir = tempfile::tempdir().unwrap();
    for format in ImageFormat::ALL {
        let out = dir.path().join(format!("plot.{format}"));
        std::fs::write(&out, b"old content").unwrap();

        // Failure (nothing to plot): the old file stays, no temporary file is left.
        let empty = Figure::new(None, vec![Panel::new("t", "y")]);
        assert!(plot::render(&empty, &out, format).is_err());
        assert_eq!(std::fs::read(&out).unwrap(), b"old content");

        // Success: replaced.
        plot::render(&sample_figure(100), &out, format).unwrap();
        let new = std::fs::read(&out).unwrap();
        assert_ne!(new, b"old content");
        assert!(new.len() > 1000);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o644, 0o644, "{mode:o}");
        }
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn output_path_that_is_a_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.png");
    std::fs::create_dir(&out).unwrap();
    let err = plot::render(&sample_figure(100), &out, ImageFormat::Png).unwrap_err();
    assert!(matches!(err, Error::Output { .. }), "{err:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unsupported_extension_names_path_and_accepted_ones() {
    let err = plot::format_from_path(Path::new("out/graph.jpeg"), None).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("out/graph.jpeg"), "{msg}");
    assert!(msg.contains(".png") && msg.contains(".svg"), "{msg}");
}

#[test]
fn crowded_legend_stays_inside_its_panel() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crowded.svg");
    let mut panel = Panel::new("t", "y");
    for i in 0..40 {
        panel.series.push(Series::new(
            format!("series {i}"),
            SeriesStyle::Line,
            vec![(0.0, i as f64), (1.0, i as f64 + 1.0)],
        ));
    }
    let fig = Figure::new(None, vec![panel]).with_size(800, 300);
    plot::render(&fig, &out, ImageFormat::Svg).unwrap();
    let svg = std::fs::read_to_string(&out).unwrap();
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "series 0"));
    assert!(!texts.iter().any(|t| t == "series 39"));
    let more = texts
        .iter()
        .find(|t| t.ends_with(" more"))
        .expect("overflow row");
    let hidden: usize = more[1..more.len() - 5].parse().unwrap();
    let shown = texts.iter().filter(|t| t.starts_with("series ")).count();
    assert_eq!(shown + hidden, 40);
}

/// A data-ACK-like staircase as the DSN plot draws it: the acknowledgements of four subflows
/// interleaved, each lagging behind the others by a different amount, so that the value goes
/// down and up again many times within one pixel column (what decimation must not turn into
/// spikes).
fn zigzag(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let t = i as f64 * 10.0 / n as f64;
            let lag = [0.0, 3.0e4, 1.1e4, 6.0e4][i % 4];
            (t, 2.0e6 * t / 10.0 + 5.0e4 - lag)
        })
        .collect()
}

/// For each pixel column of the plotting area, the vertical extent (top, bottom pixel) of a
/// polyline through `points` mapped with `g`.
fn polyline_extent(
    points: &[(f64, f64)],
    g: &plot::PanelGeometry,
) -> std::collections::BTreeMap<i32, (f64, f64)> {
    let mut ext = std::collections::BTreeMap::new();
    let mut add = |x: i32, y: f64| {
        let e = ext.entry(x).or_insert((y, y));
        e.0 = e.0.min(y);
        e.1 = e.1.max(y);
    };
    let px: Vec<(i32, i32)> = points.iter().map(|&(x, y)| g.to_pixel(x, y)).collect();
    for w in px.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        if xa == xb {
            add(xa, ya as f64);
            add(xa, yb as f64);
            continue;
        }
        let ((x0, y0), (x1, y1)) = if xa < xb { (w[0], w[1]) } else { (w[1], w[0]) };
        for x in x0..=x1 {
            // the segment's y at both edges of column x, clamped to the segment
            for xe in [x as f64 - 0.5, x as f64 + 0.5] {
                let f = ((xe - x0 as f64) / (x1 - x0) as f64).clamp(0.0, 1.0);
                add(x, y0 as f64 + f * (y1 - y0) as f64);
            }
        }
    }
    ext
}

/// Issue 13 item 1: in the PNG, each pixel column's drawn extent of a decimated line equals
/// the data's extent in that column (within the line's half width and rounding): no spike
/// outside the data, no extreme lost.
#[test]
fn png_columns_show_the_true_extent_of_dense_lines() {
    let dir = tempfile::tempdir().unwrap();
    for style in [SeriesStyle::Step, SeriesStyle::Line] {
        let points = zigzag(200_000);
        let fig = Figure::new(
            None,
            vec![Panel::new("Time (s)", "Data ACK")
                .with_series(Series::new("data ACK", style, points.clone()).with_color(0))],
        );
        let out = dir.path().join(format!("{style:?}.png"));
        let geometry = plot::render_with_geometry(&fig, &out, ImageFormat::Png).unwrap();
        assert_eq!(geometry.len(), 1);
        let g = geometry[0];
        let img = Image::read(&out);
        let polyline = if style == SeriesStyle::Step {
            plot::step_polyline(&points)
        } else {
            points.clone()
        };
        let want = polyline_extent(&polyline, &g);
        let blue = palette_color(0);
        let (x_lo, x_hi) = (g.origin.0, g.corner.0);
        let (y_top, y_bottom) = (g.corner.1, g.origin.1);
        let tol = 2.0; // half the 2-pixel line, plus rounding
        let mut checked = 0;
        for x in (x_lo + 3)..(x_hi - 3) {
            let drawn: Vec<u32> = (y_top.max(0) as u32..=y_bottom as u32)
                .filter(|&y| img.pixel(x as u32, y) == [blue.0, blue.1, blue.2])
                .collect();
            let Some(&(top, bottom)) = want.get(&x) else {
                // the line's end cap may reach one column past the last point
                let near = want.contains_key(&(x - 1)) || want.contains_key(&(x + 1));
                assert!(
                    drawn.is_empty() || near,
                    "{style:?}: column {x} drawn without data"
                );
                continue;
            };
            let (d_top, d_bottom) = (drawn[0] as f64, *drawn.last().unwrap() as f64);
            assert!(
                (d_top - top).abs() <= tol && (d_bottom - bottom).abs() <= tol,
                "{style:?}: column {x} drawn {d_top}..{d_bottom}, data {top}..{bottom}"
            );
            checked += 1;
        }
        assert!(checked > 900, "{style:?}: {checked} columns");
    }
}

/// Issue 13 item 5: stacked panels share the x range and their plotting areas line up, even
/// when their y tick labels and legends differ in width; integer axes tick on integers.
#[test]
fn stacked_panels_line_up() {
    let dir = tempfile::tempdir().unwrap();
    let top = Panel::new("Time (s)", "small")
        .integer()
        .with_series(Series::new(
            "a",
            SeriesStyle::Points,
            vec![(10.0, 0.0), (11.0, 3.0)],
        ));
    let bottom = Panel::new("Time (s)", "big").with_series(Series::new(
        "a much longer legend entry",
        SeriesStyle::Line,
        vec![(10.5, 1.2345e9), (12.0, 1.2346e9)],
    ));
    let fig = Figure::new(None, vec![top, bottom]);
    for format in ImageFormat::ALL {
        let out = dir.path().join(format!("stack.{format}"));
        let g = plot::render_with_geometry(&fig, &out, format).unwrap();
        assert_eq!(g[0].x_range, g[1].x_range);
        assert_eq!(
            g[0].origin.0, g[1].origin.0,
            "{format}: y axes at different x"
        );
        assert_eq!(g[0].corner.0, g[1].corner.0, "{format}: right edges differ");
        if format == ImageFormat::Svg {
            let svg = std::fs::read_to_string(&out).unwrap();
            let texts = texts(&svg);
            assert_eq!(texts.iter().filter(|t| *t == "Time (s)").count(), 1);
            // 0..3 on the integer axis: ticks 0, 1, 2, 3 and no 0.5 step (x ticks are 10.0...)
            for t in ["0", "1", "2", "3"] {
                assert!(texts.iter().any(|x| x == t), "{t} missing: {texts:?}");
            }
            assert!(!texts.iter().any(|x| x == "0.5" || x == "1.5"), "{texts:?}");
        }
    }
}

/// Issue 13 item 6: a dense series of points is drawn as a line where its dots would touch
/// (a ramp of 20 000 points reads as a curve, not rows of dots), and as dots where it is sparse.
#[test]
fn dense_points_are_drawn_as_a_line_and_sparse_ones_as_dots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dense.svg");
    let rgb = (0x12, 0x34, 0x56);
    let mut points: Vec<(f64, f64)> = (0..20_000)
        .map(|i| (i as f64 / 20_000.0, i as f64 / 20.0))
        .collect();
    // eight points far apart after the ramp
    let sparse: Vec<(f64, f64)> = (0..8)
        .map(|i| (1.1 + 0.1 * i as f64, if i % 2 == 0 { 100.0 } else { 900.0 }))
        .collect();
    points.extend(&sparse);
    let fig = Figure::new(
        None,
        vec![Panel::new("x", "y")
            .with_series(Series::new("s", SeriesStyle::Points, points).with_rgb(rgb))],
    );
    let g = plot::render_with_geometry(&fig, &out, ImageFormat::Svg).unwrap()[0];
    let svg = std::fs::read_to_string(&out).unwrap();
    let colour = hex(rgb);
    // dots: the sparse points where they are, and the legend sample
    let dots: Vec<(i32, i32)> = svg
        .split("<circle ")
        .skip(1)
        .filter(|e| e[..e.find('>').unwrap()].contains(&colour))
        .map(|e| {
            let num = |k: &str| -> i32 {
                let v = e.split(&format!("{k}=\"")).nth(1).unwrap();
                v[..v.find('"').unwrap()].parse().unwrap()
            };
            (num("cx"), num("cy"))
        })
        .collect();
    let plot_right = g.corner.0;
    let in_plot: Vec<(i32, i32)> = dots.iter().copied().filter(|d| d.0 <= plot_right).collect();
    let want: Vec<(i32, i32)> = sparse.iter().map(|&(x, y)| g.to_pixel(x, y)).collect();
    assert_eq!(in_plot.len(), want.len(), "{in_plot:?}");
    for (d, w) in in_plot.iter().zip(&want) {
        assert!(
            (d.0 - w.0).abs() <= 1 && (d.1 - w.1).abs() <= 1,
            "{d:?} {w:?}"
        );
    }
    assert_eq!(dots.len(), want.len() + 1, "one legend sample");
    // the ramp: lines in the series' colour from its first to its last pixel column
    let lines: Vec<Vec<(f64, f64)>> = svg
        .split("<polyline ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap()])
        .filter(|e| e.contains(&format!("stroke=\"{colour}\"")))
        .map(|e| {
            let pts = e.split("points=\"").nth(1).unwrap();
            pts[..pts.find('"').unwrap()]
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .filter(|l: &Vec<(f64, f64)>| l.len() > 2)
        .collect();
    assert_eq!(lines.len(), 1, "one line for the ramp");
    let (start, end) = (
        g.to_pixel(0.0, 0.0),
        g.to_pixel(19_999.0 / 20_000.0, 999.95),
    );
    let xs: Vec<f64> = lines[0].iter().map(|p| p.0).collect();
    let (lo, hi) = (xs[0], *xs.last().unwrap());
    assert!((lo - start.0 as f64).abs() <= 1.0 && (hi - end.0 as f64).abs() <= 1.0);
    // as wide as a dot
    assert!(svg.contains(&format!("stroke=\"{colour}\" stroke-width=\"")));
}

/// Issue 13 items 1 and 6 together: a dense noisy scatter, drawn as lines where its dots touch,
/// keeps in the PNG each pixel column's true extent (the data's, within a dot's radius): the
/// lines through dense dots add no spike and lose no extreme.
#[test]
fn png_columns_of_a_dense_scatter_show_the_data_extent() {
    let dir = tempfile::tempdir().unwrap();
    // a ramp with jitter, 200k points over 10 s: many points per column; dense (jitter under a
    // pixel: drawn as lines) for 5 s, then scattered (jitter of ~20 pixels: dots)
    let points: Vec<(f64, f64)> = (0..200_000)
        .map(|i| {
            let t = i as f64 * 10.0 / 200_000.0;
            let spread = if t < 5.0 { 1.0 } else { 30.0 };
            let jitter = ((i as u64).wrapping_mul(2_654_435_761) % 1000) as f64 * spread;
            (t, 1.0e5 * t + jitter)
        })
        .collect();
    let fig = Figure::new(
        None,
        vec![Panel::new("Time (s)", "DSN")
            .with_series(Series::new("s", SeriesStyle::Points, points.clone()).with_color(0))],
    );
    let out = dir.path().join("scatter.png");
    let g = plot::render_with_geometry(&fig, &out, ImageFormat::Png).unwrap()[0];
    let img = Image::read(&out);
    // the data's extent per pixel column
    let mut want = std::collections::BTreeMap::new();
    for &(x, y) in &points {
        let (px, py) = g.to_pixel(x, y);
        let e = want.entry(px).or_insert((py, py));
        e.0 = e.0.min(py);
        e.1 = e.1.max(py);
    }
    let blue = palette_color(0);
    let tol = 4; // a dot's radius (2.5 px), its edge, rounding
    let (y_top, y_bottom) = (g.corner.1, g.origin.1);
    let mut checked = 0;
    for x in (g.origin.0 + 4)..(g.corner.0 - 4) {
        let drawn: Vec<i32> = (y_top.max(0)..=y_bottom)
            .filter(|&y| img.pixel(x as u32, y as u32) == [blue.0, blue.1, blue.2])
            .collect();
        // neighbouring columns' dots and line ends reach into this one
        let near = |dx: i32| want.get(&(x + dx)).copied();
        let Some(&(top, bottom)) = want.get(&x) else {
            continue;
        };
        let (lo, hi) = [-2, -1, 1, 2]
            .into_iter()
            .filter_map(near)
            .fold((top, bottom), |(a, b), (c, d)| (a.min(c), b.max(d)));
        assert!(!drawn.is_empty(), "column {x}: nothing drawn");
        let (d_top, d_bottom) = (drawn[0], *drawn.last().unwrap());
        assert!(
            d_top >= lo - tol && d_bottom <= hi + tol,
            "column {x} drawn {d_top}..{d_bottom}, data {lo}..{hi} (here {top}..{bottom})"
        );
        assert!(
            d_top <= top + tol && d_bottom >= bottom - tol,
            "column {x} drawn {d_top}..{d_bottom} misses the data {top}..{bottom}"
        );
        checked += 1;
    }
    assert!(checked > 900, "{checked} columns");
    // the same figure in SVG: lines for the dense half, dots for the scattered one
    let svg_out = dir.path().join("scatter.svg");
    plot::render(&fig, &svg_out, ImageFormat::Svg).unwrap();
    let svg = std::fs::read_to_string(&svg_out).unwrap();
    let colour = hex(blue);
    let line_x: Vec<f64> = svg
        .split("<polyline ")
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap()])
        .filter(|e| e.contains(&format!("stroke=\"{colour}\"")))
        .flat_map(|e| {
            let pts = e.split("points=\"").nth(1).unwrap();
            pts[..pts.find('"').unwrap()]
                .split_whitespace()
                .map(|p| p.split_once(',').unwrap().0.parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let middle = g.to_pixel(5.0, 0.0).0 as f64;
    assert!(line_x.len() > 1000, "{}", line_x.len());
    // (in the scattered half, three decimated points in a row sometimes touch: a short line
    // that looks like their dots; measured 8 %)
    let left = line_x.iter().filter(|&&x| x <= middle + 2.0).count();
    assert!(
        left * 100 >= line_x.len() * 85,
        "{left} of {}",
        line_x.len()
    );
    let dots_right = attr_values(&svg, "circle", "cx")
        .into_iter()
        .filter(|x| x.parse::<f64>().unwrap() > middle + 2.0)
        .count();
    assert!(dots_right > 1000, "{dots_right}");
}
