/* SPDX-License-Identifier: BSD-2-Clause */
/* The proofs' predicates as C (see oracle.h).  Each clause cites the ACSL
 * it mirrors; keep the two in step when either changes. */
#include <string.h>
#include "oracle.h"
#include "internal.h" /* the two paths of SEGMENT ARRIVES */

/* seq_dist(a, b): how far a lies ahead of b, modulo 2^32. */
static uint32_t dist(uint32_t a, uint32_t b)
{
    return a - b;
}

/* spec/tcpfsm_logic.h: config_ok. */
static int config_ok(const tcpfsm_config *cfg)
{
    return cfg->rcv_buf >= 1 && cfg->rcv_buf <= TCPFSM_MAX_RCV_BUF && cfg->mss >= 64
        && cfg->rto_min_ms >= 1
        && cfg->rto_min_ms <= cfg->rto_initial_ms && cfg->rto_initial_ms <= cfg->rto_max_ms
        && cfg->rto_max_ms >= 60000 && cfg->rto_max_ms <= 3600000 && cfg->msl2_ms >= 1
        && cfg->max_retries >= 1 && cfg->challenge_window_ms >= 1
        && cfg->ts_tick_ms >= 1 && cfg->ts_tick_ms <= 1000
        && cfg->init_window >= 1 && cfg->init_window <= TCPFSM_MAX_INIT_WINDOW
        && cfg->delack_ms <= TCPFSM_MAX_DELACK_MS
        && cfg->keepalive_count >= 1 && cfg->keepalive_idle_s >= 1
        && cfg->keepalive_interval_s >= 1;
}

/* spec/tcpfsm_logic.h: syn_unacked, our SYN sent and not acknowledged
 * (one unit of SND.UNA .. SND.NXT that no data byte takes) ... */
static uint32_t syn_unacked(const tcpfsm_conn *c)
{
    return c->state >= TCPFSM_SYN_SENT && c->syn_acked == 0 ? 1u : 0u;
}

/* ... and controls_sent, data_in_flight are used through this: our SYN
 * until acknowledged, our FIN once sent. */
static uint64_t controls_sent(const tcpfsm_conn *c)
{
    return syn_unacked(c) + (c->fin_sent != 0 ? 1u : 0u);
}

#define CHECK(cond, why) do { if (!(cond)) return why; } while (0)

