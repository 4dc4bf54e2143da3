/* SPDX-License-Identifier: BSD-2-Clause */
/* Shell command lists and the programs they run (shell.h). */
#include "shell.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define OUT_LEN 512

/* One command: words [first, last]. */
typedef struct {
    const pd_shell *sh;
    int             first, count;
} command;

static const char *word(const command *c, int i)
{
    return c->sh->pool + c->sh->word[c->first + i];
}

/* What a command did: its status, its standard output, and an error. */
typedef struct {
    int  status;
    char out[OUT_LEN];
    char err[160];
    int  unsupported;  /* the replayer cannot say what it would do */
    int  tcp_md5;
} result;

static void say(result *r, int status, const char *what)
{
    r->status = status;
    snprintf(r->err, sizeof r->err, "%s", what);
}

static void echo(const command *c, result *r)
{
    int i = 1, n = 0, newline = 1;
    if (c->count > 1 && strcmp(word(c, 1), "-n") == 0) {
        newline = 0;
        i = 2;
    }
    r->out[0] = '\0';
    for (; i < c->count; i++) {
        n += snprintf(r->out + n, sizeof r->out - (unsigned)n, "%s%s", i > 1 ? " " : "",
                      word(c, i));
        if ((unsigned)n >= sizeof r->out) {
            r->unsupported = 1;
            return;
        }
    }
    if (newline && (unsigned)n + 1 < sizeof r->out) {
        r->out[n] = '\n';
        r->out[n + 1] = '\0';
    }
    r->status = 0;
}

/* kldstat(8): -m NAME and -n NAME ask about one module or file; the
 * kernel modelled has none loaded beyond itself. */
static void kldstat(const command *c, result *r)
{
    int i, named = 0;
    for (i = 1; i < c->count; i++) {
        if (strcmp(word(c, i), "-q") == 0 || strcmp(word(c, i), "-v") == 0) {
            continue;
        }
        if ((strcmp(word(c, i), "-m") == 0 || strcmp(word(c, i), "-n") == 0) && i + 1 < c->count) {
            named = 1;
            i++;
            continue;
        }
        r->unsupported = 1;
        return;
    }
    if (named) {
        say(r, 1, "kldstat: no such module loaded");
    } else {
        r->status = 0;
    }
}

/* kldload(8): nothing can be loaded into the kernel modelled; tcpmd5, the
 * TCP-MD5 module (netipsec/xform_tcp.c), least of all. */
static void kldload(const command *c, result *r)
{
    int i;
    char what[128];
    for (i = 1; i < c->count && word(c, i)[0] == '-'; i++) {
        if (strcmp(word(c, i), "-n") != 0 && strcmp(word(c, i), "-q") != 0
            && strcmp(word(c, i), "-v") != 0) {
            r->unsupported = 1;
            return;
        }
    }
    if (i >= c->count) {
        r->unsupported = 1;
        return;
    }
    if (strcmp(word(c, i), "tcpmd5") == 0) {
        r->tcp_md5 = 1;
        say(r, 1, "kldload: can't load tcpmd5: the kernel has no TCP-MD5 (tcpfsm has no "
                  "TCP-MD5, RFC 2385)");
        return;
    }
    snprintf(what, sizeof what, "kldload: can't load %.60s: no such module", word(c, i));
    say(r, 1, what);
}

/* One setkey(8) statement read from its input, its words split: `add src
 * dst proto spi -A tcp-md5 key`, `flush`, `spdflush`. */
static int setkey_statement(char *text, result *r)
{
    char *w[16];
    int n = 0;
    char *p = text;
    while (*p != '\0' && n < 16) {
        while (isspace((unsigned char)*p)) {
            p++;
        }
        if (*p == '\0') {
            break;
        }
        if (*p == '"') {
            char *end = strchr(p + 1, '"');
            if (end == NULL) {
                return -1;
            }
            w[n++] = p;
            p = end + 1;
        } else {
            w[n++] = p;
            while (*p != '\0' && !isspace((unsigned char)*p)) {
                p++;
            }
        }
        if (*p != '\0') {
            *p++ = '\0';
        }
    }
    if (n == 0) {
        return 0;
    }
    if ((strcmp(w[0], "flush") == 0 || strcmp(w[0], "spdflush") == 0) && n == 1) {
        return 0;
    }
    /* add src dst upperspec spi -A tcp-md5 key: a TCP-MD5 security
     * association (setkey(8), "tcp-md5" is its authentication algorithm
     * for RFC 2385); the SA database keeps it, and nothing reads it */
    if (strcmp(w[0], "add") == 0 && n == 8 && strcmp(w[3], "tcp") == 0
        && strcmp(w[5], "-A") == 0 && strcmp(w[6], "tcp-md5") == 0) {
        r->tcp_md5 = 1;
        return 0;
    }
    return -1;
}

static void setkey(const command *c, const char *in, result *r)
{
    char input[OUT_LEN];
    char *p, *semi;
    if (c->count == 2 && (strcmp(word(c, 1), "-F") == 0 || strcmp(word(c, 1), "-FP") == 0)) {
        r->status = 0; /* the SA (or SP) database flushed */
        return;
    }
    if (c->count != 2 || strcmp(word(c, 1), "-c") != 0 || in == NULL) {
        r->unsupported = 1;
        return;
    }
    snprintf(input, sizeof input, "%s", in);
    for (p = input; *p != '\0'; p = semi + 1) {
        semi = strchr(p, ';');
        if (semi == NULL) {
            /* what follows the last `;` must be blank */
            while (isspace((unsigned char)*p)) {
                p++;
            }
            if (*p != '\0') {
                r->unsupported = 1;
            }
            break;
        }
        *semi = '\0';
        if (setkey_statement(p, r) != 0) {
            r->unsupported = 1;
            return;
        }
    }
    r->status = 0;
}

