/*
 * The memory_op queries: current_reservation is the pages the domain owns
 * (all its start-of-day pages), maximum_reservation its limit (maxmem),
 * maximum_ram_page one past the highest RAM frame (Xen's max_page).  A
 * domU may ask only about itself (-EPERM for another domain, -ESRCH for
 * none), an unreadable argument is -EFAULT, continuation bits on a query
 * are -EINVAL and an unknown sub-op is -ENOSYS.
 */
#include "../../lib/memory.h"
#include "../../lib/test.h"

/* maxmem=20 in this test's description; memory is the default 16 MiB. */
#define MAXMEM_PAGES (20UL << (20 - PAGE_SHIFT))

/* tot_pages = nr_pages; max_pages = maxmem; DOMID_SELF = own id. */
static void own_reservation(void)
{
    EXPECT_EQ(mem_current(), start_info->nr_pages);
    EXPECT_EQ(mem_maximum(), MAXMEM_PAGES);
    EXPECT_EQ(mem_query(XENMEM_current_reservation, test_domid()), start_info->nr_pages);
    EXPECT_EQ(mem_query(XENMEM_maximum_reservation, test_domid()), MAXMEM_PAGES);
}

/* Another domain: -EPERM; no such domain: -ESRCH. */
static void other_domains(void)
{
    EXPECT_EQ(mem_query(XENMEM_current_reservation, 0), -XEN_EPERM);
    EXPECT_EQ(mem_query(XENMEM_maximum_reservation, 0), -XEN_EPERM);
    EXPECT_EQ(mem_query(XENMEM_current_reservation, 999), -XEN_ESRCH);
    EXPECT_EQ(mem_query(XENMEM_maximum_reservation, DOMID_IO), -XEN_ESRCH);
}

/* Bad argument pointers: -EFAULT. */
static void bad_pointers(void)
{
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_maximum_reservation, (void *)NONCANONICAL_VA),
              -XEN_EFAULT);
}

/* Every frame of ours lies below maximum_ram_page, which never fails. */
static void maximum_ram_page(void)
{
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned long above = 0;

    if (!EXPECT_TRUE(max > 0))
        return;
    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        above += pfn_to_mfn(pfn) >= (uint64_t)max;
    EXPECT_EQ(above, 0);
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_maximum_ram_page, (void *)UNMAPPED_VA), max);
}

/* Continuation bits on a query: -EINVAL; unknown sub-ops: -ENOSYS. */
static void bad_commands(void)
{
    domid_t self = DOMID_SELF;

    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation | (1U << MEMOP_EXTENT_SHIFT),
                                   &self), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_maximum_ram_page | (5U << MEMOP_EXTENT_SHIFT), NULL),
              -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_memory_op(63, &self), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_memory_op(50, &self), -XEN_ENOSYS);
}

static const struct test tests[] = {
    /* current = nr_pages, maximum = maxmem, by DOMID_SELF or own id. */
    TEST(own_reservation),
    /* Another domain's reservation: -EPERM; a missing domain: -ESRCH. */
    TEST(other_domains),
    /* Unreadable domid argument: -EFAULT. */
    TEST(bad_pointers),
    /* maximum_ram_page bounds every frame we own and ignores its argument. */
    TEST(maximum_ram_page),
    /* Continuation bits on a query: -EINVAL; unknown sub-op: -ENOSYS. */
    TEST(bad_commands),
};

int main(void)
{
    return run_tests("memory/query", tests, ARRAY_SIZE(tests));
}
