/*
 * Connections: framing of the byte stream in, the queue of messages out.
 *
 * Input is gathered into c->in, a header and at most XENSTORE_PAYLOAD_MAX
 * payload bytes; a header announcing more breaks the connection
 * (XENSTORE_ERROR_PROTO), as in Xen.  xs_conn_input() never consumes past
 * the end of the message in progress, so a transport that feeds a whole
 * buffer gets one message answered per call and can serve its
 * connections in turn.
 *
 * Output is a queue of whole messages; the transport takes bytes from its
 * head, possibly a part of a message at a time.  Two budgets keep a peer
 * that does not read from costing the daemon without bound: an
 * unprivileged connection with XS_QUOTA_OUTSTANDING replies queued gets
 * no more input taken until it reads (Xen's outstanding-request quota),
 * and watch events that would take the queue past XS_QUOTA_OUTPUT_BYTES
 * are dropped and counted.  A watch event identical to one still queued
 * and unsent is dropped too (Xen does the same, except for @ paths).
 */
#include <string.h>
#include "xs_core.h"

#define HDR_BYTES ((uint32_t)sizeof(struct xsd_sockmsg))

struct xs_conn *xs_conn_new(struct xs_daemon *d, unsigned int domid)
{
    struct xs_conn *c;

    if (acct_reserve(d, domid))
        return NULL;
    c = xs_zalloc(d, sizeof(*c));
    if (!c)
        return NULL;
    c->d = d;
    c->domid = domid;
    c->priv = domid == 0;
    c->out_tail = &c->out_head;
    c->next_txn_id = 1;
    *d->conns_tail = c;
    d->conns_tail = &c->next;
    return c;
}

void conn_drop_txns(struct xs_conn *c)
{
    struct xs_txn *t;

    while ((t = c->txns)) {
        c->txns = t->next;
        txn_free(c->d, t);
    }
    c->ntxns = 0;
}

void conn_drop_all(struct xs_conn *c)
{
    struct xs_msg *m;

    watch_del_all(c);
    conn_drop_txns(c);
    while ((m = c->out_head)) {
        c->out_head = m->next;
        xs_free(c->d, m);
    }
    c->out_tail = &c->out_head;
    c->out_bytes = 0;
    c->out_replies = 0;
}

void xs_conn_free(struct xs_conn *c)
{
    struct xs_daemon *d = c->d;
    struct xs_conn **pp;

    for (pp = &d->conns; *pp != c; pp = &(*pp)->next)
        ;
    *pp = c->next;
    if (d->conns_tail == &c->next)
        d->conns_tail = pp;
    domain_forget_conn(c);
    conn_drop_all(c);
    xs_free(d, c);
}

static size_t output_budget(const struct xs_conn *c)
{
    return c->priv ? XS_PRIV_OUTPUT_BYTES : XS_QUOTA_OUTPUT_BYTES;
}

bool xs_conn_wants_input(const struct xs_conn *c)
{
    if (c->error)
        return false;
    if (c->priv)
        return c->out_bytes < output_budget(c);
    return c->out_replies < XS_QUOTA_OUTSTANDING &&
           c->out_bytes < output_budget(c);
}

long xs_conn_input(struct xs_conn *c, const void *buf, size_t len)
{
    const char *src = buf;
    size_t taken = 0, want;

    if (c->error)
        return -(long)c->error;
    if (!xs_conn_wants_input(c))
        return 0;
    if (c->in_used < HDR_BYTES) {
        want = HDR_BYTES - c->in_used;
        taken = len < want ? len : want;
        memcpy(c->in.raw + c->in_used, src, taken);
        c->in_used += taken;
        if (c->in_used < HDR_BYTES)
            return taken;
        if (c->in.hdr.len > XENSTORE_PAYLOAD_MAX) {
            c->error = XENSTORE_ERROR_PROTO;
            xs_log(c->d, "connection of d%u: length %u, protocol error",
                   c->domid, c->in.hdr.len);
            return -(long)c->error;
        }
    }
    want = HDR_BYTES + c->in.hdr.len - c->in_used;
    if (len - taken < want)
        want = len - taken;
    memcpy(c->in.raw + c->in_used, src + taken, want);
    c->in_used += want;
    taken += want;
    if (c->in_used == HDR_BYTES + c->in.hdr.len) {
        xs_process(c);
        c->in_used = 0;
    }
    return taken;
}

