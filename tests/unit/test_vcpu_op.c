/*
 * core/vcpu_op.c on the host: the order of its checks (id, VCPU, command,
 * argument), the once-only rules of initialise and register_vcpu_info, and
 * what up and down ask of the scheduler.  The scheduler, the timers and
 * guest memory are stand-ins that record what they were asked: a guest
 * address here is a host pointer, and BAD_GVA faults.  The frame type
 * system is the real one (mm/): a new VCPU's root and a vcpu_info frame
 * take their references through it, and the whole-machine invariants
 * (check_invariants, exact) must hold while they are held and after they
 * are released.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/sched.h>
#include <hv/arch/domain.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include <asm/host.h>

#define BAD_GVA 0xbad0000ULL

/* ---- stand-ins ---- */

static unsigned int wakes, sleeps, time_updates;
static struct timer *timer_set, *timer_stopped;
static s_time_t timer_expiry, now_ns;

void vcpu_wake(struct vcpu *v) { wakes++; }
void vcpu_sleep_nosync(struct vcpu *v) { sleeps++; }
void update_vcpu_system_time(struct vcpu *v) { time_updates++; }
s_time_t NOW(void) { return now_ns; }

void set_timer(struct timer *t, s_time_t expires)
{
    timer_set = t;
    timer_expiry = expires;
}

void stop_timer(struct timer *t) { timer_stopped = t; }

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r, bool to_now)
{
    memset(r, 0, sizeof(*r));
    r->state = v->runstate;
    r->time[RUNSTATE_running] = to_now ? 2000 : 1000;
}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if (!gva || gva == BAD_GVA)
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (!gva || gva == BAD_GVA)
        return -EFAULT;
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}

/* ---- a domain with two VCPUs ---- */

static struct domain d;
static struct vcpu v0, v1;
/* The shared_info page: a whole page, as VCPUs past the legacy ones have
 * their vcpu_info in it after struct shared_info. */
static union {
    struct shared_info info;
    uint8_t page[PAGE_SIZE];
} si_page;
#define si (si_page.info)
#define V1_DEFAULT_INFO ((struct vcpu_info *)(si_page.page + XEN_RISCV_VCPU_INFO_OFFSET(1)))

static long op(struct vcpu *curr, unsigned long cmd, unsigned long id, const void *extra)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, id, (unsigned long)(uintptr_t)extra };

    return do_vcpu_op(curr, args);
}

/* A fresh frame of d, writable in its G-stage, as the builder gives them. */
static mfn_t frame(void)
{
    mfn_t m = alloc_domheap_pages(&d, 0);

    assert_true(mfn_valid_raw(m));
    arch_gstage_map(&d, m, true);
    return m;
}

/* An empty table of d at an Sv39 level, pinned (validated) as the guest
 * would. */
static mfn_t pinned_table(unsigned int level)
{
    struct mm_budget b = mm_budget_start();
    mfn_t m = frame();
    int rc;

    spin_lock(&mm_lock);
    rc = mm_pin(&d, m, level, &b);
    spin_unlock(&mm_lock);
    assert_int_equal(rc, 0);
    return m;
}

static mfn_t pinned_root(void) { return pinned_table(2); }

static void assert_invariants(void)
{
    struct domain *doms[] = { &d };
    char why[160];
    int rc;

    spin_lock(&mm_lock);
    rc = check_invariants(doms, 1, true, why, sizeof(why));
    spin_unlock(&mm_lock);
    if (rc)
        fail_msg("invariant broken: %s", why);
}

static int setup(void **state)
{
    host_mm_setup(0x80000000ULL, 4ULL << 20);
    assert_int_equal(m2p_init(), 0);
    memset(&d, 0, sizeof(d));
    memset(&v0, 0, sizeof(v0));
    memset(&v1, 0, sizeof(v1));
    memset(&si_page, 0, sizeof(si_page));
    spin_lock_init(&d.lock);
    spin_lock_init(&d.page_alloc_lock);
    list_init(&d.page_list);
    d.max_pages = 64;
    d.shared_info = &si;
    d.max_vcpus = 2;
    d.vcpu[0] = &v0;
    d.vcpu[1] = &v1;
    v0.domain = v1.domain = &d;
    v1.vcpu_id = 1;
    v0.is_initialised = true;
    v1.pause_flags = VPF_down;
    v0.vcpu_info = &si.vcpu_info[0];
    v1.vcpu_info = V1_DEFAULT_INFO;
    assert_int_equal(arch_domain_init(&d), 0);
    mm_domain_init(&d);
    mm_vcpu_init(&v0);
    mm_vcpu_init(&v1);
    wakes = sleeps = time_updates = 0;
    timer_set = timer_stopped = NULL;
    return 0;
}

