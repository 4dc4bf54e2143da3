/* SPDX-License-Identifier: BSD-2-Clause */
/* The enum's spelling of each state (TCPFSM_<id>), for the generators in
 * spec/ that print C or ACSL identifiers and graphviz node ids. */
#ifndef TCPFSM_STATE_IDS_H
#define TCPFSM_STATE_IDS_H
#include "tcpfsm/tcpfsm.h"

static const char *const state_id[TCPFSM_STATE_COUNT] = {
    [TCPFSM_CLOSED] = "CLOSED",           [TCPFSM_LISTEN] = "LISTEN",
    [TCPFSM_SYN_SENT] = "SYN_SENT",       [TCPFSM_SYN_RECEIVED] = "SYN_RECEIVED",
    [TCPFSM_ESTABLISHED] = "ESTABLISHED", [TCPFSM_FIN_WAIT_1] = "FIN_WAIT_1",
    [TCPFSM_FIN_WAIT_2] = "FIN_WAIT_2",   [TCPFSM_CLOSE_WAIT] = "CLOSE_WAIT",
    [TCPFSM_CLOSING] = "CLOSING",         [TCPFSM_LAST_ACK] = "LAST_ACK",
    [TCPFSM_TIME_WAIT] = "TIME_WAIT",
};

#endif
