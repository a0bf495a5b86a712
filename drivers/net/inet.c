/*
 * The guests' IPv4 stack, link layer (inet.h): Ethernet, ARP and the
 * next-hop resolution.  IPv4, ICMP and UDP are in inet_ip.c.
 */
#include <string.h>
#include "inet.h"

#define ARP_LEN       28
#define ARP_REQUEST   1
#define ARP_REPLY     2

static const uint8_t broadcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void inet_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void inet_put32(uint8_t *p, uint32_t v)
{
    inet_put16(p, (uint16_t)(v >> 16));
    inet_put16(p + 2, (uint16_t)v);
}

uint16_t inet_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t inet_get32(const uint8_t *p)
{
    return (uint32_t)inet_get16(p) << 16 | inet_get16(p + 2);
}

uint16_t inet_checksum(const void *data, size_t len, uint32_t sum)
{
    const uint8_t *p = data;
    uint64_t s = sum;

    for (size_t i = 0; i + 1 < len; i += 2)
        s += inet_get16(p + i);
    if (len & 1)
        s += (uint32_t)p[len - 1] << 8;
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

void inet_init(struct inet *st, const uint8_t mac[6], uint32_t addr, uint32_t netmask,
               uint32_t gateway, inet_xmit_fn xmit, void *ctx)
{
    memset(st, 0, sizeof(*st));
    memcpy(st->mac, mac, 6);
    st->addr = addr;
    st->netmask = netmask;
    st->gateway = gateway;
    st->xmit = xmit;
    st->ctx = ctx;
}

static int send_frame(struct inet *st, const uint8_t *dst, uint16_t type, size_t payload)
{
    int rc;

    memcpy(st->frame, dst, 6);
    memcpy(st->frame + 6, st->mac, 6);
    inet_put16(st->frame + 12, type);
    rc = st->xmit(st->ctx, st->frame, INET_ETH_HLEN + payload);
    if (rc)
        st->stats.tx_errors++;
    else
        st->stats.tx_frames++;
    return rc;
}

static int send_arp(struct inet *st, uint16_t op, const uint8_t *eth_dst,
                    const uint8_t *target_mac, uint32_t target_ip)
{
    uint8_t *a = st->frame + INET_ETH_HLEN;

    inet_put16(a, 1);                   /* Ethernet */
    inet_put16(a + 2, ETHERTYPE_IPV4);
    a[4] = 6;
    a[5] = 4;
    inet_put16(a + 6, op);
    memcpy(a + 8, st->mac, 6);
    inet_put32(a + 14, st->addr);
    memcpy(a + 18, target_mac, 6);
    inet_put32(a + 24, target_ip);
    return send_frame(st, eth_dst, ETHERTYPE_ARP, ARP_LEN);
}

static struct inet_arp_entry *arp_find(struct inet *st, uint32_t ip)
{
    for (unsigned int i = 0; i < INET_ARP_ENTRIES; i++)
        if (st->arp[i].valid && st->arp[i].ip == ip)
            return &st->arp[i];
    return NULL;
}

bool inet_arp_lookup(const struct inet *st, uint32_t ip, uint8_t mac[6], uint64_t now)
{
    const struct inet_arp_entry *e = arp_find((struct inet *)st, ip);

    if (!e || now - e->seen_ns > INET_ARP_TTL_NS)
        return false;
    memcpy(mac, e->mac, 6);
    return true;
}

/* Insert or refresh ip -> mac; a full cache replaces its oldest entry. */
static void arp_learn(struct inet *st, uint32_t ip, const uint8_t *mac, uint64_t now)
{
    struct inet_arp_entry *e = arp_find(st, ip);

    if (!e) {
        e = &st->arp[0];
        for (unsigned int i = 0; i < INET_ARP_ENTRIES; i++) {
            if (!st->arp[i].valid) {
                e = &st->arp[i];
                break;
            }
            if (st->arp[i].seen_ns < e->seen_ns)
                e = &st->arp[i];
        }
    }
    *e = (struct inet_arp_entry){ .valid = true, .ip = ip, .seen_ns = now };
    memcpy(e->mac, mac, 6);
}

void inet_arp_glean(struct inet *st, uint32_t ip, const uint8_t *mac, uint64_t now)
{
    bool broadcast = ip == 0xffffffffu || ip == ((st->addr & st->netmask) | ~st->netmask);

    if (ip && !broadcast && !(mac[0] & 1) && (ip & st->netmask) == (st->addr & st->netmask))
        arp_learn(st, ip, mac, now);
}

static void arp_input(struct inet *st, const uint8_t *a, size_t len, uint64_t now)
{
    uint16_t op;
    uint32_t sender, target;

    if (len < ARP_LEN || inet_get16(a) != 1 || inet_get16(a + 2) != ETHERTYPE_IPV4 ||
        a[4] != 6 || a[5] != 4 || (a[8] & 1)) {
        st->stats.bad_arp++;
        return;
    }
    op = inet_get16(a + 6);
    sender = inet_get32(a + 14);
    target = inet_get32(a + 24);
    /* RFC 826: refresh a known sender; add it when the packet is for us. */
    if (arp_find(st, sender) || target == st->addr)
        arp_learn(st, sender, a + 8, now);
    if (op == ARP_REQUEST && target == st->addr && sender) {
        if (!send_arp(st, ARP_REPLY, a + 8, a + 8, sender))
            st->stats.arp_replies_sent++;
    } else if (op != ARP_REQUEST && op != ARP_REPLY) {
        st->stats.bad_arp++;
    }
}

void inet_input(struct inet *st, const void *frame, size_t len, uint64_t now)
{
    const uint8_t *f = frame;

    st->stats.rx_frames++;
    if (len < INET_ETH_HLEN) {
        st->stats.bad_type++;
        return;
    }
    if (memcmp(f, st->mac, 6) && memcmp(f, broadcast_mac, 6)) {
        st->stats.not_for_us++;
        return;
    }
    switch (inet_get16(f + 12)) {
    case ETHERTYPE_ARP:
        arp_input(st, f + INET_ETH_HLEN, len - INET_ETH_HLEN, now);
        break;
    case ETHERTYPE_IPV4:
        inet_ip_input(st, f + 6, f + INET_ETH_HLEN, len - INET_ETH_HLEN, now);
        break;
    default:
        st->stats.bad_type++;
    }
}

static bool is_broadcast(const struct inet *st, uint32_t ip)
{
    return ip == 0xffffffffu || ip == ((st->addr & st->netmask) | ~st->netmask);
}

int inet_resolve(struct inet *st, uint32_t dst, uint8_t mac[6], uint64_t now)
{
    static const uint8_t zero_mac[6];
    uint32_t hop = dst;

    if (is_broadcast(st, dst)) {
        memcpy(mac, broadcast_mac, 6);
        return 0;
    }
    if ((dst & st->netmask) != (st->addr & st->netmask))
        hop = st->gateway;
    if (inet_arp_lookup(st, hop, mac, now))
        return 0;
    if (!send_arp(st, ARP_REQUEST, broadcast_mac, zero_mac, hop))
        st->stats.arp_requests_sent++;
    return -XEN_EAGAIN;
}

int inet_ip_output(struct inet *st, const uint8_t mac[6], uint32_t dst, uint8_t proto,
                   size_t len)
{
    uint8_t *ip = st->frame + INET_ETH_HLEN;

    ip[0] = 0x45;                       /* version 4, 20-byte header */
    ip[1] = 0;
    inet_put16(ip + 2, (uint16_t)(INET_IP_HLEN + len));
    inet_put16(ip + 4, st->ip_id++);
    inet_put16(ip + 6, 0x4000);         /* don't fragment */
    ip[8] = 64;
    ip[9] = proto;
    inet_put16(ip + 10, 0);
    inet_put32(ip + 12, st->addr);
    inet_put32(ip + 16, dst);
    inet_put16(ip + 10, inet_checksum(ip, INET_IP_HLEN, 0));
    return send_frame(st, mac, ETHERTYPE_IPV4, INET_IP_HLEN + len);
}
