//! Tables for humans (tabled), in one style for every report: each report's table layout
//! ([`Report::to_table`]) is made of [`render`]ed flat views of its declared columns, with the
//! columns' labels (and units) as headers and [`Value::to_human`] cells.
//!
//! Width: `COLUMNS` when set, else the terminal's width when stdout is a terminal; the widest
//! columns wrap first. A table written to a pipe or a file is never wrapped (unless `COLUMNS`
//! is set).

use super::Exporter;
use crate::error::{Error, Result};
use crate::output::columns::{Column, ColumnInfo, Flat, Forms, Value};
use crate::output::Report;
use std::io::{IsTerminal, Write};
use tabled::builder::Builder;
use tabled::settings::Style;

pub struct Table;

impl Exporter for Table {
    fn write<R: Report>(&self, report: &R, out: &mut dyn Write) -> Result<()> {
        out.write_all(report.to_table().as_bytes())
            .map_err(Error::stdout)
    }
}

/// The width tables must fit in: `COLUMNS` when set to a number, else the terminal's width
/// when stdout is a terminal, else none.
pub fn width() -> Option<usize> {
    width_from(
        std::env::var("COLUMNS").ok().as_deref(),
        std::io::stdout().is_terminal(),
    )
}

fn width_from(columns: Option<&str>, stdout_is_terminal: bool) -> Option<usize> {
    if let Some(n) = columns.and_then(|c| c.trim().parse::<usize>().ok()) {
        if n > 0 {
            return Some(n);
        }
    }
    if stdout_is_terminal {
        return terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0 as usize);
    }
    None
}

/// `flat` as a table in the one style, with a trailing newline; `indent` spaces before each
/// line (the width is then the rest of the line).
pub fn render_indented(flat: &Flat, indent: usize) -> String {
    render_cells(
        &flat.columns,
        flat.rows.iter().map(|row| {
            row.iter()
                .zip(&flat.columns)
                .map(|(v, c)| v.to_human(c.unit))
                .collect()
        }),
        indent,
        width(),
    )
}

/// The table layout of one set of columns, made once and drawn for many small tables of
/// those columns (`list mptcp` draws one per connection): the headers, the
/// indent and the width are worked out once, and each table's cells are made straight from
/// its rows, without a [`Flat`] in between. Each table is exactly [`render_indented`] of the
/// same rows.
pub struct Grid<'c, 'r, R> {
    columns: Vec<&'c Column<'r, R>>,
    headers: Vec<String>,
    pad: String,
    indent: usize,
    width: Option<usize>,
}

impl<'c, 'r, R> Grid<'c, 'r, R> {
    /// The layout of `columns` (those shown in flat forms, as [`Flat::of`] takes them), each
    /// line `indent` spaces in, to fit [`width`].
    pub fn new(columns: &'c [Column<'r, R>], indent: usize) -> Self {
        Self::with_width(columns, indent, width())
    }

    /// [`Grid::new`] to fit `width` (none: never wrapped).
    fn with_width(columns: &'c [Column<'r, R>], indent: usize, width: Option<usize>) -> Self {
        let columns: Vec<&Column<R>> = columns.iter().filter(|c| c.forms != Forms::Json).collect();
        Grid {
            headers: columns.iter().map(|c| c.info.table_header()).collect(),
            columns,
            pad: " ".repeat(indent),
            indent,
            width,
        }
    }

    /// The table of `rows`, appended to `out`.
    pub fn draw<'x>(&self, rows: impl IntoIterator<Item = &'x R>, out: &mut String)
    where
        R: 'x,
    {
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| {
                self.columns
                    .iter()
                    .map(|c| (c.get)(r).into_human(c.info.unit))
                    .collect()
            })
            .collect();
        if self.width.is_none() && super::psql::draw(&self.headers, &rows, &self.pad, out) {
            return;
        }
        out.push_str(&render_grid(
            self.headers.clone(),
            rows,
            self.indent,
            self.width,
        ));
    }
}

/// [`render_indented`] without indent.
pub fn render(flat: &Flat) -> String {
    render_indented(flat, 0)
}

/// The table of `rows` (text cells already made) under the headers of `columns`. When it is
/// wider than `width`, headers wrap at their words to their column's cells first; if it is still
/// too wide, the widest columns wrap.
pub fn render_cells(
    columns: &[ColumnInfo],
    rows: impl IntoIterator<Item = Vec<String>>,
    indent: usize,
    width: Option<usize>,
) -> String {
    let headers: Vec<String> = columns.iter().map(ColumnInfo::table_header).collect();
    render_grid(headers, rows.into_iter().collect(), indent, width)
}