static int teardown(void **state)
{
    mm_domain_relinquish_all(&d);
    relinquish_domain_pages(&d);
    host_mm_teardown();
    return 0;
}

/* ---- tests ---- */

/* Id beyond the hypervisor's limit: -EINVAL; beyond the domain's: -ENOENT;
 * both before the command is looked at. */
static void check_order(void **state)
{
    assert_int_equal(op(&v0, VCPUOP_is_up, 8, NULL), -XEN_EINVAL);
    assert_int_equal(op(&v0, 99, 8, NULL), -XEN_EINVAL);
    assert_int_equal(op(&v0, VCPUOP_is_up, 0x100000000UL + 8, NULL), -XEN_EINVAL);
    assert_int_equal(op(&v0, VCPUOP_is_up, 2, NULL), -XEN_ENOENT);
    assert_int_equal(op(&v0, 99, 7, NULL), -XEN_ENOENT);
    assert_int_equal(op(&v0, 99, 1, NULL), -XEN_ENOSYS);
    assert_int_equal(op(&v0, VCPUOP_is_up, 0, NULL), 1);
    assert_int_equal(op(&v0, VCPUOP_is_up, 1, NULL), 0);
}

static void initialise_rules(void **state)
{
    struct vcpu_guest_context ctx;
    mfn_t leaf = pinned_table(0), root = pinned_root();

    memset(&ctx, 0, sizeof(ctx));
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, (void *)BAD_GVA), -XEN_EFAULT);
    assert_int_equal(op(&v0, VCPUOP_initialise, 0, &ctx), -XEN_EEXIST);
    /* up before initialise */
    assert_int_equal(op(&v0, VCPUOP_up, 1, NULL), -XEN_EINVAL);
    ctx.flags = 2;
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), -XEN_EINVAL);
    ctx.flags = 0;
    ctx.pad = 1;
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), -XEN_EINVAL);
    assert_false(v1.is_initialised);
    ctx.pad = 0;
    /* The root must be a root table of the domain, not a leaf table. */
    ctx.satp = mfn_x(leaf);
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), -XEN_EINVAL);
    assert_false(v1.is_initialised);
    assert_false(v1.arch.initialised);
    ctx.satp = mfn_x(root);
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), 0);
    assert_true(v1.is_initialised);
    assert_true(v1.arch.initialised);
    /* The VCPU holds its own references on the root, beside the pin. */
    assert_int_equal(mfn_x(v1.mm.root), mfn_x(root));
    assert_int_equal(mfn_to_page(root)->type_count, 2);
    assert_invariants();
    assert_true(v1.pause_flags & VPF_down);
    assert_int_equal(wakes, 0);
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), -XEN_EEXIST);
}

/* VGCF_online brings the VCPU up in the same call. */
static void initialise_online(void **state)
{
    struct vcpu_guest_context ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.satp = mfn_x(pinned_root());
    ctx.flags = VGCF_online;
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), 0);
    assert_false(v1.pause_flags & VPF_down);
    assert_int_equal(wakes, 1);
}

/* up and down change VPF_down once each and tell the scheduler once. */
static void up_down(void **state)
{
    v1.is_initialised = true;
    assert_int_equal(op(&v0, VCPUOP_up, 1, NULL), 0);
    assert_int_equal(op(&v0, VCPUOP_up, 1, NULL), 0);
    assert_int_equal(wakes, 1);
    assert_int_equal(op(&v0, VCPUOP_is_up, 1, NULL), 1);
    assert_int_equal(op(&v0, VCPUOP_down, 1, NULL), 0);
    assert_int_equal(op(&v0, VCPUOP_down, 1, NULL), 0);
    assert_int_equal(sleeps, 1);
    assert_int_equal(op(&v0, VCPUOP_is_up, 1, NULL), 0);
}

