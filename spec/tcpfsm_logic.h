/*
 * ACSL logic of tcpfsm: the definitions the contracts in src/ are written
 * with.  Read by Frama-C only (src/tcpfsm.h includes it when __FRAMAC__ is
 * defined); plain C compilers never see it.  Nothing here is assumed: there
 * are definitions and predicates, no axioms.
 */
#ifndef TCPFSM_LOGIC_H
#define TCPFSM_LOGIC_H

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

  // The ranges tcpfsm_init accepts (README.md, "Configuration").
  predicate config_ok{L}(tcpfsm_config *cfg) =
      1 <= cfg->rcv_buf <= 65535 && cfg->mss >= 64 &&
      1 <= cfg->rto_min_ms <= cfg->rto_initial_ms <= cfg->rto_max_ms &&
      60000 <= cfg->rto_max_ms <= 3600000 &&
      cfg->msl2_ms >= 1 && cfg->max_retries >= 1 &&
      cfg->flags <= 3;

  // The connection invariant: what every call relies on and re-establishes.
  predicate conn_ok{L}(tcpfsm_conn *c) =
      state_ok(c->state) && config_ok(&c->cfg) &&
      c->rcv_unread <= c->cfg.rcv_buf &&
      seq_dist(c->rcv_adv, c->rcv_nxt) <= c->cfg.rcv_buf - c->rcv_unread &&
      c->snd_queued <= 0x40000000 &&
      c->snd_wnd <= 65535 && c->max_snd_wnd <= 65535 &&
      c->cfg.rto_min_ms <= c->rto <= c->cfg.rto_max_ms &&
      c->srtt8 <= 0x10000000 && c->rttvar4 <= 0x10000000 &&
      c->retries <= c->cfg.max_retries &&
      c->snd_mss >= 1 &&
      // before the peer's SYN nothing has been received, nor closed
      (c->state <= 2 ==> c->rcv_unread == 0 && c->fin_queued == 0 && c->fin_sent == 0);

  // A segment the core accepts (anything else is TCPFSM_ERR_INVALID_ARG).
  predicate segment_ok{L}(tcpfsm_segment *s) =
      s->len <= 0x40000000 && s->options <= 15 &&
      ((s->options & 1) == 0 || s->mss > 0);

  // SEG.LEN of RFC 9293 §3.4: payload plus SYN plus FIN.
  logic integer seg_len{L}(tcpfsm_segment *s) =
      s->len + ((s->flags & 2) != 0 ? 1 : 0) + ((s->flags & 1) != 0 ? 1 : 0);

  // The caller's output: never more segments than it holds.
  predicate out_ok{L}(tcpfsm_output *o) = o->count <= 8;
*/

#endif