/// `flat` turned sideways: one row per column (its header first), one column per row of
/// `flat`, headed by that row's cell in the column `key` (a table of few records and many
/// figures: the directions of a connection, its subflows).
pub fn render_transposed(flat: &Flat, key: &str, indent: usize) -> String {
    let k = flat
        .columns
        .iter()
        .position(|c| c.name == key)
        .unwrap_or_else(|| panic!("no column {key}"));
    let info = &flat.columns[k];
    let mut headers = vec![String::new()];
    headers.extend(
        flat.rows
            .iter()
            .map(|r| format!("{} {}", info.label, r[k].to_human(info.unit))),
    );
    let rows = flat
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != k)
        .map(|(i, c)| {
            let mut row = vec![c.table_header()];
            row.extend(flat.rows.iter().map(|r| r[i].to_human(c.unit)));
            row
        })
        .collect();
    render_grid(headers, rows, indent, width())
}

fn render_grid(
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    width: Option<usize>,
) -> String {
    let (headers, rows) = match width {
        Some(w) => fit(headers, rows, w.saturating_sub(indent).max(20)),
        None => (headers, rows),
    };
    let mut out = String::new();
    if super::psql::draw(&headers, &rows, &" ".repeat(indent), &mut out) {
        return out;
    }
    render_grid_tabled(&headers, &rows, indent)
}

/// The grid drawn by tabled (cells that are not one line of printable ASCII; the tests of
/// [`super::psql`] compare it with the direct path).
pub(super) fn render_grid_tabled(
    headers: &[String],
    rows: &[Vec<String>],
    indent: usize,
) -> String {
    let t = build_with(headers, rows);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in t.to_string().lines() {
        out.push_str(&pad);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn build_with(headers: &[String], rows: &[Vec<String>]) -> tabled::Table {
    let mut b = Builder::default();
    b.push_record(headers.iter().cloned());
    for r in rows {
        b.push_record(r.iter().cloned());
    }
    let mut t = b.build();
    t.with(Style::psql());
    t
}

fn chars(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Headers and cells wrapped so that the table fits `avail` columns where it can: headers
/// wrap between words to their column's cells; then the widest columns narrow in turn (never
/// below their longest header word), their cells broken after a `:` or `.` where possible.
fn fit(
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    avail: usize,
) -> (Vec<String>, Vec<Vec<String>>) {
    let n = headers.len();
    let cell = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| chars(c))
            .max()
            .unwrap_or(0)
    };
    let word = |h: &str| h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
    // psql: one space each side of a cell, one `|` between columns
    let total = |w: &[usize]| w.iter().map(|x| x + 2).sum::<usize>() + n.saturating_sub(1);
    let natural: Vec<usize> = (0..n).map(|i| cell(i).max(chars(&headers[i]))).collect();
    if total(&natural) <= avail {
        return (headers, rows);
    }
    // an endpoint breaks after its last `:` (`10.0.0.1:` / `5201`), not inside the address
    let piece = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.rfind(':').map_or(0, |k| c[..=k].chars().count()))
            .max()
            .unwrap_or(0)
    };
    let floor: Vec<usize> = (0..n)
        .map(|i| word(&headers[i]).max(piece(i)).max(4))
        .collect();
    let mut w: Vec<usize> = (0..n).map(|i| cell(i).max(floor[i])).collect();
    // narrow the widest column in turn: first down to whole words and addresses, then (a
    // very narrow terminal) down to 3 characters
    for min in [floor, vec![3; n]] {
        while total(&w) > avail {
            let Some(i) = (0..n)
                .filter(|&i| w[i] > min[i])
                .max_by_key(|&i| (w[i], n - i))
            else {
                break;
            };
            w[i] -= 1;
        }
    }
    let headers = headers
        .iter()
        .zip(&w)
        .map(|(h, &x)| break_cell(&wrap_words(h, x), x))
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| r.iter().zip(&w).map(|(c, &x)| break_cell(c, x)).collect())
        .collect();
    (headers, rows)
}

