/* SPDX-License-Identifier: BSD-2-Clause */
/* What our SYN offers: window scaling (RFC 7323 §2), timestamps (§3) and
 * SACK-permitted (RFC 2018 §2), as configured, until
 * tcpfsm_config.syn_drop_options_at drops them from a retransmitted SYN.
 * The SYN we send (output.c) and the negotiation the peer's SYN settles
 * (synchronize.c, wscale.c, timestamp.c) read the one answer. */
#include "internal.h"

/* tcpfsm_config.syn_drop_options_at: a middlebox that drops SYNs with
 * options it does not know would drop them all; from that retransmission
 * on, the SYN goes with the MSS option alone (FreeBSD's tcp_timer_rexmt
 * clears TF_REQ_SCALE, TF_REQ_TSTMP and TF_SACK_PERMIT at the third). */
int tcpfsm_syn_offers(const tcpfsm_conn *conn, uint8_t flag)
{
    int dropped = conn->state == (uint8_t)TCPFSM_SYN_SENT && conn->cfg.syn_drop_options_at != 0u
                  && conn->retries >= conn->cfg.syn_drop_options_at;
    return ((uint32_t)conn->cfg.flags & (uint32_t)flag) != 0u && !dropped;
}
