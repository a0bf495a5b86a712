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

/*
 * The home libxl lays out for a new domain (libxl__domain_make), so that
 * what dom0 writes there stays dom0's: the home and its cpu, memory,
 * device and control directories are dom0's with read access for the
 * domain; the nodes a guest writes (control/shutdown to acknowledge, its
 * control/feature-* and control/sysrq, and the data, drivers, feature,
 * attr and error directories) are the domain's.  A domain can therefore
 * neither rewrite nor remove name, domid, vm, or what lies in memory,
 * console, store or device, which dom0 writes below its home later and which
 * inherit dom0's ownership.
 */
static const struct {
    const char *node;           /* below the home; "" is the home */
    bool domains;               /* owned by the domain (else dom0's, it reads) */
} home_layout[] = {
    { "", false }, { "cpu", false }, { "memory", false }, { "device", false },
    { "control", false },
    { "control/shutdown", true }, { "control/feature-poweroff", true },
    { "control/feature-reboot", true }, { "control/feature-suspend", true },
    { "control/sysrq", true },
    { "data", true }, { "drivers", true }, { "feature", true }, { "attr", true },
    { "error", true },
};

int xs_domain_make_home(struct xs_daemon *d, unsigned int domid)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };
    char home[32], path[64];
    size_t i;
    int err = 0;

    if (!domain_find(d, domid))
        return XEN_ENOENT;
    home_path(domid, home, sizeof(home));
    for (i = 0; !err && i < sizeof(home_layout) / sizeof(home_layout[0]); i++) {
        struct xs_perm perms[2] = { { 0, XS_PERM_NONE }, { domid, XS_PERM_READ } };
        bool own = home_layout[i].domains;

        snprintf(path, sizeof(path), "%s%s%s", home, *home_layout[i].node ? "/" : "",
                 home_layout[i].node);
        if (own)
            perms[0].domid = domid;
        err = tree_write(&x, path, NULL, 0, true);
        if (!err)
            err = tree_set_perms(&x, path, perms, own ? 1 : 2);
    }
    return err;
}

int xs_domain_introduce(struct xs_daemon *d, unsigned int domid,
                        struct xs_conn **connp)
{
    struct xs_domain *dom = domain_find(d, domid);

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
    if (!dom->conn) {
        if (!domain_find(d, domid))
            xs_free(d, dom);
        return XEN_ENOMEM;
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

/* A node of the main table domid owns, or NULL. */
static struct xs_node *owned_node(const struct xs_daemon *d, unsigned int domid)
{
    uint32_t i;

    for (i = 0; i < d->nodes.nslots; i++) {
        struct xs_node *n;

        for (n = d->nodes.slot[i]; n; n = n->hnext)
            if (n->perms[0].domid == domid)
                return n;
    }
    return NULL;
}

/*
 * Remove every node domid owns (and what lies below them).  A node that
 * cannot be removed (no memory for the walk) goes to dom0 instead, as
 * Xen's xenstored keeps orphans, so no node is left to a dead domain.
 */
static void remove_owned(struct xs_daemon *d, unsigned int domid)
{
    struct xs_ctx x = { .d = d, .domid = 0, .priv = true };
    struct xs_node *victim;

    while ((victim = owned_node(d, domid))) {
        if (victim->path[0] != '/' || tree_rm(&x, victim->path)) {
            xs_log(d, "release of d%u: %s kept for dom0", domid, victim->path);
            main_chown(d, victim, 0);
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

    int rc;

    home_path(domid, home, sizeof(home));
    rc = xs_rm(d, home);
    if (!xs_domain_is_introduced(d, domid))
        acct_forget(d, domid);      /* nothing of it left: its count record goes */
    return rc;
}
