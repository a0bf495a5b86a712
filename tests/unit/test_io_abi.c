/*
 * Our public/io/ring.h, blkif.h and netif.h against Xen's own, as Debian's
 * libxen-dev ships them (/usr/include/xen/io/): the same shared-ring
 * header, slot counts, request and response layouts (every field's offset
 * and every structure's size) and the same constants.  x86-64 and riscv64
 * lay these structures out alike (fixed-width fields, 8-byte uint64_t
 * alignment), so the host's view of Xen's headers is the guests' view.
 * Everything is a static assertion: a difference stops the build.  The
 * one run-time case only reports that the checks were compiled in.
 *
 * Both sets of headers use the same names.  Xen's come first with every
 * structure and type name moved aside (deb_...), its grant_table.h kept
 * out (it would bring Xen's whole xen.h; blkif and netif need only
 * grant_ref_t), its constants captured in an enum, and its macros
 * undefined before ours come in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* ---- Xen's headers, renamed ------------------------------------------- */

#define __XEN_PUBLIC_GRANT_TABLE_H__
typedef uint32_t deb_grant_ref_t;
#define grant_ref_t deb_grant_ref_t

#define RING_IDX                    DEB_RING_IDX
#define blkif_request_segment       deb_blkif_request_segment
#define blkif_request               deb_blkif_request
#define blkif_request_t             deb_blkif_request_t
#define blkif_request_discard       deb_blkif_request_discard
#define blkif_request_discard_t     deb_blkif_request_discard_t
#define blkif_request_indirect      deb_blkif_request_indirect
#define blkif_request_indirect_t    deb_blkif_request_indirect_t
#define blkif_response              deb_blkif_response
#define blkif_response_t            deb_blkif_response_t
#define blkif_sring_entry           deb_blkif_sring_entry
#define blkif_sring                 deb_blkif_sring
#define blkif_sring_t               deb_blkif_sring_t
#define blkif_front_ring            deb_blkif_front_ring
#define blkif_front_ring_t          deb_blkif_front_ring_t
#define blkif_back_ring             deb_blkif_back_ring
#define blkif_back_ring_t           deb_blkif_back_ring_t
#define netif_tx_request            deb_netif_tx_request
#define netif_tx_request_t          deb_netif_tx_request_t
#define netif_extra_info            deb_netif_extra_info
#define netif_extra_info_t          deb_netif_extra_info_t
#define netif_tx_response           deb_netif_tx_response
#define netif_tx_response_t         deb_netif_tx_response_t
#define netif_rx_request            deb_netif_rx_request
#define netif_rx_request_t          deb_netif_rx_request_t
#define netif_rx_response           deb_netif_rx_response
#define netif_rx_response_t         deb_netif_rx_response_t
#define netif_tx_sring_entry        deb_netif_tx_sring_entry
#define netif_tx_sring              deb_netif_tx_sring
#define netif_tx_sring_t            deb_netif_tx_sring_t
#define netif_tx_front_ring         deb_netif_tx_front_ring
#define netif_tx_front_ring_t       deb_netif_tx_front_ring_t
#define netif_tx_back_ring          deb_netif_tx_back_ring
#define netif_tx_back_ring_t        deb_netif_tx_back_ring_t
#define netif_rx_sring_entry        deb_netif_rx_sring_entry
#define netif_rx_sring              deb_netif_rx_sring
#define netif_rx_sring_t            deb_netif_rx_sring_t
#define netif_rx_front_ring         deb_netif_rx_front_ring
#define netif_rx_front_ring_t       deb_netif_rx_front_ring_t
#define netif_rx_back_ring          deb_netif_rx_back_ring
#define netif_rx_back_ring_t        deb_netif_rx_back_ring_t

#include <xen/io/blkif.h>
#include <xen/io/netif.h>

