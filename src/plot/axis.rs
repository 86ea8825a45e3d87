//! Axis ranges and tick label formatting.

/// How the tick labels of one axis are written: a common scale (with its SI suffix) and a fixed
/// number of decimals, chosen from the tick step so that neighbouring labels always differ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TickFormat {
    scale: f64,
    suffix: &'static str,
    decimals: usize,
    /// Subtracted from every value before it is written (see [`TickFormat::offset_text`]).
    offset: f64,
    /// Decimals of the offset when it is written.
    offset_decimals: usize,
}

const MAX_DECIMALS: usize = 9;

/// The step between ticks that plotters chooses for `range` and at most `max_ticks` ticks:
/// the smallest of 1, 2 or 5 times a power of ten that yields no more than `max_ticks` ticks.
pub fn tick_step(range: (f64, f64), max_ticks: usize) -> f64 {
    let width = (range.1 - range.0).abs();
    if !(width.is_finite() && width > 0.0) {
        return 1.0;
    }
    let max_ticks = max_ticks.max(2) as f64;
    let mut decade = 10f64.powf(width.log10().floor() - 1.0);
    loop {
        for m in [1.0, 2.0, 5.0] {
            let step = m * decade;
            if (width / step).floor() + 1.0 <= max_ticks {
                return step;
            }
        }
        decade *= 10.0;
    }
}

fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    // Steps are 1, 2 or 5 times 10^k: k < 0 needs -k decimals. The small epsilon keeps
    // 0.1 (stored as 0.1000000000000000055) from being taken for 10^-2.
    let k = (step.log10() + 1e-9).floor();
    if k >= 0.0 {
        0
    } else {
        ((-k) as usize).min(MAX_DECIMALS)
    }
}

/// The offset subtracted from the tick values of an axis over `range`, when the range is narrow
/// for its values (they share their first digits: `ts_val` from 3016821000 to 3016821900 would
/// read `3.0168210G`, `3.0168212G`): the range's start rounded down to a power of ten at least
/// as wide as the range, so that the labels keep at most four significant digits. None when the
/// values are short enough as they are (below 10 000, or a range wider than a thousandth of
/// their magnitude).
fn offset_for(range: (f64, f64)) -> Option<(f64, usize)> {
    let (lo, hi) = if range.0 <= range.1 {
        range
    } else {
        (range.1, range.0)
    };
    let width = hi - lo;
    let magnitude = lo.abs().max(hi.abs());
    if !(width > 0.0 && width.is_finite() && magnitude >= 1e4 && magnitude / width >= 1e3) {
        return None;
    }
    let k = width.log10().ceil();
    let unit = 10f64.powf(k);
    let offset = (lo / unit).floor() * unit;
    let decimals = if k < 0.0 { (-k) as usize } else { 0 };
    (offset != 0.0).then_some((offset, decimals.min(MAX_DECIMALS)))
}

impl TickFormat {
    /// Plain numbers (used for time in seconds).
    pub fn plain(range: (f64, f64), max_ticks: usize) -> Self {
        TickFormat {
            scale: 1.0,
            suffix: "",
            decimals: decimals_for(tick_step(range, max_ticks)),
            offset: 0.0,
            offset_decimals: 0,
        }
    }

    /// Numbers with an SI suffix (k, M, G, T) once they reach 10 000, so that sequence numbers
    /// up to 1e10 and beyond stay short: `3.4G`, `120M`, `9500`. A range narrow for its values
    /// is written relative to an offset instead (`0`, `200`, ... under "ts_val − 3016821000"),
    /// so that no label needs more than four significant digits.
    pub fn si(range: (f64, f64), max_ticks: usize) -> Self {
        if let Some((offset, offset_decimals)) = offset_for(range) {
            return TickFormat {
                offset,
                offset_decimals,
                ..Self::si((range.0 - offset, range.1 - offset), max_ticks)
            };
        }
        let magnitude = range.0.abs().max(range.1.abs());
        let (scale, suffix) = if !magnitude.is_finite() || magnitude < 1e4 {
            (1.0, "")
        } else if magnitude < 1e6 {
            (1e3, "k")
        } else if magnitude < 1e9 {
            (1e6, "M")
        } else if magnitude < 1e12 {
            (1e9, "G")
        } else {
            (1e12, "T")
        };
        TickFormat {
            scale,
            suffix,
            decimals: decimals_for(tick_step(range, max_ticks) / scale),
            offset: 0.0,
            offset_decimals: 0,
        }
    }

