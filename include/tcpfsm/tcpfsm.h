/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tcpfsm — a pure, allocation-free, sans-IO TCP connection state machine.
 *
 * The caller owns every byte: the connection block, the segment in, the
 * actions out.  Nothing here allocates, keeps globals, reads a clock, draws
 * random numbers or does I/O.  Time (monotonic milliseconds) and the initial
 * send sequence number are arguments.  RFC 9293 is the specification; every
 * rule in src/ cites the section it implements.
 */
#ifndef TCPFSM_H
#define TCPFSM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Semantic versioning (CHANGELOG.md): MAJOR changes break the API or the
 * ABI (the soname libtcpfsm.so.MAJOR follows it once 1.0 is out; in 0.x a
 * MINOR change may break either and the soname stays 0), MINOR adds, PATCH
 * fixes.  tcpfsm_version() says which library was linked. */
#define TCPFSM_VERSION_MAJOR 0
#define TCPFSM_VERSION_MINOR 2
#define TCPFSM_VERSION_PATCH 0
#define TCPFSM_VERSION_STRING "0.2.0"

/* The functions the shared library exports; everything else in it is
 * hidden (built with -fvisibility=hidden and TCPFSM_BUILD_SHARED). */
#if defined(TCPFSM_BUILD_SHARED) && defined(__GNUC__)
#define TCPFSM_API __attribute__((visibility("default")))
#else
#define TCPFSM_API
#endif

/* RFC 9293 §3.3.2: the eleven connection states. */
typedef enum tcpfsm_state {
    TCPFSM_CLOSED = 0,
    TCPFSM_LISTEN,
    TCPFSM_SYN_SENT,
    TCPFSM_SYN_RECEIVED,
    TCPFSM_ESTABLISHED,
    TCPFSM_FIN_WAIT_1,
    TCPFSM_FIN_WAIT_2,
    TCPFSM_CLOSE_WAIT,
    TCPFSM_CLOSING,
    TCPFSM_LAST_ACK,
    TCPFSM_TIME_WAIT
} tcpfsm_state;

#define TCPFSM_STATE_COUNT 11

/*
 * Result of every call.  Anything but TCPFSM_OK leaves the connection block
 * byte-for-byte unchanged.  The user-call errors are those of RFC 9293 §3.10.
 */
typedef enum tcpfsm_error {
    TCPFSM_OK = 0,
    TCPFSM_ERR_NULL,                /* a required pointer was NULL */
    TCPFSM_ERR_INVALID_ARG,         /* impossible length, flags or field */
    TCPFSM_ERR_BAD_CONFIG,          /* configuration value out of range */
    TCPFSM_ERR_NO_CONNECTION,       /* "connection does not exist" */
    TCPFSM_ERR_ALREADY_EXISTS,      /* "connection already exists" */
    TCPFSM_ERR_CLOSING,             /* "connection closing" */
    TCPFSM_ERR_FOREIGN_UNSPECIFIED, /* "foreign socket unspecified" (SEND in LISTEN) */
    TCPFSM_ERR_INSUFFICIENT_RESOURCES, /* more queued than sequence space allows */
    /* The wire codec (tcpfsm/wire.h). */
    TCPFSM_ERR_WIRE_TOO_SHORT,        /* fewer bytes than a TCP header */
    TCPFSM_ERR_WIRE_BAD_OFFSET,       /* data offset below 5 or past the end */
    TCPFSM_ERR_WIRE_CHECKSUM,         /* the checksum does not match */
    TCPFSM_ERR_WIRE_OPTION_LENGTH,    /* an option length of 0 or 1 */
    TCPFSM_ERR_WIRE_OPTION_OVERRUN,   /* an option running past the header */
    TCPFSM_ERR_WIRE_OPTION_SIZE,      /* an option length wrong for its kind */
    TCPFSM_ERR_WIRE_OPTIONS_TOO_LONG, /* build: options beyond 40 bytes */
    TCPFSM_ERR_WIRE_NO_ROOM,          /* build: the buffer is too small */
    /* tcpfsm_init: the caller was compiled with another layout of
     * tcpfsm_conn than the library (TCPFSM_OOO_RANGES, or another ABI) */
    TCPFSM_ERR_LAYOUT,
    TCPFSM_ERR_WIRE_NOT_TCP           /* an ICMP error quoting no TCP segment */
} tcpfsm_error;

/* Control bits, valued as on the wire (RFC 9293 §3.1). */
#define TCPFSM_FIN 0x01u
#define TCPFSM_SYN 0x02u
#define TCPFSM_RST 0x04u
#define TCPFSM_PSH 0x08u
#define TCPFSM_ACK 0x10u
#define TCPFSM_URG 0x20u
#define TCPFSM_ECE 0x40u
#define TCPFSM_CWR 0x80u

/* Options present on a segment (RFC 9293 §3.2, RFC 7323, RFC 2018). */
#define TCPFSM_OPT_MSS       0x01u
#define TCPFSM_OPT_WSCALE    0x02u
#define TCPFSM_OPT_SACK_PERM 0x04u
#define TCPFSM_OPT_TIMESTAMP 0x08u
#define TCPFSM_OPT_SACK      0x10u /* SACK blocks (RFC 2018 §3) */

/* Most bytes the caller may have queued by SEND and not yet acknowledged;
 * more is TCPFSM_ERR_INSUFFICIENT_RESOURCES. */
#define TCPFSM_MAX_SEND_QUEUE 0x40000000u

/* Largest payload one call accepts; larger lengths are TCPFSM_ERR_INVALID_ARG.
 * Far below 2^31 so sequence space arithmetic never becomes ambiguous. */
#define TCPFSM_MAX_PAYLOAD 0x40000000u

/* RFC 7323 §2.3: the largest window shift, and the largest window it
 * allows: 65535 << 14 bytes, the most tcpfsm_config.rcv_buf may be. */
#define TCPFSM_MAX_WSCALE 14u
#define TCPFSM_MAX_RCV_BUF 0x3FFFC000u

/* The largest congestion window and slow-start threshold (RFC 5681): no
 * more than can be queued is ever in flight. */
#define TCPFSM_MAX_CWND 0x40000000u

/* RFC 6928: the most segments the initial window may hold. */
#define TCPFSM_MAX_INIT_WINDOW 10u

/* RFC 9293 §3.8.6.3: the longest an ACK may be delayed (the RFC's bound
 * is 500 ms; 200 is the usual ceiling). */
#define TCPFSM_MAX_DELACK_MS 200u

/* RFC 2018 §3: the sequence numbers left .. right-1, received. */
typedef struct tcpfsm_sack_block {
    uint32_t left;
    uint32_t right;
} tcpfsm_sack_block;

/* Ranges of sequence space one connection keeps track of on each side: the
 * out-of-order data received (the bytes stay in the caller's receive
 * buffer), and the data sent that the peer's SACK blocks cover (RFC 6675
 * scoreboard).  1..255, set at compile time (-DTCPFSM_OOO_RANGES=n) for the
 * whole library and every user of it (tcpfsm_init refuses a block laid out
 * with another).  Each costs 16 bytes of tcpfsm_conn (8 per side).  The
 * ranges a receiver needs grow with the data in flight and the loss rate:
 * 32, the default, kept up with Linux's receiver behind a Linux BBR sender
 * at 20 ms with 1% and 5% loss and a 4 MB window (16 did at 1% only, 4 and
 * 8 at neither); a small window or a Reno/CUBIC sender needs far fewer
 * (README.md, "What is covered"). */
#ifndef TCPFSM_OOO_RANGES
#define TCPFSM_OOO_RANGES 32u
#endif

/* Disjoint ranges that do not touch (any two that would are merged), the
 * most recently changed first. */
typedef struct tcpfsm_ranges {
    tcpfsm_sack_block range[TCPFSM_OOO_RANGES];
    uint8_t count;           /* ranges used in range[] */
} tcpfsm_ranges;

/* RFC 2018 §3: the most SACK blocks one option carries (three beside the
 * timestamps option). */
#define TCPFSM_MAX_SACK_BLOCKS 4u

