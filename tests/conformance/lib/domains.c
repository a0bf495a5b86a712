/* Other domains' state, for dom0-role tests (see domains.h). */
#include <public/sysctl.h>
#include <console/xencons_back.h>
#include "domains.h"
#include "test.h"

#define POLL_NS (5 * NSEC_PER_MSEC)

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
        if (done == n) {
            /* Their consoles: last lines printed, rings unmapped (memory back). */
            xencons_back_reap();
            return true;
        }
        if (monotonic_ns() > end)
            return false;
        sleep_ns(POLL_NS);
    }
}
