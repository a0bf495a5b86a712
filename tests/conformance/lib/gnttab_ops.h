/*
 * Raw grant-table ops for the gnttab tests: one element, status pre-filled
 * with garbage (0x7f) so that a status the hypervisor failed to write
 * shows, and the hypercall's own result checked to be 0 (a failure there
 * is reported and turned into GNTST_general_error).
 */
#ifndef CONFORMANCE_GNTTAB_OPS_H
#define CONFORMANCE_GNTTAB_OPS_H

#include <gnttab.h>
#include "test.h"

static inline int16_t gnt_map1(uint32_t flags, domid_t dom, grant_ref_t ref,
                               uint64_t host_addr, struct gnttab_map_grant_ref *out)
{
    struct gnttab_map_grant_ref op = { .host_addr = host_addr, .flags = flags, .ref = ref,
                                       .dom = dom, .status = 0x7f };

    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if (out)
        *out = op;
    if (!EXPECT_EQ(rc, 0))
        return GNTST_general_error;
    return op.status;
}

static inline int16_t gnt_unmap1(grant_handle_t h, uint64_t host_addr, uint64_t bus)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = host_addr, .dev_bus_addr = bus,
                                         .handle = h, .status = 0x7f };

    if (!EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1), 0))
        return GNTST_general_error;
    return op.status;
}

static inline int16_t gnt_copy1(uint16_t flags, struct gnttab_copy_ptr src,
                                struct gnttab_copy_ptr dst, uint16_t len)
{
    struct gnttab_copy op = { .source = src, .dest = dst, .len = len, .flags = flags,
                              .status = 0x7f };

    if (!EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1), 0))
        return GNTST_general_error;
    return op.status;
}

/* The bytes a granter fills a page granted at ref with. */
static inline uint8_t gnttab_pattern(grant_ref_t ref, unsigned int i)
{
    return (uint8_t)(ref * 7 + i);
}

#endif
