/*
 * The network half of `make run`'s demo (netdev.h): a domU brings its vif
 * up, pings the other boot-time domU (domain 1 and 2 ping each other; a
 * further domain pings domain 1) and QEMU's gateway, three times each,
 * prints what came back, and keeps answering for a moment so that the
 * other domU's pings to it are answered too.  Its packet counters appear
 * in dom0's per-vif summary when it ends.
 */
#include <kernel.h>
#include "netdev.h"

#define LINGER_NS (300 * NSEC_PER_MSEC)

static struct netdev nd;

static void ping3(const char *what, uint32_t dst)
{
    unsigned int ok = 0;
    long best = 0;

    for (uint16_t seq = 1; seq <= 3; seq++) {
        long rtt = netdev_ping(&nd, dst, seq, 56, monotonic_ns() + 3 * NSEC_PER_SEC);

        if (rtt > 0) {
            ok++;
            best = best && best < rtt ? best : rtt;
        }
    }
    printk("domU %u: ping %s %u.%u.%u.%u: %u/3 answered%s", nd.self, what, dst >> 24,
           (dst >> 16) & 0xff, (dst >> 8) & 0xff, dst & 0xff, ok, ok ? ", " : "\n");
    if (ok)
        printk("best %ld us\n", best / 1000);
}

void netdev_demo(void)
{
    unsigned int other;
    uint64_t until;
    int rc = netdev_up(&nd, monotonic_ns() + 5 * NSEC_PER_SEC);

    if (rc) {
        printk("domU: no network (%d)\n", rc);
        return;
    }
    other = nd.self == 1 ? 2 : 1;
    printk("domU %u: vif up, MAC %02x:%02x:%02x:%02x:%02x:%02x, address 10.0.2.%u\n", nd.self,
           nd.nf.mac[0], nd.nf.mac[1], nd.nf.mac[2], nd.nf.mac[3], nd.nf.mac[4], nd.nf.mac[5],
           15 + nd.self);
    ping3("domU", netdev_addr_of(other));
    ping3("gateway", NETDEV_GATEWAY);
    until = monotonic_ns() + LINGER_NS;
    while (monotonic_ns() < until && netdev_poll(&nd, until) >= 0)
        ;
}
