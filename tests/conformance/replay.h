/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Replaying one packetdrill script against the stack (stack.h), line by
 * line: PASS when every line held, FAIL at the first that did not, SKIP
 * when a line cannot be interpreted (found before anything runs, or when
 * the run reaches it).
 */
#ifndef PD_REPLAY_H
#define PD_REPLAY_H

typedef enum { PD_PASS = 0, PD_FAIL, PD_SKIP } pd_verdict;

typedef struct {
    pd_verdict verdict;
    int        checked;      /* events replayed */
    char       reason[768];  /* FAIL or SKIP: the line and what happened */
    int        warnings;     /* lines that did not hold under --non_fatal */
    char       warning[256]; /* the first of them */
} pd_result;

typedef struct {
    const char *defines[8];  /* names defined for #ifdef (STANDARD by default) */
    int         ndefines;
    int         verbose;     /* print every event and segment */
} pd_options;

void pd_replay_file(const char *path, const pd_options *opt, pd_result *res);

#endif
