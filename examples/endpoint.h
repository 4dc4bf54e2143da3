/* SPDX-License-Identifier: BSD-2-Clause */
/* A user-space TCP endpoint over IPv4 made of the core and the codec: the
 * embedding README.md ("Embedding") describes, for a few connections.  It
 * owns the buffers the core leaves to its caller (a send ring, a receive
 * ring holding in-order and out-of-order bytes) and turns packets, timers
 * and application calls into tcpfsm calls.  How packets leave is the
 * caller's: a function it gives (a TUN device, or memory in the demo). */
#ifndef EX_ENDPOINT_H
#define EX_ENDPOINT_H
#include <stdio.h>
#include <stdint.h>
#include <tcpfsm/tcpfsm.h>
#include <tcpfsm/wire.h>
#include "iss.h"

#define EP_MAX_CONNS 8u
#define EP_MAX_HISTORY 16u
#define EP_MTU 1500u

typedef struct {
    int used;
    unsigned id;                /* 1, 2, ... in the order the connections began */
    tcpfsm_conn conn;
    uint8_t rip[4];
    uint16_t lport, rport;
    /* send ring: snd_len bytes from snd_head, the oldest unacknowledged first */
    uint8_t *snd;
    uint32_t snd_cap, snd_head, snd_len;
    /* receive ring: rcv_unread in-order bytes from rcv_head, then, beyond
     * them, the out-of-order bytes the core told us to keep */
    uint8_t *rcv;
    uint32_t rcv_cap, rcv_head, rcv_unread;
    uint32_t notes;             /* every note so far */
    uint8_t state;              /* the state last seen */
    uint8_t history[EP_MAX_HISTORY]; /* the states it went through */
    uint32_t history_len;
    uint64_t bytes_in, bytes_out;
    uint64_t kept;              /* out-of-order bytes stored */
    uint64_t segs_out, segs_in;
    uint64_t rtx_segs;          /* segments sent again (below snd_high) */
    uint32_t snd_high;          /* the highest sequence number sent, + 1 */
    int snd_high_set;
    uint64_t app_mark;          /* free for the application (a time) */
    int app_flag;               /* free for the application */
} ep_conn;

typedef void (*ep_emit_fn)(void *ctx, const uint8_t *pkt, uint32_t len);

typedef struct {
    tcpfsm_config cfg;
    uint8_t ip[4];
    uint16_t listen_port;       /* 0: refuse every SYN */
    ep_emit_fn emit;
    void *emit_ctx;
    iss_key key;
    uint16_t ip_id;
    ep_conn conns[EP_MAX_CONNS];
    unsigned next_id;
    /* the timeline (NULL: none) */
    FILE *trace;
    const char *name, *peer_name;
    int trace_rx;               /* also print the segments that arrive */
    uint64_t t0_us;
    /* counters */
    uint64_t rx_bad, rx_foreign, rx_no_conn, rx_refused_syn;
} ep_t;

/* cfg: the core's configuration for every connection; snd_cap: each send
 * ring (the receive ring is cfg->rcv_buf); 0 on success. */
int ep_init(ep_t *ep, const tcpfsm_config *cfg, const uint8_t ip[4], uint32_t snd_cap,
            ep_emit_fn emit, void *emit_ctx, const iss_key *key);
void ep_free(ep_t *ep);

/* One IPv4 packet arrived. */
void ep_input(ep_t *ep, const uint8_t *pkt, uint32_t len, uint64_t now_us);
/* When the earliest timer is due (UINT64_MAX: none), and run those due. */
uint64_t ep_deadline_us(const ep_t *ep);
void ep_timers(ep_t *ep, uint64_t now_us);

/* Application calls. */
ep_conn *ep_connect(ep_t *ep, const uint8_t rip[4], uint16_t rport, uint16_t lport,
                    uint64_t now_us);
uint32_t ep_write(ep_t *ep, ep_conn *c, const uint8_t *data, uint32_t len, uint64_t now_us);
uint32_t ep_write_room(const ep_conn *c);
uint32_t ep_read(ep_t *ep, ep_conn *c, uint8_t *buf, uint32_t max, uint64_t now_us);
int ep_close(ep_t *ep, ep_conn *c, uint64_t now_us);
int ep_abort(ep_t *ep, ep_conn *c, uint64_t now_us);
/* The connection is over (CLOSED, or back in LISTEN after a reset). */
int ep_done(const ep_conn *c);
void ep_release(ep_conn *c);
/* "ESTABLISHED,CLOSE-WAIT,..." into buf. */
const char *ep_history(const ep_conn *c, char *buf, unsigned size);

#endif
