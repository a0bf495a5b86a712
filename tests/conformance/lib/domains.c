/* Other domains' state, for dom0-role tests (see domains.h). */
#include <public/sysctl.h>
#include "domains.h"
#include "test.h"

#define POLL_NS (5 * NSEC_PER_MSEC)

long domain_info(domid_t id, struct xen_domctl_getdomaininfo *info)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_getdomaininfolist,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    long rc;

    op.u.getdomaininfolist.first_domain = id;
    op.u.getdomaininfolist.max_domains = 1;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    rc = HYPERVISOR_sysctl(&op);
    if (rc)
        return rc;
    if (op.u.getdomaininfolist.num_domains != 1 || info->domain != id)
        return -XEN_ESRCH;
    return 0;
}

long domain_shutdown_code(domid_t id)
{
    struct xen_domctl_getdomaininfo info;
    long rc = domain_info(id, &info);

    if (rc)
        return rc;
    if (!(info.flags & XEN_DOMINF_shutdown))
        return DOMAIN_RUNNING;
    return (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
}

bool wait_domains(domid_t first, unsigned int n, uint64_t timeout_ns, long *codes)
{
    uint64_t end = monotonic_ns() + timeout_ns;

    for (;;) {
        unsigned int done = 0;

        for (unsigned int i = 0; i < n; i++) {
            codes[i] = domain_shutdown_code((domid_t)(first + i));
            if (codes[i] < 0) {
                xtf_error("d%u: cannot read its state (%ld)", first + i, codes[i]);
                return false;
            }
            done += codes[i] != DOMAIN_RUNNING;
        }
        if (done == n)
            return true;
        if (monotonic_ns() > end)
            return false;
        sleep_ns(POLL_NS);
    }
}
