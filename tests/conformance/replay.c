/* SPDX-License-Identifier: BSD-2-Clause */
/* Replaying one packetdrill script (replay.h). */
#include "replay.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "icmp_line.h"
#include "ip_sockopt.h"
#include "oob.h"
#include "packet_line.h"
#include "script.h"
#include "shell.h"
#include "stack.h"
#include "syscall_line.h"
#include "sockopt.h"
#include "sysctl_map.h"

#define NOTES_LEN 256

typedef struct {
    const pd_options *opt;
    pd_script         script;
    pd_stack          st;
    pd_result        *res;
    int               last_fd;          /* the fd %{ tcpi_* }% asks about */
    int64_t           seen_us;          /* when the last `>` line's segment left */
    /* A blocking system call under way (packetdrill runs it in its own
     * thread, run_system_call.c; the script goes on beside it): only
     * connect() blocks here, until the connection is up or has failed */
    struct {
        int      active;
        int      line;
        int      conn;                  /* conns[] index */
        long     result;
        char     err[32];
        int64_t  end_us;                /* it must return then (`...end`) */
    } blocked;
    char              unmapped[NOTES_LEN]; /* FreeBSD settings with no core knob */
    int               tcp_md5;          /* the script uses TCP-MD5 (RFC 2385) */
} replay;

/* What tcpfsm lacks when a script uses TCP-MD5, said with its failure. */
#define NO_TCP_MD5 "tcpfsm has no TCP-MD5 (RFC 2385)"

