/*
 * The race family: isolation checked on real parallel harts (the runner
 * boots these tests on -smp 4 without -icount, so the VCPUs run at once).
 *
 * Shape of a race test: VCPU 0 takes a right away in a loop (pins a frame,
 * unmaps a grant, gives a frame back, closes a port...) while the other
 * VCPUs keep using the old right as fast as they can, each in a worker
 * loop; after each revocation returns, VCPU 0 checks that nothing used the
 * old right any more.  A worker counts its iterations so that VCPU 0 can
 * wait until every worker has been through its loop again since a point.
 */
#ifndef CONFORMANCE_RACE_H
#define CONFORMANCE_RACE_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel.h>
#include "test.h"

/* Rounds of the revocation loop in each boot of a test: `rounds=N` on
 * the test's command line, RACE_ROUNDS by default. */
#define RACE_ROUNDS 100
unsigned int race_rounds(void);

struct race {
    void (*step)(unsigned int id);  /* one iteration of a worker */
    int stop;                       /* atomic */
    unsigned long count[GUEST_MAX_VCPUS]; /* atomic: iterations done */
    unsigned int workers;           /* VCPUs 1..workers */
};

/* Start step() looping on every VCPU but 0 (false, ERROR: fewer than 2). */
bool race_start(struct race *r, void (*step)(unsigned int id));
/* Stop the workers and wait until each has returned. */
void race_stop(struct race *r);
/* Wait until every worker has finished `n` more iterations than when this
 * was called (false after RACE_STALL_NS: a worker is stuck, reported as
 * FAILURE).  Generous: the host may be busy, and its cores are shared by
 * the four harts. */
#define RACE_STALL_NS (10000 * NSEC_PER_MSEC)
bool race_wait(struct race *r, unsigned int n);

#endif
