/*
 * console_io: guests write to the hypervisor console; dom0 reads its input.
 *
 * Write: any domain (a domU over its rate waits, hv/console.h); the bytes are copied
 * in chunks and continued every few KiB, so a huge count costs the caller
 * time, never hypervisor memory or a long stay in the hypervisor.  A count above INT_MAX is -E2BIG, as Xen.  Read: the control
 * domain only (-EPERM otherwise); returns the number of bytes read.
 * write_for (rvxen's): the control domain's console back end prints a
 * domU's lines under that domU's prefix (hv/console.h).
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <public/xen.h>

#define CONSOLE_CHUNK 128
#define CONSOLE_BATCH (32 * CONSOLE_CHUNK)
#define COUNT_MAX 0x7fffffffUL

/*
 * Write in chunks; after CONSOLE_BATCH bytes, continue the hypercall with
 * the rest (args updated, -ERESTART) so that one call never holds the CPU.
 */
static long console_write(struct vcpu *curr, unsigned long args[])
{
    char chunk[CONSOLE_CHUNK];
    uint64_t buf = args[2];
    unsigned long count = (uint32_t)args[1];
    unsigned long done = 0;

    while (count) {
        if (done == CONSOLE_BATCH) {
            args[1] = count;
            args[2] = buf;
            return -ERESTART;
        }
        size_t n = MIN(count, sizeof(chunk));

        size_t taken;

        if (copy_from_guest(chunk, buf, n))
            return -EFAULT;
        taken = console_guest_write(curr->domain, chunk, n);
        buf += taken;
        count -= taken;
        done += taken;
        if (taken < n) {
            /* Over the domU rate: let others run, then carry on. */
            args[1] = count;
            args[2] = buf;
            vcpu_yield(curr);
            return -ERESTART;
        }
    }
    return 0;
}

static long console_read(struct domain *d, uint64_t buf, unsigned long count)
{
    char chunk[CONSOLE_CHUNK];
    long total = 0;

    while (count) {
        size_t n = console_read_input(chunk, MIN(count, sizeof(chunk)));

        if (!n)
            break;
        if (copy_to_guest(buf, chunk, n))
            return -EFAULT;
        buf += n;
        count -= n;
        total += (long)n;
    }
    return total;
}

/* dom0's console back end prints a domU's lines (public/xen.h). */
static long console_write_for_op(uint64_t buf, unsigned long count, unsigned long domid)
{
    char text[CONSOLE_WRITE_FOR_MAX];

    if (count > sizeof(text) || domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (copy_from_guest(text, buf, count))
        return -EFAULT;
    console_write_for((domid_t)domid, text, count);
    return 0;
}

long do_console_io(struct vcpu *curr, unsigned long args[])
{
    unsigned long cmd = args[0], count = (uint32_t)args[1];
    uint64_t buf = args[2];

    /* As Xen: the caller's right first, then the count. */
    if ((cmd == CONSOLEIO_read || cmd == CONSOLEIO_write_for) && !curr->domain->is_privileged)
        return -EPERM;
    if (count > COUNT_MAX)
        return -E2BIG;
    switch (cmd) {
    case CONSOLEIO_write:
        return console_write(curr, args);
    case CONSOLEIO_read:
        return console_read(curr->domain, buf, count);
    case CONSOLEIO_write_for:
        return console_write_for_op(buf, count, args[3]);
    default:
        return -ENOSYS;
    }
}
