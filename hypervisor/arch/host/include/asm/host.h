/*
 * Host arch: what unit tests use to drive the simulated machine.
 *
 * The host implementation of the arch contract simulates exactly what the
 * arch-neutral core needs and nothing more:
 *   - RAM: one heap buffer standing in for machine memory [base, base+size);
 *     maddr_to_virt()/virt_to_maddr() translate into and out of it and
 *     panic on anything outside, so a stray machine address is a test
 *     failure rather than a wild access.
 *   - time: a clock that moves only when a test moves it.
 *   - console: printk() goes to stdout and into a capture buffer that tests
 *     search to assert that a warning was (or was not) given.
 *   - panic(): aborts, or longjmps to host_panic_jmp when a test set it (to
 *     assert that a BUG_ON fires).
 *   - CPUs: host_current_cpu is what smp_processor_id() returns;
 *     nr_cpus_online is 1 until a test sets it.
 *   - machine, physical console, per-domain and per-VCPU state: recorded
 *     for tests to inspect (machine.c, domain.c).
 *
 * printk() here replaces core/console.c: a test of console.c links that
 * file and uses host_console_output() instead of the printk capture.
 */
#ifndef ASM_HOST_HOST_H
#define ASM_HOST_HOST_H

#include <setjmp.h>
#include <hv/types.h>

/* Simulated RAM.  host_ram_init replaces any previous buffer. */
void *host_ram_init(paddr_t base, uint64_t size);
void host_ram_free(void);
paddr_t host_ram_base(void);
uint64_t host_ram_size(void);

/*
 * Convenience for tests that need the allocators: simulated RAM of `size`
 * bytes at `base`, a frame table over it (kept outside simulated RAM) and
 * every frame handed to the page allocator.  host_mm_teardown undoes it.
 */
void host_mm_setup(paddr_t base, uint64_t size);
void host_mm_teardown(void);

/* Simulated clock (ns).  arch_set_timer records into host_timer_deadline. */
void host_set_now(s_time_t now);
void host_advance_now(s_time_t delta);
extern s_time_t host_timer_deadline[];
#define HOST_TICKS_HZ 10000000ULL   /* QEMU virt's timebase */
/* What arch_wallclock_ns() returns (0, no RTC, by default). */
extern uint64_t host_wallclock_ns;

/* Console capture. */
#define HOST_LOG_SIZE 65536
void host_log_reset(void);
bool host_log_contains(const char *needle);
unsigned int host_log_count(void);            /* messages since reset */
unsigned int host_log_count_level(unsigned int lvl); /* 0 ERR .. 3 DEBUG */
const char *host_log_text(void);              /* everything since reset */
extern bool host_log_quiet;                   /* don't echo to stdout */

/* If non-NULL, panic() longjmps here (with value 1) instead of aborting;
 * so does arch_machine_off() (with value 2). */
extern jmp_buf *host_panic_jmp;
extern char host_panic_msg[256];

/* Machine: the last arch_machine_off() (-1: none); reschedule IPIs sent. */
extern int host_machine_off_how;
extern unsigned long host_resched_ipis[];

/* Physical console (arch_console_putc/getc), apart from printk's capture. */
#define HOST_CONSOLE_SIZE 65536
const char *host_console_output(void);
void host_console_reset(void);
void host_console_feed(const char *bytes, size_t len);

/* Guest memory for hypercall handlers (guest_copy.c): [base, base + len)
 * of the host appears at guest virtual HOST_GUEST_VA; host_guest_va(p) is
 * the guest address of host pointer p inside it; others fault. */
#define HOST_GUEST_VA 0x40000000ULL
void host_guest_window(void *base, size_t len);
uint64_t host_guest_va(const void *p);

/* G-stage of d for frame m: -1 not mapped, 0 read-only, 1 writable. */
struct domain;
int host_gstage(struct domain *d, mfn_t m);

/*
 * Remote harts with stale translations (tlb_model.c).  Each simulated CPU
 * has a TLB of (domain, frame, writable) entries that stays as it is until
 * that CPU flushes: arch_flush_guest_tlb_local() on it, or
 * arch_flush_domain_local() for one domain.  host_tlb_fill(cpu, d) makes
 * cpu run d: d becomes active there (flush_activate) and every frame d's
 * G-stage maps now is cached with its rights, the worst a guest touching
 * everything can do; host_tlb_leave(cpu, d) switches it away.  Other CPUs
 * answer flush requests only when the CPU that waits for them spins
 * (cpu_relax, the arch_cpu_relax hook here), as a real hart answers at its
 * next service point.  host_tlb_check() is the invariant every revocation
 * must restore before it returns: no CPU running d caches a right d's
 * G-stage no longer gives (one that is not running d may: it flushes
 * before it runs d again).  host_tlb_reset() empties every TLB (test
 * setup; which CPU runs a domain is the domain's own flush.active).
 */
#define HOST_TLB_MAX 2048
void host_tlb_fill(unsigned int cpu, struct domain *d);
void host_tlb_leave(unsigned int cpu, struct domain *d);
/* For fuzzers: cpu leaves what it ran with host_tlb_switch and runs d
 * (NULL: nothing); host_tlb_stop(d) takes d off every CPU (its VCPUs have
 * stopped: before a domain's resources go, flush_wait_inactive). */
void host_tlb_switch(unsigned int cpu, struct domain *d);
void host_tlb_stop(struct domain *d);
int host_tlb_check(char *why, size_t len);
void host_tlb_reset(void);
unsigned int host_tlb_entries(unsigned int cpu);
/* Flush IPIs sent to each CPU (arch_send_flush_ipi). */
extern unsigned long host_flush_ipis[];

/*
 * The interrupt controller (irq.c): sources 1..host_irq_sources-1, all
 * masked, no line high and no count after host_irq_reset().  A device raises or lowers its line with
 * host_irq_set_line(); host_irq_run(budget) plays the CPU taking every
 * interrupt the controller signals, at most `budget` of them, and returns
 * how many it took; host_irq_taken[] counts them by source.
 */
#define HOST_IRQ_SOURCES 54             /* QEMU virt's PLIC: 53 sources */
extern unsigned int host_irq_sources;
extern bool host_irq_masked[HOST_IRQ_SOURCES];
extern bool host_irq_line[HOST_IRQ_SOURCES];
extern bool host_irq_latched[HOST_IRQ_SOURCES];
extern unsigned long host_irq_taken[HOST_IRQ_SOURCES];
void host_irq_reset(void);
void host_irq_set_line(unsigned int src, bool high);
unsigned int host_irq_run(unsigned int budget);

#endif /* ASM_HOST_HOST_H */
