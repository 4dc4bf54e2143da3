/* SPDX-License-Identifier: BSD-2-Clause */
/* Workloads A, B and C on lwIP (Debian's liblwip, 2.1.3), through its raw
 * API in this one thread.  Debian builds lwIP with NO_SYS 0 (the tcpip
 * thread and its core lock exist), but nothing obliges a program to start
 * that thread: lwip_init() sets up the stack as tcpip_init() would before
 * starting it, and the core-lock check (sys_check_core_locking in the unix
 * port) only asserts once a tcpip thread has marked itself, which never
 * happens here.  So this driver is NO_SYS in all but name: it calls the
 * netif's input function (ip_input) directly with each packet, in a pbuf
 * that refers to the peer's bytes (PBUF_REF: no copy, as a zero-copy
 * driver would hand it over), and its netif output function reads the
 * replies' headers for the peer.  No timer runs (sys_check_timeouts is not
 * called), as no timer runs for tcpfsm either.
 *
 * Callbacks are the application: accept counts the handshakes completed,
 * recv copies the bytes out and calls tcp_recved at once, sent counts the
 * bytes acknowledged and (C) writes as many again. */
/* lwIP's headers need POSIX's SSIZE_MAX, which strict C11 hides. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include "lwip/init.h"
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h" /* tcp_active_pcbs, tcp_tw_pcbs: the closing checks */
#include "bench.h"
#include "owed.h"
#include "pkt.h"

#define S "lwIP"
#define MAX_REPLIES 32u

typedef struct {
    struct tcp_pcb *pcb;       /* the connection accepted last */
    uint64_t accepted;
    uint64_t delivered;
    uint8_t app[BENCH_SEG_DATA];
    int peer_closed, close_on_fin, refill, aborting;
    uint64_t errors;
    uint64_t acked;
    uint64_t written;          /* bytes of the send stream written */
    uint8_t pkt[PKT_MAX];
    pkt_reply replies[MAX_REPLIES];
    uint32_t nreplies;
    bench_owed owed;
} lw_t;

static lw_t c;
static struct netif nif;
static struct tcp_pcb *listener;
static pkt_tmpl t_syn, t_ack, t_data, t_fin;
static uint8_t stream[512];

/* netif output: the peer reads each reply's TCP header. */
static err_t nif_output(struct netif *n, struct pbuf *p, const ip4_addr_t *dst)
{
    uint8_t hdr[PKT_IP_LEN + 60u];
    (void)n;
    (void)dst;
    if (c.nreplies >= MAX_REPLIES || p->tot_len < PKT_IP_LEN + PKT_TCP_LEN) {
        c.errors++;
        return ERR_OK;
    }
    pbuf_copy_partial(p, hdr, (u16_t)(p->tot_len < sizeof hdr ? p->tot_len : sizeof hdr), 0);
    pkt_read(hdr + PKT_IP_LEN, (uint32_t)p->tot_len - PKT_IP_LEN, &c.replies[c.nreplies++]);
    return ERR_OK;
}

static err_t nif_init(struct netif *n)
{
    n->name[0] = 'b';
    n->name[1] = 'n';
    n->output = nif_output;
    n->mtu = 1500;
    n->flags = NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    (void)arg;
    if (err != ERR_OK) {
        c.errors++;
    }
    if (p == NULL) {
        c.peer_closed = 1;
        if (c.close_on_fin && tcp_close(pcb) != ERR_OK) {
            c.errors++;
        }
        return ERR_OK;
    }
    if (p->tot_len == BENCH_SEG_DATA
        && pbuf_copy_partial(p, c.app, BENCH_SEG_DATA, 0) == BENCH_SEG_DATA
        && c.app[BENCH_SEG_DATA - 1u] == t_data.bytes[t_data.len - 1u]) {
        c.delivered += p->tot_len;
    } else {
        c.errors++;
    }
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    (void)arg;
    c.acked += len;
    if (c.refill) {
        if (tcp_write(pcb, stream + (c.written & 0xffu), len, TCP_WRITE_FLAG_COPY) != ERR_OK) {
            c.errors++;
        }
        c.written += len;
    }
    return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    (void)arg;
    (void)err;
    if (!c.aborting) {
        c.errors++;
    }
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || pcb == NULL) {
        c.errors++;
        return ERR_VAL;
    }
    c.pcb = pcb;
    c.accepted++;
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
    return ERR_OK;
}

