/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An in-memory network for the tests: two tcpfsm connections, endpoints A
 * and B, wired back to back.
 *
 * Each endpoint plays the part of the embedding stack of README.md
 * ("Embedding"): it owns a send buffer (bytes written and not yet
 * acknowledged), a receive buffer (bytes delivered in order), and the queue
 * of segments it has sent that are still on the wire towards its peer.
 * Every output of tcpfsm is acted on at once (net.c, act()): acked bytes are
 * dropped from the send buffer, delivered bytes are copied out of the
 * arriving payload and consumed (tcpfsm_receive, unless hold_reads), the
 * segments are queued with a copy of their payload, and out.more is
 * followed with tcpfsm_send(conn, 0, ...).
 *
 * Nothing moves by itself: tests deliver segments one by one (net_deliver),
 * drop them (net_discard, the loss hook, deterministic random loss), let
 * everything settle (net_flush) and move simulated time to the next
 * deadline (net_advance, net_run).
 */
#ifndef TCPFSM_TEST_NET_H
#define TCPFSM_TEST_NET_H

#include <check.h>
#include <stdint.h>
#include "tcpfsm/tcpfsm.h"

#define NET_BUF_SIZE  (1u << 20) /* send and receive buffer of one endpoint */
#define NET_QUEUE_LEN 512u       /* segments on the wire in one direction */
#define NET_SEG_DATA  2048u      /* largest payload one queued segment holds */

/* A segment on the wire: the header the receiver decodes and its payload. */
typedef struct {
    tcpfsm_segment hdr;
    uint8_t data[NET_SEG_DATA];
} net_seg;

typedef struct {
    const char   *name;        /* "A" or "B", for messages */
    tcpfsm_conn   conn;
    tcpfsm_config cfg;         /* the configuration conn was initialised with */
    uint32_t      iss;         /* ISS for net_connect, and for a SYN in LISTEN */

    /* send buffer: snd[snd_head .. snd_tail) written, not yet acknowledged */
    uint8_t       snd[NET_BUF_SIZE];
    uint32_t      snd_head, snd_tail;

    /* receive buffer: every byte delivered, in order */
    uint8_t       rcv[NET_BUF_SIZE];
    uint32_t      rcv_len;
    uint32_t      unread;      /* delivered, not yet passed to tcpfsm_receive */
    int           hold_reads;  /* 1: the application does not read (window closes) */

    /* segments sent towards the peer, oldest first (a ring) */
    net_seg       q[NET_QUEUE_LEN];
    uint32_t      q_head, q_count;

    /* what the endpoint saw */
    uint32_t      notes;       /* every TCPFSM_NOTE_* seen (OR) */
    uint32_t      last_notes;  /* notes of the last event (call and its follow-ups) */
    uint32_t      states_seen; /* bit (1 << state) for every state seen after a call */
    uint32_t      recoveries_seen; /* bit (1 << TCPFSM_RECOVERY_*) likewise */
    uint64_t      closed_at;   /* time of the last TCPFSM_NOTE_CLOSED */
    uint64_t      tw_entered;  /* time TIME-WAIT was first entered */
    uint64_t      tw_deadline; /* last deadline seen while in TIME-WAIT */
    uint32_t      sent;        /* segments sent */
    uint32_t      rtx;         /* of which retransmissions (seq below the highest sent) */
    uint32_t      snd_max;     /* highest sequence number sent + 1, when have_max */
    int           have_max;

    /* the embedding (0 in both unless a test sets them) */
    uint64_t      clock_lag;   /* ms this endpoint's clock runs behind the network's:
                                  its calls pass n->now - clock_lag, its deadlines
                                  are read in its own clock (raise it mid-run: the
                                  clock stepped back) */
    int           listen_on_reopen; /* on TCPFSM_NOTE_REOPEN, hand the same SYN to
                                  the block put in LISTEN (tcpfsm.h, the note) */
} net_end;

struct net;
/* Loss hook: return nonzero to lose `seg`, sent by `from`, instead of
 * delivering it.  `nth` counts the segments taken off the wire, from 1. */
typedef int (*net_drop_fn)(struct net *n, const net_end *from, const net_seg *seg,
                           uint32_t nth);

typedef struct net {
    net_end     a, b;
    uint64_t    now;           /* simulated time, ms */
    net_drop_fn drop;          /* optional loss hook */
    void       *drop_ctx;      /* for the hook */
    uint32_t    loss_permille; /* deterministic pseudo-random loss, 0 = none */
    uint32_t    rng;           /* its state (seed) */
    uint32_t    taken;         /* segments taken off the wire (delivered or lost) */
    uint32_t    lost;          /* of which lost */
} net_t;

