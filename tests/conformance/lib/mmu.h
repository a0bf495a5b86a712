/* Page-table test helpers: single requests and a scratch table. */
#ifndef CONFORMANCE_MMU_H
#define CONFORMANCE_MMU_H

#include <stdint.h>
#include <kernel.h>
#include <pagetable.h>

/* A 1 GiB slot of the address space the test image never uses. */
#define SCRATCH_VA 0x2000000000UL

/* One mmu_update request; *done (if non-null) gets the count done. */
static inline long mmu1(uint64_t ptr, uint64_t val, unsigned int *done)
{
    mmu_update_t u = { .ptr = ptr, .val = val };
    unsigned int d = 0;
    long rc = HYPERVISOR_mmu_update(&u, 1, &d, DOMID_SELF);

    if (done)
        *done = d;
    return rc;
}

static inline long mmuext1(unsigned int cmd, uint64_t mfn)
{
    struct mmuext_op op = { .cmd = cmd };
    unsigned int done = 0;

    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/* Table mfns on the way to va in the current address space (0 if absent). */
static inline uint64_t l1_of(unsigned long va)
{
    uint64_t e = pt_table(pt_current_root())[pt_index(va, 2)];

    return (e & PTE_V) ? pte_mfn(e) : 0;
}

static inline uint64_t l0_of(unsigned long va)
{
    uint64_t l1 = l1_of(va), e;

    if (!l1)
        return 0;
    e = pt_table(l1)[pt_index(va, 1)];
    return (e & PTE_V) ? pte_mfn(e) : 0;
}

/* The leaf entry's machine address for va (its tables must exist). */
static inline uint64_t leaf_ma(unsigned long va)
{
    return pt_entry_ma(l0_of(va), pt_index(va, 0));
}

static inline uint64_t leaf_val(unsigned long va)
{
    return pt_table(l0_of(va))[pt_index(va, 0)];
}

/*
 * Make sure SCRATCH_VA's tables exist by mapping a page there (and then
 * unmapping it): returns 0 or the error, reported as ERROR.
 */
long mmu_scratch_setup(void);

#endif /* CONFORMANCE_MMU_H */
