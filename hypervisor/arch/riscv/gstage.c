/*
 * G-stage (second-stage) translation: one Sv39x4 table per domain, mapping
 * guest-physical = machine, 1:1, for exactly the frames the domain may
 * touch, under the domain's own VMID.  Frames typed as page tables are
 * mapped read-only, so a guest cannot write its own tables even if it loads
 * satp itself; the hypervisor's validator is then not the only guard.
 *
 * Leaves always carry U (G-stage treats every guest access as a user access)
 * and A/D (so the hardware never has to update them).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/arch/domain.h>
#include <asm/csr.h>
#include <asm/pagetable.h>
#include <asm/setup.h>

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
    uint64_t flags = PTE_R | PTE_X | PTE_U | PTE_A | PTE_D | (writable ? PTE_W : 0);

    return pt_map(mfn_to_virt(d->arch.gstage_root), &ops, mfn_to_maddr(m),
                  mfn_to_maddr(m), PAGE_SIZE, flags);
}

void arch_gstage_unmap(struct domain *d, mfn_t m)
{
    struct pt_ops ops = gstage_ops(d);

    pt_unmap_page(mfn_to_virt(d->arch.gstage_root), &ops, mfn_to_maddr(m));
}

void arch_gstage_flush(struct domain *d)
{
    /* hfence.gvma is local; every CPU flushes again when it next switches to
     * a VMID-0 domain.  Remote flushes come with the page-table issue. */
    hfence_gvma_all();
}
