//! The packet row: the fields of a [`Packet`] in the order of
//! [`crate::model::PACKET_COLUMNS`], in place in the row's room.

use super::{CsvWriter, PACKET_ROOM};
use crate::model::Packet;
use std::io::Write;
use std::net::IpAddr;

impl<W: Write> CsvWriter<W> {
    /// The fields of the [`Packet`] in the order of [`crate::model::PACKET_COLUMNS`], without
    /// ending the record: the CSV the serde serialisation of a packet gave, which the tests
    /// compare on arbitrary packets (their generator names every field, so a field added to
    /// `Packet` fails them until it is written here).
    pub fn packet(&mut self, p: &Packet) {
        if self.check_plain {
            self.packet_fields::<true>(p)
        } else {
            self.packet_fields::<false>(p)
        }
    }

    /// [`CsvWriter::packet`]: each field checked for quotes when `CHECK` (a delimiter that
    /// numbers or addresses may hold), lists when [`CsvWriter::check_lists`].
    #[inline(always)]
    fn packet_fields<const CHECK: bool>(&mut self, p: &Packet) {
        self.room(PACKET_ROOM + 1);
        if self.fields > 0 {
            self.delim();
        }
        self.fields += crate::model::PACKET_COLUMNS.len();
        // the first field without a delimiter before it, every other with one
        let mut f = Fields::<W, CHECK> { w: self };
        f.u64(p.frame);
        f.d().i64(p.abs_time_ns);
        f.d().i64(p.rel_time_ns);
        f.d().u64(p.interface.into());
        f.d().u64(p.ip_version.into());
        f.d().ip(p.src_ip);
        f.d().ip(p.dst_ip);
        f.d().u64(p.src_port.into());
        f.d().u64(p.dst_port.into());
        f.d().u64(p.tcp_stream);
        f.d().u64(p.tcp_flags.into());
        f.d().u64(p.seq_raw.into());
        f.d().u64(p.ack_raw.into());
        f.d().u64(p.payload_len.into());
        f.d().u64(p.window.into());
        f.d().list(&p.tcp_options[..]);
        f.d().opt(p.ts_val);
        f.d().opt(p.ts_ecr);
        f.d().opt(p.wscale);
        f.d().opt_i64(p.seq);
        f.d().opt_i64(p.ack);
        f.d().opt(p.rwnd);
        f.d().opt(p.mptcp_stream);
        f.d().list(&p.mptcp_subtypes[..]);
        f.d().opt(p.mptcp_version);
        f.d().opt(p.sender_key);
        f.d().opt(p.receiver_key);
        f.d().opt(p.receiver_token);
        f.d().opt(p.addr_id);
        f.d().opt_bool(p.backup);
        f.d().opt(p.dss_dsn_raw);
        f.d().opt_bool(p.dss_dsn8);
        f.d().opt(p.dss_ssn);
        f.d().opt(p.dss_length);
        f.d().opt(p.dss_checksum);
        f.d().opt(p.data_ack_raw);
        f.d().opt_bool(p.data_ack8);
        f.d().bool(p.data_fin);
        f.d().ip(p.add_addr_ip);
        f.d().opt(p.add_addr_port);
        f.d().opt_bool(p.add_addr_echo);
        f.d().list(&p.remove_addr_ids);
        f.d().opt(p.mp_fail_dsn);
        f.d().opt(p.tcprst_reason);
        f.d().opt(p.tcprst_flags);
        f.d().opt(p.expected_token);
        f.d().opt_i64(p.dsn);
        f.d().opt_i64(p.data_ack);
        f.d().opt(p.mapping_frame);
        f.d().list(&p.reinjection_of);
        f.d().list(&p.reinjected_in);
    }
}

/// The fields of one packet row written in place (the row's room made once): the delimiter
/// with [`Fields::d`], then one field.
struct Fields<'a, W: Write, const CHECK: bool> {
    w: &'a mut CsvWriter<W>,
}

impl<W: Write, const CHECK: bool> Fields<'_, W, CHECK> {
    #[inline(always)]
    fn d(&mut self) -> &mut Self {
        self.w.delim();
        self
    }

    /// Run `write` for the field, then quote it if the delimiter requires (only when `CHECK`).
    #[inline(always)]
    fn field(&mut self, write: impl FnOnce(&mut CsvWriter<W>)) {
        let start = self.w.pos;
        write(self.w);
        if CHECK {
            self.w.requote_from(start);
        }
    }

    #[inline(always)]
    fn u64(&mut self, v: u64) {
        self.field(|w| w.put_u64(v));
    }

    #[inline(always)]
    fn i64(&mut self, v: i64) {
        self.field(|w| w.put_i64(v));
    }

    #[inline(always)]
    fn bool(&mut self, v: bool) {
        self.field(|w| w.put_bool(v));
    }

    #[inline(always)]
    fn opt(&mut self, v: Option<impl Into<u64>>) {
        if let Some(v) = v {
            self.u64(v.into());
        }
    }

    #[inline(always)]
    fn opt_i64(&mut self, v: Option<i64>) {
        if let Some(v) = v {
            self.i64(v);
        }
    }

    #[inline(always)]
    fn opt_bool(&mut self, v: Option<bool>) {
        if let Some(v) = v {
            self.bool(v);
        }
    }

    #[inline(always)]
    fn ip(&mut self, v: Option<IpAddr>) {
        if let Some(a) = v {
            self.field(|w| w.put_ip(a));
        }
    }

    #[inline(always)]
    fn list<T: Copy + Into<u64>>(&mut self, items: &[T]) {
        let start = self.w.pos;
        self.w.put_list(items);
        if CHECK || self.w.check_lists {
            self.w.requote_from(start);
        }
    }
}