/* get_runstate_info is up to now; the area copy at a switch is not. */
static void runstate(void **state)
{
    struct vcpu_runstate_info r = { 0 }, area;
    struct vcpu_register_runstate_memory_area reg = { .addr.h = (uintptr_t)&area };

    v1.runstate = RUNSTATE_offline;
    assert_int_equal(op(&v0, VCPUOP_get_runstate_info, 1, &r), 0);
    assert_int_equal(r.state, RUNSTATE_offline);
    assert_int_equal(r.time[RUNSTATE_running], 2000);
    assert_int_equal(op(&v0, VCPUOP_get_runstate_info, 1, (void *)BAD_GVA), -XEN_EFAULT);
    assert_int_equal(op(&v0, VCPUOP_register_runstate_memory_area, 1, &reg), 0);
    assert_int_equal(v1.runstate_guest, (uintptr_t)&area);
    memset(&area, 0, sizeof(area));
    vcpu_update_runstate_area(&v1);
    assert_int_equal(area.time[RUNSTATE_running], 1000);
    /* A faulting area is accepted; its writes are skipped. */
    reg.addr.h = BAD_GVA;
    assert_int_equal(op(&v0, VCPUOP_register_runstate_memory_area, 1, &reg), 0);
    vcpu_update_runstate_area(&v1);
    reg.addr.h = 0;
    assert_int_equal(op(&v0, VCPUOP_register_runstate_memory_area, 1, &reg), 0);
    assert_int_equal(v1.runstate_guest, 0);
}

