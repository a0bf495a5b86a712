/*
 * Other domains, as the control domain sees them
 * (XEN_SYSCTL_getdomaininfolist): the console back end, xenstored and
 * dom0's toolstack use these.  Unprivileged callers get -XEN_EPERM.
 */
#ifndef GUEST_DOMAINS_H
#define GUEST_DOMAINS_H

#include <stdbool.h>
#include <public/domctl.h>

/* Up to max domains with ids >= first, in id order: how many, or -XEN_E*. */
long domain_list(domid_t first, struct xen_domctl_getdomaininfo *info, unsigned int max);
/* Domain id: 0, -XEN_ESRCH if it does not exist (any more), or -XEN_E*. */
long domain_info(domid_t id, struct xen_domctl_getdomaininfo *info);
/* Whether domain id is finished: shut down, dying, or gone. */
bool domain_finished(domid_t id);

#endif /* GUEST_DOMAINS_H */
