/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_dot: prints the state diagram of tcpfsm as a graphviz digraph, read
 * from the transition table spec/transitions.def (`make diagram` turns it
 * into spec/transitions.svg).
 *
 * What is drawn:
 *   - one node per RFC 9293 state, named as the RFC names it;
 *   - one edge per (from, to) pair with from != to; every row of the table
 *     for that pair is one line of the edge's label,
 *     "event / segment sent (what the user is told)";
 *   - rows that stay in their state are not drawn as self-loops (eleven
 *     loops with up to eight lines each bury the diagram): they are listed
 *     in small type inside the state's box instead;
 *   - a row that exists for both origins (reached through LISTEN or through
 *     SYN-SENT) with the same outcome is shown once; when the outcome
 *     differs, each line is prefixed "passive:" or "active:";
 *   - edges made only of ABORT, RST, retry exhaustion and user timeout are
 *     grey and do not constrain the layout, so that the opening and closing
 *     paths read from top to bottom as in RFC 9293 figure 5.
 *
 * A token of the table that has no text here stops the program with an
 * error: a new event must be given a label, not a guess.
 */
#include <stdio.h>
#include <string.h>
#include "tcpfsm/tcpfsm.h"
#include "state_ids.h"

typedef struct {
    tcpfsm_state from;
    const char  *origin;
    const char  *event;
    tcpfsm_state to;
    const char  *emits;
    const char  *notes;
    const char  *section;
} row;