/// A cell in lines of at most `width` characters, broken after its last `:` in reach, else a
/// space or `.` near the end of the line, else at the width.
fn break_cell(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| break_line(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

fn break_line(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > width {
        let within = |pred: fn(char) -> bool| (1..width).rev().find(|&k| pred(rest[k]));
        let cut = within(|c| c == ':')
            .or_else(|| within(|c| c == ' ' || c == '.').filter(|&k| k >= width / 2))
            .map_or(width, |k| k + 1);
        out.push(
            rest[..cut]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        rest = rest[cut..].to_vec();
    }
    out.push(rest.into_iter().collect());
    out.join("\n")
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap_words(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// A cell for humans (re-exported for reports that compose a cell from several values).
pub fn cell(v: &Value, info: &ColumnInfo) -> String {
    v.to_human(info.unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::{Column, Type, Unit};

    /// A grid made once draws each table as [`render_cells`] of the same rows' cells: every
    /// unit, a JSON-only column left out, cells tabled draws (a non-ASCII character), with
    /// and without a width to fit, and an indent.
    #[test]
    fn a_grid_draws_the_tables_render_cells_draws() {
        type R = (u64, f64, Option<&'static str>, i64);
        let cols: Vec<Column<R>> = vec![
            Column::new("tcp_stream", Type::UInt, Unit::None, |r: &R| r.0.into()),
            Column::new("payload_bytes", Type::UInt, Unit::Bytes, |r: &R| r.0.into()),
            Column::new("duration_s", Type::Float, Unit::Seconds, |r: &R| r.1.into()),
            Column::new(
                "goodput_bit_s",
                Type::Float,
                Unit::BitsPerSecond,
                |r: &R| r.1.into(),
            ),
            Column::new("share", Type::Float, Unit::Ratio, |r: &R| r.1.into()),
            Column::new("who", Type::Text, Unit::None, |r: &R| {
                r.2.map(str::to_string).into()
            }),
            Column::new("json_member", Type::Int, Unit::None, |r: &R| r.3.into()).json_only(),
            Column::new("delay_s", Type::Nanos, Unit::Seconds, |r: &R| {
                Value::Nanos(r.3)
            }),
        ];
        let tables: Vec<Vec<R>> = vec![
            vec![],
            vec![(0, 0.0, None, 0)],
            vec![
                (1_500_000, 2.5, Some("client"), -1_500),
                (17, 0.125, Some("a server at 10.0.0.2:5201"), 3_000_000_001),
            ],
            vec![(3, 1.0, Some("é, not ASCII"), 7), (4, 2.0, Some("x"), 8)],
        ];
        for width in [None, Some(40), Some(200)] {
            for indent in [0, 2] {
                let grid = Grid::with_width(&cols, indent, width);
                for rows in &tables {
                    let flat = Flat::of(&cols, rows);
                    let cells = flat.rows.iter().map(|r| {
                        r.iter()
                            .zip(&flat.columns)
                            .map(|(v, c)| cell(v, c))
                            .collect()
                    });
                    let want = render_cells(&flat.columns, cells, indent, width);
                    let mut got = String::from("before\n");
                    grid.draw(rows, &mut got);
                    assert_eq!(
                        got,
                        format!("before\n{want}"),
                        "{width:?} {indent} {rows:?}"
                    );
                    assert!(!want.contains("json member"), "{want}");
                }
            }
        }
    }

    #[test]
    fn headers_wrap_between_words() {
        assert_eq!(wrap_words("payload to server", 9), "payload\nto server");
        assert_eq!(wrap_words("duration (s)", 12), "duration (s)");
        assert_eq!(wrap_words("tcp stream", 6), "tcp\nstream");
    }

    #[test]
    fn columns_wins_over_the_terminal_and_a_pipe_has_no_limit() {
        assert_eq!(width_from(Some("60"), false), Some(60));
        assert_eq!(width_from(Some("60"), true), Some(60));
        assert_eq!(width_from(None, false), None);
        assert_eq!(width_from(Some("x"), false), None);
        assert_eq!(width_from(Some("0"), false), None);
    }

    #[test]
    fn headers_carry_units_and_cells_fit_the_width() {
        let cols = [
            Column::new(
                "payload_bytes",
                Type::UInt,
                Unit::Bytes,
                |r: &(u64, f64)| r.0.into(),
            ),
            Column::new(
                "duration_s",
                Type::Float,
                Unit::Seconds,
                |r: &(u64, f64)| r.1.into(),
            ),
        ];
        let f = Flat::of(&cols, [(1_500_000u64, 2.0f64)]);
        let cells = f.rows.iter().map(|r| {
            r.iter()
                .zip(&f.columns)
                .map(|(v, c)| cell(v, c))
                .collect::<Vec<_>>()
        });
        let t = render_cells(&f.columns, cells, 2, None);
        assert_eq!(
            t,
            "   payload | duration (s)\n  ---------+--------------\n   1.5 MB  | 2.000\n"
        );
        let wide = Flat::of(
            &[Column::new(
                "detail",
                Type::Text,
                Unit::None,
                |r: &String| r.clone().into(),
            )],
            ["a long detail text that wraps over several lines".to_string()],
        );
        let t = render_cells(
            &wide.columns,
            wide.rows.iter().map(|r| vec![r[0].to_human(Unit::None)]),
            0,
            Some(24),
        );
        assert!(t.lines().all(|l| l.chars().count() <= 24), "{t}");
    }
}
