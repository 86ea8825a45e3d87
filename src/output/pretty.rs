//! Pretty-printed JSON, byte for byte what `serde_json`'s `PrettyFormatter` writes (two
//! spaces a level), with each line's indentation written at once rather than a write per
//! level: the streamed `stats -f json` writes a connection's object into a buffer with it
//! (nested six levels deep, most of its writes were indentation).

use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Spaces for the indentation of the deepest levels at once (deeper: several writes).
const SPACES: &[u8; 64] = b"                                                                ";

/// [`serde_json::ser::PrettyFormatter::new`]'s output, the indentation in one write.
#[derive(Debug, Clone, Default)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    pub fn new() -> Self {
        Self::default()
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, b: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, b: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl Formatter for Pretty {
    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn both<T: Serialize>(v: &T) -> (String, String) {
        let ours = {
            let mut out = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::new());
            v.serialize(&mut ser).unwrap();
            String::from_utf8(out).unwrap()
        };
        (ours, serde_json::to_string_pretty(v).unwrap())
    }

    /// Empty and nested arrays and objects, deeper than [`SPACES`] holds: the bytes of
    /// serde_json's pretty printer.
    #[test]
    fn writes_what_serde_json_pretty_writes() {
        let mut deep = serde_json::json!({"leaf": [1, {"x": null}], "e": {}, "a": []});
        for i in 0..40 {
            let mut m = serde_json::Map::new();
            m.insert(format!("k{i}"), serde_json::json!([deep, i, [], {}]));
            m.insert("s".into(), serde_json::json!("a\"b"));
            deep = serde_json::Value::Object(m);
        }
        for v in [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([[], [[]], {"a": {}}]),
            deep,
        ] {
            let (ours, theirs) = both(&v);
            assert_eq!(ours, theirs);
        }
        // the depth passed 32 levels (64 spaces): the indentation took several writes
        let mut nested = serde_json::json!(1);
        for _ in 0..34 {
            nested = serde_json::json!([nested]);
        }
        let (ours, theirs) = both(&nested);
        assert_eq!(ours, theirs);
        assert!(ours.contains(&format!("\n{}1\n", " ".repeat(2 * 34))));
    }
}
