/* SPDX-License-Identifier: BSD-2-Clause */
/* ICMP errors about our segments: RFC 9293 §3.9.2.2 and RFC 1122
 * §4.2.3.9 (hard and soft errors), RFC 5927 (which messages to believe),
 * RFC 5461 (hard errors are soft once synchronized), RFC 1191 and RFC 8201
 * (Packet Too Big lowers the send MSS). */
#include "internal.h"

/* RFC 5927 §4.1: a message is about this connection only when the
 * sequence number it quotes lies in SND.UNA .. SND.NXT - 1, sent and not
 * yet acknowledged; anything else is stale or forged and is ignored. */
/*@ requires \valid_read(conn) && \valid_read(icmp);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> icmp_about(*conn, icmp->kind, icmp->seq);
*/
static int about_this_connection(const tcpfsm_conn *conn, const tcpfsm_icmp *icmp)
{
    return icmp->kind != (uint8_t)TCPFSM_ICMP_NONE
        && tcpfsm_seq_dist(icmp->seq, conn->snd_una)
               < tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una);
}

/* SHLD-26 of RFC 9293 §3.9.2.2 (RFC 1122 §4.2.3.9): protocol and port
 * unreachable are hard errors; FreeBSD's icmp_may_rst adds administrative
 * prohibition and a TTL exceeded in transit (tcp_ctlinput). */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> icmp_hard(policy, kind);
*/
static int hard_error(uint8_t policy, uint8_t kind)
{
    if (policy == TCPFSM_ICMP_ABORT_NONE) {
        return 0;
    }
    if (kind == (uint8_t)TCPFSM_ICMP_REFUSED) {
        return 1;
    }
    return policy == TCPFSM_ICMP_ABORT_BSD
        && (kind == (uint8_t)TCPFSM_ICMP_PROHIBITED || kind == (uint8_t)TCPFSM_ICMP_TIME_EXCEEDED);
}

/* RFC 9293 §3.7.2, RFC 1191 §6.4, RFC 8201 §5.4: the path carries at most icmp->mss bytes
 * of TCP payload; the timestamps option of every segment comes out of it
 * as at the handshake (synchronize.c).  Never below TCPFSM_PMTU_MIN_MSS
 * (RFC 5927 §7.2), never raised.  Data in flight was too big for the path
 * and is lost: its first segment goes again at once, cut to the new size,
 * as Linux's tcp_simple_retransmit and FreeBSD's tcp_mtudisc do; the
 * congestion window stays, the loss being no sign of congestion, and the
 * segment being timed is no longer a sample (Karn, RFC 6298 §3).  In
 * SYN-SENT nothing is resent (the SYN carries no data, and its timer runs):
 * the lower MSS is what our next SYN announces and the most we will send
 * (tcb.c, synchronize.c), as FreeBSD's host cache makes its next SYN
 * offer the path's (icmp6_mtudisc_update, tcp_mssopt). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires conn->snd_una != conn->snd_nxt;
    terminates \true;
    assigns conn->snd_mss, conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
            conn->rtt_timing, conn->prr_out, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count,
            out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures conn->snd_mss <= \old(conn->snd_mss);
    ensures conn->snd_mss >= \min(\old(conn->snd_mss), TCPFSM_PMTU_MIN_MSS);
    ensures out->count == 1 ==> data_in_flight(*conn) > 0 && conn->syn_acked != 0
            && conn->rtt_timing == 0;
    ensures kinds_from(*out, 0, TCPFSM_KIND_DATA,
                       conn->fin_sent != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
*/
static void packet_too_big(tcpfsm_conn *conn, const tcpfsm_icmp *icmp, tcpfsm_output *out)
{
    uint32_t options = conn->ts_on != 0u ? 12u : 0u;
    uint32_t room = icmp->mss > options ? icmp->mss - options : 0u;
    uint32_t mss = room > TCPFSM_PMTU_MIN_MSS ? room : TCPFSM_PMTU_MIN_MSS;
    if (mss >= conn->snd_mss) {
        return; /* no news: the path carries what we send */
    }
    conn->snd_mss = (uint16_t)mss;
    if (conn->syn_acked != 0u && tcpfsm_inflight_data(conn) > 0u) {
        tcpfsm_retransmit(conn, out);
        conn->rtt_timing = 0u;
        tcpfsm_prr_resent(conn, out);
    }
}

