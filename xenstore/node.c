/*
 * Node records and the hash tables that hold them (xs_core.h describes
 * the record).  The main table also keeps the per-domain node counts the
 * quota is checked against: main_install() and main_remove() are the only
 * ways a record enters or leaves it, and both move the owner's count.
 */
#include <string.h>
#include "xs_core.h"

uint32_t xs_hash(const char *s)
{
    uint32_t h = 2166136261u;        /* FNV-1a */

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

uint32_t node_size(const struct xs_node *n)
{
    return XS_NODE_HDR_BYTES + n->nperms * XS_PERM_BYTES + n->datalen +
           n->childlen;
}

/*
 * One allocation holding the record; its child list is the two pieces
 * c1 and c2 put together (node_with_child and node_without_child need two).
 */
static struct xs_node *node_alloc(struct xs_daemon *d, const char *path,
                                  const struct xs_perm *perms, uint32_t nperms,
                                  const void *data, uint32_t datalen,
                                  const char *c1, uint32_t l1,
                                  const char *c2, uint32_t l2)
{
    size_t pathlen = strlen(path);
    struct xs_node *n = xs_alloc(d, sizeof(*n) + nperms * sizeof(*perms) +
                                    pathlen + 1 + datalen + l1 + l2);

    if (!n)
        return NULL;
    memset(n, 0, sizeof(*n));
    n->perms = (struct xs_perm *)(n + 1);
    n->nperms = nperms;
    memcpy(n->perms, perms, nperms * sizeof(*perms));
    n->path = (char *)(n->perms + nperms);
    n->pathlen = pathlen;
    memcpy(n->path, path, pathlen + 1);
    n->hash = xs_hash(path);
    n->data = n->path + pathlen + 1;
    n->datalen = datalen;
    if (datalen)
        memcpy(n->data, data, datalen);
    n->children = n->data + datalen;
    n->childlen = l1 + l2;
    if (l1)
        memcpy(n->children, c1, l1);
    if (l2)
        memcpy(n->children + l1, c2, l2);
    return n;
}

struct xs_node *node_build(struct xs_daemon *d, const char *path,
                           const struct xs_perm *perms, uint32_t nperms,
                           const void *data, uint32_t datalen,
                           const char *children, uint32_t childlen)
{
    return node_alloc(d, path, perms, nperms, data, datalen, children,
                      childlen, NULL, 0);
}

struct xs_node *node_with_data(struct xs_daemon *d, const struct xs_node *n,
                               const void *data, uint32_t len)
{
    return node_build(d, n->path, n->perms, n->nperms, data, len,
                      n->children, n->childlen);
}

struct xs_node *node_with_perms(struct xs_daemon *d, const struct xs_node *n,
                                const struct xs_perm *perms, uint32_t nperms)
{
    return node_build(d, n->path, perms, nperms, n->data, n->datalen,
                      n->children, n->childlen);
}

/* The offset of child `name` in n's list, or -1. */
static long child_offset(const struct xs_node *n, const char *name)
{
    uint32_t off = 0;

    while (off < n->childlen) {
        const char *c = n->children + off;

        if (!strcmp(c, name))
            return off;
        off += strlen(c) + 1;
    }
    return -1;
}

bool node_has_child(const struct xs_node *n, const char *name)
{
    return child_offset(n, name) >= 0;
}

struct xs_node *node_with_child(struct xs_daemon *d, const struct xs_node *n,
                                const char *name)
{
    return node_alloc(d, n->path, n->perms, n->nperms, n->data, n->datalen,
                      n->children, n->childlen, name, strlen(name) + 1);
}

struct xs_node *node_without_child(struct xs_daemon *d, const struct xs_node *n,
                                   const char *name)
{
    long off = child_offset(n, name);
    uint32_t skip = strlen(name) + 1;

    if (off < 0)
        return node_build(d, n->path, n->perms, n->nperms, n->data, n->datalen,
                          n->children, n->childlen);
    return node_alloc(d, n->path, n->perms, n->nperms, n->data, n->datalen,
                      n->children, off, n->children + off + skip,
                      n->childlen - off - skip);
}

/* Tables: chained hashing, doubled when the load passes 1. */

struct xs_node *table_find(const struct xs_table *tab, const char *path)
{
    struct xs_node *n;
    uint32_t h;

    if (!tab->nslots)
        return NULL;
    h = xs_hash(path);
    for (n = tab->slot[h & (tab->nslots - 1)]; n; n = n->hnext)
        if (n->hash == h && !strcmp(n->path, path))
            return n;
    return NULL;
}

/* Grow the slot array; on failure the table keeps working, only slower. */
static void table_grow(struct xs_daemon *d, struct xs_table *tab)
{
    uint32_t nslots = tab->nslots ? tab->nslots * 2 : 16;
    struct xs_node **slot = xs_zalloc(d, nslots * sizeof(*slot));
    uint32_t i;

    if (!slot)
        return;
    for (i = 0; i < tab->nslots; i++) {
        struct xs_node *n = tab->slot[i];

        while (n) {
            struct xs_node *next = n->hnext;

            n->hnext = slot[n->hash & (nslots - 1)];
            slot[n->hash & (nslots - 1)] = n;
            n = next;
        }
    }
    xs_free(d, tab->slot);
    tab->slot = slot;
    tab->nslots = nslots;
}

/* A table with its first slots: inserting into it then cannot fail. */
int table_init(struct xs_daemon *d, struct xs_table *tab)
{
    memset(tab, 0, sizeof(*tab));
    table_grow(d, tab);
    return tab->nslots ? 0 : XEN_ENOMEM;
}

/* Insert n, which no record of the same path is in the table with. */
void table_insert(struct xs_daemon *d, struct xs_table *tab, struct xs_node *n)
{
    struct xs_node **head;

    if (tab->count >= tab->nslots)
        table_grow(d, tab);
    head = &tab->slot[n->hash & (tab->nslots - 1)];
    n->hnext = *head;
    *head = n;
    tab->count++;
}

struct xs_node *table_unlink(struct xs_table *tab, const char *path)
{
    struct xs_node **pp;
    uint32_t h;

    if (!tab->nslots)
        return NULL;
    h = xs_hash(path);
    for (pp = &tab->slot[h & (tab->nslots - 1)]; *pp; pp = &(*pp)->hnext) {
        struct xs_node *n = *pp;

        if (n->hash == h && !strcmp(n->path, path)) {
            *pp = n->hnext;
            tab->count--;
            return n;
        }
    }
    return NULL;
}

void table_free(struct xs_daemon *d, struct xs_table *tab)
{
    uint32_t i;

    for (i = 0; i < tab->nslots; i++) {
        while (tab->slot[i]) {
            struct xs_node *n = tab->slot[i];

            tab->slot[i] = n->hnext;
            xs_free(d, n);
        }
    }
    xs_free(d, tab->slot);
    tab->slot = NULL;
    tab->nslots = tab->count = 0;
}

/* Per-domain node counts. */

static struct xs_acct *acct_find(const struct xs_daemon *d, unsigned int domid)
{
    struct xs_acct *a;

    for (a = d->acct; a; a = a->next)
        if (a->domid == domid)
            return a;
    return NULL;
}

unsigned long acct_nodes(const struct xs_daemon *d, unsigned int domid)
{
    const struct xs_acct *a = acct_find(d, domid);

    return a ? a->nodes : 0;
}

/*
 * Make sure domid has a count record.  Called before anything can give
 * the domain a node (a connection for it, dom0 naming it as an owner), so
 * that installing a node never needs memory.
 */
int acct_reserve(struct xs_daemon *d, unsigned int domid)
{
    struct xs_acct *a = acct_find(d, domid);

    if (a)
        return 0;
    a = xs_zalloc(d, sizeof(*a));
    if (!a)
        return XEN_ENOMEM;
    a->domid = domid;
    a->next = d->acct;
    d->acct = a;
    return 0;
}

/* A released domain that owns no node any more: its record goes, so that
 * records do not pile up with every domain id ever seen (the toolstack's
 * create/destroy cycles).  A later connection or owner reserves anew. */
void acct_forget(struct xs_daemon *d, unsigned int domid)
{
    struct xs_acct **pp = &d->acct;

    for (; *pp; pp = &(*pp)->next) {
        struct xs_acct *a = *pp;

        if (a->domid != domid)
            continue;
        if (a->nodes || domid == 0)
            return;
        *pp = a->next;
        xs_free(d, a);
        return;
    }
}

static void acct_add(struct xs_daemon *d, unsigned int domid, long delta)
{
    struct xs_acct *a = acct_find(d, domid);

    if (a)
        a->nodes += delta;
}

void main_install(struct xs_daemon *d, struct xs_node *n)
{
    struct xs_node *old = table_unlink(&d->nodes, n->path);

    n->flags = 0;
    n->gen = ++d->gen;
    if (old) {
        acct_add(d, old->perms[0].domid, -1);
        xs_free(d, old);
    }
    acct_add(d, n->perms[0].domid, 1);
    table_insert(d, &d->nodes, n);
}

void main_remove(struct xs_daemon *d, const char *path)
{
    struct xs_node *old = table_unlink(&d->nodes, path);

    if (old) {
        d->gen++;
        acct_add(d, old->perms[0].domid, -1);
        xs_free(d, old);
    }
}

/*
 * Give installed node n to domid in place (release's last resort for a
 * node it could not remove; the count record of domid exists).
 */
void main_chown(struct xs_daemon *d, struct xs_node *n, unsigned int domid)
{
    acct_add(d, n->perms[0].domid, -1);
    n->perms[0].domid = domid;
    acct_add(d, domid, 1);
}