const char *oracle_conn_ok(const tcpfsm_conn *c)
{
    unsigned s = c->state;
    CHECK(s <= TCPFSM_TIME_WAIT, "state out of range");
    CHECK(config_ok(&c->cfg), "config_ok");
    CHECK(c->rcv_unread <= c->cfg.rcv_buf, "rcv_unread above rcv_buf");
    CHECK(dist(c->rcv_adv, c->rcv_nxt) <= (uint32_t)c->cfg.rcv_buf - c->rcv_unread,
          "offered window beyond the free buffer");
    CHECK(c->snd_queued <= 0x40000000u, "snd_queued above 2^30");
    CHECK(dist(c->snd_nxt, c->snd_una) <= c->snd_queued + controls_sent(c),
          "SND.NXT beyond SND.UNA + queued + SYN + FIN");
    CHECK(c->snd_wnd <= TCPFSM_MAX_RCV_BUF && c->max_snd_wnd <= TCPFSM_MAX_RCV_BUF,
          "send window above 65535 << 14");
    /* wscale_ok */
    CHECK(c->wscale_on <= 1 && c->snd_wscale <= TCPFSM_MAX_WSCALE
          && c->rcv_wscale <= TCPFSM_MAX_WSCALE, "window scale shift above 14");
    CHECK(c->wscale_on != 0 || (c->snd_wscale == 0 && c->rcv_wscale == 0),
          "window scale shift without window scaling");
    CHECK(c->ts_on <= 1, "ts_on neither 0 nor 1");
    /* cc_ok */
    CHECK(c->cwnd >= 1 && c->cwnd <= TCPFSM_MAX_CWND && c->ssthresh <= TCPFSM_MAX_CWND,
          "congestion window or ssthresh out of range");
    CHECK(c->recovery <= TCPFSM_RECOVERY_SACK && c->rtx_due <= 1 && c->nodelay <= 1,
          "recovery, rtx_due or nodelay out of range");
    /* keepalive_ok */
    CHECK(c->keepalive <= 1 && c->keepalive_armed <= 1, "keepalive flags neither 0 nor 1");
    CHECK(c->keepalive_probes <= c->cfg.keepalive_count,
          "more keepalive probes unanswered than keepalive_count");
    CHECK(c->sack_on <= 1 && c->ooo.count <= TCPFSM_OOO_RANGES
          && c->sacked.count <= TCPFSM_OOO_RANGES,
          "sack_on neither 0 nor 1, or more ranges than slots");
    CHECK(c->cfg.rto_min_ms <= c->rto && c->rto <= c->cfg.rto_max_ms, "RTO out of range");
    CHECK(c->srtt8 <= 0x10000000u && c->rttvar4 <= 0x10000000u, "SRTT/RTTVAR out of range");
    CHECK(c->retries <= c->cfg.max_retries, "retries above max_retries");
    CHECK(c->snd_mss >= 1, "snd_mss 0");
    CHECK(c->cfg.challenge_limit == 0 || c->challenge_count <= c->cfg.challenge_limit,
          "more challenge ACKs in the window than the limit");
    CHECK(s > TCPFSM_LISTEN
          || (c->irs == 0 && c->rcv_nxt == 0 && c->rcv_adv == 0 && c->wscale_on == 0
              && c->ts_on == 0
              && c->snd_una == c->snd_nxt && c->snd_queued == 0),
          "peer state or data in CLOSED/LISTEN");
    CHECK((s != TCPFSM_SYN_SENT && s != TCPFSM_SYN_RECEIVED)
          || (c->snd_una == c->iss && dist(c->snd_nxt, c->iss) == 1 && c->syn_acked == 0),
          "more than our SYN in flight before ESTABLISHED");
    CHECK(c->snd_una != c->snd_nxt || c->user_deadline == TCPFSM_NO_DEADLINE,
          "user timeout armed with nothing in flight");
    CHECK((s > TCPFSM_ESTABLISHED && s != TCPFSM_CLOSE_WAIT) || c->fin_sent == 0,
          "FIN sent before CLOSE left ESTABLISHED/CLOSE-WAIT");
    CHECK(c->fin_queued == 0
          || (c->fin_sent == 0
              && (s == TCPFSM_SYN_RECEIVED || s == TCPFSM_FIN_WAIT_1 || s == TCPFSM_CLOSING
                  || s == TCPFSM_LAST_ACK)),
          "FIN queued in a state that cannot hold one");
    CHECK(s > TCPFSM_SYN_SENT || (c->rcv_unread == 0 && c->syn_acked == 0),
          "data or ACK before the peer's SYN");
    CHECK((s != TCPFSM_FIN_WAIT_2 && s != TCPFSM_TIME_WAIT)
          || (c->fin_sent != 0 && c->snd_una == c->snd_nxt),
          "FIN-WAIT-2/TIME-WAIT with our FIN not acknowledged");
    CHECK(c->ack_deadline == TCPFSM_NO_DEADLINE || s == TCPFSM_ESTABLISHED
          || s == TCPFSM_FIN_WAIT_1 || s == TCPFSM_FIN_WAIT_2,
          "an ACK held where no data is received");
    CHECK(s != TCPFSM_TIME_WAIT || c->rtx_deadline != TCPFSM_NO_DEADLINE,
          "TIME-WAIT without the 2MSL timer");
    CHECK((s != TCPFSM_ESTABLISHED && s != TCPFSM_CLOSE_WAIT && s != TCPFSM_LAST_ACK)
              || c->syn_acked != 0,
          "ESTABLISHED, CLOSE-WAIT or LAST-ACK with our SYN unacknowledged");
    return NULL;
}

/* Ranges (src/core/ranges.c) that start beyond base, end at most limit bytes
 * from it, are not empty, and neither overlap nor touch each other. */
static int ranges_within(const tcpfsm_ranges *r, uint32_t base, uint32_t first, uint32_t limit)
{
    unsigned i, j;
    for (i = 0; i < r->count && i < TCPFSM_OOO_RANGES; i++) {
        uint32_t left = dist(r->range[i].left, base);
        uint32_t right = dist(r->range[i].right, base);
        if (left < first || left >= right || right > limit) {
            return 0;
        }
        for (j = 0; j < i; j++) {
            uint32_t l2 = dist(r->range[j].left, base);
            uint32_t r2 = dist(r->range[j].right, base);
            if (!(right < l2 || r2 < left)) {
                return 0;
            }
        }
    }
    return 1;
}

/* Not proven, checked: the out-of-order ranges lie beyond RCV.NXT and
 * within the caller's free buffer, so each SACK block says something new;
 * the scoreboard's lie beyond SND.UNA, up to SND.NXT (RFC 6675 §4).  While
 * our SYN is unacknowledged (SYN-RECEIVED, or the FIN-WAIT-1 a CLOSE there
 * leads to) a range may start at RCV.NXT: the text of a SYN met in
 * SYN-SENT, kept until the handshake's ACK lets text be processed (RFC 9293
 * §3.10.7.3 fourth), which hands it over. */
static const char *ranges_ok(const tcpfsm_conn *c)
{
    uint32_t room = c->cfg.rcv_buf - c->rcv_unread;
    uint32_t first = c->syn_acked == 0u ? 0u : 1u;
    CHECK(c->ooo_fin <= 1 && (c->ooo_fin == 0
                              || (dist(c->ooo_fin_seq, c->rcv_nxt) >= 1
                                  && dist(c->ooo_fin_seq, c->rcv_nxt) < room)),
          "a FIN kept out of order not beyond RCV.NXT, or past the receive buffer");
    CHECK(ranges_within(&c->ooo, c->rcv_nxt, first, room),
          "out-of-order ranges not beyond RCV.NXT, past the buffer, empty, or touching");
    CHECK(ranges_within(&c->sacked, c->snd_una, 1u, dist(c->snd_nxt, c->snd_una)),
          "SACKed ranges not beyond SND.UNA, past SND.NXT, empty, or touching");
    CHECK(c->sack_on != 0 || c->sacked.count == 0, "a scoreboard without SACK");
    return NULL;
}

