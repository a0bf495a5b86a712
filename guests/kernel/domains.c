/* Other domains' state, for the control domain (include/domains.h). */
#include "kernel.h"
#include "domains.h"

long domain_list(domid_t first, struct xen_domctl_getdomaininfo *info, unsigned int max)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_getdomaininfolist,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    long rc;

    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
    rc = HYPERVISOR_sysctl(&op);
    return rc ? rc : (long)op.u.getdomaininfolist.num_domains;
}

long domain_info(domid_t id, struct xen_domctl_getdomaininfo *info)
{
    long rc = domain_list(id, info, 1);

    if (rc < 0)
        return rc;
    return rc == 1 && info->domain == id ? 0 : -XEN_ESRCH;
}

bool domain_finished(domid_t id)
{
    struct xen_domctl_getdomaininfo info;

    if (domain_info(id, &info))
        return true;
    return info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying);
}
