/*
 * G-stage (second-stage) translation: one Sv39x4 table per domain, mapping
 * guest-physical = machine, 1:1, for exactly the frames the domain may
 * touch, under the domain's own VMID.  Frames typed as page tables are
 * mapped read-only, so a guest cannot write its own tables even if it loads
 * satp itself; the hypervisor's validator is then not the only guard.
 *
 * Leaves always carry U (G-stage treats every guest access as a user access)
 * and A/D (so the hardware never has to update them).
 *
 * An auto-translated domain's G-stage is its p2m instead (arch/riscv/p2m.c,
 * mm/p2m.c): the identity-map operations below then refuse to add (map),
 * find a frame through the M2P (unmap), or have nothing to do (protect:
 * such a domain has no page-table frames).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/flush.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/p2m.h>
#include <hv/arch/domain.h>
#include <hv/arch/p2m.h>
#include <asm/csr.h>
#include <asm/pagetable.h>
#include <asm/percpu.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <hv/arch/machine.h>

static unsigned int vmid_bits;

void gstage_init(void)
{
    unsigned long probe = HGATP_MODE_SV39X4 | (((1UL << HGATP_VMID_BITS) - 1) << HGATP_VMID_SHIFT);

    csr_write(CSR_HGATP, probe);
    probe = csr_read(CSR_HGATP);
    csr_write(CSR_HGATP, 0);
    if ((probe >> 60) != (HGATP_MODE_SV39X4 >> 60))
        panic("G-stage Sv39x4 not supported");
    vmid_bits = (unsigned int)__builtin_popcountl((probe >> HGATP_VMID_SHIFT) &
                                                  ((1UL << HGATP_VMID_BITS) - 1));
    hfence_gvma_all();
}

static mfn_t gstage_alloc(void *ctx)
{
    struct domain *d = ctx;
    mfn_t m = alloc_xenheap_pages(0);

    if (mfn_valid_raw(m))
        d->hv_pages++;
    return m;
}

static struct pt_ops gstage_ops(struct domain *d)
{
    return (struct pt_ops){ .root_index_bits = 11, .superpages = false,
                            .alloc = gstage_alloc, .ctx = d };
}

int arch_domain_init(struct domain *d)
{
    mfn_t root = alloc_xenheap_pages(2);     /* 16 KiB, naturally aligned */
    unsigned int vmid = d->domain_id + 1u;

    if (!mfn_valid_raw(root))
        return -ENOMEM;
    if (vmid >= (1u << vmid_bits))
        vmid = 0;   /* too few VMIDs: share 0 and flush on every switch */
    d->hv_pages += 4;
    d->arch.gstage_root = root;
    d->arch.vmid = vmid;
    d->arch.hgatp = HGATP_MODE_SV39X4 | ((unsigned long)vmid << HGATP_VMID_SHIFT) | mfn_x(root);
    return 0;
}

int arch_gstage_map(struct domain *d, mfn_t m, bool writable)
{
    struct pt_ops ops = gstage_ops(d);

    if (d->is_translated)
        return -EINVAL;
    uint64_t flags = PTE_R | PTE_X | PTE_U | PTE_A | PTE_D | (writable ? PTE_W : 0);

    return pt_map(mfn_to_virt(d->arch.gstage_root), &ops, mfn_to_maddr(m),
                  mfn_to_maddr(m), PAGE_SIZE, flags);
}

void arch_gstage_unmap(struct domain *d, mfn_t m)
{
    struct pt_ops ops = gstage_ops(d);

    if (d->is_translated) {
        p2m_frame_leaves(d, m);
        return;
    }
    pt_unmap_page(mfn_to_virt(d->arch.gstage_root), &ops, mfn_to_maddr(m));
}


/*
 * Flushes.  Removing or narrowing entries goes through the shootdown
 * protocol (hv/flush.h): complete on every CPU before the caller goes on.
 * Adding or widening needs no remote flush: another CPU that still holds
 * the old (absent or read-only) entry faults on it, and the fault is found
 * spurious (gstage_fault_is_spurious) and retried after a local flush.
 */
void arch_gstage_flush(struct domain *d)
{
    flush_guest_tlbs(d);
}

void arch_gstage_publish(struct domain *d)
{
    flush_guest_tlbs_lazy(d);
}

/* hfence.vvma works on the VMID in hgatp: d's VS-stage entries can be
 * dropped that way only where d is loaded.  Elsewhere the G-stage fence of
 * d's VMID drops the combined entries, and the protocol has marked this
 * CPU stale, so it flushes again, with d loaded, before it next runs d. */
void arch_flush_domain_local(struct domain *d)
{
    if (csr_read(CSR_HGATP) == d->arch.hgatp)
        hfence_vvma_all();
    hfence_gvma_vmid(d->arch.vmid);
}