static const row rows[] = {
#define TCPFSM_TRANSITION(from, origin, event, to, emits, also, notes, section) \
    {TCPFSM_##from, #origin, #event, TCPFSM_##to, #emits, #notes, section},
#include "transitions.def"
#undef TCPFSM_TRANSITION
};

#define ROW_COUNT (sizeof rows / sizeof rows[0])

typedef struct {
    const char *token;
    const char *text;
} label;

/* Node ids are the enum's spelling (state_ids.h), labels the RFC's. */
static const char *const state_name[TCPFSM_STATE_COUNT] = {
    [TCPFSM_CLOSED] = "CLOSED",           [TCPFSM_LISTEN] = "LISTEN",
    [TCPFSM_SYN_SENT] = "SYN-SENT",       [TCPFSM_SYN_RECEIVED] = "SYN-RECEIVED",
    [TCPFSM_ESTABLISHED] = "ESTABLISHED", [TCPFSM_FIN_WAIT_1] = "FIN-WAIT-1",
    [TCPFSM_FIN_WAIT_2] = "FIN-WAIT-2",   [TCPFSM_CLOSE_WAIT] = "CLOSE-WAIT",
    [TCPFSM_CLOSING] = "CLOSING",         [TCPFSM_LAST_ACK] = "LAST-ACK",
    [TCPFSM_TIME_WAIT] = "TIME-WAIT",
};

/* The events of spec/README.md ("Events"), in the words of RFC 9293 figure 5. */
static const label events[] = {
    {"OPEN_ACTIVE", "active OPEN"},
    {"OPEN_PASSIVE", "passive OPEN"},
    {"SEND", "SEND"},
    {"SEND_MORE", "SEND of 0 bytes"},
    {"SEND_URGENT", "SEND, urgent"},
    {"RECEIVE", "RECEIVE"},
    {"CLOSE", "CLOSE"},
    {"ABORT", "ABORT"},
    {"STATUS", "STATUS"},
    {"RCV_SYN", "rcv SYN"},
    {"RCV_SYN_ACK", "rcv SYN,ACK"},
    {"RCV_ACK", "rcv ACK"},
    {"RCV_DUP_ACK", "rcv ACK of nothing new"},
    {"RCV_THIRD_DUP_ACK", "rcv third duplicate ACK"},
    {"RCV_BAD_ACK", "rcv bad ACK"},
    {"RCV_DATA", "rcv data"},
    {"RCV_OLD_SEQ", "rcv old data"},
    {"RCV_FIN", "rcv FIN"},
    {"RCV_FIN_ACK", "rcv FIN + ACK of all sent"},
    {"RCV_FIN_AGAIN", "rcv FIN again"},
    {"RCV_RST", "rcv RST"},
    {"RCV_RST_IN_WINDOW", "rcv RST in window, not at RCV.NXT"},
    {"RCV_SYN_ACK_FIN", "rcv SYN,ACK,FIN"},
    {"CLOSE_QUEUED", "CLOSE, data queued"},
    {"RCV_ACK_CLOSE_QUEUED", "rcv ACK, CLOSE queued"},
    {"RCV_FIN_ACK_CLOSE_QUEUED", "rcv FIN,ACK, CLOSE queued"},
    {"RCV_RST_NO_RFC1337", "rcv RST, RFC 1337 off"},
    {"RCV_SYN_NO_RFC5961", "rcv SYN, RFC 5961 off"},
    {"RCV_SYN_SYN_CACHE", "rcv SYN, syn_cache"},
    {"RCV_SYN_ACK_SYN_CACHE", "rcv SYN,ACK, syn_cache"},
    {"RCV_BAD_ACK_SYN_CACHE", "rcv bad ACK, syn_cache"},
    {"RCV_RST_DATA_QUEUED", "rcv RST, data queued"},
    {"RCV_SYN_DATA_QUEUED", "rcv SYN, data queued"},
    {"RCV_RST_CLOSE_QUEUED", "rcv RST, CLOSE queued"},
    {"RCV_SYN_CLOSE_QUEUED", "rcv SYN, CLOSE queued"},
    {"RCV_SYN_NEW", "rcv SYN of a new incarnation"},
    {"RCV_URG", "rcv URG"},
    {"TIMEOUT_RTX", "retransmission timeout"},
    {"TIMEOUT_GIVE_UP", "retries exhausted"},
    {"TIMEOUT_USER", "user timeout"},
    {"TIMEOUT_2MSL", "2MSL timeout"},
    {"TIMEOUT_DELACK", "delayed ACK timeout"},
    {"TIMEOUT_KEEPALIVE", "keepalive probe"},
    {"TIMEOUT_KEEPALIVE_GIVE_UP", "keepalive probes unanswered"},
    {"TIMEOUT_FIN_WAIT_2", "FIN-WAIT-2 timeout"},
    {"ICMP_HARD", "ICMP hard error"},
    {"ICMP_SOFT", "ICMP soft error"},
    {"ICMP_TOO_BIG", "ICMP packet too big"},
};

/* The emits column: the flags of the first segment sent ("" when silent). */
static const label emits[] = {
    {"NONE", ""},       {"SYN", "SYN"},         {"SYN_ACK", "SYN,ACK"},
    {"ACK", "ACK"},     {"DATA", "data"},       {"FIN_ACK", "FIN,ACK"},
    {"RST", "RST"},     {"RST_ACK", "RST,ACK"},
};

/* The notes column.  CLOSED is implied by an edge into CLOSED. */
static const label notes[] = {
    {"NONE", ""},
    {"CLOSED", ""},
    {"CONNECTED", "connected"},
    {"PEER_CLOSED", "peer closed"},
    {"CONNECTED_PEER_CLOSED", "connected, peer closed"},
    {"REFUSED", "refused"},
    {"RESET", "reset"},
    {"TIMED_OUT", "timed out"},
    {"SOFT_ERROR", "soft error"},
    {"REOPEN", "reopened"},
    {"URGENT", "urgent data"},
};

static int failed;

static const char *lookup(const label *table, size_t count, const char *token,
                          const char *column)
{
    size_t i;
    for (i = 0; i < count; i++) {
        if (strcmp(table[i].token, token) == 0) {
            return table[i].text;
        }
    }
    fprintf(stderr, "gen_dot: no text for %s `%s': add it to spec/gen_dot.c\n", column, token);
    failed = 1;
    return token;
}

#define LOOKUP(table, token, column) \
    lookup(table, sizeof table / sizeof table[0], token, column)

/* Two rows lead to the same outcome (state, segment, notes). */
static int same_outcome(const row *a, const row *b)
{
    return a->to == b->to && strcmp(a->emits, b->emits) == 0
        && strcmp(a->notes, b->notes) == 0;
}

/* The same event from the same state with the other origin leads elsewhere:
 * the origin must be shown. */
static int origin_matters(const row *r)
{
    size_t i;
    for (i = 0; i < ROW_COUNT; i++) {
        const row *o = &rows[i];
        if (o->from == r->from && strcmp(o->event, r->event) == 0
            && strcmp(o->origin, r->origin) != 0 && !same_outcome(o, r)) {
            return 1;
        }
    }
    return 0;
}

/* An earlier row says the same thing: same state, event and outcome. */
static int duplicate(size_t index)
{
    size_t i;
    for (i = 0; i < index; i++) {
        if (rows[i].from == rows[index].from && strcmp(rows[i].event, rows[index].event) == 0
            && same_outcome(&rows[i], &rows[index])) {
            return 1;
        }
    }
    return 0;
}

/* One line of text for a row: "passive: rcv RST / RST (reset)". */
static void row_text(const row *r, char *buf, size_t size)
{
    const char *ev = LOOKUP(events, r->event, "event");
    const char *em = LOOKUP(emits, r->emits, "emits");
    const char *no = LOOKUP(notes, r->notes, "notes");
    int n = snprintf(buf, size, "%s%s%s%s%s%s%s",
                     origin_matters(r) ? (strcmp(r->origin, "PASSIVE") == 0 ? "passive: "
                                                                            : "active: ")
                                       : "",
                     ev, em[0] != '\0' ? " / " : "", em,
                     no[0] != '\0' ? " (" : "", no, no[0] != '\0' ? ")" : "");
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "gen_dot: label of %s %s too long\n", state_name[r->from], r->event);
        failed = 1;
    }
}

