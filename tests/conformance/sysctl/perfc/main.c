/*
 * XEN_SYSCTL_perfc_op as the control domain (this test kernel is dom0):
 * NULL handles give the sizes, a query names the one counter,
 * "hypervisor_entries", one value per CPU, and the values grow by at
 * least one per hypercall made; reset zeroes them; an unknown sub-command
 * is -EINVAL; a bad buffer -EFAULT.
 */
#include <string.h>
#include "../../lib/test.h"

static struct xen_sysctl_perfc_desc desc;
static uint32_t vals[8];

static long perfc(uint32_t cmd, void *d, void *v, xen_sysctl_t *op)
{
    *op = (xen_sysctl_t){ .cmd = XEN_SYSCTL_perfc_op,
                          .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    op->u.perfc_op.cmd = cmd;
    set_xen_guest_handle(op->u.perfc_op.desc, d);
    set_xen_guest_handle(op->u.perfc_op.val, v);
    return HYPERVISOR_sysctl(op);
}

static uint64_t total(void)
{
    xen_sysctl_t op;
    uint64_t sum = 0;

    if (!EXPECT_EQ(perfc(XEN_SYSCTL_PERFCOP_query, NULL, vals, &op), 0))
        return 0;
    for (unsigned int i = 0; i < op.u.perfc_op.nr_vals && i < 8; i++)
        sum += vals[i];
    return sum;
}

static void sizes(void)
{
    xen_sysctl_t op;

    EXPECT_EQ(perfc(XEN_SYSCTL_PERFCOP_query, NULL, NULL, &op), 0);
    EXPECT_EQ(op.u.perfc_op.nr_counters, 1);
    EXPECT_EQ(op.u.perfc_op.nr_vals, 2);            /* the runner's two harts */
}

static void description(void)
{
    xen_sysctl_t op;

    memset(&desc, 0xff, sizeof(desc));
    EXPECT_EQ(perfc(XEN_SYSCTL_PERFCOP_query, &desc, NULL, &op), 0);
    EXPECT_STREQ(desc.name, "hypervisor_entries");
    EXPECT_EQ(desc.nr_vals, 2);
}

static void counts_hypercalls(void)
{
    uint64_t before = total();

    for (unsigned int i = 0; i < 100; i++)
        HYPERVISOR_xen_version(XENVER_version, NULL);
    EXPECT_TRUE(total() - before >= 100 + 1);       /* and the query itself */
}

static void reset(void)
{
    xen_sysctl_t op;

    EXPECT_EQ(perfc(XEN_SYSCTL_PERFCOP_reset, NULL, NULL, &op), 0);
    EXPECT_TRUE(total() < 50);                      /* the few since */
}

static void bad_arguments(void)
{
    xen_sysctl_t op;

    EXPECT_EQ(perfc(99, NULL, NULL, &op), -XEN_EINVAL);
    EXPECT_EQ(perfc(XEN_SYSCTL_PERFCOP_query, (void *)UNMAPPED_VA, NULL, &op), -XEN_EFAULT);
    EXPECT_EQ(perfc(XEN_SYSCTL_PERFCOP_query, NULL, (void *)UNMAPPED_VA, &op), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* NULL handles: one counter, a value per CPU */
    TEST(sizes),
    /* its name and size */
    TEST(description),
    /* 100 hypercalls count at least 100 entries */
    TEST(counts_hypercalls),
    /* reset zeroes the values */
    TEST(reset),
    /* unknown sub-command -EINVAL, bad buffers -EFAULT */
    TEST(bad_arguments),
};

int main(void)
{
    return run_tests("sysctl/perfc", tests, ARRAY_SIZE(tests));
}
