/*
 * VCPUOP_initialise, up, down and is_up on a domain with two VCPUs (the
 * hypervisor runs with dom0_max_vcpus=4, so the machine has VCPUs this
 * domain must not be able to name): VCPU 1 starts down and uninitialised;
 * the errors come in Xen's order (bad id -EINVAL, no such VCPU -ENOENT,
 * bad pointer -EFAULT, initialised twice -EEXIST, bad context -EINVAL, up
 * before initialise -EINVAL); a good context runs, and down/up stop and
 * resume it where it was.
 *
 * VCPU 1 runs a bare loop (no library setup: it is started with a raw
 * VCPUOP_initialise) that counts in a shared variable, so the test sees
 * exactly when it runs.
 */
#include <string.h>
#include "../../lib/test.h"

#define STACK_SIZE 4096
#define MS NSEC_PER_MSEC

static char stack[STACK_SIZE] __attribute__((aligned(16)));
static volatile uint64_t counter;
static volatile uint64_t seen_a0, seen_a1;

static void __attribute__((noreturn)) counting_loop(uint64_t a0, uint64_t a1)
{
    seen_a0 = a0;
    seen_a1 = a1;
    for (;;)
        __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
}

static void good_context(struct vcpu_guest_context *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->pc = (uintptr_t)counting_loop;
    ctx->x[2] = (uintptr_t)stack + STACK_SIZE;
    ctx->x[10] = 0x1234;
    ctx->x[11] = 0xabcd;
    ctx->satp = csr_read(satp);
}

/* Does VCPU 1 count within `ms` of virtual time? */
static bool counts(uint64_t ms)
{
    uint64_t before = counter, end = monotonic_ns() + ms * MS;

    while (monotonic_ns() < end) {
        if (counter != before)
            return true;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return counter != before;
}

static void initial_state(void)
{
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

/* Ids past the hypervisor's limit are -EINVAL; ids this domain does not
 * have are -ENOENT, though dom0 has VCPUs 2 and 3. */
static void bad_ids(void)
{
    static const unsigned int einval[] = { 8, 9, 1000, 0xffffffffu };
    static const unsigned int enoent[] = { 2, 3, 7 };

    for (unsigned int i = 0; i < ARRAY_SIZE(einval); i++) {
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, einval[i], NULL), -XEN_EINVAL);
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, einval[i], NULL), -XEN_EINVAL);
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(enoent); i++) {
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, enoent[i], NULL), -XEN_ENOENT);
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, enoent[i], NULL), -XEN_ENOENT);
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, enoent[i], NULL), -XEN_ENOENT);
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, enoent[i], NULL), -XEN_ENOENT);
    }
    /* The id check comes before the command check. */
    EXPECT_EQ(HYPERVISOR_vcpu_op(99, 8, NULL), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_vcpu_op(99, 2, NULL), -XEN_ENOENT);
    EXPECT_EQ(HYPERVISOR_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
}

static void up_before_initialise(void)
{
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    /* Down on a VCPU that is down already is fine. */
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static void initialise_vcpu0_exists(void)
{
    struct vcpu_guest_context ctx;

    good_context(&ctx);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &ctx), -XEN_EEXIST);
}

static void initialise_bad_pointer(void)
{
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, NULL), -XEN_EFAULT);
}

/* satp must be Sv39 over a validated root table the domain owns. */
static void initialise_bad_context(void)
{
    struct vcpu_guest_context ctx;
    uint64_t root = csr_read(satp) & ((1ULL << 44) - 1);
    uint64_t mode = 8ULL << 60;
    const uint64_t bad_satp[] = {
        root,                                           /* Bare */
        (9ULL << 60) | root,                            /* Sv48 */
        mode | virt_to_mfn(stack),                      /* a data frame */
        mode | virt_to_mfn(start_info),                 /* start_info */
        mode | (start_info->shared_info >> 12),         /* shared_info */
        mode | pfn_to_mfn(virt_to_pfn((void *)start_info->pt_base) + 1), /* a lower table */
        mode | 1,                                       /* not RAM */
        mode | ((1ULL << 44) - 1),
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(bad_satp); i++) {
        good_context(&ctx);
        ctx.satp = bad_satp[i];
        if (!EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EINVAL))
            printk("satp %#lx accepted\n", (unsigned long)bad_satp[i]);
    }
    good_context(&ctx);
    ctx.flags = 1u << 5;
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EINVAL);
    good_context(&ctx);
    ctx.pad = 1;
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EINVAL);
    /* None of that initialised it. */
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    EXPECT_TRUE(!counts(20));
}

/* A good context: still down until VCPUOP_up, then runs with its registers. */
static void initialise_then_up(void)
{
    struct vcpu_guest_context ctx;

    good_context(&ctx);
    if (!EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), 0))
        return;
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx), -XEN_EEXIST);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    EXPECT_TRUE(!counts(20));
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 1);
    EXPECT_TRUE(counts(200));
    EXPECT_EQ_HEX(seen_a0, 0x1234);
    EXPECT_EQ_HEX(seen_a1, 0xabcd);
    /* Up again: nothing changes. */
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
    EXPECT_TRUE(counts(200));
}

/* Down stops it (after at most a reschedule); up resumes the same loop. */
static void down_then_up(void)
{
    uint64_t stopped;

    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    sleep_ns(20 * MS);
    stopped = counter;
    sleep_ns(50 * MS);
    EXPECT_EQ(counter, stopped);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), 0);
    EXPECT_TRUE(counts(200));
    EXPECT_TRUE(counter > stopped);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL), 0);
}

static const struct test tests[] = {
    /* VCPU 0 is up, VCPU 1 down. */
    TEST(initial_state),
    /* Ids >= 8 give -EINVAL, ids this domain lacks -ENOENT, before the cmd check. */
    TEST(bad_ids),
    /* VCPUOP_up on an uninitialised VCPU is -EINVAL; down on a down VCPU is 0. */
    TEST(up_before_initialise),
    /* VCPU 0 was initialised by the builder: -EEXIST. */
    TEST(initialise_vcpu0_exists),
    /* An unreadable context is -EFAULT. */
    TEST(initialise_bad_pointer),
    /* A satp that is not a validated Sv39 root of ours, or bad flags: -EINVAL. */
    TEST(initialise_bad_context),
    /* A good context: down until up, then runs with its pc, sp, a0, a1; twice: -EEXIST. */
    TEST(initialise_then_up),
    /* Down stops the VCPU, up resumes it. */
    TEST(down_then_up),
};

int main(void)
{
    return run_tests("vcpu/ops", tests, ARRAY_SIZE(tests));
}
