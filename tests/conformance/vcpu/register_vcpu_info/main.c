/*
 * VCPUOP_register_vcpu_info on a domain with three VCPUs: a vcpu_info
 * moves to a frame of the domain's own, once per VCPU, on the caller or
 * on a VCPU that is down; the hypervisor then keeps time and delivers
 * events there, not in the old place.  Refused with -EINVAL: rsvd set, a
 * structure that would cross the page, a frame that is not the domain's
 * ordinary memory (shared_info, a page table, not RAM), a second
 * registration, a VCPU that is up and not the caller.
 */
#include <string.h>
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
#define LAST_OFFSET (XEN_PAGE_SIZE - sizeof(vcpu_info_t))

static char *page0, *page1;
static volatile bool stop_spinning;
static volatile uint64_t vcpu1_slept;

static long reg(unsigned int vcpu, uint64_t mfn, uint32_t offset, uint32_t rsvd)
{
    struct vcpu_register_vcpu_info info = { .mfn = mfn, .offset = offset, .rsvd = rsvd };

    return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info);
}

static void refused(void)
{
    page0 = alloc_page();
    page1 = alloc_page();
    if (!EXPECT_TRUE(page0 && page1))
        return;
    EXPECT_EQ(reg(0, virt_to_mfn(page0), 0, 1), -XEN_EINVAL);
    EXPECT_EQ(reg(0, virt_to_mfn(page0), LAST_OFFSET + 1, 0), -XEN_EINVAL);
    EXPECT_EQ(reg(0, virt_to_mfn(page0), XEN_PAGE_SIZE, 0), -XEN_EINVAL);
    EXPECT_EQ(reg(0, start_info->shared_info >> XEN_PAGE_SHIFT, 2048, 0), -XEN_EINVAL);
    EXPECT_EQ(reg(0, virt_to_mfn((void *)start_info->pt_base), 0, 0), -XEN_EINVAL);
    EXPECT_EQ(reg(0, 1, 0, 0), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)UNMAPPED_VA),
              -XEN_EFAULT);
    /* Nothing moved. */
    EXPECT_TRUE(memcmp(page0, page1, XEN_PAGE_SIZE) == 0);
}

/* VCPU 0 moves its own vcpu_info to the last slot of page0. */
static void move_own(void)
{
    vcpu_info_t *old = &shared_info->vcpu_info[0];
    vcpu_info_t *new = (vcpu_info_t *)(page0 + LAST_OFFSET);
    uint32_t old_version;
    unsigned long flags;
    uint64_t t0;

    flags = local_irq_save();
    if (!EXPECT_EQ(reg(0, virt_to_mfn(page0), LAST_OFFSET, 0), 0)) {
        local_irq_restore(flags);
        return;
    }
    this_cpu()->vcpu_info = new;
    /* Everything is marked for a rescan, so no event is lost in the move. */
    EXPECT_EQ(new->evtchn_upcall_pending, 1);
    EXPECT_EQ_HEX(new->evtchn_pending_sel, ~0ULL);
    local_irq_restore(flags);
    EXPECT_EQ(new->time.version & 1, 0);
    EXPECT_TRUE(new->time.version > old->time.version);
    old_version = old->time.version;
    /* The timer's event reaches the new vcpu_info, so sleeping works. */
    t0 = monotonic_ns();
    sleep_ns(20 * MS);
    EXPECT_RANGE(monotonic_ns() - t0, 20 * MS, 200 * MS);
    EXPECT_EQ(old->time.version, old_version);
    EXPECT_EQ(reg(0, virt_to_mfn(page1), 0, 0), -XEN_EINVAL);
}

/* The time version of VCPU id's default vcpu_info in the shared_info page. */
static uint32_t shared_info_vcpu_info_version(unsigned int id)
{
    const volatile vcpu_info_t *vi =
        (const vcpu_info_t *)((char *)shared_info + XEN_RISCV_VCPU_INFO_OFFSET(id));

    return vi->time.version;
}

static void sleeper(void *arg)
{
    uint64_t t0 = monotonic_ns();

    sleep_ns(10 * MS);
    vcpu1_slept = monotonic_ns() - t0;
}

static void spinner(void *arg)
{
    while (!stop_spinning)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* VCPU 1 is down: VCPU 0 may move its vcpu_info; VCPU 1 then runs on it. */
static void move_down_vcpu(void)
{
    vcpu_info_t *new = (vcpu_info_t *)page1;

    if (!EXPECT_EQ(reg(1, virt_to_mfn(page1), 0, 0), 0))
        return;
    EXPECT_EQ(reg(1, virt_to_mfn(page1), 64, 0), -XEN_EINVAL);
    guest_cpu(1)->vcpu_info = new;
    if (!EXPECT_EQ(vcpu_start(1, sleeper, NULL), 0))
        return;
    vcpu_wait(1);
    EXPECT_RANGE(vcpu1_slept, 10 * MS, 200 * MS);
    EXPECT_TRUE(new->time.version >= 2);
    EXPECT_EQ(shared_info_vcpu_info_version(1), 0);
}

/* VCPU 2 is up and is not the caller: refused. */
static void up_vcpu_refused(void)
{
    if (!EXPECT_EQ(vcpu_start(2, spinner, NULL), 0))
        return;
    while (HYPERVISOR_vcpu_op(VCPUOP_is_up, 2, NULL) != 1)
        ;
    EXPECT_EQ(reg(2, virt_to_mfn(page1), 128, 0), -XEN_EINVAL);
    stop_spinning = true;
    vcpu_wait(2);
}

static const struct test tests[] = {
    /* rsvd, crossing the page, shared_info, a page table, not RAM, a bad pointer. */
    TEST(refused),
    /* The caller moves its own: time and events follow; only once. */
    TEST(move_own),
    /* A down VCPU's may be moved by another; it then runs on the new one. */
    TEST(move_down_vcpu),
    /* An up VCPU's may not be moved by another. */
    TEST(up_vcpu_refused),
};

int main(void)
{
    return run_tests("vcpu/register_vcpu_info", tests, ARRAY_SIZE(tests));
}