/* The constants both define, compared by value below. */
#define IO_CONSTANTS(X)                                                        \
    X(BLKIF_OP_READ) X(BLKIF_OP_WRITE) X(BLKIF_OP_WRITE_BARRIER)               \
    X(BLKIF_OP_FLUSH_DISKCACHE) X(BLKIF_OP_RESERVED_1) X(BLKIF_OP_DISCARD)     \
    X(BLKIF_OP_INDIRECT) X(BLKIF_MAX_SEGMENTS_PER_REQUEST)                     \
    X(BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST) X(BLKIF_DISCARD_SECURE)            \
    X(BLKIF_RSP_EOPNOTSUPP) X(BLKIF_RSP_ERROR) X(BLKIF_RSP_OKAY)               \
    X(VDISK_CDROM) X(VDISK_REMOVABLE) X(VDISK_READONLY)                        \
    X(XEN_NETIF_NR_SLOTS_MIN) X(XEN_NETIF_MAX_TX_SIZE)                         \
    X(_NETTXF_csum_blank) X(NETTXF_csum_blank) X(_NETTXF_data_validated)       \
    X(NETTXF_data_validated) X(_NETTXF_more_data) X(NETTXF_more_data)          \
    X(_NETTXF_extra_info) X(NETTXF_extra_info)                                 \
    X(XEN_NETIF_EXTRA_TYPE_NONE) X(XEN_NETIF_EXTRA_TYPE_GSO)                   \
    X(XEN_NETIF_EXTRA_TYPE_MCAST_ADD) X(XEN_NETIF_EXTRA_TYPE_MCAST_DEL)        \
    X(XEN_NETIF_EXTRA_TYPE_HASH) X(XEN_NETIF_EXTRA_TYPE_MAX)                   \
    X(_XEN_NETIF_EXTRA_FLAG_MORE) X(XEN_NETIF_EXTRA_FLAG_MORE)                 \
    X(XEN_NETIF_GSO_TYPE_NONE) X(XEN_NETIF_GSO_TYPE_TCPV4)                     \
    X(XEN_NETIF_GSO_TYPE_TCPV6)                                                \
    X(_NETRXF_data_validated) X(NETRXF_data_validated) X(_NETRXF_csum_blank)   \
    X(NETRXF_csum_blank) X(_NETRXF_more_data) X(NETRXF_more_data)              \
    X(_NETRXF_extra_info) X(NETRXF_extra_info) X(_NETRXF_gso_prefix)           \
    X(NETRXF_gso_prefix)                                                       \
    X(NETIF_RSP_DROPPED) X(NETIF_RSP_ERROR) X(NETIF_RSP_OKAY) X(NETIF_RSP_NULL)

#define DEB_CAPTURE(name) DEB_##name = (name),
enum { IO_CONSTANTS(DEB_CAPTURE) };

/* Slots in one 4 KiB page, by Xen's own arithmetic. */
enum {
    DEB_BLKIF_SLOTS = __CONST_RING_SIZE(blkif, 4096),
    DEB_NETIF_TX_SLOTS = __CONST_RING_SIZE(netif_tx, 4096),
    DEB_NETIF_RX_SLOTS = __CONST_RING_SIZE(netif_rx, 4096),
};

