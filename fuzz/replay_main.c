/* SPDX-License-Identifier: BSD-2-Clause */
/* Runs a harness on files, without a fuzzer: `make test` replays
 * fuzz/regressions/ and the seeds this way, and a crash found by AFL++ can
 * be debugged under gdb.  Usage: <harness>-replay FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    static uint8_t buf[1 << 20];
    int i;
    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        size_t n;
        if (f == NULL) {
            perror(argv[i]);
            return 2;
        }
        n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("replayed %d input(s)\n", argc - 1);
    return 0;
}