/* Append to a label buffer, failing loudly rather than truncating. */
static void append(char *buf, size_t size, const char *text)
{
    size_t used = strlen(buf);
    if (used + strlen(text) >= size) {
        fprintf(stderr, "gen_dot: label buffer too small\n");
        failed = 1;
        return;
    }
    memcpy(buf + used, text, strlen(text) + 1u);
}

/* Error paths: drawn grey, and left out of the ranking. */
static int error_path(const row *r)
{
    return strcmp(r->event, "ABORT") == 0 || strcmp(r->event, "RCV_RST") == 0
        || strcmp(r->event, "TIMEOUT_GIVE_UP") == 0 || strcmp(r->event, "TIMEOUT_USER") == 0
        || strcmp(r->event, "TIMEOUT_KEEPALIVE_GIVE_UP") == 0
        || strcmp(r->event, "ICMP_HARD") == 0;
}

static void print_node(tcpfsm_state s)
{
    char stay[2048];
    char line[256];
    size_t i;
    stay[0] = '\0';
    for (i = 0; i < ROW_COUNT; i++) {
        if (rows[i].from == s && rows[i].to == s && !duplicate(i)) {
            row_text(&rows[i], line, sizeof line);
            append(stay, sizeof stay, line);
            append(stay, sizeof stay, "<BR ALIGN=\"LEFT\"/>");
        }
    }
    if (stay[0] == '\0') {
        printf("    %s [label=<<B>%s</B>>];\n", state_id[s], state_name[s]);
    } else {
        printf("    %s [label=<<B>%s</B><BR/><FONT POINT-SIZE=\"9\">%s</FONT>>];\n",
               state_id[s], state_name[s], stay);
    }
}

static void print_edge(tcpfsm_state from, tcpfsm_state to)
{
    char text[2048];
    char line[256];
    size_t i;
    int any = 0;
    int all_errors = 1;
    text[0] = '\0';
    for (i = 0; i < ROW_COUNT; i++) {
        if (rows[i].from != from || rows[i].to != to || duplicate(i)) {
            continue;
        }
        row_text(&rows[i], line, sizeof line);
        if (any) {
            append(text, sizeof text, "\\n");
        }
        append(text, sizeof text, line);
        any = 1;
        if (!error_path(&rows[i])) {
            all_errors = 0;
        }
    }
    if (!any) {
        return;
    }
    printf("    %s -> %s [label=\"%s\"%s];\n", state_id[from], state_id[to], text,
           all_errors ? ", color=gray55, fontcolor=gray40, constraint=false" : "");
}

int main(void)
{
    unsigned from;
    unsigned to;
    printf("// SPDX-License-Identifier: BSD-2-Clause\n");
    printf("// Generated by spec/gen_dot.c from spec/transitions.def: do not edit.\n");
    printf("digraph tcpfsm {\n");
    printf("    graph [fontname=\"Helvetica\", fontsize=11, nodesep=0.5, ranksep=0.55,\n"
           "           labelloc=t, label=\"tcpfsm: RFC 9293 connection states "
           "(spec/transitions.def)\\nedge: event / segment sent (user notified); "
           "in a box: events that keep the state\\n\\n\"];\n");
    printf("    node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=12];\n");
    printf("    edge [fontname=\"Helvetica\", fontsize=9];\n\n");
    for (from = 0; from < TCPFSM_STATE_COUNT; from++) {
        print_node((tcpfsm_state)from);
    }
    /* the layout of RFC 9293 figure 5 */
    printf("\n    { rank=same; SYN_SENT; SYN_RECEIVED; }\n");
    printf("    { rank=same; FIN_WAIT_1; CLOSE_WAIT; }\n");
    printf("    { rank=same; FIN_WAIT_2; CLOSING; LAST_ACK; }\n\n");
    for (from = 0; from < TCPFSM_STATE_COUNT; from++) {
        for (to = 0; to < TCPFSM_STATE_COUNT; to++) {
            if (from != to) {
                print_edge((tcpfsm_state)from, (tcpfsm_state)to);
            }
        }
    }
    printf("}\n");
    return failed ? 1 : 0;
}
