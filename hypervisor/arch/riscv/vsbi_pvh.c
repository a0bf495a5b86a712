/*
 * The SBI an auto-translated domain's kernel needs from below (a RISC-V
 * Linux: reference/linux-guest.md), beside vsbi.c's BASE and SRST:
 *
 *   TIME    set_timer(stime): one deadline per VCPU, in `time` counter
 *           units; it raises the VS timer interrupt (hvip.VSTIP), which
 *           stays pending until the next set_timer, as the SBI says.
 *           Sstc is not offered (henvcfg.STCE 0, no "sstc" in the
 *           device tree's ISA string).
 *   IPI     send_ipi(mask, base): the VS software interrupt (hvip.VSSIP)
 *           on each VCPU named, which the guest clears itself.  The
 *           event-channel upcall raises the same interrupt
 *           (public/arch-riscv.h): a guest checks both on SSIP.
 *   RFENCE  remote_fence_i: each VCPU named runs fence.i before it next
 *           runs guest code (the IPI makes that soon; the call does not
 *           wait).  remote_sfence_vma[_asid]: the domain's VS-stage
 *           translations are flushed on every CPU before the call
 *           returns (more than asked, never less).  The hfence calls are
 *           a nested hypervisor's: not supported.
 *   HSM     hart_start / hart_stop / hart_get_status; hart ids are VCPU
 *           ids.  hart_suspend is not supported.
 *
 * Delivery: the bits to raise are kept in v->arch.sbi_pending and moved
 * into hvip by v's own CPU on its way into the guest (vsbi_pvh_deliver,
 * from leave_hypervisor; a pending bit sends the ecall fast path that way
 * too); the sender wakes v if it waits (WFI) and kicks its CPU if it is
 * running elsewhere.  Once in hvip, VSTIP stays until the next set_timer
 * clears it: hvip is part of the VCPU's saved state.
 *
 * Locking: sbi_pending is atomic; HSM changes a VCPU's state under
 * d->lock, as VCPUOP_up does.
 */
#include <hv/domain.h>
#include <hv/flush.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/arch/domain.h>
#include <hv/arch/time.h>
#include <asm/csr.h>
#include <asm/regs.h>
#include <asm/sbi.h>
#include <asm/traps.h>
#include <asm/vsbi_pvh.h>

#define SBI_ERR_ALREADY_AVAILABLE -6

#define SBI_IPI_SEND            0
#define SBI_RFENCE_FENCE_I      0
#define SBI_RFENCE_SFENCE_VMA   1
#define SBI_RFENCE_SFENCE_ASID  2
#define SBI_HSM_HART_STOP       1
#define SBI_HSM_HART_STATUS     2
#define SBI_HSM_STARTED         0
#define SBI_HSM_STOPPED         1

/* sbi_pending: besides HVIP_VSSIP / HVIP_VSTIP, a fence.i owed. */
#define PENDING_FENCE_I (1UL << 63)

static struct sbiret ok(unsigned long value)
{
    return (struct sbiret){ SBI_SUCCESS, (long)value };
}

static struct sbiret err(long e)
{
    return (struct sbiret){ e, 0 };
}

static struct vcpu *vcpu_of(struct domain *d, unsigned long hartid)
{
    return hartid < d->max_vcpus ? d->vcpu[hartid] : NULL;
}

/* Raise `bits` for v, from any CPU. */
static void raise_bits(struct vcpu *v, unsigned long bits)
{
    __atomic_or_fetch(&v->arch.sbi_pending, bits, __ATOMIC_SEQ_CST);
    if (v == current_vcpu()) {
        vsbi_pvh_deliver(v);     /* the fast way back skips leave_hypervisor */
        return;
    }
    vcpu_unblock(v);
    arch_vcpu_kick_upcall(v);
}

