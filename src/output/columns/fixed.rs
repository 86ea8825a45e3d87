//! Floats with a fixed number of decimals (`format!("{v:.3}")`), the same bytes without core's
//! exact decimal expansion for the usual values: a table of 9,000 connections formats ~60,000
//! floats, and core's exact formatting (Grisu with a Dragon fallback) took ~650 instructions
//! each.

use std::fmt::Write as _;

/// Powers of ten that are exact in an `f64`, by number of decimals.
const SCALE: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// Beyond this, `|v| * 10^decimals` is formatted by core (2^40: the product's rounding error,
/// at most half an ulp, stays below 2^-13, well inside [`TIE`]).
const LIMIT: f64 = (1u64 << 40) as f64;

/// How close to a tie (a fraction of .5) core decides instead: the rounded product could fall
/// on either side of it.
const TIE: f64 = 1e-3;

/// Append `v` with `decimals` decimals to `out`: exactly what `write!(out, "{v:.decimals$}")`
/// appends, sign of a negative zero included.
pub fn push_fixed(out: &mut String, v: f64, decimals: usize) {
    if let Some(&scale) = SCALE.get(decimals) {
        let x = v.abs() * scale;
        if x < LIMIT {
            let whole = x.floor();
            let frac = x - whole;
            if (frac - 0.5).abs() > TIE {
                let n = whole as u64 + u64::from(frac > 0.5);
                push_digits(out, n, decimals, v.is_sign_negative());
                return;
            }
        }
    }
    let _ = write!(out, "{v:.decimals$}");
}

/// Append `n / 10^decimals` with `decimals` decimals (`n` < 2^41: at most 13 digits, and
/// `decimals` at most 9).
fn push_digits(out: &mut String, n: u64, decimals: usize, negative: bool) {
    let mut buf = [0u8; 32];
    let mut i = buf.len();
    let mut m = n;
    let mut written = 0;
    loop {
        if written == decimals && decimals > 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        written += 1;
        if m == 0 && written > decimals {
            break;
        }
    }
    if negative {
        i -= 1;
        buf[i] = b'-';
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// [`push_fixed`] into a new string.
pub fn fixed(v: f64, decimals: usize) -> String {
    let mut s = String::with_capacity(24);
    push_fixed(&mut s, v, decimals);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(v: f64, d: usize) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            fixed(v, d),
            format!("{v:.d$}"),
            "{:e} with {} decimals",
            v,
            d
        );
        Ok(())
    }

    #[test]
    fn special_values_as_core_writes_them() {
        for d in 0..12 {
            for v in [
                0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 0.35, -0.0001, 1e-300,
            ]
            .into_iter()
            .chain([
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::MAX,
                f64::MIN_POSITIVE,
            ])
            .chain([999.9999, 1e12, 123456.789, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0])
            {
                same(v, d).unwrap();
            }
        }
    }

    proptest! {
        #[test]
        fn any_float_as_core_writes_it(v in any::<f64>(), d in 0usize..11) {
            same(v, d)?;
        }

        #[test]
        fn usual_magnitudes_as_core_writes_them(m in -1e7f64..1e7, e in -9i32..6, d in 0usize..10) {
            same(m * 10f64.powi(e), d)?;
        }

        /// Next to a tie of each precision: `k + 1/2` units of the last decimal, and a few
        /// ulps on either side.
        #[test]
        fn next_to_ties_as_core_writes_them(k in 0u64..10_000_000, d in 0usize..10, ulps in -3i64..4) {
            let v = (k as f64 + 0.5) / SCALE[d];
            let bits = v.to_bits() as i64 + ulps;
            same(f64::from_bits(bits as u64), d)?;
            same(-f64::from_bits(bits as u64), d)?;
        }
    }
}
