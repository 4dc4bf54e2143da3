/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A packetdrill script read into its events.
 *
 * The grammar is the part of packetdrill's that the FreeBSD TCP suite uses:
 * `--name=value` header lines (tolerance_usecs, ip_version, mtu,
 * udp_encapsulation, non_fatal, tcp_md5_secret), `//` comments,
 * `#ifdef NAME` / `#ifndef` / `#else` / `#endif` blocks, and one event per
 * line, each after its time: absolute (`1.00`) or relative to the event
 * before it (`+0.10`, packetdrill's "relative to the previous event's
 * script time").  An event is a packet line (`<`, `>`), a system call, a
 * shell command in backquotes, or one line of code in `%{ ... }%`.  A
 * shell command without a time before the first event or after the last
 * is packetdrill's init or cleanup command (parser.y, opt_init_command,
 * opt_cleanup_command); a backquoted command may run over several lines
 * (the lexer's BACK_QUOTED).
 */
#ifndef PD_SCRIPT_H
#define PD_SCRIPT_H

#include <stdint.h>

typedef enum { PD_EV_PACKET, PD_EV_SYSCALL, PD_EV_SHELL, PD_EV_CODE } pd_event_kind;

/* packetdrill's event times (its parser.y, event_time): `1.0` absolute,
 * `+0.1` relative, `*` any time (an outbound packet whenever it comes),
 * `a~b` or `+a~+b` a range.  A system call may add `...end` (`1.0...6.0`):
 * it blocks, and must return at `end` (relative when its start is). */
typedef enum { PD_TIME_ABSOLUTE, PD_TIME_RELATIVE, PD_TIME_ANY } pd_time_kind;

#define PD_TEXT_MAX 512

typedef struct {
    int           line;     /* in the file, from 1 */
    int64_t       time_us;  /* script time, from the start: absolute, or
                               relative to the previous event's script time;
                               resolved again by the replay once a `*` event
                               has happened (replay.c, event_times) */
    pd_time_kind  time_kind;
    int64_t       offset_us;  /* the time as written (after `+`) */
    int           has_range;  /* `a~b`: end_offset_us is b */
    int           has_end;    /* `a...b` on a system call: it blocks until b */
    int64_t       end_offset_us;
    pd_event_kind kind;
    int           untimed;    /* a shell command written without a time:
                                 packetdrill's init command (before the first
                                 event, PD_UNTIMED_INIT) or cleanup command
                                 (after the last, PD_UNTIMED_CLEANUP) */
    char          text[PD_TEXT_MAX]; /* the event without its time; for shell
                                        and code, what is between the quotes
                                        (a command may span lines) */
} pd_event;

#define PD_UNTIMED_INIT    1
#define PD_UNTIMED_CLEANUP 2

#define PD_MAX_DEFINES 8

typedef struct {
    int       ipv6;         /* --ip_version=ipv6 */
    int       mtu;          /* --mtu, the interface's MTU; 0: 1500 */
    int64_t   tolerance_us; /* --tolerance_usecs, packetdrill's default 4000 */
    int       udp_encaps;   /* --udp_encapsulation=tcp: TCP over UDP is seen */
    int       non_fatal_packet;  /* --non_fatal=packet: a `>` line that does not
                                    hold is a warning */
    int       non_fatal_syscall; /* --non_fatal=syscall: so is a system call */
    int       md5_secret;   /* --tcp_md5_secret=...: the script signs with
                               TCP-MD5 (RFC 2385) */
    pd_event *events;
    int       count;
    char      skip[256];    /* non-empty: the script cannot be replayed, and why */
} pd_script;

/* Read `path`; the names in defines[0 .. ndefines-1] are defined for
 * #ifdef.  Returns 0, or -1 when the file cannot be read (message in
 * s->skip).  A line the grammar does not cover fills s->skip. */
int  pd_script_load(const char *path, const char *const *defines, int ndefines, pd_script *s);
void pd_script_free(pd_script *s);

#endif
