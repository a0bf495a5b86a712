/*
 * The guest TLB shootdown (core/flush.c, hv/flush.h) against simulated
 * harts that keep stale translations until they flush (arch/host/
 * tlb_model.c): every revocation, when it returns, has left no CPU that
 * runs the domain holding the revoked right; widening sends no IPI; a CPU
 * that was not running the domain flushes before it runs it again.  Then
 * the same invariant through the callers that revoke: a pin, a table
 * released, a frame given back, a page freed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/flush.h>
#include <hv/arch/machine.h>
#include "mm_model.h"

#define RAM_PAGES 256

static struct mm_model mm;
static struct domain *d;

struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < mm.nr; i++)
        if (mm.d[i]->domain_id == id)
            return mm.d[i];
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    mm_model_init(&mm, RAM_PAGES);
    mm_model_domain(&mm, 1, false, 64);
    d = mm.d[0];
    nr_cpus_online = 4;
    host_current_cpu = 0;
    host_log_quiet = true;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nr_cpus_online = 1;
    host_current_cpu = 0;
    mm_model_free(&mm);
    return 0;
}

static void assert_tlbs_clean(void)
{
    char why[160];

    if (host_tlb_check(why, sizeof(why)))
        fail_msg("%s", why);
}

static void assert_tlbs_stale(void)
{
    char why[160];

    assert_int_equal(host_tlb_check(why, sizeof(why)), -EINVAL);
}

/* The model catches what a flush that gave up would leave: a CPU running
 * d with the removed frame still cached. */
static void test_model_sees_stale_entries(void **state)
{
    mfn_t m = mm_model_frame(d);

    (void)state;
    host_tlb_fill(1, d);
    assert_true(host_tlb_entries(1) > 0);
    arch_gstage_unmap(d, m);             /* removed, not flushed */
    assert_tlbs_stale();
    arch_gstage_flush(d);
    assert_tlbs_clean();
    assert_int_equal(host_tlb_entries(1), 0);
}

/* A revocation waits for exactly the CPUs running d; the others are
 * marked and flush on their way back in. */
static void test_revocation_reaches_active_cpus(void **state)
{
    mfn_t m = mm_model_frame(d), keep = mm_model_frame(d);

    (void)state;
    host_tlb_fill(1, d);
    host_tlb_fill(2, d);
    host_tlb_fill(3, d);
    host_tlb_leave(3, d);                /* ran d, runs something else now */
    arch_gstage_unmap(d, m);
    arch_gstage_flush(d);
    assert_tlbs_clean();
    assert_int_equal(host_flush_ipis[1], 1);
    assert_int_equal(host_flush_ipis[2], 1);
    assert_int_equal(host_flush_ipis[3], 0);
    assert_true(host_tlb_entries(3) > 0);           /* stale, but idle for d */
    assert_true(d->flush.stale & (1UL << 3));
    host_tlb_fill(3, d);                            /* back: flushes first */
    assert_false(d->flush.stale & (1UL << 3));
    assert_tlbs_clean();
    assert_int_equal(host_gstage(d, keep), 1);
}

/* Narrowing waits; widening sends nothing and leaves the old, narrower
 * entry where it is (a fault on it is retried: arch_gstage_publish). */
static void test_protect_narrow_and_widen(void **state)
{
    mfn_t m = mm_model_frame(d);

    (void)state;
    host_tlb_fill(1, d);
    arch_gstage_protect(d, m, false);
    assert_tlbs_clean();
    assert_int_equal(host_flush_ipis[1], 1);
    host_tlb_fill(1, d);                            /* now caches it read-only */
    arch_gstage_protect(d, m, true);
    assert_int_equal(host_flush_ipis[1], 1);        /* no IPI for widening */
    assert_tlbs_clean();
}

/* The flusher's own pending requests are answered while it waits, and a
 * CPU asking several others waits for every one of them. */
