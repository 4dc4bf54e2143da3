/* SPDX-License-Identifier: BSD-2-Clause */
/* make demo, without privileges: two endpoints (the same endpoint.c the TUN
 * example uses: IPv4, the codec, the core) wired back to back in memory,
 * with a 10 ms link each way and a virtual clock.  The seed scenario:
 * handshake, 2000 bytes from client to server, the four-way close started
 * by the client, TIME-WAIT and its 2 MSL.  Prints the timeline; exits 1
 * when the run did not go that way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "endpoint.h"
#include "trace.h"

#define LINK_DELAY_US 10000u
#define QLEN 64u
#define TRANSFER 2000u

typedef struct {
    uint8_t bytes[EP_MTU];
    uint32_t len;
    uint64_t at;   /* arrival time */
    ep_t *to;
} packet;

static packet wire[QLEN];
static unsigned q_head, q_count;
static uint64_t now_us;
static ep_t client, server;

static void emit(void *ctx, const uint8_t *pkt, uint32_t len)
{
    packet *p;
    if (q_count == QLEN || len > EP_MTU) {
        fprintf(stderr, "demo: wire full\n");
        exit(1);
    }
    p = &wire[(q_head + q_count++) % QLEN];
    memcpy(p->bytes, pkt, len);
    p->len = len;
    p->at = now_us + LINK_DELAY_US;
    p->to = ctx;
}

int main(void)
{
    static const uint8_t cip[4] = {192, 0, 2, 1}, sip[4] = {192, 0, 2, 2};
    static uint8_t data[TRANSFER], got[TRANSFER];
    tcpfsm_config cfg;
    iss_key kc = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull}; /* fixed: a reproducible demo */
    iss_key ks = {0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull};
    ep_conn *cc, *sc = NULL;
    uint32_t received = 0, i;
    int wrote = 0, cclosed = 0, sclosed = 0, ok = 1;
    char hc[200], hs[200];

    for (i = 0; i < TRANSFER; i++) {
        data[i] = (uint8_t)('a' + i % 26u);
    }
    tcpfsm_config_default(&cfg);
    cfg.rcv_buf = 65535;
    if (ep_init(&client, &cfg, cip, 65536, emit, &server, &kc) != 0
        || ep_init(&server, &cfg, sip, 65536, emit, &client, &ks) != 0) {
        fprintf(stderr, "demo: cannot set up the endpoints\n");
        return 1;
    }
    client.trace = server.trace = stdout;
    client.name = "client";
    server.name = "server";
    client.peer_name = "server";
    server.peer_name = "client";
    server.listen_port = 80;

    printf("tcpfsm demo: two cores back to back in memory, 10 ms each way, virtual clock.\n"
           "client 192.0.2.1:40000 connects to server 192.0.2.2:80, sends %u bytes, closes;\n"
           "the server reads them and closes when it sees the client's FIN.\n\n",
           TRANSFER);
    trace_header(stdout);
    now_us = 0;
    cc = ep_connect(&client, sip, 80, 40000, now_us);
    if (cc == NULL) {
        return 1;
    }
    for (;;) {
        uint64_t next = UINT64_MAX, d;
        /* the applications */
        if (!sc) {
            for (i = 0; i < EP_MAX_CONNS; i++) {
                if (server.conns[i].used) {
                    sc = &server.conns[i];
                }
            }
        }
        if (!wrote && cc->conn.state == TCPFSM_ESTABLISHED) {
            wrote = ep_write(&client, cc, data, TRANSFER, now_us) == TRANSFER;
        }
        if (wrote && !cclosed && cc->snd_len == 0) {
            cclosed = ep_close(&client, cc, now_us) == 0;
        }
        if (sc) {
            received += ep_read(&server, sc, got + received, TRANSFER - received, now_us);
            if (!sclosed && (sc->notes & TCPFSM_NOTE_PEER_CLOSED) && sc->rcv_unread == 0) {
                sclosed = ep_close(&server, sc, now_us) == 0;
            }
        }
        if (ep_done(cc) && sc && ep_done(sc)) {
            break;
        }
        /* what happens next: a packet arrives, or a timer fires */
        if (q_count > 0) {
            next = wire[q_head].at;
        }
        d = ep_deadline_us(&client);
        next = d < next ? d : next;
        d = ep_deadline_us(&server);
        next = d < next ? d : next;
        if (next == UINT64_MAX) {
            break;
        }
        now_us = next > now_us ? next : now_us;
        if (q_count > 0 && wire[q_head].at <= now_us) {
            packet *p = &wire[q_head];
            q_head = (q_head + 1u) % QLEN;
            q_count--;
            ep_input(p->to, p->bytes, p->len, now_us);
        } else {
            ep_timers(&client, now_us);
            ep_timers(&server, now_us);
        }
    }
    ep_history(cc, hc, sizeof hc);
    printf("\nclient: %s\n", hc);
    if (sc) {
        ep_history(sc, hs, sizeof hs);
        printf("server: %s\n", hs);
    }
    printf("bytes: %u sent, %u received, %s\n", TRANSFER, received,
           received == TRANSFER && memcmp(data, got, TRANSFER) == 0 ? "identical" : "DIFFERENT");
    if (received != TRANSFER || memcmp(data, got, TRANSFER) != 0
        || strcmp(hc, "CLOSED,SYN-SENT,ESTABLISHED,FIN-WAIT-1,FIN-WAIT-2,TIME-WAIT,CLOSED") != 0
        || sc == NULL
        || strcmp(hs, "CLOSED,LISTEN,SYN-RECEIVED,ESTABLISHED,CLOSE-WAIT,LAST-ACK,CLOSED") != 0) {
        printf("demo: the run did not follow the seed scenario\n");
        ok = 0;
    }
    ep_free(&client);
    ep_free(&server);
    return ok ? 0 : 1;
}
