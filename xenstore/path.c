/*
 * Paths: Xen's rules for what a client may name (public/io/xs_wire.h),
 * and the string helpers the tree walks need.
 *
 * A relative path is made absolute under the caller's home,
 * /local/domain/<domid>.  The absolute form may be XENSTORE_ABS_PATH_MAX
 * bytes long.  For an unprivileged caller, as in Xen's xenstored, the part
 * below a domain's home (or, elsewhere, the whole path) may also be no
 * longer than XENSTORE_REL_PATH_MAX, so a domain cannot make nodes whose
 * relative names another client could not send back.
 */
#include <stdio.h>
#include <string.h>
#include "xs_core.h"

static const char path_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/_@";

size_t home_path(unsigned int domid, char *buf, size_t len)
{
    return snprintf(buf, len, "/local/domain/%u", domid);
}

/* Where the part of an absolute path below /local/domain/<id>/ starts. */
static size_t below_home(const char *path)
{
    static const char prefix[] = "/local/domain/";
    size_t i = sizeof(prefix) - 1, digits = 0;

    if (strncmp(path, prefix, i))
        return 0;
    while (path[i] >= '0' && path[i] <= '9' && digits < 5) {
        i++;
        digits++;
    }
    return digits && path[i] == '/' ? i + 1 : 0;
}

static bool well_formed(const char *p)
{
    size_t len = strlen(p);

    if (len == 0 || strspn(p, path_chars) != len || strstr(p, "//"))
        return false;
    return p[len - 1] != '/' || len == 1;
}

int path_canon(const struct xs_ctx *x, const char *in, bool allow_special,
               char **out)
{
    char home[32];
    size_t homelen = 0, len;
    char *p;

    *out = NULL;
    if (!in || strspn(in, path_chars) != strlen(in))
        return XEN_EINVAL;
    if (in[0] == '@' && !allow_special)
        return XEN_EINVAL;
    if (in[0] != '/' && in[0] != '@')
        homelen = home_path(x->domid, home, sizeof(home)) + 1;
    len = strlen(in);
    if (len > XENSTORE_ABS_PATH_MAX || homelen + len > XENSTORE_ABS_PATH_MAX)
        return XEN_EINVAL;
    p = xs_alloc(x->d, homelen + len + 1);
    if (!p)
        return XEN_ENOMEM;
    if (homelen) {
        memcpy(p, home, homelen - 1);
        p[homelen - 1] = '/';
    }
    memcpy(p + homelen, in, len + 1);
    if (!well_formed(p) ||
        (!x->priv && strlen(p) - below_home(p) > XENSTORE_REL_PATH_MAX)) {
        xs_free(x->d, p);
        return XEN_EINVAL;
    }
    *out = p;
    return 0;
}

/* The parent of an absolute path other than "/", newly allocated. */
char *path_parent(struct xs_daemon *d, const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash && slash != path ? (size_t)(slash - path) : 1;
    char *p = xs_alloc(d, len + 1);

    if (p) {
        memcpy(p, path, len);
        p[len] = '\0';
    }
    return p;
}

/* The last component of an absolute path other than "/". */
const char *path_base(const char *path)
{
    return strrchr(path, '/') + 1;
}

char *path_child(struct xs_daemon *d, const char *parent, const char *name)
{
    size_t plen = strcmp(parent, "/") ? strlen(parent) : 0;
    size_t nlen = strlen(name);
    char *p = xs_alloc(d, plen + nlen + 2);

    if (p) {
        memcpy(p, parent, plen);
        p[plen] = '/';
        memcpy(p + plen + 1, name, nlen + 1);
    }
    return p;
}

/* path is top or below it ("/" is above everything but @ paths). */
bool path_is_below(const char *path, const char *top)
{
    size_t len = strlen(top);

    if (!strcmp(top, "/"))
        return path[0] == '/';
    return !strncmp(path, top, len) && (path[len] == '/' || path[len] == '\0');
}

/* A decimal number, digits only, at most max. */
int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;

    if (!*s)
        return XEN_EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (unsigned long)(*s - '0') > max)
            return XEN_EINVAL;
        if (v > (max - (unsigned long)(*s - '0')) / 10)
            return XEN_EINVAL;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return 0;
}