/* A message about a segment in flight (icmp_about). */
/*@ requires \valid(conn) && \valid_read(icmp) && \valid(out);
    requires \separated(conn, out) && \separated(icmp, out) && \separated(icmp, conn);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires out->notes == 0 && icmp_ok(icmp->kind, icmp->mss)
             && icmp_about(*conn, icmp->kind, icmp->seq);
    // a retransmission sends nothing new: what is in flight keeps its timer
    requires rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures icmp_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures icmp_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures rtx_timer_runs(*conn);
    behavior hard:
      assumes icmp_ends(conn->state, conn->cfg.icmp_abort, icmp->kind);
      ensures conn->state == TCPFSM_CLOSED && out->count == 0;
      ensures icmp->kind == TCPFSM_ICMP_REFUSED
              ? out->notes == (TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED)
              : out->notes == (TCPFSM_NOTE_UNREACHABLE | TCPFSM_NOTE_CLOSED);
    behavior too_big:
      assumes !icmp_ends(conn->state, conn->cfg.icmp_abort, icmp->kind);
      assumes icmp->kind == TCPFSM_ICMP_PACKET_TOO_BIG;
      ensures conn->state == \old(conn->state) && out->notes == 0;
      ensures conn->snd_mss <= \old(conn->snd_mss);
      ensures conn->snd_mss >= \min(\old(conn->snd_mss), TCPFSM_PMTU_MIN_MSS);
    behavior soft:
      assumes !icmp_ends(conn->state, conn->cfg.icmp_abort, icmp->kind);
      assumes icmp->kind != TCPFSM_ICMP_PACKET_TOO_BIG;
      ensures conn->state == \old(conn->state) && out->count == 0;
      ensures conn->soft_error == icmp->kind && out->notes == TCPFSM_NOTE_SOFT_ERROR;
      ensures conn->snd_mss == \old(conn->snd_mss);
    complete behaviors;
    disjoint behaviors;
*/
static void take_error(tcpfsm_conn *conn, const tcpfsm_icmp *icmp, tcpfsm_output *out)
{
    if (conn->state == (uint8_t)TCPFSM_SYN_SENT && hard_error(conn->cfg.icmp_abort, icmp->kind)) {
        /* SHLD-26: abort, no RST (nothing of ours reached a peer) */
        if (icmp->kind == (uint8_t)TCPFSM_ICMP_REFUSED) {
            tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_REFUSED);
        } else {
            tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_UNREACHABLE);
        }
    } else if (icmp->kind == (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG) {
        packet_too_big(conn, icmp, out);
    } else {
        /* MUST-56: a soft error never aborts; SHLD-25: the user is told.
         * RFC 5461 §4: a hard error in a synchronized state is one too. */
        conn->soft_error = icmp->kind;
        out->notes = TCPFSM_NOTE_SOFT_ERROR;
    }
}

/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> icmp_ok(kind, mss);
*/
static int icmp_valid(uint8_t kind, uint16_t mss)
{
    return kind < (uint8_t)TCPFSM_ICMP_KIND_COUNT
        && (kind != (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG || mss >= 1u);
}

/* The message, once judged valid, against the connection. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && rtx_timer_runs(*conn) && icmp_ok(kind, mss);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && rtx_timer_runs(*conn)
            && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    behavior not_ours:
      assumes !icmp_about(*conn, kind, seq);
      ensures out->count == 0 && out->notes == 0;
      ensures icmp_unchanged(\old(*conn), *conn);
    behavior ours:
      assumes icmp_about(*conn, kind, seq);
      ensures icmp_step(\old(conn->state), \old(conn->passive), conn->state);
      ensures icmp_output(\old(conn->state), \old(conn->passive), conn->state, *out);
      ensures icmp_ends(\old(conn->state), \old(conn->cfg.icmp_abort), kind)
              ==> conn->state == TCPFSM_CLOSED
                  && (kind == TCPFSM_ICMP_REFUSED
                      ? out->notes == (TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED)
                      : out->notes == (TCPFSM_NOTE_UNREACHABLE | TCPFSM_NOTE_CLOSED));
      ensures !icmp_ends(\old(conn->state), \old(conn->cfg.icmp_abort), kind)
              ==> conn->state == \old(conn->state);
      ensures !icmp_ends(\old(conn->state), \old(conn->cfg.icmp_abort), kind)
              && kind != TCPFSM_ICMP_PACKET_TOO_BIG
              ==> conn->soft_error == kind && out->notes == TCPFSM_NOTE_SOFT_ERROR;
      ensures conn->state != TCPFSM_CLOSED ==> conn->snd_mss <= \old(conn->snd_mss)
              && conn->snd_mss >= \min(\old(conn->snd_mss), TCPFSM_PMTU_MIN_MSS);
    complete behaviors;
    disjoint behaviors;
*/
static void icmp_arrives(tcpfsm_conn *conn, uint8_t kind, uint32_t seq, uint16_t mss,
                         uint64_t now, tcpfsm_output *out)
{
    tcpfsm_icmp message; /* the core's own copy of what it only reads */
    /* a message not ours leaves the clock where it is: the output's TSval
     * (no segment carries it) is still the clock's */
    uint64_t at = conn->latest_now;
    message.kind = kind;
    message.seq = seq;
    message.mss = mss;
    tcpfsm_out_clear(out);
    if (about_this_connection(conn, &message)) {
        /* taken: the clock moves, as with every call (tcpfsm_clock); a
         * message that is not ours leaves the block as it was */
        at = tcpfsm_clock(conn, now);
        take_error(conn, &message, out);
    }
    (void)tcpfsm_finish(conn, at, out);
}

tcpfsm_error tcpfsm_on_icmp(tcpfsm_conn *conn, const tcpfsm_icmp *icmp, uint64_t now,
                            tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (icmp == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (err != TCPFSM_OK) {
        return err;
    }
    if (!icmp_valid(icmp->kind, icmp->mss)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    icmp_arrives(conn, icmp->kind, icmp->seq, icmp->mss, now, out);
    return TCPFSM_OK;
}
