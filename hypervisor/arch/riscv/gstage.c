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
 *
 * Tables come and go.  A leaf table (level 0, 2 MiB of guest-physical
 * space) is created by the first mapping in its range and taken out again
 * by the unmap that leaves it empty: the entry above it is cleared, and the
 * table is freed only after a flush that started after that - every
 * removal is followed by one (hv/flush.h), so a CPU's walk can never reach
 * a freed table.  So the frames a domain's G-stage uses follow what it
 * maps, and dom0's does not grow with every domain it builds or serves.
 * flush_gen numbers the flushes begun; a table unlinked when it was g
 * waits for a flush numbered above g.
 *
 * Locking: d->arch.gstage_lock guards the tables' structure (creating,
 * unlinking, walking them); it is taken innermost, with the heap's lock
 * only nested inside it.
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
    spin_lock_init(&d->arch.gstage_lock);
    d->arch.gstage_root = root;
    d->arch.vmid = vmid;
    d->arch.hgatp = HGATP_MODE_SV39X4 | ((unsigned long)vmid << HGATP_VMID_SHIFT) | mfn_x(root);
    return 0;
}

/*
 * The domain is dead: no frame of its own is mapped any more, no CPU has
 * its context loaded, and every CPU flushes its VMID before a domain that
 * reuses it first runs (domain_create marks them all stale).  Only the
 * table frames remain.
 */
void arch_domain_destroy(struct domain *d)
{
    pte_t *root;

    if (!d->arch.hgatp)
        return;                 /* arch_domain_init never ran or failed */
    root = mfn_to_virt(d->arch.gstage_root);
    for (unsigned int i2 = 0; i2 < 4 * PT_ENTRIES; i2++) {
        pte_t *l1 = pte_is_table(root[i2]) ? maddr_to_virt(pte_to_maddr(root[i2])) : NULL;

        for (unsigned int i1 = 0; l1 && i1 < PT_ENTRIES; i1++)
            if (pte_is_table(l1[i1]))
                free_xenheap_pages(pte_to_mfn(l1[i1]), 0);
        if (l1)
            free_xenheap_pages(pte_to_mfn(root[i2]), 0);
    }
    for (unsigned int i = 0; i < d->arch.nr_dead; i++)
        free_xenheap_pages(d->arch.dead[i].table, 0);
    d->arch.nr_dead = 0;
    free_xenheap_pages(d->arch.gstage_root, 2);
    d->arch.hgatp = 0;
}

int arch_gstage_map(struct domain *d, mfn_t m, bool writable)
{
    struct pt_ops ops = gstage_ops(d);

    if (d->is_translated)
        return -EINVAL;
    uint64_t flags = PTE_R | PTE_X | PTE_U | PTE_A | PTE_D | (writable ? PTE_W : 0);
    unsigned long irq = spin_lock_irqsave(&d->arch.gstage_lock);
    int rc = pt_map(mfn_to_virt(d->arch.gstage_root), &ops, mfn_to_maddr(m), mfn_to_maddr(m),
                    PAGE_SIZE, flags);

    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
    return rc;
}

/* The level-1 entry above gpa's leaf table, or NULL if there is none. */
static pte_t *l1_entry(struct domain *d, uint64_t gpa)
{
    pte_t *root = mfn_to_virt(d->arch.gstage_root), *l1;
    unsigned int i2 = (unsigned int)(gpa >> 30) & (4 * PT_ENTRIES - 1);

    if (!pte_is_table(root[i2]))
        return NULL;
    l1 = maddr_to_virt(pte_to_maddr(root[i2]));
    return &l1[(gpa >> 21) & (PT_ENTRIES - 1)];
}

/* gpa's leaf table has just lost an entry: if it is empty, unlink it and
 * keep it for the next flush to free.  gstage_lock held. */
