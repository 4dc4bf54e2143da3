/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pd_replay: replays packetdrill scripts against tcpfsm (README.md in this
 * directory).  Every *.pkt under the paths given is replayed, in name
 * order, one line each: PASS, FAIL or SKIP with its reason; then the
 * totals.
 *
 *   pd_replay [-v] [-D NAME]... [--baseline FILE] [--all-pass] PATH...
 *
 * --baseline FILE: fail (exit 1) when fewer scripts pass than FILE's
 * number; --all-pass: fail unless every script passes (our own scripts).
 * A PATH that does not exist is reported as absent, not as a failure.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "replay.h"

typedef struct {
    char **paths;
    int    count, cap;
} path_list;

static int add_path(path_list *l, const char *path)
{
    if (l->count == l->cap) {
        int grown = l->cap == 0 ? 256 : l->cap * 2;
        char **bigger = realloc(l->paths, (size_t)grown * sizeof *bigger);
        if (bigger == NULL) {
            return -1;
        }
        l->paths = bigger;
        l->cap = grown;
    }
    l->paths[l->count] = strdup(path);
    if (l->paths[l->count] == NULL) {
        return -1;
    }
    l->count++;
    return 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static void collect(path_list *l, const char *path)
{
    struct stat sb;
    DIR *dir;
    struct dirent *ent;
    if (stat(path, &sb) != 0) {
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (ends_with(path, ".pkt")) {
            add_path(l, path);
        }
        return;
    }
    dir = opendir(path);
    if (dir == NULL) {
        return;
    }
    while ((ent = readdir(dir)) != NULL) {
        char sub[4096];
        if (ent->d_name[0] == '.') {
            continue;
        }
        snprintf(sub, sizeof sub, "%s/%s", path, ent->d_name);
        collect(l, sub);
    }
    closedir(dir);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_baseline(const char *file, long *value)
{
    FILE *f = fopen(file, "r");
    char line[128];
    int ok = 0;
    if (f == NULL) {
        return 0;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] != '#' && sscanf(line, "%ld", value) == 1) {
            ok = 1;
            break;
        }
    }
    fclose(f);
    return ok;
}

int main(int argc, char **argv)
{
    static const char *const verdict_names[] = {"PASS", "FAIL", "SKIP"};
    pd_options opt;
    path_list scripts = {NULL, 0, 0};
    const char *baseline = NULL;
    int all_pass = 0, i, absent = 0, roots = 0;
    long totals[3] = {0, 0, 0};
    memset(&opt, 0, sizeof opt);
    opt.defines[opt.ndefines++] = "STANDARD";
    for (i = 1; i < argc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-v") == 0) {
            opt.verbose = 1;
        } else if (strcmp(argv[i], "-D") == 0 && i + 1 < argc) {
            if (opt.ndefines < 8) {
                opt.defines[opt.ndefines++] = argv[++i];
            }
        } else if (strcmp(argv[i], "-U") == 0 && i + 1 < argc) {
            int k;
            ++i;
            for (k = 0; k < opt.ndefines; k++) {
                if (strcmp(opt.defines[k], argv[i]) == 0) {
                    opt.defines[k] = opt.defines[--opt.ndefines];
                    break;
                }
            }
        } else if (strcmp(argv[i], "--baseline") == 0 && i + 1 < argc) {
            baseline = argv[++i];
        } else if (strcmp(argv[i], "--all-pass") == 0) {
            all_pass = 1;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [-v] [-D NAME] [-U NAME] [--baseline FILE] [--all-pass] PATH...\n",
                    argv[0]);
            return 2;
        } else {
            roots++;
            if (stat(argv[i], &sb) != 0) {
                printf("ABSENT %s: no such file or directory; nothing replayed from it\n", argv[i]);
                absent++;
            } else {
                collect(&scripts, argv[i]);
            }
        }
    }
    if (roots == 0) {
        fprintf(stderr, "%s: no script or directory given\n", argv[0]);
        return 2;
    }
    if (absent == roots) {
        printf("conformance: the scripts are absent; nothing was replayed\n");
        return 0;
    }
    qsort(scripts.paths, (size_t)scripts.count, sizeof *scripts.paths, by_name);
    for (i = 0; i < scripts.count; i++) {
        pd_result res;
        pd_replay_file(scripts.paths[i], &opt, &res);
        totals[res.verdict]++;
        if (res.verdict == PD_PASS && res.warnings == 0) {
            printf("PASS %s (%d lines)\n", scripts.paths[i], res.checked);
        } else if (res.verdict == PD_PASS) {
            /* --non_fatal: lines that did not hold, as packetdrill's warnings */
            printf("PASS %s (%d lines; %d non-fatal, the first %s)\n", scripts.paths[i],
                   res.checked, res.warnings, res.warning);
        } else {
            printf("%s %s: %s\n", verdict_names[res.verdict], scripts.paths[i], res.reason);
        }
        free(scripts.paths[i]);
    }
    free(scripts.paths);
    printf("TOTAL %d scripts: %ld PASS, %ld FAIL, %ld SKIP\n", scripts.count, totals[PD_PASS],
           totals[PD_FAIL], totals[PD_SKIP]);
    if (baseline != NULL) {
        long want = 0;
        if (!read_baseline(baseline, &want)) {
            printf("baseline %s unreadable\n", baseline);
            return 1;
        }
        if (totals[PD_PASS] < want) {
            printf("REGRESSION: %ld scripts pass, the baseline (%s) is %ld\n", totals[PD_PASS],
                   baseline, want);
            return 1;
        }
        printf("baseline %ld: met (%ld pass)\n", want, totals[PD_PASS]);
    }
    if (all_pass && totals[PD_PASS] != scripts.count) {
        printf("not every script passes\n");
        return 1;
    }
    return 0;
}
