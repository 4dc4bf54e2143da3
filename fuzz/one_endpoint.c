/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Harness 1: one endpoint driven by a sequence of events (records.h):
 * user calls, segments with arbitrary fields, the clock.  After every call
 * the oracles of oracle.c check the connection invariant, the output and
 * the transition relation the proofs state, and that an error changed
 * nothing.  A broken oracle aborts, which AFL++ and libFuzzer report as a
 * crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "records.h"

/* A clock past this never fires anything new: keeps `now` far from
 * overflow whatever the input adds. */
#define CLOCK_LIMIT (UINT64_C(1) << 50)

/* The longest input taken, in bytes (about 50 segments); a longer one is
 * rejected whole, and fuzz/run.sh passes this number to afl-fuzz -G, so
 * that the fuzzer never makes one.  Chosen by measurement (fuzz/README.md):
 * the Check suites' connections cut here keep all their edges but one, and
 * an execution stays under 0.1 ms. */
#ifndef MAX_INPUT_BYTES
#define MAX_INPUT_BYTES 1024
#endif

#ifdef ONE_ENDPOINT_OBSERVE
/* For the seed cutter (seed_cut.c): called after each record that reached
 * the core, `end` the offset just past it. */
void one_endpoint_observe(size_t end, const record *r, const tcpfsm_conn *before,
                          const tcpfsm_conn *after, tcpfsm_error err);
const size_t one_endpoint_max_bytes = MAX_INPUT_BYTES;
#define OBSERVE(end, r, before, after, err) one_endpoint_observe(end, r, before, after, err)
#else
#define OBSERVE(end, r, before, after, err) ((void)0)
#endif

static void fail(const char *why, const record *r, unsigned step)
{
    fprintf(stderr, "one_endpoint: oracle failed at record %u (op %d): %s\n", step, (int)r->op,
            why);
    abort();
}

/* Offsets become absolute sequence numbers, SACK blocks included; a
 * timestamps option gets its TSval around TS.Recent (records.h) and echoes
 * our last TSval. */
static tcpfsm_segment place(const record *r, const tcpfsm_conn *conn, const tcpfsm_output *out)
{
    static const uint32_t ts_step[4] = {1u, 0u, 0xFFFFFFFFu, 0x80000000u};
    tcpfsm_segment seg = r->seg;
    unsigned k;
    if (r->how & REC_SEQ_FROM_RCV_NXT) {
        seg.seq = conn->rcv_nxt + seg.seq;
    }
    if (r->how & REC_ACK_FROM_SND_UNA) {
        seg.ack = conn->snd_una + seg.ack;
    }
    for (k = 0; k < seg.sack_count && k < TCPFSM_MAX_SACK_BLOCKS; k++) {
        seg.sack[k].left = conn->snd_una + r->seg.sack[k].left;
        seg.sack[k].right = seg.sack[k].left + r->seg.sack[k].right;
    }
    seg.ts_val = conn->ts_recent + ts_step[(r->how >> REC_TS_SHIFT) & 3u];
    seg.ts_ecr = out->timestamps ? out->ts_val : 0u;
    return seg;
}

static oracle_event kind_of(record_op op)
{
    switch (op) {
    case REC_OPEN_ACTIVE: return ORACLE_OPEN_ACTIVE;
    case REC_OPEN_PASSIVE: return ORACLE_OPEN_PASSIVE;
    case REC_SEND: return ORACLE_SEND;
    case REC_RECEIVE: return ORACLE_RECEIVE;
    case REC_CLOSE: return ORACLE_CLOSE;
    case REC_ABORT: return ORACLE_ABORT;
    case REC_STATUS: return ORACLE_STATUS;
    case REC_TIMER: return ORACLE_TIMER;
    case REC_ICMP: return ORACLE_ICMP;
    default: return ORACLE_SEGMENT;
    }
}

