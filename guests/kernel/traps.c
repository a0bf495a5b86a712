/*
 * Trap dispatch.  Interrupts: the supervisor software interrupt is the
 * event upcall; any other interrupt source is unexpected (the hypervisor
 * delivers timers and devices as events), so it is disabled in sie and
 * reported once rather than left to fire forever.  Exceptions: a guest
 * kernel takes none in normal operation, so an exception the test hook
 * does not claim is fatal.
 */
#include <stddef.h>
#include "kernel.h"

_Static_assert(offsetof(struct trap_frame, sepc) == TF_SEPC, "TF_SEPC");
_Static_assert(offsetof(struct trap_frame, sstatus) == TF_SSTATUS, "TF_SSTATUS");
_Static_assert(offsetof(struct trap_frame, scause) == TF_SCAUSE, "TF_SCAUSE");
_Static_assert(offsetof(struct trap_frame, stval) == TF_STVAL, "TF_STVAL");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(TF_SIZE % 16 == 0, "the frame keeps sp 16-byte aligned");

bool (*trap_hook)(struct trap_frame *tf);

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *exception_name(uint64_t code)
{
    static const char *const names[] = {
        [0] = "instruction address misaligned",
        [1] = "instruction access fault",
        [2] = "illegal instruction",
        [3] = "breakpoint",
        [4] = "load address misaligned",
        [5] = "load access fault",
        [6] = "store/AMO address misaligned",
        [7] = "store/AMO access fault",
        [8] = "environment call from U-mode",
        [9] = "environment call from S-mode",
        [12] = "instruction page fault",
        [13] = "load page fault",
        [15] = "store/AMO page fault",
    };

    if (code < sizeof(names) / sizeof(names[0]) && names[code])
        return names[code];
    return "unknown exception";
}

void dump_trap_frame(const struct trap_frame *tf)
{
    printk("scause %016lx (%s) stval %016lx\n", (unsigned long)tf->scause,
           exception_name(tf->scause), (unsigned long)tf->stval);
    printk("sepc   %016lx sstatus %016lx\n", (unsigned long)tf->sepc,
           (unsigned long)tf->sstatus);
    for (int i = 1; i < 32; i += 3) {
        printk("%-4s %016lx", reg_names[i], (unsigned long)tf->regs[i]);
        for (int j = i + 1; j < i + 3 && j < 32; j++)
            printk("  %-4s %016lx", reg_names[j], (unsigned long)tf->regs[j]);
        printk("\n");
    }
}

static void handle_interrupt(uint64_t code)
{
    if (code == IRQ_S_SOFT) {
        evtchn_do_upcall();
        return;
    }
    if (code < 64)
        csr_clear(sie, 1UL << code);
    printk("unexpected interrupt %lu: disabled\n", (unsigned long)code);
}

void trap_dispatch(struct trap_frame *tf)
{
    if (tf->scause & SCAUSE_INTERRUPT) {
        handle_interrupt(tf->scause & ~SCAUSE_INTERRUPT);
        return;
    }
    if (trap_hook && trap_hook(tf))
        return;
    printk("FATAL: unhandled exception in guest kernel\n");
    dump_trap_frame(tf);
    shutdown(SHUTDOWN_crash);
}