    /// [`TickFormat::si`] for integer values: never a decimal below the unit.
    pub fn si_integer(range: (f64, f64), max_ticks: usize) -> Self {
        let mut f = TickFormat::si(range, max_ticks);
        if f.scale == 1.0 {
            f.decimals = 0;
        }
        f
    }

    /// The offset subtracted from the values, as written in the axis label (`− 3016821000`,
    /// `+ 5000` for a negative one); None without offset.
    pub fn offset_text(&self) -> Option<String> {
        if self.offset == 0.0 {
            return None;
        }
        let sign = if self.offset > 0.0 { '\u{2212}' } else { '+' };
        Some(format!(
            "{sign} {:.*}",
            self.offset_decimals,
            self.offset.abs()
        ))
    }

    /// The axis description `label`, with the offset when there is one.
    pub fn describe(&self, label: &str) -> String {
        match self.offset_text() {
            Some(o) if !label.is_empty() => format!("{label} {o}"),
            _ => label.to_string(),
        }
    }

    pub fn format(&self, v: f64) -> String {
        let scaled = (v - self.offset) / self.scale;
        // Zero is written "0" whatever the scale (and never "-0").
        let half_ulp = 0.5 * 10f64.powi(-(self.decimals as i32));
        if scaled.abs() < half_ulp {
            return "0".to_string();
        }
        format!("{:.*}{}", self.decimals, scaled, self.suffix)
    }
}

/// The number of ticks to ask for on an integer axis: at most `max_ticks`, and few enough that
/// the step is at least 1 (plotters would otherwise put ticks between integers).
pub fn integer_ticks(range: (f64, f64), max_ticks: usize) -> usize {
    let width = (range.1 - range.0).abs();
    if !(width.is_finite() && width > 0.0) {
        return max_ticks;
    }
    max_ticks.min(width.floor() as usize + 1).max(2)
}

