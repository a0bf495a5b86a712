/*
 * core/trace.c: the per-CPU rings of scheduling records.  The hooks are
 * called as sched/core.c calls them, with the host arch's CPU number and
 * simulated clock; records are read back through trace_read() and through
 * XEN_SYSCTL_tbuf_op (trace_tbuf_op), whose guest buffer is host memory
 * here (copy_to_guest below: address BAD_GVA faults).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch/time.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/timer.h>
#include <hv/trace.h>
#include <asm/host.h>

#define BAD_GVA 0xbad0000ULL
#define PER_PAGE 256

static struct domain dom[3], idle_dom;
static struct vcpu v[3], idle[2];

/* The riscv arch's NOW(); the host arch has only the simulated clock. */
s_time_t NOW(void);
s_time_t NOW(void)
{
    return arch_now();
}

int copy_to_guest(uint64_t gva, const void *src, size_t len);
int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (gva == BAD_GVA)
        return -EFAULT;
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}

static int setup(void **state)
{
    host_mm_setup(0x80000000ULL, 8ULL << 20);
    host_set_now(1000);
    host_current_cpu = 0;
    memset(dom, 0, sizeof(dom));
    memset(v, 0, sizeof(v));
    memset(idle, 0, sizeof(idle));
    idle_dom.domain_id = DOMID_IDLE;
    for (unsigned int i = 0; i < 3; i++) {
        dom[i].domain_id = (domid_t)(i + 1);
        v[i].domain = &dom[i];
        v[i].vcpu_id = i;
        v[i].singleshot_timer.cpu = 0;
    }
    for (unsigned int c = 0; c < 2; c++) {
        idle[c].is_idle = true;
        idle[c].domain = &idle_dom;
        idle[c].processor = c;
    }
    return 0;
}

static int teardown(void **state)
{
    trace_init(0, 0, 2);     /* frees the rings */
    host_mm_teardown();
    return 0;
}

/* One switch on the current CPU at the current time, then advance 1 us. */
static void sw(const struct vcpu *prev, const struct vcpu *next)
{
    trace_schedule(host_current_cpu, prev, next, NOW());
    host_advance_now(1000);
}

static unsigned int read_all(unsigned int cpu, struct xen_sysctl_tbuf_rec *out,
                             unsigned int max, uint64_t *first, uint64_t *lost)
{
    *first = 0;
    return trace_read(cpu, first, lost, out, max);
}

static void off_records_nothing(void **state)
{
    struct xen_sysctl_tbuf_rec r[8];
    uint64_t first, lost;

    assert_int_equal(trace_init(1, 0, 2), 0);
    sw(&idle[0], &v[0]);
    trace_wake(&v[1]);
    trace_yield(&v[0]);
    sw(&v[0], &v[1]);
    assert_int_equal(read_all(0, r, 8, &first, &lost), 0);
    assert_int_equal(lost, 0);
}

static void switch_records_in_order(void **state)
{
    struct xen_sysctl_tbuf_rec r[8];
    uint64_t first, lost;

    assert_int_equal(trace_init(1, XEN_TBUF_EV_ALL, 2), 0);
    sw(&idle[0], &v[0]);                    /* in v0 */
    sw(&v[0], &v[1]);                       /* out v0 preempted, in v1 */
    v[1].pause_flags |= VPF_blocked;
    sw(&v[1], &idle[0]);                    /* out v1 blocked */
    assert_int_equal(read_all(0, r, 8, &first, &lost), 4);
    assert_int_equal(first, 0);
    assert_int_equal(r[0].event, XEN_TBUF_EV_switch_in);
    assert_int_equal(r[0].domid, 1);
    assert_int_equal(r[1].event, XEN_TBUF_EV_switch_out);
    assert_int_equal(r[1].arg, XEN_TBUF_REASON_preempted);
    assert_int_equal(r[2].event, XEN_TBUF_EV_switch_in);
    assert_int_equal(r[2].domid, 2);
    assert_int_equal(r[3].event, XEN_TBUF_EV_switch_out);
    assert_int_equal(r[3].arg, XEN_TBUF_REASON_blocked);
    assert_int_equal(r[0].time, 1000);
    assert_true(r[1].time == 2000 && r[2].time == 2000 && r[3].time == 3000);
    /* No switch, no record; nothing went to CPU 1's ring. */
    sw(&v[0], &v[0]);
    assert_int_equal(read_all(0, r, 8, &first, &lost), 4);
    assert_int_equal(read_all(1, r, 8, &first, &lost), 0);
}