/* A decoded arriving segment.  The payload bytes stay with the caller. */
typedef struct tcpfsm_segment {
    uint32_t seq;
    uint32_t ack;
    uint32_t len;      /* payload length in bytes (SYN and FIN not counted) */
    uint32_t ts_val;   /* valid when options & TCPFSM_OPT_TIMESTAMP */
    uint32_t ts_ecr;
    uint16_t window;
    uint16_t mss;      /* valid when options & TCPFSM_OPT_MSS */
    uint8_t  flags;    /* TCPFSM_FIN | TCPFSM_SYN | ... */
    uint8_t  options;  /* TCPFSM_OPT_* */
    uint8_t  wscale;   /* valid when options & TCPFSM_OPT_WSCALE: the shift */
    /* TCPFSM_OPT_SACK is set exactly when sack_count is 1..4: the blocks
     * in sack[] (RFC 2018 §3) */
    uint8_t  sack_count;
    /* RFC 3168 §5: the ECN field of the IP header that carried the segment,
     * TCPFSM_IP_NOT_ECT .. TCPFSM_IP_CE (0 when the stack does not know) */
    uint8_t  ip_ecn;
    /* valid when flags & TCPFSM_URG: the urgent pointer, the offset from
     * seq of the octet following the urgent data (RFC 9293 §3.8.5) */
    uint16_t urgent;
    tcpfsm_sack_block sack[TCPFSM_MAX_SACK_BLOCKS];
} tcpfsm_segment;

/* The ECN field of an IP header (RFC 3168 §5). */
#define TCPFSM_IP_NOT_ECT 0u
#define TCPFSM_IP_ECT1    1u
#define TCPFSM_IP_ECT0    2u
#define TCPFSM_IP_CE      3u

/* A segment the caller must transmit.  Data, when data_len > 0, is
 * data_len bytes starting data_offset bytes after the head of the caller's
 * send buffer (the head being the oldest unacknowledged byte, after the
 * caller has dropped `acked` bytes reported by the same call). */
typedef struct tcpfsm_tx {
    uint32_t seq;
    uint32_t ack;
    uint32_t data_offset;
    uint32_t data_len;
    uint16_t window;
    uint16_t mss;      /* valid when options & TCPFSM_OPT_MSS */
    uint8_t  flags;
    uint8_t  options;
    uint8_t  wscale;   /* valid when options & TCPFSM_OPT_WSCALE */
    /* RFC 3168: TCPFSM_ECE and TCPFSM_CWR to add to the header's flags (the
     * codec does), and TCPFSM_TX_ECT: send the segment ECN-capable, ECT(0)
     * in the IP header (§6.1.2: new data only, never a retransmission) */
    uint8_t  ecn;
} tcpfsm_tx;

#define TCPFSM_TX_ECT 0x01u

/* Notifications to the user (bit set in tcpfsm_output.notes). */
#define TCPFSM_NOTE_CONNECTED   0x01u /* reached ESTABLISHED */
#define TCPFSM_NOTE_PEER_CLOSED 0x02u /* the peer's FIN arrived: no more data */
#define TCPFSM_NOTE_RESET       0x04u /* "connection reset" */
#define TCPFSM_NOTE_REFUSED     0x08u /* "connection refused" */
#define TCPFSM_NOTE_TIMED_OUT   0x10u /* retransmission or user timeout */
#define TCPFSM_NOTE_CLOSED      0x20u /* the connection is CLOSED: TCB gone */
#define TCPFSM_NOTE_UNREACHABLE 0x40u /* an ICMP hard error other than "refused"
                                         ended the connection (tcpfsm_on_icmp) */
#define TCPFSM_NOTE_SOFT_ERROR  0x80u /* an ICMP soft error about a segment in
                                         flight: tcpfsm_info.soft_error says which */
#define TCPFSM_NOTE_REOPEN     0x100u /* TIME-WAIT ended for a SYN that opens a
                                         new incarnation (tcpfsm_config.
                                         time_wait_reopen): nothing was sent;
                                         hand the same segment to a block in
                                         LISTEN (RFC 9293 §3.6.1, RFC 6191) */
#define TCPFSM_NOTE_URGENT     0x200u /* the peer's urgent pointer arrived with no
                                         urgent data pending, or advanced (RFC
                                         9293 §3.8.5 MUST-32): tcpfsm_info.
                                         urgent says how many bytes to read to
                                         pass the urgent data (it is inline) */

/* Upper bound on segments one call emits.  When more could be sent,
 * `more` is set: call tcpfsm_send(conn, 0, now, out) to continue. */
#define TCPFSM_MAX_TX 8u

#define TCPFSM_NO_DEADLINE UINT64_MAX

/* What one call decided.  Every call that takes it and succeeds clears it
 * first; a call that returns an error leaves it untouched. */
typedef struct tcpfsm_output {
    uint64_t  deadline;       /* next absolute time to call tcpfsm_on_timer */
    uint32_t  acked;          /* bytes to drop from the send-buffer head */
    uint32_t  deliver_offset; /* new in-order bytes within the arriving payload */
    uint32_t  deliver_len;
    /* Out-of-order bytes of the arriving payload to keep: keep_len bytes
     * from keep_offset, to be stored keep_at bytes beyond the end of the
     * in-order data in the receive buffer (RFC 9293 §3.10.7.4, seventh
     * step).  Not yet the application's. */
    uint32_t  keep_offset;
    uint32_t  keep_len;
    uint32_t  keep_at;
    /* Bytes kept earlier that are in order now: the reasm_len bytes after
     * the deliver_len just delivered go to the application too. */
    uint32_t  reasm_len;
    uint32_t  count;          /* entries used in tx[]; the others, and sack[]
                                 beyond sack_count, are left as they were */
    uint32_t  notes;          /* TCPFSM_NOTE_* */
    uint32_t  ts_val;         /* RFC 7323 §3.2: when timestamps is 1, every */
    uint32_t  ts_ecr;         /* segment in tx[] but a RST carries the
                                 timestamps option with these values */
    /* RFC 9293 §3.8.5: when urgent is 1, every segment in tx[] but a SYN or
     * a RST whose SEQ lies before urgent_up (SND.UP, the sequence number
     * after the urgent data) carries URG and the urgent pointer
     * urgent_up - SEQ, at most 65535 (tcpfsm_wire_from_output adds them) */
    uint32_t  urgent_up;
    uint8_t   urgent;
    uint8_t   timestamps;
    uint8_t   more;           /* more could be sent: call tcpfsm_send(.., 0, ..) */
    /* RFC 2018 §4: every segment in tx[] but a SYN or a RST carries these
     * SACK blocks (the first the range changed last); as many as fit */
    uint8_t   sack_count;
    /* RFC 2883: 1 when sack[0] is a D-SACK block, the data the arriving
     * segment repeated (the other blocks follow it); reported this once */
    uint8_t   dsack;
    tcpfsm_sack_block sack[TCPFSM_MAX_SACK_BLOCKS];
    tcpfsm_tx tx[TCPFSM_MAX_TX];
} tcpfsm_output;

/* An ICMP or ICMPv6 error message about one of our segments, as the
 * connection sees it (RFC 9293 §3.9.2.2, RFC 1122 §4.2.3.9, RFC 5927);
 * tcpfsm_wire_parse_icmp and tcpfsm_wire_to_icmp make it from the bytes. */
typedef enum tcpfsm_icmp_kind {
    TCPFSM_ICMP_NONE = 0,       /* nothing for TCP: Source Quench (RFC 6633 §3),
                                   Redirect (the IP layer's), unknown codes */
    TCPFSM_ICMP_UNREACHABLE,    /* network or host unreachable and the like:
                                   soft (RFC 1122 §4.2.3.9, codes 0, 1, 5) */
    TCPFSM_ICMP_REFUSED,        /* protocol or port unreachable (ICMPv4 codes 2,
                                   3; ICMPv6 code 4; ICMPv6 unknown next
                                   header): hard (codes 2-4) */
    TCPFSM_ICMP_PROHIBITED,     /* administratively prohibited (ICMPv4 codes 9,
                                   10, 13; ICMPv6 code 1): soft by the RFCs */
    TCPFSM_ICMP_TIME_EXCEEDED,  /* TTL or hop limit exceeded in transit: soft */
    TCPFSM_ICMP_OTHER_SOFT,     /* reassembly time exceeded, parameter problem */
    TCPFSM_ICMP_PACKET_TOO_BIG, /* RFC 1191 §4 / RFC 8201 §4: `mss` below */
    TCPFSM_ICMP_KIND_COUNT
} tcpfsm_icmp_kind;

