/* SPDX-License-Identifier: BSD-2-Clause */
/* Checks on spec/transitions.def itself, independent of the implementation:
 * coverage of the states, reachability, the citations and the invariants
 * the header comment and spec/README.md state.  (That no (from, origin,
 * event) appears twice is enforced by the compiler: tests/test_transitions.c
 * names one test function after each.) */
#include <string.h>
#include "harness.h"
#include "spec_tokens.h"
#include "suites.h"
#include "oracle.h"

typedef struct {
    tcpfsm_state from;
    h_origin origin;
    h_event event;
    tcpfsm_state to;
    unsigned emits;
    unsigned emits_kind;
    unsigned also;
    unsigned notes;
    const char *section;
    const char *text; /* the row, for messages */
} spec_row;

static const spec_row rows[] = {
#define KIND(k) TCPFSM_KIND_BIT(k)
#define TCPFSM_TRANSITION(from, origin, event, to, emits, also, notes, section)             \
    {TCPFSM_##from, ORIGIN_##origin, EV_##event, TCPFSM_##to, SPEC_EMITS_##emits,         \
     TCPFSM_KIND_##emits, also, SPEC_NOTES_##notes, section,                               \
     #from " " #origin " " #event " -> " #to},
#include "transitions.def"
#undef TCPFSM_TRANSITION
#undef KIND
};

#define N_ROWS (sizeof rows / sizeof rows[0])

START_TEST(every_state_is_a_from_state)
{
    unsigned seen[TCPFSM_STATE_COUNT];
    size_t i;
    unsigned s;
    memset(seen, 0, sizeof seen);
    for (i = 0; i < N_ROWS; i++) {
        ck_assert_msg((unsigned)rows[i].from < TCPFSM_STATE_COUNT, "%s: bad state", rows[i].text);
        seen[rows[i].from]++;
    }
    for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
        ck_assert_msg(seen[s] > 0, "%s has no row in spec/transitions.def",
                      tcpfsm_state_name((tcpfsm_state)s));
    }
}
END_TEST

/* Every state but CLOSED (where everything starts) is entered by some row
 * coming from another state. */
START_TEST(every_state_is_entered)
{
    unsigned seen[TCPFSM_STATE_COUNT];
    size_t i;
    unsigned s;
    memset(seen, 0, sizeof seen);
    for (i = 0; i < N_ROWS; i++) {
        ck_assert_msg((unsigned)rows[i].to < TCPFSM_STATE_COUNT, "%s: bad state", rows[i].text);
        if (rows[i].to != rows[i].from) {
            seen[rows[i].to]++;
        }
    }
    for (s = 1; s < TCPFSM_STATE_COUNT; s++) {
        ck_assert_msg(seen[s] > 0, "no row of spec/transitions.def enters %s",
                      tcpfsm_state_name((tcpfsm_state)s));
    }
}
END_TEST

/* Following the rows from CLOSED reaches every state, and every state can
 * get back to CLOSED. */
START_TEST(reachability)
{
    unsigned char reach[TCPFSM_STATE_COUNT];
    unsigned char back[TCPFSM_STATE_COUNT];
    int changed;
    size_t i;
    unsigned s;
    memset(reach, 0, sizeof reach);
    memset(back, 0, sizeof back);
    reach[TCPFSM_CLOSED] = 1;
    back[TCPFSM_CLOSED] = 1;
    do {
        changed = 0;
        for (i = 0; i < N_ROWS; i++) {
            if (reach[rows[i].from] && !reach[rows[i].to]) {
                reach[rows[i].to] = 1;
                changed = 1;
            }
            if (back[rows[i].to] && !back[rows[i].from]) {
                back[rows[i].from] = 1;
                changed = 1;
            }
        }
    } while (changed);
    for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
        ck_assert_msg(reach[s], "%s cannot be reached from CLOSED",
                      tcpfsm_state_name((tcpfsm_state)s));
        ck_assert_msg(back[s], "%s never leads back to CLOSED",
                      tcpfsm_state_name((tcpfsm_state)s));
    }
}
END_TEST

