/* SPDX-License-Identifier: BSD-2-Clause */
/* A Linux TUN device: whole IP packets in and out, no link header. */
#ifndef EX_TUN_H
#define EX_TUN_H

/* Attach to (or create) the TUN device `name`, non-blocking, without the
 * packet-information prefix (IFF_NO_PI).  The file descriptor, or -1 with
 * a message on stderr. */
int tun_open(const char *name);

#endif
