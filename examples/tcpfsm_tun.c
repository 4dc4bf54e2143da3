/* SPDX-License-Identifier: BSD-2-Clause */
/* tcpfsm-tun: a user-space TCP endpoint on a Linux TUN device (IPv4, the
 * codec, the core: examples/README.md).
 *
 *   tcpfsm-tun server --tun DEV --ip ADDR --port P [--mode echo|sink|source]
 *              [--in FILE] [--out DIR] [--count N] [--linger-ms MS]
 *   tcpfsm-tun client --tun DEV --ip ADDR --connect ADDR:P [--lport P]
 *              [--in FILE] [--out FILE] [--shut] [--linger-ms MS]
 *   common:    [--trace] [--peer-name NAME] [--rcv-buf BYTES] [--snd-buf BYTES]
 *              [--msl2-ms MS] [--rto-min-ms MS] [--timeout-s S] [--ss-ack-limit N]
 *              [--rack-tlp 0|1]
 *              [--rx-delay-ms MS] [--rx-loss-pct P] [--rx-reorder-pct P] [--rx-dup-pct P]
 *              [--rx-rate-kbit K] [--rx-queue N] [--tx-...: the same] [--seed N]
 *
 * server: accepts connections on P; echo sends back what arrives, sink
 * keeps it, source sends FILE then closes; what arrives on connection N is
 * written to DIR/conn-N.bin when --out is given.  It closes its side once
 * the peer has closed and --linger-ms has passed; exits after --count
 * connections are over.
 * client: connects, sends FILE, writes what comes back to --out, closes
 * (at once after sending with --shut, otherwise after the peer's FIN and
 * --linger-ms) and waits out TIME-WAIT (--msl2-ms).  Exit status 0 when the
 * connection ended in an orderly close.
 * --trace prints the timeline (state changes and segments both ways).
 * --rx-*: impair what arrives from the TUN device, --tx-* what we send into
 * it, as tc netem would on the Linux side of it (for kernels without
 * sch_netem; examples/impair.h): drop P % of the packets (fractions such as
 * 0.5 allowed), pass P % on twice, let the others leave one behind the other
 * at K kbit/s and hold them MS ms more, except P % passed on at once
 * (reordered); at most N held (4096), the rest dropped.  --seed N: the
 * same N, the same fates for the same packets (rx and tx draw apart).
 * A bad value: a message and exit status 2.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "clock.h"
#include "endpoint.h"
#include "impair.h"
#include "trace.h"
#include "tun.h"

typedef struct {
    unsigned id;       /* the connection these belong to; 0: none yet */
    FILE *out;
    FILE *in;
    int in_eof;
    int closed;        /* we called CLOSE */
    uint64_t peer_closed_at;
    int logged;
} app_conn;

static struct {
    int server;
    const char *tun, *mode, *in, *out, *peer_name;
    uint8_t ip[4], rip[4];
    uint16_t port, rport, lport;
    unsigned count;
    uint32_t linger_ms, rcv_buf, snd_buf, msl2_ms, rto_min_ms, timeout_s;
    int shut, trace;
    impair_config rx, tx;
    uint32_t seed;
    int ss_ack_limit; /* tcpfsm_config.ss_ack_limit; -1: the default */
    int rack_tlp;     /* tcpfsm_config.rack_tlp; -1: the default */
} opt;

/* The impaired link, both ways: what the TUN device gives us on its way to
 * the endpoint (rx), what the endpoint sends on its way to the device (tx). */
static impair rx_link, tx_link;

static int tun_fd = -1;
static volatile sig_atomic_t stop;
static uint64_t tx_drops;
static app_conn apps[EP_MAX_CONNS];

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* A packet leaves tx_link: into the TUN device. */
static void tun_write(void *ctx, const uint8_t *pkt, uint32_t len, uint64_t now)
{
    (void)ctx;
    (void)now;
    for (;;) {
        ssize_t n = write(tun_fd, pkt, len);
        if (n == (ssize_t)len) {
            return;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd p = {tun_fd, POLLOUT, 0};
            if (poll(&p, 1, 100) > 0) {
                continue;
            }
        }
        tx_drops++; /* lost, as on a real link: the core retransmits */
        return;
    }
}