void vsbi_pvh_deliver(struct vcpu *v)
{
    unsigned long bits;

    if (likely(!__atomic_load_n(&v->arch.sbi_pending, __ATOMIC_RELAXED)))
        return;
    bits = __atomic_exchange_n(&v->arch.sbi_pending, 0, __ATOMIC_SEQ_CST);
    if (bits & PENDING_FENCE_I)
        __asm__ volatile("fence.i" ::: "memory");
    if (bits & (HVIP_VSSIP | HVIP_VSTIP))
        csr_set(CSR_HVIP, bits & (HVIP_VSSIP | HVIP_VSTIP));
}

/* WFI (and SCHEDOP_block) must not sleep through an interrupt the guest
 * has enabled in vsie and that is pending or about to be. */
bool vsbi_pvh_irq_pending(const struct vcpu *v)
{
    unsigned long vip = __atomic_load_n(&v->arch.sbi_pending, __ATOMIC_SEQ_CST) &
                        (HVIP_VSSIP | HVIP_VSTIP);
    unsigned long vsie = v->arch.vsie;

    if (v == current_vcpu()) {
        vip |= csr_read(CSR_HVIP) & (HVIP_VSSIP | HVIP_VSTIP);
        vsie = csr_read(CSR_VSIE);
    }
    return (vip >> 1) & vsie;      /* VSxIP sits one bit above SxIE */
}

/* ---- TIME ---- */

static void sbi_timer_fn(void *data)
{
    struct vcpu *v = data;

    if (__atomic_load_n(&v->pause_flags, __ATOMIC_SEQ_CST) & VPF_shutdown)
        return;
    raise_bits(v, HVIP_VSTIP);
}

static struct sbiret sbi_time(struct vcpu *v, unsigned long fid, unsigned long stime)
{
    if (fid != 0)
        return err(SBI_ERR_NOT_SUPPORTED);
    stop_timer(&v->arch.sbi_timer);
    __atomic_and_fetch(&v->arch.sbi_pending, ~HVIP_VSTIP, __ATOMIC_SEQ_CST);
    csr_clear(CSR_HVIP, HVIP_VSTIP);
    /* A deadline 2^56 ticks away or more (centuries; Linux's "never" is
     * ~0) is never: nothing to arm, and no overflow converting it. */
    if (stime < (1UL << 56))
        set_timer(&v->arch.sbi_timer, arch_ticks_to_ns(stime));
    return ok(0);
}

/* ---- IPI and RFENCE: hart masks ---- */

/*
 * The VCPUs (hart_mask, hart_mask_base) names, as a bit map by VCPU id: 0
 * with the map, or SBI_ERR_INVALID_PARAM if one of them does not exist.
 * A base of -1 names every hart.
 */
static long hart_mask(struct domain *d, unsigned long mask, unsigned long base,
                      unsigned long *out)
{
    *out = 0;
    if (base == ~0UL) {
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i])
                *out |= 1UL << i;
        return 0;
    }
    for (unsigned int i = 0; i < 64 && mask >> i; i++) {
        if (!((mask >> i) & 1))
            continue;
        if (base + i < base || !vcpu_of(d, base + i))
            return SBI_ERR_INVALID_PARAM;
        *out |= 1UL << (base + i);
    }
    return 0;
}

static struct sbiret sbi_ipi(struct vcpu *v, unsigned long fid, unsigned long mask,
                             unsigned long base)
{
    struct domain *d = v->domain;
    unsigned long to;
    long rc;

    if (fid != SBI_IPI_SEND)
        return err(SBI_ERR_NOT_SUPPORTED);
    if ((rc = hart_mask(d, mask, base, &to)))
        return err(rc);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (to & (1UL << i))
            raise_bits(d->vcpu[i], HVIP_VSSIP);
    return ok(0);
}

