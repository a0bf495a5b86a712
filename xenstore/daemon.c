/*
 * The daemon object: creation with the initial tree, memory through the
 * host's allocator, the log, and the invariant check the tests run after
 * every step (xenstored.h lists the invariants).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "xs_core.h"

void *xs_alloc(struct xs_daemon *d, size_t size)
{
    return d->ops.alloc(d->ops.ctx, size);
}

void *xs_zalloc(struct xs_daemon *d, size_t size)
{
    void *p = xs_alloc(d, size);

    if (p)
        memset(p, 0, size);
    return p;
}

void xs_free(struct xs_daemon *d, void *p)
{
    if (p)
        d->ops.free(d->ops.ctx, p);
}

char *xs_strdup(struct xs_daemon *d, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xs_alloc(d, n);

    if (p)
        memcpy(p, s, n);
    return p;
}

void xs_log(const struct xs_daemon *d, const char *fmt, ...)
{
    char line[160];
    va_list ap;

    if (!d->ops.log)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    d->ops.log(d->ops.ctx, line);
}

/* The nodes every store starts with: dom0's, no access for others. */
static const char *const initial_nodes[] = {
    "/", "/local", "/local/domain", "/tool", "@introduceDomain", "@releaseDomain",
};

static int add_initial_node(struct xs_daemon *d, const char *path)
{
    static const struct xs_perm dom0_only = { 0, XS_PERM_NONE };
    struct xs_ctx x = { .d = d, .priv = true };
    struct xs_node *n;

    if (strcmp(path, "/") && path[0] == '/')
        return tree_write(&x, path, NULL, 0, true);
    n = node_build(d, path, &dom0_only, 1, NULL, 0, NULL, 0);
    if (!n)
        return XEN_ENOMEM;
    main_install(d, n);
    return 0;
}

struct xs_daemon *xs_daemon_new(const struct xs_host_ops *ops)
{
    struct xs_daemon *d;
    size_t i;

    if (!ops->alloc || !ops->free)
        return NULL;
    d = ops->alloc(ops->ctx, sizeof(*d));
    if (!d)
        return NULL;
    memset(d, 0, sizeof(*d));
    d->ops = *ops;
    d->conns_tail = &d->conns;
    if (table_init(d, &d->nodes) || acct_reserve(d, 0)) {
        xs_daemon_free(d);
        return NULL;
    }
    for (i = 0; i < sizeof(initial_nodes) / sizeof(initial_nodes[0]); i++) {
        if (add_initial_node(d, initial_nodes[i])) {
            xs_daemon_free(d);
            return NULL;
        }
    }
    return d;
}

void xs_daemon_free(struct xs_daemon *d)
{
    struct xs_acct *a;
    struct xs_domain *dom;

    while (d->conns)
        xs_conn_free(d->conns);
    while ((dom = d->domains)) {
        d->domains = dom->next;
        xs_free(d, dom);
    }
    table_free(d, &d->nodes);
    while ((a = d->acct)) {
        d->acct = a->next;
        xs_free(d, a);
    }
    d->ops.free(d->ops.ctx, d);
}

unsigned long xs_node_count(const struct xs_daemon *d)
{
    return d->nodes.count;
}

unsigned long xs_watch_count(const struct xs_daemon *d)
{
    unsigned long n = 0;

    for (const struct xs_conn *c = d->conns; c; c = c->next)
        n += c->nwatches;
    return n;
}

unsigned long xs_domain_node_count(const struct xs_daemon *d, unsigned int domid)
{
    return acct_nodes(d, domid);
}

/*
 * Every listed child exists; counts them.  A name listed twice shows as
 * more children than nodes in check_tree().
 */
