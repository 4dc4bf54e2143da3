/* SPDX-License-Identifier: BSD-2-Clause */
/* Bad input to every public call returns its own error and leaves the
 * connection block byte-for-byte unchanged (tcpfsm.h, README "API at a
 * glance"); plus the documented defaults, names and sizes. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "suites.h"

/* The 11 states, each reached both ways: loop index i is state i / 2,
 * origin ACTIVE when i is even, PASSIVE when odd. */
#define N_PLACES (2 * TCPFSM_STATE_COUNT)

static tcpfsm_state place_state(int i)
{
    return (tcpfsm_state)(i / 2);
}

static h_origin place_origin(int i)
{
    return (i % 2) != 0 ? ORIGIN_PASSIVE : ORIGIN_ACTIVE;
}

typedef struct {
    h_t t;
    unsigned char before[sizeof(tcpfsm_conn)];
    char where[64];
} fixture;

static void snap(fixture *f)
{
    memcpy(f->before, &f->t.conn, sizeof f->before);
}

static void setup(fixture *f, int i)
{
    h_init(&f->t, 1000u, 5000u);
    h_drive(&f->t, place_state(i), place_origin(i));
    (void)snprintf(f->where, sizeof f->where, "%s (%s)", tcpfsm_state_name(place_state(i)),
                   place_origin(i) == ORIGIN_PASSIVE ? "passive" : "active");
    snap(f);
}

