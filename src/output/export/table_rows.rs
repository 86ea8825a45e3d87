//! A table whose rows come one at a time (`stats mptcp`'s summary written as the connections
//! finish, issue 14 item 9): each row's cells are kept as text, packed, and the table is
//! written at the end, byte for byte [`super::table::render_cells`] of the same cells.
//!
//! A table that is not wrapped (no width: a pipe or a file, no `COLUMNS`) and whose headers
//! and cells are printable ASCII is written line by line from the packed cells (tabled's
//! `psql` style: left-aligned, one space each side of a cell, `|` between, `-` and `+` under
//! the headers, trailing spaces cut). Any other table is made by tabled from the cells.

use super::table::{render_cells, width};
use crate::output::columns::ColumnInfo;
use std::io::Write;

/// The rows of a table so far.
pub struct TableRows {
    columns: Vec<ColumnInfo>,
    store: Store,
}

enum Store {
    /// Printable ASCII cells, each followed by `\n` (which no such cell holds), and the width
    /// of each column so far (its header's at least).
    Packed { text: String, widths: Vec<usize> },
    /// Cells of any other text, one `Vec` per row.
    Cells(Vec<Vec<String>>),
}

/// Printable ASCII: one byte is one column of a terminal, no line break.
fn plain(s: &str) -> bool {
    s.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

impl TableRows {
    /// A table of `columns`, no row yet.
    pub fn new(columns: Vec<ColumnInfo>) -> Self {
        let headers: Vec<String> = columns.iter().map(ColumnInfo::table_header).collect();
        let store = if headers.iter().all(|h| plain(h)) {
            Store::Packed {
                text: String::new(),
                widths: headers.iter().map(String::len).collect(),
            }
        } else {
            Store::Cells(Vec::new())
        };
        TableRows { columns, store }
    }

    /// Add a row (as many cells as columns).
    pub fn push(&mut self, cells: Vec<String>) {
        if let Store::Packed { text, widths } = &mut self.store {
            if cells.len() == widths.len() && cells.iter().all(|c| plain(c)) {
                for (c, w) in cells.iter().zip(widths.iter_mut()) {
                    text.push_str(c);
                    text.push('\n');
                    *w = (*w).max(c.len());
                }
                return;
            }
            let rows = unpack(text, widths.len());
            self.store = Store::Cells(rows);
        }
        if let Store::Cells(rows) = &mut self.store {
            rows.push(cells);
        }
    }

    /// Write the table (with a trailing newline) to `out`.
    pub fn write(self, out: &mut dyn Write) -> std::io::Result<()> {
        self.write_width(out, width())
    }

    /// [`TableRows::write`] within `width` columns (None: not wrapped).
    fn write_width(self, out: &mut dyn Write, width: Option<usize>) -> std::io::Result<()> {
        match self.store {
            Store::Packed { text, widths } if width.is_none() => {
                let mut l = String::new();
                let headers = self.columns.iter().map(ColumnInfo::table_header);
                line(out, &widths, headers, &mut l)?;
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
                writeln!(out, "{}", rule.join("+"))?;
                let mut cells = text.split_terminator('\n');
                for _ in 0..rows_in(&text, &widths) {
                    line(out, &widths, cells.by_ref().take(widths.len()), &mut l)?;
                }
                Ok(())
            }
            Store::Packed { text, widths } => {
                let rows = unpack(&text, widths.len());
                out.write_all(render_cells(&self.columns, rows, 0, width).as_bytes())
            }
            Store::Cells(rows) => {
                out.write_all(render_cells(&self.columns, rows, 0, width).as_bytes())
            }
        }
    }
}

/// The number of rows packed in `text`.
fn rows_in(text: &str, widths: &[usize]) -> usize {
    let cells = text.bytes().filter(|b| *b == b'\n').count();
    cells.checked_div(widths.len()).unwrap_or(0)
}

/// The packed cells as rows of `n` cells.
fn unpack(text: &str, n: usize) -> Vec<Vec<String>> {
    let cells: Vec<String> = text.split_terminator('\n').map(str::to_string).collect();
    cells.chunks(n.max(1)).map(<[String]>::to_vec).collect()
}

/// One line of the table: the psql line of [`super::psql`] (cells padded to their column's
/// width, trailing spaces cut), made in `l` (reused from line to line) and written.
fn line<S: AsRef<str>>(
    out: &mut dyn Write,
    widths: &[usize],
    cells: impl Iterator<Item = S>,
    l: &mut String,
) -> std::io::Result<()> {
    l.clear();
    super::psql::line(cells, widths, "", l);
    out.write_all(l.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::{Column, Flat, Type, Unit};

    fn columns() -> Vec<ColumnInfo> {
        let a = Column::new("mptcp_stream", Type::UInt, Unit::None, |_: &u8| 0u64.into())
            .label("mptcp stream");
        let b = Column::new("data_bytes", Type::UInt, Unit::Bytes, |_: &u8| 0u64.into());
        let c = Column::new("x", Type::Text, Unit::None, |_: &u8| "".into());
        Flat::of(&[a, b, c], Vec::<u8>::new()).columns
    }

    fn written(rows: &[Vec<&str>]) -> String {
        let mut t = TableRows::new(columns());
        for r in rows {
            t.push(r.iter().map(|c| c.to_string()).collect());
        }
        let mut out = Vec::new();
        t.write_width(&mut out, None).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn tabled(rows: &[Vec<&str>]) -> String {
        let cells = rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect());
        render_cells(&columns(), cells, 0, None)
    }

    /// The oracle is tabled's table of the same cells (`render_cells`), for tables without
    /// rows, with empty cells (trailing spaces cut), cells wider than their header and not,
    /// and cells that are not printable ASCII (made by tabled then).
    #[test]
    fn rows_written_as_they_came_are_the_table_of_tabled() {
        let cases: Vec<Vec<Vec<&str>>> = vec![
            vec![],
            vec![vec!["0", "1.2 kB", ""]],
            vec![
                vec!["0", "", "a much longer cell than its header"],
                vec!["12345678901234567", "3 B", "b"],
                vec!["", "", ""],
            ],
            vec![vec!["1", "é", "x"], vec!["2", "tab\there", "two\nlines"]],
        ];
        for rows in cases {
            assert_eq!(written(&rows), tabled(&rows), "{rows:?}");
        }
    }
}
