#!/usr/bin/env python3
"""Group the instructions of a callgrind profile (valgrind --tool=callgrind, a release build
with debug symbols) by category, per packet: docs/performance.md's "what is left" tables.

    scripts/callgrind-categories.py callgrind.out.PID PACKETS

Exclusive costs only, so that the categories add up to the total: each function's own
instructions go to its category (the analysis's split by the source file of the code inlined
into it: dsn.rs, tcp.rs, ...); the own instructions of libc's allocator and mem* functions, and
of std/alloc helpers (Vec growth, hash maps, formatting), are split among the categories of
their direct callers, in proportion to the inclusive cost of those calls."""
import re, sys, collections
path, packets = sys.argv[1], int(sys.argv[2])
names = {}
def name(tok):
    m = re.match(r'\((\d+)\)(?: (.*))?', tok)
    if not m: return tok
    if m.group(2) is not None: names[('fn', m.group(1))] = m.group(2)
    return names.get(('fn', m.group(1)), m.group(1))
files = {}
def fname(tok):
    m = re.match(r'\((\d+)\)(?: (.*))?', tok)
    if not m: return tok
    if m.group(2) is not None: files[m.group(1)] = m.group(2)
    return files.get(m.group(1), m.group(1))
selfc = collections.Counter()          # (fn, file) -> Ir
calls = collections.Counter()          # (caller, callee) -> inclusive Ir
cur_fn = cur_file = None; callee = None; pending = False; total = 0
for line in open(path, errors='replace'):
    line = line.rstrip('\n')
    if line.startswith('fn='): cur_fn = name(line[3:]); continue
    if line.startswith(('fl=', 'fi=', 'fe=')): cur_file = fname(line[3:]); continue
    if line.startswith('cfn='): callee = name(line[4:]); continue
    if line.startswith(('cfi=', 'cfl=')): fname(line[4:]); continue
    if line.startswith('calls='): pending = True; continue
    if line.startswith('summary:') or line.startswith('totals:'):
        total = int(line.split()[1]); continue
    if line and (line[0].isdigit() or line[0] in '+-*'):
        parts = line.split()
        if len(parts) < 2: pending = False; continue
        ir = int(parts[1])
        if pending: calls[(cur_fn, cur_file, callee)] += ir; pending = False
        else: selfc[(cur_fn, cur_file)] += ir
CATS = [
    ('key hashing (SHA-256/SHA-1 of MPTCP keys)', r'token_and_idsn|sha2::|sha1::|digest::'),
    ('analysis', r'mptcpanalyzer::analysis::'),
    ('dissection (link, IP, TCP, options)', r'input::native::frame::|input::native::options::'),
    ('stream table (tcp.stream numbering)', r'StreamTable'),
    ('per-frame glue (Packet value made, timed, dropped)', r'read_frames_of::\{\{closure\}\}'),
    ('pipeline glue (pipeline::run closure, progress)', r'pipeline::run::\{\{closure\}\}|progress::'),
    ('reading: pcapng/pcap block parsing (main thread)', r'input::native::capture|input::native::chunks|Blocks|pcap_parser|read_frames_of|read_chunks'),
    ('reading: read-ahead thread (user space)', r'readahead|input::native::thin|thread_start'),
    ('output', r'mptcpanalyzer::output::|tabled|papergrid|cli::commands::list|cli::commands::emit|csv_writer|serde_json'),
    ('start-up, CLI, config, exit', r'cli::parse|clap|config::|_dl_|dl_main|_dl_start'),
]
def cat(fn):
    for c, rx in CATS:
        if fn and re.search(rx, fn): return c
    return None