/* `call` returns `err` and the block is as snap() saw it. */
#define EXPECT_ERR(f, call, err)                                                          \
    do {                                                                                  \
        tcpfsm_error got_ = (call);                                                       \
        ck_assert_msg(got_ == (err), "%s: %s returned %d, expected %s = %d", (f)->where,  \
                      #call, (int)got_, #err, (int)(err));                                \
        ck_assert_msg(memcmp((f)->before, &(f)->t.conn, sizeof(tcpfsm_conn)) == 0,        \
                      "%s: %s changed the connection block", (f)->where, #call);          \
    } while (0)

/* A segment the connection would act on if it were valid: at RCV.NXT,
 * acknowledging SND.NXT (in LISTEN and CLOSED, a plain SYN). */
static tcpfsm_segment live_segment(const h_t *t, uint8_t flags)
{
    return h_seg(flags, t->conn.rcv_nxt, t->conn.snd_nxt, 0);
}

/* NULL for each pointer argument of each function. */
START_TEST(null_pointers)
{
    fixture f;
    tcpfsm_config cfg;
    tcpfsm_info info;
    tcpfsm_segment seg;
    uint64_t later;
    setup(&f, _i);
    seg = live_segment(&f.t, TCPFSM_ACK);
    later = f.t.now + 10000000u; /* every timer would fire */
    tcpfsm_config_default(&cfg);
    tcpfsm_config_default(NULL); /* nothing to fill, nothing to report */

    EXPECT_ERR(&f, tcpfsm_init(NULL, &cfg), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_init(&f.t.conn, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_open_active(NULL, 77u, f.t.now, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_open_active(&f.t.conn, 77u, f.t.now, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_open_passive(NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_send(NULL, H_DATA_LEN, f.t.now, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, H_DATA_LEN, f.t.now, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, 0u, f.t.now, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_receive(NULL, 0u, f.t.now, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, 0u, f.t.now, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_close(NULL, f.t.now, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_close(&f.t.conn, f.t.now, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_abort(NULL, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_abort(&f.t.conn, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_status(NULL, &info), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_status(&f.t.conn, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_on_segment(NULL, &seg, 77u, f.t.now, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_on_segment(&f.t.conn, NULL, 77u, f.t.now, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_on_segment(&f.t.conn, &seg, 77u, f.t.now, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_on_timer(NULL, later, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_on_timer(&f.t.conn, later, NULL), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_reply_no_connection(NULL, &f.t.out), TCPFSM_ERR_NULL);
    EXPECT_ERR(&f, tcpfsm_reply_no_connection(&seg, NULL), TCPFSM_ERR_NULL);
}
END_TEST

START_TEST(next_deadline_null)
{
    tcpfsm_conn conn;
    tcpfsm_config cfg;
    ck_assert(tcpfsm_next_deadline(NULL) == TCPFSM_NO_DEADLINE);
    tcpfsm_config_default(&cfg);
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
    ck_assert(tcpfsm_next_deadline(&conn) == TCPFSM_NO_DEADLINE);
}
END_TEST

/* Out-of-range configurations, one field at a time (README, Configuration). */
#define N_BAD_CONFIGS 26

static const char *bad_config(int i, tcpfsm_config *c)
{
    tcpfsm_config_default(c);
    switch (i) {
    case 0: c->rcv_buf = 0u; return "rcv_buf 0";
    case 1: c->rcv_buf = TCPFSM_MAX_RCV_BUF + 1u; return "rcv_buf (65535 << 14) + 1";
    case 2: c->rcv_buf = UINT32_MAX; return "rcv_buf UINT32_MAX";
    case 3: c->mss = TCPFSM_MIN_MSS - 1u; return "mss TCPFSM_MIN_MSS - 1 (27)";
    case 4: c->mss = 0u; return "mss 0";
    case 5: c->rto_min_ms = 0u; return "rto_min 0";
    case 6: c->rto_min_ms = c->rto_initial_ms + 1u; return "rto_min > rto_initial";
    case 7: c->rto_initial_ms = c->rto_max_ms + 1u; return "rto_initial > rto_max";
    case 8: c->rto_max_ms = 59999u; return "rto_max 59999";
    case 9: c->rto_max_ms = 3600001u; return "rto_max 3600001";
    case 10:
        c->rto_max_ms = 3600001u;
        c->rto_initial_ms = 3600001u;
        c->rto_min_ms = 3600001u;
        return "rto_min = rto_initial = rto_max = 3600001";
    case 11: c->msl2_ms = 0u; return "msl2 0";
    case 12: c->max_retries = 0u; return "max_retries 0";
    case 13: c->mss = 1u; return "mss 1";
    case 14: c->ts_tick_ms = UINT32_MAX; return "ts_tick_ms 2^32 - 1";
    case 15: c->rcv_buf = TCPFSM_MAX_RCV_BUF + 0x4000u; return "rcv_buf 65536 << 14";
    case 16: c->challenge_window_ms = 0u; return "challenge_window_ms 0";
    case 17: c->ts_tick_ms = 0u; return "ts_tick_ms 0";
    case 18: c->ts_tick_ms = 1001u; return "ts_tick_ms 1001";
    case 20: c->init_window = 0u; return "init_window 0";
    case 21: c->init_window = TCPFSM_MAX_INIT_WINDOW + 1u; return "init_window 11";
    case 22: c->delack_ms = TCPFSM_MAX_DELACK_MS + 1u; return "delack_ms 201";
    case 23: c->keepalive_idle_s = 0u; return "keepalive_idle_s 0";
    case 24: c->keepalive_interval_s = 0u; return "keepalive_interval_s 0";
    case 25: c->keepalive_count = 0u; return "keepalive_count 0";
    default:
        c->rto_initial_ms = 500u; /* below rto_min 1000 */
        return "rto_initial < rto_min";
    }
}

/* A failed init leaves the block alone, whatever it held. */
START_TEST(init_bad_config)
{
    int place;
    for (place = 0; place < N_PLACES; place++) {
        fixture f;
        tcpfsm_config cfg;
        const char *what = bad_config(_i, &cfg);
        setup(&f, place);
        ck_assert_msg(tcpfsm_init(&f.t.conn, &cfg) == TCPFSM_ERR_BAD_CONFIG,
                      "%s: init with %s was not TCPFSM_ERR_BAD_CONFIG", f.where, what);
        ck_assert_msg(memcmp(f.before, &f.t.conn, sizeof f.before) == 0,
                      "%s: init with %s changed the connection block", f.where, what);
    }
}
END_TEST

/* The edges of each range are accepted, and init stores the configuration. */
#define N_EDGE_CONFIGS 28

/* Field by field: the struct has padding, which assignment need not copy. */
static int config_equal(const tcpfsm_config *a, const tcpfsm_config *b)
{
    return a->rcv_buf == b->rcv_buf && a->rto_initial_ms == b->rto_initial_ms
        && a->rto_min_ms == b->rto_min_ms && a->rto_max_ms == b->rto_max_ms
        && a->msl2_ms == b->msl2_ms && a->user_timeout_ms == b->user_timeout_ms
        && a->mss == b->mss && a->max_retries == b->max_retries && a->flags == b->flags
        && a->challenge_window_ms == b->challenge_window_ms
        && a->challenge_limit == b->challenge_limit && a->ts_tick_ms == b->ts_tick_ms
        && a->ts_offset == b->ts_offset && a->init_window == b->init_window
        && a->delack_ms == b->delack_ms && a->keepalive_idle_s == b->keepalive_idle_s
        && a->keepalive_interval_s == b->keepalive_interval_s
        && a->keepalive_count == b->keepalive_count && a->ss_ack_limit == b->ss_ack_limit;
}

static const char *edge_config(int i, tcpfsm_config *c)
{
    tcpfsm_config_default(c);
    switch (i) {
    case 0: c->rcv_buf = 1u; return "rcv_buf 1";
    case 1: c->rcv_buf = TCPFSM_MAX_RCV_BUF; return "rcv_buf 65535 << 14";
    case 2: c->mss = TCPFSM_MIN_MSS; return "mss TCPFSM_MIN_MSS (28)";
    case 3: c->mss = 65535u; return "mss 65535";
    case 4: c->rto_min_ms = 1u; return "rto_min 1";
    case 5:
        c->rto_min_ms = 60000u;
        c->rto_initial_ms = 60000u;
        return "rto_min = rto_initial = rto_max = 60000";
    case 6:
        c->rto_max_ms = 3600000u;
        c->rto_initial_ms = 3600000u;
        return "rto_initial = rto_max = 3600000";
    case 7: c->msl2_ms = 1u; return "msl2 1";
    case 8: c->max_retries = 1u; return "max_retries 1";
    case 9: c->flags = 0u; return "flags 0";
    case 10: c->user_timeout_ms = 0u; return "user_timeout 0";
    case 11: c->challenge_window_ms = 1u; return "challenge_window_ms 1";
    case 12: c->challenge_limit = 0u; return "challenge_limit 0 (no throttle)";
    case 13: c->challenge_limit = 65535u; return "challenge_limit 65535";
    case 14: c->ts_tick_ms = 1000u; return "ts_tick_ms 1000";
    case 15: c->ts_offset = UINT32_MAX; return "ts_offset 2^32 - 1";
    case 16: c->flags = 0xFFu; return "every flag";
    case 17: c->ts_tick_ms = 1u; return "ts_tick_ms 1";
    case 19: c->init_window = 1u; return "init_window 1";
    case 20: c->init_window = TCPFSM_MAX_INIT_WINDOW; return "init_window 10";
    case 21: c->delack_ms = 0u; return "delack_ms 0";
    case 22: c->delack_ms = TCPFSM_MAX_DELACK_MS; return "delack_ms 200";
    case 23: c->keepalive_idle_s = 1u; c->keepalive_interval_s = 1u; return "keepalive 1 s, 1 s";
    case 24: c->keepalive_idle_s = 65535u; return "keepalive_idle_s 65535";
    case 25: c->keepalive_interval_s = 65535u; return "keepalive_interval_s 65535";
    case 26: c->keepalive_count = 1u; return "keepalive_count 1";
    case 27: c->keepalive_count = 255u; return "keepalive_count 255";
    default: c->max_retries = 255u; return "max_retries 255";
    }
}

START_TEST(init_edge_config)
{
    tcpfsm_conn conn;
    tcpfsm_config cfg;
    const char *what = edge_config(_i, &cfg);
    memset(&conn, 0xA5, sizeof conn); /* init must not trust what it overwrites */
    ck_assert_msg(tcpfsm_init(&conn, &cfg) == TCPFSM_OK, "init with %s refused", what);
    ck_assert_msg(config_equal(&conn.cfg, &cfg), "init with %s: cfg not stored", what);
    ck_assert_int_eq(conn.state, TCPFSM_CLOSED);
    ck_assert(tcpfsm_next_deadline(&conn) == TCPFSM_NO_DEADLINE);
}
END_TEST

/* A state byte that names no state: every call that takes the block
 * refuses it with TCPFSM_ERR_INVALID_ARG and leaves it alone. */
START_TEST(corrupted_state)
{
    static const uint8_t bad[] = {11u, 12u, 0x80u, 255u};
    unsigned k;
    for (k = 0; k < sizeof bad; k++) {
        fixture f;
        tcpfsm_info info;
        tcpfsm_segment seg;
        tcpfsm_segment syn;
        uint64_t later;
        setup(&f, _i);
        seg = live_segment(&f.t, TCPFSM_ACK);
        syn = h_seg(TCPFSM_SYN, f.t.peer_iss, 0, 0);
        later = f.t.now + 10000000u;
        f.t.conn.state = bad[k];
        (void)snprintf(f.where, sizeof f.where, "%s, state byte %u",
                       tcpfsm_state_name(place_state(_i)), (unsigned)bad[k]);
        snap(&f);
        EXPECT_ERR(&f, tcpfsm_open_active(&f.t.conn, 77u, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_open_passive(&f.t.conn), TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, H_DATA_LEN, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, 0u, f.t.now, &f.t.out), TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, 0u, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_close(&f.t.conn, f.t.now, &f.t.out), TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_abort(&f.t.conn, &f.t.out), TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_status(&f.t.conn, &info), TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_on_segment(&f.t.conn, &seg, 77u, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_on_segment(&f.t.conn, &syn, 77u, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        EXPECT_ERR(&f, tcpfsm_on_timer(&f.t.conn, later, &f.t.out), TCPFSM_ERR_INVALID_ARG);
        /* init is the way back: it does not read the block */
        ck_assert_int_eq(tcpfsm_init(&f.t.conn, &f.t.cfg), TCPFSM_OK);
        ck_assert_int_eq(f.t.conn.state, TCPFSM_CLOSED);
    }
}
END_TEST

/* Invalid segments (tcpfsm_segment_valid): in every state, whatever the
 * flags, TCPFSM_ERR_INVALID_ARG and the block unchanged; the same segments
 * are refused by tcpfsm_reply_no_connection. */
#define N_BAD_SEGMENTS 9

static const char *bad_segment(int i, tcpfsm_segment *seg)
{
    switch (i) {
    case 0: seg->len = TCPFSM_MAX_PAYLOAD + 1u; return "len MAX_PAYLOAD + 1";
    case 1: seg->len = UINT32_MAX; return "len UINT32_MAX";
    case 2: seg->options = (uint8_t)(seg->options | TCPFSM_OPT_SACK);
        return "the SACK option bit without a block";
    case 3: seg->options = (uint8_t)(seg->options | 0x80u); return "option bit 0x80";
    case 4: seg->options = 0xFFu; seg->mss = 1460u; return "all option bits";
    case 5: seg->options = TCPFSM_OPT_MSS; seg->mss = 0u; return "MSS option, mss 0";
    case 6:
        seg->options = (uint8_t)(seg->options | TCPFSM_OPT_SACK);
        seg->sack_count = TCPFSM_MAX_SACK_BLOCKS + 1u;
        return "five SACK blocks";
    case 7: seg->sack_count = 1u; return "a SACK block without the option bit";
    default:
        seg->options = (uint8_t)(TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM
                                 | TCPFSM_OPT_TIMESTAMP);
        seg->mss = 0u;
        return "every known option, mss 0";
    }
}

START_TEST(bad_segments)
{
    static const uint8_t flag_sets[] = {
        0u, TCPFSM_SYN, TCPFSM_SYN | TCPFSM_ACK, TCPFSM_ACK, TCPFSM_ACK | TCPFSM_PSH,
        TCPFSM_FIN | TCPFSM_ACK, TCPFSM_RST, TCPFSM_RST | TCPFSM_ACK
    };
    fixture f;
    unsigned k;
    int b;
    setup(&f, _i);
    for (k = 0; k < sizeof flag_sets; k++) {
        for (b = 0; b < N_BAD_SEGMENTS; b++) {
            tcpfsm_segment seg = live_segment(&f.t, flag_sets[k]);
            tcpfsm_error got;
            const char *what;
            if (f.t.conn.state <= TCPFSM_SYN_SENT && (flag_sets[k] & TCPFSM_SYN) != 0u) {
                seg = h_seg(flag_sets[k], f.t.peer_iss, f.t.iss + 1u, 0);
            }
            what = bad_segment(b, &seg);
            got = tcpfsm_on_segment(&f.t.conn, &seg, 77u, f.t.now, &f.t.out);
            ck_assert_msg(got == TCPFSM_ERR_INVALID_ARG,
                          "%s: segment flags 0x%02x with %s returned %d, expected "
                          "TCPFSM_ERR_INVALID_ARG", f.where, flag_sets[k], what, (int)got);
            ck_assert_msg(memcmp(f.before, &f.t.conn, sizeof f.before) == 0,
                          "%s: segment flags 0x%02x with %s changed the connection block",
                          f.where, flag_sets[k], what);
            got = tcpfsm_reply_no_connection(&seg, &f.t.out);
            ck_assert_msg(got == TCPFSM_ERR_INVALID_ARG,
                          "reply_no_connection, flags 0x%02x with %s returned %d",
                          flag_sets[k], what, (int)got);
        }
    }
}
END_TEST

/* The limits themselves are valid input. */
START_TEST(segment_edges_accepted)
{
    h_t t;
    tcpfsm_segment seg;
    h_init(&t, 1000u, 5000u);
    seg = h_seg(TCPFSM_ACK, 1u, 2u, TCPFSM_MAX_PAYLOAD);
    ck_assert_int_eq(tcpfsm_reply_no_connection(&seg, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, seg), TCPFSM_OK); /* CLOSED: answered with RST */
    ck_assert_uint_eq(t.out.count, 1);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    seg = h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, TCPFSM_MAX_PAYLOAD);
    seg.options = TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM
                | TCPFSM_OPT_TIMESTAMP;
    seg.mss = 1u;
    ck_assert_int_eq(h_rx(&t, seg), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.deliver_len, t.cfg.rcv_buf); /* trimmed to the window */
}
END_TEST

/* RECEIVE of more bytes than were delivered: TCPFSM_ERR_INVALID_ARG, in
 * every state with a TCB; in CLOSED there is no connection (§3.10.3). */
START_TEST(receive_beyond_unread)
{
    fixture f;
    uint32_t unread;
    setup(&f, _i);
    unread = f.t.conn.rcv_unread;
    if (place_state(_i) == TCPFSM_CLOSED) {
        EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, 1u, f.t.now, &f.t.out),
                   TCPFSM_ERR_NO_CONNECTION);
        return;
    }
    EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, unread + 1u, f.t.now, &f.t.out),
               TCPFSM_ERR_INVALID_ARG);
    EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, UINT32_MAX, f.t.now, &f.t.out),
               TCPFSM_ERR_INVALID_ARG);
}
END_TEST

/* With bytes delivered: more than delivered is refused, exactly that much is
 * consumed; in CLOSE-WAIT the text on hand still satisfies RECEIVE, after it
 * "connection closing" (§3.10.3). */
START_TEST(receive_delivered_bytes)
{
    static const tcpfsm_state states[] = {TCPFSM_ESTABLISHED, TCPFSM_CLOSE_WAIT};
    unsigned k;
    for (k = 0; k < 2; k++) {
        fixture f;
        tcpfsm_info info;
        setup(&f, 2 * (int)TCPFSM_ESTABLISHED + 1);
        ck_assert_int_eq(h_event_apply(&f.t, EV_RCV_DATA), TCPFSM_OK);
        ck_assert_uint_eq(f.t.out.deliver_len, H_DATA_LEN);
        if (states[k] == TCPFSM_CLOSE_WAIT) {
            ck_assert_int_eq(h_event_apply(&f.t, EV_RCV_FIN), TCPFSM_OK);
        }
        ck_assert_int_eq(h_state(&f.t), states[k]);
        (void)snprintf(f.where, sizeof f.where, "%s, %u unread", tcpfsm_state_name(states[k]),
                       H_DATA_LEN);
        snap(&f);
        EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, H_DATA_LEN + 1u, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        ck_assert_int_eq(tcpfsm_receive(&f.t.conn, H_DATA_LEN / 2u, f.t.now, &f.t.out),
                         TCPFSM_OK);
        ck_assert_int_eq(tcpfsm_status(&f.t.conn, &info), TCPFSM_OK);
        ck_assert_uint_eq(info.unread, H_DATA_LEN - H_DATA_LEN / 2u);
        snap(&f);
        EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, H_DATA_LEN / 2u + 1u, f.t.now, &f.t.out),
                   TCPFSM_ERR_INVALID_ARG);
        ck_assert_int_eq(tcpfsm_receive(&f.t.conn, H_DATA_LEN - H_DATA_LEN / 2u, f.t.now,
                                        &f.t.out), TCPFSM_OK);
        ck_assert_int_eq(tcpfsm_status(&f.t.conn, &info), TCPFSM_OK);
        ck_assert_uint_eq(info.unread, 0);
        snap(&f);
        if (states[k] == TCPFSM_CLOSE_WAIT) {
            EXPECT_ERR(&f, tcpfsm_receive(&f.t.conn, 0u, f.t.now, &f.t.out),
                       TCPFSM_ERR_CLOSING);
        } else {
            ck_assert_int_eq(tcpfsm_receive(&f.t.conn, 0u, f.t.now, &f.t.out), TCPFSM_OK);
        }
    }
}
END_TEST

/* SEND beyond TCPFSM_MAX_SEND_QUEUE: "insufficient resources", unchanged.
 * In every state where SEND is accepted (spec/user_calls.def). */
START_TEST(send_queue_limit)
{
    fixture f;
    tcpfsm_state s = place_state(_i);
    tcpfsm_info info;
    if (s != TCPFSM_SYN_SENT && s != TCPFSM_SYN_RECEIVED && s != TCPFSM_ESTABLISHED
        && s != TCPFSM_CLOSE_WAIT) {
        return;
    }
    setup(&f, _i);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, TCPFSM_MAX_SEND_QUEUE + 1u, f.t.now, &f.t.out),
               TCPFSM_ERR_INSUFFICIENT_RESOURCES);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, UINT32_MAX, f.t.now, &f.t.out),
               TCPFSM_ERR_INSUFFICIENT_RESOURCES);
    ck_assert_int_eq(tcpfsm_send(&f.t.conn, H_DATA_LEN, f.t.now, &f.t.out), TCPFSM_OK);
    snap(&f);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, TCPFSM_MAX_SEND_QUEUE - H_DATA_LEN + 1u, f.t.now,
                               &f.t.out), TCPFSM_ERR_INSUFFICIENT_RESOURCES);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, TCPFSM_MAX_SEND_QUEUE, f.t.now, &f.t.out),
               TCPFSM_ERR_INSUFFICIENT_RESOURCES);
    /* up to the limit exactly is fine */
    ck_assert_int_eq(tcpfsm_send(&f.t.conn, TCPFSM_MAX_SEND_QUEUE - H_DATA_LEN, f.t.now,
                                 &f.t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_status(&f.t.conn, &info), TCPFSM_OK);
    ck_assert_uint_eq(info.unacked, TCPFSM_MAX_SEND_QUEUE);
    snap(&f);
    EXPECT_ERR(&f, tcpfsm_send(&f.t.conn, 1u, f.t.now, &f.t.out),
               TCPFSM_ERR_INSUFFICIENT_RESOURCES);
}
END_TEST

/* README, "Configuration": the documented defaults. */
START_TEST(config_defaults)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    memset(&cfg, 0xA5, sizeof cfg);
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.mss, 1460);
    ck_assert_uint_eq(cfg.rcv_buf, 65535);
    ck_assert_uint_eq(cfg.rto_initial_ms, 1000);
    ck_assert_uint_eq(cfg.rto_min_ms, 1000);
    ck_assert_uint_eq(cfg.rto_max_ms, 60000);
    ck_assert_uint_eq(cfg.max_retries, 12);
    ck_assert_uint_eq(cfg.msl2_ms, 240000);
    ck_assert_uint_eq(cfg.user_timeout_ms, 300000);
    ck_assert_uint_eq(cfg.flags, TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337 | TCPFSM_CFG_WSCALE
                                    | TCPFSM_CFG_TIMESTAMPS | TCPFSM_CFG_SACK);
    ck_assert_uint_eq(cfg.ts_tick_ms, 1);
    ck_assert_uint_eq(cfg.ts_offset, 0);
    ck_assert_uint_eq(cfg.challenge_limit, 5);
    ck_assert_uint_eq(cfg.challenge_window_ms, 1000);
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
}
END_TEST

/* RFC 9293 §3.3.2 spellings; anything else is not a state name. */
START_TEST(state_names)
{
    static const char *const names[TCPFSM_STATE_COUNT] = {
        "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
        "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"
    };
    static const unsigned invalid[] = {TCPFSM_STATE_COUNT, 12u, 255u, 0x7FFFFFFFu};
    unsigned s, k;
    for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
        const char *name = tcpfsm_state_name((tcpfsm_state)s);
        ck_assert_ptr_nonnull(name);
        ck_assert_str_eq(name, names[s]);
    }
    for (k = 0; k < sizeof invalid / sizeof invalid[0]; k++) {
        const char *name = tcpfsm_state_name((tcpfsm_state)invalid[k]);
        ck_assert_ptr_nonnull(name);
        ck_assert_uint_gt(strlen(name), 0);
        for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
            ck_assert_msg(strcmp(name, names[s]) != 0, "state %u is named %s", invalid[k],
                          name);
        }
    }
}
END_TEST

