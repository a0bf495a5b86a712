/*
 * XEN_SYSCTL_tbuf_op from a domU: every sub-op is -EPERM (the privilege
 * check comes before the sub-op is looked at), a read writes nothing into
 * the buffer, and a domU cannot turn recording on: dom0 never enabled it,
 * so it stays off.
 */
#include <string.h>
#include "../../lib/test.h"

static const uint32_t subops[] = {
    XEN_SYSCTL_TBUFOP_get_info, XEN_SYSCTL_TBUFOP_set_evt_mask, XEN_SYSCTL_TBUFOP_enable,
    XEN_SYSCTL_TBUFOP_disable, XEN_SYSCTL_TBUFOP_read, 1000,
};

static struct xen_sysctl_tbuf_rec buf[8];

static long tbuf(uint32_t subop, xen_sysctl_t *op)
{
    memset(op, 0, sizeof(*op));
    op->cmd = XEN_SYSCTL_tbuf_op;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    op->u.tbuf_op.cmd = subop;
    op->u.tbuf_op.count = 8;
    op->u.tbuf_op.evt_mask = XEN_TBUF_EV_ALL;
    set_xen_guest_handle(op->u.tbuf_op.buffer, buf);
    return HYPERVISOR_sysctl(op);
}

static void every_subop_eperm(void)
{
    xen_sysctl_t op;

    memset(buf, 0x5a, sizeof(buf));
    for (unsigned int i = 0; i < ARRAY_SIZE(subops); i++) {
        if (!EXPECT_EQ(tbuf(subops[i], &op), -XEN_EPERM))
            printk("  (sub-op %u)\n", subops[i]);
        EXPECT_EQ(op.u.tbuf_op.count, 8);          /* nothing written back */
    }
    EXPECT_BYTES(buf, sizeof(buf), 0x5a);
}

static void wrong_version_eacces(void)
{
    xen_sysctl_t op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_tbuf_op;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    op.u.tbuf_op.cmd = XEN_SYSCTL_TBUFOP_get_info;
    EXPECT_EQ(HYPERVISOR_sysctl(&op), -XEN_EACCES);
}

static const struct test tests[] = {
    /* get_info, set_evt_mask, enable, disable, read, unknown: -EPERM, buffer untouched. */
    TEST(every_subop_eperm),
    /* The interface version is still checked first: -EACCES. */
    TEST(wrong_version_eacces),
};

int main(void)
{
    return run_tests("sysctl/tbuf_denied", tests, ARRAY_SIZE(tests));
}