static void reasons_wake_migrate(void **state)
{
    struct xen_sysctl_tbuf_rec r[16];
    uint64_t first, lost;

    assert_int_equal(trace_init(1, XEN_TBUF_EV_ALL, 2), 0);
    sw(&idle[0], &v[0]);
    trace_yield(&v[0]);
    sw(&v[0], &v[1]);                       /* v0 yielded */
    v[0].pause_flags |= VPF_down;
    sw(&v[1], &v[0]);                       /* v1 preempted */
    sw(&v[0], &v[2]);                       /* v0 offline */
    dom[2].is_shutting_down = true;
    v[1].singleshot_timer.cpu = 1;          /* last ran on CPU 1 */
    sw(&v[2], &v[1]);                       /* v2 shutdown; v1 migrates in */
    v[0].processor = 1;
    trace_wake(&v[0]);
    unsigned int n = read_all(0, r, 16, &first, &lost);
    assert_int_equal(n, 11);
    assert_int_equal(r[1].arg, XEN_TBUF_REASON_yielded);
    assert_int_equal(r[3].arg, XEN_TBUF_REASON_preempted);
    assert_int_equal(r[5].arg, XEN_TBUF_REASON_offline);
    assert_int_equal(r[7].arg, XEN_TBUF_REASON_shutdown);
    assert_int_equal(r[8].event, XEN_TBUF_EV_migrate);
    assert_int_equal(r[8].arg, 1);
    assert_int_equal(r[8].cpu, 0);
    assert_int_equal(r[9].event, XEN_TBUF_EV_switch_in);
    assert_int_equal(r[10].event, XEN_TBUF_EV_wake);
    assert_int_equal(r[10].cpu, 1);          /* where it will run */
    assert_int_equal(r[10].domid, 1);
    /* A yield marks only the next switch of that VCPU. */
    sw(&v[1], &v[2]);
    assert_int_equal(read_all(0, r, 16, &first, &lost), 13);
    assert_int_equal(r[11].arg, XEN_TBUF_REASON_preempted);
}

/* A VCPU running when recording starts gets a switch_in at the next
 * schedule() of its CPU, even if that keeps it running; only once. */
static void resync_on_enable(void **state)
{
    struct xen_sysctl_tbuf_rec r[8];
    struct xen_sysctl_tbuf_op op = { .cmd = XEN_SYSCTL_TBUFOP_enable };
    uint64_t first, lost;

    assert_int_equal(trace_init(1, 0, 2), 0);
    sw(&idle[0], &v[0]);                     /* before enabling: not recorded */
    assert_int_equal(trace_tbuf_op(&op), 0);
    sw(&v[0], &v[0]);                        /* v0 keeps running */
    sw(&v[0], &v[0]);
    assert_int_equal(read_all(0, r, 8, &first, &lost), 1);
    assert_int_equal(r[0].event, XEN_TBUF_EV_switch_in);
    assert_int_equal(r[0].domid, 1);
    assert_int_equal(r[0].time, 2000);
}

static void each_cpu_its_ring(void **state)
{
    struct xen_sysctl_tbuf_rec r[4];
    uint64_t first, lost;

    assert_int_equal(trace_init(1, XEN_TBUF_EV_ALL, 2), 0);
    host_current_cpu = 1;
    v[2].singleshot_timer.cpu = 1;
    sw(&idle[1], &v[2]);
    host_current_cpu = 0;
    assert_int_equal(read_all(0, r, 4, &first, &lost), 0);
    assert_int_equal(read_all(1, r, 4, &first, &lost), 1);
    assert_int_equal(r[0].cpu, 1);
    assert_int_equal(r[0].domid, 3);
}

/* 600 records in a 256-record ring: the last 256 remain, 344 are lost. */
static void wrap_around(void **state)
{
    struct xen_sysctl_tbuf_rec r[PER_PAGE + 8];
    uint64_t first, lost;

    assert_int_equal(trace_init(1, XEN_TBUF_EV_ALL, 2), 0);
    for (unsigned int i = 0; i < 300; i++) {
        sw(&idle[0], &v[i % 3]);
        sw(&v[i % 3], &idle[0]);
    }
    unsigned int n = read_all(0, r, PER_PAGE + 8, &first, &lost);
    assert_int_equal(n, PER_PAGE);
    assert_int_equal(first, 600 - PER_PAGE);
    assert_int_equal(lost, 600 - PER_PAGE);
    for (unsigned int i = 1; i < n; i++)
        assert_true(r[i].time > r[i - 1].time);
    assert_int_equal(r[n - 1].time, 1000 + 599 * 1000);
    /* Resuming where a read stopped loses nothing. */
    first = 600 - 10;
    assert_int_equal(trace_read(0, &first, &lost, r, 100), 10);
    assert_int_equal(lost, 0);
    first = 600;
    assert_int_equal(trace_read(0, &first, &lost, r, 100), 0);
}