/// The range to draw for data spanning `lo..=hi`: a margin of `pad` (fraction of the width) on
/// each side, never crossing zero when the data does not, and a unit-wide range around a single
/// value.
pub fn padded_range(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let width = hi - lo;
    if width <= 0.0 || !width.is_finite() {
        let half = (lo.abs() * 0.05).max(0.5);
        let (a, b) = (lo - half, hi + half);
        return if lo >= 0.0 && a < 0.0 {
            (0.0, b.max(1.0))
        } else {
            (a, b)
        };
    }
    let mut a = lo - width * pad;
    let b = hi + width * pad;
    if lo >= 0.0 && a < 0.0 {
        a = 0.0;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_nice() {
        assert_eq!(tick_step((0.0, 10.0), 11), 1.0);
        assert_eq!(tick_step((0.0, 10.0), 6), 2.0);
        assert_eq!(tick_step((0.0, 10.0), 3), 5.0);
        assert_eq!(tick_step((0.0, 1.0), 11), 0.1);
        assert_eq!(tick_step((0.0, 3e9), 8), 5e8);
    }

    #[test]
    fn plain_format() {
        let f = TickFormat::plain((0.0, 10.0), 11);
        assert_eq!(f.format(3.0), "3");
        let f = TickFormat::plain((0.0, 1.0), 11);
        assert_eq!(f.format(0.3), "0.3");
        assert_eq!(f.format(-0.0), "0");
        let f = TickFormat::plain((0.0, 0.05), 6);
        assert_eq!(f.format(0.01), "0.01");
    }

    #[test]
    fn si_format_keeps_large_numbers_short() {
        let f = TickFormat::si((0.0, 9000.0), 8);
        assert_eq!(f.format(2000.0), "2000");
        let f = TickFormat::si((0.0, 3e9), 8);
        assert_eq!(f.format(1.5e9), "1.5G");
        assert_eq!(f.format(0.0), "0");
        let f = TickFormat::si((0.0, 2e10), 8);
        assert_eq!(f.format(1e10), "10G");
        let f = TickFormat::si((0.0, 500_000.0), 6);
        assert_eq!(f.format(100_000.0), "100k");
        // A narrow window on big numbers still distinguishes neighbouring ticks.
        let f = TickFormat::si((3.4e9, 3.42e9), 6);
        assert_eq!(f.format(3.405e9), "3.405G");
        assert_ne!(f.format(3.405e9), f.format(3.41e9));
        assert_eq!(f.offset_text(), None);
    }

    #[test]
    fn narrow_ranges_of_large_values_have_an_offset() {
        // ts_val over 900 ticks of its clock: 3.0168210G before
        let f = TickFormat::si((3_016_821_000.0, 3_016_821_900.0), 6);
        assert_eq!(f.offset_text().as_deref(), Some("\u{2212} 3016821000"));
        assert_eq!(f.describe("ts_val"), "ts_val \u{2212} 3016821000");
        assert_eq!(f.format(3_016_821_200.0), "200");
        assert_eq!(f.format(3_016_821_000.0), "0");
        // the offset is a round number below the range, whatever its start
        let f = TickFormat::si((3_016_821_350.0, 3_016_821_900.0), 6);
        assert_eq!(f.offset_text().as_deref(), Some("\u{2212} 3016821000"));
        assert_eq!(f.format(3_016_821_400.0), "400");
        let f = TickFormat::si((3.4e9, 3.4005e9), 6);
        assert_eq!(f.offset_text().as_deref(), Some("\u{2212} 3400000000"));
        assert_eq!(f.format(3.4001e9), "100k");
        assert_ne!(f.format(3.4001e9), f.format(3.4002e9));
        // negative values
        let f = TickFormat::si((-3_016_821_900.0, -3_016_821_000.0), 6);
        assert_eq!(f.offset_text().as_deref(), Some("+ 3016822000"));
        assert_eq!(f.format(-3_016_821_500.0), "500");
        // no offset for wide ranges or small values
        assert_eq!(TickFormat::si((0.0, 3e9), 6).offset_text(), None);
        assert_eq!(TickFormat::si((9000.0, 9001.0), 6).offset_text(), None);
    }

    #[test]
    fn integer_axes_have_integer_ticks() {
        // 0..3 with 10 ticks would step by 0.5: at most 4 ticks, step 1.
        assert_eq!(integer_ticks((0.0, 3.0), 10), 4);
        assert_eq!(tick_step((0.0, 3.0), integer_ticks((0.0, 3.0), 10)), 1.0);
        assert_eq!(integer_ticks((0.0, 1e6), 8), 8);
        let f = TickFormat::si_integer((0.0, 3.0), 4);
        assert_eq!(f.format(2.0), "2");
        // large values keep the SI decimals they need, relative to an offset when narrow
        let f = TickFormat::si_integer((3.4e9, 3.42e9), 6);
        assert_eq!(f.format(3.405e9), "3.405G");
        let f = TickFormat::si_integer((3.4e9, 3.4005e9), 6);
        assert_eq!(f.format(3.4001e9), "100k");
    }

    #[test]
    fn padded_ranges() {
        assert_eq!(padded_range(0.0, 10.0, 0.1), (0.0, 11.0));
        assert_eq!(padded_range(-10.0, 10.0, 0.1), (-12.0, 12.0));
        assert_eq!(padded_range(5.0, 5.0, 0.1), (4.5, 5.5));
        assert_eq!(padded_range(0.0, 0.0, 0.1), (0.0, 1.0));
        assert_eq!(padded_range(100.0, 100.0, 0.1), (95.0, 105.0));
    }
}