typedef struct tcpfsm_icmp {
    uint32_t seq;  /* SEQ of the TCP header the message quotes */
    /* PACKET_TOO_BIG: the largest TCP payload the path carries, the MTU it
     * reports less the IP and TCP headers without options (1..65535);
     * ignored for the other kinds */
    uint16_t mss;
    uint8_t  kind; /* tcpfsm_icmp_kind */
} tcpfsm_icmp;

/* tcpfsm_config.icmp_abort: which ICMP errors end a connection in
 * SYN-SENT (RFC 5461 §4: in the synchronized states every error is soft). */
#define TCPFSM_ICMP_ABORT_NONE 0u /* none: every error is soft (FreeBSD's
                                     net.inet.tcp.icmp_may_rst=0) */
#define TCPFSM_ICMP_ABORT_RFC  1u /* the hard errors, TCPFSM_ICMP_REFUSED
                                     (RFC 9293 §3.9.2.2 SHLD-26, RFC 1122
                                     §4.2.3.9): the default */
#define TCPFSM_ICMP_ABORT_BSD  2u /* also PROHIBITED and TIME_EXCEEDED, as
                                     FreeBSD's tcp_ctlinput with icmp_may_rst=1
                                     (its default) */

/* Smallest send MSS an ICMP Packet Too Big can bring a connection to
 * (FreeBSD's net.inet.tcp.minmss): a forged message cannot make every
 * segment a handful of bytes (RFC 5927 §7.2). */
#define TCPFSM_PMTU_MIN_MSS 216u

/* Smallest MSS tcpfsm_init accepts for tcpfsm_config.mss: IPv4's smallest
 * MTU, 68 octets (RFC 791; RFC 9293 §3.7.1 counts the MSS from it), less
 * 20 octets each of IP and TCP header.  The caller derives `mss` from its
 * interface's MTU (FreeBSD's tcp_mssopt offers MTU - 40 whatever it is). */
#define TCPFSM_MIN_MSS 28u

/* Behaviour switches (tcpfsm_config.flags). */
#define TCPFSM_CFG_RFC5961 0x01u /* blind-attack mitigations (RFC 5961 §3-§5) */
#define TCPFSM_CFG_RFC1337 0x02u /* ignore RST in TIME-WAIT (RFC 1337 §3 TWA) */
#define TCPFSM_CFG_WSCALE  0x04u /* offer window scaling (RFC 7323 §2) */
#define TCPFSM_CFG_TIMESTAMPS 0x08u /* offer timestamps and PAWS (RFC 7323 §3-§5) */
#define TCPFSM_CFG_TS_OPTIONAL 0x10u /* take segments without the timestamps
                                        option once negotiated (Linux); off:
                                        drop them (RFC 7323 §3.2) */
#define TCPFSM_CFG_NODELAY 0x20u /* Nagle's algorithm off (TCP_NODELAY) on
                                    each new connection of the block;
                                    tcpfsm_set_nodelay changes one */
#define TCPFSM_CFG_KEEPALIVE 0x40u /* keepalive (RFC 1122 §4.2.3.6) on each
                                      new connection of the block
                                      (SO_KEEPALIVE); tcpfsm_set_keepalive
                                      changes one */
#define TCPFSM_CFG_SACK 0x80u /* offer SACK-permitted (RFC 2018 §2), and report
                                 out-of-order data in SACK blocks */

/*
 * Configuration; see tcpfsm_config_default for the documented defaults and
 * tcpfsm_init for the accepted ranges.
 */
typedef struct tcpfsm_config {
    uint32_t rcv_buf;        /* receive buffer = largest window offered,
                                1..TCPFSM_MAX_RCV_BUF; above 65535 only
                                with window scaling negotiated */
    uint32_t rto_initial_ms; /* RFC 6298 §2.1: 1000 */
    uint32_t rto_min_ms;     /* RFC 6298 §2.4: 1000 (Linux uses 200) */
    uint32_t rto_max_ms;     /* RFC 6298 §2.5: at least 60000 */
    uint32_t msl2_ms;        /* TIME-WAIT length 2*MSL, RFC 9293 §3.4.2: 240000 */
    uint32_t user_timeout_ms;/* RFC 9293 §3.10.8: 300000; 0 disables */
    uint16_t mss;            /* our MSS, announced on SYN: 1460 */
    uint8_t  max_retries;    /* retransmissions before giving up: 12 */
    uint8_t  flags;          /* TCPFSM_CFG_*; default RFC5961 | RFC1337 | WSCALE |
                                TIMESTAMPS | SACK */
    /* RFC 5961 §7, per connection: at most challenge_limit challenge ACKs
     * in each challenge_window_ms (FreeBSD's ack_war_cnt and
     * ack_war_timewindow: 5 in 1000 ms); challenge_limit 0: no limit */
    uint16_t challenge_window_ms;
    uint16_t challenge_limit;
    /* RFC 7323 §5.4: TSval counts ts_tick_ms (1..1000) from the caller's
     * clock, plus ts_offset, which should differ per connection (a keyed
     * hash of the addresses, as for the ISN) so that TSval does not reveal
     * the clock (§7.1) */
    uint32_t ts_tick_ms;
    uint32_t ts_offset;
    /* RFC 6928: the initial congestion window, in segments (1..10: 10);
     * it is min(init_window * SMSS, max(2 * SMSS, 14600)) bytes */
    uint8_t  init_window;
    /* RFC 1122 §4.2.3.6 keepalive, when on: the first probe after
     * keepalive_idle_s seconds with nothing received (1..65535: 7200, the
     * RFC's floor for the default), then one every keepalive_interval_s
     * (1..65535: 75); keepalive_count probes unanswered (1..255: 9) and the
     * connection is dropped.  Linux's defaults and units. */
    uint8_t  keepalive_count;
    /* RFC 9293 §3.8.6.3: how long the ACK of in-order data may wait for
     * more to ride with (0..200 ms: 100, FreeBSD's; 0: never) */
    uint16_t delack_ms;
    uint16_t keepalive_idle_s;
    uint16_t keepalive_interval_s;
    /* Behaviours of other stacks that depart from RFC 9293, each off by
     * default (TCPFSM_COMPAT_*; spec/README.md Deviations 23): for an
     * embedder that must match one, and for replaying that stack's tests */
    uint8_t  compat;
    /* RFC 7323 §2.3: the shift offered on our SYN, 0..TCPFSM_MAX_WSCALE, or
     * TCPFSM_WSCALE_AUTO (the default): the smallest that lets the 16-bit
     * field announce all of rcv_buf.  For an embedder whose buffer grows
     * after the handshake, as Linux and FreeBSD size the shift from the
     * largest buffer allowed (tcp_rmem[2], kern.ipc.maxsockbuf); a shift
     * below AUTO's caps the window offered at 65535 << shift. */
    uint8_t  wscale;
    uint8_t  icmp_abort;     /* TCPFSM_ICMP_ABORT_*: RFC by default */
    /* Added to the retransmission timer's wait once the RTO comes from a
     * measurement or a backoff, never beyond rto_max_ms: FreeBSD's
     * net.inet.tcp.rexmit_slop (200 ms there, TCPT_RANGESET); RFC 6298 has
     * no such term: 0 by default */
    uint16_t rto_slop_ms;
    /* RFC 3168 ECN: TCPFSM_ECN_OFF (the default), _ACCEPT (agree when the
     * peer's SYN asks, as Linux's tcp_ecn=2 and FreeBSD's ecn.enable=2) or
     * _REQUEST (ask on our SYN too) */
    uint8_t  ecn;
    /* §6.1.1.1: how many retransmitted SYNs still ask for ECN before one
     * goes without, should a middlebox drop them (FreeBSD's
     * ecn.maxretries: 1) */
    uint8_t  ecn_syn_retries;
    /* RFC 9293 §3.6.1 (MAY-2): 1 (the default): a SYN in TIME-WAIT that
     * RFC 6191 §2 takes for a new incarnation (a newer TSval, or SEG.SEQ
     * beyond RCV.NXT; src/core/segment.c time_wait_reopens) ends TIME-WAIT
     * with TCPFSM_NOTE_REOPEN, as Linux and FreeBSD do; 0: TIME-WAIT runs
     * its 2 MSL whatever arrives (§3.10.7.4's steps answer the SYN) */
    uint8_t  time_wait_reopen;
    /* 0 (the default): every retransmission of our SYN offers what the
     * first did.  N (1..255): from the Nth retransmission of our SYN on,
     * it carries the MSS option alone, and the connection goes without
     * window scaling, SACK and timestamps, whatever the peer's SYN,ACK
     * says: a path that drops SYNs with options it does not know still
     * connects.  FreeBSD's net.inet.tcp.rexmit_drop_options=1 is 3
     * (tcp_timer_rexmt, at t_rxtshift 3).  RFC 9293 §3.7 lets a SYN carry
     * any options it chooses; none but the MSS is required (MUST-14). */
    uint8_t  syn_drop_options_at;
    /* 0 (the default): SYN-RECEIVED reached from LISTEN takes segments as
     * RFC 9293 §3.10.7.4 says.  1: until the user has used the connection
     * (SEND or CLOSE), it judges them as FreeBSD's SYN cache does
     * (tcp_syncache.c; src/core/syn_cache.c): a SYN again resends the
     * SYN,ACK; a SYN,ACK, or an ACK that is not of our SYN or lies outside
     * the window the SYN,ACK offered, is answered <SEQ=SEG.ACK><CTL=RST> and
     * the connection returns to LISTEN; a RST counts only within that
     * window (exactly at RCV.NXT with RFC 5961); anything else without SYN,
     * ACK or RST is dropped. */
    uint8_t  syn_cache;
    /* RFC 9406 §4.3 L: how many segments one ACK may add to the congestion
     * window in the first slow start (HyStart++), 0..255: 8, the RFC's
     * value for a sender that does not pace; 0: no limit, the RFC's L =
     * infinity for an embedder that paces what the core sends out, and what
     * Linux's slow start does (tcp_slow_start).  A receiver that
     * acknowledges more than L segments at once (Linux's does, under load)
     * grows the window by less than it delivered. */
    uint8_t  ss_ack_limit;
    /* RFC 8985 RACK-TLP (src/core/rack.c), with SACK in use: 1 (the
     * default, as Linux): a lost tail costs a probe (TLP) about two round
     * trips after the last send, not an RTO, and a hole below data the
     * peer SACKed is taken for lost once a reordering window (a quarter of
     * the least RTT, wider after D-SACKs, up to SRTT) has passed, beside
     * RFC 6675's DupThresh; 0: RFC 6675 alone, as FreeBSD's default stack */
    uint8_t  rack_tlp;
    /* How long a connection in FIN-WAIT-2 whose user said it will receive
     * no more (tcpfsm_shutdown_receive) waits for the peer's FIN with
     * nothing heard before it ends, TIMED_OUT, sending nothing: 60000, as
     * FreeBSD's tcp_finwait2_timeout and Linux's tcp_fin_timeout; 0: wait as
     * RFC 9293 does, for ever.  The RFC's FIN-WAIT-2 has no timeout; a peer
     * that vanished would otherwise hold the block until keepalive, if on,
     * finds it gone. */
    uint32_t fin_wait_2_timeout_ms;
} tcpfsm_config;

