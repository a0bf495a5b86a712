/*
 * "The system is unharmed", checked around a hostile test: the first
 * check of the test records the baselines, the last compares.
 *   - this domain's tot_pages (current_reservation) is back where it was;
 *   - run as dom0 (privileged) beside peers: the machine's free memory
 *     (sysctl physinfo) is back at its baseline, and every peer is still
 *     running or has powered off normally - none crashed.
 */
#ifndef CONFORMANCE_HEALTH_H
#define CONFORMANCE_HEALTH_H

/* Record the baselines (a check: it fails if they cannot be read). */
void health_begin(void);
/* Compare with them; `nr_peers` domains 1..nr_peers are checked when
 * privileged. */
void health_end_peers(unsigned int nr_peers);
static inline void health_end(void)
{
    health_end_peers(1);
}

#endif /* CONFORMANCE_HEALTH_H */
