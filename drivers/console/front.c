/*
 * The PV console's front end (xencons_front.h).
 *
 * Called with the library's console lock held and interrupts off, so the
 * ring has one writer.  The console port stays masked (no handler): the
 * writer waits on it with SCHEDOP_poll, which works on masked ports, and
 * clears its pending bit before looking at the ring again, so a
 * notification that comes in between is not lost (at worst one wait ends
 * early).
 */
#include <kernel.h>
#include "xencons_front.h"
#include "xencons_ring.h"

#define WAIT_BACKSTOP_NS (10 * NSEC_PER_MSEC)

static struct xencons_interface *ring;
static evtchn_port_t port;

void xencons_front_init(struct xencons_interface *r, evtchn_port_t p)
{
    port = p;
    __atomic_store_n(&ring, r, __ATOMIC_RELEASE);
}

bool xencons_front_active(void)
{
    return __atomic_load_n(&ring, __ATOMIC_ACQUIRE) != NULL;
}

static void give_up(void)
{
    __atomic_store_n(&ring, NULL, __ATOMIC_RELEASE);
}

bool xencons_front_write(const char *buf, size_t len, size_t *done)
{
    bool cleared = false;

    *done = 0;
    while (ring && *done < len) {
        long n = xencons_write_out(ring, buf + *done, len - *done);

        if (n < 0)
            break;
        if (n > 0) {
            *done += (size_t)n;
            cleared = false;
            if (notify_remote_via_evtchn(port) < 0)
                break;
            continue;
        }
        if (!cleared) {            /* full: clear the port, then look once more */
            evtchn_test_and_clear(port);
            cleared = true;
            continue;
        }
        evtchn_poll(&port, 1, monotonic_ns() + WAIT_BACKSTOP_NS);
        cleared = false;
    }
    if (*done == len)
        return true;
    give_up();
    return false;
}

long xencons_front_read(char *buf, size_t n)
{
    long got;

    if (!ring)
        return -XEN_ENODEV;
    got = xencons_read_in(ring, buf, n);
    if (got < 0)
        return -XEN_EIO;
    if (got > 0)
        notify_remote_via_evtchn(port);    /* room for more input */
    return got;
}

long xencons_front_wait(uint64_t timeout_ns)
{
    if (!ring)
        return -XEN_ENODEV;
    evtchn_test_and_clear(port);
    if (__atomic_load_n(&ring->in_prod, __ATOMIC_ACQUIRE) != ring->in_cons)
        return 0;
    return evtchn_poll(&port, 1, timeout_ns);
}