/* The states whose text is processed, where out-of-order ranges live. */
static int takes_text(uint8_t s)
{
    return s == TCPFSM_ESTABLISHED || s == TCPFSM_FIN_WAIT_1 || s == TCPFSM_FIN_WAIT_2;
}

/* Whether [left, right) seen from base lies inside one of r's ranges. */
static int ranges_hold(const tcpfsm_ranges *r, uint32_t base, uint32_t left, uint32_t right)
{
    unsigned i;
    for (i = 0; i < r->count && i < TCPFSM_OOO_RANGES; i++) {
        if (dist(r->range[i].left, base) <= left && right <= dist(r->range[i].right, base)) {
            return 1;
        }
    }
    return 0;
}

/* RFC 2018 §8, as src/core/text.c keeps it: out-of-order data once kept (and
 * so reported in a SACK block) stays kept until it is delivered; the
 * ranges go only with the text itself (the peer's FIN, the end of the
 * connection). */
static const char *no_renege(const tcpfsm_conn *before, const tcpfsm_conn *after)
{
    unsigned i;
    if (!takes_text(before->state) || !takes_text(after->state)) {
        return NULL;
    }
    for (i = 0; i < before->ooo.count && i < TCPFSM_OOO_RANGES; i++) {
        uint32_t delivered = dist(after->rcv_nxt, before->rcv_nxt);
        uint32_t left = dist(before->ooo.range[i].left, before->rcv_nxt);
        uint32_t right = dist(before->ooo.range[i].right, before->rcv_nxt);
        if (right <= delivered) {
            continue; /* all of it is in order now */
        }
        left = left > delivered ? left - delivered : 0u;
        CHECK(ranges_hold(&after->ooo, after->rcv_nxt, left, right - delivered),
              "out-of-order data kept (and reported in SACK blocks) was forgotten");
    }
    return NULL;
}

/* RFC 2883, as src/core/dsack.c reports it: a D-SACK block answers an
 * arriving segment only, with SACK in use, first among the blocks, and
 * covers data received before the call: before RCV.NXT, or inside one
 * out-of-order range. */
static const char *dsack_ok(oracle_event kind, const tcpfsm_conn *before,
                            const tcpfsm_output *out)
{
    uint32_t left;
    uint32_t right;
    if (out == NULL || out->dsack == 0u) {
        return NULL;
    }
    CHECK(out->dsack == 1u && kind == ORACLE_SEGMENT && before->sack_on == 1u
              && out->sack_count >= 1u,
          "a D-SACK block without an arriving segment, without SACK, or not in sack[0]");
    left = dist(out->sack[0].left, before->rcv_nxt);
    right = dist(out->sack[0].right, before->rcv_nxt);
    if (left >= 0x80000000u) { /* before RCV.NXT */
        CHECK(right > left || right == 0u,
              "a D-SACK block before RCV.NXT that reaches beyond it, or is empty");
        return NULL;
    }
    CHECK(left < right && ranges_hold(&before->ooo, before->rcv_nxt, left, right),
          "a D-SACK block of data never received");
    return NULL;
}

/* spec/tcpfsm_logic.h: acknowledges, flags_ok. */
static int acknowledges(unsigned f)
{
    return f == TCPFSM_ACK || f == (TCPFSM_ACK | TCPFSM_PSH) || f == (TCPFSM_SYN | TCPFSM_ACK)
        || f == (TCPFSM_FIN | TCPFSM_ACK) || f == (TCPFSM_FIN | TCPFSM_ACK | TCPFSM_PSH);
}

const char *oracle_out_ok(const tcpfsm_output *o, uint32_t rcv_nxt)
{
    uint32_t i;
    CHECK(o->count <= TCPFSM_MAX_TX, "more segments than TCPFSM_MAX_TX");
    for (i = 0; i < o->count; i++) {
        unsigned f = o->tx[i].flags;
        CHECK(acknowledges(f) || f == TCPFSM_SYN || f == TCPFSM_RST
                  || f == (TCPFSM_RST | TCPFSM_ACK),
              "an emitted segment has an illegal flag combination");
        CHECK(!acknowledges(f) || o->tx[i].ack == rcv_nxt,
              "an emitted ACK does not acknowledge RCV.NXT");
        /* RFC 9293 MUST-65, RFC 7323 §2.2: MSS and window scale on SYNs only */
        CHECK(o->tx[i].options == 0 || (f & TCPFSM_SYN) != 0,
              "an option on a segment without SYN");
        CHECK((o->tx[i].options & TCPFSM_OPT_WSCALE) == 0
                  || o->tx[i].wscale <= TCPFSM_MAX_WSCALE,
              "a window scale shift above 14 sent");
    }
    return NULL;
}

typedef struct {
    unsigned    from;
    unsigned    passive;
    const char *event;
    unsigned    to;
    unsigned    kinds; /* bit k: may emit a segment of kind k (emits and also) */
} table_row;

