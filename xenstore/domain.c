/*
 * Domains: introduction and release (the hooks dom0 calls, and the
 * INTRODUCE / RELEASE / IS_DOMAIN_INTRODUCED / RESUME / GET_DOMAIN_PATH
 * messages), and dom0's direct access to the store.
 *
 * An introduced domain has a record here and one connection.  Release
 * frees the connection with its watches and transactions, removes the
 * nodes the domain owns (Xen's xenstored has done this since XSA-419, so
 * that nothing of a dead domain lingers), drops permission entries naming
 * the domain from every other node (so a later domain reusing the domid
 * inherits no access: XSA-322), and fires @releaseDomain.
 */
#include <stdio.h>
#include <string.h>
#include "xs_core.h"

struct xs_domain *domain_find(const struct xs_daemon *d, unsigned int domid)
{
    struct xs_domain *dom;

    for (dom = d->domains; dom; dom = dom->next)
        if (dom->domid == domid)
            return dom;
    return NULL;
}

void domain_forget_conn(struct xs_conn *c)
{
    if (c->dom)
        c->dom->conn = NULL;
    c->dom = NULL;
}

bool xs_domain_is_introduced(const struct xs_daemon *d, unsigned int domid)
{
    return domain_find(d, domid) != NULL;
}

struct xs_conn *xs_domain_conn(const struct xs_daemon *d, unsigned int domid)
{
    struct xs_domain *dom = domain_find(d, domid);

    return dom ? dom->conn : NULL;
}

static void fire_special(struct xs_daemon *d, const char *path)
{
    const struct xs_node *n = table_find(&d->nodes, path);
    struct xs_event_perms ep = { NULL, NULL, 0, 0 };

    if (n) {
        ep.perms = n->perms;
        ep.nperms = n->nperms;
    }
    watch_fire(d, path, false, &ep);
}

/* /local/domain/<domid>, owned by the domain, unless it exists. */
static int make_home(struct xs_daemon *d, unsigned int domid)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };
    struct xs_perm perm = { domid, XS_PERM_NONE };
    char home[32];
    int err;

    home_path(domid, home, sizeof(home));
    if (table_find(&d->nodes, home))
        return 0;
    err = tree_write(&x, home, NULL, 0, true);
    return err ? err : tree_set_perms(&x, home, &perm, 1);
}

int xs_domain_introduce(struct xs_daemon *d, unsigned int domid,
                        struct xs_conn **connp)
{
    struct xs_domain *dom = domain_find(d, domid);
    int err;

    if (domid == 0 || domid >= DOMID_FIRST_RESERVED)
        return XEN_EINVAL;
    if (dom && dom->conn) {
        *connp = dom->conn;
        return 0;
    }
    if (!dom) {
        dom = xs_zalloc(d, sizeof(*dom));
        if (!dom)
            return XEN_ENOMEM;
        dom->domid = domid;
    }
    dom->conn = xs_conn_new(d, domid);
    err = dom->conn ? make_home(d, domid) : XEN_ENOMEM;
    if (err) {
        if (dom->conn)
            xs_conn_free(dom->conn);
        if (!domain_find(d, domid))
            xs_free(d, dom);
        return err;
    }
    dom->conn->dom = dom;
    if (!domain_find(d, domid)) {
        dom->next = d->domains;
        d->domains = dom;
    }
    *connp = dom->conn;
    fire_special(d, "@introduceDomain");
    return 0;
}

/* Drop entries naming domid from every permission list it is not first in. */
static void drop_perm_entries(struct xs_daemon *d, unsigned int domid)
{
    uint32_t i;

    for (i = 0; i < d->nodes.nslots; i++) {
        struct xs_node *n;

        for (n = d->nodes.slot[i]; n; n = n->hnext) {
            uint32_t j, k = 1;

            for (j = 1; j < n->nperms; j++)
                if (n->perms[j].domid != domid)
                    n->perms[k++] = n->perms[j];
            n->nperms = k;
        }
    }
}