static void test_flushers_answer_each_other(void **state)
{
    mfn_t m = mm_model_frame(d);
    struct domain *e;

    (void)state;
    mm_model_domain(&mm, 2, false, 64);
    e = mm.d[1];
    host_tlb_fill(0, e);
    host_tlb_fill(1, d);
    host_tlb_fill(2, d);
    host_current_cpu = 1;                /* CPU 1, running d, revokes from e */
    arch_gstage_unmap(e, mm_model_frame(e));
    arch_gstage_flush(e);
    host_current_cpu = 0;
    assert_int_equal(host_flush_ipis[0], 1);
    arch_gstage_unmap(d, m);
    arch_gstage_flush(d);
    assert_tlbs_clean();
}

/* flush_wait_inactive() returns at once when nobody runs d, and it is a
 * bug to wait for d while running it. */
static void test_wait_inactive(void **state)
{
    jmp_buf jb;

    (void)state;
    flush_wait_inactive(d);
    host_tlb_fill(0, d);
    host_panic_jmp = &jb;
    if (!setjmp(jb)) {
        flush_wait_inactive(d);
        fail_msg("no BUG for waiting on ourselves");
    }
    host_panic_jmp = NULL;
    host_tlb_leave(0, d);
    flush_wait_inactive(d);
}

/* ---- the callers that revoke ---- */

static int pin(mfn_t m, unsigned int level)
{
    int rc, drained;

    MM_RUN(rc, mm_pin(d, m, level, &b_));
    MM_RUN(drained, mm_drain(d, &b_));
    assert_int_equal(drained, 0);
    return rc;
}

#define CHECK()                                                         \
    do {                                                                \
        char why_[160];                                                 \
        if (mm_model_check(&mm, false, why_, sizeof(why_)))             \
            fail_msg("invariant broken: %s", why_);                     \
    } while (0)

/* A frame every CPU of d may write becomes a page table: once the pin
 * returns, no CPU running d can write it. */
static void test_pin_revokes_write_everywhere(void **state)
{
    mfn_t t = mm_model_frame(d);

    (void)state;
    for (unsigned int cpu = 1; cpu < 4; cpu++)
        host_tlb_fill(cpu, d);
    assert_int_equal(pin(t, 0), 0);
    assert_int_equal(host_gstage(d, t), 0);
    CHECK();
    for (unsigned int cpu = 1; cpu < 4; cpu++)
        assert_int_equal(host_flush_ipis[cpu], 1);
}

/* A page freed while other CPUs run its owner: out of every active TLB
 * before it is back in the heap, and then in nobody's G-stage. */
static void test_free_revokes_everywhere(void **state)
{
    mfn_t m = mm_model_frame(d);
    uint64_t free_before = page_alloc_free_pages();

    (void)state;
    host_tlb_fill(2, d);
    spin_lock(&mm_lock);
    put_page_alloc_ref(mfn_to_page(m));
    spin_unlock(&mm_lock);
    assert_int_equal(page_alloc_free_pages(), free_before + 1);
    assert_int_equal(host_gstage(d, m), -1);
    CHECK();
    assert_int_equal(host_flush_ipis[2], 1);
}

/* A table released (unpinned) makes its frame writable again: lazily. */
static void test_release_widens_lazily(void **state)
{
    mfn_t t = mm_model_frame(d);
    int rc;

    (void)state;
    assert_int_equal(pin(t, 0), 0);
    host_tlb_fill(1, d);
    spin_lock(&mm_lock);
    assert_int_equal(mm_unpin(d, t), 0);
    spin_unlock(&mm_lock);
    MM_RUN(rc, mm_drain(d, &b_));
    assert_int_equal(rc, 0);
    assert_int_equal(host_gstage(d, t), 1);
    assert_int_equal(host_flush_ipis[1], 0);
    CHECK();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_model_sees_stale_entries),
        T(test_revocation_reaches_active_cpus),
        T(test_protect_narrow_and_widen),
        T(test_flushers_answer_each_other),
        T(test_wait_inactive),
        T(test_pin_revokes_write_everywhere),
        T(test_free_revokes_everywhere),
        T(test_release_widens_lazily),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
