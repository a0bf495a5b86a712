/*
 * The node messages: DIRECTORY, DIRECTORY_PART, READ, WRITE, MKDIR, RM,
 * GET_PERMS, SET_PERMS.  Each parses its payload, makes the path
 * canonical and hands over to tree.c; public/io/xs_wire.h gives each
 * message's payload and reply.
 */
#include <stdio.h>
#include <string.h>
#include "xs_core.h"

/* The single-path payload as a canonical path; *path is allocated. */
static int one_path(struct xs_req *r, bool special, char **path)
{
    return path_canon(&r->x, req_onearg(r), special, path);
}

/* Look up the single-path payload needing `need`, then answer with fn. */
static int with_node(struct xs_req *r, bool special, unsigned int need,
                     int (*fn)(struct xs_req *r, const struct xs_node *n))
{
    const struct xs_node *n;
    char *path;
    int err = one_path(r, special, &path);

    if (err)
        return err;
    err = tree_get(&r->x, path, need, &n);
    xs_free(r->x.d, path);
    return err ? err : fn(r, n);
}

static int reply_children(struct xs_req *r, const struct xs_node *n)
{
    return req_reply(r, n->children, n->childlen);
}

int op_directory(struct xs_req *r)
{
    return with_node(r, false, XS_PERM_READ, reply_children);
}

static int reply_data(struct xs_req *r, const struct xs_node *n)
{
    return req_reply(r, n->data, n->datalen);
}

int op_read(struct xs_req *r)
{
    return with_node(r, false, XS_PERM_READ, reply_data);
}

static int reply_perms(struct xs_req *r, const struct xs_node *n)
{
    char *buf = xs_alloc(r->x.d, XENSTORE_PAYLOAD_MAX);
    uint32_t len;
    int err;

    if (!buf)
        return XEN_ENOMEM;
    len = perms_format(n->perms, n->nperms, buf, XENSTORE_PAYLOAD_MAX);
    err = len ? req_reply(r, buf, len) : XEN_E2BIG;
    xs_free(r->x.d, buf);
    return err;
}

int op_get_perms(struct xs_req *r)
{
    return with_node(r, true, XS_PERM_READ, reply_perms);
}

/*
 * "<gen>\0" and then whole child names from `off`, as many as fit; the
 * list's end is marked by one more NUL.
 */
static int reply_part(struct xs_req *r, const struct xs_node *n, uint32_t off)
{
    char *buf = xs_alloc(r->x.d, XENSTORE_PAYLOAD_MAX);
    uint32_t genlen, len = 0, max;
    int err;

    if (!buf)
        return XEN_ENOMEM;
    genlen = snprintf(buf, XENSTORE_PAYLOAD_MAX, "%llu",
                      (unsigned long long)(n->gen ? n->gen : n->base_gen)) + 1;
    max = XENSTORE_PAYLOAD_MAX - genlen - 1;

    while (off + len < n->childlen) {
        uint32_t namelen = strlen(n->children + off + len) + 1;

        if (len + namelen > max)
            break;
        len += namelen;
    }
    if (len == 0 && off < n->childlen) {
        xs_free(r->x.d, buf);
        return XEN_E2BIG;
    }
    memcpy(buf + genlen, n->children + off, len);
    if (off + len >= n->childlen)
        buf[genlen + len++] = '\0';
    err = req_reply(r, buf, genlen + len);
    xs_free(r->x.d, buf);
    return err;
}

int op_directory_part(struct xs_req *r)
{
    const char *vec[2];
    const struct xs_node *n;
    unsigned long off;
    char *path;
    int err;

    if (req_strings(r, vec, 2) != 2 || parse_uint(vec[1], UINT32_MAX, &off))
        return XEN_EINVAL;
    err = path_canon(&r->x, vec[0], false, &path);
    if (err)
        return err;
    err = tree_get(&r->x, path, XS_PERM_READ, &n);
    xs_free(r->x.d, path);
    return err ? err : reply_part(r, n, off);
}

int op_write(struct xs_req *r)
{
    const char *nul = r->len ? memchr(r->p, '\0', r->len) : NULL;
    uint32_t vlen;
    char *path;
    int err;

    if (!nul)
        return XEN_EINVAL;
    vlen = r->len - (nul - r->p + 1);
    err = path_canon(&r->x, r->p, false, &path);
    if (err)
        return err;
    err = tree_write(&r->x, path, nul + 1, vlen, false);
    xs_free(r->x.d, path);
    return err ? err : req_ok(r);
}

/* Apply fn to the single-path payload, then answer OK. */
static int on_path(struct xs_req *r,
                   int (*fn)(const struct xs_ctx *x, const char *path))
{
    char *path;
    int err = one_path(r, false, &path);

    if (err)
        return err;
    err = fn(&r->x, path);
    xs_free(r->x.d, path);
    return err ? err : req_ok(r);
}

static int make_dir(const struct xs_ctx *x, const char *path)
{
    return tree_write(x, path, NULL, 0, true);
}

int op_mkdir(struct xs_req *r)
{
    return on_path(r, make_dir);
}

int op_rm(struct xs_req *r)
{
    return on_path(r, tree_rm);
}

int op_set_perms(struct xs_req *r)
{
    uint32_t count = req_strings(r, NULL, 0), nperms, skip;
    struct xs_perm *perms;
    char *path;
    int err;

    if (count < 2)
        return XEN_EINVAL;
    nperms = count - 1;
    if (!r->x.priv && nperms > XS_QUOTA_PERMS)
        return XEN_ENOSPC;
    perms = xs_alloc(r->x.d, nperms * sizeof(*perms));
    if (!perms)
        return XEN_ENOMEM;
    skip = strlen(r->p) + 1;
    err = perms_parse(r->p + skip, r->len - skip, nperms, perms);
    if (!err && !perm_domain_known(r->x.d, perms[0].domid))
        err = XEN_ENOENT;       /* an owner that does not exist, as Xen */
    if (!err) {
        perms_drop_unknown(r->x.d, perms, &nperms);
        err = path_canon(&r->x, r->p, true, &path);
    }
    if (!err) {
        err = tree_set_perms(&r->x, path, perms, nperms);
        xs_free(r->x.d, path);
    }
    xs_free(r->x.d, perms);
    return err ? err : req_ok(r);
}