static long op_read(unsigned int cpu, uint64_t first, uint32_t count, uint64_t buf,
                    struct xen_sysctl_tbuf_op *op)
{
    memset(op, 0, sizeof(*op));
    op->cmd = XEN_SYSCTL_TBUFOP_read;
    op->cpu = cpu;
    op->first = first;
    op->count = count;
    op->buffer = buf;
    return trace_tbuf_op(op);
}

static void sysctl_read_bounds(void **state)
{
    static struct xen_sysctl_tbuf_rec r[64];
    struct xen_sysctl_tbuf_op op;

    assert_int_equal(trace_init(2, XEN_TBUF_EV_ALL, 2), 0);
    for (unsigned int i = 0; i < 20; i++)
        sw(i % 2 ? &v[0] : &idle[0], i % 2 ? &idle[0] : &v[0]);
    memset(r, 0x5a, sizeof(r));
    assert_int_equal(op_read(0, 0, 7, (uint64_t)(uintptr_t)r, &op), 0);
    assert_int_equal(op.count, 7);
    assert_int_equal(op.first, 0);
    assert_int_equal(op.next, 7);
    assert_int_equal(r[7].time, 0x5a5a5a5a5a5a5a5aULL);     /* nothing past count */
    assert_int_equal(op_read(0, op.next, 64, (uint64_t)(uintptr_t)r, &op), 0);
    assert_int_equal(op.count, 13);
    assert_int_equal(op.next, 20);
    assert_int_equal(op.lost, 0);
    assert_int_equal(op_read(0, 20, 64, (uint64_t)(uintptr_t)r, &op), 0);
    assert_int_equal(op.count, 0);
    assert_int_equal(op_read(0, 0, 0, (uint64_t)(uintptr_t)r, &op), 0);
    assert_int_equal(op.count, 0);
    assert_int_equal(op_read(2, 0, 8, (uint64_t)(uintptr_t)r, &op), -EINVAL);
    assert_int_equal(op_read(~0u, 0, 8, (uint64_t)(uintptr_t)r, &op), -EINVAL);
    assert_int_equal(op_read(0, 0, 8, BAD_GVA, &op), -EFAULT);

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_TBUFOP_get_info;
    assert_int_equal(trace_tbuf_op(&op), 0);
    assert_int_equal(op.size, 2 * PER_PAGE);
    assert_int_equal(op.nr_cpus, 2);
    assert_int_equal(op.evt_mask, XEN_TBUF_EV_ALL);
    op.cmd = 1000;
    assert_int_equal(trace_tbuf_op(&op), -EINVAL);
}

static void sysctl_enable_disable_mask(void **state)
{
    struct xen_sysctl_tbuf_rec r[8];
    struct xen_sysctl_tbuf_op op = { .cmd = XEN_SYSCTL_TBUFOP_set_evt_mask };
    uint64_t first, lost;

    assert_int_equal(trace_init(1, 0, 2), 0);
    op.evt_mask = 1u << XEN_TBUF_EV_wake;
    assert_int_equal(trace_tbuf_op(&op), 0);
    sw(&idle[0], &v[0]);                     /* still disabled */
    op.cmd = XEN_SYSCTL_TBUFOP_enable;
    assert_int_equal(trace_tbuf_op(&op), 0);
    sw(&v[0], &v[1]);                        /* switches not in the mask */
    trace_wake(&v[2]);
    op.cmd = XEN_SYSCTL_TBUFOP_disable;
    assert_int_equal(trace_tbuf_op(&op), 0);
    trace_wake(&v[2]);
    assert_int_equal(read_all(0, r, 8, &first, &lost), 1);
    assert_int_equal(r[0].event, XEN_TBUF_EV_wake);
    op.cmd = XEN_SYSCTL_TBUFOP_set_evt_mask;
    op.evt_mask = 1u << (XEN_TBUF_EV_MAX + 1);
    assert_int_equal(trace_tbuf_op(&op), -EINVAL);
}

