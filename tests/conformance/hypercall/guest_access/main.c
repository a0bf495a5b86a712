/*
 * Guest pointers are guest virtual addresses, reached through the guest's
 * own page tables with the guest's own permissions: the hypervisor reads
 * what the guest may read, and never writes where the guest may not -
 * not its read-only data, not its code, and above all not its page
 * tables.  Such a write is -EFAULT and the memory is unchanged.
 */
#include <string.h>
#include <public/version.h>
#include "../../lib/test.h"

static const char rodata_msg[] = "hypercall/guest_access: written from .rodata\n";
static const struct xen_feature_info rodata_fi = { .submap_idx = 0, .submap = 0x5a5a5a5a };

/* Input buffers in read-only memory are fine. */
static void read_only_input(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(rodata_msg) - 1,
                                    (char *)rodata_msg), 0);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 4, (char *)(uintptr_t)main), 0);
}

static void write_to_rodata(void)
{
    static const char rodata_extra[XEN_EXTRAVERSION_LEN] = "untouched";

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, (void *)rodata_extra), -XEN_EFAULT);
    EXPECT_STREQ(rodata_extra, "untouched");
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_get_features, (void *)&rodata_fi), -XEN_EFAULT);
    EXPECT_EQ_HEX(rodata_fi.submap, 0x5a5a5a5a);
}

static void write_to_text(void)
{
    uint32_t before[4];
    void *text = (void *)(uintptr_t)main;

    memcpy(before, text, sizeof(before));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, text), -XEN_EFAULT);
    EXPECT_TRUE(memcmp(before, text, sizeof(before)) == 0);
}

/* The bootstrap Sv39 root: mapped, but read-only to the guest. */
static void write_to_page_table(void)
{
    static uint8_t before[XEN_EXTRAVERSION_LEN];
    void *root = (void *)start_info->pt_base;

    memcpy(before, root, sizeof(before));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, root), -XEN_EFAULT);
    EXPECT_TRUE(memcmp(before, root, sizeof(before)) == 0);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_capabilities, root), -XEN_EFAULT);
    EXPECT_TRUE(memcmp(before, root, sizeof(before)) == 0);
}

/* The rest of the start_info page is ordinary read-write memory. */
static void write_to_start_info_page(void)
{
    static xen_extraversion_t saved;
    char *scratch = (char *)start_info + sizeof(*start_info);

    memcpy(saved, scratch, sizeof(saved));
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_extraversion, scratch), 0);
    EXPECT_STREQ(scratch, ".0-rvxen");
    memcpy(scratch, saved, sizeof(saved));
}

static const struct test tests[] = {
    /* The hypervisor reads input from .rodata and .text. */
    TEST(read_only_input),
    /* Output into .rodata is -EFAULT; the data is unchanged. */
    TEST(write_to_rodata),
    /* Output into .text is -EFAULT; the code is unchanged. */
    TEST(write_to_text),
    /* Output into the (read-only) page-table root is -EFAULT; it is unchanged. */
    TEST(write_to_page_table),
    /* Output into a writable page outside the image (start_info's) works. */
    TEST(write_to_start_info_page),
};

int main(void)
{
    return run_tests("hypercall/guest_access", tests, ARRAY_SIZE(tests));
}
