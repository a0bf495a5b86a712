/*
 * The calling convention (public/arch-riscv.h).  A hypercall returns its
 * result in a0 and may change a1..a4 (a continued call leaves its progress
 * there, as on Xen for ARM); every other register comes back as it was -
 * a5..a7, the temporaries, the saved registers, ra, gp and tp - also when
 * the hypervisor preempted and restarted the call.  An SBI call returns
 * a0 (error) and a1 (value) and preserves everything else.
 *
 * ecall_all_regs() loads every register but sp (and zero) from an array
 * indexed by register number, issues the ecall and stores every register
 * back, with interrupts off throughout so that no upcall runs while gp and
 * tp hold test patterns.
 */
#include "../../lib/test.h"

#define NREGS 32
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A1 11
#define REG_A4 14
#define REG_A6 16
#define REG_A7 17

void ecall_all_regs(unsigned long r[NREGS]);

#define LOAD(n)  "ld x" #n ", " #n "*8(a0)\n"
#define STORE(n) "sd x" #n ", " #n "*8(t6)\n"

__asm__(
    ".pushsection .text.ecall_all_regs, \"ax\", @progbits\n"
    ".globl ecall_all_regs\n"
    "ecall_all_regs:\n"
    "addi sp, sp, -144\n"
    "sd ra, 0(sp)\n  sd gp, 8(sp)\n  sd tp, 16(sp)\n  sd s0, 24(sp)\n"
    "sd s1, 32(sp)\n  sd s2, 40(sp)\n  sd s3, 48(sp)\n  sd s4, 56(sp)\n"
    "sd s5, 64(sp)\n  sd s6, 72(sp)\n  sd s7, 80(sp)\n  sd s8, 88(sp)\n"
    "sd s9, 96(sp)\n  sd s10, 104(sp)\n  sd s11, 112(sp)\n  sd a0, 120(sp)\n"
    "csrrci t0, sstatus, 2\n"
    "sd t0, 136(sp)\n"
    LOAD(1) LOAD(3) LOAD(4) LOAD(5) LOAD(6) LOAD(7) LOAD(8) LOAD(9)
    LOAD(11) LOAD(12) LOAD(13) LOAD(14) LOAD(15) LOAD(16) LOAD(17)
    LOAD(18) LOAD(19) LOAD(20) LOAD(21) LOAD(22) LOAD(23) LOAD(24) LOAD(25)
    LOAD(26) LOAD(27) LOAD(28) LOAD(29) LOAD(30) LOAD(31) LOAD(10)
    "ecall\n"
    "sd t6, 128(sp)\n"
    "ld t6, 120(sp)\n"
    STORE(1) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7) STORE(8) STORE(9)
    STORE(10) STORE(11) STORE(12) STORE(13) STORE(14) STORE(15) STORE(16) STORE(17)
    STORE(18) STORE(19) STORE(20) STORE(21) STORE(22) STORE(23) STORE(24) STORE(25)
    STORE(26) STORE(27) STORE(28) STORE(29) STORE(30)
    "ld t5, 128(sp)\n"
    "sd t5, 31*8(t6)\n"
    "ld ra, 0(sp)\n  ld gp, 8(sp)\n  ld tp, 16(sp)\n  ld s0, 24(sp)\n"
    "ld s1, 32(sp)\n  ld s2, 40(sp)\n  ld s3, 48(sp)\n  ld s4, 56(sp)\n"
    "ld s5, 64(sp)\n  ld s6, 72(sp)\n  ld s7, 80(sp)\n  ld s8, 88(sp)\n"
    "ld s9, 96(sp)\n  ld s10, 104(sp)\n  ld s11, 112(sp)\n"
    "ld t0, 136(sp)\n"
    "csrs sstatus, t0\n"
    "addi sp, sp, 144\n"
    "ret\n"
    ".popsection\n");

static const char *const abi_names[NREGS] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
    "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
    "t3", "t4", "t5", "t6",
};

