//! The psql-style grid of [`super::table`], drawn directly for the common case: every cell and
//! header one line of printable ASCII (each character one column wide). tabled then draws
//! exactly this (the tests below compare both on generated tables); for anything else (a
//! wrapped cell, a non-ASCII character, whose width tabled measures) the table goes to tabled.
//! The direct path costs a fraction of tabled's: `list mptcp` renders one small table per
//! connection (9,200 on the benchmark corpus), where tabled's grid set-up dominated the
//! instructions of the whole command (docs/performance.md, "`list`: a summaries-only
//! analysis and the tables drawn directly").

/// The lines of the psql grid of `headers` over `rows`, each with `pad` before it, trailing
/// spaces removed and a newline after, appended to `out`; false (nothing written) unless
/// every cell is printable ASCII on one line and every row has a cell per header.
pub(super) fn draw(headers: &[String], rows: &[Vec<String>], pad: &str, out: &mut String) -> bool {
    let plain = |s: &String| s.bytes().all(|b| (0x20..0x7f).contains(&b));
    let n = headers.len();
    if n == 0
        || !headers.iter().all(plain)
        || !rows.iter().all(|r| r.len() == n && r.iter().all(plain))
    {
        return false;
    }
    let mut widths: Vec<usize> = headers.iter().map(String::len).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.len());
        }
    }
    line(headers, &widths, pad, out);
    out.push_str(pad);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            out.push('+');
        }
        repeat(out, DASHES, w + 2);
    }
    out.push('\n');
    for r in rows {
        line(r, &widths, pad, out);
    }
    true
}

/// One row: ` cell ` padded to its column's width, columns joined by `|`, trailing spaces
/// removed.
pub(super) fn line<S: AsRef<str>>(
    cells: impl IntoIterator<Item = S>,
    widths: &[usize],
    pad: &str,
    out: &mut String,
) {
    out.push_str(pad);
    let start = out.len();
    for (i, (c, w)) in cells.into_iter().zip(widths).enumerate() {
        let c = c.as_ref();
        if i > 0 {
            out.push('|');
        }
        out.push(' ');
        out.push_str(c);
        repeat(out, SPACES, w - c.len() + 1);
    }
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
    out.push('\n');
}

const SPACES: &str = "                                                                ";
const DASHES: &str = "----------------------------------------------------------------";

/// `n` characters of `run` (64 of one character) appended to `out`.
fn repeat(out: &mut String, run: &str, mut n: usize) {
    while n > 0 {
        let k = n.min(run.len());
        out.push_str(&run[..k]);
        n -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::render_grid_tabled;
    use super::*;

    /// tabled's table of `headers` and `rows`, as `render_grid` printed it before the direct path.
    fn tabled(headers: &[String], rows: &[Vec<String>], indent: usize) -> String {
        render_grid_tabled(headers, rows, indent)
    }

    fn direct(headers: &[String], rows: &[Vec<String>], indent: usize) -> Option<String> {
        let mut out = String::new();
        draw(headers, rows, &" ".repeat(indent), &mut out).then_some(out)
    }

    /// A small deterministic generator (xorshift), so that the tables are the same every run.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A cell of 0 to 11 printable ASCII characters, spaces (leading, trailing, several)
        /// and `|`, `-`, `+` included.
        fn cell(&mut self) -> String {
            let len = (self.next() % 12) as usize;
            (0..len)
                .map(|_| match self.next() % 8 {
                    0 => ' ',
                    1 => ['|', '-', '+', ':', '.'][(self.next() % 5) as usize],
                    _ => (0x20 + (self.next() % 95) as u8) as char,
                })
                .collect()
        }
    }

    #[test]
    fn the_direct_grid_is_tabled_s_on_generated_tables() {
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        for case in 0..2000 {
            let cols = 1 + (g.next() % 6) as usize;
            let nrows = (g.next() % 5) as usize;
            let headers: Vec<String> = (0..cols).map(|_| g.cell()).collect();
            let rows: Vec<Vec<String>> = (0..nrows)
                .map(|_| (0..cols).map(|_| g.cell()).collect())
                .collect();
            let indent = (case % 3) as usize * 2;
            assert_eq!(
                direct(&headers, &rows, indent).as_deref(),
                Some(tabled(&headers, &rows, indent).as_str()),
                "headers {headers:?} rows {rows:?}"
            );
        }
    }

    #[test]
    fn the_direct_grid_of_a_list_table_is_tabled_s() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let headers = s(&[
            "tcp stream",
            "client",
            "server",
            "master",
            "backup",
            "opened by",
        ]);
        let rows = vec![
            s(&["0", "10.0.0.1:40000", "10.0.0.2:5201", "yes", "", "client"]),
            s(&["12", "[fd00::1]:40001", "10.0.0.2:5201", "", "yes", ""]),
        ];
        let want = tabled(&headers, &rows, 2);
        // columns wider than the 64-character runs of spaces and dashes
        let long = vec![s(&["id", &"x".repeat(150)]), s(&["", "y"])];
        let long_t = tabled(&s(&["a", "b"]), &long, 0);
        assert_eq!(
            direct(&s(&["a", "b"]), &long, 0).as_deref(),
            Some(long_t.as_str())
        );
        assert_eq!(direct(&headers, &rows, 2).as_deref(), Some(want.as_str()));
        // what it looks like (psql: no outer border, `|` between columns)
        assert!(
            want.starts_with("   tcp stream | client          | server"),
            "{want}"
        );
    }

    #[test]
    fn other_cells_are_left_to_tabled() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        for odd in ["two\nlines", "tab\there", "é", "\u{7f}"] {
            assert_eq!(direct(&s(&["a", "b"]), &[s(&["x", odd])], 0), None);
            assert_eq!(direct(&s(&["a", odd]), &[], 0), None);
        }
        // a row shorter than the headers, and no column at all
        assert_eq!(direct(&s(&["a", "b"]), &[s(&["x"])], 0), None);
        assert_eq!(direct(&[], &[], 0), None);
    }
}
