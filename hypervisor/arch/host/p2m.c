/*
 * Host arch: the p2m contract (hv/arch/p2m.h) and the auto-translated
 * VCPU hooks of hv/arch/domain.h, as a small table of 4 KiB entries so
 * that host tests can build a translated domain; 2 MiB mappings are
 * recorded as 512 entries.  The M2P is not modelled here.
 */
#include <hv/arch/domain.h>
#include <hv/arch/p2m.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>

#define HOST_P2M_MAX 4096

struct host_p2m_entry {
    const struct domain *d;
    uint64_t gfn, mfn;
    enum p2m_kind kind;
    bool writable;
};

static struct host_p2m_entry table[HOST_P2M_MAX];

static struct host_p2m_entry *find(const struct domain *d, uint64_t g)
{
    for (unsigned int i = 0; i < HOST_P2M_MAX; i++)
        if (table[i].d == d && table[i].gfn == g)
            return &table[i];
    return NULL;
}

int arch_p2m_reset(struct domain *d)
{
    for (unsigned int i = 0; i < HOST_P2M_MAX; i++)
        if (table[i].d == d)
            table[i].d = NULL;
    return 0;
}

int arch_p2m_set(struct domain *d, gfn_t g, mfn_t m, unsigned int order, enum p2m_kind kind,
                 bool writable)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        struct host_p2m_entry *e = find(d, gfn_x(g) + i);

        if (!e)
            e = find(NULL, 0);
        if (!e)
            return -ENOMEM;
        *e = (struct host_p2m_entry){ d, gfn_x(g) + i, mfn_x(m) + i, kind, writable };
    }
    return 0;
}

mfn_t arch_p2m_get(struct domain *d, gfn_t g, enum p2m_kind *kind, bool *writable)
{
    struct host_p2m_entry *e = find(d, gfn_x(g));

    if (!e)
        return INVALID_MFN;
    *kind = e->kind;
    *writable = e->writable;
    return _mfn(e->mfn);
}

int arch_p2m_clear(struct domain *d, gfn_t g)
{
    struct host_p2m_entry *e = find(d, gfn_x(g));

    if (e)
        e->d = NULL;
    return 0;
}

void arch_p2m_drop_dying(struct domain *d, gfn_t g)
{
    arch_p2m_clear(d, g);
}

void arch_vcpu_init_translated(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1)
{
    (void)v, (void)entry, (void)arg0, (void)arg1;
}

bool arch_vcpu_irq_pending(const struct vcpu *v)
{
    (void)v;
    return false;
}
