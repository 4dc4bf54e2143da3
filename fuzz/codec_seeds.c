/* SPDX-License-Identifier: BSD-2-Clause */
/* Seeds of the codec harness: the Linux captures of tests/wire_vectors.c,
 * each as the harness reads it (codec.c): IPv6 flag, the two addresses,
 * then the TCP segment.  Usage: codec_seeds DIR */
#include <stdio.h>
#include "wire_vectors.h"

int main(int argc, char **argv)
{
    unsigned i;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (i = 0; i < WIRE_VECTOR_COUNT; i++) {
        const wire_vector *v = &WIRE_VECTORS[i];
        char path[4096];
        uint8_t bytes[4096];
        uint32_t len = wire_vector_bytes(v, bytes);
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", argv[1], v->name);
        f = fopen(path, "wb");
        if (f == NULL) {
            perror(path);
            return 1;
        }
        fputc(v->ipv6, f);
        fwrite(v->src, 1, 16, f);
        fwrite(v->dst, 1, 16, f);
        fwrite(bytes, 1, len, f);
        fclose(f);
    }
    printf("fuzz seeds: %u in %s\n", WIRE_VECTOR_COUNT, argv[1]);
    return 0;
}
