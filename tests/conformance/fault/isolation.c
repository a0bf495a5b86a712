/*
 * Run as dom0 beside two domUs: one faults fatally (no trap vector), one
 * sleeps for a while and powers off.  The faulting domain is crashed, the
 * other finishes normally, and dom0 keeps running throughout.
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include "../lib/test.h"

static long domain_state(domid_t id, uint32_t *flags)
{
    static xen_domctl_getdomaininfo_t info;
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_getdomaininfolist,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc;

    op.u.getdomaininfolist.first_domain = id;
    op.u.getdomaininfolist.max_domains = 1;
    op.u.getdomaininfolist.buffer = (uint64_t)(unsigned long)&info;
    rc = HYPERVISOR_sysctl(&op);
    if (rc)
        return rc;
    if (op.u.getdomaininfolist.num_domains != 1 || info.domain != id)
        return -XEN_ESRCH;
    *flags = info.flags;
    return 0;
}

/* Wait (sleeping) until domain id has shut down; its shutdown code. */
static int wait_shut_down(domid_t id)
{
    for (int i = 0; i < 500; i++) {
        uint32_t flags;

        if (domain_state(id, &flags)) {
            test_report(RESULT_ERROR, "d%u: cannot read its state", id);
            return -1;
        }
        if (flags & XEN_DOMINF_shutdown)
            return (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
        sleep_ns(10000000);
    }
    test_report(RESULT_FAILURE, "d%u did not shut down", id);
    return -1;
}

/* The faulting peer (d1) is crashed; the good peer (d2) powers off. */
static void test_isolation(void)
{
    uint64_t t0 = monotonic_ns();

    EXPECT_EQ(wait_shut_down(1), SHUTDOWN_crash);
    EXPECT_EQ(wait_shut_down(2), SHUTDOWN_poweroff);
    /* dom0 itself was scheduled throughout: time moved on for it. */
    EXPECT_TRUE(monotonic_ns() - t0 >= 100000000);
}

TESTS({ "isolation", test_isolation });

int main(void)
{
    RUN("fault/isolation");
}