static const table_row rows[] = {
#define PASSIVE 1u
#define ACTIVE 0u
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

/* spec/tcpfsm_logic.h: tx_kind. */
unsigned oracle_tx_kind(const tcpfsm_tx *tx)
{
    switch (tx->flags) {
    case TCPFSM_SYN: return TCPFSM_KIND_SYN;
    case TCPFSM_SYN | TCPFSM_ACK: return TCPFSM_KIND_SYN_ACK;
    case TCPFSM_ACK:
    case TCPFSM_ACK | TCPFSM_PSH: return tx->data_len == 0 ? TCPFSM_KIND_ACK : TCPFSM_KIND_DATA;
    case TCPFSM_FIN | TCPFSM_ACK:
    case TCPFSM_FIN | TCPFSM_ACK | TCPFSM_PSH: return TCPFSM_KIND_FIN_ACK;
    case TCPFSM_RST: return TCPFSM_KIND_RST;
    case TCPFSM_RST | TCPFSM_ACK: return TCPFSM_KIND_RST_ACK;
    default: return TCPFSM_KIND_NONE;
    }
}

/* The event names of each kind start with its prefix; the states keep
 * their state, silently, when nothing is due (timer), or when the table has
 * no row for the call in that state (user calls): the reading of
 * spec/gen_acsl.c. */
static const struct {
    const char *prefix;
    int         stay_always;
} kinds[] = {
    [ORACLE_SEGMENT] = {"RCV_", 0},          [ORACLE_TIMER] = {"TIMEOUT_", 1},
    [ORACLE_OPEN_ACTIVE] = {"OPEN_ACTIVE", 0}, [ORACLE_OPEN_PASSIVE] = {"OPEN_PASSIVE", 0},
    [ORACLE_SEND] = {"SEND", 0},             [ORACLE_RECEIVE] = {"RECEIVE", 0},
    [ORACLE_CLOSE] = {"CLOSE", 0},           [ORACLE_ABORT] = {"ABORT", 0},
    [ORACLE_STATUS] = {"STATUS", 1},        [ORACLE_ICMP] = {"ICMP_", 1},
};

/* The kinds of segment the table lets this kind of event emit on the move
 * from (from, passive) to `to`; -1 when it does not list the move. */
static long scan_kinds(oracle_event kind, unsigned from, unsigned passive, unsigned to)
{
    const char *prefix = kinds[kind].prefix;
    size_t i, prefix_len = strlen(prefix);
    int has_row = 0, listed = 0;
    unsigned allowed = 0;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const table_row *r = &rows[i];
        /* the state first: it rules out most rows without a string compare */
        if (r->from != from || strncmp(r->event, prefix, prefix_len) != 0) {
            continue;
        }
        has_row = 1;
        if (r->to == to && (from != TCPFSM_SYN_RECEIVED || r->passive == (passive != 0))) {
            listed = 1;
            allowed |= r->kinds;
        }
    }
    if (to == from && (kinds[kind].stay_always || (kind != ORACLE_SEGMENT && !has_row))) {
        listed = 1;
    }
    return listed ? (long)allowed : -1;
}

/* scan_kinds, every answer computed once (oracle_init): the table never
 * changes, and scanning it on every call took most of a fuzz execution
 * (fuzz/README.md).  All at once, so that no later call runs other code
 * than the one before: the fuzzer sees the same coverage for the same
 * input. */
#define MEMO_KINDS (sizeof kinds / sizeof kinds[0])
#define MEMO_STATES ((unsigned)TCPFSM_TIME_WAIT + 1u) /* the states; others are scanned */
static long memo[MEMO_KINDS][MEMO_STATES][2][MEMO_STATES];
static int memo_done;

void oracle_init(void)
{
    unsigned k, from, p, to;
    if (memo_done) {
        return;
    }
    for (k = 0; k < MEMO_KINDS; k++) {
        for (from = 0; from < MEMO_STATES; from++) {
            for (p = 0; p < 2u; p++) {
                for (to = 0; to < MEMO_STATES; to++) {
                    memo[k][from][p][to] = scan_kinds((oracle_event)k, from, p, to);
                }
            }
        }
    }
    memo_done = 1;
}

static long allowed_kinds(oracle_event kind, unsigned from, unsigned passive, unsigned to)
{
    unsigned p = passive != 0u;
    if ((size_t)kind >= MEMO_KINDS || from >= MEMO_STATES || to >= MEMO_STATES) {
        return scan_kinds(kind, from, p, to);
    }
    oracle_init();
    return memo[kind][from][p][to];
}

const char *oracle_step_ok(oracle_event kind, unsigned from, unsigned passive, unsigned to,
                           const tcpfsm_output *out)
{
    long allowed = allowed_kinds(kind, from, passive, to);
    uint32_t i;
    if (allowed < 0) {
        return "a state change spec/transitions.def does not list";
    }
    for (i = 0; out != NULL && i < out->count && i < TCPFSM_MAX_TX; i++) {
        if ((allowed & (1L << oracle_tx_kind(&out->tx[i]))) == 0) {
            return "a kind of segment spec/transitions.def does not list for this move";
        }
    }
    return NULL;
}