#define TCPFSM_ECN_OFF     0u
#define TCPFSM_ECN_ACCEPT  1u
#define TCPFSM_ECN_REQUEST 2u

#define TCPFSM_WSCALE_AUTO 0xFFu

/* tcpfsm_config.compat: FreeBSD's answers where RFC 9293 gives another.
 * DROP_SYNFIN: a segment with both SYN and FIN is dropped in LISTEN and
 * SYN-SENT (net.inet.tcp.drop_synfin; the RFC processes it as a SYN).
 * SYN_RESET_FROM_TCB: with RFC 5961 off, a SYN in the window of a
 * synchronized connection is answered <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>
 * (tcp_dropwithreset on FreeBSD), not from the SYN's numbers (§3.10.7.1's
 * form, which the SYN's sender, in SYN-SENT, accepts).
 * TIME_WAIT_BSD: TIME-WAIT as FreeBSD's tcp_twcheck answers: a segment
 * with none of ACK, SYN and RST is dropped unanswered (the RFC acknowledges
 * one outside the window), and an ACK the RFC's steps take silently is
 * acknowledged unless it is a pure duplicate ACK (<SEQ=RCV.NXT>
 * <ACK=SND.NXT>, no data, no FIN), where RFC 9293 acknowledges only the
 * FIN again.
 * ACCEPT_FREE_BUFFER: a segment is acceptable (§3.10.7.4, first step) in
 * the larger of the window advertised and the free receive buffer, as
 * FreeBSD's tcp_input takes RCV.WND (the RFC: the window advertised),
 * except in TIME-WAIT, where FreeBSD too keeps only the window advertised;
 * text is still kept only up to the advertised edge.
 * WINDOW_EDGE_BSD: each segment sent offers all the free buffer once that
 * is at least min(rcv_buf / 4, MSS) (tcp_output's silly-window rule), where
 * §3.8.6.2.2 moves the right edge only by min(rcv_buf / 2, MSS) at a time;
 * a window update sent on its own still waits for that step.
 * SYN_BY_SEQ: a segment with SYN is in the window only when SEG.SEQ is
 * (FreeBSD's test for insecure_syn, on SEG.SEQ alone); §3.10.7.4's first
 * step also accepts one whose last octet is, a SYN,FIN at RCV.NXT-1.
 * LISTEN_DROP_SYN_ACK: a SYN,ACK at a listener is dropped unanswered, as
 * the FreeBSD suite's rcv-syn-ack-listen scripts hold FreeBSD to (its
 * tcp_input takes the "SYN|ACK invalid" path, whose reset its bandwidth
 * limit may suppress); §3.10.7.2's second check answers any ACK with
 * <SEQ=SEG.ACK><CTL=RST>.
 * FIN_REPEAT: while our FIN is sent and unacknowledged (FIN-WAIT-1,
 * CLOSING), the ACK of text or a FIN just taken carries the FIN
 * again, <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=FIN,ACK>, as FreeBSD's
 * tcp_output sends every segment then; RFC 9293 §3.10.7.4 acknowledges
 * with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (figure 14). */
#define TCPFSM_COMPAT_DROP_SYNFIN        0x01u
#define TCPFSM_COMPAT_SYN_RESET_FROM_TCB 0x02u
#define TCPFSM_COMPAT_TIME_WAIT_BSD      0x04u
#define TCPFSM_COMPAT_ACCEPT_FREE_BUFFER 0x08u
#define TCPFSM_COMPAT_WINDOW_EDGE_BSD    0x10u
#define TCPFSM_COMPAT_SYN_BY_SEQ         0x20u
#define TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK 0x40u
#define TCPFSM_COMPAT_FIN_REPEAT         0x80u
#define TCPFSM_COMPAT_ALL                0xFFu /* every bit defined */
#define TCPFSM_COMPAT_FREEBSD            TCPFSM_COMPAT_ALL

/* Loss recovery (tcpfsm_conn.recovery, tcpfsm_info.recovery). */
#define TCPFSM_RECOVERY_NONE    0u
#define TCPFSM_RECOVERY_FAST    1u /* RFC 5681 §3.2 fast recovery, RFC 6582 */
#define TCPFSM_RECOVERY_TIMEOUT 2u /* after a retransmission timeout, until
                                      SND.NXT of the timeout is acknowledged */
#define TCPFSM_RECOVERY_SACK    3u /* RFC 6675 loss recovery: fast recovery
                                      with SACK, holes first */