static void verdict(replay *r, pd_verdict v, const pd_event *e, const char *fmt, ...)
{
    char what[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    r->res->verdict = v;
    if (e != NULL) {
        snprintf(r->res->reason, sizeof r->res->reason, "line %d: %s", e->line, what);
    } else {
        snprintf(r->res->reason, sizeof r->res->reason, "%s", what);
    }
}

/* A line that did not hold, under --non_fatal=packet or =syscall:
 * packetdrill prints a warning and goes on (its STATUS_WARN), so the
 * script can still pass; the first is kept for the PASS line. */
static void warning(replay *r, const pd_event *e, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (r->res->warnings++ == 0) {
        snprintf(r->res->warning, sizeof r->res->warning, "line %d: %.200s", e->line, what);
    }
    if (r->opt->verbose) {
        printf("         non-fatal: line %d: %s\n", e->line, what);
    }
}

static int same_errno(const char *a, const char *b)
{
    /* EWOULDBLOCK is EAGAIN on every system packetdrill runs on */
    if (strcmp(a, "EWOULDBLOCK") == 0) {
        a = "EAGAIN";
    }
    if (strcmp(b, "EWOULDBLOCK") == 0) {
        b = "EAGAIN";
    }
    return strcmp(a, b) == 0;
}

/* --- shell commands ------------------------------------------------------ */

typedef enum { SH_SYSCTL, SH_SOCKSTAT, SH_TCPDROP_TW, SH_LIST } shell_kind;

typedef struct {
    shell_kind kind;
    char       name[96];   /* sysctl */
    long       value;      /* sysctl value; sockstat expected count */
    int        state;      /* sockstat: tcpfsm_state */
    pd_shell   list;       /* SH_LIST: anything else shell.c models */
} shell_cmd;

/* sockstat's names (FreeBSD tcpstates[]) */
static int state_by_sockstat_name(const char *name)
{
    static const char *const names[TCPFSM_STATE_COUNT] = {
        "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1",
        "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"
    };
    int i;
    for (i = 0; i < TCPFSM_STATE_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static int parse_shell(const char *text, shell_cmd *cmd, char *why, unsigned why_len)
{
    char state[32];
    int family;
    long count;
    memset(cmd, 0, sizeof *cmd);
    if (sscanf(text, "sysctl -w %95[^=]=%ld", cmd->name, &cmd->value) == 2) {
        cmd->kind = SH_SYSCTL;
        if (pd_sysctl_classify(cmd->name, cmd->value) == PD_SYSCTL_UNKNOWN) {
            snprintf(why, why_len, "sysctl %s: not known to the replayer", cmd->name);
            return -1;
        }
        return 0;
    }
    /* sockstat -4 -P tcp -s | grep packetdril | grep -c STATE | grep N:
     * how many of our sockets are in STATE */
    if (sscanf(text, "sockstat -%d -P tcp -s | grep packetdril | grep -c %31s | grep %ld",
               &family, state, &count) == 3) {
        cmd->kind = SH_SOCKSTAT;
        cmd->state = state_by_sockstat_name(state);
        cmd->value = count;
        if (cmd->state < 0) {
            snprintf(why, why_len, "sockstat state %s: unknown", state);
            return -1;
        }
        return 0;
    }
    if (strcmp(text, "tcpdrop -s TIME_WAIT") == 0) {
        cmd->kind = SH_TCPDROP_TW;
        return 0;
    }
    cmd->kind = SH_LIST;
    return pd_shell_parse(text, &cmd->list, why, why_len);
}

static void note_unmapped(replay *r, const char *name, long value)
{
    char one[128];
    const char *short_name = strncmp(name, "net.inet.tcp.", 13) == 0 ? name + 13 : name;
    snprintf(one, sizeof one, "%s%.96s=%ld", r->unmapped[0] != '\0' ? ", " : "", short_name,
             value);
    if (strstr(r->unmapped, one + (r->unmapped[0] != '\0' ? 2 : 0)) == NULL
        && strlen(r->unmapped) + strlen(one) + 1 < sizeof r->unmapped) {
        strcat(r->unmapped, one);
    }
}

static int run_shell(replay *r, const pd_event *e)
{
    shell_cmd cmd;
    char why[160];
    if (parse_shell(e->text, &cmd, why, sizeof why) != 0) {
        verdict(r, PD_SKIP, e, "%s", why);
        return -1;
    }
    switch (cmd.kind) {
    case SH_SYSCTL: {
        pd_sysctl_kind k = pd_sysctl_apply(&r->st, cmd.name, cmd.value);
        if (k == PD_SYSCTL_UNMAPPED) {
            note_unmapped(r, cmd.name, cmd.value);
        }
        if (k == PD_SYSCTL_REFUSED) {
            /* the handler's EINVAL: sysctl exits 1, and packetdrill stops
             * at a command that fails (run_command_event) */
            verdict(r, PD_FAIL, e, "sysctl -w %s=%ld: EINVAL (FreeBSD refuses the value)",
                    cmd.name, cmd.value);
            return -1;
        }
        return 0;
    }
    case SH_LIST: {
        char msg[200];
        int md5 = 0;
        int status = pd_shell_run(&cmd.list, msg, sizeof msg, &md5);
        r->tcp_md5 |= md5;
        if (status != 0) {
            /* packetdrill: a command that exits non-zero ends the script
             * (run_command_event; the init command's too, run_script) */
            verdict(r, PD_FAIL, e, "%s command failed (exit status %d): %s",
                    e->untimed == PD_UNTIMED_INIT ? "the init"
                    : e->untimed == PD_UNTIMED_CLEANUP ? "the cleanup" : "a shell", status, msg);
            return -1;
        }
        return 0;
    }
    case SH_SOCKSTAT: {
        int n = pd_stack_count_state(&r->st, (tcpfsm_state)cmd.state);
        if (n != cmd.value) {
            verdict(r, PD_FAIL, e, "%d socket(s) in %s, expected %ld", n,
                    tcpfsm_state_name((tcpfsm_state)cmd.state), cmd.value);
            return -1;
        }
        return 0;
    }
    case SH_TCPDROP_TW:
        pd_stack_drop_time_wait(&r->st);
        return 0;
    }
    return 0;
}

/* --- %{ assert tcpi_... }% ----------------------------------------------- */

typedef struct {
    int  is_state;   /* tcpi_state == TCPI_X, else tcpi_options == N */
    int  state;
    long options;
} code_check;

/* `(TCPI_OPT_TIMESTAMPS | TCPI_OPT_SACK | ...)`: FreeBSD's TCPI_OPT_*
 * (sys/netinet/tcp.h), or'ed. */
static int parse_tcpi_option_names(const char *p, long *value, char *why, unsigned why_len)
{
    static const struct { const char *name; long bit; } bits[] = {
        {"TCPI_OPT_TIMESTAMPS", 0x01}, {"TCPI_OPT_SACK", 0x02}, {"TCPI_OPT_WSCALE", 0x04},
        {"TCPI_OPT_ECN", 0x08}, {"TCPI_OPT_TOE", 0x10},
    };
    *value = 0;
    for (;;) {
        char name[40];
        int n = 0;
        size_t i;
        if (sscanf(p, " %39[A-Z_] %n", name, &n) != 1 || n == 0) {
            snprintf(why, why_len, "tcpi_options expression not understood: %.40s", p);
            return -1;
        }
        for (i = 0; i < sizeof bits / sizeof bits[0]; i++) {
            if (strcmp(name, bits[i].name) == 0) {
                *value |= bits[i].bit;
                break;
            }
        }
        if (i == sizeof bits / sizeof bits[0]) {
            snprintf(why, why_len, "unknown %s", name);
            return -1;
        }
        p += n;
        if (*p == ')') {
            return 0;
        }
        if (*p != '|') {
            snprintf(why, why_len, "tcpi_options expression not understood: %.40s", p);
            return -1;
        }
        p++;
    }
}

static int parse_code(const char *text, code_check *c, char *why, unsigned why_len)
{
    static const char *const names[TCPFSM_STATE_COUNT] = {
        "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
        "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"
    };
    char name[40];
    int i;
    memset(c, 0, sizeof *c);
    if (sscanf(text, " assert tcpi_state == TCPI_%39[A-Z_0-9]", name) == 1) {
        c->is_state = 1;
        for (i = 0; i < TCPFSM_STATE_COUNT; i++) {
            if (strcmp(name, names[i]) == 0) {
                c->state = i;
                return 0;
            }
        }
        snprintf(why, why_len, "unknown TCPI state %s", name);
        return -1;
    }
    if (sscanf(text, " assert tcpi_options == %li", &c->options) == 1) {
        return 0;
    }
    if (strstr(text, "assert tcpi_options == (") != NULL) {
        return parse_tcpi_option_names(strchr(text, '(') + 1, &c->options, why, why_len);
    }
    snprintf(why, why_len, "code not replayed: %.60s", text);
    return -1;
}

/* TCPI_OPT_* of FreeBSD's and Linux's tcp_info */
static long tcpi_options_of(uint8_t options)
{
    return ((options & TCPFSM_OPT_TIMESTAMP) != 0u ? 1 : 0)
         + ((options & TCPFSM_OPT_SACK_PERM) != 0u ? 2 : 0)
         + ((options & TCPFSM_OPT_WSCALE) != 0u ? 4 : 0)
         + ((options & PD_OPT_ECN) != 0u ? 8 : 0);
}

static int run_code(replay *r, const pd_event *e)
{
    code_check c;
    char why[160];
    if (parse_code(e->text, &c, why, sizeof why) != 0) {
        verdict(r, PD_SKIP, e, "%s", why);
        return -1;
    }
    if (c.is_state) {
        tcpfsm_state s = pd_stack_fd_state(&r->st, r->last_fd);
        if ((int)s != c.state) {
            verdict(r, PD_FAIL, e, "tcpi_state is %s, expected %s", tcpfsm_state_name(s),
                    tcpfsm_state_name((tcpfsm_state)c.state));
            return -1;
        }
        return 0;
    }
    {
        long got = tcpi_options_of(pd_stack_fd_options(&r->st, r->last_fd));
        if (got != c.options) {
            verdict(r, PD_FAIL, e, "tcpi_options is %ld, expected %ld", got, c.options);
            return -1;
        }
    }
    return 0;
}

/* --- system calls -------------------------------------------------------- */

static const char *const known_calls[] = {
    "socket", "bind", "listen", "connect", "accept", "write", "send", "read", "recv",
    "shutdown", "close", "fcntl", "getsockopt", "setsockopt",
};

/* send's and recv's flags, `|`-separated: MSG_PEEK (recv, soreceive_generic
 * copies and leaves the data), MSG_OOB (send: urgent data, tcp_usr_send's
 * PRUS_OOB; recv: the out-of-band byte, tcp_usr_rcvoob), or 0.  Returns 0
 * when a flag is none of those. */
static int msg_flags(const char *arg, int *peek, int *oob)
{
    const char *p = arg;
    *peek = 0;
    *oob = 0;
    for (;;) {
        size_t n;
        while (*p == ' ') {
            p++;
        }
        n = strcspn(p, " |");
        if (n == 7 && strncmp(p, "MSG_OOB", n) == 0) {
            *oob = 1;
        } else if (n == 8 && strncmp(p, "MSG_PEEK", n) == 0) {
            *peek = 1;
        } else if (!(n == 1 && *p == '0')) {
            return 0;
        }
        p += n;
        while (*p == ' ') {
            p++;
        }
        if (*p == '\0') {
            return 1;
        }
        if (*p++ != '|') {
            return 0;
        }
    }
}

/* What the model cannot represent, found before the script runs. */
static int check_syscall(const pd_syscall *c, char *why, unsigned why_len)
{
    int peek, oob;
    size_t i;
    int known = 0;
    for (i = 0; i < sizeof known_calls / sizeof known_calls[0]; i++) {
        known |= strcmp(c->name, known_calls[i]) == 0;
    }
    if (!known) {
        snprintf(why, why_len, "system call %s not replayed", c->name);
        return -1;
    }
    if (strcmp(c->name, "socket") == 0
        && (c->argc != 3 || strcmp(c->argv[1], "SOCK_STREAM") != 0)) {
        snprintf(why, why_len, "only TCP stream sockets are replayed");
        return -1;
    }
    if ((strcmp(c->name, "send") == 0 || strcmp(c->name, "recv") == 0) && c->argc > 3
        && (!msg_flags(c->argv[3], &peek, &oob) || (peek && strcmp(c->name, "send") == 0))) {
        snprintf(why, why_len, "%s flags %s not replayed (%s are)", c->name, c->argv[3],
                 strcmp(c->name, "send") == 0 ? "0 and MSG_OOB" : "0, MSG_PEEK, MSG_OOB");
        return -1;
    }
    if (strcmp(c->name, "shutdown") == 0 && (c->argc != 2 || strcmp(c->argv[1], "SHUT_WR") != 0)) {
        snprintf(why, why_len, "shutdown other than SHUT_WR not replayed");
        return -1;
    }
    if ((strcmp(c->name, "getsockopt") == 0 || strcmp(c->name, "setsockopt") == 0)
        && c->argc != 5) {
        snprintf(why, why_len, "%s with %d arguments", c->name, c->argc);
        return -1;
    }
    if ((strcmp(c->name, "getsockopt") == 0 || strcmp(c->name, "setsockopt") == 0)
        && pd_ip_sockopt_known(c->argv[2]) && strcmp(c->argv[1], "IPPROTO_IP") != 0
        && strcmp(c->argv[1], "IPPROTO_IPV6") != 0 && strcmp(c->argv[1], "IPPROTO_TCP") != 0
        && strcmp(c->argv[1], "SOL_SOCKET") != 0) {
        snprintf(why, why_len, "%s level %s not replayed", c->name, c->argv[1]);
        return -1;
    }
    if (strcmp(c->name, "getsockopt") == 0 && strcmp(c->argv[2], "SO_ERROR") != 0
        && strcmp(c->argv[2], "SO_RCVBUF") != 0 && !pd_sockopt_handles(0, c->argv[2])
        && !pd_ip_sockopt_known(c->argv[2])) {
        snprintf(why, why_len, "getsockopt %s not replayed", c->argv[2]);
        return -1;
    }
    if (strcmp(c->name, "setsockopt") == 0 && strcmp(c->argv[2], "SO_REUSEADDR") != 0
        && strcmp(c->argv[2], "TCP_NOOPT") != 0 && strcmp(c->argv[2], "TCP_NODELAY") != 0
        && strcmp(c->argv[2], "SO_LINGER") != 0 && !pd_sockopt_handles(1, c->argv[2])
        && !pd_ip_sockopt_known(c->argv[2])) {
        snprintf(why, why_len, "setsockopt %s not replayed", c->argv[2]);
        return -1;
    }
    if (strcmp(c->name, "fcntl") == 0 && (c->argc < 2 || (strcmp(c->argv[1], "F_GETFL") != 0
                                                        && strcmp(c->argv[1], "F_SETFL") != 0))) {
        snprintf(why, why_len, "fcntl other than F_GETFL/F_SETFL not replayed");
        return -1;
    }
    return 0;
}

static int fd_arg(replay *r, const pd_syscall *c, const pd_event *e, int *fd)
{
    long v;
    if (c->argc < 1 || !pd_arg_number(c->argv[0], &v) || v < 0 || v >= PD_MAX_FDS) {
        verdict(r, PD_SKIP, e, "%s: descriptor argument not understood", c->name);
        return -1;
    }
    *fd = (int)v;
    r->last_fd = *fd;
    return 0;
}

static int len_arg(replay *r, const pd_syscall *c, const pd_event *e, uint32_t *len)
{
    long v;
    if (c->argc < 3 || !pd_arg_number(c->argv[2], &v) || v < 0) {
        verdict(r, PD_SKIP, e, "%s: length argument not understood", c->name);
        return -1;
    }
    *len = (uint32_t)v;
    return 0;
}

/* SO_LINGER's value: {onoff=1, linger=0} and the like */
static int linger_zero(const char *arg)
{
    long onoff = 0, secs = -1;
    if (sscanf(arg, "{onoff=%ld, linger=%ld}", &onoff, &secs) == 2
        || sscanf(arg, "{onoff=%ld,linger=%ld}", &onoff, &secs) == 2) {
        return onoff != 0 && secs == 0;
    }
    return 0;
}

/* A system call that did not do what the script says: a FAIL, or under
 * --non_fatal=syscall a warning (packetdrill's end_syscall errors become
 * STATUS_WARN).  Returns -1 for a FAIL, 0 to go on. */
static int syscall_mismatch(replay *r, const pd_event *e, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (r->script.non_fatal_syscall) {
        warning(r, e, "%s", what);
        return 0;
    }
    verdict(r, PD_FAIL, e, "%s", what);
    return -1;
}

static int run_syscall(replay *r, const pd_event *e)
{
    pd_syscall c;
    pd_stack *st = &r->st;
    char why[160];
    const char *err = "";
    const char *unsupported = NULL;
    long got = 0;
    int fd = -1;
    uint32_t len;
    if (pd_syscall_parse(e->text, &c, why, sizeof why) != 0) {
        verdict(r, PD_SKIP, e, "%s", why);
        return -1;
    }
    if (strcmp(c.name, "socket") == 0) {
        got = pd_sys_socket(st, &err);
        if (got >= 0) {
            r->last_fd = (int)got;
        }
    } else {
        if (fd_arg(r, &c, e, &fd) != 0) {
            return -1;
        }
        if (strcmp(c.name, "bind") == 0) {
            got = pd_sys_bind(st, fd, &err);
        } else if (strcmp(c.name, "listen") == 0) {
            got = pd_sys_listen(st, fd, &err);
        } else if (strcmp(c.name, "connect") == 0) {
            if (e->has_end && r->blocked.active) {
                verdict(r, PD_SKIP, e, "a second blocking call while one is blocked");
                return -1;
            }
            got = pd_sys_connect(st, fd, e->has_end, &err, &unsupported);
            if (got == -1 && err[0] == '\0' && unsupported == NULL) {
                /* it blocks: the script goes on, and the call's return is
                 * checked when it comes (check_blocked) */
                pd_conn *bc = pd_stack_conn_of(st, fd);
                r->blocked.active = bc != NULL;
                r->blocked.line = e->line;
                r->blocked.conn = st->socks[fd].conn;
                r->blocked.result = c.result;
                snprintf(r->blocked.err, sizeof r->blocked.err, "%s", c.err);
                r->blocked.end_us = e->end_offset_us;
                return 0;
            }
        } else if (strcmp(c.name, "accept") == 0) {
            got = pd_sys_accept(st, fd, &err);
            if (got >= 0) {
                r->last_fd = (int)got;
            }
        } else if (strcmp(c.name, "write") == 0 || strcmp(c.name, "send") == 0) {
            int peek = 0, oob = 0; /* send's flags, checked by check_syscall */
            if (len_arg(r, &c, e, &len) != 0) {
                return -1;
            }
            if (strcmp(c.name, "send") == 0 && c.argc > 3) {
                (void)msg_flags(c.argv[3], &peek, &oob);
            }
            got = pd_sys_write(st, fd, len, oob, &err, &unsupported);
        } else if (strcmp(c.name, "read") == 0 || strcmp(c.name, "recv") == 0) {
            int peek = 0, oob = 0; /* recv's flags, checked by check_syscall */
            if (len_arg(r, &c, e, &len) != 0) {
                return -1;
            }
            if (strcmp(c.name, "recv") == 0 && c.argc > 3) {
                (void)msg_flags(c.argv[3], &peek, &oob);
            }
            got = oob ? pd_sys_recv_oob(st, fd, len, peek, &err)
                      : pd_sys_read(st, fd, len, peek, &err, &unsupported);
        } else if (strcmp(c.name, "shutdown") == 0) {
            got = pd_sys_shutdown_wr(st, fd, &err);
        } else if (strcmp(c.name, "close") == 0) {
            got = pd_sys_close(st, fd, &err);
        } else if (strcmp(c.name, "fcntl") == 0) {
            if (strcmp(c.argv[1], "F_GETFL") == 0) {
                got = pd_sys_getfl(st, fd, &err);
            } else {
                got = pd_sys_setfl(st, fd, c.argc > 2 && strstr(c.argv[2], "O_NONBLOCK") != NULL,
                                   &err);
            }
        } else if (strcmp(c.name, "getsockopt") == 0) {
            if (!pd_sys_valid_fd(st, fd)) {
                got = -1;
                err = "EBADF";
            } else if (pd_sockopt_handles(0, c.argv[2])) {
                long want, have = 0;
                if (!pd_arg_number(c.argv[3], &want)) {
                    verdict(r, PD_SKIP, e, "%s value not understood", c.argv[2]);
                    return -1;
                }
                got = pd_sys_getsockopt(st, fd, c.argv[2], &have, &err, &unsupported);
                if (got == 0 && have != want
                    && syscall_mismatch(r, e, "%s is %ld, expected %ld", c.argv[2], have, want)) {
                    return -1;
                }
            } else if (pd_ip_sockopt_known(c.argv[2])) {
                long want, have = 0;
                if (!pd_arg_number(c.argv[3], &want)) {
                    verdict(r, PD_SKIP, e, "%s value not understood", c.argv[2]);
                    return -1;
                }
                got = pd_ip_getsockopt(st, fd, c.argv[1], c.argv[2], &have, &err);
                if (got == 0 && have != want
                    && syscall_mismatch(r, e, "%s is %ld, expected %ld", c.argv[2], have, want)) {
                    return -1;
                }
            } else if (strcmp(c.argv[2], "SO_ERROR") == 0) {
                const char *pending = pd_sys_so_error(st, fd);
                char want[PD_ARG_LEN];
                size_t n = strlen(c.argv[3]);
                if (n < 2 || c.argv[3][0] != '[' || c.argv[3][n - 1] != ']') {
                    verdict(r, PD_SKIP, e, "SO_ERROR value not understood");
                    return -1;
                }
                memcpy(want, c.argv[3] + 1, n - 2);
                want[n - 2] = '\0';
                if (!same_errno(pending, want)
                    && syscall_mismatch(r, e, "SO_ERROR is %s, expected %s", pending, want)) {
                    return -1;
                }
            } else {
                long want;
                long have = pd_sys_rcvbuf(st, fd);
                if (!pd_arg_number(c.argv[3], &want)) {
                    verdict(r, PD_SKIP, e, "SO_RCVBUF value not understood");
                    return -1;
                }
                if (have != want
                    && syscall_mismatch(r, e, "SO_RCVBUF is %ld, expected %ld", have, want)) {
                    return -1;
                }
            }
        } else if (strcmp(c.name, "setsockopt") == 0) {
            long v = 0;
            if (!pd_sys_valid_fd(st, fd)) {
                got = -1;
                err = "EBADF";
            } else if (strcmp(c.argv[2], "SO_REUSEADDR") == 0) {
                got = 0; /* every script has its own addresses */
            } else if (strcmp(c.argv[2], "SO_LINGER") == 0) {
                st->socks[fd].linger_zero = linger_zero(c.argv[3]);
            } else if (!pd_arg_number(c.argv[3], &v)) {
                verdict(r, PD_SKIP, e, "%s value not understood", c.argv[2]);
                return -1;
            } else if (pd_ip_sockopt_known(c.argv[2])) {
                got = pd_ip_setsockopt(st, fd, c.argv[1], c.argv[2], v, &err);
            } else if (pd_sockopt_handles(1, c.argv[2])) {
                got = pd_sys_setsockopt(st, fd, c.argv[2], v, &err, &unsupported);
            } else if (strcmp(c.argv[2], "TCP_NOOPT") == 0) {
                if (st->socks[fd].kind != PD_SOCK_NEW) {
                    verdict(r, PD_SKIP, e, "TCP_NOOPT after the connection began");
                    return -1;
                }
                st->socks[fd].noopt = v != 0;
            } else { /* TCP_NODELAY */
                st->socks[fd].nodelay = v != 0;
                if (st->socks[fd].kind == PD_SOCK_CONN) {
                    tcpfsm_set_nodelay(&st->conns[st->socks[fd].conn].conn, v != 0);
                }
            }
        }
    }
    if (unsupported != NULL) {
        verdict(r, PD_SKIP, e, "%s", unsupported);
        return -1;
    }
    if ((strcmp(c.name, "getsockopt") == 0 || strcmp(c.name, "setsockopt") == 0)
        && strcmp(c.argv[2], "TCP_MD5SIG") == 0) {
        r->tcp_md5 = 1;
    }
    if (st->limit[0] != '\0') {
        verdict(r, PD_FAIL, e, "core limit: %s", st->limit);
        return -1;
    }
    if (got != c.result) {
        return syscall_mismatch(r, e, "%s %s%sreturned %ld%s%s, expected %ld%s%s", c.name,
                                strstr(c.name, "sockopt") != NULL ? c.argv[2] : "",
                                strstr(c.name, "sockopt") != NULL ? " " : "", got,
                                got == -1 ? " " : "", got == -1 ? err : "", c.result,
                                c.result == -1 ? " " : "", c.err);
    }
    if (got == -1 && !same_errno(err, c.err)) {
        return syscall_mismatch(r, e, "%s failed with %s, expected %s", c.name, err, c.err);
    }
    /* a call given an end time that returned at once: packetdrill checks
     * its return against that time all the same */
    if (e->has_end && (st->now_us > e->end_offset_us + r->script.tolerance_us
                       || st->now_us < e->end_offset_us - r->script.tolerance_us)) {
        verdict(r, PD_FAIL, e, "%s returned at %.6f s, expected at %.6f s", c.name,
                (double)st->now_us / 1e6, (double)e->end_offset_us / 1e6);
        return -1;
    }
    return 0;
}

/* --- packets --------------------------------------------------------------- */

/* A TCP-MD5 signature option (RFC 2385 §3.0: kind 19, length 18, a
 * 16-byte digest), which the codec does not build: put after the codec's
 * options, behind two NOPs as packetdrill's scripts lay it out, the header
 * grown by 20 bytes and the checksum computed again.  The digest is the
 * line's (`md5 <hex>`) or zeros: the kernel modelled has no TCP-MD5 to
 * check one (shell.h), so `md5 valid` is not computed.  -1: no room. */
static int add_md5_option(const pd_packet *p, const tcpfsm_wire_addrs *addrs, uint8_t *bytes,
                          uint32_t *written)
{
    uint32_t hl = (uint32_t)(bytes[12] >> 4) * 4u;
    uint16_t sum;
    uint8_t opt[20] = {TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_NOP, 19u, 18u};
    if (hl + sizeof opt > TCPFSM_WIRE_MAX_HEADER) {
        return -1;
    }
    if (p->md5 == PD_MD5_DIGEST) {
        memcpy(opt + 4, p->md5_digest, sizeof p->md5_digest);
    }
    memmove(bytes + hl + sizeof opt, bytes + hl, *written - hl);
    memcpy(bytes + hl, opt, sizeof opt);
    *written += (uint32_t)sizeof opt;
    bytes[12] = (uint8_t)((((hl + sizeof opt) / 4u) << 4) | (bytes[12] & 0x0fu));
    bytes[16] = 0u;
    bytes[17] = 0u;
    sum = tcpfsm_wire_checksum(addrs, bytes, *written);
    bytes[16] = (uint8_t)(sum >> 8);
    bytes[17] = (uint8_t)sum;
    return 0;
}

static int inject(replay *r, const pd_event *e, const pd_packet *p)
{
    static uint8_t payload[65536];
    static uint8_t bytes[65536 + TCPFSM_WIRE_MAX_HEADER + 20];
    pd_stack *st = &r->st;
    pd_ip_in in;
    tcpfsm_wire_segment w, parsed;
    tcpfsm_wire_addrs addrs;
    uint32_t written = 0, k, ack_offset = st->live_local_isn - st->script_local_isn;
    int i;
    if (p->len > sizeof payload) {
        verdict(r, PD_SKIP, e, "payload longer than 65536 bytes");
        return -1;
    }
    memset(&w, 0, sizeof w);
    w.src_port = PD_REMOTE_PORT;
    w.dst_port = PD_LOCAL_PORT;
    w.seq = p->seq;           /* the peer's numbers are the script's own */
    w.ack = (p->flags & TCPFSM_ACK) != 0u ? p->ack + ack_offset : p->ack;
    w.window = (uint16_t)p->win;
    w.flags = p->flags;
    w.urgent = p->urg_ptr; /* as written, URG or not (new_tcp_packet) */
    w.options = p->options;
    w.mss = p->mss;
    w.wscale = p->wscale;
    w.ts_val = p->ts_val;
    w.ts_ecr = p->ts_ecr;
    w.payload_len = p->len;
    w.sack_count = p->sack_count;
    for (k = 0; k < p->sack_count; k++) {
        w.sack[k].left = p->sack[k].left + ack_offset;
        w.sack[k].right = p->sack[k].right + ack_offset;
    }
    /* packetdrill maps the TS ecr of an ACK back to the TS val we sent,
     * unless the line writes it `ecr N!` (FLAG_ABSOLUTE_TS_ECR) */
    if ((p->flags & TCPFSM_ACK) != 0u && (p->options & TCPFSM_OPT_TIMESTAMP) != 0u
        && !p->ts_ecr_absolute) {
        int found = 0;
        for (i = 0; i < st->ts_map_count; i++) {
            if (st->ts_script[i] == p->ts_ecr) {
                w.ts_ecr = st->ts_live[i];
                found = 1;
            }
        }
        if (!found) {
            verdict(r, PD_FAIL, e, "TS ecr %u echoes no TS val the stack was seen to send",
                    p->ts_ecr);
            return -1;
        }
    }
    /* through the codec both ways, as a real segment would go */
    pd_stack_addrs(st, 0, &addrs);
    if (tcpfsm_wire_build(&w, payload, &addrs, bytes, sizeof bytes, &written) != TCPFSM_OK) {
        verdict(r, PD_SKIP, e, "the codec cannot build this segment (options too long?)");
        return -1;
    }
    if (p->md5 != 0) {
        r->tcp_md5 = 1;
        if (add_md5_option(p, &addrs, bytes, &written) != 0) {
            verdict(r, PD_SKIP, e, "no room for the TCP-MD5 option beside the codec's");
            return -1;
        }
    }
    if (tcpfsm_wire_parse(bytes, written, &addrs, &parsed) != TCPFSM_OK) {
        verdict(r, PD_FAIL, e, "the codec cannot parse the segment it built");
        return -1;
    }
    /* the IP header the line describes (`<[ce]`, `(tos 0x28)`, `(ttl 3)`:
     * the IP layer hands the ECN field over with the segment), and the UDP
     * header of `/udp(a > b)` */
    memset(&in, 0, sizeof in);
    in.tos = p->ip.tos_check != PD_TOS_NONE ? p->ip.tos : 0u;
    in.ttl = p->ip.ttl_given ? p->ip.ttl : 64u;
    in.md5 = p->md5 != 0;
    if (p->udp_given) {
        in.udp_src = p->udp_src;
        in.udp_dst = p->udp_dst;
    }
    pd_stack_inbound(st, &parsed, &in);
    return 0;
}

static int expect(replay *r, const pd_event *e, const pd_packet *p)
{
    pd_stack *st = &r->st;
    pd_emitted got;
    char why[256], want_text[300], got_text[300];
    int64_t tol = r->script.tolerance_us;
    pd_when when;
    when.any = e->time_kind == PD_TIME_ANY;
    when.from_us = e->time_us;
    when.to_us = e->has_range ? e->end_offset_us : e->time_us;
    if (st->q_count == 0) {
        /* wait, in virtual time, for a deadline that sends something: to
         * the end of the line's time and its tolerance, or, for `*`, as
         * long as a timer is left (packetdrill waits without bound; a
         * day of virtual time stands for that) */
        pd_stack_advance(st, when.any ? st->now_us + 86400000000LL : when.to_us + tol, 1);
    }
    {
        char ip[64], tcp[160], udp[32];
        pd_ip_info_format(&p->ip, r->script.ipv6, ip, sizeof ip);
        pd_packet_format(p, tcp, sizeof tcp);
        pd_udp_format(p, udp, sizeof udp);
        snprintf(want_text, sizeof want_text, "%s%s%s%s", ip, ip[0] != '\0' ? " " : "", tcp, udp);
    }
    if (!pd_stack_pop(st, &got)) {
        verdict(r, PD_FAIL, e, "expected %s at %.3f s, nothing was sent", want_text,
                (double)e->time_us / 1e6);
        return -1;
    }
    /* checked first: the check learns our ISN, which the printing uses */
    r->seen_us = got.time_us;
    if (p->md5 != 0) {
        r->tcp_md5 = 1;
    }
    if (pd_check_outbound(st, p, &when, tol, &got, why, sizeof why) != 0) {
        pd_format_emitted(st, &got, p, got_text, sizeof got_text);
        if (r->script.non_fatal_packet) {
            /* verify_outbound_live_packet: STATUS_WARN under
             * --non_fatal=packet; the segment is taken all the same */
            warning(r, e, "expected %s, sent %s: %s", want_text, got_text, why);
            return 0;
        }
        verdict(r, PD_FAIL, e, "expected %s, sent %s: %s", want_text, got_text, why);
        return -1;
    }
    if (r->opt->verbose) {
        pd_format_emitted(st, &got, p, got_text, sizeof got_text);
        printf("         %.6f sent %s\n", (double)got.time_us / 1e6, got_text);
    }
    return 0;
}

/* An ICMP error about one of our segments (icmp_line.h), built as it
 * would arrive and decoded by the codec. */
static int inject_icmp(replay *r, const pd_event *e)
{
    pd_stack *st = &r->st;
    pd_icmp icmp;
    tcpfsm_wire_addrs ours;
    uint8_t bytes[128];
    uint32_t len;
    char why[160];
    if (pd_icmp_parse(e->text, r->script.ipv6, &icmp, why, sizeof why) != 0) {
        verdict(r, PD_SKIP, e, "%s", why);
        return -1;
    }
    pd_stack_addrs(st, 1, &ours); /* the quoted segment went from us to the peer */
    len = pd_icmp_build(&icmp, &ours, PD_LOCAL_PORT, PD_REMOTE_PORT,
                        st->live_local_isn - st->script_local_isn, bytes, sizeof bytes);
    if (len == 0u) {
        verdict(r, PD_FAIL, e, "the ICMP message does not fit");
        return -1;
    }
    pd_stack_icmp(st, bytes, len);
    return 0;
}

static int run_packet(replay *r, const pd_event *e)
{
    pd_packet p;
    char why[160];
    if (pd_icmp_line(e->text)) {
        return inject_icmp(r, e);
    }
    if (pd_packet_parse(e->text, &p, why, sizeof why) != 0) {
        verdict(r, PD_SKIP, e, "%s", why);
        return -1;
    }
    return p.outbound ? expect(r, e, &p) : inject(r, e, &p);
}

/* Every line must be understood before anything runs: a script is never
 * half-replayed into a FAIL that an unreadable later line would have made
 * a SKIP. */
static int prepass(replay *r)
{
    int i;
    char why[200];
    for (i = 0; i < r->script.count; i++) {
        const pd_event *e = &r->script.events[i];
        int bad = 0;
        switch (e->kind) {
        case PD_EV_PACKET: {
            pd_packet p;
            pd_icmp icmp;
            if (pd_icmp_line(e->text)) {
                bad = pd_icmp_parse(e->text, r->script.ipv6, &icmp, why, sizeof why) != 0;
            } else {
                bad = pd_packet_parse(e->text, &p, why, sizeof why) != 0;
                if (!bad && p.outbound && p.ip.flowlabel_given) {
                    /* packetdrill's verify_outbound_live_ipv6_flowlabel
                     * checks a label FreeBSD draws at random
                     * (net.inet6.ip6.auto_flowlabel: in6_pcbconnect_mbuf,
                     * syncache_add); the stack gives its segments none */
                    snprintf(why, sizeof why, "a flow label on a `>` line: FreeBSD's automatic "
                                              "IPv6 flow labels are not modelled");
                    bad = 1;
                }
            }
            break;
        }
        case PD_EV_SYSCALL: {
            pd_syscall c;
            bad = pd_syscall_parse(e->text, &c, why, sizeof why) != 0
               || check_syscall(&c, why, sizeof why) != 0;
            break;
        }
        case PD_EV_SHELL: {
            shell_cmd cmd;
            bad = parse_shell(e->text, &cmd, why, sizeof why) != 0;
            break;
        }
        case PD_EV_CODE: {
            code_check c;
            bad = parse_code(e->text, &c, why, sizeof why) != 0;
            break;
        }
        }
        if (bad) {
            verdict(r, PD_SKIP, e, "%s", why);
            return -1;
        }
    }
    return 0;
}

/* --- times and blocking calls ---------------------------------------------- */

/* An event's script time, now that the one before it has happened: as
 * packetdrill's adjust_relative_event_times (run.c) does, a relative time
 * counts from the previous event, `*` is whenever it happens (now), and
 * the end of a range or of a blocking call moves with its start. */
static void event_times(const replay *r, pd_event *ev, int64_t last_us)
{
    int64_t base = ev->time_kind == PD_TIME_RELATIVE ? last_us : 0;
    if (ev->time_kind == PD_TIME_ANY) {
        ev->time_us = r->st.now_us;
        return;
    }
    ev->time_us = base + ev->offset_us;
    if (ev->has_range || ev->has_end) {
        ev->end_offset_us = base + ev->end_offset_us;
    }
}

/* Has the blocking call returned, and as the script says, at its end time
 * (verify_time on the "system call return")?  At the end of the script
 * (final) it must have. */
static int check_blocked(replay *r, const pd_event *e, int final)
{
    const pd_conn *c;
    int64_t tol = r->script.tolerance_us;
    pd_event at;
    if (!r->blocked.active) {
        return 0;
    }
    c = &r->st.conns[r->blocked.conn];
    memset(&at, 0, sizeof at);
    at.line = r->blocked.line;
    if (!c->used || !c->connecting || !c->connect_done) {
        if (final) {
            verdict(r, PD_FAIL, &at, "connect has not returned, expected at %.6f s",
                    (double)r->blocked.end_us / 1e6);
            return -1;
        }
        (void)e;
        return 0;
    }
    r->blocked.active = 0;
    if (c->connect_err == NULL ? r->blocked.result != 0
                               : r->blocked.result != -1 || !same_errno(c->connect_err, r->blocked.err)) {
        verdict(r, PD_FAIL, &at, "connect returned %s at %.6f s, expected %ld%s%s",
                c->connect_err == NULL ? "0" : c->connect_err, (double)c->connect_done_us / 1e6,
                r->blocked.result, r->blocked.result == -1 ? " " : "", r->blocked.err);
        return -1;
    }
    if (c->connect_done_us > r->blocked.end_us + tol || c->connect_done_us < r->blocked.end_us - tol) {
        verdict(r, PD_FAIL, &at, "connect returned at %.6f s, expected at %.6f s (tolerance %.3f s)",
                (double)c->connect_done_us / 1e6, (double)r->blocked.end_us / 1e6,
                (double)tol / 1e6);
        return -1;
    }
    return 0;
}

void pd_replay_file(const char *path, const pd_options *opt, pd_result *res)
{
    replay *r = calloc(1, sizeof *r);
    int i;
    memset(res, 0, sizeof *res);
    if (r == NULL) {
        res->verdict = PD_SKIP;
        snprintf(res->reason, sizeof res->reason, "out of memory");
        return;
    }
    r->opt = opt;
    r->res = res;
    r->last_fd = -1;
    if (pd_script_load(path, opt->defines, opt->ndefines, &r->script) != 0
        || r->script.skip[0] != '\0') {
        verdict(r, PD_SKIP, NULL, "%s", r->script.skip);
        pd_script_free(&r->script);
        free(r);
        return;
    }
    pd_stack_init(&r->st, r->script.ipv6, r->script.mtu);
    r->st.udp_encaps = r->script.udp_encaps;
    r->tcp_md5 = r->script.md5_secret;
    res->verdict = PD_PASS;
    if (prepass(r) == 0) {
        int64_t last_us = 0;
        for (i = 0; i < r->script.count; i++) {
            pd_event ev = r->script.events[i];
            const pd_event *e = &ev;
            int failed;
            event_times(r, &ev, last_us);
            if (opt->verbose) {
                printf("  %4d %.6f %s\n", e->line, (double)e->time_us / 1e6, e->text);
            }
            if (!(e->kind == PD_EV_PACKET && strchr(e->text, '>') == e->text)) {
                pd_stack_advance(&r->st, e->time_us, 0);
            }
            failed = check_blocked(r, e, 0);
            if (failed == 0) {
                switch (e->kind) {
                case PD_EV_PACKET: failed = run_packet(r, e); break;
                case PD_EV_SYSCALL: failed = run_syscall(r, e); break;
                case PD_EV_SHELL: failed = run_shell(r, e); break;
                default: failed = run_code(r, e); break;
                }
            }
            if (failed == 0) {
                failed = check_blocked(r, e, 0);
            }
            if (failed == 0 && r->st.skip[0] != '\0') {
                /* the stack met what the replayer does not model */
                verdict(r, PD_SKIP, e, "%s", r->st.skip);
                failed = 1;
            }
            if (failed == 0 && r->st.fault[0] != '\0') {
                verdict(r, PD_FAIL, e, "replayer fault: %s", r->st.fault);
                failed = 1;
            }
            if (failed == 0 && r->st.limit[0] != '\0') {
                /* the script is understood; the core cannot do it */
                verdict(r, PD_FAIL, e, "core limit: %s", r->st.limit);
                failed = 1;
            }
            if (failed) {
                break;
            }
            /* what the next relative time counts from: this event's
             * script time, or, for a `*` or ranged `>` line, the time its
             * segment left (packetdrill: the live time it was seen) */
            last_us = e->kind == PD_EV_PACKET && strchr(e->text, '>') == e->text
                   && (e->time_kind == PD_TIME_ANY || e->has_range) ? r->seen_us : e->time_us;
            res->checked++;
        }
        /* a blocking call still waiting when the script ends */
        if (res->verdict == PD_PASS && r->blocked.active) {
            pd_stack_advance(&r->st, r->blocked.end_us + r->script.tolerance_us, 0);
            (void)check_blocked(r, NULL, 1);
        }
    }
    if (res->verdict == PD_FAIL && r->unmapped[0] != '\0') {
        size_t n = strlen(res->reason);
        snprintf(res->reason + n, sizeof res->reason - n,
                 " [FreeBSD setting without a tcpfsm knob: %s]", r->unmapped);
    }
    if (res->verdict == PD_FAIL && r->tcp_md5 && strstr(res->reason, "TCP-MD5") == NULL) {
        size_t n = strlen(res->reason);
        snprintf(res->reason + n, sizeof res->reason - n, " [" NO_TCP_MD5 "]");
    }
    pd_script_free(&r->script);
    free(r);
}
