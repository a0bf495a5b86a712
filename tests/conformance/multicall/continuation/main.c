/*
 * Long lists are preempted and continued transparently.  A list of
 * thousands of entries runs well past the hypervisor's per-call budget
 * (0.5 ms of virtual time), so it is cut into several issues; every entry
 * runs exactly once (consecutive port numbers: a re-run entry would take a
 * fresh port) and every result is right.  A timer set to fire during the
 * list is delivered while the list is still incomplete, which only a
 * continued (not a monolithic) multicall allows.  An entry whose own call
 * is continued (a console write longer than one console batch) resumes
 * where it stopped and completes once.
 *
 * The timer must fall due after the list has begun.  Under QEMU's
 * round-robin -icount, setting it (a stimecmp write) may hand the machine
 * to the other hart, and whatever that hart runs then (dom0 starting up,
 * say) passes as virtual time here: the timer can be due before the list
 * starts, and its upcall then tells nothing about continuation.  Such an
 * attempt is recognised by the clock, its ports are closed, and it is made
 * again (ATTEMPTS in all: dom0 starting its back ends and devices for this
 * domain took 4 attempts' worth); the checks are made on the attempt that
 * counts.
 */
#include <public/event_channel.h>
#include "../../lib/evtchn.h"
#include "../../lib/multicall.h"
#include "../../lib/test.h"

#define NR_VERSION 6000
#define NR_PORTS   1000
#define NR (NR_VERSION + NR_PORTS)
#define ATTEMPTS 64
#define TIMER_NS 100000

static multicall_entry_t mc[NR];
static struct evtchn_alloc_unbound au[NR_PORTS];
static volatile long done_at_upcall = -1;
static long timer_port = -1;

static long entries_done(void)
{
    long n = 0;

    for (unsigned int i = 0; i < NR; i++)
        n += mc[i].result != MC_UNTOUCHED;
    return n;
}

static void on_timer(evtchn_port_t port, void *data)
{
    if (done_at_upcall < 0)
        done_at_upcall = entries_done();
}

static void build_list(void)
{
    for (unsigned int i = 0; i < NR_VERSION; i++)
        mc_set(&mc[i], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    for (unsigned int i = 0; i < NR_PORTS; i++) {
        au[i] = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF, .remote_dom = 0 };
        mc_set(&mc[NR_VERSION + i], __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
               (unsigned long)&au[i], 0);
    }
}

static unsigned int close_ports(void)
{
    unsigned int bad = 0;

    for (unsigned int i = 0; i < NR_PORTS; i++) {
        struct evtchn_close cl = { .port = au[i].port };

        bad += HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl) != 0;
    }
    return bad;
}

/* One timed list: true if the timer was still pending when it began. */
static bool timed_list(void)
{
    uint64_t deadline, began;

    build_list();
    done_at_upcall = -1;
    deadline = monotonic_ns() + TIMER_NS;
    EXPECT_EQ(HYPERVISOR_set_timer_op(deadline), 0);
    began = monotonic_ns();
    EXPECT_EQ(HYPERVISOR_multicall(mc, NR), 0);
    if (began < deadline)
        return true;
    printk("  timer due before the list began (%lu ns late): again\n",
           (unsigned long)(began - deadline));
    EXPECT_EQ(close_ports(), 0);
    return false;
}

/* Every entry ran once, in order, with the right result. */
static void long_list_runs_once(void)
{
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);
    unsigned int bad_version = 0, bad_port = 0, attempt = 0;

    timer_port = take_timer_port(on_timer);
    if (!have_timer_port(timer_port))
        return;
    local_irq_enable();
    while (!timed_list() && ++attempt < ATTEMPTS)
        ;
    if (!EXPECT_TRUE(attempt < ATTEMPTS))
        return;
    for (unsigned int i = 0; i < NR_VERSION; i++)
        bad_version += mc[i].result != (unsigned long)version;
    for (unsigned int i = 0; i < NR_PORTS; i++)
        bad_port += mc[NR_VERSION + i].result != 0 || au[i].port != au[0].port + i;
    EXPECT_EQ(bad_version, 0);
    EXPECT_EQ(bad_port, 0);
    EXPECT_EQ(close_ports(), 0);
}

/* The timer's upcall came while the list was only partly done. */
static void upcall_during_list(void)
{
    EXPECT_RANGE(done_at_upcall, 1, NR - 1);
}

/* A sub-call that is itself continued completes once, then the list goes on. */
static void continued_sub_call(void)
{
    static char text[9000];
    static multicall_entry_t two[2];

    for (unsigned int i = 0; i < sizeof(text); i++)
        text[i] = (i % 100 == 99) ? '\n' : '.';
    mc_set(&two[0], __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(text),
           (unsigned long)text);
    mc_set(&two[1], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(two, 2), 0);
    EXPECT_EQ(two[0].result, 0);
    EXPECT_EQ(two[1].result, HYPERVISOR_xen_version(XENVER_version, NULL));
}

static const struct test tests[] = {
    /* 7000 entries: each runs exactly once, in order, with its result. */
    TEST(long_list_runs_once),
    /* An event raised mid-list is delivered before the list is finished. */
    TEST(upcall_during_list),
    /* A continued sub-call (9000-byte console write) completes once. */
    TEST(continued_sub_call),
};

int main(void)
{
    return run_tests("multicall/continuation", tests, ARRAY_SIZE(tests));
}
