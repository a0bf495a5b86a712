/*
 * A small IPv4 stack for our guests (and dom0's own port on the bridge):
 * Ethernet II, ARP (RFC 826), IPv4 (RFC 791), ICMP echo (RFC 792) and
 * UDP (RFC 768).  Arch-neutral, host-tested; no allocation, no threads.
 *
 * == What it does ==
 *
 * inet_input() takes one received Ethernet frame:
 *   - Ethernet: accepted if addressed to this interface's MAC or to the
 *     broadcast address; type ARP or IPv4, anything else dropped;
 *   - ARP: a request for our address is answered and its sender learned;
 *     a reply to us is learned; the cache holds INET_ARP_ENTRIES entries
 *     for INET_ARP_TTL_NS each (an expired one is asked again);
 *   - IPv4: version 4, header length >= 20 and within the frame, total
 *     length within the frame (Ethernet padding beyond it ignored), header
 *     checksum right, addressed to us or to a broadcast address.  The
 *     sender's MAC is taken into the ARP cache when its address is on our
 *     subnet (lwIP's ETHARP_TRUST_IP_MAC), so an answer needs no ARP
 *     round trip first;
 *     Fragments (MF set or an offset) are dropped: nothing here sends a
 *     packet larger than the MTU, and no reassembly is offered;
 *   - ICMP: checksum right; an echo request to us (not to a broadcast
 *     address) is answered with the same id, sequence and data; an echo
 *     reply is recorded in `echo` for the pinger to read;
 *   - UDP: length within the IP payload; a nonzero checksum is verified
 *     (pseudo-header included); delivered to the handler bound to the
 *     destination port, else counted and dropped (no ICMP unreachable).
 * Every drop is counted under its reason in `stats`.
 *
 * Sending (inet_udp_send, inet_ping_send) resolves the next hop first:
 * the destination itself on our subnet, the gateway otherwise, the
 * broadcast MAC for a broadcast address.  An address not in the cache
 * gets an ARP request and the send returns -XEN_EAGAIN: the caller keeps
 * receiving (so the reply is learned) and tries again.
 *
 * Addresses are uint32_t in host order (INET_ADDR(10,0,2,2)).  Results
 * are 0 or -XEN_E*.
 */
#ifndef DRIVERS_NET_INET_H
#define DRIVERS_NET_INET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/errno.h>

#define INET_ADDR(a, b, c, d) \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

#define INET_ETH_HLEN     14
#define INET_MAX_FRAME    1514
#define INET_IP_HLEN      20
#define INET_UDP_HLEN     8
#define INET_UDP_MAX      (INET_MAX_FRAME - INET_ETH_HLEN - INET_IP_HLEN - INET_UDP_HLEN)
#define INET_ICMP_MAX     (INET_MAX_FRAME - INET_ETH_HLEN - INET_IP_HLEN - 8)
#define INET_ARP_ENTRIES  16
#define INET_ARP_TTL_NS   (60ULL * 1000 * 1000 * 1000)
#define INET_UDP_BINDINGS 4

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP  0x0806
#define IPPROTO_ICMP_  1
#define IPPROTO_UDP_   17

/* Send one frame; what the driver says (0 or -XEN_E*). */
typedef int (*inet_xmit_fn)(void *ctx, const void *frame, size_t len);
/* A datagram for a bound port. */
typedef void (*inet_udp_fn)(void *ctx, uint32_t src, uint16_t sport, uint16_t dport,
                            const void *data, size_t len);

struct inet_arp_entry {
    bool valid;
    uint32_t ip;
    uint8_t mac[6];
    uint64_t seen_ns;
};

struct inet_stats {
    unsigned long rx_frames, tx_frames;
    unsigned long not_for_us, bad_type, bad_arp, bad_ip, bad_csum, fragments;
    unsigned long bad_icmp, bad_udp, no_port, tx_errors;
    unsigned long arp_requests_sent, arp_replies_sent, echo_replies_sent;
    unsigned long echo_replies_rcvd, udp_rcvd;
};

/* The last echo reply received (the pinger clears `got`). */
struct inet_echo {
    bool got;
    uint32_t from;
    uint16_t id, seq;
    size_t len;               /* data bytes */
    bool data_ok;             /* the data is inet_ping_send's pattern for seq */
    uint64_t when_ns;
};

struct inet {
    uint8_t mac[6];
    uint32_t addr, netmask, gateway;
    inet_xmit_fn xmit;
    void *ctx;
    struct inet_arp_entry arp[INET_ARP_ENTRIES];
    struct {
        uint16_t port;        /* 0: free */
        inet_udp_fn fn;
        void *ctx;
    } udp[INET_UDP_BINDINGS];
    uint16_t ip_id;
    struct inet_echo echo;
    struct inet_stats stats;
    uint8_t frame[INET_MAX_FRAME];   /* the frame being built */
};

void inet_init(struct inet *st, const uint8_t mac[6], uint32_t addr, uint32_t netmask,
               uint32_t gateway, inet_xmit_fn xmit, void *ctx);
/* One received frame (never st->frame itself). */
void inet_input(struct inet *st, const void *frame, size_t len, uint64_t now);

/* Bind a UDP port (1..65535) to fn: 0, -XEN_EEXIST, -XEN_ENOSPC, -XEN_EINVAL. */
int inet_udp_bind(struct inet *st, uint16_t port, inet_udp_fn fn, void *ctx);
/* Send a datagram (len <= INET_UDP_MAX): 0, -XEN_EAGAIN (ARP asked),
 * -XEN_EINVAL, or the driver's error. */
int inet_udp_send(struct inet *st, uint32_t dst, uint16_t sport, uint16_t dport,
                  const void *data, size_t len, uint64_t now);
/* Send an echo request with len bytes of a pattern from seq. */
int inet_ping_send(struct inet *st, uint32_t dst, uint16_t id, uint16_t seq, size_t len,
                   uint64_t now);

/* The MAC of the next hop toward dst: 0, or -XEN_EAGAIN after asking. */
int inet_resolve(struct inet *st, uint32_t dst, uint8_t mac[6], uint64_t now);
/* The cached MAC of ip (not expired): true and mac. */
bool inet_arp_lookup(const struct inet *st, uint32_t ip, uint8_t mac[6], uint64_t now);

/* The Internet checksum (RFC 1071) of len bytes, with an initial sum. */
uint16_t inet_checksum(const void *data, size_t len, uint32_t sum);
/* The data byte i of an echo request with sequence seq. */
static inline uint8_t inet_ping_byte(uint16_t seq, size_t i)
{
    return (uint8_t)(seq * 7 + i);
}

/* Internal: inet.c and inet_ip.c. */
void inet_arp_glean(struct inet *st, uint32_t ip, const uint8_t *mac, uint64_t now);
void inet_ip_input(struct inet *st, const uint8_t *src_mac, const uint8_t *pkt, size_t len,
                   uint64_t now);
/* Send the IPv4 packet whose len payload bytes are already in st->frame
 * behind the two headers, to dst at the link address mac. */
int inet_ip_output(struct inet *st, const uint8_t mac[6], uint32_t dst, uint8_t proto,
                   size_t len);
#define INET_PAYLOAD_OFF (INET_ETH_HLEN + INET_IP_HLEN)
void inet_put16(uint8_t *p, uint16_t v);
void inet_put32(uint8_t *p, uint32_t v);
uint16_t inet_get16(const uint8_t *p);
uint32_t inet_get32(const uint8_t *p);

#endif /* DRIVERS_NET_INET_H */
