/*
 * For tests that run as dom0 beside peer domUs: what the hypervisor says
 * about other domains (XEN_SYSCTL_getdomaininfolist), and waiting for
 * them to finish.  The peers are the boot modules after the test kernel,
 * so the n-th peer is domain n.
 */
#ifndef CONFORMANCE_DOMAINS_H
#define CONFORMANCE_DOMAINS_H

#include <stdbool.h>
#include <stdint.h>
#include <public/domctl.h>

/* getdomaininfo of domain id: 0, -XEN_ESRCH if absent, or the sysctl's error. */
long domain_info(domid_t id, struct xen_domctl_getdomaininfo *info);

/*
 * The SHUTDOWN_* code of domain id if it has shut down, DOMAIN_RUNNING
 * if it has not, or -XEN_E* (domain_info's error).
 */
#define DOMAIN_RUNNING 1000
long domain_shutdown_code(domid_t id);

/*
 * Poll (sleeping 5 ms between polls) until domains first..first+n-1 have
 * all shut down or timeout_ns has passed; codes[i] receives domain
 * first+i's shutdown code or DOMAIN_RUNNING.  Reports ERROR if a domain
 * cannot be queried.  Returns true if all shut down.
 */
bool wait_domains(domid_t first, unsigned int n, uint64_t timeout_ns, long *codes);

#endif /* CONFORMANCE_DOMAINS_H */
