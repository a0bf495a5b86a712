/*
 * Debug keys (see hv/keyhandler.h for the model).
 *
 * keyhandler_filter() runs under console_lock, where printing would
 * deadlock, so it only sets bits in `pending`; keyhandler_run_pending()
 * clears and acts on them once the lock is dropped.
 *
 * Locking: ctrl_a_run and to_xen are guarded by console_lock (the caller's);
 * pending is an atomic word, set under console_lock, taken by any CPU.
 */
#include <hv/console.h>
#include <hv/keyhandler.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/trace.h>

#define CTRL_A 0x01
#define SWITCH_PRESSES 3

enum { KEY_SWITCHED, KEY_HELP, KEY_TRACE, KEY_UNKNOWN };

static unsigned int ctrl_a_run;   /* console_lock */
static bool to_xen;               /* console_lock: input goes to the hypervisor */
static unsigned long pending;     /* atomic: 1 << KEY_* */

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
    default:
        queue(KEY_UNKNOWN);
        break;
    }
    return true;
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
        printk("Debug keys: 'h' this list, 'T' dump the scheduling trace buffer\n");
    if (p & (1UL << KEY_TRACE))
        trace_dump_console(sched_current_ops()->opt_name);
}
