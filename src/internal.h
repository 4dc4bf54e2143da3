/*
 * Internal interface shared by the files of src/.  Not installed.
 * Each declaration names the file that defines it.
 */
#ifndef TCPFSM_INTERNAL_H
#define TCPFSM_INTERNAL_H

#include "tcpfsm.h"
#include "seq.h"

/* tcpfsm_conn.flags */
#define TCPFSM_CF_PASSIVE    0x01u /* came from LISTEN: RST in SYN-RECEIVED returns there */
#define TCPFSM_CF_SYN_ACKED  0x02u /* our SYN has been acknowledged */
#define TCPFSM_CF_FIN_QUEUED 0x04u /* CLOSE was called; the FIN is not sent yet */
#define TCPFSM_CF_FIN_SENT   0x08u /* our FIN occupies sequence number snd_nxt - 1 */
#define TCPFSM_CF_RTT_TIMING 0x10u /* a round-trip sample is being timed */
#define TCPFSM_CF_HAVE_RTT   0x20u /* srtt8/rttvar4 hold a measurement */

/* RFC 6298 §5.7: the RTO after a handshake that needed retransmission. */
#define TCPFSM_RTO_AFTER_SYN_LOSS_MS 3000u

/* tcb.c: bookkeeping of the transmission control block */
void     tcpfsm_reset_tcb(tcpfsm_conn *conn);
void     tcpfsm_enter_closed(tcpfsm_conn *conn, tcpfsm_output *out, uint8_t notes);
void     tcpfsm_enter_time_wait(tcpfsm_conn *conn, uint64_t now);
void     tcpfsm_rearm(tcpfsm_conn *conn, uint64_t now);
tcpfsm_error tcpfsm_finish(const tcpfsm_conn *conn, tcpfsm_output *out);
uint32_t tcpfsm_syn_unacked(const tcpfsm_conn *conn);
uint32_t tcpfsm_inflight_data(const tcpfsm_conn *conn);
uint32_t tcpfsm_unsent(const tcpfsm_conn *conn);
int      tcpfsm_valid_state(const tcpfsm_conn *conn);
void     tcpfsm_synchronize(tcpfsm_conn *conn, const tcpfsm_segment *seg);

/* output.c: filling the caller's output */
void     tcpfsm_out_clear(tcpfsm_output *out);
int      tcpfsm_emit(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags,
                     uint16_t window, uint32_t data_offset, uint32_t data_len);
uint16_t tcpfsm_advertise(tcpfsm_conn *conn);
int      tcpfsm_window_update_due(const tcpfsm_conn *conn);
void     tcpfsm_send_ack(tcpfsm_conn *conn, tcpfsm_output *out);
void     tcpfsm_send_syn(tcpfsm_conn *conn, tcpfsm_output *out);
void     tcpfsm_send_rst(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags);

/* transmit.c: new data and FIN, retransmission, zero-window probes */
void     tcpfsm_transmit(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out);
void     tcpfsm_retransmit(tcpfsm_conn *conn, tcpfsm_output *out);
void     tcpfsm_probe(tcpfsm_conn *conn, tcpfsm_output *out);

/* rtt.c: RFC 6298 */
void     tcpfsm_rtt_start(tcpfsm_conn *conn, uint32_t seq, uint64_t now);
void     tcpfsm_rtt_ack(tcpfsm_conn *conn, uint32_t ack, uint64_t now);
void     tcpfsm_rto_backoff(tcpfsm_conn *conn);

/* segment.c: SEGMENT ARRIVES */
int      tcpfsm_segment_valid(const tcpfsm_segment *seg);
uint32_t tcpfsm_seg_len(const tcpfsm_segment *seg);

/* reply.c: the reset that answers a segment belonging nowhere */
void     tcpfsm_rst_for(const tcpfsm_segment *seg, tcpfsm_output *out);

/* ack.c: the fifth step of §3.10.7.4 */
void     tcpfsm_ack_advance(tcpfsm_conn *conn, uint32_t ack, uint64_t now,
                            tcpfsm_output *out);
int      tcpfsm_process_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg,
                            uint64_t now, tcpfsm_output *out);

/* text.c: the seventh and eighth steps of §3.10.7.4 */
int      tcpfsm_process_text(tcpfsm_conn *conn, uint32_t data_seq, uint32_t len,
                             uint32_t fin, uint64_t now, tcpfsm_output *out);

#endif
