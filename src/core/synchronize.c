/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's SYN recorded: RFC 9293 §3.10.7.2 and §3.10.7.3 settle IRS and
 * RCV.NXT, the options of the handshake are negotiated, and congestion
 * control starts. */
#include "internal.h"

/* Record the peer's SYN: RFC 9293 §3.10.7.2/§3.10.7.3 set IRS and RCV.NXT;
 * the window and MSS come from the SYN (§3.7.1: 536 when no MSS option),
 * its window unscaled (RFC 7323 §2.2), and window scaling and timestamps
 * are settled. */
void tcpfsm_synchronize(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now)
{
    uint16_t peer_mss = (seg->options & TCPFSM_OPT_MSS) != 0u ? seg->mss : 536u;
    conn->irs = seg->seq;
    conn->rcv_nxt = tcpfsm_seq_add(seg->seq, 1u);
    /* our SYN offered the buffer, as far as an unscaled window reaches */
    conn->rcv_adv = tcpfsm_seq_add(conn->rcv_nxt, tcpfsm_min_u32(conn->cfg.rcv_buf, 65535u));
    tcpfsm_wscale_negotiate(conn, seg);
    tcpfsm_ts_negotiate(conn, seg, now);
    /* RFC 2018 §2: SACK when both SYNs carried SACK-permitted */
    conn->sack_on = tcpfsm_syn_offers(conn, TCPFSM_CFG_SACK)
                    && (seg->options & TCPFSM_OPT_SACK_PERM) != 0u ? 1u : 0u;
    conn->ooo.count = 0u;
    conn->ooo_fin = 0u;
    conn->sacked.count = 0u;
    conn->snd_wnd = seg->window;
    conn->max_snd_wnd = seg->window;
    conn->snd_wl1 = seg->seq;
    conn->snd_wl2 = seg->ack;
    /* RFC 9293 §3.7.1: no more than the peer takes, nor than the path
     * carries (cfg.mss, or less after a Packet Too Big in SYN-SENT) */
    conn->snd_mss = peer_mss < conn->snd_mss ? peer_mss : conn->snd_mss;
    /* RFC 9293 §3.7.1, RFC 6691: the timestamps option on every segment
     * (12 bytes with its padding) comes out of it, as in Linux */
    if (conn->ts_on != 0u && conn->snd_mss > 12u) {
        conn->snd_mss = (uint16_t)(conn->snd_mss - 12u);
    }
    conn->snd_sml = conn->snd_una; /* no small segment sent yet */
    conn->ecn_on = tcpfsm_ecn_agreed(conn, seg); /* RFC 3168 §6.1.1 */
    conn->ecn_echo = 0u;
    conn->ecn_cwr = 0u;
    conn->ecn_recover = conn->snd_una;
    tcpfsm_cc_init(conn);
}
