#![no_main]
//! Feed arbitrary bytes to the native per-frame dissector. The first byte selects the link
//! type, the rest is the frame.

use libfuzzer_sys::fuzz_target;
use mptcpanalyzer::input::native::{dissect_frame_with, linktype, Warnings};

const LINKTYPES: &[u32] = &[
    linktype::NULL,
    linktype::ETHERNET,
    linktype::DLT_RAW_12,
    linktype::DLT_RAW_14,
    linktype::RAW,
    linktype::LOOP,
    linktype::LINUX_SLL,
    linktype::IPV4,
    linktype::IPV6,
    linktype::LINUX_SLL2,
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, frame)) = data.split_first() else {
        return;
    };
    let lt = LINKTYPES[sel as usize % LINKTYPES.len()];
    let mut w = Warnings::default();
    if let Some(p) = dissect_frame_with(lt, frame, &mut w) {
        // touch the result so the optimiser keeps the work
        assert!(p.tcp_options.len() <= frame.len());
    }
});
