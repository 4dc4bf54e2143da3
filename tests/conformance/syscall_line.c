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

/* FreeBSD's names for TOS and traffic class values (netinet/ip.h), which
 * IP_TOS and IPV6_TCLASS take: RFC 2474's class selectors and RFC 2597's,
 * RFC 3246's and RFC 5865's code points in the upper six bits, RFC 3168's
 * ECN field in the lower two, RFC 1349's and RFC 791's older names. */
static int symbol_value(const char *name, long *value)
{
    static const struct { const char *name; long value; } symbols[] = {
        {"IPTOS_LOWDELAY", 0x10}, {"IPTOS_THROUGHPUT", 0x08}, {"IPTOS_RELIABILITY", 0x04},
        {"IPTOS_MINCOST", 0x02},
        {"IPTOS_PREC_NETCONTROL", 0xe0}, {"IPTOS_PREC_INTERNETCONTROL", 0xc0},
        {"IPTOS_PREC_CRITIC_ECP", 0xa0}, {"IPTOS_PREC_FLASHOVERRIDE", 0x80},
        {"IPTOS_PREC_FLASH", 0x60}, {"IPTOS_PREC_IMMEDIATE", 0x40},
        {"IPTOS_PREC_PRIORITY", 0x20}, {"IPTOS_PREC_ROUTINE", 0x00},
        {"IPTOS_DSCP_CS0", 0x00}, {"IPTOS_DSCP_CS1", 0x20}, {"IPTOS_DSCP_CS2", 0x40},
        {"IPTOS_DSCP_CS3", 0x60}, {"IPTOS_DSCP_CS4", 0x80}, {"IPTOS_DSCP_CS5", 0xa0},
        {"IPTOS_DSCP_CS6", 0xc0}, {"IPTOS_DSCP_CS7", 0xe0},
        {"IPTOS_DSCP_AF11", 0x28}, {"IPTOS_DSCP_AF12", 0x30}, {"IPTOS_DSCP_AF13", 0x38},
        {"IPTOS_DSCP_AF21", 0x48}, {"IPTOS_DSCP_AF22", 0x50}, {"IPTOS_DSCP_AF23", 0x58},
        {"IPTOS_DSCP_AF31", 0x68}, {"IPTOS_DSCP_AF32", 0x70}, {"IPTOS_DSCP_AF33", 0x78},
        {"IPTOS_DSCP_AF41", 0x88}, {"IPTOS_DSCP_AF42", 0x90}, {"IPTOS_DSCP_AF43", 0x98},
        {"IPTOS_DSCP_EF", 0xb8}, {"IPTOS_DSCP_VA", 0xb0},
        {"IPTOS_ECN_NOTECT", 0x00}, {"IPTOS_ECN_ECT1", 0x01}, {"IPTOS_ECN_ECT0", 0x02},
        {"IPTOS_ECN_CE", 0x03},
    };
    size_t i;
    for (i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        if (strcmp(name, symbols[i].name) == 0) {
            *value = symbols[i].value;
            return 1;
        }
    }
    return 0;
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
    arg = skip_space(arg);
    if (*arg == '\0') {
        return 0;
    }
    if (isalpha((unsigned char)*arg)) {
        char name[PD_ARG_LEN];
        size_t k = 0;
        while ((isalnum((unsigned char)arg[k]) || arg[k] == '_') && k + 1 < sizeof name) {
            name[k] = arg[k];
            k++;
        }
        name[k] = '\0';
        return *skip_space(arg + k) == '\0' && symbol_value(name, value);
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