/* The connection block.  Opaque in spirit: read it through tcpfsm_status. */
typedef struct tcpfsm_conn {
    uint64_t rtx_deadline;   /* retransmission, persist or keepalive; 2MSL
                                in TIME-WAIT */
    uint64_t user_deadline;  /* user timeout; TCPFSM_NO_DEADLINE when idle */
    uint64_t rtt_start;      /* when the timed segment was sent */
    uint64_t challenge_start;/* RFC 5961 §7: when the current window began */
    uint64_t ts_recent_at;   /* RFC 7323 §5.5: when TS.Recent was set */
    uint64_t ack_deadline;   /* a delayed ACK is due (RFC 9293 §3.8.6.3);
                                TCPFSM_NO_DEADLINE when none is held */
    uint64_t sent_at;        /* RFC 5681 §4.1: when data or our FIN last
                                went out, new or again */
    /* The core's own clock: `now` plus clock_skew, never behind latest_now,
     * the latest time a call ran at.  When the caller's clock steps back,
     * clock_skew takes up the step, so time runs on from where it was: TSval
     * never goes back (RFC 7323 §5.4) and no timer fires early or waits the
     * size of the step (deadlines are reported on the caller's clock, less
     * clock_skew).  Kept across connections of the block. */
    uint64_t latest_now;
    uint64_t clock_skew;
    /* RFC 9438 CUBIC (src/core/cubic.c): t_epoch, when the current
     * congestion avoidance began on the core's clock; TCPFSM_NO_DEADLINE
     * until its first ACK */
    uint64_t cubic_epoch;
    /* RFC 8985 RACK-TLP (src/core/rack.c): the loss timer, in its role
     * loss_timer (a tail loss probe is due, or RACK's reordering window
     * ends); TCPFSM_NO_DEADLINE when it does not run */
    uint64_t loss_deadline;
    uint64_t rack_fack_at;   /* when an ACK last raised rack_fack */
    tcpfsm_config cfg;
    uint32_t iss, irs;
    uint32_t snd_una, snd_nxt, snd_wnd, snd_wl1, snd_wl2, max_snd_wnd;
    uint32_t rcv_nxt;
    uint32_t rcv_adv;        /* right edge of the window we last offered */
    uint32_t rcv_unread;     /* delivered bytes the user has not consumed yet */
    uint32_t snd_queued;     /* bytes queued by SEND, not yet acknowledged */
    uint32_t srtt8;          /* RFC 6298 SRTT in 1/8 ms */
    uint32_t rttvar4;        /* RFC 6298 RTTVAR in 1/4 ms */
    uint32_t rto;            /* current RTO in ms, backoff included */
    uint32_t rtt_seq;        /* the sample completes when this is acked */
    uint32_t ts_recent;      /* RFC 7323 §4.3 TS.Recent: the TSval to echo */
    uint32_t last_ack_sent;  /* RFC 7323 §4.3 Last.ACK.sent */
    uint32_t cwnd;           /* RFC 5681 congestion window, bytes */
    uint32_t ssthresh;       /* RFC 5681 slow-start threshold, bytes */
    uint32_t bytes_acked;    /* RFC 3465 §2.1: bytes acknowledged in congestion
                                avoidance since cwnd last grew */
    uint32_t recover;        /* RFC 6582 "recover" + 1: SND.NXT when the
                                last recovery began */
    uint32_t snd_sml;        /* end of the last segment sent shorter than
                                the MSS (Nagle, Minshall's form) */
    uint16_t snd_mss;        /* effective send MSS */
    uint8_t  state;          /* tcpfsm_state */
    uint8_t  retries;        /* retransmissions of the segment at SND.UNA */
    /* Conditions, each 0 or 1 (kept apart, not as bits: each is a plain
     * fact for the proofs). */
    uint8_t  passive;        /* came from LISTEN: RST in SYN-RECEIVED returns there */
    uint8_t  syn_acked;      /* our SYN has been acknowledged */
    uint8_t  fin_queued;     /* CLOSE was called; the FIN is not sent yet */
    uint8_t  fin_sent;       /* our FIN occupies sequence number snd_nxt - 1 */
    uint8_t  rtt_timing;     /* a round-trip sample is being timed */
    uint8_t  have_rtt;       /* srtt8/rttvar4 hold a measurement */
    uint16_t challenge_count;/* challenge ACKs sent since challenge_start */
    /* RFC 7323 §2: both SYNs carried the window scale option; the shifts
     * of the windows we receive and send (both 0 when not in use) */
    uint8_t  wscale_on;
    uint8_t  snd_wscale;
    uint8_t  rcv_wscale;
    uint8_t  ts_on;          /* RFC 7323 §3.2: both SYNs carried timestamps */
    uint8_t  dupacks;        /* RFC 5681 §3.2: duplicate ACKs in a row */
    uint8_t  recovery;       /* TCPFSM_RECOVERY_*, the loss recovery under way */
    uint8_t  rtx_due;        /* retransmit the segment at SND.UNA with the
                                next transmission (fast retransmit, RFC 6582
                                partial ACK) */
    uint8_t  nodelay;        /* Nagle's algorithm off (tcpfsm_set_nodelay) */
    uint8_t  keepalive;      /* keepalive on (tcpfsm_set_keepalive) */
    uint8_t  keepalive_armed;/* rtx_deadline is the keepalive timer */
    uint8_t  keepalive_probes;/* keepalive probes sent and unanswered */
    uint8_t  sack_on;        /* RFC 2018: both SYNs carried SACK-permitted */
    uint8_t  ooo_fin;        /* a FIN beyond RCV.NXT arrived, at ooo_fin_seq */
    uint8_t  soft_error;     /* RFC 1122 §4.2.3.9: the kind of the last ICMP
                                soft error (tcpfsm_icmp_kind), 0 when none */
    uint8_t  ecn_on;         /* RFC 3168 §6.1.1: both SYNs agreed on ECN */
    uint8_t  ecn_echo;       /* §6.1.3: a CE mark arrived; ECE on every ACK
                                until a segment with CWR arrives */
    uint8_t  ecn_cwr;        /* §6.1.2: the window was reduced for an ECE;
                                the next new data carries CWR */
    uint8_t  rcv_shut;       /* the user will receive no more
                                (tcpfsm_shutdown_receive) */
    uint8_t  snd_urgent;     /* RFC 9293 §3.8.5: urgent data we sent is not
                                all acknowledged; it ends before snd_up */
    uint32_t snd_up;         /* SND.UP: the sequence number after our urgent data */
    uint32_t rcv_urgent;     /* bytes the user has to read to pass the end
                                of the peer's urgent data (RCV.UP less the
                                user's read point); 0: none pending */
    uint32_t ecn_recover;    /* §6.1.2: no other reduction for ECE until
                                SND.UNA passes this (SND.NXT then) */
    uint32_t ooo_fin_seq;
    uint32_t high_rxt;       /* RFC 6675 HighRxt: the end of the last hole
                                retransmitted in this recovery */
    /* RFC 9937 Proportional Rate Reduction, in SACK loss recovery */
    uint32_t prr_delivered;  /* bytes the peer received since recovery began */
    uint32_t prr_out;        /* bytes sent since recovery began */
    uint32_t recover_fs;     /* RecoverFS: bytes this recovery may see delivered */
    /* RFC 9406 HyStart++, in the first slow start (src/core/hystart.c);
     * round-trip times in ms, 0xFFFFFFFF for none yet */
    uint32_t hs_window_end;  /* windowEnd: the round ends when SND.UNA reaches it */
    uint32_t hs_round_min_rtt;/* currentRoundMinRTT */
    uint32_t hs_last_min_rtt;/* lastRoundMinRTT */
    uint32_t hs_css_baseline;/* cssBaselineMinRtt */
    uint8_t  hs_phase;       /* off, slow start or Conservative Slow Start */
    uint8_t  hs_samples;     /* rttSampleCount, up to N_RTT_SAMPLE */
    uint8_t  hs_css_rounds;  /* rounds spent in CSS */
    /* RFC 9438 CUBIC, in bytes (src/core/cubic.c; kept whatever the
     * algorithm built, so that the layout does not depend on it) */
    uint32_t cubic_w_max;    /* W_max: the window before the last reduction,
                                less by fast convergence (§4.7) */
    uint32_t cubic_k;        /* K, in ms: when W_cubic reaches W_max again */
    uint32_t cubic_w_est;    /* W_est: the window Reno would have (§4.3) */
    uint32_t cubic_cwnd_prior;/* cwnd_prior: the window before the last reduction */
    /* RFC 8985 RACK-TLP (src/core/rack.c) */
    uint32_t rack_fack;      /* RACK.fack: the end of the highest data the
                                peer SACKed (SND.UNA when none) */
    uint32_t rack_lost;      /* data not SACKed below this is lost (RACK's
                                verdict; SND.UNA when none) */
    uint32_t rack_min_rtt;   /* RACK.min_RTT, ms; 0xFFFFFFFF for none yet */
    uint32_t tlp_end;        /* TLP.end_seq: SND.NXT when the probe went */
    uint32_t rack_dsack_round;/* RACK.dsack_round: SND.NXT when a D-SACK last
                                widened the reordering window (while
                                rack_dsack_counted) */
    uint8_t  loss_timer;     /* the role of loss_deadline (rack.c) */
    uint8_t  tlp_out;        /* a probe is unanswered: of new data, or the
                                last segment sent again */
    uint8_t  rack_reordering;/* 0: no reordering seen (RACK.reordering_seen
                                false); k >= 1: seen, and the reordering
                                window is k quarters of the least RTT
                                (RACK.reo_wnd_mult, one more per round
                                trip with a D-SACK) */
    uint8_t  rack_dsack_counted;/* 1: a D-SACK widened the window in the
                                round trip that ends when SND.UNA reaches
                                rack_dsack_round; no other does */
    uint8_t  rack_reo_persist;/* RACK.reo_wnd_persist: recoveries left
                                before the window falls back to one
                                quarter (16 after each widening) */
    /* Out-of-order data kept (RFC 2018 §4): beyond RCV.NXT */
    tcpfsm_ranges ooo;
    /* RFC 6675 scoreboard: data sent that the peer's SACK blocks cover,
     * beyond SND.UNA, up to SND.NXT */
    tcpfsm_ranges sacked;
} tcpfsm_conn;

