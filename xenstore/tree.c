/*
 * Tree operations on a view: look up with a permission check, write (and
 * create with missing parents), remove a subtree, set permissions.
 *
 * Each operation first looks everything up and builds every new record it
 * will install (the check phase: it may fail, and then changes nothing),
 * then installs them and notes the watch events (the apply phase, which
 * cannot fail; see view.c).  Walks are iterative, so a deep tree cannot
 * exhaust the stack (XSA-418).
 *
 * Creation follows Xen: a new node takes its parent's permissions, and a
 * node an unprivileged domain creates is owned by that domain.  Creating
 * needs write access to the nearest existing ancestor.  When a node is
 * absent, a caller that could not read (or write) its nearest existing
 * ancestor learns EACCES rather than ENOENT, so absence leaks nothing.
 */
#include <string.h>
#include "xs_core.h"

/* ENOENT for absent `path`, or EACCES if its nearest ancestor hides it. */
static int absent_error(const struct xs_ctx *x, const char *path,
                        unsigned int need)
{
    char *p = xs_strdup(x->d, path);
    const struct xs_node *n = NULL;
    int err = 0;

    if (!p)
        return XEN_ENOMEM;
    while (!n && !err && strcmp(p, "/") && p[0] == '/') {
        char *slash = strrchr(p, '/');

        slash[slash == p] = '\0';
        err = view_get(x, p, &n);
    }
    xs_free(x->d, p);
    if (err)
        return err;
    if (n && (perm_access(x, n->perms, n->nperms) & need) == need)
        return XEN_ENOENT;
    return n ? XEN_EACCES : XEN_ENOENT;
}

int tree_get(const struct xs_ctx *x, const char *path, unsigned int need,
             const struct xs_node **out)
{
    int err = view_get(x, path, out);

    if (err)
        return err;
    if (!*out)
        return absent_error(x, path, need);
    if ((perm_access(x, (*out)->perms, (*out)->nperms) & need) != need) {
        *out = NULL;
        return XEN_EACCES;
    }
    return 0;
}

static bool too_big(const struct xs_ctx *x, const struct xs_node *n)
{
    return !x->priv && node_size(n) >= XS_QUOTA_NODE_SIZE;
}

/* A rebuilt record, checked: it was built and is within the size quota. */
static int rebuilt(const struct xs_ctx *x, struct xs_node *m)
{
    if (!m)
        return XEN_ENOMEM;
    if (too_big(x, m)) {
        xs_free(x->d, m);
        return XEN_ENOSPC;
    }
    return 0;
}

static void note_change(const struct xs_ctx *x, const struct xs_node *n,
                        bool exact)
{
    struct xs_event_perms ep = { n->perms, NULL, n->nperms, 0 };

    watch_note(x, n->path, exact, &ep);
}

/* Records for a creation: recs[0] the existing ancestor, then new nodes. */
struct creation {
    struct xs_node **recs;
    uint32_t count;
};

static void creation_free(struct xs_daemon *d, struct creation *cr)
{
    uint32_t i;

    for (i = 0; i < cr->count; i++)
        xs_free(d, cr->recs[i]);
    xs_free(d, cr->recs);
}

/*
 * Find the nearest existing ancestor of absent `path`; *depth gets the
 * number of nodes to create (path's length bounds it).
 */
static int find_ancestor(const struct xs_ctx *x, char *scratch,
                         const struct xs_node **anc, uint32_t *depth)
{
    int err = 0;

    *anc = NULL;
    *depth = 1;
    while (!*anc && !err) {
        char *slash = strrchr(scratch, '/');

        slash[slash == scratch] = '\0';
        err = view_get(x, scratch, anc);
        if (!*anc)
            (*depth)++;
    }
    return err;
}

/*
 * The records of a creation below existing `anc`: recs[0] is anc with its
 * new child, recs[1..] the new nodes down to path, each listing the next
 * as its only child, the last holding val.  All new nodes get anc's
 * permissions, with the owner replaced by an unprivileged creator.
 * `names` is path with every '/' below anc made a NUL, so that each
 * component is a NUL-terminated child-list entry.
 */
