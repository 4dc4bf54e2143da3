/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_acsl: prints spec/tcpfsm_transitions.h, the ACSL predicates that state
 * the transition relation of spec/transitions.def.  The contracts of the
 * event functions in include/tcpfsm/tcpfsm.h use them as postconditions, so the table
 * the tests run and the relation the proofs discharge are one table.
 *
 * One predicate per kind of event, over (from, passive, to): the state
 * before, tcpfsm_conn.passive before (1 when SYN-RECEIVED was reached from
 * LISTEN), the state after.
 *   - segment_step: every row whose event is RCV_*.  Nothing else: a
 *     segment that moves the connection in a way the table does not list
 *     fails the proof.
 *   - timer_step: every TIMEOUT_* row, and staying put (no timer was due).
 *   - icmp_step: every ICMP_* row, and staying put (a message about no
 *     segment in flight, or a soft error).
 *   - one per user call (open_active_step, ..., abort_step): the rows whose
 *     event starts with the call's name (CLOSE_QUEUED is a CLOSE); in a
 *     state with no row for the call, the state stays.
 * Then, per kind of event, <name>_sends(from, passive, to, kind): the kinds
 * of segment (spec/tcpfsm_kinds.h) a move may send, the union of the emits
 * and also columns of its rows; a stay without a row sends nothing.  And
 * <name>_output(from, passive, to, o): every segment of an output is so.
 * The origin column constrains `passive` only from SYN-RECEIVED, the one
 * state whose behaviour depends on it (§3.10.7.4, second and fourth steps);
 * elsewhere it only names the scenario the tests take to reach the state.
 */
#include <stdio.h>
#include <string.h>
#include "tcpfsm/tcpfsm.h"
#include "state_ids.h"
#include "tcpfsm_kinds.h"

typedef struct {
    tcpfsm_state from;
    int          passive; /* 1 PASSIVE, 0 ACTIVE */
    const char  *event;
    tcpfsm_state to;
    unsigned     kinds; /* bit k: the row may send a segment of kind k */
} row;

static const row rows[] = {
#define PASSIVE 1
#define ACTIVE 0
#define KIND(k) TCPFSM_KIND_BIT(k)
#define TCPFSM_TRANSITION(from, origin, event, to, emits, also, notes, section) \
    {TCPFSM_##from, origin, #event, TCPFSM_##to,                                 \
     (TCPFSM_KIND_BIT(emits) & ~TCPFSM_KIND_BIT(NONE)) | (also)},
#include "transitions.def"
#undef TCPFSM_TRANSITION
#undef KIND
#undef PASSIVE
#undef ACTIVE
};

static const char *const kind_id[TCPFSM_KIND_COUNT] = {
    "NONE", "SYN", "SYN_ACK", "ACK", "DATA", "FIN_ACK", "RST", "RST_ACK",
};

#define ROW_COUNT (sizeof rows / sizeof rows[0])

typedef enum {
    STAY_NEVER,      /* only the rows */
    STAY_ALWAYS,     /* the rows, or no change (nothing was due) */
    STAY_WITHOUT_ROW /* the rows; a state without a row keeps its state */
} stay_rule;

typedef struct {
    const char *predicate;
    const char *name;   /* of the _sends and _output predicates */
    const char *prefix; /* the events of this kind start with it */
    stay_rule   stay;
    const char *comment;
} kind;

static const kind kinds[] = {
    {"segment_step", "segment", "RCV_", STAY_NEVER, "SEGMENT ARRIVES, RFC 9293 §3.10.7"},
    {"timer_step", "timer", "TIMEOUT_", STAY_ALWAYS, "timeouts, RFC 9293 §3.10.8"},
    {"icmp_step", "icmp", "ICMP_", STAY_ALWAYS, "ICMP errors, RFC 9293 §3.9.2.2"},
    {"open_active_step", "open_active", "OPEN_ACTIVE", STAY_WITHOUT_ROW, "active OPEN, RFC 9293 §3.10.1"},
    {"open_passive_step", "open_passive", "OPEN_PASSIVE", STAY_WITHOUT_ROW, "passive OPEN, RFC 9293 §3.10.1"},
    {"send_step", "send", "SEND", STAY_WITHOUT_ROW, "SEND, RFC 9293 §3.10.2"},
    {"receive_step", "receive", "RECEIVE", STAY_WITHOUT_ROW, "RECEIVE, RFC 9293 §3.10.3"},
    {"close_step", "close", "CLOSE", STAY_WITHOUT_ROW, "CLOSE, RFC 9293 §3.10.4"},
    {"abort_step", "abort", "ABORT", STAY_WITHOUT_ROW, "ABORT, RFC 9293 §3.10.5"},
};

static int of_kind(const row *r, const kind *k)
{
    return strncmp(r->event, k->prefix, strlen(k->prefix)) == 0;
}

