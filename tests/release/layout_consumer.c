/* SPDX-License-Identifier: BSD-2-Clause */
/* A program that embeds tcpfsm, compiled apart from the library: with the
 * library's own settings tcpfsm_init takes its block; compiled with
 * another TCPFSM_OOO_RANGES (make release-checks builds it both ways, as
 * tests/release/run.sh says) it must get TCPFSM_ERR_LAYOUT, with not one
 * byte of its block, nor beyond it, written. */
#include <stdio.h>
#include <string.h>
#include "tcpfsm/tcpfsm.h"

#define FILL 0xA5u
#define SLACK 256u /* bytes beyond the block that must stay untouched too */

int main(void)
{
    static _Alignas(tcpfsm_conn) unsigned char block[sizeof(tcpfsm_conn) + SLACK];
    tcpfsm_config cfg;
    tcpfsm_error err;
    size_t i;
    memset(block, FILL, sizeof block);
    tcpfsm_config_default(&cfg);
    err = tcpfsm_init((tcpfsm_conn *)(void *)block, &cfg);
#ifdef EXPECT_OTHER_LAYOUT
    if (err != TCPFSM_ERR_LAYOUT) {
        printf("FAIL layout: a block of %u bytes with %u ranges: error %d, not TCPFSM_ERR_LAYOUT\n",
               (unsigned)sizeof(tcpfsm_conn), (unsigned)TCPFSM_OOO_RANGES, (int)err);
        return 1;
    }
    for (i = 0; i < sizeof block; i++) {
        if (block[i] != FILL) {
            printf("FAIL layout: byte %u of the block written\n", (unsigned)i);
            return 1;
        }
    }
    printf("PASS layout: %u ranges (%u-byte block) refused with TCPFSM_ERR_LAYOUT, nothing written\n",
           (unsigned)TCPFSM_OOO_RANGES, (unsigned)sizeof(tcpfsm_conn));
#else
    if (err != TCPFSM_OK) {
        printf("FAIL layout: the library's own layout refused (error %d)\n", (int)err);
        return 1;
    }
    for (i = sizeof(tcpfsm_conn); i < sizeof block; i++) {
        if (block[i] != FILL) {
            printf("FAIL layout: byte %u, past the block, written\n", (unsigned)i);
            return 1;
        }
    }
    printf("PASS layout: %u ranges (%u-byte block) accepted, library %s\n",
           (unsigned)TCPFSM_OOO_RANGES, (unsigned)sizeof(tcpfsm_conn), tcpfsm_version());
#endif
    return 0;
}
