/* SPDX-License-Identifier: BSD-2-Clause */
/* Parsing a packetdrill system call line (syscall_line.h). */
#include "syscall_line.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *p)
{
    while (isspace((unsigned char)*p)) {
        p++;
    }
    return p;
}

int pd_arg_number(const char *arg, long *value)
{
    char inner[PD_ARG_LEN];
    char *end;
    size_t n = strlen(arg);
    if (n >= 2 && arg[0] == '[' && arg[n - 1] == ']') {
        memcpy(inner, arg + 1, n - 2);
        inner[n - 2] = '\0';
        arg = inner;
    }
    if (*arg == '\0') {
        return 0;
    }
    *value = strtol(arg, &end, 0);
    return *skip_space(end) == '\0';
}

int pd_syscall_parse(const char *text, pd_syscall *call, char *why, unsigned why_len)
{
    const char *p = skip_space(text);
    size_t n = 0;
    int depth = 0;
    char *end;
    memset(call, 0, sizeof *call);
    while (isalnum((unsigned char)*p) || *p == '_') {
        if (n + 1 >= sizeof call->name) {
            snprintf(why, why_len, "system call name too long");
            return -1;
        }
        call->name[n++] = *p++;
    }
    p = skip_space(p); /* the suite writes "write (3, ...)" too */
    if (n == 0 || *p != '(') {
        snprintf(why, why_len, "not a system call: %.40s", text);
        return -1;
    }
    p++;
    /* arguments, split at top-level commas */
    for (;;) {
        char arg[PD_ARG_LEN];
        size_t k = 0;
        p = skip_space(p);
        if (*p == ')' && call->argc == 0) {
            p++;
            break;
        }
        while (*p != '\0' && !(depth == 0 && (*p == ',' || *p == ')'))) {
            if (*p == '[' || *p == '{') {
                depth++;
            } else if (*p == ']' || *p == '}') {
                depth--;
            }
            if (k + 1 >= sizeof arg) {
                snprintf(why, why_len, "argument too long in %.40s", text);
                return -1;
            }
            arg[k++] = *p++;
        }
        while (k > 0 && isspace((unsigned char)arg[k - 1])) {
            k--;
        }
        arg[k] = '\0';
        if (*p == '\0' || call->argc == PD_MAX_ARGS) {
            snprintf(why, why_len, "malformed arguments in %.40s", text);
            return -1;
        }
        memcpy(call->argv[call->argc++], arg, k + 1);
        if (*p++ == ')') {
            break;
        }
    }
    p = skip_space(p);
    if (*p != '=') {
        snprintf(why, why_len, "system call without its result: %.40s", text);
        return -1;
    }
    p = skip_space(p + 1);
    call->result = strtol(p, &end, 0);
    if (end == p) {
        snprintf(why, why_len, "unsupported result in %.40s", text);
        return -1;
    }
    p = skip_space(end);
    if (call->result == -1) {
        n = 0;
        while (isalnum((unsigned char)*p) && n + 1 < sizeof call->err) {
            call->err[n++] = *p++;
        }
        call->err[n] = '\0';
        if (n == 0) {
            snprintf(why, why_len, "-1 without an errno in %.40s", text);
            return -1;
        }
        p = skip_space(p);
    }
    if (*p != '\0' && *p != '(') {
        snprintf(why, why_len, "unexpected text after the result: %.40s", p);
        return -1;
    }
    return 0;
}
