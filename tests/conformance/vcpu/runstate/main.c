/*
 * Runstate information (VCPUOP_get_runstate_info and the registered
 * runstate area) on a domain with two VCPUs.
 *
 * Accounting is exact: the times only ever grow, and their sum grows by
 * exactly the time that passed.  The copies of the area the hypervisor
 * writes when the VCPU is switched in or out count time up to
 * state_entry_time (as Xen's do), so sum(time) - state_entry_time is the
 * same in every one of them.  A VCPU that blocks shows the blocked time;
 * VCPU 1, never brought up, is offline all along.
 */
#include <string.h>
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC

static struct vcpu_runstate_info area0, area1;

static uint64_t sum(const struct vcpu_runstate_info *r)
{
    return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

static long get(unsigned int vcpu, struct vcpu_runstate_info *r)
{
    return HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, vcpu, r);
}

/* The caller is running; its times sum to about its age and advance with
 * the clock. */
static void get_own(void)
{
    struct vcpu_runstate_info a, b;
    uint64_t t0, t1;

    t0 = monotonic_ns();
    if (!EXPECT_EQ(get(0, &a), 0) || !EXPECT_EQ(get(0, &b), 0))
        return;
    t1 = monotonic_ns();
    EXPECT_EQ(a.state, RUNSTATE_running);
    EXPECT_RANGE(a.state_entry_time, 0, t1);
    EXPECT_TRUE(a.time[RUNSTATE_running] > 0);
    EXPECT_RANGE(sum(&a), 1, t1);
    EXPECT_RANGE(sum(&b) - sum(&a), 0, t1 - t0);
    for (unsigned int i = 0; i < 4; i++)
        EXPECT_TRUE(b.time[i] >= a.time[i]);
}

/* VCPU 1 was never up: offline, and only offline time. */
static void get_offline(void)
{
    struct vcpu_runstate_info r;

    if (!EXPECT_EQ(get(1, &r), 0))
        return;
    EXPECT_EQ(r.state, RUNSTATE_offline);
    EXPECT_EQ(r.time[RUNSTATE_running], 0);
    EXPECT_EQ(r.time[RUNSTATE_runnable], 0);
    EXPECT_EQ(r.time[RUNSTATE_blocked], 0);
    EXPECT_TRUE(r.time[RUNSTATE_offline] > 0);
}

static void get_errors(void)
{
    struct vcpu_runstate_info r;

    EXPECT_EQ(get(0, (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(get(0, (void *)start_info->pt_base), -XEN_EFAULT);
    EXPECT_EQ(get(2, &r), -XEN_ENOENT);
    EXPECT_EQ(get(8, &r), -XEN_EINVAL);
}

/* Registering writes the area at once; a bad address is accepted and the
 * writes to it are skipped. */
static void register_areas(void)
{
    struct vcpu_register_runstate_memory_area a = { .addr.h = (uintptr_t)&area0 };
    struct vcpu_register_runstate_memory_area b = { .addr.h = (uintptr_t)&area1 };
    struct vcpu_register_runstate_memory_area bad = { .addr.h = UNMAPPED_VA };

    memset(&area0, 0xff, sizeof(area0));
    memset(&area1, 0xff, sizeof(area1));
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 1, &bad), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &a), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 1, &b), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                 (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(area0.state, RUNSTATE_running);
    EXPECT_TRUE(area0.time[RUNSTATE_running] > 0);
    EXPECT_EQ(area1.state, RUNSTATE_offline);
    EXPECT_TRUE(area1.time[RUNSTATE_offline] > 0);
}

/*
 * Block for 50 ms: the area is rewritten when VCPU 0 is switched out
 * (blocked) and in again (running); the blocked time has grown by about
 * 50 ms, and the sum by exactly what state_entry_time moved (comparing two
 * copies written at a switch, when the current state's time is complete).
 */
static void area_follows_blocking(void)
{
    struct vcpu_runstate_info before;
    uint64_t t0, t1;

    sleep_ns(1 * MS);
    before = area0;
    t0 = monotonic_ns();
    sleep_ns(50 * MS);
    t1 = monotonic_ns();
    EXPECT_EQ(area0.state, RUNSTATE_running);
    EXPECT_TRUE(area0.state_entry_time > before.state_entry_time);
    EXPECT_RANGE(area0.state_entry_time, t0, t1);
    EXPECT_RANGE(area0.time[RUNSTATE_blocked] - before.time[RUNSTATE_blocked], 40 * MS,
                 t1 - t0);
    EXPECT_TRUE(area0.time[RUNSTATE_running] >= before.time[RUNSTATE_running]);
    EXPECT_EQ(sum(&area0) - area0.state_entry_time, sum(&before) - before.state_entry_time);
}

/* get_runstate_info agrees with the area: same entry time and past times. */
static void area_matches_get(void)
{
    struct vcpu_runstate_info r;

    if (!EXPECT_EQ(get(0, &r), 0))
        return;
    EXPECT_EQ(r.state, area0.state);
    EXPECT_EQ(r.state_entry_time, area0.state_entry_time);
    EXPECT_EQ(r.time[RUNSTATE_blocked], area0.time[RUNSTATE_blocked]);
    EXPECT_TRUE(r.time[RUNSTATE_running] >= area0.time[RUNSTATE_running]);
}

/* 0 unregisters: later switches leave the memory alone. */
static void unregister(void)
{
    struct vcpu_register_runstate_memory_area none = { .addr.h = 0 };
    struct vcpu_runstate_info before;

    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &none), 0);
    before = area0;
    sleep_ns(20 * MS);
    EXPECT_TRUE(memcmp(&before, &area0, sizeof(before)) == 0);
}

static const struct test tests[] = {
    /* The caller's own info: running, times summing to its age and growing. */
    TEST(get_own),
    /* A VCPU never brought up: offline, offline time only. */
    TEST(get_offline),
    /* Bad buffer -EFAULT, bad VCPU -ENOENT / -EINVAL. */
    TEST(get_errors),
    /* Registration writes the area at once; a faulting area is accepted. */
    TEST(register_areas),
    /* After blocking 50 ms the area shows it; its sum moved by exactly the entry time. */
    TEST(area_follows_blocking),
    /* The area and get_runstate_info agree. */
    TEST(area_matches_get),
    /* Registering 0 stops the updates. */
    TEST(unregister),
};

int main(void)
{
    return run_tests("vcpu/runstate", tests, ARRAY_SIZE(tests));
}
