/*
 * Answering one complete request: the table of handlers by message type,
 * the checks every request gets before its handler runs (known type,
 * privilege, transaction id), and the payload helpers the handlers share.
 *
 * As in Xen: an unknown type (or one only the daemon sends) gets ENOSYS; a
 * dom0-only type from anyone else gets EACCES; a tx_id naming no open
 * transaction of the connection gets ENOENT, except for the types that
 * ignore tx_id.  A handler returns 0 once it has queued its reply, or an
 * errno, which is sent as an XS_ERROR reply.
 */
#include <string.h>
#include "xs_core.h"

#define F_PRIV  1u      /* privileged connections only */
#define F_NOTX  2u      /* tx_id is ignored */

static const struct {
    xs_handler *fn;
    unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_CONTROL]              = { op_control,         F_PRIV },
    [XS_DIRECTORY]            = { op_directory,       0 },
    [XS_READ]                 = { op_read,            0 },
    [XS_GET_PERMS]            = { op_get_perms,       0 },
    [XS_WATCH]                = { op_watch,           F_NOTX },
    [XS_UNWATCH]              = { op_unwatch,         F_NOTX },
    [XS_TRANSACTION_START]    = { op_txn_start,       0 },
    [XS_TRANSACTION_END]      = { op_txn_end,         0 },
    [XS_INTRODUCE]            = { op_introduce,       F_PRIV },
    [XS_RELEASE]              = { op_release,         F_PRIV },
    [XS_GET_DOMAIN_PATH]      = { op_get_domain_path, 0 },
    [XS_WRITE]                = { op_write,           0 },
    [XS_MKDIR]                = { op_mkdir,           0 },
    [XS_RM]                   = { op_rm,              0 },
    [XS_SET_PERMS]            = { op_set_perms,       0 },
    [XS_IS_DOMAIN_INTRODUCED] = { op_is_introduced,   F_PRIV },
    [XS_RESUME]               = { op_resume,          F_PRIV },
    [XS_RESET_WATCHES]        = { op_reset_watches,   F_NOTX },
    [XS_DIRECTORY_PART]       = { op_directory_part,  0 },
};

static struct xs_txn *txn_find(const struct xs_conn *c, uint32_t id)
{
    struct xs_txn *t;

    for (t = c->txns; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

static int dispatch(struct xs_req *r)
{
    uint32_t type = r->hdr->type;
    struct xs_conn *c = r->x.c;

    if (type >= XS_TYPE_COUNT || !handlers[type].fn)
        return XEN_ENOSYS;
    if ((handlers[type].flags & F_PRIV) && !c->priv)
        return XEN_EACCES;
    if (!(handlers[type].flags & F_NOTX) && r->hdr->tx_id) {
        r->x.t = txn_find(c, r->hdr->tx_id);
        if (!r->x.t)
            return XEN_ENOENT;
    }
    return handlers[type].fn(r);
}

void xs_process(struct xs_conn *c)
{
    struct xsd_sockmsg hdr = c->in.hdr;
    struct xs_req r = {
        .x = { .d = c->d, .c = c, .domid = c->domid, .priv = c->priv },
        .hdr = &hdr,
        .p = c->in.raw + sizeof(hdr),
        .len = hdr.len,
    };
    int err = dispatch(&r);

    if (err)
        conn_error(c, &hdr, err);
}

/* The payload is exactly one NUL-terminated string. */
const char *req_onearg(const struct xs_req *r)
{
    if (!r->len || memchr(r->p, '\0', r->len) != r->p + r->len - 1)
        return NULL;
    return r->p;
}

/*
 * The number of NUL-terminated strings in the payload (bytes after the
 * last NUL are ignored, as in Xen); the first n go to vec.
 */
uint32_t req_strings(const struct xs_req *r, const char **vec, uint32_t n)
{
    uint32_t count = 0, off = 0;

    while (off < r->len) {
        const char *nul = memchr(r->p + off, '\0', r->len - off);

        if (!nul)
            break;
        if (count < n)
            vec[count] = r->p + off;
        count++;
        off = nul - r->p + 1;
    }
    return count;
}

int req_reply(struct xs_req *r, const void *data, uint32_t len)
{
    return conn_reply(r->x.c, r->hdr, r->hdr->type, data, len);
}

int req_ok(struct xs_req *r)
{
    return req_reply(r, "OK", 3);
}

/* A domain id argument: decimal, below DOMID_FIRST_RESERVED. */
int req_domid(const char *s, unsigned int *domid)
{
    unsigned long v;
    int err = s ? parse_uint(s, DOMID_FIRST_RESERVED - 1, &v) : XEN_EINVAL;

    if (!err)
        *domid = v;
    return err;
}
