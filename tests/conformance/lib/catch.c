/* Recording exceptions for tests that provoke them (see catch.h). */
#include "catch.h"
#include "test.h"

#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_FETCH_PAGE_FAULT 12

static struct caught *record;

/* Length of the instruction at pc: 2 if compressed, else 4. */
static unsigned int insn_length(uint64_t pc)
{
    return (*(const volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

static bool catch_hook(struct trap_frame *tf)
{
    record->count++;
    record->scause = tf->scause;
    record->stval = tf->stval;
    record->sepc = tf->sepc;
    record->sstatus = tf->sstatus;
    if (tf->scause == CAUSE_FETCH_MISALIGNED || tf->scause == CAUSE_FETCH_ACCESS ||
        tf->scause == CAUSE_FETCH_PAGE_FAULT)
        tf->sepc = tf->regs[1];     /* return to the caller of the bad address */
    else
        tf->sepc += insn_length(tf->sepc);
    return true;
}

void catch_begin(struct caught *c)
{
    *c = (struct caught){ 0 };
    record = c;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    trap_hook = catch_hook;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void catch_end(void)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    trap_hook = NULL;
}