/* Remove every node domid owns (and what lies below them). */
static void remove_owned(struct xs_daemon *d, unsigned int domid)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };

    while (acct_nodes(d, domid)) {
        const struct xs_node *victim = NULL;
        uint32_t i;

        for (i = 0; !victim && i < d->nodes.nslots; i++) {
            const struct xs_node *n;

            for (n = d->nodes.slot[i]; n && !victim; n = n->hnext)
                if (n->perms[0].domid == domid && n->path[0] == '/')
                    victim = n;
        }
        if (!victim)
            break;
        if (tree_rm(&x, victim->path)) {
            xs_log(d, "release of d%u: could not remove its nodes", domid);
            break;
        }
    }
}

int xs_domain_release(struct xs_daemon *d, unsigned int domid)
{
    struct xs_domain *dom = domain_find(d, domid), **pp;

    if (domid == 0)
        return XEN_EINVAL;
    if (!dom)
        return XEN_ENOENT;
    if (dom->conn) {
        if (d->ops.conn_gone)
            d->ops.conn_gone(d->ops.ctx, dom->conn);
        xs_conn_free(dom->conn);
    }
    for (pp = &d->domains; *pp != dom; pp = &(*pp)->next)
        ;
    *pp = dom->next;
    xs_free(d, dom);
    remove_owned(d, domid);
    drop_perm_entries(d, domid);
    fire_special(d, "@releaseDomain");
    return 0;
}

int op_introduce(struct xs_req *r)
{
    const char *vec[3];
    unsigned long mfn, port;
    unsigned int domid;
    struct xs_conn *c;
    int err;

    if (req_strings(r, vec, 3) < 3 || req_domid(vec[0], &domid) ||
        parse_uint(vec[1], ~0ul, &mfn) || parse_uint(vec[2], UINT32_MAX, &port) ||
        port == 0 || domid == 0)
        return XEN_EINVAL;
    if (r->x.d->ops.introduce)
        err = r->x.d->ops.introduce(r->x.d->ops.ctx, domid, mfn, port);
    else
        err = xs_domain_introduce(r->x.d, domid, &c);
    return err ? err : req_ok(r);
}

static int one_domid(struct xs_req *r, unsigned int *domid)
{
    return req_domid(req_onearg(r), domid);
}

int op_release(struct xs_req *r)
{
    unsigned int domid;
    int err = one_domid(r, &domid);

    if (!err)
        err = xs_domain_release(r->x.d, domid);
    return err ? err : req_ok(r);
}

int op_is_introduced(struct xs_req *r)
{
    unsigned int domid;
    int err = one_domid(r, &domid);

    if (err)
        return err;
    return req_reply(r, domid == 0 || xs_domain_is_introduced(r->x.d, domid) ?
                        "T" : "F", 2);
}

int op_resume(struct xs_req *r)
{
    unsigned int domid;
    int err = one_domid(r, &domid);

    if (err)
        return err;
    return xs_domain_is_introduced(r->x.d, domid) ? req_ok(r) : XEN_ENOENT;
}

int op_get_domain_path(struct xs_req *r)
{
    unsigned int domid;
    char home[32];
    int err = one_domid(r, &domid);

    if (err)
        return err;
    return req_reply(r, home, home_path(domid, home, sizeof(home)) + 1);
}

/* dom0's own code: a privileged client outside any transaction. */

int xs_write(struct xs_daemon *d, const char *path, const void *val, size_t len)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };
    char *canon;
    int err;

    if (len > XENSTORE_PAYLOAD_MAX)
        return XEN_E2BIG;
    err = path_canon(&x, path, false, &canon);
    if (err)
        return err;
    err = tree_write(&x, canon, val, len, false);
    xs_free(d, canon);
    return err;
}

int xs_read(struct xs_daemon *d, const char *path, void *buf, size_t *len)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };
    const struct xs_node *n;
    char *canon;
    int err = path_canon(&x, path, false, &canon);

    if (err)
        return err;
    err = tree_get(&x, canon, XS_PERM_READ, &n);
    xs_free(d, canon);
    if (err)
        return err;
    memcpy(buf, n->data, n->datalen < *len ? n->datalen : *len);
    *len = n->datalen;
    return 0;
}

int xs_rm(struct xs_daemon *d, const char *path)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };
    char *canon;
    int err = path_canon(&x, path, false, &canon);

    if (err)
        return err;
    err = tree_rm(&x, canon);
    xs_free(d, canon);
    return err;
}

int xs_rm_domain_home(struct xs_daemon *d, unsigned int domid)
{
    char home[32];

    home_path(domid, home, sizeof(home));
    return xs_rm(d, home);
}
