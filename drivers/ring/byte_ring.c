/* One-way byte streams in shared memory (byte_ring.h). */
#include <string.h>
#include "byte_ring.h"

/* The segments of [idx, idx + len) in the ring: up to the end, then from 0. */
static size_t first_part(const struct byte_ring *r, uint32_t idx, size_t len, size_t *pos)
{
    *pos = idx & (r->size - 1);
    return r->size - *pos < len ? r->size - *pos : len;
}

long byte_ring_produce(const struct byte_ring *r, const void *buf, size_t len)
{
    uint32_t prod = __atomic_load_n(r->prod, __ATOMIC_RELAXED);
    uint32_t used = prod - __atomic_load_n(r->cons, __ATOMIC_ACQUIRE);
    size_t pos, n;

    if (used > r->size)
        return BYTE_RING_BROKEN;
    if (len > r->size - used)
        len = r->size - used;
    n = first_part(r, prod, len, &pos);
    memcpy(r->data + pos, buf, n);
    memcpy(r->data, (const char *)buf + n, len - n);
    __atomic_store_n(r->prod, prod + (uint32_t)len, __ATOMIC_RELEASE);
    return (long)len;
}

long byte_ring_peek(const struct byte_ring *r, void *buf, size_t len)
{
    uint32_t cons = __atomic_load_n(r->cons, __ATOMIC_RELAXED);
    uint32_t avail = __atomic_load_n(r->prod, __ATOMIC_ACQUIRE) - cons;
    size_t pos, n;

    if (avail > r->size)
        return BYTE_RING_BROKEN;
    if (len > avail)
        len = avail;
    n = first_part(r, cons, len, &pos);
    memcpy(buf, r->data + pos, n);
    memcpy((char *)buf + n, r->data, len - n);
    return (long)len;
}

void byte_ring_advance(const struct byte_ring *r, size_t n)
{
    uint32_t cons = __atomic_load_n(r->cons, __ATOMIC_RELAXED);

    /* The bytes are read before the producer may see them free. */
    __atomic_store_n(r->cons, cons + (uint32_t)n, __ATOMIC_SEQ_CST);
}

long byte_ring_consume(const struct byte_ring *r, void *buf, size_t len)
{
    long n = byte_ring_peek(r, buf, len);

    if (n > 0)
        byte_ring_advance(r, (size_t)n);
    return n;
}

long byte_ring_pending(const struct byte_ring *r)
{
    uint32_t avail = __atomic_load_n(r->prod, __ATOMIC_ACQUIRE) -
                     __atomic_load_n(r->cons, __ATOMIC_RELAXED);

    return avail > r->size ? BYTE_RING_BROKEN : (long)avail;
}
