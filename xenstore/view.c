/*
 * Views and transactions.
 *
 * Outside a transaction a view is the main table and changes apply at
 * once.  Inside one, the transaction's private table overlays the main
 * table: an entry there is a record the transaction wrote, a mark that it
 * deleted the path (XS_N_DELETED), or a mark that it only read the path
 * (XS_N_READ).  Every entry remembers the main table's generation of its
 * path when the transaction first touched it (0: absent).  Commit checks
 * that every touched path still has that generation, so anything the
 * transaction read or wrote that changed underneath it makes the commit
 * fail with EAGAIN, as Xen's generation-count check does.  Then the
 * private records move into the main table, and the watch events the
 * transaction queued fire in the order its changes were made.
 *
 * Invariant: tree operations look a path up (view_get) before they put or
 * delete it, so view_put and view_del always find the path's entry and
 * need neither memory nor quota: once an operation has its records built,
 * applying it cannot fail.  The per-transaction quota
 * (XS_QUOTA_TXN_NODES touched paths) is therefore checked in view_get.
 */
#include <string.h>
#include "xs_core.h"

/* Remember that the transaction read `path`. */
static int txn_mark_read(const struct xs_ctx *x, const char *path,
                         const struct xs_node *main)
{
    static const struct xs_perm none;
    struct xs_node *m;

    if (!x->priv && x->t->tab.count >= XS_QUOTA_TXN_NODES)
        return XEN_ENOSPC;
    m = node_build(x->d, path, &none, 0, NULL, 0, NULL, 0);
    if (!m)
        return XEN_ENOMEM;
    m->flags = XS_N_READ;
    m->base_gen = main ? main->gen : 0;
    table_insert(x->d, &x->t->tab, m);
    return 0;
}

int view_get(const struct xs_ctx *x, const char *path,
             const struct xs_node **out)
{
    const struct xs_node *main = table_find(&x->d->nodes, path);
    const struct xs_node *e;
    int err;

    *out = main;
    if (!x->t)
        return 0;
    e = table_find(&x->t->tab, path);
    if (!e) {
        err = txn_mark_read(x, path, main);
        if (err)
            *out = NULL;
        return err;
    }
    if (e->flags & XS_N_DELETED)
        *out = NULL;
    else if (!(e->flags & XS_N_READ))
        *out = e;
    return 0;
}

/* The generation a transaction saw for path: its entry's, else main's. */
static uint64_t txn_base(const struct xs_ctx *x, struct xs_node *entry,
                         const char *path)
{
    const struct xs_node *main;

    if (entry)
        return entry->base_gen;
    main = table_find(&x->d->nodes, path);
    return main ? main->gen : 0;
}

int view_put(const struct xs_ctx *x, struct xs_node *n)
{
    struct xs_node *e;

    if (!x->t) {
        main_install(x->d, n);
        return 0;
    }
    e = table_unlink(&x->t->tab, n->path);
    n->base_gen = txn_base(x, e, n->path);
    n->flags = 0;
    xs_free(x->d, e);
    table_insert(x->d, &x->t->tab, n);
    return 0;
}

int view_del(const struct xs_ctx *x, const char *path)
{
    static const struct xs_perm none;
    struct xs_node *e;

    if (!x->t) {
        main_remove(x->d, path);
        return 0;
    }
    e = table_find(&x->t->tab, path);
    if (!e) {
        /* Not reached by the tree operations (see the invariant above). */
        e = node_build(x->d, path, &none, 0, NULL, 0, NULL, 0);
        if (!e)
            return XEN_ENOMEM;
        e->base_gen = txn_base(x, NULL, path);
        table_insert(x->d, &x->t->tab, e);
    }
    e->flags = XS_N_DELETED;
    return 0;
}

void txn_free(struct xs_daemon *d, struct xs_txn *t)
{
    struct xs_pending *p;

    table_free(d, &t->tab);
    while ((p = t->events)) {
        t->events = p->next;
        xs_free(d, p);
    }
    xs_free(d, t);
}

/* Every touched path still has the generation the transaction saw. */
static bool txn_unchanged(const struct xs_daemon *d, const struct xs_txn *t)
{
    uint32_t i;

    for (i = 0; i < t->tab.nslots; i++) {
        const struct xs_node *e;

        for (e = t->tab.slot[i]; e; e = e->hnext) {
            const struct xs_node *main = table_find(&d->nodes, e->path);

            if ((main ? main->gen : 0) != e->base_gen)
                return false;
        }
    }
    return true;
}

/* Net nodes domain `domid` would gain from the commit. */
static long txn_node_delta(const struct xs_daemon *d, const struct xs_txn *t,
                           unsigned int domid)
{
    long delta = 0;
    uint32_t i;

    for (i = 0; i < t->tab.nslots; i++) {
        const struct xs_node *e;

        for (e = t->tab.slot[i]; e; e = e->hnext) {
            const struct xs_node *main = table_find(&d->nodes, e->path);

            if (e->flags & XS_N_READ)
                continue;
            delta -= main && main->perms[0].domid == domid;
            delta += !(e->flags & XS_N_DELETED) && e->perms[0].domid == domid;
        }
    }
    return delta;
}

/*
 * A record about to be installed names only live domains: a domain
 * released while the transaction was open loses its entries, and a node
 * it would own goes to dom0 (as Xen's xenstored does with orphans).
 */
static void txn_sanitise(struct xs_daemon *d, struct xs_node *e)
{
    perms_drop_unknown(d, e->perms, &e->nperms);
    if (!perm_domain_known(d, e->perms[0].domid))
        e->perms[0].domid = 0;
}

/* Move the private records into the main table; empties t->tab. */
static void txn_apply(struct xs_daemon *d, struct xs_txn *t)
{
    uint32_t i;

    for (i = 0; i < t->tab.nslots; i++) {
        while (t->tab.slot[i]) {
            struct xs_node *e = t->tab.slot[i];

            t->tab.slot[i] = e->hnext;
            t->tab.count--;
            if (e->flags & XS_N_DELETED)
                main_remove(d, e->path);
            if (e->flags & (XS_N_DELETED | XS_N_READ)) {
                xs_free(d, e);
            } else {
                txn_sanitise(d, e);
                main_install(d, e);
            }
        }
    }
}

static void txn_fire(struct xs_daemon *d, struct xs_txn *t)
{
    struct xs_pending *p;

    while ((p = t->events)) {
        struct xs_event_perms ep = { p->perms, p->perms + p->nperms,
                                     p->nperms, p->nold };

        t->events = p->next;
        watch_fire(d, p->path, p->exact, &ep);
        xs_free(d, p);
    }
    t->events_tail = &t->events;
}

/*
 * Commit x->t.  On success the transaction's changes are in the main table
 * and its events have fired; either way the caller frees it.
 */
int txn_commit(const struct xs_ctx *x)
{
    struct xs_txn *t = x->t;
    long delta;

    if (t->failed)
        return XEN_ENOMEM;
    if (!txn_unchanged(x->d, t))
        return XEN_EAGAIN;
    delta = txn_node_delta(x->d, t, x->domid);
    if (!x->priv && delta > 0 &&
        acct_nodes(x->d, x->domid) + delta > XS_QUOTA_NODES)
        return XEN_ENOSPC;
    txn_apply(x->d, t);
    txn_fire(x->d, t);
    return 0;
}
