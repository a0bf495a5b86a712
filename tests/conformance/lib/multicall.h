/* Building multicall lists in tests. */
#ifndef CONFORMANCE_MULTICALL_H
#define CONFORMANCE_MULTICALL_H

#include <stdint.h>
#include <string.h>
#include <public/xen.h>

/* A result value no hypercall returns: an entry still holding it did not run. */
#define MC_UNTOUCHED 0x5a5a5a5a5a5a5a5aUL

static inline void mc_set(multicall_entry_t *e, unsigned long op, unsigned long a0,
                          unsigned long a1, unsigned long a2)
{
    memset(e, 0, sizeof(*e));
    e->op = op;
    e->result = MC_UNTOUCHED;
    e->args[0] = a0;
    e->args[1] = a1;
    e->args[2] = a2;
}

#endif /* CONFORMANCE_MULTICALL_H */
