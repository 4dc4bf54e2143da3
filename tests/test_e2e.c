/* SPDX-License-Identifier: BSD-2-Clause */
/* Two tcpfsm connections back to back (tests/net.h): a few hundred KB each
 * way, checked byte for byte, then a clean close, without loss, with loss,
 * and with sequence numbers that cross 2^32. */
#include <string.h>
#include "net.h"
#include "suites.h"

#define E2E_BYTES  300000u  /* each way */
#define E2E_STEPS  2000000u /* bound on net_run */
#define SEED_A     0xA11CEu /* byte patterns: A's stream and B's stream differ */
#define SEED_B     0xB0Bu

static net_t net;                 /* large: static, re-initialised by each test */
static uint8_t stream_a[E2E_BYTES];
static uint8_t stream_b[E2E_BYTES];

static void make_streams(void)
{
    uint32_t i;
    for (i = 0; i < E2E_BYTES; i++) {
        stream_a[i] = net_pattern(SEED_A, i);
        stream_b[i] = net_pattern(SEED_B, i);
    }
    /* the streams are distinct: a crossed delivery would be caught */
    ck_assert_int_ne(memcmp(stream_a, stream_b, E2E_BYTES), 0);
}

/* Where the first differing byte is, for the failure message. */
static uint32_t first_difference(const uint8_t *got, const uint8_t *want, uint32_t len)
{
    uint32_t i;
    for (i = 0; i < len && got[i] == want[i]; i++) {
    }
    return i;
}

static void expect_stream(const net_end *e, const uint8_t *want)
{
    ck_assert_msg(e->rcv_len == E2E_BYTES, "%s received %u bytes, expected %u", e->name,
                  e->rcv_len, E2E_BYTES);
    ck_assert_msg(memcmp(e->rcv, want, E2E_BYTES) == 0, "%s: byte %u differs", e->name,
                  first_difference(e->rcv, want, E2E_BYTES));
}

/*
 * Open (A active, B passive), move E2E_BYTES each way, close with A as the
 * active closer: A passes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT and is CLOSED
 * 2MSL later; B passes CLOSE-WAIT and LAST-ACK and is CLOSED on the last ACK
 * (RFC 9293 §3.6, figure 12).  With loss_permille > 0 segments are lost
 * pseudo-randomly in both directions, handshake and close included.
 */
