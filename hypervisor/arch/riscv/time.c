/*
 * Time: the `time` CSR, scaled to ns, and the per-CPU timer interrupt,
 * through Sstc's stimecmp when every hart has it, else SBI set_timer.
 *
 * ns = (ticks * ticks_to_ns_mul) >> 32, exact for the 10 MHz of QEMU virt.
 *
 * The wall clock comes from QEMU virt's goldfish RTC: TIME_LOW then
 * TIME_HIGH give ns since the Unix epoch (reading TIME_LOW latches
 * TIME_HIGH).  The hypervisor's page tables map it (hvpt.c).
 */
#include <hv/lib.h>
#include <hv/flush.h>
#include <hv/mm.h>
#include <hv/timer.h>
#include <hv/arch/time.h>
#include <asm/csr.h>
#include <asm/sbi.h>
#include <asm/setup.h>

static uint64_t ticks_hz;
static uint64_t ticks_to_ns_mul;   /* 2^32 * 1e9 / hz */
static bool use_sstc;
static volatile uint32_t *rtc_regs;

#define GOLDFISH_RTC_TIME_LOW  0   /* 32-bit registers, in words */
#define GOLDFISH_RTC_TIME_HIGH 1

void time_init(uint64_t timebase_hz, bool has_sstc)
{
    BUG_ON(!timebase_hz);
    ticks_hz = timebase_hz;
    ticks_to_ns_mul = (uint64_t)(((unsigned __int128)1000000000 << 32) / timebase_hz);
    use_sstc = has_sstc;
}

void time_init_cpu(void)
{
    arch_set_timer(-1);
    csr_set(CSR_SIE, SIP_STIP);
}

uint64_t arch_ticks(void) { return rdtime(); }
uint64_t arch_ticks_hz(void) { return ticks_hz; }

s_time_t arch_ticks_to_ns(uint64_t ticks)
{
    return (s_time_t)(((unsigned __int128)ticks * ticks_to_ns_mul) >> 32);
}

s_time_t arch_now(void)
{
    return arch_ticks_to_ns(rdtime());
}

void rtc_init(paddr_t base)
{
    rtc_regs = (volatile uint32_t *)maddr_to_virt(base);
}

uint64_t arch_wallclock_ns(void)
{
    uint64_t lo, hi;

    if (!rtc_regs)
        return 0;
    lo = rtc_regs[GOLDFISH_RTC_TIME_LOW];
    hi = rtc_regs[GOLDFISH_RTC_TIME_HIGH];
    return hi << 32 | lo;
}

s_time_t NOW(void)
{
    return arch_now();
}

static uint64_t ns_to_ticks(s_time_t ns)
{
    if (ns <= 0)
        return 0;
    /* Round up: a timer must never fire before its deadline. */
    return (uint64_t)((((unsigned __int128)ns << 32) + ticks_to_ns_mul - 1) / ticks_to_ns_mul);
}

static void program_timer(uint64_t ticks)
{
    if (use_sstc)
        csr_write(CSR_STIMECMP, ticks);
    else
        sbi_set_timer(ticks);
}

void arch_set_timer(s_time_t deadline)
{
    uint64_t ticks = deadline < 0 ? ~0ULL : ns_to_ticks(deadline);

    this_cpu()->timer_ticks = ticks;
    program_timer(ticks);
}

/*
 * A long wait's step (cpu_relax, hv/flush.h): sleep until an interrupt is
 * pending or DOZE_NS pass.  wfi wakes for any interrupt enabled in sie,
 * whatever sstatus.SIE says, so an IPI (a flush request) ends the doze.
 * With interrupts off a pending IPI would end every doze at once: it is
 * taken out of sip (after answering what it may have asked), and the
 * caller raises it again when its wait ends.  The timer is brought
 * forward to the doze's end, never pushed back (unless its deadline has
 * passed and it could not be taken anyway); the early interrupt finds no
 * timer due and reprograms the real deadline.
 */
#define DOZE_NS 20000

bool arch_cpu_doze(void)
{
    uint64_t now = rdtime();
    uint64_t wake = now + ns_to_ticks(DOZE_NS);
    uint64_t due = this_cpu()->timer_ticks;
    bool took = false;

    if (csr_read(CSR_SIP) & SIP_SSIP) {
        csr_clear(CSR_SIP, SIP_SSIP);
        flush_service();
        took = true;
    }
    if (due > now && due < wake)
        wake = due;
    program_timer(wake);
    arch_cpu_wait_for_interrupt();
    return took;
}
