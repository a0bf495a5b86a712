/*
 * Guest-visible time: each VCPU's vcpu_time_info in shared_info.
 *
 * The "tsc" of the ABI is the counter the guest can read itself (the `time`
 * CSR on RISC-V): system time = system_time +
 * ((((counter - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32),
 * with a right shift for a negative tsc_shift.  Readers use version as a
 * seqlock: odd while an update is in progress.
 */
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/time.h>
#include <hv/arch/cpu.h>
#include <hv/arch/time.h>
#include <public/xen.h>

static uint32_t scale_mul;
static int8_t scale_shift;

/* mul/shift with ns = ((ticks << shift) * mul) >> 32 and mul < 2^32. */
static void compute_scale(uint64_t hz)
{
    uint64_t num = 1000000000ULL;   /* ns per second */
    int shift = 0;

    /* Scale the ratio num/hz into [0.5, 1) so that mul = ratio * 2^32 fits. */
    while (num >= hz) {
        hz <<= 1;
        shift++;
    }
    while (num < hz / 2) {
        num <<= 1;
        shift--;
    }
    scale_mul = (uint32_t)((num << 32) / hz);
    scale_shift = (int8_t)shift;
}

void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t ticks;

    if (!scale_mul)
        compute_scale(arch_ticks_hz());
    __atomic_fetch_add(&t->version, 1, __ATOMIC_SEQ_CST);
    ticks = arch_ticks();
    t->tsc_timestamp = ticks;
    t->system_time = (uint64_t)arch_now();
    t->tsc_to_system_mul = scale_mul;
    t->tsc_shift = scale_shift;
    t->flags = 1;   /* XEN_PVCLOCK_TSC_STABLE_BIT: one counter for all CPUs */
    __atomic_fetch_add(&t->version, 1, __ATOMIC_SEQ_CST);
}
