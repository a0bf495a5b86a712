/*
 * A guest's own exceptions are reflected into it through its stvec as the
 * hardware would deliver them to an S-mode kernel: the right scause, sepc
 * at the faulting instruction, stval as the architecture defines it, and
 * sstatus.SPP/SPIE describing where the trap came from.  The test's hook
 * records each exception and continues after it.  (An instruction the
 * hypervisor traps as "virtual" - a hypervisor CSR read - reaches the
 * guest as the illegal instruction it is for an S-mode kernel; wfi is
 * handled by the hypervisor and not reflected at all.)
 */
#include "../../lib/catch.h"
#include "../../lib/test.h"

#define EXC_ILLEGAL_INST     2
#define EXC_BREAKPOINT       3
#define EXC_FETCH_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

#define INSN_CSRW_CYCLE   0xc0001073UL   /* csrrw x0, cycle, x0: read-only CSR */
#define INSN_CSRR_HSTATUS 0x600022f3UL   /* csrrs t0, hstatus, x0 */

static const unsigned long rodata_word = 0x1234;
/* `ret`, in a read-write, never-executable data page. */
static uint32_t data_ret[1] = { 0x00008067 };

/* One exception, of this cause, at this pc, taken from S-mode with SIE on. */
static void expect_one(const struct caught *c, uint64_t cause, uint64_t pc)
{
    EXPECT_EQ(c->count, 1);
    EXPECT_EQ_HEX(c->scause, cause);
    EXPECT_EQ_HEX(c->sepc, pc);
    EXPECT_EQ_HEX(c->sstatus & (SSTATUS_SPP | SSTATUS_SPIE), SSTATUS_SPP | SSTATUS_SPIE);
    EXPECT_TRUE(!irqs_disabled());
}

static void illegal_instruction(void)
{
    struct caught c;
    unsigned long pc;

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1: .4byte 0xc0001073" : "=&r"(pc) :: "memory");
    catch_end();
    expect_one(&c, EXC_ILLEGAL_INST, pc);
    EXPECT_TRUE(c.stval == 0 || c.stval == INSN_CSRW_CYCLE);

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1: .2byte 0" : "=&r"(pc) :: "memory");   /* c.unimp */
    catch_end();
    expect_one(&c, EXC_ILLEGAL_INST, pc);
}

static void hypervisor_csr(void)
{
    struct caught c;
    unsigned long pc;

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1: .4byte 0x600022f3" : "=&r"(pc) :: "t0", "memory");
    catch_end();
    expect_one(&c, EXC_ILLEGAL_INST, pc);
    EXPECT_EQ_HEX(c.stval, INSN_CSRR_HSTATUS);
}

static void breakpoint(void)
{
    struct caught c;
    unsigned long pc;

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1: ebreak" : "=&r"(pc) :: "memory");
    catch_end();
    expect_one(&c, EXC_BREAKPOINT, pc);
}

static void load(unsigned long va)
{
    struct caught c;
    unsigned long pc, val;

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1: ld %1, 0(%2)" : "=&r"(pc), "=&r"(val) : "r"(va) : "memory");
    catch_end();
    expect_one(&c, EXC_LOAD_PAGE_FAULT, pc);
    EXPECT_EQ_HEX(c.stval, va);
}

static void load_unmapped(void)
{
    load(UNMAPPED_VA);
    load(NONCANONICAL_VA);
}

static void store(unsigned long va)
{
    struct caught c;
    unsigned long pc;

    catch_begin(&c);
    __asm__ volatile("lla %0, 1f\n1: sd zero, 0(%1)" : "=&r"(pc) : "r"(va) : "memory");
    catch_end();
    expect_one(&c, EXC_STORE_PAGE_FAULT, pc);
    EXPECT_EQ_HEX(c.stval, va);
}

static void store_read_only(void)
{
    store((unsigned long)&rodata_word);
    EXPECT_EQ(rodata_word, 0x1234);
    store(start_info->pt_base);
    store(UNMAPPED_VA);
}

static void fetch(unsigned long va)
{
    struct caught c;

    catch_begin(&c);
    ((void (*)(void))va)();
    catch_end();
    expect_one(&c, EXC_FETCH_PAGE_FAULT, va);
    EXPECT_EQ_HEX(c.stval, va);
}

static void fetch_not_executable(void)
{
    fetch(UNMAPPED_VA);
    fetch((unsigned long)data_ret);
}

/* Taken with interrupts off: SPIE says so, and they stay off after. */
static void trap_with_irqs_off(void)
{
    struct caught c;

    local_irq_disable();
    catch_begin(&c);
    __asm__ volatile("ebreak" ::: "memory");
    catch_end();
    bool off_after = irqs_disabled();
    local_irq_enable();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ_HEX(c.sstatus & (SSTATUS_SPP | SSTATUS_SPIE), SSTATUS_SPP);
    EXPECT_TRUE(off_after);
}

/*
 * With interrupts off (so an early timer cannot be consumed before the
 * wfi, which would then wait forever), wfi returns once the event is
 * pending, like a hart's wfi with the interrupt enabled in sie.
 */
static void wfi_not_reflected(void)
{
    struct caught c;
    bool pending;

    local_irq_disable();
    EXPECT_EQ(HYPERVISOR_set_timer_op(monotonic_ns() + 2 * NSEC_PER_MSEC), 0);
    catch_begin(&c);
    /* wfi may also return early (it is a hint); then wait again. */
    for (int i = 0; i < 100 && !shared_info->vcpu_info[0].evtchn_upcall_pending; i++)
        __asm__ volatile("wfi" ::: "memory");
    catch_end();
    pending = shared_info->vcpu_info[0].evtchn_upcall_pending;
    local_irq_enable();
    EXPECT_EQ(c.count, 0);
    EXPECT_TRUE(pending);
}

static const struct test tests[] = {
    /* Writing a read-only CSR and c.unimp: scause 2 at the instruction. */
    TEST(illegal_instruction),
    /* Reading hstatus: scause 2 (not 22), stval = the instruction. */
    TEST(hypervisor_csr),
    /* ebreak: scause 3 at the instruction. */
    TEST(breakpoint),
    /* Loads from unmapped and non-canonical VAs: scause 13, stval = the address. */
    TEST(load_unmapped),
    /* Stores to .rodata, the page-table root, an unmapped VA: scause 15, nothing written. */
    TEST(store_read_only),
    /* Calls to an unmapped VA and a data page: scause 12, sepc = stval = target. */
    TEST(fetch_not_executable),
    /* A trap with interrupts off has SPIE clear and returns with them off. */
    TEST(trap_with_irqs_off),
    /* wfi waits in the hypervisor until an event is pending; no exception reaches the guest. */
    TEST(wfi_not_reflected),
};

int main(void)
{
    return run_tests("fault/reflected", tests, ARRAY_SIZE(tests));
}