static struct sbiret sbi_rfence(struct vcpu *v, unsigned long fid, unsigned long mask,
                                unsigned long base)
{
    struct domain *d = v->domain;
    unsigned long to;
    long rc;

    if (fid > SBI_RFENCE_SFENCE_ASID)
        return err(SBI_ERR_NOT_SUPPORTED);
    if ((rc = hart_mask(d, mask, base, &to)))
        return err(rc);
    if (fid == SBI_RFENCE_FENCE_I) {
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (to & (1UL << i))
                raise_bits(d->vcpu[i], PENDING_FENCE_I);
    } else if (to) {
        arch_guest_tlb_flush(d, true, GUEST_TLB_ALL);
    }
    return ok(0);
}

/* ---- HSM ---- */

static bool is_down(const struct vcpu *t)
{
    return __atomic_load_n(&t->pause_flags, __ATOMIC_SEQ_CST) & VPF_down;
}

static struct sbiret hart_start(struct vcpu *v, unsigned long hartid, unsigned long start,
                                unsigned long opaque)
{
    struct domain *d = v->domain;
    struct vcpu *t = vcpu_of(d, hartid);
    unsigned long flags;
    bool started = false;

    if (!t)
        return err(SBI_ERR_INVALID_PARAM);
    if (!vcpu_wait_down(t))
        return err(SBI_ERR_ALREADY_AVAILABLE);
    flags = spin_lock_irqsave(&d->lock);
    if (is_down(t) && !d->is_shutting_down) {
        stop_timer(&t->arch.sbi_timer);
        __atomic_store_n(&t->arch.sbi_pending, 0, __ATOMIC_SEQ_CST);
        arch_vcpu_init_translated(t, start, hartid, opaque);
        t->is_initialised = true;
        __atomic_and_fetch(&t->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
        started = true;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (!started)
        return err(SBI_ERR_ALREADY_AVAILABLE);
    vcpu_wake(t);
    return ok(0);
}

static struct sbiret sbi_hsm(struct vcpu *v, unsigned long fid, const struct cpu_user_regs *r)
{
    struct vcpu *t;

    switch (fid) {
    case SBI_HSM_HART_START:
        return hart_start(v, r->x[REG_A0], r->x[REG_A1], r->x[REG_A2]);
    case SBI_HSM_HART_STOP:
        /* Never returns to the caller: the VCPU sleeps until a
         * hart_start gives it a fresh context. */
        stop_timer(&v->arch.sbi_timer);
        if (!(__atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST) & VPF_down))
            vcpu_sleep_nosync(v);
        return ok(0);
    case SBI_HSM_HART_STATUS:
        t = vcpu_of(v->domain, r->x[REG_A0]);
        if (!t)
            return err(SBI_ERR_INVALID_PARAM);
        return ok(is_down(t) ? SBI_HSM_STOPPED : SBI_HSM_STARTED);
    default:
        return err(SBI_ERR_NOT_SUPPORTED);
    }
}

void vsbi_pvh_vcpu_init(struct vcpu *v)
{
    timer_init(&v->arch.sbi_timer, sbi_timer_fn, v, v->processor);
}

bool vsbi_pvh_has_ext(unsigned long ext)
{
    return ext == SBI_EXT_TIME || ext == SBI_EXT_IPI || ext == SBI_EXT_RFENCE ||
           ext == SBI_EXT_HSM;
}

bool vsbi_pvh_ecall(struct vcpu *v, struct cpu_user_regs *r, struct sbiret *ret)
{
    unsigned long fid = r->x[REG_A6];

    switch (r->x[REG_A7]) {
    case SBI_EXT_TIME:
        *ret = sbi_time(v, fid, r->x[REG_A0]);
        return true;
    case SBI_EXT_IPI:
        *ret = sbi_ipi(v, fid, r->x[REG_A0], r->x[REG_A1]);
        return true;
    case SBI_EXT_RFENCE:
        *ret = sbi_rfence(v, fid, r->x[REG_A0], r->x[REG_A1]);
        return true;
    case SBI_EXT_HSM:
        *ret = sbi_hsm(v, fid, r);
        return true;
    default:
        return false;
    }
}
