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

/* domain_info() (getdomaininfo of one domain) is the guest library's (domains.h). */
#include <domains.h>

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
 * cannot be queried.  Returns true if all shut down; their consoles have
 * then been released by dom0's back end (xencons_back_reap).
 */
bool wait_domains(domid_t first, unsigned int n, uint64_t timeout_ns, long *codes);

#endif /* CONFORMANCE_DOMAINS_H */
