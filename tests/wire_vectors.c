/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TCP segments captured from Linux, for tests/test_wire.c.
 *
 * How they were captured (2026-11-25, kernel 6.18.44, Linux defaults:
 * net.ipv4.tcp_timestamps=1, tcp_sack=1, tcp_window_scaling=1): two network
 * namespaces joined by a veth pair (10.0.0.1/fd00::1 and 10.0.0.2/fd00::2),
 * checksum offload off on both ends (`ethtool -K <dev> tx off tso off gso
 * off gro off`), a python3 socket client sending 100 bytes to a python3
 * server that answers 26, captured with `tcpdump -i <dev> -w` on the
 * client's side and decoded with tshark 4.0.17 (`-o
 * tcp.relative_sequence_numbers:FALSE`).  The SACK segments come from a
 * 200 KB transfer with 20% of the server's arriving segments dropped by an
 * nftables rule after the capture point.  Loopback was tried first: there the
 * kernel leaves the checksum field as a partial sum for offload, so those
 * captures cannot test a checksum and are not used.
 *
 * Each vector: the TCP segment alone (no IP header), the IP addresses of its
 * pseudo-header, and what tshark decoded from it.
 */
#include "wire_vectors.h"

const wire_vector WIRE_VECTORS[] = {
    {"ipv4_syn", 0,
     {0x0a, 0x00, 0x00, 0x01},
     {0x0a, 0x00, 0x00, 0x02},
     "d6b013894740195200000000a002faf0cf710000020405b40402080a187a0652"
     "000000000103030a",
     {
      .src_port = 54960u, .dst_port = 5001u, .seq = 1195383122u, .header_len = 40u,
      .window = 64240u, .checksum = 0xcf71u, .mss = 1460u, .flags = 0x02u, .options = 0x0fu,
      .wscale = 10u, .ts_val = 410650194u}},
    {"ipv4_synack", 0,
     {0x0a, 0x00, 0x00, 0x02},
     {0x0a, 0x00, 0x00, 0x01},
     "1389d6b0e65ea66c47401953a012fe88f7670000020405b40402080a930bb489"
     "187a06520103030a",
     {
      .src_port = 5001u, .dst_port = 54960u, .seq = 3864962668u, .ack = 1195383123u,
      .header_len = 40u, .window = 65160u, .checksum = 0xf767u, .mss = 1460u, .flags = 0x12u,
      .options = 0x0fu, .wscale = 10u, .ts_val = 2467017865u, .ts_ecr = 410650194u}},
    {"ipv4_handshake_ack", 0,
     {0x0a, 0x00, 0x00, 0x01},
     {0x0a, 0x00, 0x00, 0x02},
     "d6b0138947401953e65ea66d8010003f248100000101080a187a0652930bb489",
     {
      .src_port = 54960u, .dst_port = 5001u, .seq = 1195383123u, .ack = 3864962669u,
      .header_len = 32u, .window = 63u, .checksum = 0x2481u, .flags = 0x10u,
      .options = 0x08u, .ts_val = 410650194u, .ts_ecr = 2467017865u}},
    {"ipv4_client_data_100B", 0,
     {0x0a, 0x00, 0x00, 0x01},
     {0x0a, 0x00, 0x00, 0x02},
     "d6b0138947401953e65ea66d8018003f473800000101080a187a0652930bb489"
     "68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f6865"
     "6c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c"
     "6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68"
     "656c6c6f",
     {
      .src_port = 54960u, .dst_port = 5001u, .seq = 1195383123u, .ack = 3864962669u,
      .header_len = 32u, .payload_len = 100u, .window = 63u, .checksum = 0x4738u,
      .flags = 0x18u, .options = 0x08u, .ts_val = 410650194u, .ts_ecr = 2467017865u}},
    {"ipv4_server_data_26B", 0,
     {0x0a, 0x00, 0x00, 0x02},
     {0x0a, 0x00, 0x00, 0x01},
     "1389d6b0e65ea66d474019b780180040a9c300000101080a930bb48a187a0652"
     "776f726c642d68656c6c6f68656c6c6f68656c6c6f68656c6c6f",
     {
      .src_port = 5001u, .dst_port = 54960u, .seq = 3864962669u, .ack = 1195383223u,
      .header_len = 32u, .payload_len = 26u, .window = 64u, .checksum = 0xa9c3u,
      .flags = 0x18u, .options = 0x08u, .ts_val = 2467017866u, .ts_ecr = 410650194u}},
    {"ipv4_client_fin_ack", 0,
     {0x0a, 0x00, 0x00, 0x01},
     {0x0a, 0x00, 0x00, 0x02},
     "d6b01389474019b7e65ea6878011003f233800000101080a187a071b930bb48a",
     {
      .src_port = 54960u, .dst_port = 5001u, .seq = 1195383223u, .ack = 3864962695u,
      .header_len = 32u, .window = 63u, .checksum = 0x2338u, .flags = 0x11u,
      .options = 0x08u, .ts_val = 410650395u, .ts_ecr = 2467017866u}},
    {"ipv6_syn", 1,
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02},
     "c9a4138ac3d814f900000000a002fd2013880000020405a00402080ab8bacea8"
     "000000000103030a",
     {
      .src_port = 51620u, .dst_port = 5002u, .seq = 3285718265u, .header_len = 40u,
      .window = 64800u, .checksum = 0x1388u, .mss = 1440u, .flags = 0x02u, .options = 0x0fu,
      .wscale = 10u, .ts_val = 3099250344u}},
    {"ipv6_synack", 1,
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02},
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
     "138ac9a4698624f8c3d814faa012fb0430f10000020405a00402080aa612b010"
     "b8bacea80103030a",
     {
      .src_port = 5002u, .dst_port = 51620u, .seq = 1770398968u, .ack = 3285718266u,
      .header_len = 40u, .window = 64260u, .checksum = 0x30f1u, .mss = 1440u, .flags = 0x12u,
      .options = 0x0fu, .wscale = 10u, .ts_val = 2786242576u, .ts_ecr = 3099250344u}},
    {"ipv6_client_data_100B", 1,
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02},
     "c9a4138ac3d814fa698624f9801800407d2800000101080ab8bacea8a612b010"
     "68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f6865"
     "6c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c"
     "6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68656c6c6f68"
     "656c6c6f",
     {
      .src_port = 51620u, .dst_port = 5002u, .seq = 3285718266u, .ack = 1770398969u,
      .header_len = 32u, .payload_len = 100u, .window = 64u, .checksum = 0x7d28u,
      .flags = 0x18u, .options = 0x08u, .ts_val = 3099250344u, .ts_ecr = 2786242576u}},
    {"ipv6_server_data_26B", 1,
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02},
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
     "138ac9a4698624f9c3d8155e8018003fdfb600000101080aa612b010b8bacea8"
     "776f726c642d68656c6c6f68656c6c6f68656c6c6f68656c6c6f",
     {
      .src_port = 5002u, .dst_port = 51620u, .seq = 1770398969u, .ack = 3285718366u,
      .header_len = 32u, .payload_len = 26u, .window = 63u, .checksum = 0xdfb6u,
      .flags = 0x18u, .options = 0x08u, .ts_val = 2786242576u, .ts_ecr = 3099250344u}},
    {"ipv6_client_fin_ack", 1,
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
     {0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02},
     "c9a4138ac3d8155e6986251380110040592900000101080ab8bacf71a612b010",
     {
      .src_port = 51620u, .dst_port = 5002u, .seq = 3285718366u, .ack = 1770398995u,
      .header_len = 32u, .window = 64u, .checksum = 0x5929u, .flags = 0x11u,
      .options = 0x08u, .ts_val = 3099250545u, .ts_ecr = 2786242576u}},
    {"ipv4_ack_sack_1block", 0,
     {0x0a, 0x00, 0x00, 0x02},
     {0x0a, 0x00, 0x00, 0x01},
     "138c935ead6225210bee3713b0100049629500000101080a5332bd313e852772"
     "0101050a0bee3cbb0bee4263",
     {
      .src_port = 5004u, .dst_port = 37726u, .seq = 2908890401u, .ack = 200161043u,
      .header_len = 44u, .window = 73u, .checksum = 0x6295u, .flags = 0x10u,
      .options = 0x18u, .sack_count = 1u, .ts_val = 1395834161u, .ts_ecr = 1048913778u,
      .sack = {{200162491u, 200163939u}}}},
    {"ipv4_ack_sack_2blocks", 0,
     {0x0a, 0x00, 0x00, 0x02},
     {0x0a, 0x00, 0x00, 0x01},
     "138c935ead6225210bee3713d010004b78a000000101080a5332bd313e852772"
     "010105120bee535b0bee59030bee3cbb0bee480b",
     {
      .src_port = 5004u, .dst_port = 37726u, .seq = 2908890401u, .ack = 200161043u,
      .header_len = 52u, .window = 75u, .checksum = 0x78a0u, .flags = 0x10u,
      .options = 0x18u, .sack_count = 2u, .ts_val = 1395834161u, .ts_ecr = 1048913778u,
      .sack = {{200168283u, 200169731u}, {200162491u, 200165387u}}}},
    {"ipv4_ack_sack_3blocks", 0,
     {0x0a, 0x00, 0x00, 0x02},
     {0x0a, 0x00, 0x00, 0x01},
     "138c935ead6225210bee7af3f01000502d3b00000101080a5332bd323e852773"
     "0101051a0beeec130beef1bb0beee0c30beee66b0bee809b0beedb1b",
     {
      .src_port = 5004u, .dst_port = 37726u, .seq = 2908890401u, .ack = 200178419u,
      .header_len = 60u, .window = 80u, .checksum = 0x2d3bu, .flags = 0x10u,
      .options = 0x18u, .sack_count = 3u, .ts_val = 1395834162u, .ts_ecr = 1048913779u,
      .sack = {{200207379u, 200208827u}, {200204483u, 200205931u}, {200179867u, 200203035u}}}},
};

const unsigned WIRE_VECTOR_COUNT = sizeof WIRE_VECTORS / sizeof WIRE_VECTORS[0];

static unsigned hex_value(char c)
{
    return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
}

uint32_t wire_vector_bytes(const wire_vector *v, uint8_t *out)
{
    const char *h = v->hex;
    uint32_t n = 0;
    for (; h[0] != '\0' && h[1] != '\0'; h += 2) {
        out[n++] = (uint8_t)(hex_value(h[0]) * 16u + hex_value(h[1]));
    }
    return n;
}
