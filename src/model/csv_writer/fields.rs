//! The fields of [`CsvWriter`] written in place, room made by the caller: integers eight
//! digits at a time, booleans, addresses, lists.

use super::{CsvWriter, IP_ROOM, NUMBER_ROOM, PACKET_ROOM};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};

impl<W: Write> CsvWriter<W> {
    /// `v` in decimal, as `Display` writes it: in parts of 8 digits (all inline: where `v`
    /// is a widened `u16` or `u32`, the compiler drops the branches it cannot take, and each
    /// column's branches are predicted on their own).
    #[inline(always)]
    pub(super) fn put_u64(&mut self, v: u64) {
        const E8: u64 = 100_000_000;
        if v < E8 {
            self.put_below_e8(v as u32);
            return;
        }
        let (high, low) = (v / E8, (v % E8) as u32);
        if high < E8 {
            self.put_below_e8(high as u32);
        } else {
            // at most 20 digits: 4, 8, 8
            self.put_below_e8((high / E8) as u32);
            self.put_8_digits((high % E8) as u32);
        }
        self.put_8_digits(low);
    }

    /// `v` < 10^8 without leading zeroes: one or two digits directly, else its 8 digits
    /// shifted past the leading zeroes.
    #[inline(always)]
    pub(super) fn put_below_e8(&mut self, v: u32) {
        if v < 10 {
            self.buf[self.pos] = b'0' + v as u8;
            self.pos += 1;
            return;
        }
        if v < 100 {
            let r = 2 * v as usize;
            self.buf[self.pos..self.pos + 2].copy_from_slice(&DIGITS2[r..r + 2]);
            self.pos += 2;
            return;
        }
        let d = digits8(v);
        // the leading zero digits are the low zero bytes (one digit at least: 0 is "0")
        let zeroes = (d.trailing_zeros() / 8).min(7) as usize;
        let ascii = (d + ASCII_ZEROES) >> (8 * zeroes);
        self.buf[self.pos..self.pos + 8].copy_from_slice(&ascii.to_le_bytes());
        self.pos += 8 - zeroes;
    }

    /// `v` < 10^8 as exactly 8 digits (leading zeroes: the lower part of a longer number).
    #[inline(always)]
    pub(super) fn put_8_digits(&mut self, v: u32) {
        let ascii = digits8(v) + ASCII_ZEROES;
        self.buf[self.pos..self.pos + 8].copy_from_slice(&ascii.to_le_bytes());
        self.pos += 8;
    }

    #[inline(always)]
    pub(super) fn put_i64(&mut self, v: i64) {
        if v < 0 {
            self.buf[self.pos] = b'-';
            self.pos += 1;
        }
        self.put_u64(v.unsigned_abs());
    }

    #[inline]
    pub(super) fn put_bool(&mut self, v: bool) {
        let b: &[u8] = if v { b"true" } else { b"false" };
        self.buf[self.pos..self.pos + b.len()].copy_from_slice(b);
        self.pos += b.len();
    }

    #[inline]
    pub(super) fn put_ip(&mut self, a: IpAddr) {
        match a {
            IpAddr::V4(a) => self.put_ipv4(a),
            IpAddr::V6(a) => {
                let mut room = &mut self.buf[self.pos..self.pos + IP_ROOM];
                write!(room, "{a}").expect("an IPv6 address fits in 45 bytes");
                let left = room.len();
                self.pos += IP_ROOM - left;
            }
        }
    }

    /// The four octets, each from [`OCTETS`] (its digits and a dot, stored as 4 bytes; the
    /// last one's dot is past the field's end, where the next field is written).
    #[inline]
    pub(super) fn put_ipv4(&mut self, a: Ipv4Addr) {
        for (k, o) in a.octets().into_iter().enumerate() {
            let (text, len) = OCTETS[o as usize];
            self.buf[self.pos..self.pos + 4].copy_from_slice(&text);
            self.pos += len as usize + usize::from(k < 3);
        }
    }

    /// The items `;`-separated (makes its own room, and keeps the room of a packet row's
    /// other fields after them).
    #[inline]
    pub(super) fn put_list<T: Copy + Into<u64>>(&mut self, items: &[T]) {
        if items.is_empty() {
            return;
        }
        self.room(items.len() * (NUMBER_ROOM + 1) + PACKET_ROOM);
        for (i, &x) in items.iter().enumerate() {
            if i > 0 {
                self.buf[self.pos] = b';';
                self.pos += 1;
            }
            self.put_u64(x.into());
        }
    }
}

/// `'0'` in each byte.
const ASCII_ZEROES: u64 = 0x3030_3030_3030_3030;

/// The 8 decimal digits of `v` < 10^8 (with leading zeroes), one per byte, the first in the
/// lowest byte (the order of the text once stored little-endian). All 8 at once in lanes of
/// one integer: the two halves of 4 digits in 32-bit lanes, split into pairs of digits in
/// 16-bit lanes (`/ 100` as `* 5243 >> 19`, exact below 43,699), then into digits in bytes
/// (`/ 10` as `* 103 >> 10`, exact below 179); no lane overflows into the next.
#[inline(always)]
fn digits8(v: u32) -> u64 {
    let v = u64::from(v);
    let fours = (v / 10_000) | ((v % 10_000) << 32);
    let hundreds = ((fours * 5243) >> 19) & 0x0000_007F_0000_007F;
    let pairs = hundreds | ((fours - hundreds * 100) << 16);
    let tens = ((pairs * 103) >> 10) & 0x000F_000F_000F_000F;
    tens | ((pairs - tens * 10) << 8)
}

/// Each octet's decimal digits followed by a dot, and the number of digits.
const OCTETS: [([u8; 4], u8); 256] = {
    let mut t = [([0u8; 4], 0u8); 256];
    let mut v = 0;
    while v < 256 {
        let (text, len) = match v {
            0..=9 => ([b'0' + v as u8, b'.', 0, 0], 1),
            10..=99 => ([b'0' + (v / 10) as u8, b'0' + (v % 10) as u8, b'.', 0], 2),
            _ => (
                [
                    b'0' + (v / 100) as u8,
                    b'0' + (v / 10 % 10) as u8,
                    b'0' + (v % 10) as u8,
                    b'.',
                ],
                3,
            ),
        };
        t[v] = (text, len);
        v += 1;
    }
    t
};

/// Two decimal digits of every number below 100.
const DIGITS2: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";
