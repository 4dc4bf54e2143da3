/* SPDX-License-Identifier: BSD-2-Clause */
/* Which library was linked: its version, which may be newer than the
 * header a caller was compiled with (CHANGELOG.md). */
#include "internal.h"

const char *tcpfsm_version(void)
{
    return TCPFSM_VERSION_STRING;
}