/* Rows a and b make the same move: (from, passive constraint, to). */
static int same_move(const row *a, const row *b)
{
    return a->from == b->from && a->to == b->to
        && (a->from != TCPFSM_SYN_RECEIVED || a->passive == b->passive);
}

/* The same move was already printed. */
static int printed_before(size_t index, const kind *k)
{
    size_t i;
    for (i = 0; i < index; i++) {
        if (of_kind(&rows[i], k) && same_move(&rows[i], &rows[index])) {
            return 1;
        }
    }
    return 0;
}

/* The kinds of segment every row of kind k making the move of row r may send. */
static unsigned move_kinds(const row *r, const kind *k)
{
    unsigned sent = 0;
    size_t i;
    for (i = 0; i < ROW_COUNT; i++) {
        if (of_kind(&rows[i], k) && same_move(&rows[i], r)) {
            sent |= rows[i].kinds;
        }
    }
    return sent;
}

static void print_move(const row *r)
{
    printf("from == TCPFSM_%s", state_id[r->from]);
    if (r->from == TCPFSM_SYN_RECEIVED) {
        printf(" && passive %s 0", r->passive ? "!=" : "==");
    }
    printf(" && to == TCPFSM_%s", state_id[r->to]);
}

/* <name>_sends(from, passive, to, kind): the move may send a segment of
 * that kind (the rows' emits and also columns); <name>_output: so may
 * every segment of an output, the eight entries written out as tx_ok is. */
static void print_sends(const kind *k, const char *name)
{
    const char *sep = "    ";
    size_t i;
    int n;
    printf("\n  // %s: the kinds of segment each move sends\n", k->comment);
    printf("  predicate %s_sends(integer from, integer passive, integer to, integer kind) =\n", name);
    for (i = 0; i < ROW_COUNT; i++) {
        const row *r = &rows[i];
        unsigned sent = move_kinds(r, k);
        const char *alt = "";
        if (!of_kind(r, k) || printed_before(i, k) || sent == 0) {
            continue;
        }
        printf("  %s(", sep);
        print_move(r);
        printf(" && (");
        for (n = 0; n < TCPFSM_KIND_COUNT; n++) {
            if ((sent & (1u << n)) != 0) {
                printf("%skind == TCPFSM_KIND_%s", alt, kind_id[n]);
                alt = " || ";
            }
        }
        printf("))\n");
        sep = "|| ";
    }
    if (sep[0] == ' ') {
        printf("    \\false\n");
    }
    printf("  ;\n");
    printf("  predicate %s_output(integer from, integer passive, integer to, tcpfsm_output o) =\n"
           "      \\forall integer i; 0 <= i < o.count ==>\n"
           "          %s_sends(from, passive, to, tx_kind(o.tx[i]));\n",
           name, name);
}

static int has_row(tcpfsm_state from, const kind *k)
{
    size_t i;
    for (i = 0; i < ROW_COUNT; i++) {
        if (of_kind(&rows[i], k) && rows[i].from == from) {
            return 1;
        }
    }
    return 0;
}

static void print_kind(const kind *k)
{
    const char *sep = "    ";
    size_t i;
    int s;
    printf("\n  // %s\n", k->comment);
    printf("  predicate %s(integer from, integer passive, integer to) =\n", k->predicate);
    for (i = 0; i < ROW_COUNT; i++) {
        const row *r = &rows[i];
        if (!of_kind(r, k) || printed_before(i, k)) {
            continue;
        }
        printf("  %s(", sep);
        print_move(r);
        printf(")\n");
        sep = "|| ";
    }
    if (k->stay != STAY_NEVER) {
        for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
            if (k->stay == STAY_ALWAYS || !has_row((tcpfsm_state)s, k)) {
                printf("  %s(from == TCPFSM_%s && to == from)\n", sep, state_id[s]);
                sep = "|| ";
            }
        }
    }
    printf("  ;\n");
}

/* Lower- and upper-case identifiers for behavior and macro names. */
static void print_lower(const char *id)
{
    for (; *id != '\0'; id++) {
        putchar(*id >= 'A' && *id <= 'Z' ? *id - 'A' + 'a' : *id);
    }
}

static void print_upper(const char *id)
{
    for (; *id != '\0'; id++) {
        putchar(*id >= 'a' && *id <= 'z' ? *id - 'a' + 'A' : *id);
    }
}

/* One (state, origin) case of a behaviors macro: SYN-RECEIVED splits by
 * origin, the other states do not. */
typedef struct {
    tcpfsm_state state;
    int          passive; /* -1: either */
} from_case;

static const from_case cases[] = {
    {TCPFSM_CLOSED, -1},      {TCPFSM_LISTEN, -1},      {TCPFSM_SYN_SENT, -1},
    {TCPFSM_SYN_RECEIVED, 1}, {TCPFSM_SYN_RECEIVED, 0}, {TCPFSM_ESTABLISHED, -1},
    {TCPFSM_FIN_WAIT_1, -1},  {TCPFSM_FIN_WAIT_2, -1},  {TCPFSM_CLOSE_WAIT, -1},
    {TCPFSM_CLOSING, -1},     {TCPFSM_LAST_ACK, -1},    {TCPFSM_TIME_WAIT, -1},
};

