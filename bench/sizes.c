/* SPDX-License-Identifier: BSD-2-Clause */
/* The memory half of `make bench`: the connection block against lwIP's
 * struct tcp_pcb (as Debian's lwipopts.h configures it), the other
 * structs a caller of tcpfsm keeps or passes, and where the bytes of
 * tcpfsm_conn go, from offsetof over its fields in include/tcpfsm/tcpfsm.h.  Prints
 * tab-separated lines for report.py:
 *   sizeof <struct> <bytes>
 *   conn <part> <bytes> */
#define _POSIX_C_SOURCE 200809L /* lwIP's headers need SSIZE_MAX */
#include <stddef.h>
#include <stdio.h>
#include "lwip/tcp.h"
#include "tcpfsm/tcpfsm.h"

#define SPAN(from, to) (offsetof(tcpfsm_conn, to) - offsetof(tcpfsm_conn, from))

int main(void)
{
    printf("sizeof\ttcpfsm_conn\t%zu\n", sizeof(tcpfsm_conn));
    printf("sizeof\ttcp_pcb\t%zu\n", sizeof(struct tcp_pcb));
    printf("sizeof\ttcp_pcb_listen\t%zu\n", sizeof(struct tcp_pcb_listen));
    printf("sizeof\ttcpfsm_output\t%zu\n", sizeof(tcpfsm_output));
    printf("sizeof\ttcpfsm_segment\t%zu\n", sizeof(tcpfsm_segment));
    printf("sizeof\ttcpfsm_config\t%zu\n", sizeof(tcpfsm_config));
    /* the fields in declaration order, grouped by what they are for */
    printf("conn\t6 64-bit times (rtx, user, rtt, challenge, TS.Recent, delayed ACK)\t%zu\n",
           SPAN(rtx_deadline, cfg));
    printf("conn\tcfg, a copy of tcpfsm_config\t%zu\n", SPAN(cfg, iss));
    printf("conn\t22 32-bit sequence, window, RTT and congestion variables\t%zu\n",
           SPAN(iss, snd_mss));
    printf("conn\tsnd_mss, challenge_count, state, 20 one-byte flags and counters, 3 padding\t%zu\n",
           SPAN(snd_mss, ooo_fin_seq));
    printf("conn\tooo_fin_seq, high_rxt\t%zu\n", SPAN(ooo_fin_seq, ooo));
    printf("conn\tooo: %u out-of-order ranges and a count\t%zu\n", TCPFSM_OOO_RANGES,
           SPAN(ooo, sacked));
    printf("conn\tsacked: %u SACK scoreboard ranges and a count (and tail padding)\t%zu\n",
           TCPFSM_OOO_RANGES, sizeof(tcpfsm_conn) - offsetof(tcpfsm_conn, sacked));
    return 0;
}