static int build_creation(const struct xs_ctx *x, const struct xs_node *anc,
                          const char *path, const void *val, uint32_t len,
                          struct creation *cr)
{
    size_t pos = strcmp(anc->path, "/") ? anc->pathlen + 1 : 1;
    size_t pathlen = strlen(path), k;
    char *names = xs_strdup(x->d, path);
    char *prefix = xs_strdup(x->d, path);
    struct xs_perm *perms = xs_alloc(x->d, anc->nperms * sizeof(*perms));
    uint32_t i;

    if (names && prefix && perms) {
        for (k = pos; k < pathlen; k++)
            if (names[k] == '/')
                names[k] = '\0';
        memcpy(perms, anc->perms, anc->nperms * sizeof(*perms));
        if (!x->priv)
            perms[0].domid = x->domid;
        cr->recs[0] = node_with_child(x->d, anc, names + pos);
    }
    for (i = 1; names && prefix && perms && i < cr->count; i++) {
        size_t end = pos + strlen(names + pos);
        bool leaf = end == pathlen;
        const char *next = leaf ? NULL : names + end + 1;

        prefix[end] = '\0';
        cr->recs[i] = node_build(x->d, prefix, perms, anc->nperms,
                                 leaf ? val : NULL, leaf ? len : 0,
                                 next, leaf ? 0 : strlen(next) + 1);
        prefix[end] = leaf ? '\0' : '/';
        pos = end + 1;
    }
    xs_free(x->d, names);
    xs_free(x->d, prefix);
    xs_free(x->d, perms);
    for (i = 0; i < cr->count; i++)
        if (!cr->recs[i])
            return XEN_ENOMEM;
    return 0;
}

/* Create absent `path` (and missing parents) holding val. */
static int tree_create(const struct xs_ctx *x, const char *path,
                       const void *val, uint32_t len)
{
    struct creation cr = { NULL, 0 };
    const struct xs_node *anc;
    char *scratch = xs_strdup(x->d, path);
    uint32_t depth, i;
    int err = scratch ? find_ancestor(x, scratch, &anc, &depth) : XEN_ENOMEM;

    xs_free(x->d, scratch);
    if (err)
        return err;
    if (!(perm_access(x, anc->perms, anc->nperms) & XS_PERM_WRITE))
        return XEN_EACCES;
    if (!x->priv && acct_nodes(x->d, x->domid) +
                    (x->t ? x->t->created : 0) + depth > XS_QUOTA_NODES)
        return XEN_ENOSPC;
    cr.count = depth + 1;
    cr.recs = xs_zalloc(x->d, cr.count * sizeof(*cr.recs));
    if (!cr.recs)
        return XEN_ENOMEM;
    err = build_creation(x, anc, path, val, len, &cr);
    for (i = 0; !err && i < cr.count; i++)
        if (too_big(x, cr.recs[i]))
            err = XEN_ENOSPC;
    if (err) {
        creation_free(x->d, &cr);
        return err;
    }
    for (i = 0; i < cr.count; i++)
        view_put(x, cr.recs[i]);
    if (x->t && cr.recs[1]->perms[0].domid == x->domid)
        x->t->created += depth;
    note_change(x, cr.recs[cr.count - 1], false);
    xs_free(x->d, cr.recs);
    return 0;
}

int tree_write(const struct xs_ctx *x, const char *path, const void *val,
               uint32_t len, bool only_create)
{
    const struct xs_node *n;
    struct xs_node *m;
    int err = tree_get(x, path, XS_PERM_WRITE, &n);

    if (err == XEN_ENOENT)
        return tree_create(x, path, val, len);
    if (err || only_create)
        return err;
    m = node_with_data(x->d, n, val, len);
    err = rebuilt(x, m);
    if (err)
        return err;
    view_put(x, m);
    note_change(x, m, false);
    return 0;
}

/* A subtree listed top-down: nodes[0] is its top. */
struct subtree {
    const struct xs_node **nodes;
    uint32_t count, cap;
};