#undef grant_ref_t
#undef RING_IDX
#undef blkif_request_segment
#undef blkif_request
#undef blkif_request_t
#undef blkif_request_discard
#undef blkif_request_discard_t
#undef blkif_request_indirect
#undef blkif_request_indirect_t
#undef blkif_response
#undef blkif_response_t
#undef blkif_sring_entry
#undef blkif_sring
#undef blkif_sring_t
#undef blkif_front_ring
#undef blkif_front_ring_t
#undef blkif_back_ring
#undef blkif_back_ring_t
#undef netif_tx_request
#undef netif_tx_request_t
#undef netif_extra_info
#undef netif_extra_info_t
#undef netif_tx_response
#undef netif_tx_response_t
#undef netif_rx_request
#undef netif_rx_request_t
#undef netif_rx_response
#undef netif_rx_response_t
#undef netif_tx_sring_entry
#undef netif_tx_sring
#undef netif_tx_sring_t
#undef netif_tx_front_ring
#undef netif_tx_front_ring_t
#undef netif_tx_back_ring
#undef netif_tx_back_ring_t
#undef netif_rx_sring_entry
#undef netif_rx_sring
#undef netif_rx_sring_t
#undef netif_rx_front_ring
#undef netif_rx_front_ring_t
#undef netif_rx_back_ring
#undef netif_rx_back_ring_t
/* Xen's macros whose names ours reuse. */
#undef DEFINE_RING_TYPES
#undef XEN_PAGE_SHIFT
#undef __XEN_LATEST_INTERFACE_VERSION__
#undef __XEN_INTERFACE_VERSION__
#undef blkif_vdev_t
#undef blkif_sector_t
#undef BLKIF_OP_READ
#undef BLKIF_OP_WRITE
#undef BLKIF_OP_WRITE_BARRIER
#undef BLKIF_OP_FLUSH_DISKCACHE
#undef BLKIF_OP_RESERVED_1
#undef BLKIF_OP_DISCARD
#undef BLKIF_OP_INDIRECT
#undef BLKIF_MAX_SEGMENTS_PER_REQUEST
#undef BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST
#undef BLKIF_DISCARD_SECURE
#undef BLKIF_RSP_EOPNOTSUPP
#undef BLKIF_RSP_ERROR
#undef BLKIF_RSP_OKAY
#undef VDISK_CDROM
#undef VDISK_REMOVABLE
#undef VDISK_READONLY
#undef XEN_NETIF_NR_SLOTS_MIN
#undef XEN_NETIF_MAX_TX_SIZE
#undef _NETTXF_csum_blank
#undef NETTXF_csum_blank
#undef _NETTXF_data_validated
#undef NETTXF_data_validated
#undef _NETTXF_more_data
#undef NETTXF_more_data
#undef _NETTXF_extra_info
#undef NETTXF_extra_info
#undef XEN_NETIF_EXTRA_TYPE_NONE
#undef XEN_NETIF_EXTRA_TYPE_GSO
#undef XEN_NETIF_EXTRA_TYPE_MCAST_ADD
#undef XEN_NETIF_EXTRA_TYPE_MCAST_DEL
#undef XEN_NETIF_EXTRA_TYPE_HASH
#undef XEN_NETIF_EXTRA_TYPE_MAX
#undef _XEN_NETIF_EXTRA_FLAG_MORE
#undef XEN_NETIF_EXTRA_FLAG_MORE
#undef XEN_NETIF_GSO_TYPE_NONE
#undef XEN_NETIF_GSO_TYPE_TCPV4
#undef XEN_NETIF_GSO_TYPE_TCPV6
#undef _NETRXF_data_validated
#undef NETRXF_data_validated
#undef _NETRXF_csum_blank
#undef NETRXF_csum_blank
#undef _NETRXF_more_data
#undef NETRXF_more_data
#undef _NETRXF_extra_info
#undef NETRXF_extra_info
#undef _NETRXF_gso_prefix
#undef NETRXF_gso_prefix
#undef NETIF_RSP_DROPPED
#undef NETIF_RSP_ERROR
#undef NETIF_RSP_OKAY
#undef NETIF_RSP_NULL

/* ---- ours ------------------------------------------------------------ */

#include <public/io/blkif.h>
#include <public/io/netif.h>

