//! The MPTCP reports of [`StatsCollector`]: counting a packet, making a connection's
//! statistics when it folds or when the capture is read.

use super::*;

impl StatsCollector {
    /// Count `p` for its MPTCP connection (`new_tcp`: its payload bytes new in sequence space).
    pub(in crate::analysis::stats) fn push_mptcp(&mut self, p: &Packet, r: &Record, new_tcp: u64) {
        // by connection (index), not by `mptcp_stream`: the MP_CAPABLE SYN has no number yet
        let Some(m) = r.mptcp else {
            return;
        };
        if m.fell_back_unnumbered() {
            return; // fell back during the handshake: not an MPTCP connection
        }
        let side = m.sender;
        if self.streamed && !m.numbered && !self.mptcp.contains_key(&m.conn) {
            self.unnumbered.push(m.conn);
        }
        let acc = self.mptcp.entry(m.conn).or_default();
        let d = &mut acc.dirs[side.idx()];
        d.packets += 1;
        d.payload_bytes += p.payload_len as u64;
        d.first_ns.get_or_insert(p.rel_time_ns);
        d.last_ns = Some(p.rel_time_ns);
        if acc.count_data(p, side, new_tcp, r) {
            acc.prune(side.idx());
        }
        let first_data_fin = acc.count_signals(p, side);
        events(acc, p, side, first_data_fin);
    }

    /// Statistics of every MPTCP connection seen (sorted by id). The collector is not changed:
    /// each connection is settled from its own counts (copied only to add those of connections
    /// merged into it), so a loaded capture is queried again without a copy of the collector.
    pub fn mptcp(&self, e: &Enricher) -> Vec<MptcpStats> {
        let mut out: Vec<MptcpStats> = self.mptcp_each(e).collect();
        out.shrink_to_fit();
        out
    }

    /// [`StatsCollector::mptcp`], one connection at a time, each made when it is asked for (a
    /// report written as it is made holds one connection's statistics at a time).
    pub fn mptcp_each<'a>(&'a self, e: &'a Enricher) -> impl Iterator<Item = MptcpStats> + 'a {
        // connections merged into another one, found once
        let mut merged_into: FastMap<ConnIdx, Vec<ConnIdx>> = Default::default();
        for (k, m) in e.conns() {
            if let Some(to) = m.merged_into {
                merged_into.entry(to).or_default().push(k);
            }
        }
        connections::mptcp_connections_each(e).filter_map(move |c| {
            if let Some(crate::analysis::PacketFilter::Mptcp(id)) = self.only {
                // another connection's MP_CAPABLE SYN was counted while it had no number yet
                if c.mptcp_stream != id {
                    return None;
                }
            }
            let ci = e.conn_index(c.mptcp_stream)?;
            let mut acc = self.mptcp.get(&ci).map(Cow::Borrowed);
            for &k in merged_into.get(&ci).into_iter().flatten() {
                if let Some(o) = self.mptcp.get(&k) {
                    acc.get_or_insert_with(Default::default)
                        .to_mut()
                        .absorb((**o).clone());
                }
            }
            acc.map(|acc| self.connection_stats(e, ci, c, &acc))
        })
    }

    /// Streamed ([`StatsCollector::streamed`]): the statistics of the MPTCP connections of
    /// `folded` (the units a record says were just folded), each with its number (None: no
    /// statistics, e.g. it counted no packet), made now and taken out of the collector with
    /// their subflows' counts; plain TCP streams' counts are dropped. A packet that comes for
    /// them later is counted in nothing ([`StatsCollector::uncounted`]).
    pub fn take_mptcp(&mut self, e: &Enricher, folded: &[Unit]) -> Vec<(u64, Option<MptcpStats>)> {
        let mut out = Vec::new();
        for &u in folded {
            match u {
                Unit::Mptcp(ci) => {
                    let acc = self.take_conn(e, ci);
                    let conn = e.conn(ci);
                    if let Some(id) = conn.id() {
                        let c = connections::mptcp_connection(e, conn);
                        out.push((id, acc.map(|a| self.connection_stats(e, ci, c, &a))));
                    }
                }
                // an MPTCP connection's subflows follow it
                Unit::Tcp(id) => {
                    self.tcp.remove(&id);
                }
            }
        }
        out
    }

