/*
 * Host arch: the per-domain and per-VCPU contract (hv/arch/domain.h),
 * recorded instead of performed.  The G-stage is a list of (frame,
 * writable) in struct arch_domain that tests query with host_gstage();
 * mapping a frame again changes its permission, as rewriting a PTE would.
 * Guest bootstrap page tables (arch_guest_pt_*) are not simulated: their
 * meaning is the RISC-V table format, tested on the target.
 */
#include <hv/arch/domain.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/flush.h>
#include <hv/lib.h>
#include <public/vcpu.h>
#include <asm/host.h>

int arch_domain_init(struct domain *d)
{
    memset(&d->arch, 0, sizeof(d->arch));
    d->arch.initialised = true;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    d->arch.initialised = false;
    d->arch.gstage_nr = 0;
}

static struct host_gstage_entry *find(struct domain *d, mfn_t m)
{
    for (unsigned int i = 0; i < d->arch.gstage_nr; i++)
        if (d->arch.gstage[i].mfn == mfn_x(m))
            return &d->arch.gstage[i];
    return NULL;
}

int arch_gstage_map(struct domain *d, mfn_t m, bool writable)
{
    struct host_gstage_entry *e = find(d, m);

    if (!e) {
        if (d->arch.gstage_nr == HOST_GSTAGE_MAX)
            return -ENOMEM;     /* as running out of G-stage table frames */
        e = &d->arch.gstage[d->arch.gstage_nr++];
        e->mfn = mfn_x(m);
    }
    e->writable = writable;
    return 0;
}

void arch_gstage_unmap(struct domain *d, mfn_t m)
{
    struct host_gstage_entry *e = find(d, m);

    if (e)
        *e = d->arch.gstage[--d->arch.gstage_nr];
}

/* Flushes run the real protocol (core/flush.c) against the simulated
 * TLBs of tlb_model.c. */
void arch_gstage_flush(struct domain *d)
{
    d->arch.gstage_flushes++;
    flush_guest_tlbs(d);
}

void arch_gstage_publish(struct domain *d)
{
    flush_guest_tlbs_lazy(d);
}

void arch_gstage_protect(struct domain *d, mfn_t m, bool writable)
{
    struct host_gstage_entry *e = find(d, m);

    if (!e)
        return;
    e->writable = writable;
    d->arch.gstage_protects++;
    if (writable) {
        arch_gstage_publish(d);
    } else {
        d->arch.gstage_flushes++;
        flush_guest_tlbs(d);
    }
}

int arch_gstage_query(struct domain *d, mfn_t m) { return host_gstage(d, m); }

void arch_gstage_for_each(struct domain *d, void (*fn)(void *ctx, mfn_t m, bool writable),
                          void *ctx)
{
    for (unsigned int i = 0; i < d->arch.gstage_nr; i++)
        fn(ctx, _mfn(d->arch.gstage[i].mfn), d->arch.gstage[i].writable);
}

void arch_guest_tlb_flush(struct domain *d, bool all_cpus, unsigned long va)
{
    (void)va;
    if (all_cpus) {
        d->arch.tlb_flushes_all++;
        flush_guest_tlbs(d);
    } else {
        d->arch.tlb_flushes_local++;
    }
}

void arch_vcpu_set_root(struct vcpu *v, mfn_t m) { v->arch.root_mfn = mfn_x(m); }

int host_gstage(struct domain *d, mfn_t m)
{
    const struct host_gstage_entry *e = find(d, m);

    return !e ? -1 : e->writable;
}

void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1,
                    const struct guest_pt *pt)
{
    v->arch.entry = entry;
    v->arch.arg = arg0;
    v->arch.arg1 = arg1;
    v->arch.initialised = true;
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    prev->arch.switched_out++;
    next->arch.switched_in++;
}

/* Host: no translation format to check; a context is recorded as given. */
int arch_vcpu_check_context(struct domain *d, const struct vcpu_guest_context *ctx, mfn_t *root)
{
    *root = _mfn(ctx->satp);
    return 0;
}

void arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *ctx)
{
    v->arch.initialised = true;
}

void arch_vcpu_get_context(const struct vcpu *v, struct vcpu_guest_context *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->satp = v->arch.root_mfn;
}

void arch_vcpu_dump(struct vcpu *v)
{
    printk("d%uv%u: entry 0x%llx arg 0x%llx (host: no registers)\n",
           v->domain ? v->domain->domain_id : 0, v->vcpu_id,
           (unsigned long long)v->arch.entry, (unsigned long long)v->arch.arg);
}

void arch_vcpu_unmask_upcall(struct vcpu *v) { v->arch.upcall_unmasks++; }
void arch_vcpu_kick_upcall(struct vcpu *v) { v->arch.upcall_kicks++; }
