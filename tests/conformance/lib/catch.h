/*
 * Provoking exceptions on purpose (the counterpart of XTF's exception
 * table): between catch_begin() and catch_end() every exception the guest
 * kernel takes is recorded instead of being fatal, and execution resumes
 * after the faulting instruction.  An instruction-fetch fault has no
 * instruction to step over; it resumes at ra, so a fetch is provoked by
 * *calling* the bad address.
 */
#ifndef CONFORMANCE_CATCH_H
#define CONFORMANCE_CATCH_H

#include <stdint.h>

struct caught {
    unsigned int count;     /* exceptions taken */
    uint64_t scause;        /* of the last one, as the guest's trap frame saw it */
    uint64_t stval;
    uint64_t sepc;
    uint64_t sstatus;
};

void catch_begin(struct caught *c);
void catch_end(void);

#endif /* CONFORMANCE_CATCH_H */
