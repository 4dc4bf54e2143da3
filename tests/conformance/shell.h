/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shell command lines beyond the one-liners replay.c knows (sysctl -w,
 * sockstat, tcpdrop): lists of simple commands joined by `;`, `&&`, `||`,
 * `|` and newlines, words plain or in single or double quotes, as the
 * suite's TCP-MD5 scripts set their keys up:
 *
 *     kldstat -q -m tcpmd5 || kldload tcpmd5; echo 'add ... -A tcp-md5
 *         "secret" ; ...' | setkey -c
 *
 * The programs are modelled on what they do on the kernel the replayer
 * stands for, a FreeBSD kernel with IPsec's key database (PF_KEY,
 * setkey) but without options TCP_SIGNATURE, whose tcpmd5 module cannot be
 * loaded: tcpfsm has no TCP-MD5 (RFC 2385).
 *
 * - echo: its words, joined, on its standard output;
 * - kldstat -m NAME (-q, -n NAME): 1, no such module is loaded;
 * - kldload NAME: 1, the kernel loads no module (for tcpmd5: no TCP-MD5);
 * - setkey -F, -FP: 0 (the databases flushed); setkey -c: its standard
 *   input, statements ending in `;`: `add SRC DST PROTO SPI -A tcp-md5 KEY`
 *   (a TCP-MD5 key, which nothing then reads), `flush`, `spdflush`: 0;
 * - true, false.
 *
 * Anything else cannot be judged: a SKIP.
 */
#ifndef PD_SHELL_H
#define PD_SHELL_H

#define PD_SHELL_WORDS 96
#define PD_SHELL_POOL  1024

typedef struct {
    int  nwords;
    int  word[PD_SHELL_WORDS];  /* offsets in pool */
    /* after word i: 0 more words of the command, or what ends it:
     * ';' (also a newline), '&' for &&, 'o' for ||, '|' */
    char end[PD_SHELL_WORDS];
    char pool[PD_SHELL_POOL];
} pd_shell;

/* Parse `text`; 0, or -1 with the reason for a SKIP in `why`. */
int pd_shell_parse(const char *text, pd_shell *sh, char *why, unsigned why_len);

/* Run it; returns the exit status of the list, what the failing command
 * said in `msg` (empty when it succeeded), and in *tcp_md5 whether a
 * command asked for TCP-MD5 (loading tcpmd5, a tcp-md5 key). */
int pd_shell_run(const pd_shell *sh, char *msg, unsigned msg_len, int *tcp_md5);

#endif
