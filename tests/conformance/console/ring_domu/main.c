/*
 * A domU's PV console and store rings as its builder left them: start_info
 * names two frames of the domain's own memory (zeroed, apart from what this
 * domain's own printk put in the console ring) and two ports, unbound or
 * connected to dom0; grant entries 0 (console) and 1 (xenstore) grant those
 * frames to dom0; HVMOP_get_param tells the same values, with Xen's errors
 * (index range, then domain, then permission); and printk goes through the
 * ring, many ring-fuls of it, with dom0's back end keeping up.
 */
#include <public/grant_table.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/console.h>
#include <gnttab.h>
#include "../../lib/test.h"

static uint64_t frame_pfn(uint64_t mfn)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return pfn;
    return ~0ULL;
}

static long get_param(domid_t dom, uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = dom, .index = index };
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

    *value = p.value;
    return rc;
}

/* Own frames, between the P2M and the bootstrap tables, store then console. */
static void start_info_rings(void)
{
    uint64_t store = frame_pfn(start_info->store_mfn);
    uint64_t cons = frame_pfn(start_info->console.domU.mfn);
    uint64_t pt_pfn = (start_info->pt_base - VIRT_BASE) / PAGE_SIZE;

    EXPECT_EQ(store, start_info->first_p2m_pfn + start_info->nr_p2m_frames);
    EXPECT_EQ(cons, store + 1);
    EXPECT_EQ(pt_pfn, cons + 1);
    EXPECT_NE(start_info->store_evtchn, 0);
    EXPECT_NE(start_info->console.domU.evtchn, 0);
    EXPECT_NE(start_info->store_evtchn, start_info->console.domU.evtchn);
    /* The rings and indices are untouched (xenstored may have set its features). */
    if (store < start_info->nr_pages)
        EXPECT_BYTES(pfn_to_virt(store), 2 * 1024 + 16, 0);
}

/* Both ports lead to dom0: still unbound for it, or bound by its back end. */
static void ports_to_dom0(void)
{
    const uint32_t ports[] = { start_info->store_evtchn, start_info->console.domU.evtchn };

    for (unsigned int i = 0; i < 2; i++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = ports[i] };

        if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0))
            continue;
        if (st.status == EVTCHNSTAT_unbound)
            EXPECT_EQ(st.u.unbound.dom, 0);
        else if (EXPECT_EQ(st.status, EVTCHNSTAT_interdomain))
            EXPECT_EQ(st.u.interdomain.dom, 0);
    }
}

/* Grant entries 0 and 1: permit_access for dom0, the ring frames. */
static void reserved_grants(void)
{
    grant_entry_v1_t *e;

    if (!EXPECT_EQ(gnttab_init(1), 0))
        return;
    e = gnttab_entry(GNTTAB_RESERVED_CONSOLE);
    EXPECT_EQ(e->flags & GTF_type_mask, GTF_permit_access);
    EXPECT_EQ(e->flags & GTF_readonly, 0);
    EXPECT_EQ(e->domid, 0);
    EXPECT_EQ(e->frame, start_info->console.domU.mfn);
    e = gnttab_entry(GNTTAB_RESERVED_XENSTORE);
    EXPECT_EQ(e->flags & GTF_type_mask, GTF_permit_access);
    EXPECT_EQ(e->domid, 0);
    EXPECT_EQ(e->frame, start_info->store_mfn);
}

static void hvm_params(void)
{
    uint64_t v;

    EXPECT_EQ(get_param(DOMID_SELF, HVM_PARAM_STORE_PFN, &v), 0);
    EXPECT_EQ(v, start_info->store_mfn);
    EXPECT_EQ(get_param(DOMID_SELF, HVM_PARAM_STORE_EVTCHN, &v), 0);
    EXPECT_EQ(v, start_info->store_evtchn);
    EXPECT_EQ(get_param(DOMID_SELF, HVM_PARAM_CONSOLE_PFN, &v), 0);
    EXPECT_EQ(v, start_info->console.domU.mfn);
    EXPECT_EQ(get_param((domid_t)test_domid(), HVM_PARAM_CONSOLE_EVTCHN, &v), 0);
    EXPECT_EQ(v, start_info->console.domU.evtchn);
}

/* Xen's order: index range, then domain, then permission, then the index kept. */
static void hvm_param_errors(void)
{
    struct xen_hvm_param setp = { .domid = DOMID_SELF, .index = HVM_PARAM_STORE_PFN };
    uint64_t v;

    EXPECT_EQ(get_param(0, HVM_PARAM_STORE_PFN, &v), -XEN_EPERM);
    EXPECT_EQ(get_param(999, HVM_PARAM_STORE_PFN, &v), -XEN_ESRCH);
    EXPECT_EQ(get_param(999, HVM_NR_PARAMS, &v), -XEN_EINVAL);
    EXPECT_EQ(get_param(0, 0xffffffffu, &v), -XEN_EINVAL);
    EXPECT_EQ(get_param(0, HVM_PARAM_CALLBACK_IRQ, &v), -XEN_EPERM);
    EXPECT_EQ(get_param(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_set_param, &setp), -XEN_EPERM);   /* the toolstack's */
    setp.domid = 0;
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_set_param, &setp), -XEN_EPERM);
    EXPECT_EQ(HYPERVISOR_hvm_op(1000, &v), -XEN_ENOSYS);
}

/* The back end's op is dom0's: -EPERM before anything else is looked at. */
static void write_for_denied(void)
{
    EXPECT_EQ(HYPERVISOR_console_io_write_for(1, 5, "hello"), -XEN_EPERM);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(0x7ff0, 100000, NULL), -XEN_EPERM);
}

/* 48 KiB of output, 24 ring-fuls: the writer waits for room, nothing lost. */
static void many_ringfuls(void)
{
    for (unsigned int i = 0; i < 512; i++)
        printk("console/ring_domu: line %u of 512 ..................................\n", i);
    EXPECT_TRUE(true);
}

static const struct test tests[] = {
    /* start_info: store then console frame after the P2M, then the tables; ports set */
    TEST(start_info_rings),
    /* both ports: unbound for dom0 or connected to dom0 */
    TEST(ports_to_dom0),
    /* grant refs 0 and 1 grant the console and store frames to dom0, writable */
    TEST(reserved_grants),
    /* HVMOP_get_param of our own rings equals start_info */
    TEST(hvm_params),
    /* -EPERM for dom0's params, -ESRCH, -EINVAL (range first), -EFAULT, -ENOSYS */
    TEST(hvm_param_errors),
    /* CONSOLEIO_write_for from a domU: -EPERM */
    TEST(write_for_denied),
    /* 512 lines through the ring (24 ring-fuls) */
    TEST(many_ringfuls),
};

int main(void)
{
    return run_tests("console/ring_domu", tests, ARRAY_SIZE(tests));
}
