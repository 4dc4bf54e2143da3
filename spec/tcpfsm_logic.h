/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ACSL logic of tcpfsm: the definitions the contracts in src/ are written
 * with.  Read by Frama-C only (include/tcpfsm/tcpfsm.h includes it when __FRAMAC__ is
 * defined); plain C compilers never see it.  Nothing here is assumed: there
 * are definitions and predicates, no axioms.
 */
#ifndef TCPFSM_LOGIC_H
#define TCPFSM_LOGIC_H

#include "tcpfsm_kinds.h"

/*@
  // RFC 9293 §3.4: sequence numbers live modulo 2^32.
  logic integer seq_mod = 4294967296;

  // How far a lies ahead of b, in 0 .. 2^32-1.
  logic integer seq_dist(integer a, integer b) =
      a >= b ? a - b : a - b + 4294967296;

  logic integer seq_plus(integer a, integer n) = (a + n) % 4294967296;

  // a < b: b lies 1 .. 2^31-1 ahead of a.
  predicate seq_lt(integer a, integer b) = 0 < seq_dist(b, a) < 2147483648;
  predicate seq_leq(integer a, integer b) = seq_dist(b, a) < 2147483648;

  predicate state_ok(integer s) = 0 <= s <= 10;

  // RFC 9937 §6.2: `sent` bytes are within what PRR lets out while pipe is
  // above ssthresh, CEIL(delivered * ssthresh / RecoverFS) (stated without
  // the division: sent =< CEIL(x / f) exactly when sent * f =< x + f - 1)
  predicate prr_within_share(integer sent, integer delivered, integer ssthresh,
                             integer recover_fs) =
      sent * recover_fs <= delivered * ssthresh + recover_fs - 1;

  // RFC 7323 §4.2: an ACK that moves SND.UNA is a round-trip sample by its
  // timestamp echo when timestamps are in use, it carries the option, and
  // the echo is not from the future (TSval now, as §5.4 counts it, at or
  // after TSecr).
  predicate ts_sample(tcpfsm_conn c, tcpfsm_segment s, integer now) =
      c.ts_on != 0 && (s.options & TCPFSM_OPT_TIMESTAMP) != 0 &&
      seq_dist(seq_plus((now / c.cfg.ts_tick_ms) % 4294967296, c.cfg.ts_offset), s.ts_ecr)
          < 2147483648;

  // RFC 7323 §5.5: TS.Recent is valid while it is younger than 24 days
  // (2^31 ticks of the fastest clock §5.4 allows, 1 ms, are 24.8 days);
  // a clock seen to go back counts as no time passed.
  logic integer ts_recent_lifetime_ms = 2073600000;
  predicate ts_recent_valid_at(tcpfsm_conn c, integer now) =
      now < c.ts_recent_at || now - c.ts_recent_at <= ts_recent_lifetime_ms;

  // RFC 7323 §5.3 R1 (PAWS): with timestamps in use, a segment whose
  // SEG.TSval is before a valid TS.Recent is an old duplicate; a RST is
  // never held back by its timestamp (§5.2).
  predicate paws_old(tcpfsm_conn c, tcpfsm_segment s, integer now) =
      c.ts_on != 0 && (s.flags & TCPFSM_RST) == 0 &&
      (s.options & TCPFSM_OPT_TIMESTAMP) != 0 &&
      seq_lt(s.ts_val, c.ts_recent) && ts_recent_valid_at(c, now);

  // RFC 7323 §3.2: once timestamps are in use, a segment other than a RST
  // without the option is dropped (unless TCPFSM_CFG_TS_OPTIONAL takes it).
  predicate ts_option_missing(tcpfsm_conn c, tcpfsm_segment s) =
      c.ts_on != 0 && (s.flags & TCPFSM_RST) == 0 &&
      (s.options & TCPFSM_OPT_TIMESTAMP) == 0 &&
      (c.cfg.flags & TCPFSM_CFG_TS_OPTIONAL) == 0;

  // RFC 7323 §4.3 (1) and §5.3 R3: an acceptable segment with the option
  // and SEG.SEQ =< Last.ACK.sent sets TS.Recent to its SEG.TSval, unless
  // that is older than TS.Recent (which does not count once TS.Recent is no
  // longer valid, §5.5).
  predicate ts_recent_update(tcpfsm_conn c, tcpfsm_segment s, integer now) =
      c.ts_on != 0 && (s.options & TCPFSM_OPT_TIMESTAMP) != 0 &&
      seq_leq(s.seq, c.last_ack_sent) &&
      !(seq_lt(s.ts_val, c.ts_recent) && ts_recent_valid_at(c, now));

  // RFC 5961 §7: challenge ACKs are limited per time period, here at most
  // cfg.challenge_limit in each cfg.challenge_window_ms (0: no limit).  A
  // new period starts at `now` once the current one is over, or when the
  // clock is seen to go back.
  predicate challenge_new_window(tcpfsm_conn c, integer now) =
      now < c.challenge_start || now - c.challenge_start >= c.cfg.challenge_window_ms;
  // The challenge ACKs already sent in the period `now` falls in.
  logic integer challenge_sent(tcpfsm_conn c, integer now) =
      now < c.challenge_start || now - c.challenge_start >= c.cfg.challenge_window_ms
      ? 0 : c.challenge_count;
  // One more may go out: throttling is off, or the period's count is
  // below the limit.
  predicate challenge_ack_allowed(tcpfsm_conn c, integer now) =
      c.cfg.challenge_limit == 0 || challenge_sent(c, now) < c.cfg.challenge_limit;

  // Ranges of sequence space (src/core/ranges.c) seen from a base that none of
  // them lies before (RCV.NXT, SND.UNA): [lo, hi) in offsets from it,
  // where nothing wraps.  A range whose right edge lies before its left
  // edge, seen from base, is no range there.
  logic integer range_lo(tcpfsm_sack_block r, integer base) = seq_dist(r.left, base);
  logic integer range_hi(tcpfsm_sack_block r, integer base) = seq_dist(r.right, base);
  predicate range_formed(tcpfsm_sack_block r, integer base) =
      range_lo(r, base) <= range_hi(r, base);

  // r overlaps or touches [lo, hi): the two become one range.
  predicate range_touches(tcpfsm_sack_block r, integer base, integer lo, integer hi) =
      range_formed(r, base) && range_lo(r, base) <= hi && lo <= range_hi(r, base);

  // Adding [lo, hi) forgets no range: a slot is free, or it joins one.
  predicate ranges_fit(tcpfsm_ranges rs, integer base, integer lo, integer hi) =
      rs.count < TCPFSM_OOO_RANGES ||
      (\exists integer t; 0 <= t < rs.count && range_touches(rs.range[t], base, lo, hi));

  // Every byte of [lo, hi) is in some range of rs.
  predicate ranges_hold(tcpfsm_ranges rs, integer base, integer lo, integer hi) =
      \exists integer m; 0 <= m < rs.count && 0 <= m < TCPFSM_OOO_RANGES &&
          range_lo(rs.range[m], base) <= lo && hi <= range_hi(rs.range[m], base);

  // Nothing that was in a range of before is out of every range of after
  // (RFC 2018 §8: a receiver that reported it must not renege).
  predicate ranges_kept(tcpfsm_ranges before, tcpfsm_ranges after, integer base) =
      \forall integer k; 0 <= k < before.count && 0 <= k < TCPFSM_OOO_RANGES &&
          range_formed(before.range[k], base) ==>
          ranges_hold(after, base, range_lo(before.range[k], base),
                      range_hi(before.range[k], base));

  // RFC 2883 §4: a D-SACK block reports bytes of the segment that drew it,
  // [seq, seq + len), that had been received already.
  predicate dsack_in_segment(tcpfsm_sack_block b, integer seq, integer len) =
      seq_dist(b.left, seq) < seq_dist(b.right, seq) <= len;

  // RFC 2883 §4 (and the example of §4.1.1): a segment that starts before
  // RCV.NXT repeats the bytes it holds before RCV.NXT, and the block is
  // exactly those, [SEG.SEQ, min(SEG.SEQ + SEG.LEN, RCV.NXT)).
  predicate dsack_below_rcv_nxt(tcpfsm_sack_block b, integer rcv_nxt, integer seq,
                                integer len) =
      b.left == seq && seq_dist(b.right, seq) == \min(len, seq_dist(rcv_nxt, seq));

  // An ICMP error the core takes (anything else is TCPFSM_ERR_INVALID_ARG).
  predicate icmp_ok(integer kind, integer mss) =
      kind < TCPFSM_ICMP_KIND_COUNT && (kind == TCPFSM_ICMP_PACKET_TOO_BIG ==> mss >= 1);

  // RFC 5927 §4.1: the message quotes a sequence number sent and not yet
  // acknowledged, SND.UNA .. SND.NXT - 1, and means something to TCP.
  predicate icmp_about(tcpfsm_conn c, integer kind, integer seq) =
      kind != TCPFSM_ICMP_NONE && seq_dist(seq, c.snd_una) < seq_dist(c.snd_nxt, c.snd_una);

  // What a message that is not about the connection leaves as it was:
  // the state, the sequence space, the send MSS, the soft error, the
  // congestion window and the timers.
  predicate icmp_unchanged(tcpfsm_conn a, tcpfsm_conn b) =
      a.state == b.state && a.snd_una == b.snd_una && a.snd_nxt == b.snd_nxt &&
      a.rcv_nxt == b.rcv_nxt && a.snd_mss == b.snd_mss && a.soft_error == b.soft_error &&
      a.cwnd == b.cwnd && a.ssthresh == b.ssthresh &&
      a.rtx_deadline == b.rtx_deadline && a.user_deadline == b.user_deadline;

  // The errors that end a connection in SYN-SENT under each
  // tcpfsm_config.icmp_abort (RFC 9293 §3.9.2.2 SHLD-26; FreeBSD's
  // icmp_may_rst).
  predicate icmp_hard(integer policy, integer kind) =
      policy != TCPFSM_ICMP_ABORT_NONE &&
      (kind == TCPFSM_ICMP_REFUSED ||
       (policy == TCPFSM_ICMP_ABORT_BSD &&
        (kind == TCPFSM_ICMP_PROHIBITED || kind == TCPFSM_ICMP_TIME_EXCEEDED)));

  // The message ends the connection: a hard error in SYN-SENT.
  predicate icmp_ends(integer state, integer policy, integer kind) =
      state == TCPFSM_SYN_SENT && icmp_hard(policy, kind);

  // tcpfsm_config.syn_drop_options_at: from that retransmission of our
  // SYN on, SYN-SENT offers only the MSS option (FreeBSD's
  // rexmit_drop_options, tcp_timer_rexmt).
  predicate syn_options_dropped(tcpfsm_conn c) =
      c.state == TCPFSM_SYN_SENT && c.cfg.syn_drop_options_at != 0 &&
      c.retries >= c.cfg.syn_drop_options_at;

  // Our SYN offers the option that configuration flag `flag` asks for
  // (TCPFSM_CFG_WSCALE, _TIMESTAMPS, _SACK), and a peer's SYN that
  // carries it settles its use (RFC 7323 §2.2, §3.2; RFC 2018 §2).
  predicate syn_offers(tcpfsm_conn c, integer flag) =
      (c.cfg.flags & flag) != 0 && !syn_options_dropped(c);

  // tcpfsm_config.syn_cache: FreeBSD's SYN cache judges what arrives for a
  // passive open in SYN-RECEIVED, while the user has not used it (no
  // socket exists there before the handshake completes).
  predicate syn_cache_holds(tcpfsm_conn c) =
      c.cfg.syn_cache != 0 && c.state == TCPFSM_SYN_RECEIVED && c.passive != 0 &&
      c.snd_queued == 0 && c.fin_queued == 0;

  // The ranges tcpfsm_init accepts (README.md, "Configuration").
  predicate config_ok(tcpfsm_config cfg) =
      1 <= cfg.rcv_buf <= TCPFSM_MAX_RCV_BUF && cfg.mss >= TCPFSM_MIN_MSS &&
      1 <= cfg.rto_min_ms <= cfg.rto_initial_ms <= cfg.rto_max_ms &&
      60000 <= cfg.rto_max_ms <= 3600000 &&
      cfg.msl2_ms >= 1 && cfg.max_retries >= 1 &&
      cfg.challenge_window_ms >= 1 &&
      1 <= cfg.ts_tick_ms <= 1000 &&
      1 <= cfg.init_window <= TCPFSM_MAX_INIT_WINDOW &&
      cfg.delack_ms <= TCPFSM_MAX_DELACK_MS &&
      cfg.keepalive_count >= 1 && cfg.keepalive_idle_s >= 1 &&
      cfg.keepalive_interval_s >= 1;

  // What tcpfsm_init accepts: the above, no compat bit without a meaning
  // and a shift RFC 7323 §2.3 allows (kept out of config_ok, and so of the
  // connection invariant, which needs no fact about either).
  predicate config_accepted(tcpfsm_config cfg) =
      config_ok(cfg) && cfg.compat <= TCPFSM_COMPAT_ALL &&
      cfg.icmp_abort <= TCPFSM_ICMP_ABORT_BSD && cfg.ecn <= TCPFSM_ECN_REQUEST &&
      cfg.time_wait_reopen <= 1 && cfg.syn_cache <= 1 && cfg.rack_tlp <= 1 &&
      (cfg.wscale <= TCPFSM_MAX_WSCALE || cfg.wscale == TCPFSM_WSCALE_AUTO);

  // RFC 1122 §4.2.3.6: the states in which an idle connection rests, and
  // keepalive may probe it (in the others our SYN or FIN is in flight).
  predicate keepalive_state(integer s) =
      s == TCPFSM_ESTABLISHED || s == TCPFSM_FIN_WAIT_2 || s == TCPFSM_CLOSE_WAIT;

  // RFC 1122 §4.2.3.6 and RFC 9293 §3.8.4: a keepalive probe is
  // <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>, an old sequence number that the
  // peer must answer with an ACK (§3.10.7.4); sent here without the one
  // garbage byte the RFC allows.
  predicate keepalive_probe(tcpfsm_tx t, integer snd_nxt, integer rcv_nxt) =
      t.seq == seq_plus(snd_nxt, seq_mod - 1) && t.ack == rcv_nxt &&
      t.flags == TCPFSM_ACK && t.data_len == 0;

  // Keepalive's switch and timer role are facts; never more probes
  // unanswered than the count that ends the connection.
  predicate keepalive_ok(tcpfsm_conn c) =
      (c.keepalive == 0 || c.keepalive == 1) &&
      (c.keepalive_armed == 0 || c.keepalive_armed == 1) &&
      c.keepalive_probes <= c.cfg.keepalive_count;

  // RFC 7323 §2.3: 2^s for the shifts 0 .. 14, written out (no shifts in
  // the logic: the provers do not evaluate them).
  logic integer wscale_unit(integer s) =
      s <= 0 ? 1 : s == 1 ? 2 : s == 2 ? 4 : s == 3 ? 8 : s == 4 ? 16 :
      s == 5 ? 32 : s == 6 ? 64 : s == 7 ? 128 : s == 8 ? 256 : s == 9 ? 512 :
      s == 10 ? 1024 : s == 11 ? 2048 : s == 12 ? 4096 : s == 13 ? 8192 : 16384;

  // Window scaling: shifts of at most 14, both 0 unless both SYNs
  // offered it (RFC 7323 §2.2-§2.3).
  predicate wscale_ok(tcpfsm_conn c) =
      (c.wscale_on == 0 || c.wscale_on == 1) &&
      c.snd_wscale <= TCPFSM_MAX_WSCALE && c.rcv_wscale <= TCPFSM_MAX_WSCALE &&
      (c.wscale_on == 0 ==> c.snd_wscale == 0 && c.rcv_wscale == 0);

  // Congestion control (RFC 5681, RFC 6582): a window of at least a byte,
  // bounded like the send queue; a known recovery; a pending
  // retransmission is a flag.
  predicate cc_ok(tcpfsm_conn c) =
      1 <= c.cwnd <= TCPFSM_MAX_CWND && c.ssthresh <= TCPFSM_MAX_CWND &&
      c.bytes_acked <= TCPFSM_MAX_CWND &&
      c.recovery <= TCPFSM_RECOVERY_SACK && (c.rtx_due == 0 || c.rtx_due == 1);

  // Our SYN and FIN in the sequence space: the SYN until it is
  // acknowledged, the FIN once sent (it stays counted after its ACK, when
  // SND.UNA = SND.NXT anyway).
  logic integer syn_unacked(tcpfsm_conn c) =
      c.state >= TCPFSM_SYN_SENT && c.syn_acked == 0 ? 1 : 0;
  logic integer controls_sent(tcpfsm_conn c) =
      syn_unacked(c) + (c.fin_sent != 0 ? 1 : 0);

  // Data bytes sent and not acknowledged; queued bytes not sent yet.
  logic integer data_in_flight(tcpfsm_conn c) =
      seq_dist(c.snd_nxt, c.snd_una) >= controls_sent(c)
      ? seq_dist(c.snd_nxt, c.snd_una) - controls_sent(c) : 0;
  logic integer data_unsent(tcpfsm_conn c) =
      c.snd_queued >= data_in_flight(c) ? c.snd_queued - data_in_flight(c) : 0;

  // The connection invariant, conn_ok below, but for our SYN being
  // acknowledged in ESTABLISHED: what holds while the ACK that ends the
  // handshake is taken (the state changes, then SND.UNA moves past the SYN).
  predicate conn_base_ok(tcpfsm_conn c) =
      state_ok(c.state) && config_ok(c.cfg) &&
      c.rcv_unread <= c.cfg.rcv_buf &&
      seq_dist(c.rcv_adv, c.rcv_nxt) <= c.cfg.rcv_buf - c.rcv_unread &&
      c.snd_queued <= 0x40000000 &&
      // SND.UNA =< SND.NXT (§3.3.1): in flight are at most the queued
      // data, our SYN and our FIN, far less than half the sequence space
      seq_dist(c.snd_nxt, c.snd_una) <= c.snd_queued + controls_sent(c) &&
      // scaled windows: at most 65535 << 14 (RFC 7323 §2.3)
      c.snd_wnd <= TCPFSM_MAX_RCV_BUF && c.max_snd_wnd <= TCPFSM_MAX_RCV_BUF &&
      wscale_ok(c) && (c.ts_on == 0 || c.ts_on == 1) && cc_ok(c) &&
      (c.nodelay == 0 || c.nodelay == 1) && keepalive_ok(c) &&
      // RFC 2018: SACK in use is a fact; the out-of-order ranges and the
      // RFC 6675 scoreboard fit
      (c.sack_on == 0 || c.sack_on == 1) && c.ooo.count <= TCPFSM_OOO_RANGES &&
      c.sacked.count <= TCPFSM_OOO_RANGES &&
      c.cfg.rto_min_ms <= c.rto <= c.cfg.rto_max_ms &&
      c.srtt8 <= 0x10000000 && c.rttvar4 <= 0x10000000 &&
      c.retries <= c.cfg.max_retries &&
      c.snd_mss >= 1 &&
      // RFC 5961 §7: never more challenge ACKs in a window than the limit
      (c.cfg.challenge_limit == 0 || c.challenge_count <= c.cfg.challenge_limit) &&
      // CLOSED and LISTEN hold no sequence state of a peer, nor data
      (c.state <= TCPFSM_LISTEN ==>
          c.irs == 0 && c.rcv_nxt == 0 && c.rcv_adv == 0 && c.wscale_on == 0 && c.ts_on == 0 &&
          c.snd_una == c.snd_nxt && c.snd_queued == 0) &&
      // SYN-SENT and SYN-RECEIVED: our SYN, and only it, is in flight
      // (§3.10.1; data waits for ESTABLISHED)
      (c.state == TCPFSM_SYN_SENT || c.state == TCPFSM_SYN_RECEIVED ==>
          c.snd_una == c.iss && seq_dist(c.snd_nxt, c.iss) == 1 && c.syn_acked == 0) &&
      // the user timeout runs only while something is unacknowledged
      (c.snd_una == c.snd_nxt ==> c.user_deadline == TCPFSM_NO_DEADLINE) &&
      // our FIN goes out only after CLOSE has left ESTABLISHED or
      // CLOSE-WAIT (§3.10.4)
      (c.state <= TCPFSM_ESTABLISHED || c.state == TCPFSM_CLOSE_WAIT ==> c.fin_sent == 0) &&
      // CLOSE queues our FIN in SYN-RECEIVED (behind data), FIN-WAIT-1,
      // CLOSING and LAST-ACK until it is sent, once (§3.10.4)
      (c.fin_queued != 0 ==> c.fin_sent == 0 &&
          (c.state == TCPFSM_SYN_RECEIVED || c.state == TCPFSM_FIN_WAIT_1 ||
           c.state == TCPFSM_CLOSING || c.state == TCPFSM_LAST_ACK)) &&
      // before the peer's SYN nothing has been received, nor acknowledged
      (c.state <= TCPFSM_SYN_SENT ==> c.rcv_unread == 0 && c.syn_acked == 0) &&
      // FIN-WAIT-2 and TIME-WAIT: our FIN was sent and acknowledged
      (c.state == TCPFSM_FIN_WAIT_2 || c.state == TCPFSM_TIME_WAIT ==>
          c.fin_sent != 0 && c.snd_una == c.snd_nxt) &&
      // an ACK is held only where data is received (§3.8.6.3): a FIN is
      // acknowledged at once
      (c.ack_deadline != TCPFSM_NO_DEADLINE ==>
          c.state == TCPFSM_ESTABLISHED || c.state == TCPFSM_FIN_WAIT_1 ||
          c.state == TCPFSM_FIN_WAIT_2) &&
      // TIME-WAIT always ends: the 2 MSL timer runs (§3.10.8)
      (c.state == TCPFSM_TIME_WAIT ==> c.rtx_deadline != TCPFSM_NO_DEADLINE);

  // The connection invariant: what every call relies on and re-establishes.
  // Our SYN may stay unacknowledged after the handshake only where CLOSE in
  // SYN-RECEIVED led (FIN-WAIT-1, CLOSING); where the handshake completed
  // with an ACK (ESTABLISHED, CLOSE-WAIT, LAST-ACK) that ACK covered it.
  predicate conn_ok(tcpfsm_conn c) =
      conn_base_ok(c) &&
      (c.state == TCPFSM_ESTABLISHED || c.state == TCPFSM_CLOSE_WAIT ||
       c.state == TCPFSM_LAST_ACK ==> c.syn_acked != 0);

  // CLOSE was called: the user's direction is closed or closing (§3.10.4).
  predicate closed_by_user(tcpfsm_conn c) =
      (c.state >= TCPFSM_FIN_WAIT_1 && c.state != TCPFSM_CLOSE_WAIT) || c.fin_queued != 0;

  // The state changes of two steps of §3.10.7.4, of which a segment's
  // transition (segment_step, spec/tcpfsm_transitions.h) is composed in
  // the synchronized states.  The fifth step, the ACK:
  predicate ack_moves(integer from, integer to) =
      from == to
   || (from == TCPFSM_SYN_RECEIVED && (to == TCPFSM_ESTABLISHED || to == TCPFSM_FIN_WAIT_1))
   || (from == TCPFSM_FIN_WAIT_1 && to == TCPFSM_FIN_WAIT_2)
   || (from == TCPFSM_CLOSING && to == TCPFSM_TIME_WAIT)
   || (from == TCPFSM_LAST_ACK && to == TCPFSM_CLOSED);
  // The eighth step, the FIN:
  predicate fin_moves(integer from, integer to) =
      from == to
   || (from == TCPFSM_ESTABLISHED && to == TCPFSM_CLOSE_WAIT)
   || (from == TCPFSM_FIN_WAIT_1 && to == TCPFSM_CLOSING)
   || (from == TCPFSM_FIN_WAIT_2 && to == TCPFSM_TIME_WAIT);

  // A segment the core accepts (anything else is TCPFSM_ERR_INVALID_ARG).
  predicate segment_ok(tcpfsm_segment s) =
      s.len <= 0x40000000 && s.options <= 31 &&
      ((s.options & 1) == 0 || s.mss > 0) &&
      // SACK blocks (RFC 2018 §3) exactly when TCPFSM_OPT_SACK says so
      s.sack_count <= TCPFSM_MAX_SACK_BLOCKS && (s.options >= 16 <==> s.sack_count >= 1);

  // A time on the core's clock (tcpfsm_clock) read on the caller's: less
  // the steps back the caller's clock took, never before 0; no deadline
  // stays none.  The next deadline is the earliest of the four timers.
  logic integer callers_time(tcpfsm_conn c, integer t) =
      t == TCPFSM_NO_DEADLINE ? t : (t >= c.clock_skew ? t - c.clock_skew : 0);
  logic integer next_deadline(tcpfsm_conn c) =
      callers_time(c, \min(\min(c.rtx_deadline, c.loss_deadline),
                           \min(c.user_deadline, c.ack_deadline)));

  // RFC 6298 §5.1: whatever is in flight (our SYN, data, our FIN) has the
  // retransmission timer running.  Every public call that takes a
  // connection requires it beside conn_ok and keeps it; within a call the
  // timer may lag what the call has just sent, until tcpfsm_rearm runs at
  // its end.  (Not part of conn_ok for that reason; and stated beside it,
  // not folded with it into one predicate, which the provers would have to
  // unfold whole.)
  predicate rtx_timer_runs(tcpfsm_conn c) =
      c.snd_una != c.snd_nxt ==> c.rtx_deadline != TCPFSM_NO_DEADLINE;
  // A deadline a call at time t sets: none, or after t (at the end of
  // time, the last instant before TCPFSM_NO_DEADLINE: tcpfsm_deadline_after
  // saturates there).  One the call kept may be due already.
  predicate deadline_ahead(integer d, integer t) =
      d == TCPFSM_NO_DEADLINE || d > t || d == TCPFSM_NO_DEADLINE - 1;
  predicate deadline_kept_or_ahead(integer before, integer after, integer t) =
      after == before || deadline_ahead(after, t);
  // The time a call runs at (tcpfsm_clock), from the caller's `now` and
  // the clock's state before it: the steps back added, never behind the
  // latest time a call ran at.
  logic integer clock_at(integer now, integer skew, integer latest) =
      \max(\min(now + skew, 18446744073709551615), latest);
  // One of the four timers (user, retransmission, delayed ACK, RFC 8985's
  // loss timer) is due at time t (on the core's clock).
  predicate timer_due(integer user, integer rtx, integer ack, integer loss, integer t) =
      (user != TCPFSM_NO_DEADLINE && user <= t) || (rtx != TCPFSM_NO_DEADLINE && rtx <= t) ||
      (ack != TCPFSM_NO_DEADLINE && ack <= t) || (loss != TCPFSM_NO_DEADLINE && loss <= t);

  // The FIN-WAIT-2 timeout runs (timer.c): the user will receive no more
  // (tcpfsm_shutdown_receive) and the configuration sets one.
  predicate fin_wait_2_timer_runs(tcpfsm_conn c) =
      c.state == TCPFSM_FIN_WAIT_2 && c.rcv_shut != 0 && c.cfg.fin_wait_2_timeout_ms != 0;

  // SEG.LEN of RFC 9293 §3.4: payload plus SYN plus FIN.
  logic integer seg_len(tcpfsm_segment s) =
      s.len + ((s.flags & 2) != 0 ? 1 : 0) + ((s.flags & 1) != 0 ? 1 : 0);

  // The caller's output: never more segments than it holds.
  predicate out_ok(tcpfsm_output o) = o.count <= 8;

  // RFC 9293 §3.1: the control-bit combinations the core sends.  (The bits
  // are distinct, so + is |; the provers do not evaluate | in a definition.)
  // Those that acknowledge, RCV.NXT ...
  predicate acknowledges(integer f) =
      f == TCPFSM_ACK || f == TCPFSM_ACK + TCPFSM_PSH || f == TCPFSM_SYN + TCPFSM_ACK ||
      f == TCPFSM_FIN + TCPFSM_ACK || f == TCPFSM_FIN + TCPFSM_ACK + TCPFSM_PSH;
  // ... and the others: our SYN, and the resets (a RST,ACK answers a
  // segment, §3.10.7.1, and acknowledges no connection's data).
  predicate flags_ok(integer f) =
      acknowledges(f) || f == TCPFSM_SYN || f == TCPFSM_RST || f == TCPFSM_RST + TCPFSM_ACK;

  // The kind of an emitted segment (spec/tcpfsm_kinds.h), the names the
  // emits and also columns of spec/transitions.def use.
  logic integer tx_kind(tcpfsm_tx t) =
      t.flags == TCPFSM_SYN ? TCPFSM_KIND_SYN :
      t.flags == TCPFSM_SYN + TCPFSM_ACK ? TCPFSM_KIND_SYN_ACK :
      t.flags == TCPFSM_ACK || t.flags == TCPFSM_ACK + TCPFSM_PSH ?
          (t.data_len == 0 ? TCPFSM_KIND_ACK : TCPFSM_KIND_DATA) :
      t.flags == TCPFSM_FIN + TCPFSM_ACK || t.flags == TCPFSM_FIN + TCPFSM_ACK + TCPFSM_PSH ?
          TCPFSM_KIND_FIN_ACK :
      t.flags == TCPFSM_RST ? TCPFSM_KIND_RST :
      t.flags == TCPFSM_RST + TCPFSM_ACK ? TCPFSM_KIND_RST_ACK : TCPFSM_KIND_NONE;

  // Our SYN in SYN-SENT, SYN,ACK in every later state (§3.10.7.2-3).
  logic integer syn_kind(integer state) =
      state == TCPFSM_SYN_SENT ? TCPFSM_KIND_SYN : TCPFSM_KIND_SYN_ACK;
  // The two resets: <CTL=RST>, and <CTL=RST,ACK> (§3.10.7.1).
  logic integer rst_kind(integer flags) =
      flags == TCPFSM_RST ? TCPFSM_KIND_RST : TCPFSM_KIND_RST_ACK;
  // The states that send data and FIN (§3.10.2, §3.10.4): from ESTABLISHED
  // until our FIN is sent.
  // The states that take text (§3.10.7.4 seventh step): the peer's FIN
  // has not arrived.
  predicate text_state(integer s) =
      s == TCPFSM_ESTABLISHED || s == TCPFSM_FIN_WAIT_1 || s == TCPFSM_FIN_WAIT_2;
  // RFC 9293 §3.8.5: how far SEG.SEQ + SEG.UP, the octet after the urgent
  // data, lies beyond the user's read point (RCV.NXT less the bytes
  // delivered and unread) in a state that takes text.
  logic integer urgent_ahead(integer rcv_nxt, integer unread, integer seq, integer up) =
      seq_dist(seq_plus(seq, up), seq_plus(rcv_nxt, seq_mod - unread));
  predicate sending_state(integer s) =
      s == TCPFSM_ESTABLISHED || s == TCPFSM_CLOSE_WAIT || s == TCPFSM_FIN_WAIT_1 ||
      s == TCPFSM_CLOSING || s == TCPFSM_LAST_ACK;

  // A call appended entries to the output p, leaving those it held alone.
  predicate appended(tcpfsm_output p, tcpfsm_output o) =
      p.count <= o.count && \forall integer i; 0 <= i < p.count ==> o.tx[i] == p.tx[i];

  // RFC 9293 §3.3.1, §3.8.6.2.1: a segment that carries data carries bytes
  // of the send buffer from their place in the sequence space.  The
  // buffer's first byte has the number base (SND.UNA, one more while our
  // SYN is unacknowledged); a segment's data_offset counts from it, so its
  // SEQ is base + data_offset, and all its data_len bytes are queued.
  logic integer send_base(tcpfsm_conn c) = seq_plus(c.snd_una, syn_unacked(c));
  // the data bytes of o.tx[from .. to - 1]
  logic integer data_sent(tcpfsm_output o, integer from, integer to) =
      to <= from ? 0 : data_sent(o, from, to - 1) + o.tx[to - 1].data_len;
  predicate data_placed(tcpfsm_output o, integer from, integer base, integer queued) =
      \forall integer i; from <= i < o.count ==> o.tx[i].data_len > 0 ==>
          o.tx[i].seq == seq_plus(base, o.tx[i].data_offset) &&
          o.tx[i].data_offset + o.tx[i].data_len <= queued;

  // RFC 9406 HyStart++ (src/core/hystart.c).  §4.2: what one ACK of
  // `acked` bytes adds to cwnd in the first slow start, L * SMSS at most
  // (L = 0: no limit), a quarter of it in Conservative Slow Start (phase
  // 2, TCPFSM_HYSTART_CSS).
  logic integer hystart_limited(integer acked, integer l, integer smss) =
      l == 0 ? acked : \min(acked, l * smss);
  logic integer hystart_growth(integer phase, integer acked, integer l, integer smss) =
      phase == 2 ? hystart_limited(acked, l, smss) / 4 : hystart_limited(acked, l, smss);
  // §4.2: RttThresh = max(4 ms, min(lastRoundMinRTT / 8, 16 ms)); a round
  // whose least sample rose by it over the round before's ends slow start.
  logic integer hystart_rtt_thresh(integer last_min_rtt) =
      \max(4, \min(last_min_rtt / 8, 16));
  predicate hystart_delay_rose(tcpfsm_conn c) =
      c.hs_samples >= 8 && c.hs_round_min_rtt != 0xFFFFFFFF &&
      c.hs_last_min_rtt != 0xFFFFFFFF &&
      c.hs_round_min_rtt >= c.hs_last_min_rtt + hystart_rtt_thresh(c.hs_last_min_rtt);

  // RFC 8985 (src/core/rack.c).  §7.2 PTO, in ms: 2 SRTT (1 s before a
  // sample), 200 ms more (WCDelAckT) when at most one segment of data is in
  // flight, at least 2 ms.
  logic integer tlp_pto(tcpfsm_conn c) =
      \max(2, (c.have_rtt != 0 ? c.srtt8 / 4 : 1000)
              + (data_in_flight(c) <= c.snd_mss ? 200 : 0));
  // §6.2 step 4 RACK.reo_wnd, in ms: none during a recovery until
  // reordering has been seen; else RACK.reo_wnd_mult (`reordering`, 1
  // until seen) quarters of the least RTT, each rounded up, at most SRTT,
  // at least 1.
  logic integer rack_reo_wnd(integer recovery, integer reordering, integer min_rtt,
                             integer srtt8) =
      recovery != TCPFSM_RECOVERY_NONE && reordering == 0 ? 0
      : \max(1, \min(\max(reordering, 1) * ((min_rtt + 3) / 4), \max(srtt8 / 8, 1)));

  // RFC 3042 limited transmit: the first two duplicate ACKs outside
  // recovery each let one more segment beyond cwnd (tcpfsm_cc_window).
  logic integer cc_allowance(integer recovery, integer dupacks, integer cwnd, integer smss) =
      recovery == TCPFSM_RECOVERY_NONE && 1 <= dupacks <= 2
      ? \min(cwnd + dupacks * smss, TCPFSM_MAX_CWND) : cwnd;
  // Window compliance of a call that may send new sequence space (data or
  // FIN): SND.NXT stays where it was (nxt0), or ends within SND.UNA +
  // SND.WND (RFC 9293 §3.8.6.2.1) and, outside RFC 6675 recovery, within
  // SND.UNA + cwnd with limited transmit's allowance (RFC 5681 §3.1, RFC
  // 3042).  In SACK recovery each segment is at most cwnd - pipe as
  // SetPipe counts it then (RFC 6675 §5 (C)); pipe is not logic yet.  The
  // zero-window probe is the one other exception (tcpfsm_probe).  Stated
  // on fields, not on the connection: a predicate of the whole block makes
  // every field a goal after each write.
  predicate window_respected(integer nxt0, integer nxt, integer una, integer wnd,
                             integer recovery, integer allowance) =
      nxt == nxt0 ||
      (seq_dist(nxt, una) <= wnd &&
       (recovery == TCPFSM_RECOVERY_SACK || seq_dist(nxt, una) <= allowance));

  // The entries of o from index `from` on are each of kind a or b.
  predicate kinds_from(tcpfsm_output o, integer from, integer a, integer b) =
      \forall integer i; from <= i < o.count ==> tx_kind(o.tx[i]) == a || tx_kind(o.tx[i]) == b;

  // Entry i of the output, when used, has a legal combination of control
  // bits, and acknowledges RCV.NXT if it acknowledges at all.
  predicate tx_entry_ok(tcpfsm_output o, integer i, integer rcv_nxt) =
      i >= o.count ||
      (flags_ok(o.tx[i].flags) && (acknowledges(o.tx[i].flags) ==> o.tx[i].ack == rcv_nxt));

  // Every segment in the output is so.  Written out for the eight entries
  // (TCPFSM_MAX_TX) rather than with \forall: the provers then need no
  // quantifier instantiation.
  predicate tx_ok(tcpfsm_output o, integer rcv_nxt) =
      tx_entry_ok(o, 0, rcv_nxt) && tx_entry_ok(o, 1, rcv_nxt) &&
      tx_entry_ok(o, 2, rcv_nxt) && tx_entry_ok(o, 3, rcv_nxt) &&
      tx_entry_ok(o, 4, rcv_nxt) && tx_entry_ok(o, 5, rcv_nxt) &&
      tx_entry_ok(o, 6, rcv_nxt) && tx_entry_ok(o, 7, rcv_nxt);
*/

#include "tcpfsm_transitions.h"

#endif
