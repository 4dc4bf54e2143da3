/* SPDX-License-Identifier: BSD-2-Clause */
/* Timeline lines:
 *       t ms  who       what
 *      0.000  client    CLOSED -> SYN-SENT
 *      0.000  client >  server  S    seq=... ack=0 win=65535 len=0  <mss 1460,...>
 */
#include <string.h>
#include "trace.h"

static void stamp(FILE *f, uint64_t t_us)
{
    fprintf(f, "%10llu.%03u  ", (unsigned long long)(t_us / 1000u), (unsigned)(t_us % 1000u));
}

void trace_header(FILE *f)
{
    fprintf(f, "%14s  %-8s   %s\n", "time (ms)", "who", "state change, or segment sent");
}

void trace_state(FILE *f, uint64_t t_us, const char *who, tcpfsm_state from, tcpfsm_state to)
{
    stamp(f, t_us);
    fprintf(f, "%-8s   %s -> %s\n", who, tcpfsm_state_name(from), tcpfsm_state_name(to));
}

void trace_text(FILE *f, uint64_t t_us, const char *who, const char *text)
{
    stamp(f, t_us);
    fprintf(f, "%-8s   %s\n", who, text);
}

const char *trace_notes(uint32_t notes, char *buf, unsigned size)
{
    /* TCPFSM_NOTE_* bit by bit, from 0x01 */
    static const char *const names[] = {"CONNECTED", "PEER_CLOSED", "RESET",
                                        "REFUSED",   "TIMED_OUT",   "CLOSED",
                                        "UNREACHABLE", "SOFT_ERROR", "REOPEN"};
    unsigned i, used = 0;
    buf[0] = 0;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (notes & (1u << i)) {
            int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "", names[i]);
            if (n < 0 || (unsigned)n >= size - used) {
                break;
            }
            used += (unsigned)n;
        }
    }
    return buf;
}

void trace_segment(FILE *f, uint64_t t_us, const char *from, const char *to,
                   const tcpfsm_wire_segment *w)
{
    char flags[8];
    unsigned n = 0, k;
    const char *sep = "";
    if (w->flags & TCPFSM_SYN) flags[n++] = 'S';
    if (w->flags & TCPFSM_FIN) flags[n++] = 'F';
    if (w->flags & TCPFSM_RST) flags[n++] = 'R';
    if (w->flags & TCPFSM_PSH) flags[n++] = 'P';
    if (w->flags & TCPFSM_ACK) flags[n++] = '.';
    flags[n] = 0;
    stamp(f, t_us);
    fprintf(f, "%-8s > %-8s %-3s seq=%u ack=%u win=%u len=%u", from, to, flags, w->seq,
            (w->flags & TCPFSM_ACK) ? w->ack : 0u, w->window, w->payload_len);
    if (w->options & (TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM
                      | TCPFSM_OPT_TIMESTAMP | TCPFSM_OPT_SACK)) {
        fputs("  <", f);
        if (w->options & TCPFSM_OPT_MSS) { fprintf(f, "%smss %u", sep, w->mss); sep = ","; }
        if (w->options & TCPFSM_OPT_WSCALE) { fprintf(f, "%sws %u", sep, w->wscale); sep = ","; }
        if (w->options & TCPFSM_OPT_SACK_PERM) { fprintf(f, "%ssackOK", sep); sep = ","; }
        if (w->options & TCPFSM_OPT_TIMESTAMP) {
            fprintf(f, "%sTS %u/%u", sep, w->ts_val, w->ts_ecr);
            sep = ",";
        }
        if (w->options & TCPFSM_OPT_SACK) {
            fprintf(f, "%ssack", sep);
            for (k = 0; k < w->sack_count; k++) {
                fprintf(f, " %u-%u", w->sack[k].left, w->sack[k].right);
            }
        }
        fputc('>', f);
    }
    fputc('\n', f);
}