/* RFC 6675 §4 SetPipe(), written again apart from src/core/sack.c: the
 * scoreboard's ranges that lie in the flight, sorted, then the gaps
 * between them walked from SND.UNA.  A gap counts once unless lost
 * (DupThresh ranges or more than (DupThresh - 1) * SMSS bytes SACKed
 * above it, or below RFC 8985 RACK's mark rack_lost outside a timeout's
 * recovery), and once more for what lies below HighRxt. */
static uint64_t pipe_of(const tcpfsm_conn *c)
{
    uint32_t flight = dist(c->snd_nxt, c->snd_una);
    uint32_t rx = dist(c->high_rxt, c->snd_una);
    uint32_t rack = dist(c->rack_lost, c->snd_una);
    uint32_t left[TCPFSM_OOO_RANGES], right[TCPFSM_OOO_RANGES];
    uint32_t n = 0, i, j, at = 0;
    uint64_t pipe = 0;
    rx = rx <= flight ? rx : 0;
    for (i = 0; i < c->sacked.count && i < TCPFSM_OOO_RANGES; i++) {
        uint32_t l = dist(c->sacked.range[i].left, c->snd_una);
        uint32_t r = dist(c->sacked.range[i].right, c->snd_una);
        if (l > 0 && l < r && r <= flight) {
            for (j = n; j > 0 && left[j - 1] > l; j--) {
                left[j] = left[j - 1];
                right[j] = right[j - 1];
            }
            left[j] = l;
            right[j] = r;
            n++;
        }
    }
    for (i = 0; i <= n; i++) {
        uint32_t end = i < n ? left[i] : flight;
        if (end > at) {
            uint64_t above = 0;
            for (j = i; j < n; j++) {
                above += right[j] - left[j];
            }
            int rack_lost = c->recovery != TCPFSM_RECOVERY_TIMEOUT && rack <= flight && at < rack;
            if (!(n - i >= 3 || above > 2u * (uint64_t)c->snd_mss || rack_lost)) {
                pipe += end - at;
            }
            if (rx > at) {
                pipe += (rx < end ? rx : end) - at;
            }
        }
        if (i < n && right[i] > at) {
            at = right[i];
        }
    }
    return pipe;
}

/* RFC 9293 §3.8.6.2.1, RFC 5681 §3: a call that sends new data or our FIN
 * leaves no more in flight than both the peer's window and the congestion
 * window admit (with RFC 3042's segment per duplicate ACK); a zero-window
 * probe is the one unit past a shut window.  In RFC 6675 recovery the
 * congestion window bounds pipe, not the flight (§5 (C)).  RFC 8985 §7.3:
 * a tail loss probe of new data (the loss timer ran as the PTO, and the
 * probe ends at SND.NXT) heeds the peer's window alone. */
static const char *within_windows(const tcpfsm_conn *before, const tcpfsm_conn *after)
{
    uint64_t cc = after->cwnd;
    uint64_t limit;
    if (before->state < TCPFSM_SYN_SENT || after->state < TCPFSM_ESTABLISHED
        || before->snd_nxt == after->snd_nxt || dist(after->snd_nxt, before->snd_nxt) >= 0x80000000u) {
        return NULL; /* nothing new went out */
    }
    if (before->loss_timer == TCPFSM_LOSS_TIMER_PROBE && after->tlp_out == TCPFSM_TLP_NEW
        && after->tlp_end == after->snd_nxt
        && dist(after->snd_nxt, before->snd_nxt) <= after->snd_mss) {
        cc = UINT32_MAX;
    }
    if (after->recovery == TCPFSM_RECOVERY_NONE && after->dupacks >= 1 && after->dupacks <= 2) {
        cc += (uint64_t)after->dupacks * after->snd_mss;
    }
    if (after->recovery == TCPFSM_RECOVERY_SACK) {
        CHECK(pipe_of(after) <= cc, "sent while pipe is at the congestion window");
        cc = UINT32_MAX;
    }
    limit = after->snd_wnd < cc ? after->snd_wnd : cc;
    CHECK(dist(after->snd_nxt, after->snd_una) <= limit + 1,
          "sent beyond the peer's window or the congestion window");
    return NULL;
}

/* RFC 8985 §6.2 step 4: one call widens RACK's reordering window by a
 * quarter of the least RTT at most, and RACK.reo_wnd_persist counts down
 * from 16. */
static const char *reordering_window_ok(const tcpfsm_conn *before, const tcpfsm_conn *after)
{
    unsigned widest = (before->rack_reordering > 0u ? before->rack_reordering : 1u) + 1u;
    CHECK(after->rack_reordering <= widest,
          "the reordering window widened by more than a quarter in one call");
    CHECK(after->rack_reo_persist <= TCPFSM_RACK_REO_PERSIST,
          "RACK.reo_wnd_persist beyond its start");
    CHECK(after->rack_dsack_counted <= 1u, "rack_dsack_counted is neither 0 nor 1");
    /* an open D-SACK round ends beyond SND.UNA: only an ACK that moves
     * SND.UNA ends it, and header prediction takes none */
    CHECK(after->rack_dsack_counted == 0u
              || (dist(after->rack_dsack_round, after->snd_una) != 0u
                  && dist(after->rack_dsack_round, after->snd_una) < 0x80000000u),
          "an open D-SACK round does not end beyond SND.UNA");
    return NULL;
}

