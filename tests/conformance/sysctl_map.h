/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FreeBSD `sysctl -w name=value` lines, mapped onto the stack's
 * configuration.  Each known name is one of:
 *
 * - mapped: it sets a core or socket-layer parameter (stack.h, pd_sysctls);
 * - ignored: it has no effect the scripts can see (a host cache flush, the
 *   SYN-cookie fallback when the SYN cache has room), or its value is the
 *   core's own behaviour (blackhole=0, rexmit_drop_options=0, ...);
 * - unmapped: FreeBSD behaviour the core has no knob for; the replay goes
 *   on with the core's behaviour, and a failure names the setting.
 *
 * An unknown name cannot be judged, so the script is skipped.
 */
#ifndef PD_SYSCTL_MAP_H
#define PD_SYSCTL_MAP_H

#include "stack.h"

typedef enum {
    PD_SYSCTL_MAPPED, PD_SYSCTL_IGNORED, PD_SYSCTL_UNMAPPED, PD_SYSCTL_UNKNOWN,
    PD_SYSCTL_REFUSED /* pd_sysctl_apply: a mapped name whose handler refuses the
                         value (EINVAL): `sysctl -w` fails, as the script does */
} pd_sysctl_kind;

/* What `name` is, without applying it. */
pd_sysctl_kind pd_sysctl_classify(const char *name, long value);

/* Apply a mapped setting; the others change nothing. */
pd_sysctl_kind pd_sysctl_apply(pd_stack *st, const char *name, long value);

#endif
