/* SPDX-License-Identifier: BSD-2-Clause */
/* relay: the impaired path of the Linux-to-Linux baseline of
 * bench/net/recv_bench.sh (the kernel the bench was written on has no
 * sch_netem, so tc netem cannot do it).
 *
 * Forwards IPv4 packets between two TUN devices that live in two network
 * namespaces.  The A -> B direction (the data direction: sender to receiver)
 * is impaired exactly as tcpfsm-tun impairs what it reads with --rx-delay-ms,
 * --rx-loss-pct, --rx-reorder-pct and --seed: arrive() and release_held()
 * below mirror the functions of the same names in examples/tcpfsm_tun.c, with
 * rng_pct() (xorshift32, seeded with SEED, 1 for 0), the same order of draws
 * and the same 4096 hold slots of 1500 bytes:
 *   drop LOSS_PCT % of the packets;
 *   hold each of the others DELAY_MS ms, except that REORDER_PCT % of them
 *   are passed on at once, ahead of those held (and all of them when the
 *   hold slots are full).
 * B -> A (the ACKs) is passed on at once.  With the same seed, the same
 * packet sequence meets the same fate as on the way into tcpfsm-tun.
 * Keep the two in step: a change to the impairment in examples/tcpfsm_tun.c
 * belongs here too.
 *
 *   relay NS_A DEV_A NS_B DEV_B DELAY_MS LOSS_PCT REORDER_PCT SEED
 *
 * NS_A and NS_B are names under /var/run/netns (ip netns add); DEV_A and
 * DEV_B are TUN devices created there (ip tuntap add ... mode tun), which the
 * relay attaches to.  Runs until SIGTERM or SIGINT, then prints its counters
 * on stderr.  Built by recv_bench.sh into build/bench-net/relay.
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
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>

#define MTU 1500u        /* EP_MTU of examples/endpoint.h */
#define HOLD_SLOTS 4096u /* HOLD_SLOTS of examples/tcpfsm_tun.c */

typedef struct {
    uint64_t due;
    uint32_t len;
    uint8_t bytes[MTU];
} held_packet;

static held_packet *held;
static unsigned held_count;
static uint32_t rng_state = 1;
static uint32_t delay_ms, loss_pct, reorder_pct;
static uint64_t n_ab, n_ba, n_dropped, n_reordered, n_wfail;
static volatile sig_atomic_t stop;
static int fd_a = -1, fd_b = -1;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* As rng_pct() of examples/tcpfsm_tun.c. */
static uint32_t rng_pct(void)
{
    rng_state ^= rng_state << 13; /* xorshift32 */
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state % 100u;
}

static int impaired(void)
{
    return delay_ms || loss_pct || reorder_pct;
}

static int tun_in_ns(const char *ns, const char *dev)
{
    char path[256];
    struct ifreq ifr;
    int nsfd, fd;
    snprintf(path, sizeof path, "/var/run/netns/%s", ns);
    nsfd = open(path, O_RDONLY | O_CLOEXEC);
    if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
        fprintf(stderr, "relay: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    close(nsfd);
    fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "relay: /dev/net/tun: %s\n", strerror(errno));
        exit(1);
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        fprintf(stderr, "relay: TUNSETIFF %s in %s: %s\n", dev, ns, strerror(errno));
        exit(1);
    }
    return fd;
}

/* Write one packet; a device that stays full for 100 ms loses it. */
static void put(int fd, const uint8_t *p, uint32_t len)
{
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
        n_wfail++;
        return;
    }
}

/* A packet read from A, for B: now, later, or never.  arrive() of
 * examples/tcpfsm_tun.c, with put() to B for ep_input(). */
static void arrive(const uint8_t *p, uint32_t len, uint64_t now)
{
    held_packet *h;
    n_ab++;
    if (!impaired()) {
        put(fd_b, p, len);
        return;
    }
    if (rng_pct() < loss_pct) {
        n_dropped++;
        return;
    }
    if (delay_ms == 0 || rng_pct() < reorder_pct || held_count == HOLD_SLOTS || len > MTU) {
        n_reordered += delay_ms != 0 && held_count > 0;
        put(fd_b, p, len);
        return;
    }
    h = &held[held_count++];
    h->due = now + (uint64_t)delay_ms * 1000u;
    h->len = len;
    memcpy(h->bytes, p, len);
}

/* Pass on the held packets that are due, oldest first; the time the next
 * one is (UINT64_MAX: none).  release_held() of examples/tcpfsm_tun.c. */
static uint64_t release_held(uint64_t now)
{
    unsigned i = 0, j;
    while (i < held_count && held[i].due <= now) {
        i++;
    }
    for (j = 0; j < i; j++) {
        put(fd_b, held[j].bytes, held[j].len);
    }
    if (i > 0) {
        memmove(held, held + i, (held_count - i) * sizeof *held);
        held_count -= i;
    }
    return held_count > 0 ? held[0].due : UINT64_MAX;
}

static uint32_t arg_u32(const char *s)
{
    return (uint32_t)strtoul(s, NULL, 10);
}

int main(int argc, char **argv)
{
    static uint8_t pkt[65536];
    struct sigaction sa;
    uint32_t seed;
    if (argc != 9) {
        fprintf(stderr, "usage: relay NS_A DEV_A NS_B DEV_B DELAY_MS LOSS_PCT REORDER_PCT SEED\n");
        return 2;
    }
    delay_ms = arg_u32(argv[5]);
    loss_pct = arg_u32(argv[6]);
    reorder_pct = arg_u32(argv[7]);
    seed = arg_u32(argv[8]);
    rng_state = seed ? seed : 1u;
    held = malloc(HOLD_SLOTS * sizeof *held);
    if (held == NULL) {
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fd_a = tun_in_ns(argv[1], argv[2]);
    fd_b = tun_in_ns(argv[3], argv[4]);
    /* the loop of examples/tcpfsm_tun.c: release what is due, wait at most
     * until the next held packet is (20 ms otherwise), read up to 256 */
    while (!stop) {
        uint64_t now = now_us();
        uint64_t next = impaired() ? release_held(now) : UINT64_MAX;
        int timeout_ms = 20, k;
        struct pollfd p[2] = {{fd_a, POLLIN, 0}, {fd_b, POLLIN, 0}};
        if (next != UINT64_MAX) {
            uint64_t wait = next > now ? (next - now + 999u) / 1000u : 0;
            if (wait < (uint64_t)timeout_ms) {
                timeout_ms = (int)wait;
            }
        }
        if (poll(p, 2, timeout_ms) <= 0) {
            continue;
        }
        if (p[0].revents & POLLIN) {
            for (k = 0; k < 256; k++) {
                ssize_t n = read(fd_a, pkt, sizeof pkt);
                if (n <= 0) {
                    break;
                }
                arrive(pkt, (uint32_t)n, now_us());
            }
        }
        if (p[1].revents & POLLIN) {
            for (k = 0; k < 256; k++) {
                ssize_t n = read(fd_b, pkt, sizeof pkt);
                if (n <= 0) {
                    break;
                }
                n_ba++;
                put(fd_a, pkt, (uint32_t)n);
            }
        }
    }
    fprintf(stderr, "relay: done: a->b %llu (dropped %llu, passed ahead of held %llu), b->a %llu, "
                    "write failures %llu\n",
            (unsigned long long)n_ab, (unsigned long long)n_dropped,
            (unsigned long long)n_reordered, (unsigned long long)n_ba,
            (unsigned long long)n_wfail);
    free(held);
    return 0;
}