START_TEST(sections_cite_an_rfc)
{
    size_t i;
    for (i = 0; i < N_ROWS; i++) {
        ck_assert_ptr_nonnull(rows[i].section);
        ck_assert_msg(strncmp(rows[i].section, "RFC ", 4) == 0,
                      "%s: section \"%s\" does not start with \"RFC \"", rows[i].text,
                      rows[i].section);
        ck_assert_msg(strlen(rows[i].section) > 4 && rows[i].section[4] >= '1'
                          && rows[i].section[4] <= '9',
                      "%s: section \"%s\" names no RFC number", rows[i].text, rows[i].section);
    }
}
END_TEST

/* The header comment: rows from CLOSED, LISTEN and SYN-SENT say ACTIVE
 * (how they were reached does not matter yet). */
START_TEST(early_states_say_active)
{
    size_t i;
    for (i = 0; i < N_ROWS; i++) {
        if (rows[i].from <= TCPFSM_SYN_SENT) {
            ck_assert_msg(rows[i].origin == ORIGIN_ACTIVE, "%s: origin should be ACTIVE",
                          rows[i].text);
        }
    }
}
END_TEST

/* tests/spec_tokens.h: the notes of a row that ends the connection include
 * CLOSED, and only those rows say CLOSED. */
START_TEST(closed_note_iff_connection_ends)
{
    size_t i;
    for (i = 0; i < N_ROWS; i++) {
        int ends = rows[i].to == TCPFSM_CLOSED && rows[i].from != TCPFSM_CLOSED;
        int says = (rows[i].notes & TCPFSM_NOTE_CLOSED) != 0u;
        ck_assert_msg(ends == says, "%s: %s", rows[i].text,
                      ends ? "ends the connection without the CLOSED note"
                           : "has the CLOSED note but the connection goes on");
    }
}
END_TEST

/* RFC 9293 §3.10.5: ABORT works in every state that has a TCB and leads to
 * CLOSED; the table says so for each of them. */
START_TEST(abort_everywhere)
{
    unsigned s;
    for (s = 1; s < TCPFSM_STATE_COUNT; s++) {
        size_t i;
        int found = 0;
        for (i = 0; i < N_ROWS; i++) {
            if ((unsigned)rows[i].from == s && rows[i].event == EV_ABORT) {
                found = 1;
                ck_assert_msg(rows[i].to == TCPFSM_CLOSED, "%s: ABORT must close",
                              rows[i].text);
            }
        }
        ck_assert_msg(found, "no ABORT row for %s", tcpfsm_state_name((tcpfsm_state)s));
    }
}
END_TEST

/* spec/transitions.dot against the generator's output is left to the
 * generator's own check (spec/gen_dot.c, `make diagram`). */

/* The also column lists other kinds than the row's emits, and only kinds
 * that exist. */
START_TEST(also_adds_other_kinds)
{
    size_t i;
    for (i = 0; i < N_ROWS; i++) {
        ck_assert_msg((rows[i].also & TCPFSM_KIND_BIT(NONE)) == 0, "%s: also lists NONE",
                      rows[i].text);
        ck_assert_msg((rows[i].also & (1u << rows[i].emits_kind)) == 0,
                      "%s: also repeats emits", rows[i].text);
        ck_assert_msg(rows[i].also < (1u << TCPFSM_KIND_COUNT), "%s: unknown kind in also",
                      rows[i].text);
    }
}
END_TEST

static tcpfsm_output one_segment(uint8_t flags, uint32_t data_len)
{
    tcpfsm_output out;
    memset(&out, 0, sizeof out);
    out.count = 1;
    out.tx[0].flags = flags;
    out.tx[0].data_len = data_len;
    return out;
}