/* The endpoint sends a packet: onto the link towards the device. */
static void emit(void *ctx, const uint8_t *pkt, uint32_t len)
{
    (void)ctx;
    impair_packet(&tx_link, pkt, len, clock_now_us());
}

/* A packet leaves rx_link: to the endpoint. */
static void to_endpoint(void *ctx, const uint8_t *pkt, uint32_t len, uint64_t now)
{
    ep_input(ctx, pkt, len, now);
}

static int parse_ip(const char *s, uint8_t ip[4])
{
    struct in_addr a;
    if (inet_pton(AF_INET, s, &a) != 1) {
        return -1;
    }
    memcpy(ip, &a.s_addr, 4);
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: tcpfsm-tun server --tun DEV --ip ADDR --port P [--mode echo|sink|source]\n"
            "                  [--in FILE] [--out DIR] [--count N] [--linger-ms MS]\n"
            "       tcpfsm-tun client --tun DEV --ip ADDR --connect ADDR:P [--lport P]\n"
            "                  [--in FILE] [--out FILE] [--shut] [--linger-ms MS]\n"
            "       common: [--trace] [--peer-name NAME] [--rcv-buf N] [--snd-buf N]\n"
            "               [--msl2-ms MS] [--rto-min-ms MS] [--timeout-s S]\n"
            "               [--ss-ack-limit N (slow start's L, 0 none)] [--rack-tlp 0|1]\n"
            "               [--rx-OPT V] [--tx-OPT V] [--seed N]; OPT V: %s\n",
            impair_options_help);
    exit(2);
}