static void run_command(const command *c, const char *in, result *r)
{
    const char *prog = word(c, 0);
    memset(r, 0, sizeof *r);
    if (strcmp(prog, "echo") == 0) {
        echo(c, r);
    } else if (strcmp(prog, "kldstat") == 0) {
        kldstat(c, r);
    } else if (strcmp(prog, "kldload") == 0) {
        kldload(c, r);
    } else if (strcmp(prog, "setkey") == 0) {
        setkey(c, in, r);
    } else if (strcmp(prog, "true") == 0 && c->count == 1) {
        r->status = 0;
    } else if (strcmp(prog, "false") == 0 && c->count == 1) {
        say(r, 1, "false");
    } else {
        r->unsupported = 1;
    }
}

/* Run the list: sh's `;`, `&&`, `||` between pipelines, `|` within one (the
 * pipeline's status is its last command's).  Returns -1 when a command
 * cannot be judged, else the status. */
static int run_list(const pd_shell *sh, char *msg, unsigned msg_len, int *tcp_md5)
{
    int i = 0, status = 0;
    char joined = ';';        /* what joined this pipeline to the one before */
    char out[OUT_LEN];
    int have_out = 0;
    if (msg_len > 0u) {
        msg[0] = '\0';
    }
    while (i < sh->nwords) {
        command c;
        result r;
        int skip = (joined == '&' && status != 0) || (joined == 'o' && status == 0);
        c.sh = sh;
        c.first = i;
        c.count = 0;
        while (i < sh->nwords) {
            c.count++;
            if (sh->end[i++] != 0) {
                break;
            }
        }
        if (!skip) {
            run_command(&c, have_out ? out : NULL, &r);
            if (r.unsupported) {
                snprintf(msg, msg_len, "shell command not replayed: %.60s", word(&c, 0));
                return -1;
            }
            *tcp_md5 |= r.tcp_md5;
            status = r.status;
            if (status != 0 && r.err[0] != '\0') {
                snprintf(msg, msg_len, "%s", r.err);
            }
            memcpy(out, r.out, sizeof out);
        } else {
            out[0] = '\0';
        }
        have_out = sh->end[i - 1] == '|';
        if (!have_out) {
            joined = sh->end[i - 1];
        } else if (skip) {
            continue; /* the rest of a skipped pipeline is skipped too */
        }
        if (!have_out && status == 0 && msg_len > 0u) {
            msg[0] = '\0';
        }
    }
    return status;
}

int pd_shell_parse(const char *text, pd_shell *sh, char *why, unsigned why_len)
{
    const char *p = text;
    int used = 0, tcp_md5 = 0;
    char msg[160];
    memset(sh, 0, sizeof *sh);
    for (;;) {
        char quote = 0;
        int start = used;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0') {
            break;
        }
        if (*p == ';' || *p == '\n' || *p == '|' || *p == '&') {
            char op = *p == '\n' ? ';' : *p;
            if (op == '&' || (op == '|' && p[1] == '|')) {
                if (p[1] != op) {
                    snprintf(why, why_len, "shell syntax not replayed: %.40s", p);
                    return -1;
                }
                op = op == '&' ? '&' : 'o';
                p++;
            }
            p++;
            if (sh->nwords == 0 || sh->end[sh->nwords - 1] != 0) {
                if (op == ';' && (sh->nwords == 0 || sh->end[sh->nwords - 1] == ';')) {
                    continue; /* empty commands: blank lines, `;;` */
                }
                snprintf(why, why_len, "shell syntax not replayed: %.40s", text);
                return -1;
            }
            sh->end[sh->nwords - 1] = op;
            continue;
        }
        if (sh->nwords == PD_SHELL_WORDS) {
            snprintf(why, why_len, "shell command too long: %.40s", text);
            return -1;
        }
        /* a word, its quotes removed */
        while (*p != '\0' && (quote != 0 || strchr(" \t\n;|&", *p) == NULL)) {
            if (quote == 0 && (*p == '\'' || *p == '"')) {
                quote = *p++;
                continue;
            }
            if (quote != 0 && *p == quote) {
                quote = 0;
                p++;
                continue;
            }
            if (strchr(quote == '\'' ? "" : "$`\\", *p) != NULL
                || (quote == 0 && strchr("<>()*?[]{}~#", *p) != NULL)) {
                snprintf(why, why_len, "shell syntax not replayed: %.40s", p);
                return -1;
            }
            if (used + 2 >= PD_SHELL_POOL) {
                snprintf(why, why_len, "shell command too long: %.40s", text);
                return -1;
            }
            sh->pool[used++] = *p++;
        }
        if (quote != 0) {
            snprintf(why, why_len, "unterminated quote in %.40s", text);
            return -1;
        }
        sh->pool[used++] = '\0';
        sh->word[sh->nwords] = start;
        sh->end[sh->nwords] = 0;
        sh->nwords++;
    }
    if (sh->nwords == 0 || (sh->end[sh->nwords - 1] != 0 && sh->end[sh->nwords - 1] != ';')) {
        snprintf(why, why_len, "shell syntax not replayed: %.40s", text);
        return -1;
    }
    sh->end[sh->nwords - 1] = ';';
    /* every program must be one modelled: a dry run (they touch nothing) */
    if (run_list(sh, msg, sizeof msg, &tcp_md5) < 0) {
        snprintf(why, why_len, "%s", msg);
        return -1;
    }
    return 0;
}

int pd_shell_run(const pd_shell *sh, char *msg, unsigned msg_len, int *tcp_md5)
{
    *tcp_md5 = 0;
    return run_list(sh, msg, msg_len, tcp_md5);
}
