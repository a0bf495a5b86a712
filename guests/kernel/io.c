/*
 * ioremap (io.h): device registers mapped into the I/O window, one page
 * after another.  Mappings made through pt_map are validated by the
 * hypervisor against the domain's I/O permissions.
 */
#include "kernel.h"
#include "pagetable.h"

static unsigned long ioremap_next = IOREMAP_VA;
static spinlock_t ioremap_lock = SPIN_LOCK_UNLOCKED;

void *ioremap(uint64_t maddr, size_t size)
{
    uint64_t first = maddr >> PAGE_SHIFT;
    uint64_t pages = ((maddr + size + PAGE_SIZE - 1) >> PAGE_SHIFT) - first;
    unsigned long flags = local_irq_save(), va;
    void *ret = NULL;

    spin_lock(&ioremap_lock);
    va = ioremap_next;
    if (size && pages <= (IOREMAP_VA + IOREMAP_SIZE - va) >> PAGE_SHIFT) {
        uint64_t i;

        for (i = 0; i < pages; i++)
            if (pt_map(va + i * PAGE_SIZE, first + i, PTE_R | PTE_W))
                break;
        if (i == pages) {
            ioremap_next = va + pages * PAGE_SIZE;
            ret = (void *)(va + (maddr & (PAGE_SIZE - 1)));
        } else {
            while (i--)
                pt_unmap(va + i * PAGE_SIZE);
        }
    }
    spin_unlock(&ioremap_lock);
    local_irq_restore(flags);
    return ret;
}