#define CASE_COUNT (sizeof cases / sizeof cases[0])

static void print_case_name(const char *prefix, const from_case *c)
{
    printf("%s_", prefix);
    print_lower(state_id[c->state]);
    if (c->passive >= 0) {
        printf(c->passive ? "_passive" : "_active");
    }
}

/* The states a row of kind k leads to from case c, as a disjunction. */
static void print_targets(const kind *k, const from_case *c)
{
    int seen[TCPFSM_STATE_COUNT] = {0};
    const char *sep = "";
    size_t i;
    int s;
    for (i = 0; i < ROW_COUNT; i++) {
        const row *r = &rows[i];
        if (of_kind(r, k) && r->from == c->state && (c->passive < 0 || r->passive == c->passive)) {
            seen[r->to] = 1;
        }
    }
    if (k->stay == STAY_ALWAYS || (k->stay == STAY_WITHOUT_ROW && !has_row(c->state, k))) {
        seen[c->state] = 1;
    }
    for (s = 0; s < TCPFSM_STATE_COUNT; s++) {
        if (seen[s]) {
            printf("%sconn->state == TCPFSM_%s", sep, state_id[s]);
            sep = " || ";
        }
    }
}

/* A macro holding one named behavior per state for the contract of the
 * function that runs a segment on a valid connection (tcpfsm_segment_arrives;
 * the timer functions state timer_step and timer_output alone, which these
 * behaviors would only restate: proofs/README.md):
 * `valid` is what else the behavior assumes.  Each says where the event
 * may lead and what it may send from that state: with `from` fixed, a
 * prover meets only that state's rows. */
/* The macro of one case: TCPFSM_SEGMENT_IN_ESTABLISHED. */
static void print_case_macro(const char *prefix, const from_case *c)
{
    printf("TCPFSM_");
    print_upper(prefix);
    printf("_%s", state_id[c->state]);
    if (c->passive >= 0) {
        printf(c->passive ? "_PASSIVE" : "_ACTIVE");
    }
}

static void print_behaviors(const kind *k, const char *macro, const char *prefix)
{
    size_t c;
    printf("\n/* %s:\n"
           " * one named behavior per state, where the event may lead and what it\n"
           " * may send; a function whose precondition excludes some states\n"
           " * lists the others' macros (a behavior it could never take would be an\n"
           " * inconsistent assumption, which -wp-smoke-tests reports). */\n", k->comment);
    for (c = 0; c < CASE_COUNT; c++) {
        printf("#define ");
        print_case_macro(prefix, &cases[c]);
        printf("(valid) \\\n    behavior ");
        print_case_name(prefix, &cases[c]);
        printf(": \\\n      assumes (valid) && conn->state == TCPFSM_%s", state_id[cases[c].state]);
        if (cases[c].passive >= 0) {
            printf(" && conn->passive %s 0", cases[c].passive ? "!=" : "==");
        }
        printf("; \\\n      ensures ");
        print_targets(k, &cases[c]);
        printf("; \\\n      ensures %s_output(TCPFSM_%s, %s, conn->state, *out);\n", k->name,
               state_id[cases[c].state], cases[c].passive > 0 ? "1" : "0");
    }
    printf("#define %s_NAMES ", macro);
    for (c = 0; c < CASE_COUNT; c++) {
        printf(c == 0 ? "" : ", ");
        print_case_name(prefix, &cases[c]);
    }
    printf("\n#define %s(valid)", macro);
    for (c = 0; c < CASE_COUNT; c++) {
        printf(" \\\n    ");
        print_case_macro(prefix, &cases[c]);
        printf("(valid)");
    }
    printf("\n");
}

int main(void)
{
    size_t k;
    printf("/* SPDX-License-Identifier: BSD-2-Clause */\n/*\n"
           " * Generated by spec/gen_acsl.c from spec/transitions.def: do not edit\n"
           " * (`make spec` rewrites it; `make test` fails when it is stale).\n"
           " * The transition relation of RFC 9293 as ACSL predicates over\n"
           " * (state before, tcpfsm_conn.passive before, state after), and the\n"
           " * kinds of segment (spec/tcpfsm_kinds.h) each move may send.\n"
           " */\n"
           "#ifndef TCPFSM_TRANSITIONS_H\n"
           "#define TCPFSM_TRANSITIONS_H\n"
           "\n/*@");
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        print_kind(&kinds[k]);
    }
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        print_sends(&kinds[k], kinds[k].name);
    }
    printf("*/\n");
    print_behaviors(&kinds[0], "TCPFSM_SEGMENT_BEHAVIORS", "segment_in");
    printf("\n#endif\n");
    return 0;
}