#define SAME_CONSTANT(name)                                                    \
    _Static_assert(DEB_##name == (name), #name " differs from Xen's");
IO_CONSTANTS(SAME_CONSTANT)

/* kind: struct or union; tag: its name, ours, and Xen's with deb_ in front. */
#define SAME_SIZE(kind, tag)                                                   \
    _Static_assert(sizeof(kind tag) == sizeof(kind deb_##tag), "sizeof " #tag)
#define SAME_FIELD(kind, tag, field)                                           \
    _Static_assert(offsetof(kind tag, field) == offsetof(kind deb_##tag, field), \
                   "offsetof " #tag "." #field);                               \
    _Static_assert(sizeof(((kind tag *)0)->field) ==                           \
                   sizeof(((kind deb_##tag *)0)->field), "sizeof " #tag "." #field)

_Static_assert(sizeof(RING_IDX) == sizeof(DEB_RING_IDX), "RING_IDX");
_Static_assert((RING_IDX)-1 > 0, "RING_IDX is unsigned");
_Static_assert(sizeof(grant_ref_t) == sizeof(deb_grant_ref_t), "grant_ref_t");

/* The shared-ring header, for each ring type. */
#define SAME_SRING(name)                                                       \
    SAME_SIZE(struct, name##_sring);                                            \
    SAME_SIZE(union, name##_sring_entry);                                       \
    SAME_FIELD(struct, name##_sring, req_prod);                                 \
    SAME_FIELD(struct, name##_sring, req_event);                                \
    SAME_FIELD(struct, name##_sring, rsp_prod);                                 \
    SAME_FIELD(struct, name##_sring, rsp_event);                                \
    SAME_FIELD(struct, name##_sring, pvt);                                      \
    SAME_FIELD(struct, name##_sring, __pad);                                    \
    SAME_FIELD(struct, name##_sring, ring);                                     \
    SAME_FIELD(struct, name##_front_ring, req_prod_pvt);                        \
    SAME_FIELD(struct, name##_front_ring, rsp_cons);                            \
    SAME_FIELD(struct, name##_front_ring, nr_ents);                             \
    SAME_FIELD(struct, name##_front_ring, sring);                               \
    SAME_FIELD(struct, name##_back_ring, rsp_prod_pvt);                         \
    SAME_FIELD(struct, name##_back_ring, req_cons);                             \
    SAME_FIELD(struct, name##_back_ring, nr_ents);                              \
    SAME_FIELD(struct, name##_back_ring, sring);                                \
    _Static_assert(offsetof(struct name##_sring, ring) == XEN_RING_HEADER_SIZE, \
                   #name ": slots at 64")

SAME_SRING(blkif);
SAME_SRING(netif_tx);
SAME_SRING(netif_rx);

_Static_assert(XEN_RING_CONST_SIZE(blkif, 4096) == DEB_BLKIF_SLOTS, "blkif slots");
_Static_assert(XEN_RING_CONST_SIZE(netif_tx, 4096) == DEB_NETIF_TX_SLOTS, "netif tx slots");
_Static_assert(XEN_RING_CONST_SIZE(netif_rx, 4096) == DEB_NETIF_RX_SLOTS, "netif rx slots");
_Static_assert(DEB_BLKIF_SLOTS == 32 && DEB_NETIF_TX_SLOTS == 256 && DEB_NETIF_RX_SLOTS == 256,
               "the slot counts reference/xen-abi.md gives");

/* blkif */
SAME_SIZE(struct, blkif_request_segment);
SAME_FIELD(struct, blkif_request_segment, gref);
SAME_FIELD(struct, blkif_request_segment, first_sect);
SAME_FIELD(struct, blkif_request_segment, last_sect);
SAME_SIZE(struct, blkif_request);
SAME_FIELD(struct, blkif_request, operation);
SAME_FIELD(struct, blkif_request, nr_segments);
SAME_FIELD(struct, blkif_request, handle);
SAME_FIELD(struct, blkif_request, id);
SAME_FIELD(struct, blkif_request, sector_number);
SAME_FIELD(struct, blkif_request, seg);
SAME_SIZE(struct, blkif_request_discard);
SAME_FIELD(struct, blkif_request_discard, operation);
SAME_FIELD(struct, blkif_request_discard, flag);
SAME_FIELD(struct, blkif_request_discard, handle);
SAME_FIELD(struct, blkif_request_discard, id);
SAME_FIELD(struct, blkif_request_discard, sector_number);
SAME_FIELD(struct, blkif_request_discard, nr_sectors);
SAME_SIZE(struct, blkif_request_indirect);
SAME_FIELD(struct, blkif_request_indirect, operation);
SAME_FIELD(struct, blkif_request_indirect, indirect_op);
SAME_FIELD(struct, blkif_request_indirect, nr_segments);
SAME_FIELD(struct, blkif_request_indirect, id);
SAME_FIELD(struct, blkif_request_indirect, sector_number);
SAME_FIELD(struct, blkif_request_indirect, handle);
SAME_FIELD(struct, blkif_request_indirect, indirect_grefs);
SAME_SIZE(struct, blkif_response);
SAME_FIELD(struct, blkif_response, id);
SAME_FIELD(struct, blkif_response, operation);
SAME_FIELD(struct, blkif_response, status);
_Static_assert(sizeof(blkif_vdev_t) == sizeof(uint16_t) &&
               sizeof(blkif_sector_t) == sizeof(uint64_t), "blkif scalar types");
_Static_assert(sizeof(struct blkif_request) == 112 && sizeof(struct blkif_response) == 16,
               "the blkif sizes reference/xen-abi.md gives");

/* netif */
SAME_SIZE(struct, netif_tx_request);
SAME_FIELD(struct, netif_tx_request, gref);
SAME_FIELD(struct, netif_tx_request, offset);
SAME_FIELD(struct, netif_tx_request, flags);
SAME_FIELD(struct, netif_tx_request, id);
SAME_FIELD(struct, netif_tx_request, size);
SAME_SIZE(struct, netif_extra_info);
SAME_FIELD(struct, netif_extra_info, type);
SAME_FIELD(struct, netif_extra_info, flags);
SAME_FIELD(struct, netif_extra_info, u);
SAME_FIELD(struct, netif_extra_info, u.gso.size);
SAME_FIELD(struct, netif_extra_info, u.gso.type);
SAME_FIELD(struct, netif_extra_info, u.gso.features);
SAME_FIELD(struct, netif_extra_info, u.mcast.addr);
SAME_FIELD(struct, netif_extra_info, u.hash.type);
SAME_FIELD(struct, netif_extra_info, u.hash.algorithm);
SAME_FIELD(struct, netif_extra_info, u.hash.value);
SAME_SIZE(struct, netif_tx_response);
SAME_FIELD(struct, netif_tx_response, id);
SAME_FIELD(struct, netif_tx_response, status);
SAME_SIZE(struct, netif_rx_request);
SAME_FIELD(struct, netif_rx_request, id);
SAME_FIELD(struct, netif_rx_request, gref);
SAME_SIZE(struct, netif_rx_response);
SAME_FIELD(struct, netif_rx_response, id);
SAME_FIELD(struct, netif_rx_response, offset);
SAME_FIELD(struct, netif_rx_response, flags);
SAME_FIELD(struct, netif_rx_response, status);
_Static_assert(sizeof(struct netif_tx_request) == 12 && sizeof(struct netif_tx_response) == 4 &&
               sizeof(struct netif_rx_request) == 8 && sizeof(struct netif_rx_response) == 8 &&
               sizeof(struct netif_extra_info) == 8,
               "the netif sizes reference/xen-abi.md gives");

/* The run-time slot count agrees with the constant one. */
static void slot_counts(void **state)
{
    assert_int_equal(blkif_ring_slots(4096), DEB_BLKIF_SLOTS);
    assert_int_equal(netif_tx_ring_slots(4096), DEB_NETIF_TX_SLOTS);
    assert_int_equal(netif_rx_ring_slots(4096), DEB_NETIF_RX_SLOTS);
    /* A four-page blkif ring: 16320 / 112 = 145 slots, rounded down to 128. */
    assert_int_equal(blkif_ring_slots(4 * 4096), XEN_RING_CONST_SIZE(blkif, 4 * 4096));
    assert_int_equal(blkif_ring_slots(4 * 4096), 128);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slot_counts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