static void singleshot(void **state)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = 500, .flags = VCPU_SSHOTTMR_future };

    now_ns = 1000;
    assert_int_equal(op(&v0, VCPUOP_set_singleshot_timer, 1, &t), -XEN_EINVAL);
    assert_int_equal(op(&v0, VCPUOP_set_singleshot_timer, 0, &t), -XEN_ETIME);
    assert_null(timer_set);
    t.flags = 0;
    assert_int_equal(op(&v0, VCPUOP_set_singleshot_timer, 0, &t), 0);
    assert_ptr_equal(timer_set, &v0.singleshot_timer);
    assert_int_equal(timer_expiry, 500);
    assert_int_equal(op(&v0, VCPUOP_stop_singleshot_timer, 1, NULL), -XEN_EINVAL);
    assert_int_equal(op(&v0, VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    assert_ptr_equal(timer_stopped, &v0.singleshot_timer);
}

static long reg_info(struct vcpu *curr, unsigned int id, uint64_t mfn, uint32_t off,
                     uint32_t rsvd)
{
    struct vcpu_register_vcpu_info info = { .mfn = mfn, .offset = off, .rsvd = rsvd };

    return op(curr, VCPUOP_register_vcpu_info, id, &info);
}

static void register_vcpu_info(void **state)
{
    mfn_t m = frame();
    mfn_t pt = pinned_table(0);
    const uint32_t last = PAGE_SIZE - sizeof(struct vcpu_info);
    struct vcpu_info *new;

    si.vcpu_info[0].evtchn_pending_sel = 0x5;
    si.vcpu_info[0].time.version = 6;
    assert_int_equal(reg_info(&v0, 0, mfn_x(m), 0, 1), -XEN_EINVAL);
    assert_int_equal(reg_info(&v0, 0, mfn_x(m), last + 1, 0), -XEN_EINVAL);
    assert_int_equal(reg_info(&v0, 0, mfn_x(pt), 0, 0), -XEN_EINVAL);
    assert_int_equal(reg_info(&v0, 0, 1, 0, 0), -XEN_EINVAL);
    /* v1 up and not the caller: refused; down: allowed. */
    v1.pause_flags = 0;
    assert_int_equal(reg_info(&v0, 1, mfn_x(m), 0, 0), -XEN_EINVAL);
    v1.pause_flags = VPF_down;
    assert_int_equal(reg_info(&v0, 1, mfn_x(m), 0, 0), 0);
    assert_int_equal(reg_info(&v0, 1, mfn_x(m), 64, 0), -XEN_EINVAL);
    /* The caller's own: contents carried over, everything flagged for a rescan. */
    assert_int_equal(reg_info(&v0, 0, mfn_x(m), last, 0), 0);
    new = (struct vcpu_info *)((char *)mfn_to_virt(m) + last);
    assert_ptr_equal(v0.vcpu_info, new);
    assert_int_equal(new->time.version, 6);
    assert_int_equal(new->evtchn_upcall_pending, 1);
    assert_int_equal(new->evtchn_pending_sel, ~0ULL);
    /* Each registration holds a general and a writable type reference. */
    assert_int_equal(mfn_to_page(m)->type, PGT_writable);
    assert_int_equal(mfn_to_page(m)->type_count, 2);
    assert_int_equal(mfn_to_page(m)->count, 3);
    assert_int_equal(time_updates, 2);
    assert_invariants();
    /* A second registration is refused and takes nothing. */
    assert_int_equal(reg_info(&v0, 0, mfn_x(m), 128, 0), -XEN_EINVAL);
    assert_int_equal(mfn_to_page(m)->type_count, 2);
    assert_int_equal(mfn_to_page(m)->count, 3);
    /* While registered the frame cannot become a page table. */
    {
        struct mm_budget b = mm_budget_start();
        int rc;

        spin_lock(&mm_lock);
        rc = mm_pin(&d, m, 0, &b);
        spin_unlock(&mm_lock);
        assert_int_equal(rc, -XEN_EINVAL);
    }
    /* Teardown: back to the shared_info slots, the references dropped. */
    vcpu_release_vcpu_info(&v0, &si.vcpu_info[0]);
    vcpu_release_vcpu_info(&v1, V1_DEFAULT_INFO);
    assert_ptr_equal(v0.vcpu_info, &si.vcpu_info[0]);
    assert_ptr_equal(v1.vcpu_info, V1_DEFAULT_INFO);
    assert_false(mfn_valid_raw(v0.vcpu_info_mfn) || mfn_valid_raw(v1.vcpu_info_mfn));
    assert_int_equal(mfn_to_page(m)->type_count, 0);
    assert_int_equal(mfn_to_page(m)->count, 1);
    assert_invariants();
    vcpu_release_vcpu_info(&v0, &si.vcpu_info[0]);     /* nothing left: a no-op */
    assert_int_equal(mfn_to_page(m)->count, 1);
}

/* A table still being released: the registration drains it within its
 * budget and is continued (-ERESTART, nothing held) until the frame is free
 * to become writable. */
static void register_vcpu_info_on_releasing_table(void **state)
{
    mfn_t t = frame();
    pte_t *e = mfn_to_virt(t);
    unsigned int issues = 0;
    uint32_t deferred_count;
    long rc;

    for (unsigned int i = 0; i < 40; i++)
        e[i] = maddr_to_pte(mfn_to_maddr(frame()), PTE_V | PTE_R);
    {
        struct mm_budget b = mm_budget_start();

        spin_lock(&mm_lock);
        assert_int_equal(mm_pin(&d, t, 0, &b), 0);
        assert_int_equal(mm_unpin(&d, t), 0);      /* deferred: entries still hold refs */
        spin_unlock(&mm_lock);
    }
    assert_true(mfn_to_page(t)->flags & PGT_deferred);
    deferred_count = mfn_to_page(t)->count;             /* allocation + deferred stack */
    mm_budget_units = 8;
    do {
        rc = reg_info(&v0, 0, mfn_x(t), 0, 0);
        if (rc == -ERESTART) {      /* nothing taken by the registration */
            assert_true(mfn_to_page(t)->count <= deferred_count);
            assert_int_equal(mfn_to_page(t)->type_count, 0);
        }
    } while (rc == -ERESTART && ++issues < 1000);
    mm_budget_units = MM_BUDGET;
    assert_int_equal(rc, 0);
    assert_true(issues > 1);
    assert_int_equal(mfn_to_page(t)->type, PGT_writable);
    assert_int_equal(mfn_to_page(t)->type_count, 1);
    assert_int_equal(mfn_to_page(t)->count, 2);
    assert_invariants();
    vcpu_release_vcpu_info(&v0, &si.vcpu_info[0]);
    assert_int_equal(mfn_to_page(t)->count, 1);
    assert_invariants();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(check_order, setup, teardown),
        cmocka_unit_test_setup_teardown(initialise_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(initialise_online, setup, teardown),
        cmocka_unit_test_setup_teardown(up_down, setup, teardown),
        cmocka_unit_test_setup_teardown(runstate, setup, teardown),
        cmocka_unit_test_setup_teardown(singleshot, setup, teardown),
        cmocka_unit_test_setup_teardown(register_vcpu_info, setup, teardown),
        cmocka_unit_test_setup_teardown(register_vcpu_info_on_releasing_table, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
