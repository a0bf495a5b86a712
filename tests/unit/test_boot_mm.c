/*
 * core/boot_mm.c: which RAM frames the allocator gets at boot.
 *
 * Simulated RAM of 32 MiB at 0x80000000 with a "hypervisor image" at
 * +2 MiB, a reserved region, a device tree and two boot modules.  After
 * boot_mm_init, every free frame must lie outside everything the boot keeps,
 * and every frame outside it must be free.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/boot.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/host.h>

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (32ULL << 20)
#define IMG_START (RAM_BASE + (2ULL << 20))
#define IMG_END (IMG_START + 0x30000)
#define DTB (RAM_BASE + RAM_SIZE - 0x2000)
#define DTB_SIZE 0x1800
#define RSV_START (RAM_BASE + (8ULL << 20) + 0x800)    /* deliberately unaligned */
#define RSV_SIZE 0x3000
#define MOD0 (RAM_BASE + (16ULL << 20))
#define MOD1 (RAM_BASE + (20ULL << 20))
#define MOD_SIZE 0x5123

static struct boot_info bi;

static int setup(void **state)
{
    host_ram_init(RAM_BASE, RAM_SIZE);
    memset(&bi, 0, sizeof(bi));
    bi.mem[0] = (struct mem_region){ RAM_BASE, RAM_SIZE };
    bi.nr_mem = 1;
    bi.reserved[0] = (struct mem_region){ RSV_START, RSV_SIZE };
    bi.nr_reserved = 1;
    bi.module[0] = (struct boot_module){ .kind = BOOTMOD_KERNEL, .start = MOD0, .size = MOD_SIZE };
    bi.module[1] = (struct boot_module){ .kind = BOOTMOD_KERNEL, .start = MOD1, .size = MOD_SIZE };
    bi.nr_modules = 2;
    boot_mm_init(&bi, IMG_START, IMG_END, DTB, DTB_SIZE);
    return 0;
}

static int teardown(void **state)
{
    host_ram_free();
    return 0;
}

static bool overlaps(paddr_t pa, paddr_t start, uint64_t size)
{
    return pa + PAGE_SIZE > start && pa < start + size;
}

/* Is frame pa one the boot must keep?  The frame table follows the image. */
static bool kept(paddr_t pa, paddr_t ft_end)
{
    return pa < ft_end || overlaps(pa, RSV_START, RSV_SIZE) || overlaps(pa, DTB, DTB_SIZE) ||
           overlaps(pa, MOD0, MOD_SIZE) || overlaps(pa, MOD1, MOD_SIZE);
}

static paddr_t frame_table_end(void)
{
    return ROUNDUP(ROUNDUP(IMG_END, PAGE_SIZE) + frame_table_bytes(RAM_SIZE >> PAGE_SHIFT),
                   PAGE_SIZE);
}

/* Exactly the frames outside the kept ranges are handed out. */
static void test_free_frames_are_exactly_the_unkept(void **state)
{
    paddr_t ft_end = frame_table_end();
    uint64_t expect = 0, got = 0;
    mfn_t m;

    for (paddr_t pa = RAM_BASE; pa < RAM_BASE + RAM_SIZE; pa += PAGE_SIZE)
        expect += !kept(pa, ft_end);
    assert_int_equal(page_alloc_free_pages(), expect);
    while (mfn_valid_raw(m = alloc_xenheap_pages(0))) {
        assert_false(kept(mfn_to_maddr(m), ft_end));
        got++;
    }
    assert_int_equal(got, expect);
}

/* A module may overlap nothing the hypervisor keeps; modules themselves are fine. */
static void test_module_ok(void **state)
{
    assert_true(boot_mm_module_ok(MOD0, MOD_SIZE));
    assert_false(boot_mm_module_ok(IMG_START + 0x1000, 0x1000));   /* the image */
    assert_false(boot_mm_module_ok(RAM_BASE, 0x1000));              /* firmware */
    assert_false(boot_mm_module_ok(RSV_START - 0x100, 0x200));      /* reserved */
    assert_false(boot_mm_module_ok(DTB + 0x10, 0x10));              /* the DTB */
    assert_false(boot_mm_module_ok(MOD0, 0));                       /* empty */
    assert_false(boot_mm_module_ok(~0ULL - 0x10, 0x100));           /* wraps */
}

/* Releasing a module gives back exactly its whole pages. */
static void test_release(void **state)
{
    uint64_t before = page_alloc_free_pages();

    boot_mm_release(MOD0, MOD_SIZE);
    assert_int_equal(page_alloc_free_pages(), before + (MOD_SIZE >> PAGE_SHIFT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_free_frames_are_exactly_the_unkept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_module_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release, setup, teardown),
    };

    host_log_quiet = true;
    return cmocka_run_group_tests_name("boot_mm", tests, NULL, NULL);
}