/*
 * Issue an ecall with a7 = ext, a6 = fid and a0..a2 = args, every other
 * register holding a pattern; check a0 and that every register from x1 up
 * except sp and [free_lo, free_hi] came back unchanged.
 */
static void check_ecall(const char *what, unsigned long ext, unsigned long fid,
                        const unsigned long args[3], unsigned int free_lo,
                        unsigned int free_hi, long expect_a0)
{
    unsigned long before[NREGS], after[NREGS];

    for (unsigned int i = 0; i < NREGS; i++)
        before[i] = 0x5a5a000000000000UL | (unsigned long)i << 8 | i;
    before[REG_A0] = args[0];
    before[REG_A0 + 1] = args[1];
    before[REG_A0 + 2] = args[2];
    before[REG_A6] = fid;
    before[REG_A7] = ext;
    for (unsigned int i = 0; i < NREGS; i++)
        after[i] = before[i];
    ecall_all_regs(after);
    if (!EXPECT_EQ(after[REG_A0], expect_a0))
        printk("  (%s: a0)\n", what);
    for (unsigned int i = REG_RA; i < NREGS; i++) {
        if (i == REG_SP || i == REG_A0 || (i >= free_lo && i <= free_hi))
            continue;
        if (!EXPECT_EQ_HEX(after[i], before[i]))
            printk("  (%s: %s changed)\n", what, abi_names[i]);
    }
}

static void check_hypercall(const char *what, unsigned long nr, const unsigned long args[3],
                            long expect)
{
    check_ecall(what, XEN_HYPERCALL_EID, nr, args, REG_A1, REG_A4, expect);
}

static void simple_hypercall(void)
{
    unsigned long args[3] = { XENVER_version, 0, 0x1234 };

    check_hypercall("xen_version", __HYPERVISOR_xen_version, args, (4 << 16) | 20);
}

static void unknown_hypercall(void)
{
    unsigned long args[3] = { 1, 2, 3 };

    check_hypercall("hypercall 43", 43, args, -XEN_ENOSYS);
}

static void short_console_write(void)
{
    static const char msg[] = "hypercall/registers: a short write\n";
    unsigned long args[3] = { CONSOLEIO_write, sizeof(msg) - 1, (unsigned long)msg };

    check_hypercall("console_io", __HYPERVISOR_console_io, args, 0);
}

/* 12 KiB: continued in batches, and over the domU rate limit besides. */
static void continued_console_write(void)
{
    static char big[12 * 1024];
    unsigned long args[3] = { CONSOLEIO_write, sizeof(big), (unsigned long)big };

    for (unsigned int i = 0; i < sizeof(big); i++)
        big[i] = i % 96 == 95 ? '\n' : '.';
    check_hypercall("continued console_io", __HYPERVISOR_console_io, args, 0);
}

static void sbi_call(void)
{
    unsigned long args[3] = { 0, 0, 0x1234 };
    unsigned long r[NREGS] = { 0 };

    /* No register is free: a1 carries the value, checked below. */
    check_ecall("sbi get_spec_version", SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, args,
                REG_A1, REG_A1, SBI_SUCCESS);
    r[REG_A7] = SBI_EXT_BASE;
    r[REG_A6] = SBI_BASE_GET_SPEC_VERSION;
    ecall_all_regs(r);
    EXPECT_EQ_HEX(r[REG_A1], 1UL << 24);
}

static const struct test tests[] = {
    /* xen_version: a0 = result; all but a1..a4 unchanged. */
    TEST(simple_hypercall),
    /* An unknown hypercall: a0 = -ENOSYS; all but a1..a4 unchanged. */
    TEST(unknown_hypercall),
    /* A short console write: a0 = 0; all but a1..a4 unchanged. */
    TEST(short_console_write),
    /* A console write the hypervisor continues: a0 = 0; all but a1..a4 unchanged. */
    TEST(continued_console_write),
    /* An SBI call: a0 = 0, a1 = 1.0; everything else unchanged. */
    TEST(sbi_call),
};

int main(void)
{
    return run_tests("hypercall/registers", tests, ARRAY_SIZE(tests));
}
