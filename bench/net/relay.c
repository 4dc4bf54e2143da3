/* SPDX-License-Identifier: BSD-2-Clause */
/* relay: the impaired path of bench/net (the kernel the bench was written
 * on has no sch_netem, so tc netem cannot do it).
 *
 * Forwards IPv4 packets between two TUN devices that live in two network
 * namespaces, each direction through an impaired link of its own
 * (examples/impair.h, the same code tcpfsm-tun's --rx-* and --tx-* use):
 *
 *   relay [--seed N] [--ab-OPT V ...] [--ba-OPT V ...] NS_A DEV_A NS_B DEV_B
 *
 * --ab-* impair A -> B, --ba-* B -> A; OPT is delay-ms, loss-pct,
 * reorder-pct, dup-pct, rate-kbit or queue, as for tcpfsm-tun.  The two
 * directions draw apart from the one seed (streams 0 and 1).  A bad value:
 * a message and exit status 2.
 *
 * NS_A and NS_B are names under /var/run/netns (ip netns add); DEV_A and
 * DEV_B are TUN devices created there (ip tuntap add ... mode tun), which the
 * relay attaches to.  Runs until SIGTERM or SIGINT, then prints one line per
 * direction on stderr: its impairment and its counters.  Built by
 * `make build/bench-net/relay` (and by make examples, examples-san).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "impair.h"
#include "tun.h"

static volatile sig_atomic_t stop;
static uint64_t write_failures;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: relay [--seed N] [--ab-OPT V ...] [--ba-OPT V ...] NS_A DEV_A NS_B DEV_B\n"
            "       OPT V: %s\n",
            impair_options_help);
    exit(2);
}

/* The TUN device dev of the namespace ns; the relay stays in ns after. */
static int tun_in_ns(const char *ns, const char *dev)
{
    char path[256];
    int nsfd, fd;
    snprintf(path, sizeof path, "/var/run/netns/%s", ns);
    nsfd = open(path, O_RDONLY | O_CLOEXEC);
    if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
        fprintf(stderr, "relay: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    close(nsfd);
    fd = tun_open(dev);
    if (fd < 0) {
        exit(1);
    }
    return fd;
}

/* A packet leaves a link: into the device at the far end (ctx: its file
 * descriptor).  A device that stays full for 100 ms loses it. */
static void put(void *ctx, const uint8_t *p, uint32_t len, uint64_t now)
{
    int fd = *(const int *)ctx;
    (void)now;
    for (;;) {
        ssize_t n = write(fd, p, len);
        if (n == (ssize_t)len) {
            return;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd q = {fd, POLLOUT, 0};
            if (poll(&q, 1, 100) > 0) {
                continue;
            }
        }
        write_failures++;
        return;
    }
}

/* Up to 256 packets waiting on fd, into the link. */
static void take(int fd, impair *link)
{
    static uint8_t pkt[65536];
    int k;
    for (k = 0; k < 256; k++) {
        ssize_t n = read(fd, pkt, sizeof pkt);
        if (n <= 0) {
            return;
        }
        impair_packet(link, pkt, (uint32_t)n, clock_now_us());
    }
}

int main(int argc, char **argv)
{
    impair_config cfg[2];
    impair link[2];         /* [0] A -> B, [1] B -> A */
    int fd[2], i, taken;
    uint32_t seed = 0;
    struct sigaction sa;
    impair_config_default(&cfg[0]);
    impair_config_default(&cfg[1]);
    for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        taken = impair_option(&cfg[0], "--ab-", argv[i], argv[i + 1]);
        if (taken == 0) {
            taken = impair_option(&cfg[1], "--ba-", argv[i], argv[i + 1]);
        }
        if (taken == 0 && strcmp(argv[i], "--seed") == 0) {
            taken = impair_seed_option(argv[i + 1], &seed) == 0 ? 1 : -1;
        }
        if (taken < 0) {
            exit(2);
        }
        if (taken == 0) {
            usage();
        }
    }
    if (argc - i != 4) {
        usage();
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fd[0] = tun_in_ns(argv[i], argv[i + 1]);
    fd[1] = tun_in_ns(argv[i + 2], argv[i + 3]);
    if (impair_init(&link[0], &cfg[0], seed, 0, put, &fd[1]) != 0
        || impair_init(&link[1], &cfg[1], seed, 1, put, &fd[0]) != 0) {
        fprintf(stderr, "relay: out of memory\n");
        return 1;
    }
    /* release what is due, wait at most until the next held packet is
     * (to the microsecond: a rate's packets leave 120 us apart at 100
     * Mbit/s), read what came */
    while (!stop) {
        uint64_t now = clock_now_us();
        uint64_t next = impair_release(&link[0], now), next1 = impair_release(&link[1], now);
        struct timespec wait = {0, 20000000};
        struct pollfd p[2] = {{fd[0], POLLIN, 0}, {fd[1], POLLIN, 0}};
        next = next1 < next ? next1 : next;
        if (next != UINT64_MAX) {
            uint64_t us = next > now ? next - now : 0;
            if (us < 20000u) {
                wait.tv_nsec = (long)(us * 1000u);
            }
        }
        if (ppoll(p, 2, &wait, NULL) <= 0) {
            continue;
        }
        if (p[0].revents & POLLIN) {
            take(fd[0], &link[0]);
        }
        if (p[1].revents & POLLIN) {
            take(fd[1], &link[1]);
        }
    }
    impair_report(stderr, "relay: a->b", &link[0]);
    impair_report(stderr, "relay: b->a", &link[1]);
    fprintf(stderr, "relay: write failures %llu\n", (unsigned long long)write_failures);
    impair_free(&link[0]);
    impair_free(&link[1]);
    return 0;
}
