/* Page-table test helpers (mmu.h). */
#include "mmu.h"
#include "test.h"

long mmu_scratch_setup(void)
{
    void *page = alloc_page();
    long rc;

    if (!page) {
        xtf_error("mmu_scratch_setup: no page");
        return -XEN_ENOMEM;
    }
    rc = pt_map(SCRATCH_VA, virt_to_mfn(page), PTE_R | PTE_W);
    if (!rc)
        rc = pt_unmap(SCRATCH_VA);
    if (rc)
        xtf_error("mmu_scratch_setup: pt_map/pt_unmap: %ld", rc);
    free_page(page);
    return rc;
}
