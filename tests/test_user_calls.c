/* SPDX-License-Identifier: BSD-2-Clause */
/* One Check test per row of spec/user_calls.def: drive a connection to the
 * row's state, apply the user call, compare the result with the row, and
 * when it is an error check that the connection block is byte-for-byte
 * unchanged (tcpfsm.h: anything but TCPFSM_OK leaves the block alone).
 * Calls that succeed must end where spec/transitions.def says, or stay in
 * their state when the transition table has no row for them. */
#include <string.h>
#include "harness.h"
#include "suites.h"

#define N_CALLS 7 /* OPEN_ACTIVE .. STATUS, the first seven h_event values */

typedef struct {
    tcpfsm_state state;
    h_origin origin;
    h_event call;
    tcpfsm_error result;
    const char *section;
} call_row;

typedef struct {
    tcpfsm_state from;
    h_origin origin;
    h_event event;
    tcpfsm_state to;
} transition_row;

static const call_row call_rows[] = {
#define TCPFSM_USER_CALL(state, origin, call, result, section) \
    {TCPFSM_##state, ORIGIN_##origin, EV_##call, TCPFSM_##result, section},
#include "user_calls.def"
#undef TCPFSM_USER_CALL
};

static const transition_row transition_rows[] = {
#define TCPFSM_TRANSITION(from, origin, event, to, emits, also, notes, section) \
    {TCPFSM_##from, ORIGIN_##origin, EV_##event, TCPFSM_##to},
#include "transitions.def"
#undef TCPFSM_TRANSITION
};

#define N_CALL_ROWS (sizeof call_rows / sizeof call_rows[0])
#define N_TRANSITION_ROWS (sizeof transition_rows / sizeof transition_rows[0])

static const char *call_name(h_event call)
{
    static const char *const names[N_CALLS] = {
        "OPEN_ACTIVE", "OPEN_PASSIVE", "SEND", "RECEIVE", "CLOSE", "ABORT", "STATUS"
    };
    return (unsigned)call < N_CALLS ? names[call] : "not a user call";
}

static const char *error_name(tcpfsm_error err)
{
    switch (err) {
    case TCPFSM_OK: return "OK";
    case TCPFSM_ERR_NULL: return "ERR_NULL";
    case TCPFSM_ERR_INVALID_ARG: return "ERR_INVALID_ARG";
    case TCPFSM_ERR_BAD_CONFIG: return "ERR_BAD_CONFIG";
    case TCPFSM_ERR_NO_CONNECTION: return "ERR_NO_CONNECTION";
    case TCPFSM_ERR_ALREADY_EXISTS: return "ERR_ALREADY_EXISTS";
    case TCPFSM_ERR_CLOSING: return "ERR_CLOSING";
    case TCPFSM_ERR_FOREIGN_UNSPECIFIED: return "ERR_FOREIGN_UNSPECIFIED";
    case TCPFSM_ERR_INSUFFICIENT_RESOURCES: return "ERR_INSUFFICIENT_RESOURCES";
    case TCPFSM_ERR_WIRE_TOO_SHORT: return "ERR_WIRE_TOO_SHORT";
    case TCPFSM_ERR_WIRE_BAD_OFFSET: return "ERR_WIRE_BAD_OFFSET";
    case TCPFSM_ERR_WIRE_CHECKSUM: return "ERR_WIRE_CHECKSUM";
    case TCPFSM_ERR_WIRE_OPTION_LENGTH: return "ERR_WIRE_OPTION_LENGTH";
    case TCPFSM_ERR_WIRE_OPTION_OVERRUN: return "ERR_WIRE_OPTION_OVERRUN";
    case TCPFSM_ERR_WIRE_OPTION_SIZE: return "ERR_WIRE_OPTION_SIZE";
    case TCPFSM_ERR_WIRE_OPTIONS_TOO_LONG: return "ERR_WIRE_OPTIONS_TOO_LONG";
    case TCPFSM_ERR_WIRE_NO_ROOM: return "ERR_WIRE_NO_ROOM";
    case TCPFSM_ERR_LAYOUT: return "ERR_LAYOUT";
    case TCPFSM_ERR_WIRE_NOT_TCP: return "ERR_WIRE_NOT_TCP";
    }
    return "unknown error";
}

/* The state spec/transitions.def gives for (from, origin, event); `from`
 * itself when the table has no such row. */
static tcpfsm_state expected_state(tcpfsm_state from, h_origin origin, h_event event)
{
    size_t i;
    for (i = 0; i < N_TRANSITION_ROWS; i++) {
        const transition_row *r = &transition_rows[i];
        if (r->from == from && r->origin == origin && r->event == event) {
            return r->to;
        }
    }
    return from;
}

static void run_row(const call_row *row, uint32_t iss, uint32_t peer_iss)
{
    h_t t;
    unsigned char before[sizeof(tcpfsm_conn)];
    tcpfsm_error got;
    h_init(&t, iss, peer_iss);
    h_drive(&t, row->state, row->origin);
    ck_assert_int_eq(h_state(&t), row->state);
    memcpy(before, &t.conn, sizeof before);
    got = h_event_apply(&t, row->call);
    ck_assert_msg(got == row->result, "%s: %s in %s returned %s, the table says %s",
                  row->section, call_name(row->call), tcpfsm_state_name(row->state),
                  error_name(got), error_name(row->result));
    if (row->result != TCPFSM_OK) {
        ck_assert_msg(memcmp(before, &t.conn, sizeof before) == 0,
                      "%s: %s in %s returned %s but changed the connection block",
                      row->section, call_name(row->call), tcpfsm_state_name(row->state),
                      error_name(got));
    } else {
        tcpfsm_state want = expected_state(row->state, row->origin, row->call);
        ck_assert_msg(h_state(&t) == want, "%s: %s in %s ended in %s, expected %s",
                      row->section, call_name(row->call), tcpfsm_state_name(row->state),
                      tcpfsm_state_name(h_state(&t)), tcpfsm_state_name(want));
    }
}

/* Each row runs twice: with small sequence numbers and just below 2^32. */
#define TCPFSM_USER_CALL(state, origin, call, result, section)                          \
    START_TEST(state##_##origin##_##call)                                                \
    {                                                                                   \
        const call_row row = {TCPFSM_##state, ORIGIN_##origin, EV_##call,               \
                              TCPFSM_##result, section};                                \
        run_row(&row, 1000u, 5000u);                                                    \
        run_row(&row, 0xFFFFFFF0u, 0xFFFFFFFEu);                                        \
    }                                                                                   \
    END_TEST
#include "user_calls.def"
#undef TCPFSM_USER_CALL

/* Every (state, call) pair appears exactly once, and the rows are user calls. */
START_TEST(every_pair_once)
{
    unsigned count[TCPFSM_STATE_COUNT][N_CALLS];
    size_t i;
    unsigned s, c;
    memset(count, 0, sizeof count);
    for (i = 0; i < N_CALL_ROWS; i++) {
        const call_row *r = &call_rows[i];
        ck_assert_msg((unsigned)r->state < TCPFSM_STATE_COUNT, "row %u: bad state", (unsigned)i);
        ck_assert_msg((unsigned)r->call < N_CALLS, "row %u: %d is not a user call",
                      (unsigned)i, (int)r->call);
        count[r->state][r->call]++;
    }
    for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
        for (c = 0; c < N_CALLS; c++) {
            ck_assert_msg(count[s][c] == 1, "%s %s appears %u times in spec/user_calls.def",
                          tcpfsm_state_name((tcpfsm_state)s), call_name((h_event)c),
                          count[s][c]);
        }
    }
    ck_assert_uint_eq(N_CALL_ROWS, (size_t)TCPFSM_STATE_COUNT * N_CALLS);
}
END_TEST

/* Each row cites the §3.10 subsection of its call, and its result is OK or
 * one of the RFC's user-call errors (never an argument error). */
START_TEST(sections_and_results)
{
    static const char *const sections[N_CALLS] = {
        "RFC 9293 3.10.1", "RFC 9293 3.10.1", "RFC 9293 3.10.2", "RFC 9293 3.10.3",
        "RFC 9293 3.10.4", "RFC 9293 3.10.5", "RFC 9293 3.10.6"
    };
    size_t i;
    for (i = 0; i < N_CALL_ROWS; i++) {
        const call_row *r = &call_rows[i];
        tcpfsm_error e = r->result;
        ck_assert_msg(strcmp(r->section, sections[r->call]) == 0,
                      "%s %s cites \"%s\", expected \"%s\"", tcpfsm_state_name(r->state),
                      call_name(r->call), r->section, sections[r->call]);
        ck_assert_msg(e == TCPFSM_OK || e == TCPFSM_ERR_NO_CONNECTION
                          || e == TCPFSM_ERR_ALREADY_EXISTS || e == TCPFSM_ERR_CLOSING
                          || e == TCPFSM_ERR_FOREIGN_UNSPECIFIED,
                      "%s %s: %s is not a user-call result", tcpfsm_state_name(r->state),
                      call_name(r->call), error_name(e));
    }
}
END_TEST

/* The two tables agree: a user call with a row in spec/transitions.def
 * succeeds in that state (whatever the origin). */
START_TEST(agrees_with_transitions)
{
    size_t i, j;
    for (i = 0; i < N_TRANSITION_ROWS; i++) {
        const transition_row *t = &transition_rows[i];
        int found = 0;
        if ((unsigned)t->event >= N_CALLS) {
            continue;
        }
        for (j = 0; j < N_CALL_ROWS; j++) {
            const call_row *r = &call_rows[j];
            if (r->state == t->from && r->call == t->event) {
                found = 1;
                ck_assert_msg(r->result == TCPFSM_OK,
                              "spec/transitions.def has %s %s, spec/user_calls.def says %s",
                              tcpfsm_state_name(t->from), call_name(t->event),
                              error_name(r->result));
            }
        }
        ck_assert_msg(found, "%s %s missing from spec/user_calls.def",
                      tcpfsm_state_name(t->from), call_name(t->event));
    }
}
END_TEST

Suite *suite_user_calls(void)
{
    Suite *s = suite_create("user_calls");
    TCase *rows = tcase_create("spec rows");
    TCase *table = tcase_create("table");
#define TCPFSM_USER_CALL(state, origin, call, result, section) \
    tcase_add_test(rows, state##_##origin##_##call);
#include "user_calls.def"
#undef TCPFSM_USER_CALL
    tcase_add_test(table, every_pair_once);
    tcase_add_test(table, sections_and_results);
    tcase_add_test(table, agrees_with_transitions);
    suite_add_tcase(s, rows);
    suite_add_tcase(s, table);
    return s;
}