/* Snapshot returned by tcpfsm_status (RFC 9293 §3.10.6). */
typedef struct tcpfsm_info {
    tcpfsm_state state;
    uint32_t snd_una, snd_nxt, snd_wnd, iss;
    uint32_t rcv_nxt, rcv_wnd, irs;
    uint32_t unacked;        /* queued bytes not yet acknowledged */
    uint32_t unread;         /* delivered bytes not yet consumed */
    uint32_t srtt_ms, rto_ms;
    uint16_t snd_mss;
    uint8_t  options;        /* negotiated: TCPFSM_OPT_WSCALE, _TIMESTAMP, _SACK_PERM */
    uint8_t  snd_wscale;     /* RFC 7323 shift of the peer's windows */
    uint8_t  rcv_wscale;     /* RFC 7323 shift of ours */
    uint8_t  recovery;       /* TCPFSM_RECOVERY_* */
    uint32_t cwnd, ssthresh; /* RFC 5681, bytes */
    uint8_t  ecn;            /* RFC 3168: 1 when both SYNs agreed on ECN */
    uint8_t  soft_error;     /* tcpfsm_icmp_kind of the last ICMP soft error
                                about this connection, 0 when none: what a
                                socket reports when the connection then times
                                out (FreeBSD's t_softerror) */
    /* RFC 9293 §3.8.5 MUST-33: bytes to read to pass the end of the peer's
     * urgent data (the last urgent byte is the urgent-th), 0 when none is
     * pending; it may lie beyond what has arrived */
    uint32_t urgent;
} tcpfsm_info;

#ifdef __FRAMAC__
#include "tcpfsm_logic.h" /* ACSL definitions the contracts below use */
#endif

/*
 * Contracts (ACSL, proven by `make prove`).  Every call that takes a
 * connection requires it to be NULL or valid and, when its state byte is one
 * of the 11 states, to satisfy the invariant conn_ok and rtx_timer_runs
 * (spec/tcpfsm_logic.h: the retransmission timer runs for whatever is in
 * flight, RFC 6298 §5.1), which every call re-establishes (STATUS, which
 * only reads, requires conn_ok alone).  Calls with an error result leave it
 * unchanged.
 */

/*@ requires cfg == \null || \valid(cfg);
    terminates \true;
    assigns *cfg;
    ensures cfg != \null ==> config_accepted(*cfg);
*/
TCPFSM_API void         tcpfsm_config_default(tcpfsm_config *cfg);

/* The layout of tcpfsm_conn a caller was compiled with: the block's size
 * and TCPFSM_OOO_RANGES.  tcpfsm_init hands it to the library, which
 * refuses a block laid out otherwise than its own (TCPFSM_ERR_LAYOUT,
 * nothing written): a build setting can never make it write past the
 * caller's block.  A binding from another language passes its own. */
#define TCPFSM_CONN_SIZE ((uint32_t)sizeof(tcpfsm_conn))

/*@ requires conn == \null || \valid(conn);
    requires cfg == \null || \valid_read(cfg);
    requires conn != \null && cfg != \null ==> \separated(conn, cfg);
    terminates \true;
    assigns *conn;
    behavior null_arg:
      assumes conn == \null || cfg == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior other_layout:
      assumes conn != \null && cfg != \null;
      assumes conn_size != sizeof(tcpfsm_conn) || ooo_ranges != TCPFSM_OOO_RANGES;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_LAYOUT;
    behavior bad_config:
      assumes conn != \null && cfg != \null;
      assumes conn_size == sizeof(tcpfsm_conn) && ooo_ranges == TCPFSM_OOO_RANGES;
      assumes !config_accepted(*cfg);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_BAD_CONFIG;
    behavior fresh:
      assumes conn != \null && cfg != \null;
      assumes conn_size == sizeof(tcpfsm_conn) && ooo_ranges == TCPFSM_OOO_RANGES;
      assumes config_accepted(*cfg);
      ensures \result == TCPFSM_OK;
      ensures conn_ok(*conn) && rtx_timer_runs(*conn) && conn->state == TCPFSM_CLOSED;
      ensures conn->cfg == *cfg;
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_init_layout(tcpfsm_conn *conn, const tcpfsm_config *cfg,
                                           uint32_t conn_size, uint32_t ooo_ranges);

/* A fresh connection block in CLOSED with the configuration cfg (copied). */
#define tcpfsm_init(conn, cfg) \
    tcpfsm_init_layout((conn), (cfg), TCPFSM_CONN_SIZE, TCPFSM_OOO_RANGES)

/* User calls, RFC 9293 §3.10.1-§3.10.6. */

/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior exists:
      assumes conn != \null && out != \null && state_ok(conn->state);
      assumes conn->state != TCPFSM_CLOSED && conn->state != TCPFSM_LISTEN;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_ALREADY_EXISTS;
    behavior open:
      assumes conn != \null && out != \null;
      assumes conn->state == TCPFSM_CLOSED || conn->state == TCPFSM_LISTEN;
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
      ensures open_active_step(\old(conn->state), \old(conn->passive), conn->state);
      ensures open_active_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures conn->state == TCPFSM_SYN_SENT;
      ensures conn->iss == iss && conn->snd_una == iss && conn->snd_nxt == seq_plus(iss, 1);
      ensures out->count == 1 && out->tx[0].flags == TCPFSM_SYN && out->tx[0].seq == iss;
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_open_active(tcpfsm_conn *conn, uint32_t iss, uint64_t now,
                                           tcpfsm_output *out);

/*@ requires conn == \null || \valid(conn);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn;
    behavior null_arg:
      assumes conn == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior exists:
      assumes conn != \null && state_ok(conn->state) && conn->state != TCPFSM_CLOSED;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_ALREADY_EXISTS;
    behavior listen:
      assumes conn != \null && conn->state == TCPFSM_CLOSED;
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && conn->state == TCPFSM_LISTEN;
      ensures open_passive_step(\old(conn->state), \old(conn->passive), conn->state);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_open_passive(tcpfsm_conn *conn);

/* The contract shared by the calls that take a connection and an output:
 * NULL and corrupt blocks are refused; otherwise the invariant holds after
 * the call, the output is within bounds, and an error changed nothing. */
/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior call:
      assumes conn != \null && out != \null && state_ok(conn->state);
      ensures conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures \result == TCPFSM_OK ==> out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
              && send_step(\old(conn->state), \old(conn->passive), conn->state)
              && send_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      // §3.10.2: exactly len more bytes queued; each data segment sent
      // carries queued bytes from their place
      ensures \result == TCPFSM_OK ==> conn->snd_queued == \old(conn->snd_queued) + len
              && data_placed(*out, 0, send_base(*conn), conn->snd_queued);
      ensures \result != TCPFSM_OK ==> *conn == \old(*conn) && *out == \old(*out);
      ensures \result == TCPFSM_OK || \result == TCPFSM_ERR_NO_CONNECTION
           || \result == TCPFSM_ERR_FOREIGN_UNSPECIFIED || \result == TCPFSM_ERR_CLOSING
           || \result == TCPFSM_ERR_INSUFFICIENT_RESOURCES;
      ensures \old(conn->state) == TCPFSM_CLOSED ==> \result == TCPFSM_ERR_NO_CONNECTION;
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_send(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                                    tcpfsm_output *out);

/* SEND with the urgent flag (RFC 9293 §3.8.5, §3.10.2): as tcpfsm_send,
 * and the len bytes end the urgent data: every segment sent before the
 * peer acknowledges them carries URG and the urgent pointer (through
 * tcpfsm_output.urgent), and Nagle holds none of them back.  The data is
 * inline, as all of it.  len 0 is TCPFSM_ERR_INVALID_ARG, after the errors
 * of SEND. */
