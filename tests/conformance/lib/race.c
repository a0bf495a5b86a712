/* Worker VCPUs for the race family (race.h). */
#include <stdlib.h>
#include <string.h>
#include "race.h"

unsigned int race_rounds(void)
{
    const char *arg = strstr((const char *)start_info->cmd_line, "rounds=");
    unsigned long n = arg ? strtoul(arg + 7, NULL, 10) : 0;

    return n ? (unsigned int)n : RACE_ROUNDS;
}

static void worker(void *arg)
{
    struct race *r = arg;
    unsigned int id = smp_processor_id();

    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        r->step(id);
        __atomic_add_fetch(&r->count[id], 1, __ATOMIC_RELEASE);
    }
}

bool race_start(struct race *r, void (*step)(unsigned int id))
{
    unsigned int n = nr_vcpus();

    if (n < 2) {
        xtf_error("race: %u VCPU(s), need at least 2", n);
        return false;
    }
    r->step = step;
    r->stop = 0;
    r->workers = n - 1;
    for (unsigned int i = 1; i < n; i++) {
        r->count[i] = 0;
        if (!EXPECT_EQ(vcpu_start(i, worker, r), 0))
            return false;
    }
    return true;
}

void race_stop(struct race *r)
{
    __atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
    for (unsigned int i = 1; i <= r->workers; i++)
        vcpu_wait(i);
}

bool race_wait(struct race *r, unsigned int n)
{
    unsigned long want[GUEST_MAX_VCPUS];
    uint64_t end = monotonic_ns() + RACE_STALL_NS;

    for (unsigned int i = 1; i <= r->workers; i++)
        want[i] = __atomic_load_n(&r->count[i], __ATOMIC_ACQUIRE) + n;
    for (unsigned int i = 1; i <= r->workers; i++)
        while (__atomic_load_n(&r->count[i], __ATOMIC_ACQUIRE) < want[i])
            if (monotonic_ns() > end)
                return EXPECT_TRUE(!"a race worker made no progress for 10 s");
    return true;
}