static int subtree_push(struct xs_daemon *d, struct subtree *st,
                        const struct xs_node *n)
{
    if (st->count == st->cap) {
        uint32_t cap = st->cap ? st->cap * 2 : 16;
        const struct xs_node **nodes = xs_alloc(d, cap * sizeof(*nodes));

        if (!nodes)
            return XEN_ENOMEM;
        if (st->count)
            memcpy(nodes, st->nodes, st->count * sizeof(*nodes));
        xs_free(d, st->nodes);
        st->nodes = nodes;
        st->cap = cap;
    }
    st->nodes[st->count++] = n;
    return 0;
}

/* Collect top and everything below it, breadth first, without recursion. */
static int subtree_collect(const struct xs_ctx *x, const struct xs_node *top,
                           struct subtree *st)
{
    uint32_t i;
    int err = subtree_push(x->d, st, top);

    for (i = 0; !err && i < st->count; i++) {
        const struct xs_node *n = st->nodes[i];
        uint32_t off;

        for (off = 0; !err && off < n->childlen;
             off += strlen(n->children + off) + 1) {
            char *child = path_child(x->d, n->path, n->children + off);
            const struct xs_node *c = NULL;

            err = child ? view_get(x, child, &c) : XEN_ENOMEM;
            xs_free(x->d, child);
            if (!err && c)
                err = subtree_push(x->d, st, c);
        }
    }
    return err;
}

/* Remove existing n (not "/") and all below it. */
static int tree_rm_node(const struct xs_ctx *x, const struct xs_node *n)
{
    struct subtree st = { NULL, 0, 0 };
    const struct xs_node *parent = NULL;
    struct xs_node *newparent = NULL;
    char *pp = path_parent(x->d, n->path);
    int err = pp ? view_get(x, pp, &parent) : XEN_ENOMEM;
    uint32_t i;

    if (!err && parent)
        err = subtree_collect(x, n, &st);
    if (!err && parent) {
        newparent = node_without_child(x->d, parent, path_base(n->path));
        err = newparent ? 0 : XEN_ENOMEM;
    }
    xs_free(x->d, pp);
    if (err || !parent) {
        xs_free(x->d, st.nodes);
        return err ? err : XEN_EIO;
    }
    /* Children before parents; the top fires every watch above it too. */
    for (i = st.count; i-- > 0;) {
        note_change(x, st.nodes[i], i != 0);
        if (x->t && st.nodes[i]->perms[0].domid == x->domid)
            x->t->created--;
        view_del(x, st.nodes[i]->path);
    }
    view_put(x, newparent);
    xs_free(x->d, st.nodes);
    return 0;
}

int tree_rm(const struct xs_ctx *x, const char *path)
{
    const struct xs_node *n;
    int err;

    if (!strcmp(path, "/") || path[0] != '/')
        return XEN_EINVAL;
    err = tree_get(x, path, XS_PERM_WRITE, &n);
    if (err == XEN_ENOENT) {
        /* Absent is fine when the parent exists. */
        char *pp = path_parent(x->d, path);
        const struct xs_node *parent = NULL;

        err = pp ? view_get(x, pp, &parent) : XEN_ENOMEM;
        xs_free(x->d, pp);
        return err ? err : parent ? 0 : XEN_ENOENT;
    }
    return err ? err : tree_rm_node(x, n);
}

int tree_set_perms(const struct xs_ctx *x, const char *path,
                   const struct xs_perm *perms, uint32_t nperms)
{
    const struct xs_node *n;
    struct xs_node *m;
    struct xs_event_perms ep;
    int err = tree_get(x, path, XS_PERM_WRITE | XS_PERM_OWNER, &n);

    if (err)
        return err;
    if (!x->priv && perms[0].domid != n->perms[0].domid)
        return XEN_EPERM;
    err = acct_reserve(x->d, perms[0].domid);
    if (err)
        return err;
    m = node_with_perms(x->d, n, perms, nperms);
    err = rebuilt(x, m);
    if (err)
        return err;
    /* Watchers that could read the node before or after are told. */
    ep = (struct xs_event_perms){ m->perms, n->perms, m->nperms, n->nperms };
    watch_note(x, path, false, &ep);
    view_put(x, m);
    return 0;
}
