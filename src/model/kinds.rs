//! [`Kinds`]: the TCP option kinds and MPTCP subtypes of a packet, inline; and their CSV
//! cell (`serialize`, `deserialize`, `parse`: as [`super::list`] writes and reads a list).

use serde::{de::Error, Deserialize, Deserializer, Serializer};

/// A short list of bytes kept inline, for the option kinds and MPTCP subtypes of a packet: the
/// TCP option space is 40 bytes, so a segment has at most 40 options (and fewer MPTCP ones).
/// Inline, a packet costs no allocation; it reads as a slice (`Deref<Target = [u8]>`).
#[derive(Clone, Copy)]
pub struct Kinds {
    len: u8,
    buf: [u8; Kinds::CAPACITY],
}

impl Kinds {
    /// The most a list holds (the TCP option space in bytes).
    pub const CAPACITY: usize = 40;

    pub const fn new() -> Self {
        Kinds {
            len: 0,
            buf: [0; Kinds::CAPACITY],
        }
    }

    /// Append `b`; false (the list unchanged) when it already holds [`Kinds::CAPACITY`] items,
    /// which 40 bytes of TCP options cannot exceed.
    pub fn push(&mut self, b: u8) -> bool {
        let Some(slot) = self.buf.get_mut(self.len as usize) else {
            return false;
        };
        *slot = b;
        self.len += 1;
        true
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }
}

impl Default for Kinds {
    fn default() -> Self {
        Kinds::new()
    }
}

// equality and hash of the items only (bytes past `len` may be stale after `clear`)
impl PartialEq for Kinds {
    fn eq(&self, other: &Kinds) -> bool {
        **self == **other
    }
}

impl Eq for Kinds {}

impl std::hash::Hash for Kinds {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (**self).hash(h)
    }
}

impl std::ops::Deref for Kinds {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

impl std::fmt::Debug for Kinds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Kinds {
    type Item = &'a u8;
    type IntoIter = std::slice::Iter<'a, u8>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl TryFrom<&[u8]> for Kinds {
    type Error = String;
    fn try_from(v: &[u8]) -> Result<Self, String> {
        let mut k = Kinds::new();
        for &b in v {
            if !k.push(b) {
                return Err(format!(
                    "a list of {} option kinds (a TCP header has room for at most {})",
                    v.len(),
                    Kinds::CAPACITY
                ));
            }
        }
        Ok(k)
    }
}

impl TryFrom<Vec<u8>> for Kinds {
    type Error = String;
    fn try_from(v: Vec<u8>) -> Result<Self, String> {
        Kinds::try_from(&v[..])
    }
}

impl PartialEq<Vec<u8>> for Kinds {
    fn eq(&self, other: &Vec<u8>) -> bool {
        **self == other[..]
    }
}

impl PartialEq<[u8]> for Kinds {
    fn eq(&self, other: &[u8]) -> bool {
        **self == *other
    }
}

pub fn serialize<S: Serializer>(v: &Kinds, s: S) -> Result<S::Ok, S::Error> {
    super::list::serialize(v, s)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Kinds, D::Error> {
    let s = String::deserialize(d)?;
    parse(&s).map_err(D::Error::custom)
}

/// Parse `"1;2;3"` like [`super::list::parse`], into at most [`Kinds::CAPACITY`] items.
pub fn parse(s: &str) -> Result<Kinds, String> {
    Kinds::try_from(super::list::parse::<u8>(s)?)
}
