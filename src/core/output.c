/* SPDX-License-Identifier: BSD-2-Clause */
/* Filling the caller's output: the segments to send and the window offered. */
#include "internal.h"

/* Only what says what the output holds: entries of tx[] beyond count and
 * of sack[] beyond sack_count are never read, and are left as the caller
 * had them (tcpfsm_emit writes every field of an entry it appends), which
 * saves clearing 8 entries on every call. */
void tcpfsm_out_clear(tcpfsm_output *out)
{
    out->deadline = TCPFSM_NO_DEADLINE;
    out->acked = 0u;
    out->deliver_offset = 0u;
    out->deliver_len = 0u;
    out->keep_offset = 0u;
    out->keep_len = 0u;
    out->keep_at = 0u;
    out->reasm_len = 0u;
    out->sack_count = 0u;
    out->dsack = 0u;
    out->count = 0u;
    out->notes = 0u;
    out->more = 0u;
    out->timestamps = 0u;
    out->ts_val = 0u;
    out->ts_ecr = 0u;
    out->urgent = 0u;
    out->urgent_up = 0u;
}

/* Append one segment; 0 when the output is full. */
int tcpfsm_emit(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags,
                uint16_t window, uint32_t data_offset, uint32_t data_len)
{
    if (out->count >= TCPFSM_MAX_TX) {
        out->more = 1u;
        return 0;
    }
    out->tx[out->count].seq = seq;
    out->tx[out->count].ack = ack;
    out->tx[out->count].flags = flags;
    out->tx[out->count].window = window;
    out->tx[out->count].data_offset = data_offset;
    out->tx[out->count].data_len = data_len;
    out->tx[out->count].mss = 0u;
    out->tx[out->count].options = 0u;
    out->tx[out->count].wscale = 0u;
    out->tx[out->count].ecn = 0u;
    out->count++;
    return 1;
}

/* RFC 9293 §3.8.6.2.2: the least the right edge moves by,
 * min(RCV.BUFF / 2, Eff.snd.MSS). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= 65535;
*/
static uint32_t sws_step(const tcpfsm_conn *conn)
{
    return tcpfsm_min_u32(conn->cfg.rcv_buf / 2u, conn->snd_mss);
}

/* WINDOW_EDGE_BSD: FreeBSD's tcp_output offers no window smaller than
 * min(buffer / 4, MSS), and otherwise all the free buffer. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= 65535;
*/
static uint32_t bsd_sws_floor(const tcpfsm_conn *conn)
{
    return tcpfsm_min_u32(conn->cfg.rcv_buf / 4u, conn->snd_mss);
}

/* The window we offer, as a count of units of 2^shift bytes (RFC 7323
 * §2.3), at most 65535 and never past the end of the free buffer.
 *
 * The right edge already offered is kept, rounded up to a whole unit so
 * that the edge the peer computes does not move left (§2.4).  Receiver
 * silly-window avoidance (RFC 9293 §3.8.6.2.2) moves it right only by at
 * least min(RCV.BUFF / 2, Eff.snd.MSS), and then to whole units that leave
 * one unit less a byte of the buffer free: the next round-up, which adds
 * less than a unit, still fits while the application keeps reading.  Only
 * when it does not, and the window reaches the end of the buffer, does the
 * edge move back, by less than a unit (RFC 7323 §2.4 expects it). */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    requires 1 <= unit <= 16384;
    terminates \true;
    assigns \nothing;
    ensures \result <= 65535;
    ensures \result * unit <= conn->cfg.rcv_buf - conn->rcv_unread;
*/
static uint32_t offer_units(const tcpfsm_conn *conn, uint32_t unit)
{
    uint32_t free_space = conn->cfg.rcv_buf - conn->rcv_unread;
    uint32_t offered = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t step = sws_step(conn);
    uint32_t room = free_space >= unit - 1u ? (free_space - (unit - 1u)) / unit : 0u;
    uint32_t units = offered / unit;
    if (units * unit < offered) {
        units++;
    }
    if (room * unit > offered && room * unit - offered >= step) {
        units = room;
    } else if ((conn->cfg.compat & TCPFSM_COMPAT_WINDOW_EDGE_BSD) != 0u && room * unit > offered
               && room * unit >= bsd_sws_floor(conn)) {
        units = room;
    }
    units = tcpfsm_min_u32(units, free_space / unit);
    return tcpfsm_min_u32(units, 65535u);
}

/* How far the offer must be able to grow before a read alone sends a
 * window update, as FreeBSD's tcp_output judges it: two segments when the
 * buffer holds at most eight or is nearly full (an eighth or less free),
 * else a quarter of the buffer; never more than half of it.  Each MSS a
 * prompt reader frees would otherwise draw an ACK of its own, one per
 * segment received; the data's own ACKs (every second full-sized segment,
 * the delayed ACK, RFC 9293 §3.8.6.3) carry the window meanwhile.  Never
 * below the edge's own step, min(RCV.BUFF / 2, Eff.snd.MSS). */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= conn->cfg.rcv_buf / 2;
*/
static uint32_t update_step(const tcpfsm_conn *conn)
{
    uint32_t buf = conn->cfg.rcv_buf;
    uint32_t two = 2u * (uint32_t)conn->snd_mss;
    uint32_t free_space = buf - conn->rcv_unread;
    uint32_t want = buf / 8u <= conn->snd_mss || free_space <= buf / 8u
                  ? two : tcpfsm_max_u32(two, buf / 4u);
    return tcpfsm_min_u32(want, buf / 2u);
}

