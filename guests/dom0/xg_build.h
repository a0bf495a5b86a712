/*
 * dom0's PV domain builder (libxenguest's job): a new domU from a kernel
 * image in memory and a few settings, built with the toolstack's
 * hypercalls the way the hypervisor's boot-time builder builds one, so
 * that boot-time and toolstack domains are the same kind of object.
 *
 * The steps (xg_build.c): the kernel is checked (the hypervisor's own ELF
 * checks, hypervisor/core/elf.c, compiled into dom0: one copy of them)
 * and the layout planned (xg_layout.h) before anything is allocated; then
 * createdomain, max_mem, populate_physmap for all its memory (the MFNs
 * are its P2M); the image, start_info, the P2M list and the bootstrap
 * page tables are written through a foreign-mapping window (mmu_update
 * with foreigndom = the new domain; public/domctl.h); the store and
 * console rings get an unbound port each for dom0 and grant entries 0/1
 * (written in the domain's grant frame, mapped the same way), and are
 * recorded with HVMOP_set_param; setvcpucontext starts VCPU 0 at the
 * entry with a0 = start_info, the bootstrap tables validated by the type
 * system on the domain's behalf.  The domain is left paused: the caller
 * introduces it to xenstored and the console back end, then unpauses it.
 *
 * A failure at any step destroys what was made and returns a named
 * error: nothing stays allocated.
 *
 * Context: dom0's main thread (it maps and unmaps pages, and waits for
 * hypercall continuations).
 */
#ifndef DOM0_XG_BUILD_H
#define DOM0_XG_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

struct xg_spec {
    const char *name;           /* for messages */
    const void *kernel;         /* the ELF image */
    size_t kernel_len;
    uint64_t memory_mb;         /* the domain's memory */
    uint64_t maxmem_mb;         /* its limit (>= memory_mb; 0: memory_mb) */
    unsigned int vcpus;         /* VCPUs created; only VCPU 0 is started */
    const char *cmdline;        /* start_info.cmd_line ("" for none) */
};

struct xg_result {
    domid_t domid;
    uint64_t store_mfn, console_mfn;
    uint32_t store_port, console_port;
};

/* Build a paused domU: 0 and *out, or -XEN_E* with err naming the step
 * and the reason ("bad kernel: ...", "out of memory: ..."). */
long xg_build(const struct xg_spec *spec, struct xg_result *out, char *err, size_t errlen);

/* Destroy domain domid, waiting while it is dying because another domain
 * still maps one of its pages: 0, or -XEN_E* (the domain stays dying). */
long xg_destroy(domid_t domid);

#endif /* DOM0_XG_BUILD_H */