def sub(fn, f):
    if fn and '__rust_begin_short_backtrace' in fn and f and re.search(r'readahead|thin\.rs|io/|fs\.rs|sys/', f):
        return 'reading: read-ahead thread (user space)'
    if cat(fn) != 'analysis': return cat(fn)
    f = f or ''
    for key, lab in [('mptcp/dsn.rs', 'DSN mapping'), ('mptcp/data_ack.rs', 'data ACK'),
                     ('mptcp/handshake.rs', 'MPTCP handshake (keys, tokens, joins, fallback)'),
                     ('mptcp/numbering.rs', 'MPTCP numbering (connection lookup by key/token)'),
                     ('mptcp/orientation.rs', 'orientation (side of each packet)'),
                     ('analysis/tcp.rs', 'TCP state (counters, relative seq/ack)'),
                     ('analysis/lifecycle.rs', 'lifecycle (end watch, folds)'), ('analysis/release.rs', 'lifecycle (end watch, folds)'),
                     ('analysis/dense.rs', 'stream state lookup (dense vector)'), ('analysis/keys.rs', 'key cache lookups'),
                     ('analysis/enrich.rs', 'enricher glue (push, record)'), ('reinjection', 'reinjections')]:
        if key in f: return 'analysis: ' + lab
    return 'analysis: inlined std (Option, Vec, hash map, slices)'
out = collections.Counter()
for (fn, f), ir in selfc.items():
    c = sub(fn, f)
    if c: out[c] += ir
HELPER = r'^(malloc|free|realloc|calloc|cfree|_int_|__mem|mem|__libc_malloc|__libc_free|malloc_consolidate|unlink_chunk)|alloc::|hashbrown|core::fmt|core::ptr|drop_in_place|core::hash|std::collections|core::slice|core::str|core::num|<alloc|<core|<std::collections|<hashbrown'
# exclusive costs only (they sum to the total): libc's allocator and mem* are split among
# their direct callers' categories (in proportion to those calls' inclusive cost)
LIBC = r'^(malloc|free|realloc|calloc|cfree|_int_|__mem|mem|__libc_malloc|__libc_free|__libc_realloc|__libc_calloc|malloc_consolidate|unlink_chunk|tcache|__GI_|sysmalloc|arena)'
libc_self = sum(ir for (fn, f), ir in selfc.items() if re.search(LIBC, fn or ''))
into = collections.Counter()
for (a, f, b), ir in calls.items():
    if re.search(LIBC, b or '') and not re.search(LIBC, a or ''):
        ca = sub(a, f)
        if a and '__rust_begin_short_backtrace' in a and re.search(r'memset|memcpy', b or ''):
            ca = 'reading: read-ahead thread (user space)'
        if ca and ca.startswith('analysis'):
            ca = 'analysis: allocation (malloc/free/realloc, Vec/map growth)'
        into[ca or 'std/alloc helpers (Vec growth, hashing, formatting: several callers)'] += ir
tot_into = sum(into.values())
for c, ir in into.items():
    out[c] += int(libc_self * ir / tot_into)
# helpers' own costs split among their direct callers' categories the same way
hinto = collections.Counter()
for (a, f, b), ir in calls.items():
    if re.search(HELPER, b or '') and not re.search(LIBC, b or '') and not re.search(HELPER, a or ''):
        ca = sub(a, f)
        if ca and ca.startswith('analysis'):
            ca = 'analysis: allocation (malloc/free/realloc, Vec/map growth)'
        hinto[ca or 'other (structural functions, unattributed helpers)'] += ir
helper_self = sum(ir for (fn, f), ir in selfc.items()
                  if not re.search(LIBC, fn or '') and not sub(fn, f) and re.search(HELPER, fn or ''))
helper_share = out.pop('std/alloc helpers (Vec growth, hashing, formatting: several callers)', 0) + helper_self
th = sum(hinto.values())
for c, ir in hinto.items():
    out[c] += int(helper_share * ir / th)
for (fn, f), ir in selfc.items():
    if re.search(LIBC, fn or '') or sub(fn, f) or re.search(HELPER, fn or ''):
        continue
    out['other (structural functions, unattributed helpers)'] += ir
s = sum(out.values())
print(f"total Ir {total:,}  attributed {s:,} ({100*s/total:.1f} %)  packets {packets:,}")
for c, ir in sorted(out.items(), key=lambda x: -x[1]):
    print(f"{ir/packets:8.0f}  {ir:>13,}  {100*ir/total:5.1f} %  {c}")
print(f"{total/packets:8.0f}  {total:>13,}  100.0 %  total per packet")
