/*
 * xen_version as the control domain (this test kernel is dom0): the build
 * details, changeset and command line are readable, every fixed-size
 * string is NUL-terminated and zero-padded (XSA-122), the varbuf forms
 * agree with the fixed ones, and get_features sets XENFEAT_dom0.
 */
#include <string.h>
#include <public/version.h>
#include "../../lib/test.h"

/* s[0..size) holds a NUL-terminated string followed only by zeroes. */
static void expect_padded(const char *what, const char *s, size_t size, bool non_empty)
{
    size_t len = strnlen(s, size);

    if (len == size) {
        xtf_failure("%s is not NUL-terminated", what);
        return;
    }
    if (non_empty && len == 0)
        xtf_failure("%s is empty", what);
    if (!EXPECT_BYTES(s + len, size - len, 0))
        printk("  (%s)\n", what);
}

static void start_info_flags(void)
{
    EXPECT_EQ_HEX(start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN),
                  SIF_PRIVILEGED | SIF_INITDOMAIN);
}

static void features(void)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = 0 };

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    EXPECT_EQ_HEX(fi.submap & (1u << XENFEAT_dom0), 1u << XENFEAT_dom0);
}

static void compile_info(void)
{
    static xen_compile_info_t ci;

    memset(&ci, 0xaa, sizeof(ci));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_compile_info, &ci), 0);
    expect_padded("compiler", ci.compiler, sizeof(ci.compiler), true);
    expect_padded("compile_by", ci.compile_by, sizeof(ci.compile_by), true);
    expect_padded("compile_domain", ci.compile_domain, sizeof(ci.compile_domain), false);
    expect_padded("compile_date", ci.compile_date, sizeof(ci.compile_date), true);
}

static void changeset(void)
{
    static xen_changeset_info_t cs;
    static struct {
        struct xen_varbuf vb;
        char room[sizeof(xen_changeset_info_t)];
    } v;

    memset(cs, 0xaa, sizeof(cs));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_changeset, cs), 0);
    expect_padded("changeset", cs, sizeof(cs), true);
    v.vb.len = sizeof(v.room);
    if (EXPECT_EQ(HYPERVISOR_xen_version(XENVER_changeset2, &v), (long)strlen(cs)))
        EXPECT_TRUE(memcmp(v.room, cs, strlen(cs)) == 0);
}

static void commandline(void)
{
    static xen_commandline_t cmdline;
    static struct {
        struct xen_varbuf vb;
        char room[sizeof(xen_commandline_t)];
    } v;

    memset(cmdline, 0xaa, sizeof(cmdline));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_commandline, cmdline), 0);
    expect_padded("commandline", cmdline, sizeof(cmdline), false);
    v.vb.len = sizeof(v.room);
    if (EXPECT_EQ(HYPERVISOR_xen_version(XENVER_commandline2, &v), (long)strlen(cmdline)))
        EXPECT_TRUE(memcmp(v.room, cmdline, strlen(cmdline)) == 0);
    printk("hypervisor command line: \"%s\"\n", cmdline);
}

/* Privilege does not change the answers everyone gets. */
static void common_subops(void)
{
    static xen_extraversion_t extra;

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), (4 << 16) | 20);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
    EXPECT_STREQ(extra, ".0-rvxen");
    EXPECT_EQ(HYPERVISOR_xen_version(99, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_compile_info, (void *)UNMAPPED_VA), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* dom0's start_info has SIF_PRIVILEGED and SIF_INITDOMAIN. */
    TEST(start_info_flags),
    /* get_features sets XENFEAT_dom0 for the control domain. */
    TEST(features),
    /* compile_info succeeds; each field NUL-terminated and zero-padded. */
    TEST(compile_info),
    /* changeset is non-empty and zero-padded; changeset2 agrees. */
    TEST(changeset),
    /* commandline is zero-padded; commandline2 agrees. */
    TEST(commandline),
    /* version, extraversion, unknown sub-op and -EFAULT are as for a domU. */
    TEST(common_subops),
};

int main(void)
{
    return run_tests("version/privileged", tests, ARRAY_SIZE(tests));
}
