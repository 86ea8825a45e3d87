//! Unit tests of the pcap / pcapng reader.

use super::*;

/// Ten bytes, then an error (as a gzip decoder gives after inflating the last block).
struct ThenFails(usize, std::io::ErrorKind);
impl Read for ThenFails {
    fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
        if self.0 == 0 {
            return Err(std::io::Error::new(self.1, "bad checksum"));
        }
        let n = b.len().min(self.0);
        self.0 -= n;
        Ok(n)
    }
}

#[test]
fn an_error_after_data_comes_back_on_the_next_read() {
    let mut r = FillReader::new(ThenFails(10, std::io::ErrorKind::Other));
    let mut buf = [0u8; 100];
    assert_eq!(r.read(&mut buf).unwrap(), 10);
    let e = r.read(&mut buf).unwrap_err();
    assert_eq!(e.to_string(), "bad checksum");
    assert!(r.seen.borrow().is_some());
}

#[test]
fn read_errors_say_what_they_mean() {
    let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
    assert!(matches!(read_stop(Some(eof)), Stop::Truncated));
    let bad = std::io::Error::new(std::io::ErrorKind::InvalidData, Damaged("crc".into()));
    assert!(matches!(read_stop(Some(bad)), Stop::Damaged(m) if m == "crc"));
    let io = std::io::Error::other("disk on fire");
    assert!(matches!(read_stop(Some(io)), Stop::Io(m) if m == "disk on fire"));
}
