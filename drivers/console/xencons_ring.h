/*
 * The PV console ring's two byte streams (public/io/console.h), one
 * producer and one consumer each, for both ends: the guest library's
 * front end (writes `out`, reads `in`) and dom0's back end (reads `out`,
 * writes `in`).  Arch-neutral, so host unit tests drive it too.
 *
 * The other end's index is read once per call and checked: a consumer
 * finding prod - cons > size, or a producer finding prod - cons > size,
 * knows the ring was corrupted by the other end and gets XENCONS_BROKEN;
 * nothing is copied then, and no index is moved.  Bytes are copied out
 * before the consumer index is published, so the other end cannot change
 * them under the reader (it may only scribble on bytes it owns).
 */
#ifndef DRIVERS_XENCONS_RING_H
#define DRIVERS_XENCONS_RING_H

#include <stddef.h>
#include <public/io/console.h>

#define XENCONS_BROKEN (-1L)      /* BYTE_RING_BROKEN */

/* Front end (the guest): output, then input. */
long xencons_write_out(struct xencons_interface *r, const char *buf, size_t len);
long xencons_read_in(struct xencons_interface *r, char *buf, size_t len);
/* Back end (dom0): the guest's output, then input for the guest. */
long xencons_read_out(struct xencons_interface *r, char *buf, size_t len);
long xencons_write_in(struct xencons_interface *r, const char *buf, size_t len);
/* Bytes waiting in `out` (0 when broken): what a back end has left to drain. */
size_t xencons_out_pending(struct xencons_interface *r);

#endif /* DRIVERS_XENCONS_RING_H */
