/* System health around hostile tests (health.h). */
#include <public/memory.h>
#include <public/sysctl.h>
#include "domains.h"
#include "health.h"
#include "test.h"

static long own_pages, free_pages;

static long own_reservation(void)
{
    domid_t self = DOMID_SELF;

    return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

static long machine_free_pages(void)
{
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_physinfo,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc = HYPERVISOR_sysctl(&op);

    return rc ? rc : (long)op.u.physinfo.free_pages;
}

void health_begin(void)
{
    own_pages = own_reservation();
    EXPECT_TRUE(own_pages > 0);
    if (test_is_privileged()) {
        free_pages = machine_free_pages();
        EXPECT_TRUE(free_pages > 0);
    }
}

void health_end_peers(unsigned int nr_peers)
{
    EXPECT_EQ(own_reservation(), own_pages);
    if (!test_is_privileged())
        return;
    EXPECT_EQ(machine_free_pages(), free_pages);
    for (unsigned int i = 1; i <= nr_peers; i++) {
        long code = domain_shutdown_code((domid_t)i);

        if (code != DOMAIN_RUNNING && code != SHUTDOWN_poweroff)
            xtf_failure("peer d%u: state %ld, expected running or powered off", i, code);
        else
            EXPECT_TRUE(true);
    }
}
