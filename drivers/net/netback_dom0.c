/*
 * netback's dom0 side (netback.h): the bridge, the NIC on its port, and
 * dom0's own IPv4 stack on another.
 *
 * The NIC's frames come in by polling its receive queue (vnet_recv with
 * no wait) when its pirq port wakes dom0; the bridge's frames for it go
 * out with vnet_send (a full transmit queue drops the frame).  dom0's
 * stack is fed from a small queue, so that a frame the bridge hands it
 * is answered after the bridge has finished with it (no reentry).
 *
 * dom0's UDP services: echo (7), discard (9) counting bytes and datagrams
 * per sender, and query (10): a datagram there is answered with
 * "<bytes> <datagrams>" that the asker sent to discard so far.
 */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <virtio/virtio_net.h>
#include "netback_priv.h"

#define LOCALQ       16
#define NIC_BUDGET   64
#define DISCARD_SRCS 16

struct bridge nb_bridge;

static struct virtio_net *nic;
static int nic_port = -1;
static struct inet dom0_ip;
static int local_port = -1;
static uint8_t localq[LOCALQ][NB_MAX_FRAME];
static uint16_t localq_len[LOCALQ];
static unsigned int localq_head, localq_count;
static uint8_t nic_frame[NB_MAX_FRAME];
static unsigned long nic_tx_dropped, local_dropped;

struct discard_count {
    uint32_t ip;
    unsigned long bytes, dgrams;
};
static struct discard_count discard[DISCARD_SRCS];

uint64_t nb_now(void)
{
    return monotonic_ns();
}

static void to_nic(void *ctx, const void *frame, size_t len)
{
    if (vnet_send(nic, frame, len))
        nic_tx_dropped++;
}

/*
 * A frame for dom0's stack: handed over at once, unless the stack is
 * already busy with one (its answer flooded back here): then queued.
 */
static void to_local(void *ctx, const void *frame, size_t len)
{
    static bool busy;
    unsigned int i = (localq_head + localq_count) % LOCALQ;

    if (!busy && len <= NB_MAX_FRAME) {
        busy = true;
        inet_input(&dom0_ip, frame, len, nb_now());
        busy = false;
        return;
    }
    if (localq_count == LOCALQ || len > NB_MAX_FRAME) {
        local_dropped++;
        return;
    }
    memcpy(localq[i], frame, len);
    localq_len[i] = (uint16_t)len;
    localq_count++;
}

static int from_local(void *ctx, const void *frame, size_t len)
{
    bridge_input(&nb_bridge, local_port, frame, len, nb_now());
    return 0;
}

static void udp_echo(void *ctx, uint32_t src, uint16_t sport, uint16_t dport,
                     const void *data, size_t len)
{
    inet_udp_send(&dom0_ip, src, dport, sport, data, len, nb_now());
}

static unsigned int discard_slot(uint32_t src)
{
    unsigned int i;

    for (i = 0; i < DISCARD_SRCS; i++)
        if (discard[i].ip == src || !discard[i].ip)
            break;
    if (i == DISCARD_SRCS)
        i = src % DISCARD_SRCS;        /* table full: share a slot */
    if (discard[i].ip != src)
        discard[i] = (struct discard_count){ .ip = src };
    return i;
}

static void udp_discard(void *ctx, uint32_t src, uint16_t sport, uint16_t dport,
                        const void *data, size_t len)
{
    unsigned int i = discard_slot(src);

    discard[i].bytes += len;
    discard[i].dgrams++;
}

static void udp_query(void *ctx, uint32_t src, uint16_t sport, uint16_t dport,
                      const void *data, size_t len)
{
    unsigned int i = discard_slot(src);
    char answer[48];
    int n = snprintf(answer, sizeof(answer), "%lu %lu", discard[i].bytes, discard[i].dgrams);

    inet_udp_send(&dom0_ip, src, dport, sport, answer, (size_t)n, nb_now());
}

int nbdom0_init(struct virtio_net *dev)
{
    static const uint8_t fallback_mac[6] = { 0x00, 0x16, 0x3e, 0, 0, 0 };

    bridge_init(&nb_bridge, BR_AGEING_NS);
    nic = dev;
    if (nic)
        nic_port = bridge_add_port(&nb_bridge, to_nic, NULL);
    local_port = bridge_add_port(&nb_bridge, to_local, NULL);
    inet_init(&dom0_ip, nic && nic->has_mac ? nic->mac : fallback_mac, NETBACK_DOM0_IP,
              INET_ADDR(255, 255, 255, 0), INET_ADDR(10, 0, 2, 2), from_local, NULL);
    inet_udp_bind(&dom0_ip, NETBACK_UDP_ECHO, udp_echo, NULL);
    inet_udp_bind(&dom0_ip, NETBACK_UDP_DISCARD, udp_discard, NULL);
    inet_udp_bind(&dom0_ip, NETBACK_UDP_QUERY, udp_query, NULL);
    return 0;
}

void nbdom0_poll(void)
{
    for (unsigned int i = 0; nic && i < NIC_BUDGET; i++) {
        long len = vnet_recv(nic, nic_frame, sizeof(nic_frame), 0);

        if (len < 0)
            break;
        bridge_input(&nb_bridge, nic_port, nic_frame, (size_t)len, nb_now());
    }
    while (localq_count) {
        static uint8_t frame[NB_MAX_FRAME];
        size_t len = localq_len[localq_head];

        memcpy(frame, localq[localq_head], len);
        localq_head = (localq_head + 1) % LOCALQ;
        localq_count--;
        inet_input(&dom0_ip, frame, len, nb_now());
    }
}

unsigned int nbdom0_ports(evtchn_port_t *ports, unsigned int max)
{
    if (!nic || !nic->dev.port || !max)
        return 0;
    ports[0] = nic->dev.port;
    return 1;
}