/* RFC 9937: prr_out counts every data byte sent in SACK recovery, from
 * the call that started it (a call's output is all its own). */
static const char *prr_counts_sent(const tcpfsm_conn *before, const tcpfsm_conn *after,
                                   const tcpfsm_output *out)
{
    uint64_t expected;
    uint32_t k;
    if (out == NULL || after->recovery != TCPFSM_RECOVERY_SACK) {
        return NULL;
    }
    expected = before->recovery == TCPFSM_RECOVERY_SACK ? before->prr_out : 0;
    for (k = 0; k < out->count && k < TCPFSM_MAX_TX; k++) {
        expected += out->tx[k].data_len;
    }
    CHECK(after->prr_out == (expected > UINT32_MAX ? UINT32_MAX : expected),
          "prr_out is not the data sent in SACK recovery");
    CHECK(after->recover_fs >= 1, "RecoverFS is 0 in SACK recovery");
    return NULL;
}

/* Not proven, checked: no connection is forgotten.  Whatever is in flight
 * has the retransmission timer running (RFC 6298 §5.1); an idle connection
 * with keepalive on has the keepalive timer (RFC 1122 §4.2.3.6). */
static const char *timers_armed(const tcpfsm_conn *c)
{
    unsigned s = c->state;
    int in_flight = c->snd_una != c->snd_nxt;
    int unsent = c->snd_queued > dist(c->snd_nxt, c->snd_una) - controls_sent(c);
    int persisting = c->snd_wnd == 0 && (unsent || c->fin_queued != 0);
    int keepalive_state = s == TCPFSM_ESTABLISHED || s == TCPFSM_FIN_WAIT_2
                       || s == TCPFSM_CLOSE_WAIT;
    /* the FIN-WAIT-2 timeout takes keepalive's place (src/core/timer.c) */
    int fin_wait_2_timer = s == TCPFSM_FIN_WAIT_2 && c->rcv_shut != 0
                        && c->cfg.fin_wait_2_timeout_ms != 0;
    /* RFC 8985 (src/core/rack.c): the loss timer runs in a role, only
     * while something is in flight, and the probe timeout no later than
     * the RTO (§7.2) */
    CHECK((c->loss_deadline == TCPFSM_NO_DEADLINE) == (c->loss_timer == TCPFSM_LOSS_TIMER_NONE),
          "the loss timer runs without a role, or has a role and does not run");
    CHECK(in_flight || c->loss_deadline == TCPFSM_NO_DEADLINE,
          "the loss timer runs with nothing in flight");
    CHECK(c->loss_timer != TCPFSM_LOSS_TIMER_PROBE || c->loss_deadline <= c->rtx_deadline,
          "the probe timeout lies beyond the retransmission timeout");
    if (s <= TCPFSM_LISTEN || s == TCPFSM_TIME_WAIT) {
        return NULL;
    }
    CHECK(!in_flight || c->rtx_deadline != TCPFSM_NO_DEADLINE,
          "something in flight and no retransmission timer");
    CHECK(in_flight || persisting || !fin_wait_2_timer
              || (c->rtx_deadline != TCPFSM_NO_DEADLINE && c->keepalive_armed == 0),
          "FIN-WAIT-2 with its timeout due to run, and no timer");
    CHECK(in_flight || persisting || fin_wait_2_timer || c->keepalive == 0 || !keepalive_state
              || (c->rtx_deadline != TCPFSM_NO_DEADLINE && c->keepalive_armed == 1),
          "keepalive on, the connection idle, and no keepalive timer");
    return NULL;
}

