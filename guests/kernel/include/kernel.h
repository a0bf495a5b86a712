/*
 * The guest-kernel library: a small Mini-OS-like PV kernel.
 *
 * A program provides `int main(void)`.  Before main runs, the library has
 * set up the stack, trap vector, console, event channels (VIRQ_TIMER
 * bound), the page allocator, and enabled interrupts.  When main returns
 * the domain powers off.  Further VCPUs run work given with vcpu_start()
 * (smp.h).
 *
 * Including this header brings in the whole API, except page-table
 * management (pagetable.h), which programs include when they use it.
 */
#ifndef GUEST_KERNEL_H
#define GUEST_KERNEL_H

#include <stdint.h>
#include <public/errno.h>
#include <public/xen.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "hypercall.h"
#include "sbi.h"
#include "csr.h"
#include "irq.h"
#include "console.h"
#include "traps.h"
#include "events.h"
#include "clock.h"
#include "mm.h"
#include "smp.h"
#include "io.h"

/* What the domain builder handed over (valid once main runs). */
extern start_info_t *start_info;
extern shared_info_t *shared_info;
/* dom0: the flattened device tree of the devices it may drive (a1 at
 * entry, public/arch-riscv.h); NULL in any other domain. */
extern const void *device_tree;

/* The lowest address of the image: pfn 0 of the physmap. */
extern char _image_start[];
#define VIRT_BASE ((unsigned long)_image_start)
/* The end of the image (page aligned): start_info follows. */
extern char _end[];

/* The program's entry point. */
int main(void);

/*
 * Shut the domain down (SCHEDOP_shutdown) with a SHUTDOWN_* reason,
 * flushing the console first.  If the hypervisor refuses, block forever.
 */
void __attribute__((noreturn)) shutdown(unsigned int reason);

/* Crash the domain after printing why (printf-style). */
void __attribute__((noreturn, format(printf, 1, 2))) panic(const char *fmt, ...);

#endif /* GUEST_KERNEL_H */
