/* SPDX-License-Identifier: BSD-2-Clause */
/* The smallest program built against tcpfsm the ways an embedder builds it
 * (CMake find_package or add_subdirectory, Meson subproject, pkg-config),
 * by tests/release/buildsystems.sh: it opens a connection, encodes its SYN
 * with the codec and prints one line.  Exit status 1 on any failure, among
 * them TCPFSM_ERR_LAYOUT from tcpfsm_init when the build handed it another
 * TCPFSM_OOO_RANGES than the library's, and a library of another version
 * than the header. */
#include <stdio.h>
#include <string.h>
#include <tcpfsm/tcpfsm.h>
#include <tcpfsm/wire.h>

#define ISS 1000u

int main(void)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_output out;
    tcpfsm_info info;
    tcpfsm_wire_segment syn;
    tcpfsm_error err;

    tcpfsm_config_default(&cfg);
    err = tcpfsm_init(&conn, &cfg);
    if (err != TCPFSM_OK) {
        printf("consumer: tcpfsm_init: error %d (%u ranges, %u-byte block)\n", (int)err,
               (unsigned)TCPFSM_OOO_RANGES, (unsigned)sizeof(tcpfsm_conn));
        return 1;
    }
    err = tcpfsm_open_active(&conn, ISS, 0, &out);
    if (err != TCPFSM_OK || tcpfsm_status(&conn, &info) != TCPFSM_OK
        || info.state != TCPFSM_SYN_SENT || out.count != 1) {
        printf("consumer: tcpfsm_open_active: error %d, not one SYN in SYN-SENT\n", (int)err);
        return 1;
    }
    err = tcpfsm_wire_from_output(&out, 0, 49152, 80, &syn);
    if (err != TCPFSM_OK || syn.flags != TCPFSM_SYN || syn.seq != ISS) {
        printf("consumer: tcpfsm_wire_from_output: error %d, not the SYN\n", (int)err);
        return 1;
    }
    if (strcmp(tcpfsm_version(), TCPFSM_VERSION_STRING) != 0) {
        printf("consumer: header %s, library %s\n", TCPFSM_VERSION_STRING, tcpfsm_version());
        return 1;
    }
    printf("tcpfsm %s, %s, SYN seq %u encoded, %u ranges (%u-byte block)\n", tcpfsm_version(),
           tcpfsm_state_name(info.state), (unsigned)syn.seq, (unsigned)TCPFSM_OOO_RANGES,
           (unsigned)sizeof(tcpfsm_conn));
    return 0;
}