static void no_buffer(void **state)
{
    struct xen_sysctl_tbuf_rec r[4];
    struct xen_sysctl_tbuf_op op = { .cmd = XEN_SYSCTL_TBUFOP_enable };

    assert_int_equal(trace_init(0, XEN_TBUF_EV_ALL, 2), 0);
    assert_int_equal(trace_evt_mask_active, 0);
    assert_int_equal(trace_tbuf_op(&op), -ENODEV);
    assert_int_equal(op_read(0, 0, 4, (uint64_t)(uintptr_t)r, &op), -ENODEV);
    sw(&idle[0], &v[0]);                     /* must not touch a ring */
}

static void text_format(void **state)
{
    struct xen_sysctl_tbuf_rec r = { .time = 123456789, .cpu = 1, .domid = 3, .vcpuid = 0,
                                     .event = XEN_TBUF_EV_switch_out,
                                     .arg = XEN_TBUF_REASON_blocked };
    char buf[96];

    trace_format(buf, sizeof(buf), &r);
    assert_string_equal(buf, "TRACE 123456789 cpu1 d3v0 switch_out blocked");
    r.event = XEN_TBUF_EV_migrate;
    r.arg = 0;
    trace_format(buf, sizeof(buf), &r);
    assert_string_equal(buf, "TRACE 123456789 cpu1 d3v0 migrate from cpu0");
    r.event = XEN_TBUF_EV_switch_in;
    trace_format(buf, sizeof(buf), &r);
    assert_string_equal(buf, "TRACE 123456789 cpu1 d3v0 switch_in");
    trace_format(buf, 10, &r);               /* truncated, terminated */
    assert_string_equal(buf, "TRACE 123");
}

static void console_dump(void **state)
{
    assert_int_equal(trace_init(1, XEN_TBUF_EV_ALL, 2), 0);
    sw(&idle[0], &v[0]);
    host_current_cpu = 1;
    v[1].singleshot_timer.cpu = 1;
    sw(&idle[1], &v[1]);
    host_current_cpu = 0;
    host_log_reset();
    assert_true(trace_dump_begin("credit"));
    assert_false(trace_dump_begin("credit"));        /* one dump at a time */
    while (trace_dump_step(16))
        ;
    assert_true(host_log_contains("TRACE-BEGIN sched=credit cpus=2 size=256"));
    assert_true(host_log_contains("TRACE 1000 cpu0 d1v0 switch_in"));
    assert_true(host_log_contains("TRACE 2000 cpu1 d2v1 switch_in"));
    assert_true(host_log_contains("TRACE-END records=2 lost=0"));
    assert_int_equal(host_log_count(), 4);
    assert_false(trace_dump_step(16));               /* over: prints nothing */
    assert_int_equal(host_log_count(), 4);
}

/* Each step prints at most its share; the dump covers every ring, oldest
 * first, up to where the rings were when it began. */
static void console_dump_in_pieces(void **state)
{
    unsigned int steps = 0, lines;
    bool more;

    assert_int_equal(trace_init(1, TRACE_BIT(switch_in) | TRACE_BIT(switch_out), 2), 0);
    for (int i = 0; i < 20; i++) {
        sw(&idle[0], &v[0]);
        sw(&v[0], &idle[0]);
    }
    host_log_reset();
    assert_true(trace_dump_begin("sedf"));
    sw(&idle[0], &v[0]);                              /* after the start: not dumped */
    do {
        lines = host_log_count();
        more = trace_dump_step(7);
        steps++;
        assert_true(host_log_count() - lines <= 7 + 1);   /* records, and END */
    } while (more && steps < 100);
    assert_int_equal(steps, 6);                       /* 40 records, 7 a step, then END */
    assert_true(host_log_contains("TRACE-END records=40 lost=0"));
    assert_int_equal(host_log_count(), 1 + 40 + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(off_records_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(switch_records_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(reasons_wake_migrate, setup, teardown),
        cmocka_unit_test_setup_teardown(resync_on_enable, setup, teardown),
        cmocka_unit_test_setup_teardown(each_cpu_its_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(wrap_around, setup, teardown),
        cmocka_unit_test_setup_teardown(sysctl_read_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(sysctl_enable_disable_mask, setup, teardown),
        cmocka_unit_test_setup_teardown(no_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(text_format, setup, teardown),
        cmocka_unit_test_setup_teardown(console_dump, setup, teardown),
        cmocka_unit_test_setup_teardown(console_dump_in_pieces, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
