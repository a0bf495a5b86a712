/*
 * sysctl from a domU: interface_version is checked first, so a wrong one
 * is -EACCES even for an unprivileged caller (which lets a guest probe
 * the version, XTF's trick); with the right version every command, known
 * or not, is -EPERM, and nothing is written back.
 */
#include <string.h>
#include "../../lib/test.h"

static const uint32_t cmds[] = {
    XEN_SYSCTL_readconsole, XEN_SYSCTL_physinfo, XEN_SYSCTL_sched_id,
    XEN_SYSCTL_getdomaininfolist, XEN_SYSCTL_scheduler_op, XEN_SYSCTL_livepatch_op,
    0, 1000, ~0u,
};

static long sysctl(uint32_t cmd, uint32_t version, xen_sysctl_t *op)
{
    memset(op, 0x5a, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = version;
    return HYPERVISOR_sysctl(op);
}

static void wrong_version_eacces(void)
{
    static const uint32_t versions[] = {
        0, XEN_SYSCTL_INTERFACE_VERSION - 1, XEN_SYSCTL_INTERFACE_VERSION + 1, ~0u,
    };
    xen_sysctl_t op;

    for (unsigned int v = 0; v < ARRAY_SIZE(versions); v++)
        for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
            if (!EXPECT_EQ(sysctl(cmds[c], versions[v], &op), -XEN_EACCES))
                printk("  (cmd %u, version %#x)\n", cmds[c], versions[v]);
}

static void right_version_eperm(void)
{
    xen_sysctl_t op;

    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++) {
        if (!EXPECT_EQ(sysctl(cmds[c], XEN_SYSCTL_INTERFACE_VERSION, &op), -XEN_EPERM))
            printk("  (cmd %u)\n", cmds[c]);
        EXPECT_BYTES(&op.u, sizeof(op.u), 0x5a);
    }
}

/* Probing versions 0..127 finds exactly XEN_SYSCTL_INTERFACE_VERSION. */
static void version_probe(void)
{
    xen_sysctl_t op;
    long found = -1;

    for (uint32_t v = 0; v < 128 && found < 0; v++)
        if (sysctl(XEN_SYSCTL_sched_id, v, &op) != -XEN_EACCES)
            found = v;
    EXPECT_EQ(found, XEN_SYSCTL_INTERFACE_VERSION);
}

static void getdomaininfolist_writes_nothing(void)
{
    static struct xen_domctl_getdomaininfo info[4];
    xen_sysctl_t op;

    memset(info, 0xa5, sizeof(info));
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_getdomaininfolist;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    op.u.getdomaininfolist.max_domains = ARRAY_SIZE(info);
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    EXPECT_EQ(HYPERVISOR_sysctl(&op), -XEN_EPERM);
    EXPECT_BYTES(info, sizeof(info), 0xa5);
    EXPECT_EQ(op.u.getdomaininfolist.num_domains, 0);
}

static void bad_pointer(void)
{
    EXPECT_EQ(HYPERVISOR_sysctl(NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_sysctl((xen_sysctl_t *)UNMAPPED_VA), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* Any command with a wrong interface_version is -EACCES. */
    TEST(wrong_version_eacces),
    /* Any command with the right version is -EPERM, struct untouched. */
    TEST(right_version_eperm),
    /* The first version 0..127 not refused with -EACCES is 0x16. */
    TEST(version_probe),
    /* A refused getdomaininfolist writes neither the buffer nor num_domains. */
    TEST(getdomaininfolist_writes_nothing),
    /* An unmapped sysctl struct is -EFAULT. */
    TEST(bad_pointer),
};

int main(void)
{
    return run_tests("sysctl/denied", tests, ARRAY_SIZE(tests));
}