/* §3.10.6 STATUS in ESTABLISHED, reached passively with a measured RTT,
 * our MSS below the peer's and a small receive buffer, then after 100
 * bytes each way. */
START_TEST(status_established_passive)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_info info;
    tcpfsm_config_default(&cfg);
    cfg.mss = 1200u;
    cfg.rcv_buf = 30000u;
    h_init_cfg(&t, &cfg, 1000u, 5000u);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
    t.now += 120u; /* the SYN,ACK's round trip */
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_ACK), TCPFSM_OK);
    memset(&info, 0xA5, sizeof info);
    ck_assert_int_eq(tcpfsm_status(&t.conn, &info), TCPFSM_OK);
    ck_assert_int_eq(info.state, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(info.iss, 1000);
    ck_assert_uint_eq(info.snd_una, 1001);
    ck_assert_uint_eq(info.snd_nxt, 1001);
    ck_assert_uint_eq(info.snd_wnd, H_WINDOW);
    ck_assert_uint_eq(info.irs, 5000);
    ck_assert_uint_eq(info.rcv_nxt, 5001);
    ck_assert_uint_eq(info.rcv_wnd, 30000);
    ck_assert_uint_eq(info.unacked, 0);
    ck_assert_uint_eq(info.unread, 0);
    ck_assert_uint_eq(info.srtt_ms, 120);
    /* RFC 6298 §2.2: RTO = 120 + 4 * 60 = 360, raised to RTO.min (§2.4) */
    ck_assert_uint_eq(info.rto_ms, 1000);
    ck_assert_uint_eq(info.snd_mss, 1200);

    ck_assert_int_eq(h_event_apply(&t, EV_SEND), TCPFSM_OK);
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_DATA), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_status(&t.conn, &info), TCPFSM_OK);
    ck_assert_int_eq(info.state, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(info.snd_una, 1001);
    ck_assert_uint_eq(info.snd_nxt, 1001 + H_DATA_LEN);
    ck_assert_uint_eq(info.unacked, H_DATA_LEN);
    ck_assert_uint_eq(info.rcv_nxt, 5001 + H_DATA_LEN);
    ck_assert_uint_eq(info.unread, H_DATA_LEN);
    ck_assert_uint_eq(info.rcv_wnd, 30000 - H_DATA_LEN);
    ck_assert_uint_eq(info.iss, 1000);
    ck_assert_uint_eq(info.irs, 5000);
}
END_TEST

