/*
 * dom0's console back end, seen from dom0 (this test kernel is dom0, and
 * the guest library serves its peers' rings as in the standard dom0): a
 * peer prints 400 numbered lines as fast as its ring takes them and powers
 * off at once.  Every line reaches the log, in order, the last ones
 * included (drained after the peer's death); the peer's ring is then
 * unmapped, so every page of the peer is back in the machine's free
 * memory (its tot_pages, plus the few hypervisor frames it had).
 */
#include <stdlib.h>
#include <string.h>
#include <console/xencons_back.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define PEER 1
#define LINES 400

static volatile unsigned long seen, out_of_order, next_line;

static void tap(domid_t domid, const char *line, size_t len)
{
    static const char prefix[] = "peer line ";
    char *end;
    unsigned long k;

    if (domid != PEER || len < sizeof(prefix) || memcmp(line, prefix, sizeof(prefix) - 1))
        return;
    k = strtoul(line + sizeof(prefix) - 1, &end, 10);
    if (k != next_line)
        out_of_order++;
    next_line = k + 1;
    seen++;
}

static long free_before, peer_pages;

static long machine_free_pages(void)
{
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_physinfo,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc = HYPERVISOR_sysctl(&op);

    return rc ? rc : (long)op.u.physinfo.free_pages;
}

static void served(void)
{
    struct xen_hvm_param p = { .domid = PEER, .index = HVM_PARAM_CONSOLE_PFN };
    struct xen_domctl_getdomaininfo info;

    free_before = machine_free_pages();
    if (EXPECT_EQ(domain_info(PEER, &info), 0))
        peer_pages = (long)info.tot_pages;
    xencons_back_set_tap(tap);
    EXPECT_TRUE(xencons_back_serves(PEER));
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &p), 0);
    EXPECT_NE(p.value, 0);
    p.domid = DOMID_SELF;
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &p), 0);
    EXPECT_EQ(p.value, 0);                          /* dom0 has no ring */
    p.domid = 999;
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &p), -XEN_ESRCH);
}

static void all_lines_in_order(void)
{
    long code;

    if (!EXPECT_TRUE(wait_domains(PEER, 1, 30 * NSEC_PER_SEC, &code)))
        return;
    EXPECT_EQ(code, SHUTDOWN_poweroff);
    EXPECT_EQ(seen, LINES);
    EXPECT_EQ(out_of_order, 0);
    EXPECT_EQ(next_line, LINES);
    EXPECT_TRUE(!xencons_back_serves(PEER));         /* released */
    xencons_back_set_tap(NULL);
    /* Every page of the peer is back, the ring dom0 mapped included. */
    EXPECT_RANGE(machine_free_pages(), free_before + peer_pages, free_before + peer_pages + 16);
}

static const struct test tests[] = {
    /* the peer's ring is served; dom0 reads its params, has none itself; -ESRCH */
    TEST(served),
    /* 400 lines, in order, the last ones after its death; memory back */
    TEST(all_lines_in_order),
};

int main(void)
{
    return run_tests("console/ring_order", tests, ARRAY_SIZE(tests));
}