/* Before the first input, so that every input runs the same code. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    oracle_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_output out;
    uint64_t now = 1000;
    uint32_t iss = 0x12345678u;
    size_t at = 1;
    unsigned step = 0;
    record r;
    if (size == 0 || size > MAX_INPUT_BYTES) {
        return 0;
    }
    records_config(data[0], &cfg);
    memset(&out, 0, sizeof out);
    out.deadline = TCPFSM_NO_DEADLINE;
    if (tcpfsm_init(&conn, &cfg) != TCPFSM_OK) {
        fail("tcpfsm_init refused a valid configuration", &r, 0);
    }
    while (records_next(data, size, &at, &r)) {
        tcpfsm_conn before = conn;
        tcpfsm_output out_before = out;
        tcpfsm_info info;
        tcpfsm_segment seg;
        tcpfsm_error err;
        const char *why;
        int has_out = 1;
        step++;
        switch (r.op) {
        case REC_OPEN_ACTIVE:
            iss = r.value;
            err = tcpfsm_open_active(&conn, iss, now, &out);
            break;
        case REC_OPEN_PASSIVE:
            err = tcpfsm_open_passive(&conn);
            has_out = 0;
            break;
        case REC_SEND:
            /* an opcode byte of 128 or more: the urgent flag (records.h) */
            err = (r.how & REC_SEND_URGENT) != 0 ? tcpfsm_send_urgent(&conn, r.value, now, &out)
                                                 : tcpfsm_send(&conn, r.value, now, &out);
            why = oracle_send_ok(&before, &out_before, r.value, (r.how & REC_SEND_URGENT) != 0,
                                 now, err, &conn, &out);
            if (why != NULL) {
                fail(why, &r, step);
            }
            break;
        case REC_RECEIVE: err = tcpfsm_receive(&conn, r.value, now, &out); break;
        case REC_CLOSE: err = tcpfsm_close(&conn, now, &out); break;
        case REC_ABORT: err = tcpfsm_abort(&conn, &out); break;
        case REC_STATUS:
            err = tcpfsm_status(&conn, &info);
            has_out = 0;
            if (err == TCPFSM_OK && (info.state != (tcpfsm_state)conn.state
                                     || info.snd_una != conn.snd_una
                                     || info.urgent != conn.rcv_urgent)) {
                fail("status disagrees with the block", &r, step);
            }
            /* and, on a connection, Nagle flips (TCP_NODELAY), so that both
             * settings are driven; after an error the oracle below checks
             * that nothing changed, so nothing may */
            if (err == TCPFSM_OK && tcpfsm_set_nodelay(&conn, conn.nodelay == 0u) != TCPFSM_OK) {
                fail("tcpfsm_set_nodelay refused a block tcpfsm_status took", &r, step);
            }
            /* and keepalive, when the record says so */
            if (err == TCPFSM_OK && (r.how & REC_STATUS_KEEPALIVE) != 0
                && tcpfsm_set_keepalive(&conn, conn.keepalive == 0u, now) != TCPFSM_OK) {
                fail("tcpfsm_set_keepalive refused a block tcpfsm_status took", &r, step);
            }
            /* or the user will read no more: the FIN-WAIT-2 timeout */
            if (err == TCPFSM_OK && (r.how & REC_STATUS_SHUTDOWN) != 0
                && tcpfsm_shutdown_receive(&conn, now) != TCPFSM_OK) {
                fail("tcpfsm_shutdown_receive refused a connection tcpfsm_status took", &r, step);
            }
            break;
        case REC_TIMER:
            if ((r.how & REC_TIMER_TO_DEADLINE) && out.deadline != TCPFSM_NO_DEADLINE
                && out.deadline < CLOCK_LIMIT) {
                now = out.deadline > now ? out.deadline : now;
            } else if (r.how & REC_TIMER_STEP_BACK) {
                now -= r.value < now ? r.value : now; /* a clock fault */
            } else if (now + r.value < CLOCK_LIMIT) {
                now += r.value;
            }
            err = tcpfsm_on_timer(&conn, now, &out);
            break;
        case REC_ICMP: {
            /* an ICMP error quoting the flight, or any sequence number */
            tcpfsm_icmp icmp = r.icmp;
            if (r.how & REC_ICMP_SEQ_FROM_SND_UNA) {
                icmp.seq = conn.snd_una + r.icmp.seq;
            }
            err = tcpfsm_on_icmp(&conn, &icmp, now, &out);
            break;
        }
        case REC_NO_CONNECTION:
            seg = r.seg;
            err = tcpfsm_reply_no_connection(&seg, &out);
            /* §3.10.7.1: at most one RST, and never in answer to a RST */
            if (err == TCPFSM_OK
                && (out.count > 1 || ((seg.flags & TCPFSM_RST) != 0 && out.count != 0)
                    || (out.count == 1 && out.tx[0].flags != TCPFSM_RST
                        && out.tx[0].flags != (TCPFSM_RST | TCPFSM_ACK)))) {
                fail("the reply to a segment without connection breaks 3.10.7.1", &r, step);
            }
            OBSERVE(at, &r, &before, &conn, err);
            continue; /* no connection involved */
        default:
            seg = place(&r, &conn, &out);
            err = tcpfsm_on_segment(&conn, &seg, iss ^ 0x5a5a5a5au, now, &out);
            why = err == TCPFSM_OK ? oracle_fast_path_same(&before, &out_before, &seg,
                                                           iss ^ 0x5a5a5a5au, now, &conn, &out)
                                   : NULL;
            if (why == NULL) {
                why = oracle_urgent_arrived(&before, &seg, err, &conn, &out);
            }
            if (why != NULL) {
                fail(why, &r, step);
            }
            if (err == TCPFSM_OK && (seg.flags & TCPFSM_RST) != 0
                && (out.count > 1
                    || (out.count == 1 && (out.tx[0].flags != TCPFSM_ACK
                                           || out.tx[0].seq != conn.snd_nxt)))) {
                fail("a RST drew more than a challenge ACK", &r, step);
            }
            break;
        }
        why = oracle_after_call(kind_of(r.op), &before, has_out ? &out_before : NULL, err, &conn,
                                has_out ? &out : NULL);
        if (why != NULL) {
            fail(why, &r, step);
        }
        OBSERVE(at, &r, &before, &conn, err);
    }
    return 0;
}
