//! Unit tests of the per-frame dissection: link layers, IP options and extension headers, snaplen.

use super::super::synth;
use super::*;

const A: [u8; 4] = [10, 0, 0, 1];
const B: [u8; 4] = [10, 0, 0, 2];

fn seg() -> Vec<u8> {
    // MSS, NOP, MPTCP DSS with a 4-byte data ACK, 100 bytes of payload
    synth::tcp(
        1234,
        80,
        7,
        9,
        0x018,
        &[2, 4, 5, 0xb4, 1, 30, 8, 0x20, 0x01, 0, 0, 0, 42],
        100,
    )
}

fn check(p: &Packet) {
    assert_eq!(
        (p.src_port, p.dst_port, p.seq_raw, p.ack_raw),
        (1234, 80, 7, 9)
    );
    assert_eq!((p.tcp_flags, p.payload_len, p.window), (0x018, 100, 65535));
    assert_eq!(p.tcp_options, vec![2, 1, 30, 0, 0, 0]);
    assert_eq!(
        (p.mptcp_subtypes.to_vec(), p.data_ack_raw),
        (vec![2], Some(42))
    );
}

fn v4() -> Vec<u8> {
    synth::ipv4(A, B, &[], &seg())
}

#[test]
fn ethernet_and_vlans() {
    let p = dissect_frame_test(linktype::ETHERNET, &synth::ethernet(0x0800, &[], &v4()));
    check(&p);
    assert_eq!(
        (p.ip_version, p.src_ip),
        (4, Some("10.0.0.1".parse().unwrap()))
    );
    let f = synth::ethernet(0x0800, &[(0x8100, 5)], &v4());
    check(&dissect_frame_test(linktype::ETHERNET, &f));
    let f = synth::ethernet(0x0800, &[(0x88a8, 5), (0x8100, 7)], &v4());
    check(&dissect_frame_test(linktype::ETHERNET, &f));
    // ARP is not TCP
    let f = synth::ethernet(0x0806, &[], &[0; 28]);
    assert!(super::super::dissect_frame(linktype::ETHERNET, &f).is_none());
}

fn dissect_frame_test(lt: u32, f: &[u8]) -> Packet {
    super::super::dissect_frame(lt, f).expect("a TCP packet")
}

#[test]
fn cooked_raw_and_loopback() {
    check(&dissect_frame_test(
        linktype::LINUX_SLL,
        &synth::sll(0x0800, &v4()),
    ));
    check(&dissect_frame_test(
        linktype::LINUX_SLL2,
        &synth::sll2(0x0800, &v4()),
    ));
    for lt in [
        linktype::RAW,
        linktype::DLT_RAW_12,
        linktype::DLT_RAW_14,
        linktype::IPV4,
    ] {
        check(&dissect_frame_test(lt, &v4()));
    }
    check(&dissect_frame_test(
        linktype::NULL,
        &synth::null(2, false, &v4()),
    ));
    check(&dissect_frame_test(
        linktype::NULL,
        &synth::null(2, true, &v4()),
    ));
    check(&dissect_frame_test(
        linktype::LOOP,
        &synth::null(2, true, &v4()),
    ));
    let v6 = synth::ipv6([1; 16], [2; 16], &[], &seg());
    check(&dissect_frame_test(
        linktype::NULL,
        &synth::null(30, false, &v6),
    ));
    check(&dissect_frame_test(
        linktype::NULL,
        &synth::null(24, true, &v6),
    ));
    check(&dissect_frame_test(linktype::IPV6, &v6));
    check(&dissect_frame_test(linktype::RAW, &v6));
    assert!(super::super::dissect_frame(linktype::IPV6, &v4()).is_none());
    assert!(super::super::dissect_frame(9999, &v4()).is_none());
}

#[test]
fn ipv4_options_and_ipv6_extension_headers() {
    let f = synth::ipv4(A, B, &[1, 1, 1, 0, 7, 7, 7, 7], &seg());
    check(&dissect_frame_test(linktype::RAW, &f));
    let ext = vec![
        (0u8, vec![1, 4, 0, 0, 0, 0]),  // hop-by-hop (PadN)
        (43u8, vec![0, 0, 0, 0, 0, 0]), // routing
        (44u8, vec![0, 0, 0, 0, 0, 0]), // atomic fragment
        (60u8, vec![1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), // dest opts, 16 bytes
    ];
    let f = synth::ipv6([1; 16], [2; 16], &ext, &seg());
    let p = dissect_frame_test(linktype::RAW, &f);
    check(&p);
    assert_eq!(p.ip_version, 6);
    // a real fragment is skipped
    let ext = vec![(44u8, vec![0, 1, 0, 0, 0, 0])];
    let f = synth::ipv6([1; 16], [2; 16], &ext, &seg());
    assert!(super::super::dissect_frame(linktype::RAW, &f).is_none());
}

#[test]
fn snaplen_truncated_frames_are_kept() {
    let f = synth::ethernet(0x0800, &[], &v4());
    // cut inside the payload: everything from the headers
    let p = dissect_frame_test(linktype::ETHERNET, &f[..14 + 20 + 40]);
    check(&p);
    // cut inside the TCP options: fixed header and the options that fit
    let mut w = Warnings::default();
    let p = super::super::dissect_frame_with(linktype::ETHERNET, &f[..14 + 20 + 26], &mut w)
        .expect("TCP");
    assert_eq!((p.payload_len, p.seq_raw), (100, 7));
    assert_eq!(p.tcp_options, vec![2, 1]);
    assert_eq!(w.count, 1);
    // cut inside the fixed TCP header: not dissected, reported
    let mut w = Warnings::default();
    assert!(
        super::super::dissect_frame_with(linktype::ETHERNET, &f[..14 + 20 + 10], &mut w).is_none()
    );
    assert_eq!(w.count, 1);
}

proptest::proptest! {
    #[test]
    fn frame_dissector_never_panics(
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
        lt in proptest::sample::select(vec![0u32, 1, 12, 14, 101, 108, 113, 228, 229, 276, 7]),
    ) {
        let _ = super::super::dissect_frame(lt, &bytes);
    }

    #[test]
    fn mutated_frames_never_panic(pos in 0usize..200, val in proptest::num::u8::ANY, cut in 0usize..200) {
        let mut f = synth::ethernet(0x0800, &[], &v4());
        if let Some(b) = f.get_mut(pos) {
            *b = val;
        }
        f.truncate(cut);
        let _ = super::super::dissect_frame(linktype::ETHERNET, &f);
    }
}