static int check_children(const struct xs_daemon *d, const struct xs_node *n,
                          unsigned long *nchildren)
{
    char path[XENSTORE_ABS_PATH_MAX + 2];
    uint32_t off = 0;

    while (off < n->childlen) {
        const char *name = n->children + off;
        size_t len = strlen(name);
        int w = snprintf(path, sizeof(path), "%s/%s",
                         strcmp(n->path, "/") ? n->path : "", name);

        if (len == 0 || w < 0 || (size_t)w >= sizeof(path) ||
            !table_find(&d->nodes, path))
            return 1;
        off += len + 1;
        (*nchildren)++;
    }
    return 0;
}

/* n's parent exists and lists it exactly once. */
static int check_parent(const struct xs_daemon *d, const struct xs_node *n)
{
    char parent[XENSTORE_ABS_PATH_MAX + 1];
    const char *slash = strrchr(n->path, '/');
    const struct xs_node *p;
    const char *base;
    uint32_t off, seen = 0;

    if (n->path[0] == '@' || !strcmp(n->path, "/"))
        return 0;
    base = slash + 1;
    if (slash == n->path)
        strcpy(parent, "/");
    else
        snprintf(parent, sizeof(parent), "%.*s", (int)(slash - n->path), n->path);
    p = table_find(&d->nodes, parent);
    if (!p)
        return 1;
    for (off = 0; off < p->childlen; off += strlen(p->children + off) + 1)
        seen += !strcmp(p->children + off, base);
    return seen != 1;
}

static int check_tree(const struct xs_daemon *d)
{
    unsigned long children = 0, roots = 0;
    uint32_t i;

    for (i = 0; i < d->nodes.nslots; i++) {
        const struct xs_node *n;

        for (n = d->nodes.slot[i]; n; n = n->hnext) {
            if (n->nperms == 0 || check_parent(d, n) ||
                check_children(d, n, &children))
                return 1;
            roots += n->path[0] == '@' || !strcmp(n->path, "/");
        }
    }
    return children + roots != d->nodes.count;
}

static int check_accounts(const struct xs_daemon *d)
{
    const struct xs_acct *a;
    unsigned long total = 0;

    for (a = d->acct; a; a = a->next) {
        unsigned long n = 0;
        uint32_t i;

        for (i = 0; i < d->nodes.nslots; i++) {
            const struct xs_node *node;

            for (node = d->nodes.slot[i]; node; node = node->hnext)
                n += node->perms[0].domid == a->domid;
        }
        if (n != a->nodes)
            return 1;
        total += n;
    }
    return total != d->nodes.count;
}

static int check_conns(const struct xs_daemon *d)
{
    const struct xs_conn *c;

    for (c = d->conns; c; c = c->next) {
        const struct xs_watch *w;
        const struct xs_txn *t;
        unsigned int n = 0;

        for (w = c->watches; w; w = w->next)
            n++;
        if (n != c->nwatches)
            return 1;
        n = 0;
        for (t = c->txns; t; t = t->next)
            n++;
        if (n != c->ntxns || (!c->priv && (c->nwatches > XS_QUOTA_WATCHES ||
                                           c->ntxns > XS_QUOTA_TRANSACTIONS)))
            return 1;
    }
    return 0;
}

/* Every permission entry names dom0 or an introduced domain. */
static int check_perm_domains(const struct xs_daemon *d)
{
    uint32_t i, j;

    for (i = 0; i < d->nodes.nslots; i++) {
        const struct xs_node *n;

        for (n = d->nodes.slot[i]; n; n = n->hnext)
            for (j = 0; j < n->nperms; j++)
                if (!perm_domain_known(d, n->perms[j].domid))
                    return 1;
    }
    return 0;
}

int xs_daemon_check(const struct xs_daemon *d)
{
    if (check_tree(d)) {
        xs_log(d, "check: tree structure broken");
        return 1;
    }
    if (check_accounts(d)) {
        xs_log(d, "check: node accounting differs from a recount");
        return 2;
    }
    if (check_conns(d)) {
        xs_log(d, "check: connection counts differ from their lists");
        return 3;
    }
    if (check_perm_domains(d)) {
        xs_log(d, "check: a permission entry names a domain that is not there");
        return 4;
    }
    return 0;
}