static void parse_args(int argc, char **argv)
{
    int i, taken;
    if (argc < 2) {
        usage();
    }
    if (strcmp(argv[1], "server") == 0) {
        opt.server = 1;
    } else if (strcmp(argv[1], "client") != 0) {
        usage();
    }
    opt.mode = "echo";
    opt.peer_name = "linux";
    opt.lport = 40000;
    opt.rcv_buf = 1u << 20;
    opt.snd_buf = 1u << 20;
    opt.msl2_ms = 240000;
    opt.rto_min_ms = 200;
    opt.ss_ack_limit = -1;
    opt.rack_tlp = -1;
    impair_config_default(&opt.rx);
    impair_config_default(&opt.tx);
    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long n = v ? strtoul(v, NULL, 10) : 0;
        if (strcmp(a, "--shut") == 0) { opt.shut = 1; continue; }
        if (strcmp(a, "--trace") == 0) { opt.trace = 1; continue; }
        if (v == NULL) usage();
        i++;
        taken = impair_option(&opt.rx, "--rx-", a, v);
        if (taken == 0) {
            taken = impair_option(&opt.tx, "--tx-", a, v);
        }
        if (taken < 0) {
            exit(2); /* impair_option said why */
        }
        if (taken > 0) {
            continue;
        }
        if (strcmp(a, "--tun") == 0) opt.tun = v;
        else if (strcmp(a, "--ip") == 0) { if (parse_ip(v, opt.ip)) usage(); }
        else if (strcmp(a, "--port") == 0) opt.port = (uint16_t)n;
        else if (strcmp(a, "--lport") == 0) opt.lport = (uint16_t)n;
        else if (strcmp(a, "--mode") == 0) opt.mode = v;
        else if (strcmp(a, "--in") == 0) opt.in = v;
        else if (strcmp(a, "--out") == 0) opt.out = v;
        else if (strcmp(a, "--count") == 0) opt.count = (unsigned)n;
        else if (strcmp(a, "--linger-ms") == 0) opt.linger_ms = (uint32_t)n;
        else if (strcmp(a, "--rcv-buf") == 0) opt.rcv_buf = (uint32_t)n;
        else if (strcmp(a, "--snd-buf") == 0) opt.snd_buf = (uint32_t)n;
        else if (strcmp(a, "--msl2-ms") == 0) opt.msl2_ms = (uint32_t)n;
        else if (strcmp(a, "--rto-min-ms") == 0) opt.rto_min_ms = (uint32_t)n;
        else if (strcmp(a, "--timeout-s") == 0) opt.timeout_s = (uint32_t)n;
        else if (strcmp(a, "--ss-ack-limit") == 0) {
            char *end;
            unsigned long l = strtoul(v, &end, 10);
            if (*v == '\0' || *end != '\0' || l > 255u) {
                fprintf(stderr, "tcpfsm-tun: --ss-ack-limit is 0..255 segments, not %s\n", v);
                exit(2);
            }
            opt.ss_ack_limit = (int)l;
        }
        else if (strcmp(a, "--rack-tlp") == 0) {
            if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
                fprintf(stderr, "tcpfsm-tun: --rack-tlp is 0 or 1, not %s\n", v);
                exit(2);
            }
            opt.rack_tlp = v[0] - '0';
        }
        else if (strcmp(a, "--peer-name") == 0) opt.peer_name = v;
        else if (strcmp(a, "--seed") == 0) { if (impair_seed_option(v, &opt.seed)) exit(2); }
        else if (strcmp(a, "--connect") == 0) {
            char host[64];
            const char *colon = strrchr(v, ':');
            if (colon == NULL || (size_t)(colon - v) >= sizeof host) usage();
            memcpy(host, v, (size_t)(colon - v));
            host[colon - v] = 0;
            if (parse_ip(host, opt.rip)) usage();
            opt.rport = (uint16_t)strtoul(colon + 1, NULL, 10);
        } else usage();
    }
    if (opt.tun == NULL || (opt.server && opt.port == 0) || (!opt.server && opt.rport == 0)
        || (strcmp(opt.mode, "echo") && strcmp(opt.mode, "sink") && strcmp(opt.mode, "source"))
        || (opt.server && strcmp(opt.mode, "source") == 0 && opt.in == NULL)) {
        usage();
    }
}

static void log_conn(const ep_conn *c)
{
    char notes[80], hist[200];
    fprintf(stderr,
            "tcpfsm-tun: conn %u %u.%u.%u.%u:%u: in=%llu out=%llu kept=%llu segs_in=%llu "
            "segs_out=%llu rtx_segs=%llu notes=%s states=%s\n",
            c->id, c->rip[0], c->rip[1], c->rip[2], c->rip[3], c->rport,
            (unsigned long long)c->bytes_in, (unsigned long long)c->bytes_out,
            (unsigned long long)c->kept, (unsigned long long)c->segs_in,
            (unsigned long long)c->segs_out, (unsigned long long)c->rtx_segs,
            trace_notes(c->notes, notes, sizeof notes),
            ep_history(c, hist, sizeof hist));
}

/* What the application does with one connection, now.  Returns 1 when the
 * connection is over (and released). */
