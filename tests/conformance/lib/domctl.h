/*
 * domctl helpers for the tests of the toolstack's hypercalls: one call
 * with the interface version filled in, and the operations a test builds
 * a domain with.
 */
#ifndef CONFORMANCE_DOMCTL_H
#define CONFORMANCE_DOMCTL_H

#include <string.h>
#include <kernel.h>
#include <public/domctl.h>
#include <public/memory.h>
#include <public/sysctl.h>

/* op->cmd = cmd, op->domain = dom, the current interface version. */
static inline long dctl(xen_domctl_t *op, uint32_t cmd, domid_t dom)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return HYPERVISOR_domctl(op);
}

/* A domctl with no payload. */
static inline long dctl0(uint32_t cmd, domid_t dom)
{
    xen_domctl_t op;

    memset(&op, 0, sizeof(op));
    return dctl(&op, cmd, dom);
}

/* createdomain with nr VCPUs, the id asked for (0: any); the id or -errno. */
static inline long dctl_create(domid_t want, unsigned int vcpus)
{
    xen_domctl_t op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = vcpus;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    op.u.createdomain.max_evtchn_port = 1023;
    rc = dctl(&op, XEN_DOMCTL_createdomain, want);
    return rc ? rc : (long)op.domain;
}

static inline long dctl_info(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
    xen_domctl_t op;
    long rc;

    memset(&op, 0, sizeof(op));
    rc = dctl(&op, XEN_DOMCTL_getdomaininfo, dom);
    if (!rc)
        *info = op.u.getdomaininfo;
    return rc;
}

static inline long dctl_max_mem(domid_t dom, uint64_t kb)
{
    xen_domctl_t op;

    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_memkb = kb;
    return dctl(&op, XEN_DOMCTL_max_mem, dom);
}

/* populate_physmap of nr single frames at pfns 0..nr-1 of dom; the MFNs
 * land in mfns[]; extents done. */
static inline long dctl_populate(domid_t dom, xen_pfn_t *mfns, unsigned long nr)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)mfns, .nr_extents = nr, .domid = dom,
    };

    for (unsigned long i = 0; i < nr; i++)
        mfns[i] = i;
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

static inline long machine_free_frames(void)
{
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_physinfo,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc = HYPERVISOR_sysctl(&op);

    return rc ? rc : (long)op.u.physinfo.free_pages;
}

#endif /* CONFORMANCE_DOMCTL_H */