int oracle_seq_before(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

/* Not proven, checked: the urgent mechanism (RFC 9293 §3.8.5,
 * src/core/urgent.c) after every call that succeeded.
 * Sending: urgent mode (snd_urgent) is 0 or 1; while on, SND.UP lies
 * beyond SND.UNA and within the data queued (it points at the octet after
 * the urgent data, which is queued data); it begins, or SND.UP moves, only
 * on a SEND (tcpfsm_send_urgent is one; oracle_send_ok tells them apart),
 * and ends only when SND.UNA reaches SND.UP or with the connection; every
 * output hands the codec the mode and SND.UP (tcpfsm_finish, which every
 * call with an output runs when it succeeds; tcpfsm_reply_no_connection,
 * the one that does not, has no connection and is not checked here).
 * Receiving: rcv_urgent (bytes to read to pass the peer's urgent data)
 * rises exactly when NOTE_URGENT tells the user so (MUST-32: told when the
 * pointer advances, once per advance); it falls only by a RECEIVE of n
 * bytes, by min(n, rcv_urgent) (MUST-33: the user reads towards it), or to
 * 0 with the connection; there is none before ESTABLISHED. */
static const char *urgent_ok(oracle_event kind, const tcpfsm_conn *before,
                             const tcpfsm_conn *after, const tcpfsm_output *out)
{
    int noted = out != NULL && (out->notes & TCPFSM_NOTE_URGENT) != 0u;
    uint32_t up_ahead = dist(after->snd_up, after->snd_una);
    int gone = after->state <= TCPFSM_LISTEN; /* the TCB was cleared */
    CHECK(after->snd_urgent <= 1u, "snd_urgent neither 0 nor 1");
    CHECK(after->snd_urgent == 0u
              || (up_ahead >= 1u
                  && (uint64_t)up_ahead <= (uint64_t)syn_unacked(after) + after->snd_queued),
          "urgent mode with SND.UP not beyond SND.UNA, or beyond the data queued");
    CHECK(!gone || (after->snd_urgent == 0u && after->rcv_urgent == 0u),
          "urgent data in CLOSED or LISTEN");
    CHECK(kind == ORACLE_SEND || after->snd_urgent == 0u
              || (before->snd_urgent == 1u && before->snd_up == after->snd_up),
          "urgent mode began, or SND.UP moved, without a SEND");
    CHECK(before->snd_urgent == 0u || after->snd_urgent == 1u || gone
              || !oracle_seq_before(after->snd_una, before->snd_up),
          "urgent mode ended before SND.UNA reached SND.UP");
    CHECK(out == NULL || out->urgent == after->snd_urgent,
          "the output's urgent flag is not the connection's urgent mode");
    CHECK(out == NULL || out->urgent == 0u || out->urgent_up == after->snd_up,
          "the output's urgent pointer is not SND.UP");
    CHECK(after->state >= TCPFSM_ESTABLISHED || after->rcv_urgent == 0u,
          "the peer's urgent data before ESTABLISHED");
    CHECK(!(after->rcv_urgent > before->rcv_urgent) || noted,
          "the peer's urgent pointer advanced and the user was not told (MUST-32)");
    CHECK(!noted || after->rcv_urgent > before->rcv_urgent,
          "NOTE_URGENT, and the peer's urgent pointer did not advance");
    if (kind == ORACLE_RECEIVE) {
        /* the user read n bytes: RECEIVE lowers rcv_unread by exactly n */
        uint32_t n = before->rcv_unread - after->rcv_unread;
        uint32_t passed = n < before->rcv_urgent ? n : before->rcv_urgent;
        CHECK(after->rcv_urgent == before->rcv_urgent - passed,
              "a RECEIVE of n bytes did not bring the urgent mark n bytes nearer");
    } else {
        CHECK(after->rcv_urgent >= before->rcv_urgent || gone,
              "the peer's urgent mark went back without a RECEIVE");
    }
    return NULL;
}

const char *oracle_after_call(oracle_event kind, const tcpfsm_conn *before,
                              const tcpfsm_output *out_before, tcpfsm_error err,
                              const tcpfsm_conn *after, const tcpfsm_output *out)
{
    const char *why;
    if (err != TCPFSM_OK) {
        CHECK(memcmp(before, after, sizeof *after) == 0, "an error changed the connection");
        CHECK(out_before == NULL || memcmp(out_before, out, sizeof *out) == 0,
              "an error changed the output");
        return NULL;
    }
    if ((why = oracle_conn_ok(after)) != NULL) {
        return why;
    }
    /* the core's clock (tcpfsm_clock) never goes back, whatever `now` the
     * caller brought, and TSval is read off it (RFC 7323 §5.4) */
    CHECK(after->latest_now >= before->latest_now, "the core's clock went back");
    CHECK(out == NULL || out->timestamps == 0
              || out->ts_val == (uint32_t)(after->latest_now / after->cfg.ts_tick_ms)
                                    + after->cfg.ts_offset,
          "TSval is not the core's clock");
    if (out != NULL && (why = oracle_out_ok(out, after->rcv_nxt)) != NULL) {
        return why;
    }
    if ((why = within_windows(before, after)) != NULL) {
        return why;
    }
    if ((why = timers_armed(after)) != NULL) {
        return why;
    }
    if ((why = prr_counts_sent(before, after, out)) != NULL) {
        return why;
    }
    if ((why = ranges_ok(after)) != NULL) {
        return why;
    }
    if ((why = no_renege(before, after)) != NULL) {
        return why;
    }
    if ((why = reordering_window_ok(before, after)) != NULL) {
        return why;
    }
    if ((why = dsack_ok(kind, before, out)) != NULL) {
        return why;
    }
    if ((why = urgent_ok(kind, before, after, out)) != NULL) {
        return why;
    }
    return oracle_step_ok(kind, before->state, before->passive, after->state, out);
}

const char *oracle_fast_path_same(const tcpfsm_conn *before, const tcpfsm_output *out_before,
                                  const tcpfsm_segment *seg, uint32_t iss, uint64_t now,
                                  const tcpfsm_conn *after, const tcpfsm_output *out)
{
    tcpfsm_conn general;
    tcpfsm_output general_out;
    tcpfsm_segment copy;
    if (!tcpfsm_segment_valid(seg) || !tcpfsm_fast_path_applies(before, seg)) {
        return NULL;
    }
    memcpy(&general, before, sizeof general);
    memcpy(&general_out, out_before, sizeof general_out);
    memcpy(&copy, seg, sizeof copy);
    /* at the time tcpfsm_on_segment ran both at */
    tcpfsm_segment_arrives(&general, &copy, iss, tcpfsm_clock(&general, now), &general_out);
    CHECK(memcmp(&general, after, sizeof general) == 0,
          "the fast path left another connection than RFC 9293's steps");
    CHECK(memcmp(&general_out, out, sizeof general_out) == 0,
          "the fast path left another output than RFC 9293's steps");
    return NULL;
}

const char *oracle_send_ok(const tcpfsm_conn *before, const tcpfsm_output *out_before,
                           uint32_t len, int urgent, uint64_t now, tcpfsm_error err,
                           const tcpfsm_conn *after, const tcpfsm_output *out)
{
    tcpfsm_conn copy;
    tcpfsm_output copy_out;
    tcpfsm_error plain;
    if (!urgent) {
        CHECK(err != TCPFSM_OK
                  || (after->snd_urgent == before->snd_urgent && after->snd_up == before->snd_up),
              "a SEND without the urgent flag changed urgent mode or SND.UP");
        return NULL;
    }
    /* the errors of SEND, then urgent data of no bytes is none (RFC 9293
     * §3.10.2: the urgent flag marks the data of this SEND) */
    memcpy(&copy, before, sizeof copy);
    memcpy(&copy_out, out_before, sizeof copy_out);
    plain = tcpfsm_send(&copy, len, now, &copy_out);
    CHECK(err == (plain != TCPFSM_OK ? plain : len == 0u ? TCPFSM_ERR_INVALID_ARG : TCPFSM_OK),
          "tcpfsm_send_urgent's error is not SEND's, or not INVALID_ARG for no bytes");
    if (err != TCPFSM_OK) {
        return NULL;
    }
    CHECK(after->snd_urgent == 1u
              && after->snd_up == after->snd_una + syn_unacked(after) + after->snd_queued,
          "an urgent SEND did not put SND.UP at the end of the data queued");
    /* urgent data is sent at once, as FreeBSD sends it: Nagle holds none
     * of it back, so the same call with TCP_NODELAY leaves the same */
    memcpy(&copy, before, sizeof copy);
    memcpy(&copy_out, out_before, sizeof copy_out);
    copy.nodelay = 1u;
    (void)tcpfsm_send_urgent(&copy, len, now, &copy_out);
    copy.nodelay = after->nodelay;
    CHECK(memcmp(&copy, after, sizeof copy) == 0 && memcmp(&copy_out, out, sizeof copy_out) == 0,
          "Nagle held back urgent data (it sent otherwise than with TCP_NODELAY)");
    return NULL;
}

const char *oracle_urgent_arrived(const tcpfsm_conn *before, const tcpfsm_segment *seg,
                                  tcpfsm_error err, const tcpfsm_conn *after,
                                  const tcpfsm_output *out)
{
    /* SYN-SENT when the peer's SYN,ACK synchronizes it: "If there are
     * other controls or text in the segment, then continue processing at
     * the sixth step ... where the URG bit is checked" (§3.10.7.3; Linux's
     * tcp_rcv_state_process does step 6 by hand there); SYN-RECEIVED, when
     * the ACK moves it to ESTABLISHED, and on, until the peer's FIN */
    int syn_sent = before->state == TCPFSM_SYN_SENT && after->state >= TCPFSM_ESTABLISHED;
    int reads_urg = syn_sent || before->state == TCPFSM_SYN_RECEIVED || takes_text(before->state);
    /* §3.1: the urgent pointer is "a positive offset from the sequence
     * number in this segment", its SYN's when it has one (FreeBSD lowers
     * th_urp when it drops a duplicate SYN's unit, Linux adds the header's
     * SEQ).  The user's read point is RCV.NXT less the bytes delivered and
     * unread, which the steps before the sixth do not move; in SYN-SENT,
     * the first octet after the peer's SYN. */
    uint32_t read_point = syn_sent ? seg->seq + 1u : before->rcv_nxt - before->rcv_unread;
    uint32_t ahead = dist(seg->seq + seg->urgent, read_point);
    int urg = (seg->flags & TCPFSM_URG) != 0u;
    if (err != TCPFSM_OK) {
        return NULL;
    }
    if ((out->notes & TCPFSM_NOTE_URGENT) != 0u) {
        CHECK(urg && reads_urg,
              "NOTE_URGENT for a segment without URG, or in a state that ignores URG");
        CHECK(after->rcv_urgent == ahead,
              "the peer's urgent data does not end where SEG.SEQ + SEG.UP points");
        return NULL;
    }
    /* text taken: the sixth step ran before it; a pointer beyond the mark
     * (and ahead of the read point) is an advance to tell */
    CHECK(!(urg && reads_urg && (out->deliver_len > 0u || out->keep_len > 0u)
            && ahead >= 1u && ahead < 0x80000000u && ahead > before->rcv_urgent),
          "a segment with URG pointing beyond the urgent mark was taken, and not told (MUST-32)");
    return NULL;
}
