/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading a packetdrill script into events (script.h). */
#include "script.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 1024
#define MAX_NESTING  8

static void set_skip(pd_script *s, int line, const char *what, const char *text)
{
    if (s->skip[0] == '\0') {
        snprintf(s->skip, sizeof s->skip, "line %d: %s: %.80s", line, what, text);
    }
}

/* Cut a `//` comment, but not inside backquotes (a shell command may hold
 * a path); returns whether the line ends inside backquotes (the command
 * goes on on the next line).  quoted: whether it starts inside them. */
static int cut_comment(char *line, int quoted)
{
    char *p;
    for (p = line; *p != '\0'; p++) {
        if (*p == '`') {
            quoted = !quoted;
        } else if (!quoted && p[0] == '/' && p[1] == '/') {
            *p = '\0';
            return 0;
        }
    }
    return quoted;
}

static char *trim(char *text)
{
    char *end;
    while (isspace((unsigned char)*text)) {
        text++;
    }
    end = text + strlen(text);
    while (end > text && isspace((unsigned char)end[-1])) {
        *--end = '\0';
    }
    return text;
}

static int is_defined(const char *name, const char *const *defines, int ndefines)
{
    int i;
    for (i = 0; i < ndefines; i++) {
        if (strcmp(defines[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Seconds with up to six decimals, as microseconds. */
static int parse_seconds(const char **p, int64_t *us)
{
    int64_t whole = 0, frac = 0, scale = 100000;
    int digits = 0;
    while (isdigit((unsigned char)**p)) {
        whole = whole * 10 + (**p - '0');
        (*p)++;
        digits++;
    }
    if (**p == '.') {
        (*p)++;
        while (isdigit((unsigned char)**p)) {
            if (scale > 0) {
                frac += (**p - '0') * scale;
                scale /= 10;
            }
            (*p)++;
            digits++;
        }
    }
    *us = whole * 1000000 + frac;
    return digits > 0;
}

/* --name=value */
static void header_line(pd_script *s, int line, const char *text)
{
    const char *eq = strchr(text, '=');
    size_t n = eq != NULL ? (size_t)(eq - text) : strlen(text);
    if (eq != NULL && strncmp(text, "--tolerance_usecs", n) == 0 && n == 17) {
        s->tolerance_us = strtoll(eq + 1, NULL, 10);
    } else if (eq != NULL && strncmp(text, "--ip_version", n) == 0 && n == 12) {
        if (strcmp(eq + 1, "ipv4") == 0) {
            s->ipv6 = 0;
        } else if (strcmp(eq + 1, "ipv6") == 0) {
            s->ipv6 = 1;
        } else {
            set_skip(s, line, "unsupported ip_version", text);
        }
    } else if (eq != NULL && strncmp(text, "--mtu", n) == 0 && n == 5) {
        /* the MTU of packetdrill's tun device: the interface our MSS is
         * taken from (stack.c, make_config) */
        char *end;
        long mtu = strtol(eq + 1, &end, 10);
        if (*end != '\0' || mtu < 68 || mtu > 65535) {
            set_skip(s, line, "unsupported mtu", text);
        } else {
            s->mtu = (int)mtu;
        }
    } else if (eq != NULL && strncmp(text, "--udp_encapsulation", n) == 0 && n == 19) {
        /* TCP over UDP (packetdrill's config.c: "sctp" or "tcp") */
        if (strcmp(eq + 1, "tcp") == 0) {
            s->udp_encaps = 1;
        } else {
            set_skip(s, line, "unsupported udp_encapsulation (only tcp is replayed)", text);
        }
    } else if (eq != NULL && strncmp(text, "--non_fatal", n) == 0 && n == 11) {
        /* parse_non_fatal_arg: comma-separated, unknown words ignored */
        const char *p = eq + 1;
        while (*p != '\0') {
            size_t k = strcspn(p, ", ");
            if (k == 6 && strncmp(p, "packet", 6) == 0) {
                s->non_fatal_packet = 1;
            } else if (k == 7 && strncmp(p, "syscall", 7) == 0) {
                s->non_fatal_syscall = 1;
            }
            p += k;
            p += strspn(p, ", ");
        }
    } else if (eq != NULL && strncmp(text, "--tcp_md5_secret", n) == 0 && n == 16) {
        /* the key packetdrill signs and checks with; the replayer computes
         * no digest (the kernel it models has no TCP-MD5) */
        s->md5_secret = 1;
    } else {
        set_skip(s, line, "unsupported header option", text);
    }
}

static int add_event(pd_script *s, int *cap, int line, int64_t time_us, const pd_event *when,
                     pd_event_kind kind, const char *text, size_t len)
{
    pd_event *e;
    if (s->count == *cap) {
        int grown = *cap == 0 ? 64 : *cap * 2;
        pd_event *bigger = realloc(s->events, (size_t)grown * sizeof *bigger);
        if (bigger == NULL) {
            set_skip(s, line, "out of memory", "");
            return -1;
        }
        s->events = bigger;
        *cap = grown;
    }
    if (len >= PD_TEXT_MAX) {
        set_skip(s, line, "event text too long", text);
        return -1;
    }
    e = &s->events[s->count++];
    *e = *when;
    if (kind != PD_EV_SHELL) {
        e->untimed = 0;
    }
    e->line = line;
    e->time_us = time_us;
    e->kind = kind;
    memcpy(e->text, text, len);
    e->text[len] = '\0';
    return 0;
}

/* One event's time, as packetdrill's grammar writes it (parser.y,
 * event_time and opt_end_time): `*`, `[+]a`, `[+]a~[+]b`, and after a
 * time `...b`, the end of a blocking system call.  packetdrill's lexer
 * separates `+` from the number, so `+ 0.00` is `+0.00`. */
static int parse_event_time(const char **pp, pd_event *ev)
{
    const char *p = *pp;
    memset(ev, 0, sizeof *ev);
    if (*p == '*') {
        ev->time_kind = PD_TIME_ANY;
        *pp = p + 1;
        return 1;
    }
    ev->time_kind = PD_TIME_ABSOLUTE;
    if (*p == '+') {
        ev->time_kind = PD_TIME_RELATIVE;
        p++;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
    }
    if (!parse_seconds(&p, &ev->offset_us)) {
        return 0;
    }
    if (*p == '~') {
        /* the end is written as the start is: `+a~+b` or `a~b` */
        p++;
        if ((*p == '+') != (ev->time_kind == PD_TIME_RELATIVE)) {
            return 0;
        }
        p += *p == '+';
        if (!parse_seconds(&p, &ev->end_offset_us) || ev->end_offset_us < ev->offset_us) {
            return 0;
        }
        ev->has_range = 1;
    } else if (strncmp(p, "...", 3) == 0) {
        p += 3;
        if (!parse_seconds(&p, &ev->end_offset_us)) {
            return 0;
        }
        ev->has_end = 1;
    }
    *pp = p;
    return 1;
}

/* One event line: its time, then what happens. */
static void event_line(pd_script *s, int *cap, int line, const char *text, int64_t *last_us)
{
    const char *p = text;
    pd_event when;
    int64_t t;
    if (*p == '`' && s->count == 0) {
        /* packetdrill's init command, run before the first event */
        memset(&when, 0, sizeof when);
        when.time_kind = PD_TIME_ABSOLUTE;
        when.untimed = PD_UNTIMED_INIT;
    } else if (*p == '`') {
        /* a cleanup command, after the last event: nothing may follow it
         * (pd_script_load checks), and it happens when the last one did */
        memset(&when, 0, sizeof when);
        when.time_kind = PD_TIME_RELATIVE;
        when.untimed = PD_UNTIMED_CLEANUP;
    } else if (!parse_event_time(&p, &when)) {
        set_skip(s, line, "unsupported time", text);
        return;
    }
    if (s->count > 0 && s->events[s->count - 1].untimed == PD_UNTIMED_CLEANUP) {
        set_skip(s, line, "an event after the cleanup command", text);
        return;
    }
    /* the script time when it can be known before the run: a `*` event
     * happens when the stack sends, and the replay resolves the times
     * after it (replay.c) */
    t = when.time_kind == PD_TIME_RELATIVE ? *last_us + when.offset_us : when.offset_us;
    if (when.time_kind != PD_TIME_ANY && when.untimed != PD_UNTIMED_INIT) {
        *last_us = t;
    }
    while (isspace((unsigned char)*p)) {
        p++;
    }
    if (when.has_end && !isalpha((unsigned char)*p)) {
        set_skip(s, line, "an end time (`...`) on an event other than a system call", text);
        return;
    }
    if (*p == '<' || *p == '>') {
        add_event(s, cap, line, t, &when, PD_EV_PACKET, p, strlen(p));
    } else if (*p == '`') {
        const char *end = strchr(p + 1, '`');
        if (end == NULL) {
            set_skip(s, line, "unterminated shell command", text);
            return;
        }
        add_event(s, cap, line, t, &when, PD_EV_SHELL, p + 1, (size_t)(end - p - 1));
    } else if (strncmp(p, "%{", 2) == 0) {
        const char *end = strstr(p + 2, "}%");
        if (end == NULL) {
            set_skip(s, line, "code blocks over several lines are not replayed", text);
            return;
        }
        add_event(s, cap, line, t, &when, PD_EV_CODE, p + 2, (size_t)(end - p - 2));
    } else if (isalpha((unsigned char)*p)) {
        add_event(s, cap, line, t, &when, PD_EV_SYSCALL, p, strlen(p));
    } else {
        set_skip(s, line, "unrecognised event", text);
    }
}

int pd_script_load(const char *path, const char *const *defines, int ndefines, pd_script *s)
{
    char buf[LINE_MAX_LEN], more[LINE_MAX_LEN];
    int active[MAX_NESTING + 1];
    int depth = 0, line = 0, cap = 0;
    int64_t last_us = 0;
    FILE *f = fopen(path, "r");
    memset(s, 0, sizeof *s);
    s->tolerance_us = 4000; /* packetdrill's default --tolerance_usecs */
    active[0] = 1;
    if (f == NULL) {
        snprintf(s->skip, sizeof s->skip, "cannot read %s", path);
        return -1;
    }
    while (fgets(buf, sizeof buf, f) != NULL) {
        char *text;
        int first = ++line;
        if (strchr(buf, '\n') == NULL && !feof(f)) {
            set_skip(s, line, "line too long", buf);
            break;
        }
        /* a backquoted command goes on until its closing backquote */
        while (cut_comment(buf, 0) && !feof(f)) {
            size_t have = strlen(buf);
            if (fgets(more, sizeof more, f) == NULL) {
                break;
            }
            line++;
            if (have + strlen(more) + 1 >= sizeof buf) {
                set_skip(s, line, "shell command too long", more);
                break;
            }
            strcat(buf, more);
        }
        if (s->skip[0] != '\0') {
            break;
        }
        text = trim(buf);
        if (*text == '\0') {
            continue;
        }
        if (*text == '#') {
            char name[64] = "";
            if (sscanf(text, "#ifdef %63s", name) == 1 || sscanf(text, "#ifndef %63s", name) == 1) {
                int want = strncmp(text, "#ifdef", 6) == 0;
                if (depth == MAX_NESTING) {
                    set_skip(s, line, "#ifdef nested too deep", text);
                    break;
                }
                depth++;
                active[depth] = active[depth - 1]
                    && (is_defined(name, defines, ndefines) == want);
            } else if (strcmp(text, "#else") == 0 && depth > 0) {
                active[depth] = active[depth - 1] && !active[depth];
            } else if (strcmp(text, "#endif") == 0 && depth > 0) {
                depth--;
            } else {
                set_skip(s, line, "unsupported preprocessor line", text);
            }
            continue;
        }
        if (!active[depth]) {
            continue;
        }
        if (strncmp(text, "--", 2) == 0) {
            header_line(s, first, text);
        } else {
            event_line(s, &cap, first, text, &last_us);
        }
    }
    fclose(f);
    if (depth != 0) {
        set_skip(s, line, "#ifdef without #endif", "");
    }
    return 0;
}

void pd_script_free(pd_script *s)
{
    free(s->events);
    s->events = NULL;
    s->count = 0;
}
