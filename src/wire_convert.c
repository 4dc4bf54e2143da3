/* Between the codec's segments and the core's: the decoded segment an
 * embedder hands to tcpfsm_on_segment, and the wire form of what the core
 * asks to send. */
#include "tcpfsm_wire.h"

tcpfsm_error tcpfsm_wire_to_segment(const tcpfsm_wire_segment *wire, tcpfsm_segment *seg)
{
    tcpfsm_segment s;
    uint32_t options;
    if (wire == 0 || seg == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (wire->payload_len > TCPFSM_MAX_PAYLOAD) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    options = wire->options % 16u; /* the four low bits: the options the core reads */
    if (wire->mss == 0u && options % 2u == 1u) {
        options -= TCPFSM_OPT_MSS; /* an MSS of 0 says nothing: as if absent */
    }
    s.seq = wire->seq;
    s.ack = wire->ack;
    s.len = wire->payload_len;
    s.window = wire->window;
    s.mss = wire->mss;
    s.flags = wire->flags;
    s.options = (uint8_t)options;
    s.wscale = wire->wscale;
    *seg = s;
    return TCPFSM_OK;
}

/* The wire form of tx, every field set. */
/*@ requires \valid_read(tx) && \valid(w) && \separated(tx, w);
    terminates \true;
    assigns *w;
    ensures wire_segment_ok(*w);
    ensures w->seq == tx->seq && w->ack == tx->ack && w->flags == tx->flags
            && w->payload_len == tx->data_len && w->window == tx->window
            && w->src_port == src_port && w->dst_port == dst_port;
*/
static void wire_of_tx(const tcpfsm_tx *tx, uint16_t src_port, uint16_t dst_port,
                       tcpfsm_wire_segment *w)
{
    tcpfsm_wire_segment none = {0};
    *w = none;
    w->src_port = src_port;
    w->dst_port = dst_port;
    w->seq = tx->seq;
    w->ack = tx->ack;
    w->flags = tx->flags;
    w->window = tx->window;
    w->payload_len = tx->data_len;
    /* the core sends MSS and window scale, on its SYNs */
    if ((tx->options & TCPFSM_OPT_MSS) != 0 && tx->mss > 0u) {
        w->options = (uint8_t)TCPFSM_OPT_MSS;
        w->mss = tx->mss;
    }
    if ((tx->options & TCPFSM_OPT_WSCALE) != 0) {
        w->options = (uint8_t)(w->options + TCPFSM_OPT_WSCALE);
        w->wscale = tx->wscale;
    }
}

tcpfsm_error tcpfsm_wire_from_tx(const tcpfsm_tx *tx, uint16_t src_port, uint16_t dst_port,
                                 tcpfsm_wire_segment *wire)
{
    tcpfsm_tx given;
    if (tx == 0 || wire == 0) {
        return TCPFSM_ERR_NULL;
    }
    given = *tx; /* read-only input: the core's own copy, as in src/segment.c */
    wire_of_tx(&given, src_port, dst_port, wire);
    return TCPFSM_OK;
}
