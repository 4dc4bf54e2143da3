/* SPDX-License-Identifier: BSD-2-Clause */
/* The segment handed in (RFC 9293 §3.1, §3.4): whether its fields hold
 * together, and SEG.LEN.  Read by SEGMENT ARRIVES and by the reply to a
 * segment that reaches no connection. */
#include "internal.h"

#define OPTIONS_KNOWN (TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM \
                       | TCPFSM_OPT_TIMESTAMP | TCPFSM_OPT_SACK)

int tcpfsm_segment_valid(const tcpfsm_segment *seg)
{
    return seg->len <= TCPFSM_MAX_PAYLOAD
        && seg->options <= OPTIONS_KNOWN
        && ((seg->options & TCPFSM_OPT_MSS) == 0u || seg->mss > 0u)
        && seg->sack_count <= TCPFSM_MAX_SACK_BLOCKS
        /* TCPFSM_OPT_SACK is the highest bit of OPTIONS_KNOWN */
        && (seg->options >= TCPFSM_OPT_SACK) == (seg->sack_count > 0u);
}

/* SEG.LEN: the sequence space the segment occupies, SYN and FIN included. */
uint32_t tcpfsm_seg_len(const tcpfsm_segment *seg)
{
    return seg->len + ((seg->flags & TCPFSM_SYN) != 0u ? 1u : 0u)
                    + ((seg->flags & TCPFSM_FIN) != 0u ? 1u : 0u);
}
