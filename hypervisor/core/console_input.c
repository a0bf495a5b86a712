/*
 * Console input: bytes received on the physical console, for dom0.
 *
 * The UART is polled, as Xen polls a serial port it has no interrupt for:
 * a timer on the boot CPU moves whatever has arrived into the input ring
 * every CONSOLE_INPUT_POLL_NS, and when new bytes arrived raises the global
 * VIRQ_CONSOLE on its handler (the hardware domain), which then reads them
 * with CONSOLEIO_read.  A read polls the UART too, so bytes typed since the
 * last tick are not held back.  The ring keeps the newest
 * CONSOLE_INPUT_RING bytes: when it is full the oldest byte goes, as a
 * serial line drops what nobody reads.
 *
 * Why a timer and not the UART interrupt: there is no PLIC driver yet, and
 * a 10 ms poll costs one timer interrupt on one CPU, below typing speed.
 *
 * Locking: input_lock (irqsave) guards the ring and the UART's receive
 * side.  VIRQ_CONSOLE is raised after dropping it (the event code takes
 * the domain's event_lock).
 */
#include <hv/console.h>
#include <hv/event.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/arch/console.h>
#include <hv/keyhandler.h>
#include <public/xen.h>

static spinlock_t input_lock = SPIN_LOCK_UNLOCKED;
static char input_ring[CONSOLE_INPUT_RING];     /* input_lock */
static unsigned int input_prod, input_cons;     /* input_lock */
static struct timer input_timer;

/* Move waiting UART bytes into the ring; the number moved.  input_lock held. */
static unsigned int drain_uart(void)
{
    unsigned int n = 0;
    int c;

    while ((c = arch_console_getc()) >= 0) {
        if (keyhandler_filter((char)c))
            continue;   /* a debug key, or Ctrl-A switching input */
        if (input_prod - input_cons == CONSOLE_INPUT_RING)
            input_cons++;
        input_ring[input_prod++ % CONSOLE_INPUT_RING] = (char)c;
        n++;
    }
    return n;
}

unsigned int console_input_poll(void)
{
    unsigned long flags = spin_lock_irqsave(&input_lock);
    unsigned int n = drain_uart();

    spin_unlock_irqrestore(&input_lock, flags);
    keyhandler_run_pending();
    if (n)
        send_global_virq(VIRQ_CONSOLE);
    return n;
}

size_t console_read_input(char *buf, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&input_lock);
    size_t n = 0;

    drain_uart();
    while (n < len && input_cons != input_prod)
        buf[n++] = input_ring[input_cons++ % CONSOLE_INPUT_RING];
    spin_unlock_irqrestore(&input_lock, flags);
    keyhandler_run_pending();
    return n;
}

static void input_timer_fn(void *data)
{
    (void)data;
    console_input_poll();
    set_timer(&input_timer, NOW() + CONSOLE_INPUT_POLL_NS);
}

void console_input_init(unsigned int cpu)
{
    timer_init(&input_timer, input_timer_fn, NULL, cpu);
    set_timer(&input_timer, NOW() + CONSOLE_INPUT_POLL_NS);
}
