/*
 * Node permissions, as in Xen: entry 0 names the owner and gives the
 * access of every domain not listed; entries 1.. give listed domains their
 * own access.  The owner and privileged connections (dom0) may do
 * anything.  On the wire an entry is a letter (n, r, w, b) and a decimal
 * domid: "r5".
 *
 * An entry may only name a domain that exists for the daemon: dom0 or an
 * introduced domain.  Xen's xenstored marks entries naming a domain that
 * does not exist as ignored (XSA-322/417): otherwise a domain created
 * later with that id would get the access.  Here such entries are dropped
 * before the permissions are stored (SET_PERMS, and again at a
 * transaction's commit, in case the domain went away meanwhile), and
 * release drops the entries naming the released domain, so every stored
 * entry names a live domain (xs_daemon_check verifies it).  An owner that
 * is not a live domain makes SET_PERMS fail with ENOENT, as in Xen.
 */
#include <stdio.h>
#include <string.h>
#include "xs_core.h"

unsigned int perm_access(const struct xs_ctx *x, const struct xs_perm *perms,
                         uint32_t nperms)
{
    uint32_t i;

    if (x->priv || perms[0].domid == x->domid)
        return XS_PERM_BOTH | XS_PERM_OWNER;
    for (i = 1; i < nperms; i++)
        if (perms[i].domid == x->domid)
            return perms[i].perm;
    return perms[0].perm;
}

static int perm_letter(char c, uint32_t *perm)
{
    switch (c) {
    case 'n': *perm = XS_PERM_NONE;  return 0;
    case 'r': *perm = XS_PERM_READ;  return 0;
    case 'w': *perm = XS_PERM_WRITE; return 0;
    case 'b': *perm = XS_PERM_BOTH;  return 0;
    default:  return XEN_EINVAL;
    }
}

/* Parse `count` NUL-terminated entries from strings (len bytes). */
int perms_parse(const char *strings, uint32_t len, uint32_t count,
                struct xs_perm *out)
{
    uint32_t i, off = 0;

    for (i = 0; i < count; i++) {
        const char *s = strings + off;
        const char *nul = memchr(s, '\0', len - off);
        unsigned long domid;

        if (!nul || perm_letter(s[0], &out[i].perm) ||
            parse_uint(s + 1, 0xffff, &domid))
            return XEN_EINVAL;
        out[i].domid = domid;
        off += nul - s + 1;
    }
    return 0;
}

/* The entries as wire strings into buf; the length, or 0 if too small. */
uint32_t perms_format(const struct xs_perm *perms, uint32_t nperms, char *buf,
                      uint32_t len)
{
    static const char letters[] = "nrwb";
    uint32_t i, off = 0;

    for (i = 0; i < nperms; i++) {
        int w = snprintf(buf + off, len - off, "%c%u", letters[perms[i].perm & 3],
                         perms[i].domid);

        if (w < 0 || (uint32_t)w + 1 > len - off)
            return 0;
        off += w + 1;
    }
    return off;
}

bool perm_domain_known(const struct xs_daemon *d, unsigned int domid)
{
    return domid == 0 || domain_find(d, domid) != NULL;
}

/*
 * Drop entries 1.. that name no live domain (in place); *nperms shrinks.
 * Entry 0, the owner, is left to the caller.
 */
void perms_drop_unknown(const struct xs_daemon *d, struct xs_perm *perms,
                        uint32_t *nperms)
{
    uint32_t i, k = 1;

    for (i = 1; i < *nperms; i++)
        if (perm_domain_known(d, perms[i].domid))
            perms[k++] = perms[i];
    *nperms = k;
}
