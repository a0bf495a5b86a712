/*
 * xen_version (17): (int cmd, void *arg) -- what hypervisor this is.
 * Any domain may ask.  XENVER_version, XENVER_pagesize and XENVER_build_id
 * return their answer (or the length written); the rest fill in *arg and
 * return 0.  Unknown cmd: -XEN_ENOSYS.
 */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include "xen.h"

/* arg NULL; returns (major << 16) | minor. */
#define XENVER_version      0

/* arg xen_extraversion_t: the version suffix, e.g. ".0-rvxen". */
#define XENVER_extraversion 1
#define XEN_EXTRAVERSION_LEN 16
typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];

/* arg struct xen_compile_info: who built the hypervisor, how and when. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * arg xen_capabilities_info_t: space-separated guest types the hypervisor
 * runs, "xen-3.0-riscv64" for rvxen.
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];

/* arg xen_changeset_info_t: the source revision it was built from. */
#define XENVER_changeset    4
#define XEN_CHANGESET_INFO_LEN 64
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];

/* arg struct xen_platform_parameters: lowest VA the hypervisor reserves. */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/*
 * arg struct xen_feature_info: IN submap_idx, OUT submap = the 32
 * XENFEAT_* bits numbered submap_idx*32 .. submap_idx*32+31.
 */
#define XENVER_get_features 6
struct xen_feature_info {
    unsigned int submap_idx;    /* IN */
    uint32_t submap;            /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;
#define XENFEAT_NR_SUBMAPS 1

#define XENFEAT_writable_page_tables       0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap    2
#define XENFEAT_supervisor_mode_kernel     3
#define XENFEAT_pae_pgdir_above_4gb        4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_highmem_assist             6
#define XENFEAT_gnttab_map_avail_bits      7
#define XENFEAT_hvm_callback_vector        8
#define XENFEAT_hvm_safe_pvclock           9
#define XENFEAT_hvm_pirqs                 10
#define XENFEAT_dom0                      11  /* caller is the control domain */
#define XENFEAT_grant_map_identity        12
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_ARM_SMCCC_supported       14
#define XENFEAT_linux_rsdp_unrestricted   15
#define XENFEAT_not_direct_mapped         16
#define XENFEAT_direct_mapped             17
#define XENFEAT_runstate_phys_area        18
#define XENFEAT_vcpu_time_phys_area       19

/* arg NULL; returns the page size in bytes. */
#define XENVER_pagesize     7

/* arg xen_domain_handle_t (16 bytes): the caller's UUID. */
#define XENVER_guest_handle 8

/* arg xen_commandline_t: the hypervisor command line (control domain). */
#define XENVER_commandline  9
typedef char xen_commandline_t[1024];

/*
 * arg struct xen_build_id: IN len = room in buf; OUT the build id bytes.
 * Returns the length written, -XEN_ENOBUFS if it does not fit.
 */
#define XENVER_build_id    10
struct xen_build_id {
    uint32_t len;               /* IN: room in buf */
    unsigned char buf[];        /* OUT */
};
typedef struct xen_build_id xen_build_id_t;

/*
 * Variable-length forms of extraversion, capabilities, changeset and
 * commandline: arg struct xen_varbuf.  Returns the string length; with
 * len too small, -XEN_ENOBUFS.
 */
#define XENVER_extraversion2  11
#define XENVER_capabilities2  12
#define XENVER_changeset2     13
#define XENVER_commandline2   14
struct xen_varbuf {
    uint32_t len;               /* IN: room in buf */
    char buf[];                 /* OUT: not NUL-terminated */
};
typedef struct xen_varbuf xen_varbuf_t;

PUBLIC_CHECK_SIZE(struct xen_compile_info, 144);
PUBLIC_CHECK_SIZE(struct xen_feature_info, 8);

#endif /* PUBLIC_VERSION_H */
