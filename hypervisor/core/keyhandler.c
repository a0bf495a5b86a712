/*
 * Debug keys (see hv/keyhandler.h for the model).
 *
 * keyhandler_filter() runs under the console input lock (console_input.c),
 * where acting on a key could deadlock, so it only sets bits in `pending`;
 * keyhandler_run_pending() clears and acts on them once the lock is
 * dropped.  XEN_SYSCTL_debug_keys calls debug_key() directly.
 *
 * The trace dump can be thousands of lines, and the hypervisor runs with
 * interrupts off, so it is printed by a timer, TRACE_DUMP_PIECE records a
 * millisecond, on the CPU that first asked for a dump.
 *
 * Locking: ctrl_a_run and to_xen are guarded by the console input lock
 * (the caller's); pending is an atomic word, set under it, taken by any CPU.
 * dump_timer is initialised once (dump_timer_ready, atomic) and then only
 * set: trace_dump_begin() lets one dump run at a time.
 */
#include <hv/console.h>
#include <hv/event.h>
#include <hv/keyhandler.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/trace.h>
#include <hv/arch/cpu.h>

#define CTRL_A 0x01
#define SWITCH_PRESSES 3
#define TRACE_DUMP_PIECE 16
#define TRACE_DUMP_GAP MILLISECS(1)

enum { KEY_SWITCHED, KEY_HELP, KEY_TRACE, KEY_RUNQ, KEY_DEBUG_VIRQ, KEY_UNKNOWN };

static unsigned int ctrl_a_run;   /* input lock */
static bool to_xen;               /* input lock: input goes to the hypervisor */
static unsigned long pending;     /* atomic: 1 << KEY_* */
static struct timer dump_timer;
static uint32_t dump_timer_ready; /* atomic */

static void queue(unsigned int what)
{
    __atomic_or_fetch(&pending, 1UL << what, __ATOMIC_SEQ_CST);
}

bool keyhandler_filter(char c)
{
    if (c == CTRL_A) {
        if (++ctrl_a_run == SWITCH_PRESSES) {
            ctrl_a_run = 0;
            to_xen = !to_xen;
            queue(KEY_SWITCHED);
        }
        return true;
    }
    ctrl_a_run = 0;
    if (!to_xen)
        return false;
    switch (c) {
    case 'h':
        queue(KEY_HELP);
        break;
    case 'T':
        queue(KEY_TRACE);
        break;
    case 'r':
        queue(KEY_RUNQ);
        break;
    case 'q':
        queue(KEY_DEBUG_VIRQ);
        break;
    default:
        queue(KEY_UNKNOWN);
        break;
    }
    return true;
}

static void dump_tick(void *unused)
{
    if (trace_dump_step(TRACE_DUMP_PIECE))
        set_timer(&dump_timer, NOW() + TRACE_DUMP_GAP);
}

static void start_trace_dump(void)
{
    if (!trace_dump_begin(sched_current_ops()->opt_name)) {
        printk("trace dump already under way\n");
        return;
    }
    if (!__atomic_load_n(&dump_timer_ready, __ATOMIC_ACQUIRE)) {
        timer_init(&dump_timer, dump_tick, NULL, smp_processor_id());
        __atomic_store_n(&dump_timer_ready, 1, __ATOMIC_RELEASE);
    }
    set_timer(&dump_timer, NOW());
}

bool debug_key(char c)
{
    switch (c) {
    case 'h':
        printk("Debug keys: 'h' this list, 'q' VIRQ_DEBUG to every domain, "
               "'r' run queues and scheduling trace, 'T' scheduling trace\n");
        return true;
    case 'r':
        sched_dump();
        start_trace_dump();
        return true;
    case 'T':
        start_trace_dump();
        return true;
    case 'q':
        printk("VIRQ_DEBUG sent to %u VCPU(s)\n", send_debug_virq_all());
        return true;
    default:
        return false;
    }
}

void keyhandler_run_pending(void)
{
    unsigned long p = __atomic_exchange_n(&pending, 0, __ATOMIC_SEQ_CST);

    if (p & (1UL << KEY_SWITCHED))
        printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
               to_xen ? "Xen" : "DOM0");
    if (p & (1UL << KEY_UNKNOWN))
        printk("Not a debug key; 'h' lists them\n");
    if (p & (1UL << KEY_HELP))
        debug_key('h');
    if (p & (1UL << KEY_RUNQ))
        debug_key('r');
    if (p & (1UL << KEY_TRACE))
        debug_key('T');
    if (p & (1UL << KEY_DEBUG_VIRQ))
        debug_key('q');
}
