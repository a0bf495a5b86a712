/*
 * The Sv39 PTE rules a guest's page-table entry must pass (security.md 5,
 * DESIGN 3).  Pure functions of the entry and its table's level, so the
 * host tests check exactly what the hypervisor enforces.  Which frame an
 * entry may name is page_type.c's business.
 *
 * Refused (-EINVAL), for a valid entry (V = 1; an invalid one is never
 * looked at, as the hardware never looks at it):
 *   - reserved bits 60..54, the Svnapot N bit, Svpbmt PBMT bits (the
 *     hypervisor does not offer those extensions to guests);
 *   - RSW bit 9 (PTE_GNTTAB): the hypervisor's mark of a grant mapping;
 *   - W without R (reserved encoding);
 *   - a leaf above level 0: superpages are refused outright, rather than
 *     checking every frame beneath them (DESIGN 3 allows either);
 *   - a pointer to a next table at level 0 (the walk would fault);
 *   - a pointer to a next table with A, D or U set (reserved for non-leaf).
 * A/D choice: every leaf gets A, and every writable leaf D, set by the
 * hypervisor, so the hardware never has to write a PTE, which lives in a
 * frame that is read-only in G-stage.  U and G are the guest's to choose.
 */
#include <hv/errno.h>
#include <hv/page_type.h>

int pte_check(pte_t val, unsigned int level, pte_t *out)
{
    *out = val;
    if (!(val & PTE_V))
        return 0;
    if (val & (PTE_RESERVED_MASK | PTE_N | PTE_PBMT_MASK | PTE_GNTTAB))
        return -EINVAL;
    if ((val & (PTE_R | PTE_W)) == PTE_W)
        return -EINVAL;
    if (pte_is_table(val)) {
        if (level == 0 || (val & (PTE_A | PTE_D | PTE_U)))
            return -EINVAL;
        return 0;
    }
    if (level != 0)
        return -EINVAL;
    *out = val | PTE_A | ((val & PTE_W) ? PTE_D : 0);
    return 0;
}