size_t xs_conn_output(struct xs_conn *c, void *buf, size_t len)
{
    char *dst = buf;
    size_t done = 0;

    while (c->out_head && done < len) {
        struct xs_msg *m = c->out_head;
        size_t n = m->len - m->off;

        if (n > len - done)
            n = len - done;
        memcpy(dst + done, m->buf + m->off, n);
        m->off += n;
        done += n;
        c->out_bytes -= n;
        if (m->off < m->len)
            break;
        c->out_head = m->next;
        if (!c->out_head)
            c->out_tail = &c->out_head;
        if (!m->event)
            c->out_replies--;
        xs_free(c->d, m);
    }
    return done;
}

size_t xs_conn_output_pending(const struct xs_conn *c)
{
    return c->out_bytes;
}

unsigned int xs_conn_error(const struct xs_conn *c)
{
    return c->error;
}

void xs_conn_set_priv(struct xs_conn *c, void *priv)
{
    c->tpriv = priv;
}

void *xs_conn_priv(const struct xs_conn *c)
{
    return c->tpriv;
}

unsigned int xs_conn_domid(const struct xs_conn *c)
{
    return c->domid;
}

unsigned long xs_conn_events_dropped(const struct xs_conn *c)
{
    return c->dropped;
}

static struct xs_msg *msg_new(struct xs_conn *c, uint32_t type, uint32_t req_id,
                              uint32_t tx_id, uint32_t len)
{
    struct xs_msg *m = xs_alloc(c->d, sizeof(*m) + HDR_BYTES + len);
    struct xsd_sockmsg hdr = { type, req_id, tx_id, len };

    if (!m)
        return NULL;
    m->next = NULL;
    m->len = HDR_BYTES + len;
    m->off = 0;
    m->event = false;
    memcpy(m->buf, &hdr, HDR_BYTES);
    return m;
}

static void msg_queue(struct xs_conn *c, struct xs_msg *m)
{
    bool was_empty = !c->out_head;

    *c->out_tail = m;
    c->out_tail = &m->next;
    c->out_bytes += m->len;
    if (!m->event)
        c->out_replies++;
    if (was_empty && c->d->ops.kick)
        c->d->ops.kick(c->d->ops.ctx, c);
}

int conn_reply(struct xs_conn *c, const struct xsd_sockmsg *req,
               uint32_t type, const void *data, uint32_t len)
{
    struct xs_msg *m;

    if (len > XENSTORE_PAYLOAD_MAX)
        return XEN_E2BIG;
    m = msg_new(c, type, req->req_id, req->tx_id, len);
    if (!m)
        return XEN_ENOMEM;
    if (len)
        memcpy(m->buf + HDR_BYTES, data, len);
    msg_queue(c, m);
    return 0;
}

static const char *error_name(int err)
{
#define XS_ERR_CASE(name, num) case num: return #name;
    switch (err) {
    XSD_ERROR_LIST(XS_ERR_CASE)
    default: return "EINVAL";
    }
#undef XS_ERR_CASE
}

void conn_error(struct xs_conn *c, const struct xsd_sockmsg *req, int err)
{
    const char *name = error_name(err);

    conn_reply(c, req, XS_ERROR, name, strlen(name) + 1);
}

/* An identical event is queued and not yet started. */
static bool event_queued(const struct xs_conn *c, const char *payload,
                         uint32_t len)
{
    const struct xs_msg *m;

    for (m = c->out_head; m; m = m->next)
        if (m->event && m->off == 0 && m->len == HDR_BYTES + len &&
            !memcmp(m->buf + HDR_BYTES, payload, len))
            return true;
    return false;
}

void conn_event(struct xs_conn *c, const char *path, const char *token)
{
    uint32_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
    uint32_t len = plen + tlen;
    struct xs_msg *m;

    if (len > XENSTORE_PAYLOAD_MAX)
        return;
    if (c->out_bytes + HDR_BYTES + len > output_budget(c)) {
        c->dropped++;
        return;
    }
    m = msg_new(c, XS_WATCH_EVENT, 0, 0, len);
    if (!m) {
        c->dropped++;
        return;
    }
    memcpy(m->buf + HDR_BYTES, path, plen);
    memcpy(m->buf + HDR_BYTES + plen, token, tlen);
    if (path[0] != '@' && event_queued(c, m->buf + HDR_BYTES, len)) {
        xs_free(c->d, m);
        return;
    }
    m->event = true;
    msg_queue(c, m);
}
