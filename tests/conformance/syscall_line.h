/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One system call line of a packetdrill script:
 *
 *     connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
 *     getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
 *
 * The arguments as text (`...` is "anything"), the expected result and,
 * for -1, the expected errno name.  A trailing parenthesis is a comment.
 */
#ifndef PD_SYSCALL_LINE_H
#define PD_SYSCALL_LINE_H

#define PD_MAX_ARGS 8
#define PD_ARG_LEN  64

typedef struct {
    char name[32];
    int  argc;
    char argv[PD_MAX_ARGS][PD_ARG_LEN];
    long result;
    char err[32]; /* errno name when result is -1, else "" */
} pd_syscall;

/* Returns 0, or -1 with the reason for a SKIP in `why`. */
int pd_syscall_parse(const char *text, pd_syscall *call, char *why, unsigned why_len);

/* An argument as a number: decimal, 0x hex, or `[n]` (a pointer to n);
 * n may be one of FreeBSD's IPTOS_* names (netinet/ip.h). */
int pd_arg_number(const char *arg, long *value);

#endif
