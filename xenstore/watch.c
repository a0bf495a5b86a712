/*
 * Watches.  A watch is (path, token) on one connection.  A change to a
 * node fires every watch on that node or above it; removing a subtree
 * fires, for its top node, every watch on or above it and, for each node
 * below, the watches on exactly that node (Xen's "exact" events), children
 * before parents.  A connection only gets events for nodes it may read,
 * or whose parent it may read (Xen's rule since XSA-115); for a node whose
 * permissions changed, readable under the old or the new ones.  The
 * special paths @introduceDomain and @releaseDomain are nodes too, owned
 * by dom0 and unreadable to others until dom0 changes their permissions.
 *
 * Changes made in a transaction are queued on it (struct xs_pending) and
 * fire when it commits.  The event path is the changed node's, stripped of
 * the caller's home prefix when the watch was set with a relative path.
 * Connections are visited in creation order and watches in registration
 * order, so events leave in a deterministic order.
 */
#include <string.h>
#include "xs_core.h"

static bool may_see(const struct xs_daemon *d, const struct xs_conn *c,
                    const struct xs_event_perms *ep,
                    const struct xs_node *parent)
{
    struct xs_ctx x = { .d = (struct xs_daemon *)d, .c = (struct xs_conn *)c,
                        .domid = c->domid, .priv = c->priv };

    if (ep->nperms && (perm_access(&x, ep->perms, ep->nperms) & XS_PERM_READ))
        return true;
    if (ep->nold && (perm_access(&x, ep->old, ep->nold) & XS_PERM_READ))
        return true;
    return parent &&
           (perm_access(&x, parent->perms, parent->nperms) & XS_PERM_READ);
}

static bool watch_matches(const struct xs_watch *w, const char *path,
                          bool exact)
{
    if (exact)
        return !strcmp(w->path, path);
    return path_is_below(path, w->path) ||
           (path[0] == '@' && !strcmp(w->path, path));
}

void watch_fire(struct xs_daemon *d, const char *path, bool exact,
                const struct xs_event_perms *ep)
{
    const struct xs_node *parent = NULL;
    struct xs_conn *c;

    if (path[0] == '/' && strcmp(path, "/")) {
        char *pp = path_parent(d, path);

        if (pp)
            parent = table_find(&d->nodes, pp);
        xs_free(d, pp);
    }
    for (c = d->conns; c; c = c->next) {
        const struct xs_watch *w;

        if (!c->watches || c->error || !may_see(d, c, ep, parent))
            continue;
        for (w = c->watches; w; w = w->next)
            if (watch_matches(w, path, exact))
                conn_event(c, path + w->prefix_len, w->token);
    }
}

/* Queue an event on x's transaction; a failure dooms the transaction. */
static void txn_queue(const struct xs_ctx *x, const char *path, bool exact,
                      const struct xs_event_perms *ep)
{
    size_t plen = strlen(path) + 1;
    size_t nperms = ep->nperms + ep->nold;
    struct xs_pending *p = xs_alloc(x->d, sizeof(*p) +
                                          nperms * sizeof(struct xs_perm) + plen);

    if (!p) {
        x->t->failed = true;
        return;
    }
    p->next = NULL;
    p->exact = exact;
    p->nperms = ep->nperms;
    p->nold = ep->nold;
    p->perms = (struct xs_perm *)(p + 1);
    if (ep->nperms)
        memcpy(p->perms, ep->perms, ep->nperms * sizeof(struct xs_perm));
    if (ep->nold)
        memcpy(p->perms + ep->nperms, ep->old, ep->nold * sizeof(struct xs_perm));
    p->path = (char *)(p->perms + nperms);
    memcpy(p->path, path, plen);
    *x->t->events_tail = p;
    x->t->events_tail = &p->next;
}

void watch_note(const struct xs_ctx *x, const char *path, bool exact,
                const struct xs_event_perms *ep)
{
    if (x->t)
        txn_queue(x, path, exact, ep);
    else
        watch_fire(x->d, path, exact, ep);
}

int watch_add(struct xs_conn *c, const char *path, const char *token,
              bool relative)
{
    size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
    struct xs_watch *w, **tail = &c->watches;
    char home[32];

    for (w = c->watches; w; w = w->next) {
        if (!strcmp(w->path, path) && !strcmp(w->token, token))
            return XEN_EEXIST;
        tail = &w->next;
    }
    if (!c->priv && c->nwatches >= XS_QUOTA_WATCHES)
        return XEN_E2BIG;
    w = xs_alloc(c->d, sizeof(*w) + plen + tlen);
    if (!w)
        return XEN_ENOMEM;
    w->next = NULL;
    w->path = (char *)(w + 1);
    memcpy(w->path, path, plen);
    w->token = w->path + plen;
    memcpy(w->token, token, tlen);
    w->prefix_len = relative ? home_path(c->domid, home, sizeof(home)) + 1 : 0;
    *tail = w;
    c->nwatches++;
    return 0;
}

int watch_del(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch **pp;

    for (pp = &c->watches; *pp; pp = &(*pp)->next) {
        struct xs_watch *w = *pp;

        if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
            *pp = w->next;
            xs_free(c->d, w);
            c->nwatches--;
            return 0;
        }
    }
    return XEN_ENOENT;
}

void watch_del_all(struct xs_conn *c)
{
    struct xs_watch *w;

    while ((w = c->watches)) {
        c->watches = w->next;
        xs_free(c->d, w);
    }
    c->nwatches = 0;
}
