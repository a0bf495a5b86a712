/*
 * Event channels closed, rebound and reset while other VCPUs send on them
 * (-smp 4, real parallel harts): every send gets 0 or -EINVAL (the port
 * was closed under it), every close 0 or -EINVAL, the hypervisor survives,
 * and afterwards the table is consistent: the ports report closed once
 * closed, and a full set of new ports can be allocated (none leaked).
 *
 * Ports come in loopback pairs (an unbound port of this domain, bound to
 * by bind_interdomain from the same domain).  The workers send on the
 * local ends nonstop; VCPU 0 closes one end or the other of a random pair,
 * rebinds the pair, moves a port to another VCPU; in a second phase it
 * resets the whole table (EVTCHNOP_reset) again and again under the sends.
 */
#include <public/event_channel.h>
#include "../../lib/race.h"
#include "../../lib/test.h"

#define PAIRS 16


static evtchn_port_t local[PAIRS], remote[PAIRS];
static struct race race;
static unsigned long wrong, sends;

static void count_answer(long rc, const char *what)
{
    if (rc == 0 || rc == -XEN_EINVAL)
        return;
    if (__atomic_add_fetch(&wrong, 1, __ATOMIC_RELAXED) <= 5)
        xtf_failure("%s returned %ld", what, rc);
}

static void send_step(unsigned int id)
{
    static unsigned int next[GUEST_MAX_VCPUS];
    struct evtchn_send s = { .port = __atomic_load_n(&local[next[id]++ % PAIRS],
                                                     __ATOMIC_RELAXED) };

    __atomic_add_fetch(&sends, 1, __ATOMIC_RELAXED);
    count_answer(HYPERVISOR_event_channel_op(EVTCHNOP_send, &s), "send");
}

static long pair(unsigned int i)
{
    struct evtchn_alloc_unbound u = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain b = { .remote_dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &u);

    if (rc)
        return rc;
    mask_evtchn(u.port);            /* events pile up there, no upcalls */
    b.remote_port = u.port;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);
    if (rc)
        return rc;
    __atomic_store_n(&remote[i], u.port, __ATOMIC_RELAXED);
    __atomic_store_n(&local[i], b.local_port, __ATOMIC_RELAXED);
    return 0;
}

static long close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

static void setup(void)
{
    for (unsigned int i = 0; i < PAIRS; i++)
        if (!EXPECT_EQ(pair(i), 0))
            return;
}

static void close_rebind_under_sends(void)
{
    uint64_t s = 0x243f6a8885a308d3ULL;

    if (!race_start(&race, send_step))
        return;
    for (unsigned int n = 0; n < 20 * race_rounds(); n++) {
        unsigned int i;
        struct evtchn_bind_vcpu bv;

        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        i = (unsigned int)(s >> 8) % PAIRS;
        switch (s & 3) {
        case 0:
            count_answer(close(local[i]), "close local");
            count_answer(close(remote[i]), "close remote");
            EXPECT_EQ(pair(i), 0);
            break;
        case 1:
            count_answer(close(remote[i]), "close remote");
            count_answer(close(local[i]), "close local");
            EXPECT_EQ(pair(i), 0);
            break;
        case 2:
            bv = (struct evtchn_bind_vcpu){ .port = remote[i],
                                            .vcpu = (uint32_t)(s >> 16) % nr_vcpus() };
            count_answer(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), "bind_vcpu");
            break;
        default:
            send_step(0);
            break;
        }
    }
    race_stop(&race);
    printk("race/evtchn_close_send: %u rounds, %lu sends, %lu unexpected answers\n",
           20 * race_rounds(), sends, wrong);
    EXPECT_EQ(wrong, 0);
}

/* Every pair still works, and closing them leaves them closed. */
static void table_consistent(void)
{
    for (unsigned int i = 0; i < PAIRS; i++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = local[i] };
        struct evtchn_send snd = { .port = local[i] };

        EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
        EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_send, &snd), 0);
        EXPECT_EQ(close(local[i]), 0);
        EXPECT_EQ(close(remote[i]), 0);
        st = (struct evtchn_status){ .dom = DOMID_SELF, .port = local[i] };
        EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
        EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    }
    for (unsigned int i = 0; i < PAIRS; i++)
        EXPECT_EQ(pair(i), 0);
}

/* Last: the whole table reset under the sends, over and over (the
 * library's own ports go too, so nothing here may sleep afterwards). */
static void reset_under_sends(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };

    if (!race_start(&race, send_step))
        return;
    for (unsigned int n = 0; n < race_rounds(); n++) {
        long rc = HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r);

        EXPECT_TRUE(rc == 0 || rc == -XEN_EBUSY);
        for (unsigned int i = 0; i < PAIRS; i++)
            EXPECT_EQ(pair(i), 0);
    }
    race_stop(&race);
    EXPECT_EQ(wrong, 0);
}

static const struct test tests[] = {
    /* Sixteen loopback pairs. */
    TEST(setup),
    /* Close and rebind under sends: only 0 and -EINVAL come back. */
    TEST(close_rebind_under_sends),
    /* The table is consistent afterwards. */
    TEST(table_consistent),
    /* Reset of the whole table under sends. */
    TEST(reset_under_sends),
};

int main(void)
{
    return run_tests("race/evtchn_close_send", tests, ARRAY_SIZE(tests));
}