/* Reached actively, with the defaults and the peer's MSS below ours. */
START_TEST(status_established_active)
{
    h_t t;
    tcpfsm_info info;
    tcpfsm_segment synack;
    h_init(&t, 0xFFFFFFFFu, 70000u);
    h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    synack = h_seg(TCPFSM_SYN | TCPFSM_ACK, 70000u, 0u, 0);
    synack.mss = 536u;
    synack.window = 20000u;
    ck_assert_int_eq(h_rx(&t, synack), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_status(&t.conn, &info), TCPFSM_OK);
    ck_assert_int_eq(info.state, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(info.iss, 0xFFFFFFFFu);
    ck_assert_uint_eq(info.snd_una, 0);
    ck_assert_uint_eq(info.snd_nxt, 0);
    ck_assert_uint_eq(info.snd_wnd, 20000);
    ck_assert_uint_eq(info.irs, 70000);
    ck_assert_uint_eq(info.rcv_nxt, 70001);
    ck_assert_uint_eq(info.rcv_wnd, 65535);
    ck_assert_uint_eq(info.unacked, 0);
    ck_assert_uint_eq(info.unread, 0);
    ck_assert_uint_eq(info.srtt_ms, 0);
    ck_assert_uint_eq(info.rto_ms, 1000);
    ck_assert_uint_eq(info.snd_mss, 536);
}
END_TEST

/* The state field follows the connection in every state; CLOSED alone is
 * "connection does not exist". */
START_TEST(status_state_field)
{
    fixture f;
    tcpfsm_info info;
    setup(&f, _i);
    memset(&info, 0xA5, sizeof info);
    EXPECT_ERR(&f, tcpfsm_status(&f.t.conn, &info),
               place_state(_i) == TCPFSM_CLOSED ? TCPFSM_ERR_NO_CONNECTION : TCPFSM_OK);
    ck_assert_str_eq(tcpfsm_state_name(info.state), tcpfsm_state_name(place_state(_i)));
}
END_TEST

/* The block's budget, raised on purpose only (README "Embedding"): 128
 * bytes until RFC 5961 §7 throttling added the start of its window (144),
 * then RFC 7323 timestamps added TS.Recent, its age and Last.ACK.sent
 * (168), then RFC 5681 congestion control cwnd, ssthresh, RFC 6582's
 * recover and three flags, and the configuration its initial window
 * (192), then the delayed ACK's deadline (RFC 9293 §3.8.6.3) (200), then
 * keepalive's three settings and three bytes (RFC 1122 §4.2.3.6) (208),
 * then SACK's switch and the four out-of-order ranges (RFC 2018 §4), eight
 * bytes each (248), then the RFC 6675 scoreboard, four more ranges, and
 * HighRxt (296), then the time of the last transmission for RFC 5681
 * §4.1's restart after idleness (304), then RFC 3465's byte count (312),
 * then RFC 3168 ECN's three flags and its recovery point, with the ICMP
 * soft error (320), then the core's clock that never goes back, the
 * FIN-WAIT-2 timeout with its user call, and TIME-WAIT's reopening (344),
 * then the urgent mechanism's SND.UP, its flag and the urgent bytes the
 * user has yet to read (352), then RFC 9937 Proportional Rate
 * Reduction's three counts, then RFC 9406 HyStart++'s end of the round,
 * its three round-trip minima and its three counts, then RFC 9438 CUBIC's
 * epoch (among the 64-bit times) and its four windows, then RFC 8985
 * RACK-TLP's loss timer and RACK.fack's time (64-bit), its five sequence
 * numbers and times and its five one-byte states and counts, padded to
 * eight bytes (456 with four ranges):
 * TCPFSM_OOO_RANGES sets how many ranges each side has,
 * eight bytes each, with a count rounded up to four. */
START_TEST(conn_size)
{
    ck_assert_uint_le(sizeof(tcpfsm_conn), 384 + 2 * (8 * TCPFSM_OOO_RANGES + 4));
}
END_TEST

/* Each kind of failure has its own code, and none is TCPFSM_OK. */
START_TEST(errors_distinct)
{
    static const tcpfsm_error errs[] = {
        TCPFSM_ERR_NULL, TCPFSM_ERR_INVALID_ARG, TCPFSM_ERR_BAD_CONFIG,
        TCPFSM_ERR_NO_CONNECTION, TCPFSM_ERR_ALREADY_EXISTS, TCPFSM_ERR_CLOSING,
        TCPFSM_ERR_FOREIGN_UNSPECIFIED, TCPFSM_ERR_INSUFFICIENT_RESOURCES, TCPFSM_ERR_LAYOUT
    };
    unsigned i, j;
    ck_assert_int_eq(TCPFSM_OK, 0);
    for (i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        ck_assert_int_ne(errs[i], TCPFSM_OK);
        for (j = i + 1u; j < sizeof errs / sizeof errs[0]; j++) {
            ck_assert_int_ne(errs[i], errs[j]);
        }
    }
}
END_TEST

/* A caller compiled with another layout of tcpfsm_conn (another
 * TCPFSM_OOO_RANGES, another ABI) gets TCPFSM_ERR_LAYOUT, and its block is
 * not touched: the library would write past a smaller one.  (The same from
 * a separately compiled program: tests/release/layout_consumer.c.) */
START_TEST(init_refuses_another_layout)
{
    static const uint32_t sizes[] = {(uint32_t)sizeof(tcpfsm_conn) - 8u,
                                     (uint32_t)sizeof(tcpfsm_conn) + 8u,
                                     (uint32_t)sizeof(tcpfsm_conn)};
    static const uint32_t ranges[] = {TCPFSM_OOO_RANGES, TCPFSM_OOO_RANGES,
                                      TCPFSM_OOO_RANGES + 1u};
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_conn before;
    memset(&conn, 0xA5, sizeof conn);
    before = conn;
    tcpfsm_config_default(&cfg);
    ck_assert_int_eq(tcpfsm_init_layout(&conn, &cfg, sizes[_i], ranges[_i]), TCPFSM_ERR_LAYOUT);
    ck_assert_mem_eq(&conn, &before, sizeof conn);
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
}
END_TEST

/* The version of the library linked is the header's. */
START_TEST(version_is_the_headers)
{
    char want[32];
    ck_assert_str_eq(tcpfsm_version(), TCPFSM_VERSION_STRING);
    snprintf(want, sizeof want, "%d.%d.%d", TCPFSM_VERSION_MAJOR, TCPFSM_VERSION_MINOR,
             TCPFSM_VERSION_PATCH);
    ck_assert_str_eq(tcpfsm_version(), want);
}
END_TEST

Suite *suite_api(void)
{
    Suite *s = suite_create("api");
    TCase *nulls = tcase_create("null");
    TCase *config = tcase_create("config");
    TCase *input = tcase_create("invalid input");
    TCase *queries = tcase_create("queries");
    tcase_add_loop_test(nulls, null_pointers, 0, N_PLACES);
    tcase_add_test(nulls, next_deadline_null);
    tcase_add_loop_test(config, init_bad_config, 0, N_BAD_CONFIGS);
    tcase_add_loop_test(config, init_edge_config, 0, N_EDGE_CONFIGS);
    tcase_add_test(config, config_defaults);
    tcase_add_loop_test(input, corrupted_state, 0, N_PLACES);
    tcase_add_loop_test(input, bad_segments, 0, N_PLACES);
    tcase_add_test(input, segment_edges_accepted);
    tcase_add_loop_test(input, receive_beyond_unread, 0, N_PLACES);
    tcase_add_test(input, receive_delivered_bytes);
    tcase_add_loop_test(input, send_queue_limit, 0, N_PLACES);
    tcase_add_test(queries, state_names);
    tcase_add_test(queries, status_established_passive);
    tcase_add_test(queries, status_established_active);
    tcase_add_loop_test(queries, status_state_field, 0, N_PLACES);
    tcase_add_test(queries, conn_size);
    tcase_add_test(queries, errors_distinct);
    tcase_add_loop_test(config, init_refuses_another_layout, 0, 3);
    tcase_add_test(queries, version_is_the_headers);
    suite_add_tcase(s, nulls);
    suite_add_tcase(s, config);
    suite_add_tcase(s, input);
    suite_add_tcase(s, queries);
    return s;
}