static void retire_if_empty(struct domain *d, uint64_t gpa)
{
    pte_t *e = l1_entry(d, gpa);
    const pte_t *t;
    mfn_t table;

    if (!e || !pte_is_table(*e) || d->arch.nr_dead == GSTAGE_DEAD_MAX)
        return;
    table = pte_to_mfn(*e);
    t = mfn_to_virt(table);
    for (unsigned int i = 0; i < PT_ENTRIES; i++)
        if (t[i] & PTE_V)
            return;
    __atomic_store_n(e, 0, __ATOMIC_SEQ_CST);
    d->arch.dead[d->arch.nr_dead++] = (struct gstage_dead){
        table, __atomic_load_n(&d->arch.flush_gen, __ATOMIC_SEQ_CST) };
}

void arch_gstage_unmap(struct domain *d, mfn_t m)
{
    struct pt_ops ops = gstage_ops(d);
    unsigned long irq;

    if (d->is_translated) {
        p2m_frame_leaves(d, m);
        return;
    }
    irq = spin_lock_irqsave(&d->arch.gstage_lock);
    pt_unmap_page(mfn_to_virt(d->arch.gstage_root), &ops, mfn_to_maddr(m));
    retire_if_empty(d, mfn_to_maddr(m));
    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
}

/* Free the tables unlinked before flush number `gen` began. */
static void free_retired(struct domain *d, unsigned long gen)
{
    unsigned long irq = spin_lock_irqsave(&d->arch.gstage_lock);
    unsigned int kept = 0;

    for (unsigned int i = 0; i < d->arch.nr_dead; i++) {
        if (d->arch.dead[i].gen < gen) {
            free_xenheap_pages(d->arch.dead[i].table, 0);
            d->hv_pages--;
        } else {
            d->arch.dead[kept++] = d->arch.dead[i];
        }
    }
    d->arch.nr_dead = kept;
    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
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
    unsigned long gen = __atomic_add_fetch(&d->arch.flush_gen, 1, __ATOMIC_SEQ_CST);

    flush_guest_tlbs(d);
    if (__atomic_load_n(&d->arch.nr_dead, __ATOMIC_RELAXED))
        free_retired(d, gen);
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
    pte_t need = cause == EXC_STORE_GUEST_PAGE_FAULT ? PTE_W
               : cause == EXC_INST_GUEST_PAGE_FAULT ? PTE_X : PTE_R;
    unsigned long irq = spin_lock_irqsave(&d->arch.gstage_lock);
    pte_t *e = pt_leaf(mfn_to_virt(d->arch.gstage_root), &ops, gpa & ~(PAGE_SIZE - 1));
    pte_t pte = e ? __atomic_load_n(e, __ATOMIC_ACQUIRE) : 0;

    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);

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
    unsigned long irq = spin_lock_irqsave(&d->arch.gstage_lock);
    pte_t *e = d->is_translated ? NULL : pt_leaf(mfn_to_virt(d->arch.gstage_root), &ops,
                                                 mfn_to_maddr(m));

    if (!e || !(*e & PTE_V)) {
        spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
        return;
    }
    __atomic_store_n(e, writable ? *e | PTE_W : *e & ~PTE_W, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
    if (writable)
        arch_gstage_publish(d);
    else
        arch_gstage_flush(d);
}

int arch_gstage_query(struct domain *d, mfn_t m)
{
    struct pt_ops ops = gstage_ops(d);
    unsigned long irq = spin_lock_irqsave(&d->arch.gstage_lock);
    pte_t *e = d->is_translated ? NULL : pt_leaf(mfn_to_virt(d->arch.gstage_root), &ops,
                                                 mfn_to_maddr(m));
    pte_t pte = e ? *e : 0;

    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
    if (!(pte & PTE_V))
        return -1;
    return (pte & PTE_W) ? 1 : 0;
}

/* A PV domain's G-stage has 4 KiB leaves only; a translated domain's p2m
 * also 2 MiB ones, each reported frame by frame. */
void arch_gstage_for_each(struct domain *d, void (*fn)(void *ctx, mfn_t m, bool writable),
                          void *ctx)
{
    const pte_t *root = mfn_to_virt(d->arch.gstage_root);
    unsigned long irq = spin_lock_irqsave(&d->arch.gstage_lock);

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
    spin_unlock_irqrestore(&d->arch.gstage_lock, irq);
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