void lwip_setup(void)
{
    ip4_addr_t ip, mask, gw;
    lwip_init();
    IP4_ADDR(&ip, pkt_our_ip[0], pkt_our_ip[1], pkt_our_ip[2], pkt_our_ip[3]);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    IP4_ADDR(&gw, 0, 0, 0, 0);
    if (netif_add(&nif, &ip, &mask, &gw, NULL, nif_init, ip_input) == NULL) {
        bench_fail(S, "netif_add", 0);
    }
    netif_set_default(&nif);
    netif_set_up(&nif);
    listener = tcp_new();
    if (listener == NULL || tcp_bind(listener, IP_ADDR_ANY, BENCH_OUR_PORT) != ERR_OK) {
        bench_fail(S, "tcp_bind", 0);
    }
    listener = tcp_listen(listener);
    if (listener == NULL) {
        bench_fail(S, "tcp_listen", 0);
    }
    tcp_accept(listener, on_accept);
}

/* One packet from the peer into the netif's input, as a driver would. */
static void input(const pkt_tmpl *t, uint32_t seq, uint32_t ack, uint64_t idx)
{
    uint32_t len = pkt_fill(t, c.pkt, seq, ack);
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_REF);
    BENCH_CHECK(S, p != NULL, idx);
    p->payload = c.pkt;
    BENCH_CHECK(S, nif.input(p, &nif) == ERR_OK, idx);
}

static void init(uint16_t mss, uint16_t window)
{
    uint8_t data[BENCH_SEG_DATA];
    uint32_t i;
    memset(&c, 0, sizeof c);
    for (i = 0; i < BENCH_SEG_DATA; i++) {
        data[i] = (uint8_t)(i * 7u + 1u);
    }
    for (i = 0; i < sizeof stream; i++) {
        stream[i] = (uint8_t)i;
    }
    pkt_template(&t_syn, TCP_SYN, mss, window, NULL, 0u);
    pkt_template(&t_ack, TCP_ACK, 0u, window, NULL, 0u);
    pkt_template(&t_data, TCP_ACK | TCP_PSH, 0u, window, data, BENCH_SEG_DATA);
    pkt_template(&t_fin, TCP_FIN | TCP_ACK, 0u, window, NULL, 0u);
}

static uint32_t handshake(uint32_t cs, uint64_t idx)
{
    uint32_t ss;
    uint64_t accepted = c.accepted;
    c.nreplies = 0;
    input(&t_syn, cs, 0u, idx);
    BENCH_CHECK(S, c.nreplies == 1u && c.replies[0].flags == (TCP_SYN | TCP_ACK)
                       && c.replies[0].ack == cs + 1u, idx);
    ss = c.replies[0].seq;
    c.nreplies = 0;
    input(&t_ack, cs + 1u, ss + 1u, idx + 1u);
    BENCH_CHECK(S, c.accepted == accepted + 1u && c.pcb != NULL && c.pcb->state == ESTABLISHED,
                idx + 1u);
    return ss;
}

/* The connection of B or C goes, out of the measured region. */
static void finish(uint64_t idx)
{
    BENCH_CHECK(S, c.errors == 0u, idx);
    c.aborting = 1;
    tcp_abort(c.pcb);
    BENCH_CHECK(S, tcp_active_pcbs == NULL, idx);
}