/* Result of net_deliver. */
typedef enum { NET_EMPTY = 0, NET_DELIVERED, NET_LOST } net_result;

/* Both endpoints CLOSED with the given configurations (NULL: the defaults of
 * tcpfsm_config_default) and ISSs; time starts at 1000 ms. */
void net_init(net_t *n, const tcpfsm_config *cfg_a, const tcpfsm_config *cfg_b,
              uint32_t iss_a, uint32_t iss_b);
net_end *net_peer(net_t *n, const net_end *e);
tcpfsm_state net_state(const net_end *e);

/* Deterministic pseudo-random loss of permille/1000 of the segments. */
void net_set_loss(net_t *n, uint32_t permille, uint32_t seed);

/* User calls; each asserts TCPFSM_OK and acts on the output. */
void net_listen(net_t *n, net_end *e);
void net_connect(net_t *n, net_end *e);
void net_write(net_t *n, net_end *e, const uint8_t *data, uint32_t len);
void net_close(net_t *n, net_end *e);
/* The application reads len held bytes (with hold_reads set). */
void net_read(net_t *n, net_end *e, uint32_t len);

/* A segment that did not come from the peer (forged, old duplicate) arrives
 * at `to`; its payload, if any, is zeros.  When `to` uses timestamps and
 * the segment carries none, it gets TSval = TS.Recent: the forger is taken
 * to have seen one (RFC 7323's PAWS is no defence against blind attacks;
 * RFC 5961 is).  Returns what tcpfsm_on_segment returned. */
tcpfsm_error net_inject(net_t *n, net_end *to, tcpfsm_segment seg);
/* A segment with every field given; SYNs carry MSS 1460, window 65535. */
tcpfsm_segment net_seg_make(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len);

/* The wire from `from` to its peer. */
uint32_t net_queued(const net_end *from);
const net_seg *net_peek(const net_end *from, uint32_t i); /* NULL past the end */
/* Assert the i-th segment on the wire from `from` has these numbers. */
void net_expect(const net_end *from, uint32_t i, uint8_t flags, uint32_t seq, uint32_t ack,
                uint32_t len);
/* Assert the wire from `from` is empty. */
void net_expect_silent(const net_end *from);
/* Take the oldest segment off the wire from `from`: the loss hook and the
 * random loss may lose it, otherwise it arrives at the peer. */
net_result net_deliver(net_t *n, net_end *from);
/* Lose the oldest segment on the wire from `from` (asserts there is one). */
void net_discard(net_t *n, net_end *from);
/* Deliver until both wires are empty, alternating directions; time does
 * not move.  Fails the test after max segments.  Returns how many moved. */
uint32_t net_flush(net_t *n, uint32_t max);

/* Move time to the earliest deadline of either end and fire the timers due.
 * Returns 0 (and does nothing) when neither end has a deadline. */
int net_advance(net_t *n);
/* Move time to `at` (never backwards) and call tcpfsm_on_timer on e. */
void net_timer(net_t *n, net_end *e, uint64_t at);
/* Flush and advance until the wires are empty and no deadline is left;
 * fails the test after max steps. */
void net_run(net_t *n, uint32_t max);

/* Lose everything on both wires. */
void net_discard_all(net_t *n);
/* Endpoint e crashes and comes back CLOSED: its connection block is
 * initialised afresh, its buffers and its wire are emptied. */
void net_crash(net_t *n, net_end *e);

/* Assert both ends established by a three-way handshake, A active, B passive,
 * with the numbers of RFC 9293 §3.5 figure 6. */
void net_handshake(net_t *n);

/* Bring A to `state` with B as its real peer, starting from net_init.  A
 * reaches SYN-RECEIVED and the synchronized states through LISTEN when
 * passive is set (B opens actively), through SYN-SENT otherwise (B listens;
 * for SYN-RECEIVED B opens too: simultaneous open).  The segments still on
 * the wires stay there:
 *   SYN-SENT      A's SYN
 *   SYN-RECEIVED  A's SYN,ACK (and A's SYN first when active)
 *   FIN-WAIT-1    A's FIN
 *   CLOSING       A's FIN and A's ACK of B's FIN
 *   LAST-ACK      A's FIN
 *   TIME-WAIT     A's ACK of B's FIN
 * A's SND.NXT and RCV.NXT then are ISS(A) + 1 and ISS(B) + 1, plus one
 * for each FIN sent or received. */
void net_drive(net_t *n, tcpfsm_state state, int passive);

/* Byte i of a deterministic stream identified by seed. */
uint8_t net_pattern(uint32_t seed, uint32_t i);

#endif
