/*
 * sysctl as the control domain (this test kernel is dom0, with one peer,
 * d1, that blocks until the machine goes off; every domain is built
 * before dom0 runs): sched_id names a known
 * scheduler, getdomaininfolist describes the domains in id order with
 * the facts dom0 can check for itself, honours first_domain and
 * max_domains, and faults cleanly; unknown commands are -ENOSYS.
 */
#include <string.h>
#include "../../lib/test.h"

#define LIST_MAX 8

static struct xen_domctl_getdomaininfo info[LIST_MAX];

static long list(domid_t first, uint32_t max, void *buffer, uint32_t *num)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_getdomaininfolist,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    long rc;

    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.num_domains = 0xdead;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buffer);
    rc = HYPERVISOR_sysctl(&op);
    *num = op.u.getdomaininfolist.num_domains;
    return rc;
}

static void sched_id(void)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_sched_id,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    uint32_t id;

    EXPECT_EQ(HYPERVISOR_sysctl(&op), 0);
    id = op.u.sched_id.sched_id;
    EXPECT_TRUE(id == XEN_SCHEDULER_RR || id == XEN_SCHEDULER_CREDIT ||
                id == XEN_SCHEDULER_SEDF || id == XEN_SCHEDULER_CREDIT2);
}

static void list_all(void)
{
    uint32_t n;

    memset(info, 0xa5, sizeof(info));
    if (!EXPECT_EQ(list(0, LIST_MAX, info, &n), 0) || !EXPECT_EQ(n, 2))
        return;
    EXPECT_EQ(info[0].domain, 0);
    EXPECT_EQ(info[1].domain, 1);
    EXPECT_BYTES(&info[2], sizeof(info) - 2 * sizeof(info[0]), 0xa5);
}

static void dom0_entry_facts(void)
{
    const struct xen_domctl_getdomaininfo *me = &info[0];

    EXPECT_EQ(me->domain, 0);
    EXPECT_EQ_HEX(me->flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying | XEN_DOMINF_running),
                  XEN_DOMINF_running);
    EXPECT_EQ(me->tot_pages, start_info->nr_pages);
    EXPECT_TRUE(me->max_pages >= me->tot_pages);
    EXPECT_EQ_HEX(me->shared_info_frame, start_info->shared_info >> PAGE_SHIFT);
    EXPECT_EQ(me->nr_online_vcpus, 1);
    EXPECT_EQ(me->max_vcpu_id, 0);
}

/*
 * cpu_time is the time the VCPUs have run, including the run in progress:
 * dom0 has been running since boot (it has not blocked yet in this test)
 * and spins 5 ms more, so it cannot be 0.  (Not ">= 5 ms": dom0 may have
 * been preempted during the spin.)
 */
static void cpu_time_counts_current_run(void)
{
    uint64_t end = monotonic_ns() + 5 * NSEC_PER_MSEC;
    struct xen_domctl_getdomaininfo me;
    uint32_t n;

    while (monotonic_ns() < end)
        ;
    if (EXPECT_EQ(list(0, 1, &me, &n), 0) && EXPECT_EQ(n, 1))
        EXPECT_TRUE(me.cpu_time > 0);
}

static void peer_entry_facts(void)
{
    const struct xen_domctl_getdomaininfo *peer = &info[1];

    EXPECT_EQ(peer->domain, 1);
    EXPECT_EQ_HEX(peer->flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying), 0);
    EXPECT_EQ(peer->tot_pages, 8 * 256);    /* memory=8 */
    EXPECT_TRUE(peer->shared_info_frame != info[0].shared_info_frame);
}

static void first_and_max(void)
{
    uint32_t n;

    EXPECT_EQ(list(1, LIST_MAX, info, &n), 0);
    if (EXPECT_EQ(n, 1))
        EXPECT_EQ(info[0].domain, 1);
    EXPECT_EQ(list(0, 1, info, &n), 0);
    if (EXPECT_EQ(n, 1))
        EXPECT_EQ(info[0].domain, 0);
    EXPECT_EQ(list(2, LIST_MAX, info, &n), 0);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(list(0, 0, info, &n), 0);
    EXPECT_EQ(n, 0);
}

static void faults(void)
{
    uint32_t n;

    EXPECT_EQ(list(0, LIST_MAX, NULL, &n), -XEN_EFAULT);
    EXPECT_EQ(list(0, LIST_MAX, (void *)UNMAPPED_VA, &n), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_sysctl(NULL), -XEN_EFAULT);
}

static void unknown_cmd(void)
{
    xen_sysctl_t op = { .cmd = 1000, .interface_version = XEN_SYSCTL_INTERFACE_VERSION };

    EXPECT_EQ(HYPERVISOR_sysctl(&op), -XEN_ENOSYS);
    op.interface_version = 0;
    EXPECT_EQ(HYPERVISOR_sysctl(&op), -XEN_EACCES);
}

static const struct test tests[] = {
    /* sched_id succeeds and names a scheduler rvxen has. */
    TEST(sched_id),
    /* getdomaininfolist from 0 lists d0 and d1, in order, and writes no more entries. */
    TEST(list_all),
    /* dom0's entry: running, tot_pages = nr_pages, its shared_info frame, 1 VCPU. */
    TEST(dom0_entry_facts),
    /* dom0's cpu_time includes the slice in progress: non-zero before it ever blocked. */
    TEST(cpu_time_counts_current_run),
    /* The peer's entry: not shut down, 8 MiB, its own shared_info. */
    TEST(peer_entry_facts),
    /* first_domain and max_domains bound the list; past the end it is empty. */
    TEST(first_and_max),
    /* An unmapped buffer or struct is -EFAULT. */
    TEST(faults),
    /* Unknown commands are -ENOSYS; a wrong version still -EACCES. */
    TEST(unknown_cmd),
};

int main(void)
{
    return run_tests("sysctl/privileged", tests, ARRAY_SIZE(tests));
}
