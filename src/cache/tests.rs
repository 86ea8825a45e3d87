//! Unit tests of the cache: keys, headers, recognition of entries, damaged entries.

use super::entry::*;
use super::key::*;
use super::store::*;
use super::*;
use std::path::Path;

fn key_for(capture: &Path) -> Key {
    Key::of(&Source::open(capture).unwrap(), Backend::Tshark).unwrap()
}

/// A minimal pcap file (header only) with `extra` bytes after it.
fn pcap(path: &Path, extra: &[u8]) {
    let mut d = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
    d.extend_from_slice(&[0; 8]);
    d.extend_from_slice(&65535u32.to_le_bytes());
    d.extend_from_slice(&1u32.to_le_bytes());
    d.extend_from_slice(extra);
    std::fs::write(path, d).unwrap();
}

#[test]
fn key_changes_with_mtime_backend_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.pcap");
    pcap(&f, &[1; 200_000]);
    let k1 = key_for(&f);
    assert_eq!(k1, key_for(&f));
    let native = Key::of(&Source::open(&f).unwrap(), Backend::Native).unwrap();
    assert_ne!(k1.file_name(), native.file_name());
    // same size and mtime, other content at the end: same name, other ends hash
    let mtime = std::fs::metadata(&f).unwrap().modified().unwrap();
    let mut d = std::fs::read(&f).unwrap();
    *d.last_mut().unwrap() = 2;
    std::fs::write(&f, &d).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&f)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let k2 = key_for(&f);
    assert_eq!(k1.file_name(), k2.file_name());
    assert_ne!(k1.ends_sha256, k2.ends_sha256);
    let t = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&f)
        .unwrap()
        .set_modified(t)
        .unwrap();
    assert_ne!(k1.file_name(), key_for(&f).file_name());
}

#[test]
fn header_round_trips_and_keeps_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.pcap");
    pcap(&f, b"");
    let mut h = Header {
        body: 0,
        crc32: 0,
        packets: 0,
        created: 0,
        key: key_for(&f),
    };
    let placeholder = h.line();
    h.body = 123_456_789;
    h.crc32 = 0xdeadbeef;
    h.packets = u64::MAX;
    h.created = 1_700_000_000;
    assert_eq!(h.line().len(), placeholder.len());
    assert_eq!(Header::parse(&h.line()), Ok(h));
}

#[test]
fn only_our_entries_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("c.pcap");
    pcap(&capture, b"");
    let key = key_for(&capture);
    let cache = Cache::new(dir.path().to_path_buf());
    let name = "a.pcap-native-0123456789abcdef0123456789abcdef.csv";
    let path = dir.path().join(name);
    for n in [0, 3] {
        let mut w = cache.writer(&path, &key).unwrap();
        for _ in 0..n {
            w.push(&crate::model::Packet::default()).unwrap();
        }
        w.commit(u64::MAX).unwrap();
        assert!(is_entry(&path), "{n} packets");
        assert!(Cache::open_valid(&path, &key).unwrap().is_some());
    }
    let text = std::fs::read_to_string(&path).unwrap();
    // the same content under another name is not ours
    let other = dir.path().join("a.csv");
    std::fs::write(&other, &text).unwrap();
    assert!(!is_entry(&other));
    // a user's CSV renamed like an entry is not ours
    let csv: String = text.lines().skip(1).collect::<Vec<_>>()[..4].join("\n") + "\n";
    std::fs::write(&path, &csv).unwrap();
    assert!(!is_entry(&path));
    // an entry of format 1 (CSV header, rows, trailer) is ours
    std::fs::write(
        &path,
        text.lines().skip(1).collect::<Vec<_>>().join("\n") + "\n",
    )
    .unwrap();
    assert!(is_entry(&path));
    assert!(Cache::open_valid(&path, &key).is_err());
    for bad in [
        "a.pcap-native-0123456789abcdef0123456789abcde.csv",
        "a.pcap-native-0123456789ABCDEF0123456789abcdef.csv",
        "a.pcap-other-0123456789abcdef0123456789abcdef.csv",
        "a.pcap-native-0123456789abcdef0123456789abcdef.txt",
    ] {
        assert!(!is_entry_name(bad), "{bad}");
    }
    assert!(is_entry_name(name));
    #[cfg(unix)]
    {
        std::fs::write(&path, &text).unwrap();
        let link = dir
            .path()
            .join("b-native-0123456789abcdef0123456789abcdef.csv");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(is_entry(&path));
        assert!(!is_entry(&link), "a symbolic link is not followed");
        assert!(Cache::open_valid(&link, &key).is_err());
    }
}

#[test]
fn damaged_entries_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("c.pcap");
    pcap(&capture, b"");
    let key = key_for(&capture);
    let cache = Cache::new(dir.path().to_path_buf());
    let path = dir.path().join("e.csv");
    let mut w = cache.writer(&path, &key).unwrap();
    w.push(&crate::model::Packet::default()).unwrap();
    w.push(&crate::model::Packet::default()).unwrap();
    w.commit(u64::MAX).unwrap();
    let good = std::fs::read(&path).unwrap();
    assert!(Cache::open_valid(&path, &key).unwrap().is_some());
    let check = |bytes: &[u8], why: &str| {
        std::fs::write(&path, bytes).unwrap();
        let e = Cache::open_valid(&path, &key).unwrap_err();
        assert!(e.contains(why), "{e}");
    };
    check(&good[..good.len() - 3], "truncated");
    let mut flipped = good.clone();
    let at = flipped.len() - 40;
    flipped[at] ^= 1;
    check(&flipped, "checksum");
    let mut other = key.clone();
    other.capture = PathBuf::from("/elsewhere/x.pcap");
    let e = Cache::open_valid(&path, &other);
    assert!(e.unwrap_err().contains("another capture"));
    assert!(cache.writer(&path, &key).unwrap().commit(10).is_err());
}