void arch_send_flush_ipi(unsigned int cpu)
{
    sbi_send_ipi(per_cpu(cpu)->hart_id);
}

/*
 * A guest-page fault at guest-physical gpa for an access the G-stage now
 * allows: this CPU saw an entry older than a change that added the right
 * (arch_gstage_publish does not flush other CPUs).  Flush here; the access
 * is retried.  cause is EXC_{INST,LOAD,STORE}_GUEST_PAGE_FAULT.
 */
bool gstage_fault_is_spurious(struct domain *d, uint64_t gpa, unsigned long cause)
{
    struct pt_ops ops = gstage_ops(d);
    pte_t *e = pt_leaf(mfn_to_virt(d->arch.gstage_root), &ops, gpa & ~(PAGE_SIZE - 1));
    pte_t need = cause == EXC_STORE_GUEST_PAGE_FAULT ? PTE_W
               : cause == EXC_INST_GUEST_PAGE_FAULT ? PTE_X : PTE_R;
    pte_t pte = e ? __atomic_load_n(e, __ATOMIC_ACQUIRE) : 0;

    if (d->is_translated && !p2m_allows(d, _gfn(gpa >> PAGE_SHIFT), cause == EXC_STORE_GUEST_PAGE_FAULT,
                                        cause == EXC_INST_GUEST_PAGE_FAULT))
        return false;
    if (!d->is_translated && (!(pte & PTE_V) || !(pte & need)))
        return false;
    hfence_gvma_vmid(d->arch.vmid);
    return true;
}

void arch_gstage_protect(struct domain *d, mfn_t m, bool writable)
{
    struct pt_ops ops = gstage_ops(d);
    pte_t *e = d->is_translated ? NULL : pt_leaf(mfn_to_virt(d->arch.gstage_root), &ops,
                                                 mfn_to_maddr(m));

    if (!e || !(*e & PTE_V))
        return;
    __atomic_store_n(e, writable ? *e | PTE_W : *e & ~PTE_W, __ATOMIC_RELEASE);
    if (writable)
        arch_gstage_publish(d);
    else
        arch_gstage_flush(d);
}

int arch_gstage_query(struct domain *d, mfn_t m)
{
    struct pt_ops ops = gstage_ops(d);
    pte_t *e = d->is_translated ? NULL : pt_leaf(mfn_to_virt(d->arch.gstage_root), &ops,
                                                 mfn_to_maddr(m));

    if (!e || !(*e & PTE_V))
        return -1;
    return (*e & PTE_W) ? 1 : 0;
}

/* A PV domain's G-stage has 4 KiB leaves only; a translated domain's p2m
 * also 2 MiB ones, each reported frame by frame. */
void arch_gstage_for_each(struct domain *d, void (*fn)(void *ctx, mfn_t m, bool writable),
                          void *ctx)
{
    const pte_t *root = mfn_to_virt(d->arch.gstage_root);

    for (unsigned int i2 = 0; i2 < 4 * PT_ENTRIES; i2++) {
        const pte_t *l1 = pte_is_table(root[i2]) ? maddr_to_virt(pte_to_maddr(root[i2])) : NULL;

        for (unsigned int i1 = 0; l1 && i1 < PT_ENTRIES; i1++) {
            const pte_t *l0 = pte_is_table(l1[i1]) ? maddr_to_virt(pte_to_maddr(l1[i1])) : NULL;

            for (unsigned int i = 0; pte_is_leaf(l1[i1]) && i < PT_ENTRIES; i++)
                fn(ctx, _mfn(mfn_x(pte_to_mfn(l1[i1])) + i), l1[i1] & PTE_W);

            for (unsigned int i0 = 0; l0 && i0 < PT_ENTRIES; i0++)
                if (pte_is_leaf(l0[i0]))
                    fn(ctx, pte_to_mfn(l0[i0]), l0[i0] & PTE_W);
        }
    }
}

/*
 * VS-stage flush.  Locally, for the domain whose hgatp is loaded,
 * hfence.vvma (one address or all); otherwise a G-stage flush of d's
 * VMID, which also drops the VS-stage translations combined with it.
 * Every CPU: the shootdown protocol, which does both wherever d is loaded
 * and marks every other CPU stale: more than asked, never less.
 */
void arch_guest_tlb_flush(struct domain *d, bool all_cpus, unsigned long va)
{
    if (all_cpus)
        flush_guest_tlbs(d);
    else if (csr_read(CSR_HGATP) != d->arch.hgatp)
        hfence_gvma_vmid(d->arch.vmid);
    else if (va == GUEST_TLB_ALL)
        hfence_vvma_all();
    else
        hfence_vvma_va(va);
}