uint64_t lwip_a(const bench_sizes *sz, uint64_t *segments)
{
    uint64_t t0, ns, idx = 0;
    uint32_t i, k;
    init(1460u, 65535u);
    c.close_on_fin = 1;
    t0 = bench_begin();
    for (i = 0; i < sz->conns; i++) {
        uint32_t cs = bench_peer_isn(i), data = cs + 1u;
        uint32_t ss = handshake(cs, idx);
        idx += 2u;
        for (k = 0; k < BENCH_A_SEGS; k++, idx++) {
            uint64_t before = c.delivered;
            input(&t_data, data + k * BENCH_SEG_DATA, ss + 1u, idx);
            BENCH_CHECK(S, c.delivered == before + BENCH_SEG_DATA, idx);
        }
        data += BENCH_A_SEGS * BENCH_SEG_DATA;
        c.nreplies = 0;
        c.peer_closed = 0;
        input(&t_fin, data, ss + 1u, idx);
        BENCH_CHECK(S, c.peer_closed && c.nreplies >= 1u
                           && (c.replies[c.nreplies - 1u].flags & TCP_FIN)
                           && c.replies[c.nreplies - 1u].seq == ss + 1u
                           && c.replies[c.nreplies - 1u].ack == data + 1u, idx);
        idx++;
        input(&t_ack, data + 1u, ss + 2u, idx);
        BENCH_CHECK(S, tcp_active_pcbs == NULL && tcp_tw_pcbs == NULL, idx);
        idx++;
        c.nreplies = 0;
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.errors == 0u, idx);
    BENCH_CHECK(S, c.delivered == (uint64_t)sz->conns * BENCH_A_SEGS * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}

uint64_t lwip_b(const bench_sizes *sz, uint64_t *segments)
{
    uint64_t t0, ns, idx;
    uint32_t cs = bench_peer_isn(7u), ss, seq;
    init(1460u, 65535u);
    ss = handshake(cs, 0u);
    seq = cs + 1u;
    t0 = bench_begin();
    for (idx = 0; idx < sz->segs; idx++) {
        uint64_t before = c.delivered;
        c.nreplies = 0;
        input(&t_data, seq, ss + 1u, idx);
        BENCH_CHECK(S, c.delivered == before + BENCH_SEG_DATA, idx);
        seq += BENCH_SEG_DATA;
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.delivered == (uint64_t)sz->segs * BENCH_SEG_DATA, idx);
    finish(idx);
    *segments += idx;
    return ns;
}

static void peer_takes(uint64_t idx)
{
    BENCH_CHECK(S, bench_owed_replies(&c.owed, c.replies, c.nreplies, BENCH_SEG_DATA), idx);
    c.nreplies = 0;
}

uint64_t lwip_c(const bench_sizes *sz, uint64_t *segments)
{
    uint64_t t0, ns, idx;
    uint32_t cs = bench_peer_isn(11u), ss, i;
    init(BENCH_SEG_DATA, BENCH_C_WINDOW);
    ss = handshake(cs, 0u);
    bench_owed_init(&c.owed, ss + 1u);
    c.nreplies = 0;
    for (i = 0; i < BENCH_C_QUEUED; i++) {
        BENCH_CHECK(S, tcp_write(c.pcb, stream + (c.written & 0xffu), BENCH_SEG_DATA,
                                 TCP_WRITE_FLAG_COPY) == ERR_OK, i);
        c.written += BENCH_SEG_DATA;
    }
    BENCH_CHECK(S, tcp_output(c.pcb) == ERR_OK, 0u);
    peer_takes(0u);
    c.refill = 1;
    t0 = bench_begin();
    for (idx = 0; idx < sz->acks; idx++) {
        uint32_t ack;
        uint64_t before = c.acked;
        BENCH_CHECK(S, bench_owed_next(&c.owed, &ack), idx);
        input(&t_ack, cs + 1u, ack, idx);
        BENCH_CHECK(S, c.acked == before + BENCH_SEG_DATA && c.pcb->lastack == ack, idx);
        peer_takes(idx);
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.acked == (uint64_t)sz->acks * BENCH_SEG_DATA, idx);
    finish(idx);
    *segments += idx;
    return ns;
}
