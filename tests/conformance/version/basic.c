/* xen_version from an unprivileged domain: every sub-op and its result. */
#include <string.h>
#include <public/version.h>
#include "../lib/test.h"

/* XENVER_version is (major << 16) | minor. */
static void test_version(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), (4 << 16) | 20);
}

/* extraversion and capabilities are NUL-terminated strings. */
static void test_strings(void)
{
    xen_extraversion_t extra;
    xen_capabilities_info_t caps;

    memset(extra, 'x', sizeof(extra));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
    EXPECT_TRUE(memchr(extra, 0, sizeof(extra)) && !strcmp(extra, ".0-rvxen"));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_capabilities, caps), 0);
    EXPECT_TRUE(!strcmp(caps, "xen-3.0-riscv64"));
}

/* pagesize and get_features; a domU does not see XENFEAT_dom0. */
static void test_features(void)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = ~0u };

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    EXPECT_EQ(fi.submap & (1u << XENFEAT_dom0), 0);
}

/* Build details and the command line are for the control domain only. */
static void test_privileged_refused(void)
{
    struct xen_compile_info ci;
    static char cmdline[1024];

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_compile_info, &ci), -XEN_EPERM);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_commandline, cmdline), -XEN_EPERM);
}

/* An unknown sub-op is -ENOSYS; a bad buffer is -EFAULT. */
static void test_errors(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(99, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, (void *)8), -XEN_EFAULT);
}

TESTS({ "version", test_version }, { "strings", test_strings }, { "features", test_features },
      { "privileged_refused", test_privileged_refused }, { "errors", test_errors });

int main(void)
{
    RUN("version/basic");
}
