/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 7323 §2: window scaling, negotiated on the SYNs. */
#include "internal.h"

/* 2^shift for every shift allowed: a table, so that the proofs deal in
 * products and never in shifts. */
static const uint16_t scale_units[TCPFSM_MAX_WSCALE + 1u] = {
    1u, 2u, 4u, 8u, 16u, 32u, 64u, 128u, 256u, 512u, 1024u, 2048u, 4096u, 8192u, 16384u
};

uint32_t tcpfsm_wscale_unit(uint8_t shift)
{
    return scale_units[shift];
}

/* §2.3: the shift we offer, the smallest that lets the 16-bit field
 * announce the whole receive buffer. */
uint8_t tcpfsm_wscale_for(uint32_t rcv_buf)
{
    uint8_t shift = 0u;
    /*@ loop invariant 0 <= shift <= TCPFSM_MAX_WSCALE;
        loop invariant \forall integer s; 0 <= s < shift ==> rcv_buf > 65535 * wscale_unit(s);
        loop assigns shift;
        loop variant TCPFSM_MAX_WSCALE - shift; */
    while (shift < TCPFSM_MAX_WSCALE && rcv_buf > 65535u * tcpfsm_wscale_unit(shift)) {
        shift++;
    }
    return shift;
}

/* §2.3: the shift we offer, configured or sized from the buffer. */
uint8_t tcpfsm_wscale_offer(const tcpfsm_config *cfg)
{
    if (cfg->wscale <= TCPFSM_MAX_WSCALE) {
        return cfg->wscale;
    }
    return tcpfsm_wscale_for(cfg->rcv_buf);
}

/* §2.2: scaling is in use only when both SYNs carried the option; §2.3: a
 * shift above 14 counts as 14. */
void tcpfsm_wscale_negotiate(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    if (!tcpfsm_syn_offers(conn, TCPFSM_CFG_WSCALE)
        || (seg->options & TCPFSM_OPT_WSCALE) == 0u) {
        conn->wscale_on = 0u;
        conn->snd_wscale = 0u;
        conn->rcv_wscale = 0u;
        return;
    }
    conn->wscale_on = 1u;
    conn->snd_wscale = seg->wscale < TCPFSM_MAX_WSCALE ? seg->wscale : (uint8_t)TCPFSM_MAX_WSCALE;
    conn->rcv_wscale = tcpfsm_wscale_offer(&conn->cfg);
}

/* §2.3: SND.WND from a segment that is not a SYN is its window field
 * shifted by the peer's shift. */
uint32_t tcpfsm_peer_window(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return (uint32_t)seg->window * tcpfsm_wscale_unit(conn->snd_wscale);
}