    /// The counts of connection `ci` with those of the connections merged into it, taken out
    /// of the collector.
    pub(in crate::analysis::stats) fn take_conn(
        &mut self,
        e: &Enricher,
        ci: ConnIdx,
    ) -> Option<Box<MptcpAcc>> {
        let mut acc = self.mptcp.remove(&ci);
        let mut merged = Vec::new();
        self.unnumbered.retain(|&u| {
            let Some(c) = e.try_conn(u) else {
                return false; // released: taken already
            };
            if c.merged_into == Some(ci) {
                merged.push(u);
                return false;
            }
            // `ci` itself, or numbered since: its counts are its own
            u != ci && !(c.numbered && c.merged_into.is_none())
        });
        // in the order of the connections, as `mptcp_each` adds them
        merged.sort_unstable();
        for u in merged {
            if let Some(o) = self.mptcp.remove(&u) {
                acc.get_or_insert_with(Default::default).absorb(*o);
            }
        }
        acc
    }

    /// The statistics of connection `ci` (summarised as `c`) from its counts `acc`.
    fn connection_stats(
        &self,
        e: &Enricher,
        ci: ConnIdx,
        c: MptcpConnection,
        acc: &MptcpAcc,
    ) -> MptcpStats {
        let mut dirs: Vec<MptcpDirection> = [Side::Client, Side::Server]
            .into_iter()
            .map(|side| acc.direction(side.idx(), &c))
            .collect();
        let mut events = acc.events.clone();
        for (i, d) in dirs.iter_mut().enumerate() {
            for sf in &mut d.subflows {
                // the TCP direction carrying what this MPTCP side sends on the subflow
                sf.tcp = e.tcp_stream(sf.tcp_stream).and_then(|t| {
                    let same = t.mptcp_client_endpoint() == t.client_endpoint();
                    let j = if same { i } else { 1 - i };
                    Some(Box::new(self.tcp.get(&sf.tcp_stream)?.dirs[j].settled()))
                });
            }
        }
        if let Some((frame, ns, tcp_stream, by_server, reason)) = e.conn(ci).fallback_at {
            events.push(Event {
                time_s: ns_to_s(ns),
                frame,
                tcp_stream,
                from: if by_server {
                    Side::Server
                } else {
                    Side::Client
                },
                what: EventKind::Fallback { reason },
            });
            events.sort_by_key(|ev| ev.frame);
        }
        events.shrink_to_fit();
        let subflows = self.subflow_infos(&c);
        let mut it = dirs.into_iter();
        MptcpStats {
            mptcp_stream: c.mptcp_stream,
            version: c.version,
            fallback: c.fallback,
            to_server: it.next(),
            to_client: it.next(),
            subflows,
            events,
        }
    }

    /// Subflow facts of connection `c`.
    fn subflow_infos(&self, c: &MptcpConnection) -> Vec<SubflowInfo> {
        c.subflows
            .iter()
            .map(|s| {
                let (lifetime, start) = self
                    .tcp
                    .get(&s.tcp_stream)
                    .map(|a| {
                        (
                            ns_to_s(a.end_ns.unwrap_or(a.last_ns).saturating_sub(a.first_ns)),
                            ns_to_s(a.first_ns),
                        )
                    })
                    .unwrap_or((0.0, 0.0));
                SubflowInfo {
                    tcp_stream: s.tcp_stream,
                    client: endpoint((s.client_ip, s.client_port)),
                    server: endpoint((s.server_ip, s.server_port)),
                    master: s.master,
                    client_addr_id: s.client_addr_id,
                    server_addr_id: s.server_addr_id,
                    backup: s.backup,
                    lifetime_s: lifetime,
                    start_s: start,
                    end: s.end.clone(),
                }
            })
            .collect()
    }
}
