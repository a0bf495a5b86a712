/*
 * core/vcpu_op.c on the host: the order of its checks (id, VCPU, command,
 * argument), the once-only rules of initialise and register_vcpu_info, and
 * what up and down ask of the scheduler.  The scheduler, the timers and
 * guest memory are stand-ins that record what they were asked: a guest
 * address here is a host pointer, and BAD_GVA faults.
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
#include <hv/sched.h>
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
static struct shared_info si;

static long op(struct vcpu *curr, unsigned long cmd, unsigned long id, const void *extra)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, id, (unsigned long)(uintptr_t)extra };

    return do_vcpu_op(curr, args);
}

static int setup(void **state)
{
    host_mm_setup(0x80000000ULL, 4ULL << 20);
    memset(&d, 0, sizeof(d));
    memset(&v0, 0, sizeof(v0));
    memset(&v1, 0, sizeof(v1));
    memset(&si, 0, sizeof(si));
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
    v1.vcpu_info = (struct vcpu_info *)((char *)&si + XEN_RISCV_VCPU_INFO_OFFSET(1));
    v0.vcpu_info_mfn = v1.vcpu_info_mfn = INVALID_MFN;
    wakes = sleeps = time_updates = 0;
    timer_set = timer_stopped = NULL;
    return 0;
}

static int teardown(void **state)
{
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
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), 0);
    assert_true(v1.is_initialised);
    assert_true(v1.arch.initialised);
    assert_true(v1.pause_flags & VPF_down);
    assert_int_equal(wakes, 0);
    assert_int_equal(op(&v0, VCPUOP_initialise, 1, &ctx), -XEN_EEXIST);
}

/* VGCF_online brings the VCPU up in the same call. */
static void initialise_online(void **state)
{
    struct vcpu_guest_context ctx;

    memset(&ctx, 0, sizeof(ctx));
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
    mfn_t m = alloc_domheap_pages(&d, 0);
    mfn_t pt = alloc_domheap_pages(&d, 0);
    const uint32_t last = PAGE_SIZE - sizeof(struct vcpu_info);
    struct vcpu_info *new;

    assert_true(mfn_valid_raw(m) && mfn_valid_raw(pt));
    mfn_to_page(pt)->type = PGT_l1_page_table;
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
    assert_int_equal(mfn_to_page(m)->type, PGT_writable);
    assert_int_equal(mfn_to_page(m)->type_count, 2);
    assert_int_equal(time_updates, 2);
    assert_int_equal(reg_info(&v0, 0, mfn_x(m), 128, 0), -XEN_EINVAL);
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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
