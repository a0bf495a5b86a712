/* Hypercalls the pvh tests share (pvh.h). */
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "pvh.h"

long add_to_physmap(domid_t dom, unsigned int space, unsigned long idx, unsigned long gpfn)
{
    struct xen_add_to_physmap a = { .domid = dom, .space = space, .idx = idx, .gpfn = gpfn };

    return hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (unsigned long)&a, 0, 0, 0);
}

long current_reservation(void)
{
    domid_t self = DOMID_SELF;

    return hypercall(__HYPERVISOR_memory_op, XENMEM_current_reservation, (unsigned long)&self,
                     0, 0, 0);
}

long hvm_get(domid_t dom, unsigned int index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = dom, .index = index };
    long rc = hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)&p, 0, 0, 0);

    *value = p.value;
    return rc;
}

long hvm_set(domid_t dom, unsigned int index, uint64_t value)
{
    struct xen_hvm_param p = { .domid = dom, .index = index, .value = value };

    return hypercall(__HYPERVISOR_hvm_op, HVMOP_set_param, (unsigned long)&p, 0, 0, 0);
}

long register_vcpu_info(unsigned int vcpu, unsigned long gfn, unsigned int offset)
{
    struct vcpu_register_vcpu_info r = { .mfn = gfn, .offset = offset };

    return hypercall(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, vcpu, (unsigned long)&r,
                     0, 0);
}

long map_grant_frame(unsigned int idx, unsigned long gfn)
{
    return add_to_physmap(DOMID_SELF, XENMAPSPACE_grant_table, idx, gfn);
}

int16_t grant_copy(const struct gnttab_copy_ptr *src, const struct gnttab_copy_ptr *dst,
                   uint16_t len, uint16_t flags)
{
    struct gnttab_copy op = { .source = *src, .dest = *dst, .len = len, .flags = flags,
                              .status = 0x7f };
    long rc = hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_copy, (unsigned long)&op, 1, 0,
                        0);

    return rc ? (int16_t)rc : op.status;
}

int16_t grant_map(domid_t dom, grant_ref_t ref, unsigned long gpa, uint32_t flags,
                  grant_handle_t *handle, uint64_t *bus)
{
    struct gnttab_map_grant_ref op = { .host_addr = gpa, .flags = flags, .ref = ref,
                                       .dom = dom, .status = 0x7f };
    long rc = hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, (unsigned long)&op,
                        1, 0, 0);

    if (rc)
        return (int16_t)rc;
    if (handle)
        *handle = op.handle;
    if (bus)
        *bus = op.dev_bus_addr;
    return op.status;
}

int16_t grant_unmap(unsigned long gpa, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = gpa, .handle = handle, .status = 0x7f };
    long rc = hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref,
                        (unsigned long)&op, 1, 0, 0);

    return rc ? (int16_t)rc : op.status;
}

int16_t grant_map_retry(domid_t dom, grant_ref_t ref, unsigned long gpa, uint32_t flags,
                        grant_handle_t *handle)
{
    int16_t st = GNTST_general_error;

    for (unsigned int i = 0; i < 20000 && st; i++) {
        st = grant_map(dom, ref, gpa, flags, handle, NULL);
        if (st)
            hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0);
    }
    return st;
}

unsigned long read_fault(unsigned long addr)
{
    struct pvh_caught c;

    catch_begin(&c);
    probe_read(addr);
    catch_end();
    return c.count ? c.scause : ~0UL;
}

unsigned long write_fault(unsigned long addr, unsigned long v)
{
    struct pvh_caught c;

    catch_begin(&c);
    probe_write(addr, v);
    catch_end();
    return c.count ? c.scause : ~0UL;
}

struct shared_info *quiet_events(void)
{
    struct shared_info *si = (struct shared_info *)0x40000000UL;

    if (add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x40000))
        return NULL;
    for (unsigned int i = 0; i < ARRAY_SIZE(si->evtchn_mask); i++)
        __atomic_store_n(&si->evtchn_mask[i], ~0UL, __ATOMIC_SEQ_CST);
    return si;
}