/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior call:
      assumes conn != \null && out != \null && state_ok(conn->state);
      ensures conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures \result == TCPFSM_OK ==> out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
              && send_step(\old(conn->state), \old(conn->passive), conn->state)
              && send_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures \result == TCPFSM_OK ==> conn->snd_queued == \old(conn->snd_queued) + len
              && data_placed(*out, 0, send_base(*conn), conn->snd_queued);
      ensures \result != TCPFSM_OK ==> *conn == \old(*conn) && *out == \old(*out);
      ensures \result == TCPFSM_OK || \result == TCPFSM_ERR_NO_CONNECTION
           || \result == TCPFSM_ERR_FOREIGN_UNSPECIFIED || \result == TCPFSM_ERR_CLOSING
           || \result == TCPFSM_ERR_INSUFFICIENT_RESOURCES || \result == TCPFSM_ERR_INVALID_ARG;
      ensures \old(conn->state) == TCPFSM_CLOSED ==> \result == TCPFSM_ERR_NO_CONNECTION;
      ensures len == 0 ==> \result != TCPFSM_OK;
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_send_urgent(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                                           tcpfsm_output *out);

/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior call:
      assumes conn != \null && out != \null && state_ok(conn->state);
      ensures conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures \result == TCPFSM_OK ==> out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
              && receive_step(\old(conn->state), \old(conn->passive), conn->state)
              && receive_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures \result != TCPFSM_OK ==> *conn == \old(*conn) && *out == \old(*out);
      ensures \old(conn->state) == TCPFSM_CLOSED ==> \result == TCPFSM_ERR_NO_CONNECTION;
      ensures len > \old(conn->rcv_unread) ==> \result != TCPFSM_OK;
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_receive(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                                       tcpfsm_output *out);

/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior call:
      assumes conn != \null && out != \null && state_ok(conn->state);
      ensures conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures \result == TCPFSM_OK ==> out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
              && close_step(\old(conn->state), \old(conn->passive), conn->state)
              && close_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures \result != TCPFSM_OK ==> *conn == \old(*conn) && *out == \old(*out);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_close(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out);

/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior no_connection:
      assumes conn != \null && out != \null && conn->state == TCPFSM_CLOSED;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NO_CONNECTION;
    behavior abort:
      assumes conn != \null && out != \null && state_ok(conn->state);
      assumes conn->state != TCPFSM_CLOSED;
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
      ensures abort_step(\old(conn->state), \old(conn->passive), conn->state);
      ensures abort_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures conn->state == TCPFSM_CLOSED;
      ensures out->count <= 1;
      // §3.10.5: a RST only where the peer holds a connection
      ensures out->count == 1 <==> (\old(conn->state) == TCPFSM_SYN_RECEIVED
              || \old(conn->state) == TCPFSM_ESTABLISHED
              || \old(conn->state) == TCPFSM_FIN_WAIT_1
              || \old(conn->state) == TCPFSM_FIN_WAIT_2
              || \old(conn->state) == TCPFSM_CLOSE_WAIT);
      ensures out->count == 1 ==> out->tx[0].flags == TCPFSM_RST
              && out->tx[0].seq == \old(conn->snd_nxt);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_abort(tcpfsm_conn *conn, tcpfsm_output *out);

/*@ requires conn == \null || \valid_read(conn);
    requires info == \null || \valid(info);
    requires conn != \null && info != \null ==> \separated(conn, info);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn);
    terminates \true;
    assigns *info;
    behavior null_arg:
      assumes conn == \null || info == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && info != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior report:
      assumes conn != \null && info != \null && state_ok(conn->state);
      ensures info->state == conn->state;
      ensures \result == (conn->state == TCPFSM_CLOSED ? TCPFSM_ERR_NO_CONNECTION : TCPFSM_OK);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_status(const tcpfsm_conn *conn, tcpfsm_info *info);

/* Nagle's algorithm (RFC 9293 §3.7.4, RFC 896) off (nodelay != 0) or on
 * for this connection, at any time, as TCP_NODELAY does; until the block
 * is CLOSED again, when TCPFSM_CFG_NODELAY decides anew.  Data Nagle held
 * goes out with the next call that sends, tcpfsm_send(conn, 0, ...) for
 * one. */
/*@ requires conn == \null || \valid(conn);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns conn->nodelay;
    behavior null_arg:
      assumes conn == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior set:
      assumes conn != \null && state_ok(conn->state);
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures conn->nodelay == (nodelay != 0 ? 1 : 0);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_set_nodelay(tcpfsm_conn *conn, int nodelay);

/* Keepalive (RFC 1122 §4.2.3.6) on (on != 0) or off for this connection,
 * at any time, as SO_KEEPALIVE does; until the block is CLOSED again, when
 * TCPFSM_CFG_KEEPALIVE decides anew.  Turned on, the idle time counts from
 * `now`.  It runs while nothing is in flight in ESTABLISHED, FIN-WAIT-2
 * and CLOSE-WAIT; read the new deadline with tcpfsm_next_deadline. */
/*@ requires conn == \null || \valid(conn);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns conn->keepalive, conn->keepalive_probes, conn->keepalive_armed,
            conn->rtx_deadline, conn->user_deadline, conn->latest_now, conn->clock_skew;
    behavior null_arg:
      assumes conn == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior set:
      assumes conn != \null && state_ok(conn->state);
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures conn->state == \old(conn->state);
      ensures conn->keepalive == (on != 0 ? 1 : 0);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_set_keepalive(tcpfsm_conn *conn, int on, uint64_t now);

/* The user will receive no more on this connection, as a socket's close()
 * or shutdown(SHUT_RD) says.  From then on, in FIN-WAIT-2 (our FIN
 * acknowledged, the peer's not yet come) the connection ends, TIMED_OUT and
 * without a segment, once the peer has been silent for
 * tcpfsm_config.fin_wait_2_timeout_ms; that timer takes keepalive's place.
 * Data that still arrives is delivered as before.  Holds until the block is
 * CLOSED again; read the new deadline with tcpfsm_next_deadline.
 * TCPFSM_ERR_NO_CONNECTION in CLOSED. */
/*@ requires conn == \null || \valid(conn);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns conn->rcv_shut, conn->keepalive_armed, conn->rtx_deadline, conn->user_deadline,
            conn->latest_now, conn->clock_skew;
    behavior null_arg:
      assumes conn == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior closed:
      assumes conn != \null && state_ok(conn->state) && conn->state == TCPFSM_CLOSED;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NO_CONNECTION;
    behavior set:
      assumes conn != \null && state_ok(conn->state) && conn->state != TCPFSM_CLOSED;
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn);
      ensures conn->state == \old(conn->state) && conn->rcv_shut == 1;
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_shutdown_receive(tcpfsm_conn *conn, uint64_t now);

/* SEGMENT ARRIVES, RFC 9293 §3.10.7.  `iss` is used only when a SYN
 * arrives in LISTEN (the caller generates it per RFC 6528). */