/* A window update is due when the edge can move right by a whole step,
 * not when rounding alone would move it (RFC 9293 §3.8.6.2.2), and by
 * update_step, or when less than a step was offered: a window (nearly)
 * shut keeps the sender waiting, so it is reopened at once. */
int tcpfsm_window_update_due(const tcpfsm_conn *conn)
{
    uint32_t unit;
    uint32_t offered = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t free_space = conn->cfg.rcv_buf - conn->rcv_unread;
    uint32_t step = offered < sws_step(conn) ? sws_step(conn)
                  : tcpfsm_max_u32(sws_step(conn), update_step(conn));
    if (free_space < offered || free_space - offered < step) {
        return 0; /* no offer fits a step: the common case, found without dividing */
    }
    unit = tcpfsm_wscale_unit(conn->rcv_wscale);
    return offer_units(conn, unit) * unit >= offered + step;
}

/* Offer the window in units of 2^shift and record its right edge. */
/*@ requires \valid(conn) && conn_ok(*conn) && conn->state >= TCPFSM_SYN_RECEIVED;
    requires shift <= TCPFSM_MAX_WSCALE;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline;
    ensures conn_ok(*conn) && conn->ack_deadline == TCPFSM_NO_DEADLINE;
*/
static uint16_t advertise_scaled(tcpfsm_conn *conn, uint8_t shift)
{
    uint32_t unit = tcpfsm_wscale_unit(shift);
    uint32_t units = offer_units(conn, unit);
    conn->rcv_adv = tcpfsm_seq_add(conn->rcv_nxt, units * unit);
    conn->last_ack_sent = conn->rcv_nxt; /* RFC 7323 §4.3: every ACK offers a window */
    conn->ack_deadline = TCPFSM_NO_DEADLINE; /* this segment carries the ACK held */
    return (uint16_t)units;
}

uint16_t tcpfsm_advertise(tcpfsm_conn *conn)
{
    return advertise_scaled(conn, conn->rcv_wscale);
}

/* An ACK of everything received so far.  Also the challenge ACK of RFC 5961
 * §3.2, §4.2 and §5.2: the numbers are always ours, never the segment's. */
void tcpfsm_send_ack(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint16_t window = tcpfsm_advertise(conn);
    (void)tcpfsm_emit(out, conn->snd_nxt, conn->rcv_nxt, TCPFSM_ACK, window, 0u, 0u);
}

void tcpfsm_ack_received(tcpfsm_conn *conn, int delayable, uint64_t now, tcpfsm_output *out)
{
    uint8_t s = conn->state;
    if (delayable && conn->cfg.delack_ms != 0u && conn->ack_deadline == TCPFSM_NO_DEADLINE
        && (s == (uint8_t)TCPFSM_ESTABLISHED || s == (uint8_t)TCPFSM_FIN_WAIT_1
            || s == (uint8_t)TCPFSM_FIN_WAIT_2)) {
        conn->ack_deadline = tcpfsm_deadline_after(now, conn->cfg.delack_ms);
        return;
    }
    tcpfsm_send_ack(conn, out);
}

/* Our SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED), always at ISS and always
 * carrying the MSS option (RFC 9293 §3.7.1, MUST-14 of Appendix B).  Its
 * window is never scaled (RFC 7323 §2.2); it offers scaling when configured,
 * and the SYN,ACK only in answer to a SYN that offered it (§2.2). */
void tcpfsm_send_syn(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint8_t flags = TCPFSM_SYN;
    uint32_t ack = 0u;
    uint16_t window = (uint16_t)tcpfsm_min_u32(conn->cfg.rcv_buf, 65535u);
    int wscale = tcpfsm_syn_offers(conn, TCPFSM_CFG_WSCALE);
    int sack = tcpfsm_syn_offers(conn, TCPFSM_CFG_SACK);
    if (conn->state != (uint8_t)TCPFSM_SYN_SENT) {
        /* the SYN,ACK offers only what the peer's SYN offered */
        flags = TCPFSM_SYN | TCPFSM_ACK;
        ack = conn->rcv_nxt;
        window = advertise_scaled(conn, 0u);
        wscale = conn->wscale_on != 0u;
        sack = conn->sack_on != 0u;
    }
    if (tcpfsm_emit(out, conn->iss, ack, flags, window, 0u, 0u)) {
        uint8_t options = TCPFSM_OPT_MSS;
        /* SYN-SENT: what the path carries as far as we know (cfg.mss, or
         * less after a Packet Too Big, icmp.c): RFC 1191 §3.1 lets the
         * option follow the MTU, as FreeBSD's tcp_mssopt does from its host
         * cache; RFC 9293 §3.7.1 asks only that it not exceed MMS_R - 20 */
        out->tx[out->count - 1u].mss = conn->state == (uint8_t)TCPFSM_SYN_SENT
                                       ? conn->snd_mss : conn->cfg.mss;
        if (wscale) {
            options = (uint8_t)(options + TCPFSM_OPT_WSCALE);
            out->tx[out->count - 1u].wscale = tcpfsm_wscale_offer(&conn->cfg);
        }
        if (sack) {
            options = (uint8_t)(options + TCPFSM_OPT_SACK_PERM); /* RFC 2018 §2 */
        }
        out->tx[out->count - 1u].options = options;
        out->tx[out->count - 1u].ecn = tcpfsm_ecn_syn_bits(conn); /* RFC 3168 §6.1.1 */
    }
}

void tcpfsm_send_rst(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags)
{
    (void)tcpfsm_emit(out, seq, ack, flags, 0u, 0u, 0u);
}
