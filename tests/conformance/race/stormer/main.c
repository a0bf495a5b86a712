/*
 * The stormer: a peer kernel for race/shutdown_midcall.  Its command line
 * is `ms=N`.  It offers dom0 an event-channel link and waits for it (dom0
 * takes its baseline first); then every VCPU but 0 makes hypercalls
 * nonstop - grant copies
 * whose statuses land in its own pages, pins and unpins, physmap
 * protection changes, event sends - and VCPU 0 shuts the
 * domain down (poweroff) after N ms, while the others are mid-call.  A
 * worker that gets an answer the ABI does not allow crashes the domain,
 * which dom0's test sees as a crash instead of a poweroff.
 */
#include <stdlib.h>
#include <string.h>
#include <gnttab.h>
#include <pagetable.h>
#include <public/memory.h>
#include "../../lib/peer_link.h"
#include "../../lib/race.h"

#define OPS (PAGE_SIZE / sizeof(struct gnttab_copy))

static struct gnttab_copy *list;
static uint8_t *a, *b;
static uint64_t *table;
static evtchn_port_t port;

static void check(long rc, long ok2, const char *what)
{
    if (rc != 0 && rc != ok2)
        panic("stormer: %s returned %ld", what, rc);
}

static void storm_step(unsigned int id)
{
    static unsigned int n[GUEST_MAX_VCPUS];
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = virt_to_mfn(table) };
    struct evtchn_send s = { .port = port };
    unsigned int done;

    switch (n[id]++ % 4) {
    case 0:
        check(HYPERVISOR_grant_table_op(GNTTABOP_copy, list, OPS), -XEN_EFAULT, "copy");
        break;
    case 1:
        check(HYPERVISOR_mmuext_op(&pin, 1, &done, DOMID_SELF), -XEN_EINVAL, "pin");
        pin.cmd = MMUEXT_UNPIN_TABLE;
        check(HYPERVISOR_mmuext_op(&pin, 1, &done, DOMID_SELF), -XEN_EINVAL, "unpin");
        break;
    case 2:
        check(HYPERVISOR_event_channel_op(EVTCHNOP_send, &s), -XEN_EINVAL, "send");
        break;
    default:
        check(pt_physmap_protect(table, (int)(n[id] & 4)), -XEN_EINVAL, "protect");
        break;
    }
}

int main(void)
{
    const char *arg = strstr((const char *)start_info->cmd_line, "ms=");
    unsigned long ms = arg ? strtoul(arg + 3, NULL, 10) : 50;
    struct evtchn_alloc_unbound u = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    static struct race race;
    long link = link_offer(0);

    if (link < 0 || !link_wait((evtchn_port_t)link, 30 * NSEC_PER_SEC))
        panic("stormer: dom0 never connected");
    list = alloc_page();
    a = alloc_page();
    b = alloc_page();
    table = alloc_page();
    if (!list || !a || !b || !table || pt_physmap_protect(table, 0) ||
        HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &u))
        panic("stormer: setup failed");
    port = u.port;
    mask_evtchn(port);
    for (unsigned int i = 0; i < OPS; i++)
        list[i] = (struct gnttab_copy){
            .source = { .u.gmfn = virt_to_mfn(a), .domid = DOMID_SELF },
            .dest = { .u.gmfn = virt_to_mfn(b), .domid = DOMID_SELF },
            .len = 128,
        };
    if (!race_start(&race, storm_step))
        panic("stormer: no workers");
    sleep_ns(ms * NSEC_PER_MSEC);
    shutdown(SHUTDOWN_poweroff);
}
