/* SPDX-License-Identifier: BSD-2-Clause */
/* One Check test per row of spec/transitions.def: drive a connection to the
 * row's state the way it says, apply the event, and compare the state, the
 * first segment sent and the notes with the row. */
#include "harness.h"
#include "spec_tokens.h"
#include "suites.h"

typedef struct {
    tcpfsm_state from;
    h_origin origin;
    h_event event;
    tcpfsm_state to;
    unsigned emits;
    unsigned notes;
    const char *section;
} spec_row;

static void run_row(const spec_row *row, uint32_t iss, uint32_t peer_iss)
{
    h_t t;
    h_init(&t, iss, peer_iss);
    h_drive(&t, row->from, row->origin);
    ck_assert_int_eq(h_event_apply(&t, row->event), TCPFSM_OK);
    ck_assert_msg(h_state(&t) == row->to, "%s: ended in %s, the table says %s", row->section,
                  tcpfsm_state_name(h_state(&t)), tcpfsm_state_name(row->to));
    if (row->emits == SPEC_EMITS_NONE) {
        ck_assert_msg(t.out.count == 0, "%s: sent %u segments, the table says none",
                      row->section, t.out.count);
    } else {
        ck_assert_msg(t.out.count > 0, "%s: sent nothing", row->section);
        ck_assert_msg(t.out.tx[0].flags == row->emits, "%s: sent flags 0x%02x, the table says 0x%02x",
                      row->section, t.out.tx[0].flags, row->emits);
    }
    ck_assert_msg(t.out.notes == row->notes, "%s: notes 0x%02x, the table says 0x%02x",
                  row->section, t.out.notes, row->notes);
}

/* Each row runs twice: with small sequence numbers and just below 2^32. */
#define TCPFSM_TRANSITION(from, origin, event, to, emits, also, notes, section)                 \
    START_TEST(from##_##origin##_##event)                                                 \
    {                                                                                     \
        const spec_row row = {TCPFSM_##from, ORIGIN_##origin, EV_##event, TCPFSM_##to,    \
                              SPEC_EMITS_##emits, SPEC_NOTES_##notes, section};           \
        run_row(&row, 1000u, 5000u);                                                      \
        run_row(&row, 0xFFFFFFF0u, 0xFFFFFFFEu);                                          \
    }                                                                                     \
    END_TEST
#include "transitions.def"
#undef TCPFSM_TRANSITION

Suite *suite_transitions(void)
{
    Suite *s = suite_create("transitions");
    TCase *tc = tcase_create("spec rows");
#define TCPFSM_TRANSITION(from, origin, event, to, emits, also, notes, section) \
    tcase_add_test(tc, from##_##origin##_##event);
#include "transitions.def"
#undef TCPFSM_TRANSITION
    suite_add_tcase(s, tc);
    return s;
}
