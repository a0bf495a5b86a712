/*
 * Console ring streams (xencons_ring.h).
 *
 * One stream is (data[size], cons, prod) with size a power of two.  The
 * producer owns prod and the bytes from prod to cons + size; the consumer
 * owns cons and the bytes from cons to prod.  Each side reads the other
 * side's index once (acquire), checks it, copies, then publishes its own
 * (release), so the bytes are in place before the other side sees the
 * index move, and read out before it may reuse them.
 */
#include <string.h>
#include "xencons_ring.h"

struct stream {
    char *data;
    XENCONS_RING_IDX size;
    XENCONS_RING_IDX *cons, *prod;
};

static struct stream out_stream(struct xencons_interface *r)
{
    return (struct stream){ r->out, sizeof(r->out), &r->out_cons, &r->out_prod };
}

static struct stream in_stream(struct xencons_interface *r)
{
    return (struct stream){ r->in, sizeof(r->in), &r->in_cons, &r->in_prod };
}

/* Copy between the ring at index idx and buf, wrapping at the end. */
static void ring_copy(const struct stream *s, XENCONS_RING_IDX idx, char *buf, size_t len,
                      int to_ring)
{
    while (len) {
        size_t pos = idx & (s->size - 1);
        size_t n = s->size - pos < len ? s->size - pos : len;

        if (to_ring)
            memcpy(s->data + pos, buf, n);
        else
            memcpy(buf, s->data + pos, n);
        idx += (XENCONS_RING_IDX)n;
        buf += n;
        len -= n;
    }
}

static long produce(const struct stream *s, const char *buf, size_t len)
{
    XENCONS_RING_IDX prod = __atomic_load_n(s->prod, __ATOMIC_RELAXED);
    XENCONS_RING_IDX cons = __atomic_load_n(s->cons, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX used = prod - cons;
    size_t room;

    if (used > s->size)
        return XENCONS_BROKEN;
    room = s->size - used;
    if (len > room)
        len = room;
    ring_copy(s, prod, (char *)buf, len, 1);
    __atomic_store_n(s->prod, prod + (XENCONS_RING_IDX)len, __ATOMIC_RELEASE);
    return (long)len;
}

static long consume(const struct stream *s, char *buf, size_t len)
{
    XENCONS_RING_IDX cons = __atomic_load_n(s->cons, __ATOMIC_RELAXED);
    XENCONS_RING_IDX prod = __atomic_load_n(s->prod, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX avail = prod - cons;

    if (avail > s->size)
        return XENCONS_BROKEN;
    if (len > avail)
        len = avail;
    ring_copy(s, cons, buf, len, 0);
    /* The bytes are read before the producer may see them free. */
    __atomic_store_n(s->cons, cons + (XENCONS_RING_IDX)len, __ATOMIC_SEQ_CST);
    return (long)len;
}

long xencons_write_out(struct xencons_interface *r, const char *buf, size_t len)
{
    struct stream s = out_stream(r);

    return produce(&s, buf, len);
}

long xencons_read_in(struct xencons_interface *r, char *buf, size_t len)
{
    struct stream s = in_stream(r);

    return consume(&s, buf, len);
}

long xencons_read_out(struct xencons_interface *r, char *buf, size_t len)
{
    struct stream s = out_stream(r);

    return consume(&s, buf, len);
}

long xencons_write_in(struct xencons_interface *r, const char *buf, size_t len)
{
    struct stream s = in_stream(r);

    return produce(&s, buf, len);
}

size_t xencons_out_pending(struct xencons_interface *r)
{
    XENCONS_RING_IDX avail = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE) -
                             __atomic_load_n(&r->out_cons, __ATOMIC_RELAXED);

    return avail > sizeof(r->out) ? 0 : avail;
}
