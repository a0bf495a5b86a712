/*
 * A test client of the xenstored core (xenstore/xenstored.h): frames
 * requests onto a connection and reads back whole reply and event
 * messages, the way a ring or socket transport would.  For
 * tests/unit/test_xenstored.c and tests/fuzz/fuzz_xenstore.c.
 */
#ifndef TESTS_XS_CLIENT_H
#define TESTS_XS_CLIENT_H

#include <stdlib.h>
#include <string.h>
#include "../../xenstore/xenstored.h"

struct xs_msg_in {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];    /* NUL added after len bytes */
};

static inline void *xs_test_alloc(void *ctx, size_t size)
{
    return malloc(size);
}

static inline void xs_test_free(void *ctx, void *p)
{
    free(p);
}

/* Feed a whole message; returns what the last xs_conn_input() returned. */
static inline long xs_send_raw(struct xs_conn *c, uint32_t type, uint32_t req_id,
                               uint32_t tx_id, const void *payload, uint32_t len)
{
    static char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg hdr = { type, req_id, tx_id, len };
    size_t total = sizeof(hdr) + len, off = 0;
    long n = 0;

    if (len > XENSTORE_PAYLOAD_MAX)
        total = sizeof(hdr);
    memcpy(buf, &hdr, sizeof(hdr));
    if (total > sizeof(hdr))
        memcpy(buf + sizeof(hdr), payload, len);
    while (off < total) {
        n = xs_conn_input(c, buf + off, total - off);
        if (n <= 0)
            break;
        off += n;
    }
    return n;
}

/* Take the next whole queued message; false when nothing is queued. */
static inline bool xs_recv(struct xs_conn *c, struct xs_msg_in *m)
{
    if (xs_conn_output_pending(c) < sizeof(m->hdr))
        return false;
    xs_conn_output(c, &m->hdr, sizeof(m->hdr));
    if (m->hdr.len > XENSTORE_PAYLOAD_MAX)
        return false;
    xs_conn_output(c, m->body, m->hdr.len);
    m->body[m->hdr.len] = '\0';
    return true;
}

#endif /* TESTS_XS_CLIENT_H */