/* The oracle the tests and fuzzers run after every call reads the table: it
 * refuses a kind of segment, or a move, that no row lists. */
START_TEST(oracle_refuses_what_the_table_does_not_list)
{
    tcpfsm_output ack = one_segment(TCPFSM_ACK, 0), data = one_segment(TCPFSM_ACK, 10),
                  syn = one_segment(TCPFSM_SYN, 0), rst = one_segment(TCPFSM_RST, 0),
                  rst_ack = one_segment(TCPFSM_RST | TCPFSM_ACK, 0),
                  fin = one_segment(TCPFSM_FIN | TCPFSM_ACK, 0),
                  syn_ack = one_segment(TCPFSM_SYN | TCPFSM_ACK, 0);
    const unsigned est = TCPFSM_ESTABLISHED;
    ck_assert_ptr_null(oracle_step_ok(ORACLE_SEGMENT, est, 1, est, &ack));
    ck_assert_ptr_null(oracle_step_ok(ORACLE_SEGMENT, est, 1, est, &data));
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_SEGMENT, est, 1, est, &syn));
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_SEGMENT, est, 1, est, &rst));
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_SEGMENT, est, 1, est, &fin));
    /* a SYN with RFC 5961 off resets: RST,ACK on the way to CLOSED only */
    ck_assert_ptr_null(oracle_step_ok(ORACLE_SEGMENT, est, 1, TCPFSM_CLOSED, &rst_ack));
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_SEGMENT, est, 1, est, &rst_ack));
    /* our SYN,ACK is retransmitted in FIN-WAIT-1 (CLOSE in SYN-RECEIVED),
     * never in ESTABLISHED */
    ck_assert_ptr_null(oracle_step_ok(ORACLE_TIMER, TCPFSM_FIN_WAIT_1, 1, TCPFSM_FIN_WAIT_1,
                                      &syn_ack));
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_TIMER, est, 1, est, &syn_ack));
    /* a move no row lists, and a call that sends where its row is silent */
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_SEGMENT, est, 1, TCPFSM_LISTEN, NULL));
    ck_assert_ptr_nonnull(oracle_step_ok(ORACLE_STATUS, est, 1, est, &ack));
}
END_TEST

/* Options ride on SYNs only (RFC 9293 MUST-65, RFC 7323 §2.2), with a
 * shift of at most 14. */
START_TEST(oracle_refuses_options_off_a_syn)
{
    tcpfsm_output ack = one_segment(TCPFSM_ACK, 0), syn = one_segment(TCPFSM_SYN, 0);
    ck_assert_ptr_null(oracle_out_ok(&ack, 0));
    ack.tx[0].options = TCPFSM_OPT_WSCALE;
    ck_assert_ptr_nonnull(oracle_out_ok(&ack, 0));
    syn.tx[0].options = TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE;
    syn.tx[0].wscale = 14;
    ck_assert_ptr_null(oracle_out_ok(&syn, 0));
    syn.tx[0].wscale = 15;
    ck_assert_ptr_nonnull(oracle_out_ok(&syn, 0));
}
END_TEST

Suite *suite_spec(void)
{
    Suite *s = suite_create("spec");
    TCase *tc = tcase_create("transitions.def");
    tcase_add_test(tc, every_state_is_a_from_state);
    tcase_add_test(tc, every_state_is_entered);
    tcase_add_test(tc, reachability);
    tcase_add_test(tc, sections_cite_an_rfc);
    tcase_add_test(tc, early_states_say_active);
    tcase_add_test(tc, closed_note_iff_connection_ends);
    tcase_add_test(tc, abort_everywhere);
    tcase_add_test(tc, also_adds_other_kinds);
    tcase_add_test(tc, oracle_refuses_what_the_table_does_not_list);
    tcase_add_test(tc, oracle_refuses_options_off_a_syn);
    suite_add_tcase(s, tc);
    return s;
}