/*@ requires conn == \null || \valid(conn);
    requires seg == \null || \valid_read(seg);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && seg != \null && out != \null ==> \separated(conn, seg, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || seg == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior invalid:
      assumes conn != \null && seg != \null && out != \null;
      assumes !state_ok(conn->state) || !segment_ok(*seg);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior arrive:
      assumes conn != \null && seg != \null && out != \null;
      assumes state_ok(conn->state) && segment_ok(*seg);
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
      ensures segment_step(\old(conn->state), \old(conn->passive), conn->state);
      // and sends only what spec/transitions.def lets the move send
      ensures segment_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      // RFC 5961 §3.2: with TCPFSM_CFG_RFC5961, a RST changes a synchronized
      // connection only when SEG.SEQ = RCV.NXT; §4.2: a SYN never resets it
      // (in TIME-WAIT with time_wait_reopen, RFC 6191's new incarnation ends it)
      ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
              && \old(conn->state) >= TCPFSM_SYN_RECEIVED
              && (\old(seg->flags) & TCPFSM_RST) != 0 && \old(seg->seq) != \old(conn->rcv_nxt)
              ==> conn->state == \old(conn->state);
      ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
              && \old(conn->state) >= TCPFSM_ESTABLISHED
              && (\old(seg->flags) & TCPFSM_SYN) != 0 && (\old(seg->flags) & TCPFSM_RST) == 0
              && (\old(conn->state) != TCPFSM_TIME_WAIT
                  || \old(conn->cfg.time_wait_reopen) == 0)
              ==> conn->state == \old(conn->state);
      // a RST is answered by nothing but the challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT>
      ensures (\old(seg->flags) & TCPFSM_RST) != 0
              ==> out->count <= 1 && (out->count == 1 ==> out->tx[0].flags == TCPFSM_ACK
                  && out->tx[0].seq == conn->snd_nxt && out->tx[0].ack == conn->rcv_nxt);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_on_segment(tcpfsm_conn *conn, const tcpfsm_segment *seg,
                                          uint32_t iss, uint64_t now, tcpfsm_output *out);

/* Timeouts, RFC 9293 §3.10.8. */
/*@ requires conn == \null || \valid(conn);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior corrupt:
      assumes conn != \null && out != \null && !state_ok(conn->state);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior tick:
      assumes conn != \null && out != \null && state_ok(conn->state);
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
      ensures timer_step(\old(conn->state), \old(conn->passive), conn->state);
      // and sends only what spec/transitions.def lets the move send
      ensures timer_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures out->count <= 1;
      // it acts only on a deadline that has passed at the time it runs at
      // (clock_at: `now` on the core's clock)
      ensures !timer_due(\old(conn->user_deadline), \old(conn->rtx_deadline),
                         \old(conn->ack_deadline), \old(conn->loss_deadline),
                         clock_at(now, \old(conn->clock_skew), \old(conn->latest_now)))
              ==> out->count == 0 && out->notes == 0 && conn->state == \old(conn->state);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_on_timer(tcpfsm_conn *conn, uint64_t now,
                                        tcpfsm_output *out);

/* An ICMP or ICMPv6 error quoting one of this connection's segments
 * (RFC 9293 §3.9.2.2, RFC 1122 §4.2.3.9, RFC 5927, RFC 5461, RFC 1191,
 * RFC 8201).  The embedder finds the connection from the quoted addresses
 * and ports (tcpfsm_wire_parse_icmp).  A message whose quoted SEQ is not
 * in SND.UNA .. SND.NXT - 1 changes nothing.  In SYN-SENT a hard error
 * (tcpfsm_config.icmp_abort) ends the connection: REFUSED, or UNREACHABLE,
 * with CLOSED, no RST.  Packet Too Big lowers the send MSS, not below
 * TCPFSM_PMTU_MIN_MSS, and sends the first segment of data in flight again
 * at once; in SYN-SENT it lowers the MSS our next SYN announces and the
 * most the connection will send.  Anything else is a soft error: tcpfsm_info.soft_error and the
 * note SOFT_ERROR; the connection goes on. */
/*@ requires conn == \null || \valid(conn);
    requires icmp == \null || \valid_read(icmp);
    requires out == \null || \valid(out);
    requires conn != \null && out != \null ==> \separated(conn, out);
    requires icmp != \null && out != \null ==> \separated(icmp, out);
    requires icmp != \null && conn != \null ==> \separated(icmp, conn);
    requires conn != \null && state_ok(conn->state) ==> conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    behavior null_arg:
      assumes conn == \null || icmp == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior invalid:
      assumes conn != \null && icmp != \null && out != \null
              && (!state_ok(conn->state) || !icmp_ok(icmp->kind, icmp->mss));
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior not_ours:
      assumes conn != \null && icmp != \null && out != \null
              && state_ok(conn->state) && icmp_ok(icmp->kind, icmp->mss)
              && !icmp_about(*conn, icmp->kind, icmp->seq);
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && out->count == 0 && out->notes == 0;
      // stale or forged (RFC 5927 §4.1): nothing of the connection moves
      ensures icmp_unchanged(\old(*conn), *conn);
    behavior ours:
      assumes conn != \null && icmp != \null && out != \null
              && state_ok(conn->state) && icmp_ok(icmp->kind, icmp->mss)
              && icmp_about(*conn, icmp->kind, icmp->seq);
      ensures \result == TCPFSM_OK && conn_ok(*conn) && rtx_timer_runs(*conn)
              && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
      ensures icmp_step(\old(conn->state), \old(conn->passive), conn->state);
      // and sends only what spec/transitions.def lets the move send
      ensures icmp_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures out->count <= 1;
      // SHLD-26: a hard error ends SYN-SENT
      ensures icmp_closes: icmp_ends(\old(conn->state), \old(conn->cfg.icmp_abort), \old(icmp->kind))
              ==> conn->state == TCPFSM_CLOSED
                  && (\old(icmp->kind) == TCPFSM_ICMP_REFUSED
                      ? out->notes == (TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED)
                      : out->notes == (TCPFSM_NOTE_UNREACHABLE | TCPFSM_NOTE_CLOSED));
      // MUST-56: nothing else ends a connection
      ensures icmp_stays: !icmp_ends(\old(conn->state), \old(conn->cfg.icmp_abort), \old(icmp->kind))
              ==> conn->state == \old(conn->state);
      // SHLD-25: the user is told of a soft error, and STATUS keeps it
      ensures !icmp_ends(\old(conn->state), \old(conn->cfg.icmp_abort), \old(icmp->kind))
              && \old(icmp->kind) != TCPFSM_ICMP_PACKET_TOO_BIG
              ==> conn->soft_error == \old(icmp->kind) && out->notes == TCPFSM_NOTE_SOFT_ERROR;
      // RFC 1191 §6.4: the send MSS only falls, to no less than the floor
      ensures conn->state != TCPFSM_CLOSED ==> conn->snd_mss <= \old(conn->snd_mss)
              && conn->snd_mss >= \min(\old(conn->snd_mss), TCPFSM_PMTU_MIN_MSS);
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_on_icmp(tcpfsm_conn *conn, const tcpfsm_icmp *icmp,
                                       uint64_t now, tcpfsm_output *out);

/*@ requires conn == \null || \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures conn == \null ==> \result == TCPFSM_NO_DEADLINE;
    ensures conn != \null ==> \result == next_deadline(*conn);
*/
TCPFSM_API uint64_t     tcpfsm_next_deadline(const tcpfsm_conn *conn);

/* §3.10.7.1: the reply to a segment that reaches no connection. */
/*@ requires seg == \null || \valid_read(seg);
    requires out == \null || \valid(out);
    requires seg != \null && out != \null ==> \separated(seg, out);
    terminates \true;
    assigns *out;
    behavior null_arg:
      assumes seg == \null || out == \null;
      assigns \nothing;
      ensures \result == TCPFSM_ERR_NULL;
    behavior invalid:
      assumes seg != \null && out != \null && !segment_ok(*seg);
      assigns \nothing;
      ensures \result == TCPFSM_ERR_INVALID_ARG;
    behavior reply:
      assumes seg != \null && out != \null && segment_ok(*seg);
      ensures \result == TCPFSM_OK;
      // never answer a RST
      ensures (seg->flags & TCPFSM_RST) != 0 ==> out->count == 0;
      // <SEQ=SEG.ACK><CTL=RST>
      ensures (seg->flags & TCPFSM_RST) == 0 && (seg->flags & TCPFSM_ACK) != 0
              ==> out->count == 1 && out->tx[0].flags == TCPFSM_RST
                  && out->tx[0].seq == seg->ack;
      // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SYN and FIN counted
      ensures (seg->flags & TCPFSM_RST) == 0 && (seg->flags & TCPFSM_ACK) == 0
              ==> out->count == 1 && out->tx[0].flags == (TCPFSM_RST | TCPFSM_ACK)
                  && out->tx[0].seq == 0
                  && out->tx[0].ack == seq_plus(seg->seq, seg_len(*seg));
    complete behaviors;
    disjoint behaviors;
*/
TCPFSM_API tcpfsm_error tcpfsm_reply_no_connection(const tcpfsm_segment *seg,
                                                   tcpfsm_output *out);

/*@ terminates \true;
    assigns \nothing;
    ensures \valid_read(\result);
*/
TCPFSM_API const char  *tcpfsm_state_name(tcpfsm_state state);

/* TCPFSM_VERSION_STRING of the library linked, which may be newer than the
 * header a caller was compiled with. */
/*@ terminates \true;
    assigns \nothing;
*/
TCPFSM_API const char  *tcpfsm_version(void);

#ifdef __cplusplus
}
#endif
#endif /* TCPFSM_H */
