/*
 * The guests' IPv4 stack, network and transport layers (inet.h): IPv4
 * header checks, ICMP echo both ways, UDP.
 */
#include <string.h>
#include "inet.h"

#define ICMP_ECHO_REPLY   0
#define ICMP_ECHO_REQUEST 8
#define ICMP_HLEN         8

/* The UDP pseudo-header's sum (RFC 768), the start of the checksum. */
static uint32_t pseudo_sum(uint32_t src, uint32_t dst, size_t udp_len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
           IPPROTO_UDP_ + (uint32_t)udp_len;
}

static bool for_us(const struct inet *st, uint32_t dst, bool *broadcast)
{
    uint32_t net_bcast = (st->addr & st->netmask) | ~st->netmask;

    *broadcast = dst == 0xffffffffu || dst == net_bcast;
    return dst == st->addr || *broadcast;
}

static void icmp_input(struct inet *st, const uint8_t *src_mac, uint32_t src,
                       const uint8_t *m, size_t len, bool broadcast, uint64_t now)
{
    uint8_t *out = st->frame + INET_PAYLOAD_OFF;

    if (len < ICMP_HLEN || inet_checksum(m, len, 0) != 0) {
        st->stats.bad_icmp++;
        return;
    }
    if (m[0] == ICMP_ECHO_REQUEST && m[1] == 0) {
        if (broadcast || len > INET_ICMP_MAX + ICMP_HLEN)
            return;                     /* as Linux: no answer to a broadcast ping */
        memcpy(out, m, len);
        out[0] = ICMP_ECHO_REPLY;
        inet_put16(out + 2, 0);
        inet_put16(out + 2, inet_checksum(out, len, 0));
        if (!inet_ip_output(st, src_mac, src, IPPROTO_ICMP_, len))
            st->stats.echo_replies_sent++;
    } else if (m[0] == ICMP_ECHO_REPLY && m[1] == 0) {
        struct inet_echo *e = &st->echo;
        uint16_t seq = inet_get16(m + 6);
        bool ok = true;

        for (size_t i = ICMP_HLEN; i < len; i++)
            ok &= m[i] == inet_ping_byte(seq, i - ICMP_HLEN);
        *e = (struct inet_echo){ .got = true, .from = src, .id = inet_get16(m + 4),
                                 .seq = seq, .len = len - ICMP_HLEN, .data_ok = ok,
                                 .when_ns = now };
        st->stats.echo_replies_rcvd++;
    }
}

static void udp_input(struct inet *st, uint32_t src, uint32_t dst, const uint8_t *u,
                      size_t len)
{
    size_t ulen;
    uint16_t dport;

    if (len < INET_UDP_HLEN || (ulen = inet_get16(u + 4)) < INET_UDP_HLEN || ulen > len) {
        st->stats.bad_udp++;
        return;
    }
    if (inet_get16(u + 6) && inet_checksum(u, ulen, pseudo_sum(src, dst, ulen)) != 0) {
        st->stats.bad_csum++;
        return;
    }
    dport = inet_get16(u + 2);
    for (unsigned int i = 0; i < INET_UDP_BINDINGS; i++) {
        if (st->udp[i].port != dport || !dport)
            continue;
        st->stats.udp_rcvd++;
        st->udp[i].fn(st->udp[i].ctx, src, inet_get16(u), dport, u + INET_UDP_HLEN,
                      ulen - INET_UDP_HLEN);
        return;
    }
    st->stats.no_port++;
}

void inet_ip_input(struct inet *st, const uint8_t *src_mac, const uint8_t *ip, size_t len,
                   uint64_t now)
{
    size_t hlen, total;
    uint32_t src, dst;
    bool broadcast;

    if (len < INET_IP_HLEN || (ip[0] >> 4) != 4 || (hlen = (size_t)(ip[0] & 0xf) * 4) <
        INET_IP_HLEN || hlen > len || (total = inet_get16(ip + 2)) < hlen || total > len) {
        st->stats.bad_ip++;
        return;
    }
    if (inet_checksum(ip, hlen, 0) != 0) {
        st->stats.bad_csum++;
        return;
    }
    if (inet_get16(ip + 6) & 0x3fff) {  /* MF or a fragment offset */
        st->stats.fragments++;
        return;
    }
    src = inet_get32(ip + 12);
    dst = inet_get32(ip + 16);
    if (!for_us(st, dst, &broadcast)) {
        st->stats.not_for_us++;
        return;
    }
    inet_arp_glean(st, src, src_mac, now);
    if (ip[9] == IPPROTO_ICMP_)
        icmp_input(st, src_mac, src, ip + hlen, total - hlen, broadcast, now);
    else if (ip[9] == IPPROTO_UDP_)
        udp_input(st, src, dst, ip + hlen, total - hlen);
    else
        st->stats.bad_type++;
}

int inet_udp_bind(struct inet *st, uint16_t port, inet_udp_fn fn, void *ctx)
{
    int free = -1;

    if (!port || !fn)
        return -XEN_EINVAL;
    for (int i = 0; i < INET_UDP_BINDINGS; i++) {
        if (st->udp[i].port == port)
            return -XEN_EEXIST;
        if (!st->udp[i].port && free < 0)
            free = i;
    }
    if (free < 0)
        return -XEN_ENOSPC;
    st->udp[free].port = port;
    st->udp[free].fn = fn;
    st->udp[free].ctx = ctx;
    return 0;
}

int inet_udp_send(struct inet *st, uint32_t dst, uint16_t sport, uint16_t dport,
                  const void *data, size_t len, uint64_t now)
{
    uint8_t *u = st->frame + INET_PAYLOAD_OFF;
    uint8_t mac[6];
    uint16_t sum;
    int rc;

    if (len > INET_UDP_MAX || !dport)
        return -XEN_EINVAL;
    if ((rc = inet_resolve(st, dst, mac, now)))
        return rc;
    inet_put16(u, sport);
    inet_put16(u + 2, dport);
    inet_put16(u + 4, (uint16_t)(INET_UDP_HLEN + len));
    inet_put16(u + 6, 0);
    memcpy(u + INET_UDP_HLEN, data, len);
    sum = inet_checksum(u, INET_UDP_HLEN + len, pseudo_sum(st->addr, dst, INET_UDP_HLEN + len));
    inet_put16(u + 6, sum ? sum : 0xffff);     /* 0 would mean "no checksum" */
    return inet_ip_output(st, mac, dst, IPPROTO_UDP_, INET_UDP_HLEN + len);
}

int inet_ping_send(struct inet *st, uint32_t dst, uint16_t id, uint16_t seq, size_t len,
                   uint64_t now)
{
    uint8_t *m = st->frame + INET_PAYLOAD_OFF;
    uint8_t mac[6];
    int rc;

    if (len > INET_ICMP_MAX)
        return -XEN_EINVAL;
    if ((rc = inet_resolve(st, dst, mac, now)))
        return rc;
    m[0] = ICMP_ECHO_REQUEST;
    m[1] = 0;
    inet_put16(m + 2, 0);
    inet_put16(m + 4, id);
    inet_put16(m + 6, seq);
    for (size_t i = 0; i < len; i++)
        m[ICMP_HLEN + i] = inet_ping_byte(seq, i);
    inet_put16(m + 2, inet_checksum(m, ICMP_HLEN + len, 0));
    return inet_ip_output(st, mac, dst, IPPROTO_ICMP_, ICMP_HLEN + len);
}
