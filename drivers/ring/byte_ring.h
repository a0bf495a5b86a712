/*
 * A one-way byte stream in shared memory: data[size] (size a power of
 * two) with free-running 32-bit producer and consumer indices, as the PV
 * console (io/console.h) and the XenStore ring (io/xs_wire.h) use.
 * Arch-neutral, so host unit tests drive it too.
 *
 * The producer owns prod and the free bytes, the consumer cons and the
 * bytes written.  Each side reads the other's index once (acquire),
 * checks prod - cons <= size, copies, then publishes its own index
 * (release): the bytes are in place before the other side sees prod move,
 * and read out before it sees cons move.  An impossible pair of indices
 * (the other end is broken or hostile) gives BYTE_RING_BROKEN, with
 * nothing copied and no index moved.
 */
#ifndef DRIVERS_BYTE_RING_H
#define DRIVERS_BYTE_RING_H

#include <stddef.h>
#include <stdint.h>

#define BYTE_RING_BROKEN (-1L)

struct byte_ring {
    char *data;
    uint32_t size;
    uint32_t *cons, *prod;
};

/* Copy up to len bytes in (producer) / out (consumer): the count or BROKEN. */
long byte_ring_produce(const struct byte_ring *r, const void *buf, size_t len);
long byte_ring_consume(const struct byte_ring *r, void *buf, size_t len);
/*
 * The consumer's two halves: copy up to len bytes out without consuming
 * them (the count or BROKEN), then consume n of the bytes just copied
 * (n no more than peek returned), so that bytes a reader could not take
 * yet stay in the ring.
 */
long byte_ring_peek(const struct byte_ring *r, void *buf, size_t len);
void byte_ring_advance(const struct byte_ring *r, size_t n);
/* Bytes waiting for the consumer; BROKEN for impossible indices. */
long byte_ring_pending(const struct byte_ring *r);

#endif /* DRIVERS_BYTE_RING_H */
