/*
 * The writers of the pvh race tests (pvh.h): VCPUs 1..RACE_WRITERS, each
 * started with SBI HSM, store a growing counter through the current
 * round's target until the store faults (the mapping is gone), report the
 * fault, and wait for the next round.
 */
#include <public/sched.h>
#include "pvh.h"

extern char _start[];
static volatile unsigned long round, target, stop;
static volatile unsigned long stores[RACE_WRITERS + 1], faulted[RACE_WRITERS + 1];

void pvh_secondary(unsigned long hartid, unsigned long opaque)
{
    static struct pvh_caught caught[RACE_WRITERS + 1];
    unsigned long seen = 0, counter = 0;
    struct pvh_caught *c = &caught[hartid];

    while (!stop) {
        unsigned long r = __atomic_load_n(&round, __ATOMIC_ACQUIRE);
        unsigned long at;

        if (r == seen) {
            __asm__ volatile("nop");
            continue;
        }
        at = target + 8 * hartid;
        catch_begin(c);
        while (!c->count) {
            __atomic_store_n((volatile unsigned long *)at, ++counter, __ATOMIC_RELAXED);
            stores[hartid]++;
        }
        catch_end();
        __atomic_store_n(&faulted[hartid], r, __ATOMIC_RELEASE);
        seen = r;
    }
}

void race_start_writers(void)
{
    for (unsigned long h = 1; h <= RACE_WRITERS; h++)
        if (sbi_call(SBI_EXT_HSM, 0, h, (unsigned long)_start, 0).error)
            pvh_error("hart %lu did not start", h);
}

bool race_round(unsigned long t, unsigned long min)
{
    unsigned long start[RACE_WRITERS + 1];

    for (unsigned int h = 1; h <= RACE_WRITERS; h++)
        start[h] = stores[h];
    target = t;
    __atomic_add_fetch(&round, 1, __ATOMIC_RELEASE);
    for (unsigned long i = 0; i < 200000000UL; i++) {
        bool all = true;

        for (unsigned int h = 1; h <= RACE_WRITERS; h++)
            all &= stores[h] - start[h] >= min;
        if (all)
            return true;
    }
    return false;
}

bool race_wait_faulted(void)
{
    for (unsigned long i = 0; i < 200000000UL; i++) {
        bool all = true;

        for (unsigned int h = 1; h <= RACE_WRITERS; h++)
            all &= __atomic_load_n(&faulted[h], __ATOMIC_ACQUIRE) == round;
        if (all)
            return true;
    }
    return false;
}

void race_stop(void)
{
    stop = 1;
}
