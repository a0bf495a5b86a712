/*
 * xen_version from an unprivileged domain: every sub-op a domU may use
 * returns exactly what rvxen 4.20 is, the ones for the control domain are
 * refused, and the fixed-size strings leak nothing past their NUL
 * (XSA-122: the rest of the buffer is zeroes, not hypervisor stack).
 */
#include <string.h>
#include <public/version.h>
#include "../../lib/test.h"

#define VERSION_4_20 ((4 << 16) | 20)

static void version_number(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), VERSION_4_20);
}

static void extraversion(void)
{
    static xen_extraversion_t extra;
    size_t len = sizeof(".0-rvxen") - 1;

    memset(extra, 0xaa, sizeof(extra));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
    EXPECT_TRUE(memcmp(extra, ".0-rvxen", len) == 0);
    EXPECT_BYTES(extra + len, sizeof(extra) - len, 0);
}

static void capabilities(void)
{
    static xen_capabilities_info_t caps;
    size_t len = sizeof("xen-3.0-riscv64") - 1;

    memset(caps, 0xaa, sizeof(caps));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_capabilities, caps), 0);
    EXPECT_TRUE(memcmp(caps, "xen-3.0-riscv64", len) == 0);
    EXPECT_BYTES(caps + len, sizeof(caps) - len, 0);
}

/* The varbuf forms return the length and write exactly that many bytes. */
static void varbuf_strings(void)
{
    static struct {
        struct xen_varbuf vb;
        char room[64];
    } v;

    v.vb.len = sizeof(v.room);
    memset(v.room, 0xaa, sizeof(v.room));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion2, &v), 8);
    EXPECT_TRUE(memcmp(v.room, ".0-rvxen", 8) == 0);
    EXPECT_BYTES(v.room + 8, sizeof(v.room) - 8, 0xaa);

    v.vb.len = sizeof(v.room);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_capabilities2, &v), 15);
    EXPECT_TRUE(memcmp(v.room, "xen-3.0-riscv64", 15) == 0);

    v.vb.len = 7;
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion2, &v), -XEN_ENOBUFS);
}

static void pagesize(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
}

/* No VA range of a PV guest is reserved: the hypervisor lives behind the G-stage. */
static void platform_parameters(void)
{
    struct xen_platform_parameters pp = { .virt_start = ~0UL };

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
    EXPECT_EQ_HEX(pp.virt_start, 0);
}

static void features(void)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = ~0u };

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    EXPECT_EQ_HEX(fi.submap & (1u << XENFEAT_dom0), 0);
}

static void privileged_refused(void)
{
    static xen_compile_info_t ci;
    static xen_changeset_info_t cs;
    static xen_commandline_t cmdline;
    static struct {
        struct xen_varbuf vb;
        char room[1024];
    } v;

    memset(&ci, 0xaa, sizeof(ci));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_compile_info, &ci), -XEN_EPERM);
    EXPECT_BYTES(&ci, sizeof(ci), 0xaa);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_changeset, cs), -XEN_EPERM);
    memset(cmdline, 0xaa, sizeof(cmdline));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_commandline, cmdline), -XEN_EPERM);
    EXPECT_BYTES(cmdline, sizeof(cmdline), 0xaa);
    v.vb.len = sizeof(v.room);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_changeset2, &v), -XEN_EPERM);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_commandline2, &v), -XEN_EPERM);
}

static void unknown_subops(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(15, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_xen_version(99, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_xen_version(-1, NULL), -XEN_ENOSYS);
}

static void bad_pointers(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_capabilities, (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_get_features, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_platform_parameters, (void *)8), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion2, (void *)UNMAPPED_VA), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* XENVER_version is (4 << 16) | 20. */
    TEST(version_number),
    /* extraversion is ".0-rvxen", zero-padded to 16 bytes. */
    TEST(extraversion),
    /* capabilities is "xen-3.0-riscv64", zero-padded to 1024 bytes. */
    TEST(capabilities),
    /* extraversion2/capabilities2 return the length; too small a buffer is -ENOBUFS. */
    TEST(varbuf_strings),
    /* pagesize is 4096. */
    TEST(pagesize),
    /* platform_parameters succeeds with virt_start 0. */
    TEST(platform_parameters),
    /* get_features succeeds and a domU does not see XENFEAT_dom0. */
    TEST(features),
    /* compile_info, changeset, commandline (and varbuf forms) are -EPERM, buffers untouched. */
    TEST(privileged_refused),
    /* Unknown sub-ops are -ENOSYS. */
    TEST(unknown_subops),
    /* Unmapped output buffers are -EFAULT. */
    TEST(bad_pointers),
};

int main(void)
{
    return run_tests("version/basic", tests, ARRAY_SIZE(tests));
}
