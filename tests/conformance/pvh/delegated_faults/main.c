/*
 * Exceptions the guest handles itself reach its stvec with the cause and
 * value the hardware reports: a breakpoint (3, sepc at the ebreak), an
 * illegal instruction (2), and an H-extension CSR touched from VS-mode
 * (a virtual-instruction trap the hypervisor turns into illegal
 * instruction 2 with the instruction in stval).  The guest resumes after
 * each.
 */
#include "pvh.h"

/* ebreak: scause 3, sepc the ebreak itself. */
static void breakpoint(void)
{
    struct pvh_caught c;
    unsigned long where;

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1:\tebreak" : "=r"(where) :: "memory");
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 3);
    EXPECT_EQ(c.sepc, where);
}

/* An all-ones word is no instruction: scause 2. */
static void illegal_instruction(void)
{
    struct pvh_caught c;

    catch_begin(&c);
    __asm__ volatile(".word 0xffffffff" ::: "memory");
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 2);
}

/* csrr hstatus from VS-mode: illegal instruction 2, stval = the insn. */
static void hypervisor_csr(void)
{
    struct pvh_caught c;
    unsigned long v = 0;

    catch_begin(&c);
    __asm__ volatile("csrr %0, hstatus" : "=r"(v) :: "memory");
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 2);
    EXPECT_EQ(c.stval & 0xfff0007f, 0x60000073);     /* csrrs ..., hstatus */
}

/* Many in a row: every one is delivered, none lost or doubled. */
static void many(void)
{
    struct pvh_caught c;

    catch_begin(&c);
    for (int i = 0; i < 100; i++)
        __asm__ volatile("ebreak" ::: "memory");
    catch_end();
    EXPECT_EQ(c.count, 100);
}

static const struct pvh_test tests[] = {
    PVH_TEST(breakpoint),
    PVH_TEST(illegal_instruction),
    PVH_TEST(hypervisor_csr),
    PVH_TEST(many),
};

void pvh_main(void)
{
    pvh_run("pvh/delegated_faults", tests, ARRAY_SIZE(tests));
}
