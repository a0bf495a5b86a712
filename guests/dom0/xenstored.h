/*
 * dom0 runs xenstored: the daemon core (xenstore/) over each domU's store
 * ring, plus dom0's own client connection to it, in process.
 *
 * xsd_start() creates the daemon, connects dom0's XenStore client
 * (include/xenstore.h) to it, and introduces every domU that exists
 * (boot-time domains, found with getdomaininfolist and HVMOP_get_param,
 * as Xen's dom0less tooling does), as a toolstack would: an XS_INTRODUCE
 * through dom0's own client reaches the daemon's introduce hook, which
 * maps the domain's ring through grant ref 1 (checked against the frame
 * HVMOP_get_param gave), binds its port and introduces it
 * (@introduceDomain fires); then the domain's home is laid out as libxl
 * does (xs_domain_make_home) and its standard nodes are written (name,
 * domid, vm, memory/target, memory/static-max, console/ring-ref,
 * console/port, console/type, store/port, store/ring-ref).  Its ring is
 * served only after that, so its first requests see them.
 *
 * xsd_poll() serves the rings: each connection gets a turn, requests
 * copied out of its ring (indices read once and checked: a ring whose
 * prod - cons exceeds its size is reported in its `error` field and no
 * longer served), replies copied in as far as there is room.  dom0's main
 * loop calls it after each wake-up; the store ports' events wake it.
 *
 * xsd_reap() releases every introduced domain that has finished: its
 * connection, watches, transactions and nodes go (@releaseDomain fires),
 * its home is removed, its ring unmapped.
 */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <public/event_channel.h>

/* 0, or -XEN_ENOMEM. */
int xsd_start(void);
/* Introduce a domain the toolstack built (xl create), as a boot-time one
 * is at start (HVMOP_get_param gives its ring), naming it `name` in the
 * store (NULL: the hypervisor's name).  0 or -XEN_E*. */
int xsd_introduce_domain(unsigned int domid, const char *name);
/* Serve the rings (and dom0's connection). */
void xsd_poll(void);
/*
 * The store ports, masked: a domU's notification only sets the port
 * pending, and dom0's main loop includes them in its SCHEDOP_poll, which
 * returns at once for a pending port.  So a request that arrives between
 * xsd_poll() and the poll is never missed (an upcall would have cleared
 * the port, and the poll would sleep until its back-stop).  Up to max
 * into ports; returns the count.
 */
unsigned int xsd_ports(evtchn_port_t *ports, unsigned int max);
/* Release finished domains; returns how many. */
unsigned int xsd_reap(void);
/* The store's nodes and watches, for leak checks (xl's cycle test). */
void xsd_counts(unsigned long *nodes, unsigned long *watches);
/* Domain domid's store name into buf ("?" if it has none). */
const char *xsd_domain_name(unsigned int domid, char *buf, size_t cap);

#endif /* DOM0_XENSTORED_H */
