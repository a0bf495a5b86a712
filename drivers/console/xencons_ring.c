/*
 * Console ring streams (xencons_ring.h): io/console.h's two rings as
 * byte rings (drivers/ring/byte_ring.h, where the index rules are).
 */
#include "../ring/byte_ring.h"
#include "xencons_ring.h"

static struct byte_ring out_ring(struct xencons_interface *r)
{
    return (struct byte_ring){ r->out, sizeof(r->out), &r->out_cons, &r->out_prod };
}

static struct byte_ring in_ring(struct xencons_interface *r)
{
    return (struct byte_ring){ r->in, sizeof(r->in), &r->in_cons, &r->in_prod };
}

long xencons_write_out(struct xencons_interface *r, const char *buf, size_t len)
{
    struct byte_ring s = out_ring(r);

    return byte_ring_produce(&s, buf, len);
}

long xencons_read_in(struct xencons_interface *r, char *buf, size_t len)
{
    struct byte_ring s = in_ring(r);

    return byte_ring_consume(&s, buf, len);
}

long xencons_read_out(struct xencons_interface *r, char *buf, size_t len)
{
    struct byte_ring s = out_ring(r);

    return byte_ring_consume(&s, buf, len);
}

long xencons_write_in(struct xencons_interface *r, const char *buf, size_t len)
{
    struct byte_ring s = in_ring(r);

    return byte_ring_produce(&s, buf, len);
}

size_t xencons_out_pending(struct xencons_interface *r)
{
    struct byte_ring s = out_ring(r);
    long n = byte_ring_pending(&s);

    return n < 0 ? 0 : (size_t)n;
}