static void transfer_and_close_cfg(const tcpfsm_config *cfg, uint32_t iss_a, uint32_t iss_b,
                                   uint32_t loss_permille, uint32_t seed)
{
    net_t *n = &net;
    net_end *a = &n->a;
    net_end *b = &n->b;
    const uint32_t msl2 = 240000u; /* tcpfsm_config_default */
    const uint8_t bad = TCPFSM_NOTE_RESET | TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_TIMED_OUT;

    make_streams();
    net_init(n, cfg, cfg, iss_a, iss_b);
    ck_assert_uint_eq(a->conn.cfg.msl2_ms, msl2);
    net_set_loss(n, loss_permille, seed);

    net_listen(n, b);
    net_connect(n, a);
    net_run(n, E2E_STEPS);
    ck_assert_int_eq(net_state(a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(b), TCPFSM_ESTABLISHED);

    /* both directions at once */
    net_write(n, a, stream_a, E2E_BYTES);
    net_write(n, b, stream_b, E2E_BYTES);
    net_run(n, E2E_STEPS);
    expect_stream(b, stream_a);
    expect_stream(a, stream_b);
    /* everything acknowledged: the send buffers are empty */
    ck_assert_uint_eq(a->snd_head, E2E_BYTES);
    ck_assert_uint_eq(b->snd_head, E2E_BYTES);
    /* SYN and the data, modulo 2^32 */
    ck_assert_uint_eq(a->conn.snd_una, iss_a + 1u + E2E_BYTES);
    ck_assert_uint_eq(a->conn.snd_nxt, iss_a + 1u + E2E_BYTES);
    ck_assert_uint_eq(a->conn.rcv_nxt, iss_b + 1u + E2E_BYTES);
    ck_assert_uint_eq(b->conn.snd_nxt, iss_b + 1u + E2E_BYTES);
    ck_assert_uint_eq(b->conn.rcv_nxt, iss_a + 1u + E2E_BYTES);
    /* with window scaling (RFC 7323) and a buffer beyond 65535 bytes, the
     * windows each side was offered grew beyond what 16 bits carry */
    if (cfg != NULL && cfg->rcv_buf > 65535u) {
        ck_assert_uint_gt(a->conn.max_snd_wnd, 65535u);
        ck_assert_uint_gt(b->conn.max_snd_wnd, 65535u);
    }

    /* A closes first; B learns it and keeps its side open */
    net_close(n, a);
    net_run(n, E2E_STEPS);
    ck_assert_int_eq(net_state(a), TCPFSM_FIN_WAIT_2);
    ck_assert_int_eq(net_state(b), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(b->notes & TCPFSM_NOTE_PEER_CLOSED, TCPFSM_NOTE_PEER_CLOSED);
    ck_assert_uint_eq(a->notes & TCPFSM_NOTE_PEER_CLOSED, 0);

    /* B closes; B is CLOSED on the ACK of its FIN, A after TIME-WAIT */
    net_close(n, b);
    net_run(n, E2E_STEPS);
    ck_assert_int_eq(net_state(a), TCPFSM_CLOSED);
    ck_assert_int_eq(net_state(b), TCPFSM_CLOSED);

    ck_assert_uint_ne(a->states_seen & (1u << TCPFSM_FIN_WAIT_1), 0);
    ck_assert_uint_ne(a->states_seen & (1u << TCPFSM_FIN_WAIT_2), 0);
    ck_assert_uint_ne(a->states_seen & (1u << TCPFSM_TIME_WAIT), 0);
    ck_assert_uint_eq(a->states_seen & (1u << TCPFSM_CLOSE_WAIT), 0);
    ck_assert_uint_ne(b->states_seen & (1u << TCPFSM_CLOSE_WAIT), 0);
    ck_assert_uint_ne(b->states_seen & (1u << TCPFSM_LAST_ACK), 0);
    ck_assert_uint_eq(b->states_seen & (1u << TCPFSM_TIME_WAIT), 0);
    ck_assert_uint_eq(b->states_seen & (1u << TCPFSM_FIN_WAIT_1), 0);

    /* A left TIME-WAIT when its 2MSL timer ran out, after B was gone */
    ck_assert_uint_eq(a->closed_at, a->tw_deadline);
    ck_assert_uint_lt(b->closed_at, a->closed_at);
    if (loss_permille == 0) {
        ck_assert_uint_eq(a->closed_at, a->tw_entered + msl2);
        ck_assert_uint_eq(a->rtx + b->rtx, 0);
    } else {
        /* a retransmitted FIN restarts the 2MSL timer: at least 2MSL */
        ck_assert_uint_ge(a->closed_at, a->tw_entered + msl2);
        /* the loss happened and retransmission repaired it */
        ck_assert_uint_gt(n->lost, 0);
        ck_assert_uint_gt(a->rtx, 0);
        ck_assert_uint_gt(b->rtx, 0);
    }

    ck_assert_uint_eq(a->notes, TCPFSM_NOTE_CONNECTED | TCPFSM_NOTE_PEER_CLOSED
                                    | TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(b->notes, TCPFSM_NOTE_CONNECTED | TCPFSM_NOTE_PEER_CLOSED
                                    | TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(a->notes & bad, 0);
}

static void transfer_and_close(uint32_t iss_a, uint32_t iss_b, uint32_t loss_permille,
                               uint32_t seed)
{
    tcpfsm_config cfg; /* the library's defaults: delayed ACKs included */
    tcpfsm_config_default(&cfg);
    transfer_and_close_cfg(&cfg, iss_a, iss_b, loss_permille, seed);
}

/* RFC 7323 window scaling with 500,000-byte buffers (shift 3) on both
 * ends: the windows grow past 65535, and the transfer, its losses and the
 * close go as without it. */
static void transfer_and_close_scaled(uint32_t iss_a, uint32_t iss_b, uint32_t loss_permille,
                                      uint32_t seed)
{
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    cfg.rcv_buf = 500000u;
    transfer_and_close_cfg(&cfg, iss_a, iss_b, loss_permille, seed);
}

START_TEST(e2e_300k_each_way_no_loss_closes_through_time_wait)
{
    transfer_and_close(1000u, 5000000u, 0u, 0u);
}
END_TEST

START_TEST(e2e_300k_each_way_with_2pct_loss_recovers_and_closes)
{
    transfer_and_close(1000u, 5000000u, 20u, 12345u);
}
END_TEST

START_TEST(e2e_300k_each_way_across_seq_wrap)
{
    /* A's data crosses 2^32 after 64 KiB, B's after 15 bytes */
    transfer_and_close(0xFFFF0000u, 0xFFFFFFF0u, 0u, 0u);
}
END_TEST

START_TEST(e2e_300k_each_way_across_seq_wrap_with_loss)
{
    /* A's SYN takes 0xFFFFFFFF, its data starts at 0 */
    transfer_and_close(0xFFFFFFFFu, 0xFFFFF000u, 20u, 777u);
}
END_TEST

/* RFC 7323 timestamps (on by default at both ends) whose TSval crosses 2^32
 * during the transfer, with 10-ms ticks on one run: PAWS must not take the
 * wrap for old duplicates, and retransmissions still repair the loss. */
START_TEST(e2e_timestamps_across_their_wrap_with_loss)
{
    static const uint32_t ticks[2] = {1u, 10u};
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    cfg.ts_tick_ms = ticks[_i];
    cfg.ts_offset = 0xFFFFFFFFu - 1000u / ticks[_i] - 50u; /* wraps 50 ticks in */
    transfer_and_close_cfg(&cfg, 0xFFFFFFF0u, 1234u, 20u, 99u + (uint32_t)_i);
}
END_TEST

START_TEST(e2e_window_scaled_300k_each_way)
{
    transfer_and_close_scaled(1000u, 5000000u, 0u, 0u);
}
END_TEST

START_TEST(e2e_window_scaled_across_seq_wrap_with_loss)
{
    transfer_and_close_scaled(0xFFFFFFFFu, 0xFFFFF000u, 20u, 4242u);
}
END_TEST

/* Loss hook: lose the first transmission of A's data segments 20, 22 and
 * 24 (counted from the first data segment A sends; a segment ending no
 * further than one already seen is a retransmission). */
typedef struct {
    uint32_t count;
    uint32_t end; /* end of the furthest data segment seen */
} first_sends;

static int lose_three_of_a_window(net_t *n, const net_end *from, const net_seg *seg,
                                  uint32_t nth)
{
    first_sends *seen = n->drop_ctx;
    uint32_t end = seg->hdr.seq + seg->hdr.len;
    (void)nth;
    if (from != &n->a || seg->hdr.len == 0
        || (seen->count > 0 && (int32_t)(end - seen->end) <= 0)) {
        return 0;
    }
    seen->count++;
    seen->end = end;
    return seen->count == 20u || seen->count == 22u || seen->count == 24u;
}

/* RFC 6675: three segments lost from one window come back through SACK
 * loss recovery, each retransmitted once, with no retransmission timeout
 * (simulated time never reaches the 1-second RTO); the stream arrives
 * intact. */
START_TEST(e2e_sack_repairs_three_losses_in_a_window)
{
    net_t *n = &net;
    net_end *a = &n->a;
    net_end *b = &n->b;
    first_sends seen = {0, 0};
    uint64_t start;
    make_streams();
    net_init(n, NULL, NULL, 0xFFFFF000u, 77u);
    net_handshake(n);
    ck_assert_uint_eq(a->conn.sack_on, 1u);
    n->drop = lose_three_of_a_window;
    n->drop_ctx = &seen;
    start = n->now;
    net_write(n, a, stream_a, 100000u);
    net_run(n, E2E_STEPS);
    ck_assert_uint_eq(b->rcv_len, 100000u);
    ck_assert_mem_eq(b->rcv, stream_a, 100000u);
    ck_assert_uint_eq(n->lost, 3u);
    ck_assert_uint_eq(a->rtx, 3u);
    ck_assert_uint_ne(a->recoveries_seen & (1u << TCPFSM_RECOVERY_SACK), 0);
    ck_assert_uint_eq(a->recoveries_seen & (1u << TCPFSM_RECOVERY_TIMEOUT), 0);
    ck_assert_uint_lt(n->now - start, a->cfg.rto_min_ms);
}
END_TEST

/* Loss hook: lose the first segment carrying a FIN from each end. */
static int lose_first_fin(net_t *n, const net_end *from, const net_seg *seg, uint32_t nth)
{
    unsigned *lost = n->drop_ctx; /* bit 1: A's FIN lost, bit 2: B's */
    unsigned bit = from == &n->a ? 1u : 2u;
    (void)nth;
    if ((seg->hdr.flags & TCPFSM_FIN) != 0 && (*lost & bit) == 0) {
        *lost |= bit;
        return 1;
    }
    return 0;
}

/* Both FINs are lost once: each is retransmitted on its RTO (RFC 6298 §5.4)
 * and the close completes, A through TIME-WAIT, with the data intact. */
START_TEST(e2e_lost_fins_are_retransmitted_and_close_completes)
{
    net_t *n = &net;
    net_end *a = &n->a;
    net_end *b = &n->b;
    unsigned lost = 0;
    make_streams();
    net_init(n, NULL, NULL, 0xFFFFFFF0u, 77u);
    net_handshake(n);
    net_write(n, a, stream_a, 10000u);
    net_write(n, b, stream_b, 10000u);
    net_run(n, E2E_STEPS);
    ck_assert_uint_eq(a->rcv_len, 10000u);
    ck_assert_uint_eq(b->rcv_len, 10000u);
    ck_assert_mem_eq(b->rcv, stream_a, 10000u);
    ck_assert_mem_eq(a->rcv, stream_b, 10000u);

    n->drop = lose_first_fin;
    n->drop_ctx = &lost;
    net_close(n, a);
    net_run(n, E2E_STEPS);
    ck_assert_uint_eq(lost, 1u);
    ck_assert_uint_eq(a->rtx, 1); /* the FIN, once */
    ck_assert_int_eq(net_state(a), TCPFSM_FIN_WAIT_2);
    ck_assert_int_eq(net_state(b), TCPFSM_CLOSE_WAIT);

    net_close(n, b);
    net_run(n, E2E_STEPS);
    ck_assert_uint_eq(lost, 3u);
    ck_assert_uint_eq(n->lost, 2);
    ck_assert_uint_eq(b->rtx, 1);
    ck_assert_int_eq(net_state(a), TCPFSM_CLOSED);
    ck_assert_int_eq(net_state(b), TCPFSM_CLOSED);
    ck_assert_uint_ne(a->states_seen & (1u << TCPFSM_TIME_WAIT), 0);
    ck_assert_uint_eq(a->closed_at, a->tw_entered + a->cfg.msl2_ms);
    ck_assert_uint_eq(b->notes & TCPFSM_NOTE_RESET, 0);
}
END_TEST

/* README.md "Embedding": out.more means more could be sent than fits in one
 * output.  A write larger than the windows must fill them (RFC 9293 §3.8.6:
 * up to SND.UNA + SND.WND; RFC 5681 §3: no more than cwnd, 10 segments at
 * first, RFC 6928) once the caller follows out.more, not stop at
 * TCPFSM_MAX_TX segments. */
START_TEST(e2e_large_write_fills_peer_window_by_following_more)
{
    net_t *n = &net;
    uint32_t i;
    uint32_t bytes = 0;
    make_streams();
    net_init(n, NULL, NULL, 1000u, 5000000u);
    net_handshake(n);
    net_write(n, &n->a, stream_a, E2E_BYTES);
    for (i = 0; i < net_queued(&n->a); i++) {
        const net_seg *s = net_peek(&n->a, i);
        ck_assert_uint_eq(s->hdr.seq, 1000u + 1u + bytes);
        ck_assert_uint_le(s->hdr.len, 1448u); /* the MSS less the timestamps */
        bytes += s->hdr.len;
    }
    ck_assert_uint_gt(net_queued(&n->a), TCPFSM_MAX_TX);
    ck_assert_uint_eq(bytes, 10u * 1448u); /* A's initial window; B offers 65535 */
}
END_TEST

/* Issue "TCP completeness", item 8: with a reader that consumes each
 * segment as it arrives, the receiver acknowledges every second full-sized
 * segment (RFC 9293 §3.8.6.3) and a read alone sends no window update
 * until the window can grow by two segments (output.c update_step): about
 * one ACK per two data segments, at most 0.55 (it was one per segment).
 * The library's defaults on both sides (delayed ACK 100 ms). */
START_TEST(e2e_prompt_reader_acks_every_second_segment)
{
    net_t *n = &net;
    net_end *a = &n->a;
    net_end *b = &n->b;
    uint32_t a_sent;
    uint32_t b_sent;
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg); /* the tests' h_config acknowledges at once */
    make_streams();
    net_init(n, &cfg, &cfg, 1000u, 5000u);
    net_listen(n, b);
    net_connect(n, a);
    net_run(n, E2E_STEPS);
    ck_assert_int_eq(net_state(b), TCPFSM_ESTABLISHED);
    a_sent = a->sent;
    b_sent = b->sent;
    net_write(n, a, stream_a, E2E_BYTES);
    net_run(n, E2E_STEPS);
    expect_stream(b, stream_a);
    a_sent = a->sent - a_sent;
    b_sent = b->sent - b_sent;
    ck_assert_uint_eq(a->rtx, 0);
    ck_assert_uint_ge(a_sent, E2E_BYTES / 1460u);
    ck_assert_msg(b_sent * 100u <= a_sent * 55u, "%u ACKs for %u data segments (ratio %.3f)",
                  b_sent, a_sent, (double)b_sent / (double)a_sent);
    /* and never fewer than one per two segments' worth (RFC 5681 §4.2) */
    ck_assert_msg(b_sent * 2u + 2u >= a_sent, "%u ACKs for %u data segments", b_sent, a_sent);
}
END_TEST

Suite *suite_e2e(void)
{
    Suite *s = suite_create("e2e");
    TCase *tc = tcase_create("back to back");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, e2e_300k_each_way_no_loss_closes_through_time_wait);
    tcase_add_test(tc, e2e_300k_each_way_with_2pct_loss_recovers_and_closes);
    tcase_add_test(tc, e2e_300k_each_way_across_seq_wrap);
    tcase_add_test(tc, e2e_300k_each_way_across_seq_wrap_with_loss);
    tcase_add_test(tc, e2e_window_scaled_300k_each_way);
    tcase_add_loop_test(tc, e2e_timestamps_across_their_wrap_with_loss, 0, 2);
    tcase_add_test(tc, e2e_window_scaled_across_seq_wrap_with_loss);
    tcase_add_test(tc, e2e_lost_fins_are_retransmitted_and_close_completes);
    tcase_add_test(tc, e2e_sack_repairs_three_losses_in_a_window);
    tcase_add_test(tc, e2e_large_write_fills_peer_window_by_following_more);
    tcase_add_test(tc, e2e_prompt_reader_acks_every_second_segment);
    suite_add_tcase(s, tc);
    return s;
}
