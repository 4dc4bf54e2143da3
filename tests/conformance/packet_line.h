/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One packet line of a packetdrill script, `<` (the peer sends, we inject)
 * or `>` (the stack must send), as the FreeBSD TCP suite writes them:
 *
 *     +0.00 > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>
 *     +0.10 <[noecn] . 1:1(0) ack 1 win 65535
 *     +0.00 > (ttl 4) R 1:1(0) win 0/udp(9811 > 1)
 *
 * Flags are packetdrill's letters (S F R P . E W U, `.` meaning ACK), the
 * sequence range is `start:end(length)` or `...(length)` (start not
 * checked), `ack`, `win` and the option list are optional: on a `>` line a
 * missing field is not checked (packetdrill's FLAG_WIN_NOCHECK and
 * FLAG_OPTIONS_NOCHECK).  The urgent pointer is `urg N` between the window
 * and the options (packetdrill's parser.y opt_urg_ptr and lexer.l `urg`,
 * Google's and nplab's alike), the URG bit the flag `U`:
 *
 *     +0.00 > PU. 1:1001(1000) ack 1 win 65535 urg 1000
 *
 * Unlike `win`, a missing `urg` is not "not checked": it is 0, the value
 * packetdrill puts in the header and compares (run_packet.c verify_tcp
 * checks tcp_urg and tcp_urg_ptr on every outbound packet).
 */
#ifndef PD_PACKET_LINE_H
#define PD_PACKET_LINE_H

#include <stdint.h>
#include "tcpfsm/wire.h"

/* What a line says of the IP header, packetdrill's ip_info (its parser.y,
 * opt_ip_info: `(...)` or `[...]` after the direction):
 *
 *     < (ttl 3) S 0:0(0) ...       > (tos 0x20) R. ...     > [ect0] . ...
 *     > (class 0xe0, hlim 6) ...   > (dscp cs1, ecn ect01) ...
 *
 * The TOS byte (IPv4) or traffic class (IPv6) is checked as packetdrill's
 * verify_outbound_live_tos does: the whole byte (`tos`, `class`, `dscp X,
 * ecn Y`), the DSCP alone (`dscp`), the ECN field alone (`noecn`, `ect0`,
 * `ect1`, `ce`, `ecn X`) or an ECN field of ECT(0) or ECT(1) (`ect01`);
 * `ttl` and `hlim` are the same field, the TTL or the hop limit. */
typedef enum {
    PD_TOS_NONE = 0,  /* not given: not checked (inbound: 0) */
    PD_TOS_ECN,       /* the ECN field is `tos & 3` */
    PD_TOS_ECT01,     /* the ECN field is ECT(0) or ECT(1) (outbound only) */
    PD_TOS_BYTE,      /* the whole byte is `tos` */
    PD_TOS_DSCP,      /* the DSCP (tos >> 2) is `tos >> 2` */
    PD_TOS_DSCP_ECT01 /* the DSCP, and an ECN field of ECT(0) or ECT(1) */
} pd_tos_check;

/* The IP ECN field of a TOS byte (RFC 3168 §5: ECT(1) 01, ECT(0) 10, CE 11). */
#define PD_IP_ECN_MASK 0x03u

typedef struct {
    pd_tos_check tos_check;
    uint8_t      tos;        /* the value the check is about */
    int          ttl_given;  /* `ttl N` or `hlim N` */
    uint8_t      ttl;
    int          flowlabel_given; /* `flowlabel 0x...`: IPv6's flow label, which
                                     packetdrill does not check on what the stack
                                     sends; kept for the header only */
    uint32_t     flowlabel;
} pd_ip_info;

typedef struct {
    int      outbound;      /* 1: `>`, the stack sends it; 0: `<`, injected */
    pd_ip_info ip;
    uint8_t  flags;         /* TCPFSM_SYN | ... (all eight bits) */
    int      seq_given;     /* 0: `...` in place of the start */
    int      seq_absolute;  /* `start:end(len)!`: our SEQ not mapped from the
                               script's ISN (packetdrill's FLAG_ABSOLUTE_SEQ) */
    uint32_t seq;
    uint32_t len;           /* payload bytes */
    int      ack_given;
    uint32_t ack;
    int      win_given;
    uint32_t win;
    /* `urg N` (0 when not written): the header's urgent pointer, sent as
     * is on a `<` line, compared on a `>` line, whatever the URG bit */
    uint16_t urg_ptr;
    int      options_given; /* 0: no `<...>` list, or `<...>`: not checked */
    /* The options, as the codec models them: MSS, window scale,
     * SACK-permitted, timestamps, SACK blocks (nop and eol are layout). */
    uint8_t  options;       /* TCPFSM_OPT_* | TCPFSM_OPT_SACK */
    uint16_t mss;
    uint8_t  wscale;
    uint32_t ts_val, ts_ecr;
    uint8_t  sack_count;
    tcpfsm_sack_block sack[TCPFSM_WIRE_MAX_SACK];
    int      ts_ecr_absolute; /* `TS val v ecr e!`: e not mapped to our TS val */
    /* `md5 valid`, `md5 invalid` or `md5 <hex digest>`: a TCP-MD5 signature
     * option (RFC 2385, kind 19), which the codec does not model */
    int      md5;
    uint8_t  md5_digest[16];
    /* `/udp(src > dst)` after the TCP part: the segment travels in a UDP
     * datagram with these ports (TCP over UDP, FreeBSD's
     * net.inet.tcp.udp_tunneling_port; packetdrill's opt_udp_encaps_info) */
    int      udp_given;
    uint16_t udp_src, udp_dst;
} pd_packet;

#define PD_MD5_VALID   1
#define PD_MD5_INVALID 2
#define PD_MD5_DIGEST  3


/* Parse `text` (the line after its time), which starts with `<` or `>`.
 * Returns 0, or -1 with a reason for the SKIP in `why`. */
int pd_packet_parse(const char *text, pd_packet *pkt, char *why, unsigned why_len);

/* A short human form, packetdrill's own: "S. 0:0(0) ack 1 win 65535 <...>",
 * with `urg N` when the pointer is not 0. */
void pd_packet_format(const pd_packet *pkt, char *buf, unsigned len);

/* The IP part of a line as packetdrill writes it ("(ttl 4, tos 0x20)"),
 * "" when the line gives none; and the `/udp(a > b)` suffix, "" when none. */
void pd_ip_info_format(const pd_ip_info *ip, int ipv6, char *buf, unsigned len);
void pd_udp_format(const pd_packet *pkt, char *buf, unsigned len);

/* The flags in packetdrill's letters. */
void pd_flags_format(uint8_t flags, char *buf, unsigned len);

#endif