static int app_step(ep_t *ep, ep_conn *c, app_conn *a, uint64_t now)
{
    static uint8_t buf[65536];
    int echo = opt.server && strcmp(opt.mode, "echo") == 0;
    int source = !opt.server || strcmp(opt.mode, "source") == 0;
    if (a->id != c->id) {
        memset(a, 0, sizeof *a);
        a->id = c->id;
        if (opt.out != NULL) {
            char path[4096];
            if (opt.server) {
                snprintf(path, sizeof path, "%s/conn-%u.bin", opt.out, c->id);
            } else {
                snprintf(path, sizeof path, "%s", opt.out);
            }
            a->out = fopen(path, "wb");
            if (a->out == NULL) {
                perror(path);
            }
        }
        if (source && opt.in != NULL) {
            a->in = fopen(opt.in, "rb");
            if (a->in == NULL) {
                perror(opt.in);
            }
        }
        a->in_eof = !source || a->in == NULL;
    }
    /* read what arrived; echo it back as far as the send ring has room */
    for (;;) {
        uint32_t max = sizeof buf, n;
        if (echo && ep_write_room(c) < max) {
            max = ep_write_room(c);
        }
        n = ep_read(ep, c, buf, max, now);
        if (n == 0) {
            break;
        }
        if (a->out) {
            fwrite(buf, 1, n, a->out);
        }
        if (echo) {
            ep_write(ep, c, buf, n, now);
        }
    }
    /* send the file */
    while (!a->in_eof && (c->conn.state == TCPFSM_ESTABLISHED
                          || c->conn.state == TCPFSM_CLOSE_WAIT) && ep_write_room(c) > 0) {
        uint32_t room = ep_write_room(c);
        size_t n = fread(buf, 1, room < sizeof buf ? room : sizeof buf, a->in);
        if (n == 0) {
            a->in_eof = 1;
            break;
        }
        if (ep_write(ep, c, buf, (uint32_t)n, now) != n) {
            fprintf(stderr, "tcpfsm-tun: conn %u: send refused\n", c->id);
            a->in_eof = 1;
        }
    }
    /* close: a source (or a --shut client) once the file is queued; the
     * others once the peer has closed, all it sent is read, and the linger
     * time has passed */
    if (!a->closed && a->in_eof && !ep_done(c)) {
        int now_close = 0;
        if ((opt.server && source) || (!opt.server && opt.shut)) {
            now_close = c->conn.state == TCPFSM_ESTABLISHED || c->conn.state == TCPFSM_CLOSE_WAIT;
        }
        if ((c->notes & TCPFSM_NOTE_PEER_CLOSED) && c->rcv_unread == 0
            && c->conn.state == TCPFSM_CLOSE_WAIT) {
            if (a->peer_closed_at == 0) {
                a->peer_closed_at = now;
            }
            if (now - a->peer_closed_at >= (uint64_t)opt.linger_ms * 1000u) {
                now_close = 1;
            }
        }
        if (now_close) {
            a->closed = ep_close(ep, c, now) == 0;
        }
    }
    if (ep_done(c)) {
        log_conn(c);
        if (a->out) {
            fclose(a->out);
        }
        if (a->in) {
            fclose(a->in);
        }
        a->out = a->in = NULL;
        ep_release(c);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static uint8_t pkt[65536];
    tcpfsm_config cfg;
    iss_key key;
    ep_t ep;
    ep_conn *client = NULL;
    unsigned finished = 0, i;
    int status = 0;
    uint64_t start;
    struct sigaction sa;

    parse_args(argc, argv);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);

    tcpfsm_config_default(&cfg);
    cfg.rcv_buf = opt.rcv_buf;
    cfg.msl2_ms = opt.msl2_ms;
    cfg.rto_min_ms = opt.rto_min_ms;
    if (opt.rack_tlp >= 0) {
        cfg.rack_tlp = (uint8_t)opt.rack_tlp; /* RFC 8985 RACK-TLP */
    }
    if (opt.ss_ack_limit >= 0) {
        cfg.ss_ack_limit = (uint8_t)opt.ss_ack_limit;
    }
    if (cfg.rto_initial_ms < cfg.rto_min_ms) {
        cfg.rto_initial_ms = cfg.rto_min_ms;
    }
    if (iss_key_random(&key) != 0) {
        fprintf(stderr, "tcpfsm-tun: cannot read /dev/urandom\n");
        return 1;
    }
    tun_fd = tun_open(opt.tun);
    if (tun_fd < 0) {
        return 1;
    }
    if (ep_init(&ep, &cfg, opt.ip, opt.snd_buf, emit, NULL, &key) != 0
        || impair_init(&rx_link, &opt.rx, opt.seed, 0, to_endpoint, &ep) != 0
        || impair_init(&tx_link, &opt.tx, opt.seed, 1, tun_write, NULL) != 0) {
        fprintf(stderr, "tcpfsm-tun: bad configuration or out of memory\n");
        return 1;
    }
    start = clock_now_us();
    ep.t0_us = start;
    ep.name = "tcpfsm";
    ep.peer_name = opt.peer_name;
    if (opt.trace) {
        ep.trace = stdout;
        ep.trace_rx = 1;
        trace_header(stdout);
    }
    if (opt.server) {
        ep.listen_port = opt.port;
    } else {
        client = ep_connect(&ep, opt.rip, opt.rport, opt.lport, start);
        if (client == NULL) {
            return 1;
        }
    }
    while (!stop) {
        uint64_t now = clock_now_us(), dl;
        int timeout_ms;
        struct pollfd p = {tun_fd, POLLIN, 0};
        uint64_t next_held = impair_release(&rx_link, now), next_tx = impair_release(&tx_link, now);
        ep_timers(&ep, now);
        for (i = 0; i < EP_MAX_CONNS; i++) {
            ep_conn *c = &ep.conns[i];
            if (c->used && c->history_len > 1) {
                int was_client = c == client;
                uint32_t notes = c->notes;
                if (app_step(&ep, c, &apps[i], now)) {
                    finished++;
                    if (was_client) {
                        status = (notes & (TCPFSM_NOTE_RESET | TCPFSM_NOTE_REFUSED
                                           | TCPFSM_NOTE_TIMED_OUT)) ? 1 : 0;
                        stop = 1;
                    }
                }
            }
        }
        if (opt.server && opt.count > 0 && finished >= opt.count) {
            break;
        }
        if (opt.timeout_s > 0 && now - start > (uint64_t)opt.timeout_s * 1000000u) {
            fprintf(stderr, "tcpfsm-tun: timed out after %u s\n", opt.timeout_s);
            for (i = 0; i < EP_MAX_CONNS; i++) {
                if (ep.conns[i].used) {
                    log_conn(&ep.conns[i]);
                }
            }
            status = 3;
            break;
        }
        if (stop) {
            break;
        }
        dl = ep_deadline_us(&ep);
        dl = next_held < dl ? next_held : dl;
        dl = next_tx < dl ? next_tx : dl;
        timeout_ms = 20; /* the applications' own waits (linger) */
        if (dl != UINT64_MAX) {
            uint64_t wait = dl > now ? (dl - now + 999u) / 1000u : 0;
            if (wait < (uint64_t)timeout_ms) {
                timeout_ms = (int)wait;
            }
        }
        if (poll(&p, 1, timeout_ms) > 0 && (p.revents & POLLIN)) {
            for (i = 0; i < 256; i++) {
                ssize_t n = read(tun_fd, pkt, sizeof pkt);
                if (n <= 0) {
                    break;
                }
                impair_packet(&rx_link, pkt, (uint32_t)n, clock_now_us());
            }
        }
    }
    fprintf(stderr, "tcpfsm-tun: done: %u connection(s); rx bad %llu, not ours %llu, "
                    "no connection %llu; tx drops %llu\n",
            finished, (unsigned long long)ep.rx_bad, (unsigned long long)ep.rx_foreign,
            (unsigned long long)ep.rx_no_conn, (unsigned long long)tx_drops);
    if (impair_active(&opt.rx) || impair_active(&opt.tx)) {
        impair_report(stderr, "tcpfsm-tun: rx impairment", &rx_link);
        impair_report(stderr, "tcpfsm-tun: tx impairment", &tx_link);
    }
    impair_free(&rx_link);
    impair_free(&tx_link);
    ep_free(&ep);
    close(tun_fd);
    return status;
}
