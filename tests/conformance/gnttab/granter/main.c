/*
 * The granter: a peer kernel for dom0-role gnttab tests.  Its command line
 * is a list of actions, separated by '+':
 *
 *   to=D       grant to domain D from now on (default d0)
 *   rw=R       a fresh page, filled with gnttab_pattern(R, i), granted
 *              read-write at ref R
 *   rw32=R     the same for refs R..R+31
 *   ro=R       the same, read-only
 *   wrong=R    the same, read-write, but granted to d5 (nobody)
 *   flip=R     for 500 ms rewrite entry R as fast as possible, behind the
 *              hypervisor's back: frame between two pages (patterns R and
 *              R+1), grantee between d0 and d5, read-only on and off, and
 *              now and then the whole word zeroed (the reading/writing bits
 *              with it); then leave it granting the first page to d0, RO
 *   unmap=H    try to unmap handle H, which only d0 holds: anything but
 *              GNTST_bad_handle crashes this domain
 *   sleep=MS   sleep MS milliseconds
 *   reason=N   shut down with reason N (powering off destroys this domain)
 *
 * An action that fails crashes the domain, which dom0's test sees.
 */
#include <stdlib.h>
#include <string.h>
#include "../../lib/gnttab_ops.h"

static domid_t grantee;

static void grant(grant_ref_t ref, domid_t to, bool ro)
{
    uint8_t *p = alloc_page();

    if (!p || gnttab_init(1))
        panic("granter: no page or no grant table");
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        p[i] = gnttab_pattern(ref, i);
    gnttab_grant_access_ref(ref, to, virt_to_mfn(p), ro);
}

static uint8_t *patterned_page(grant_ref_t ref)
{
    uint8_t *p = alloc_page();

    if (!p || gnttab_init(1))
        panic("granter: no page or no grant table");
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        p[i] = gnttab_pattern(ref, i);
    return p;
}

static void flip(grant_ref_t ref)
{
    uint8_t *a = patterned_page(ref), *b = patterned_page(ref + 1);
    grant_entry_v1_t *e = gnttab_entry(ref);
    uint32_t *word = (uint32_t *)e;      /* flags | domid << 16 */
    uint64_t end = monotonic_ns() + 500 * NSEC_PER_MSEC;

    for (unsigned int i = 0; monotonic_ns() < end; i++) {
        __atomic_store_n(&e->frame, (uint32_t)virt_to_mfn(i & 1 ? b : a), __ATOMIC_RELAXED);
        if (i % 7 == 6)
            __atomic_store_n(word, 0, __ATOMIC_RELAXED);
        else
            __atomic_store_n(word, i & 2 ? GTF_permit_access | GTF_readonly
                                         : GTF_permit_access | (5u << 16), __ATOMIC_RELAXED);
    }
    gnttab_grant_access_ref(ref, 0, virt_to_mfn(a), true);
}

static void unmap_foreign(grant_handle_t h)
{
    struct gnttab_unmap_grant_ref op = { .handle = h, .host_addr = 0x1000, .status = 0x7f };

    if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1) || op.status != GNTST_bad_handle)
        panic("granter: unmap of d0's handle %u gave %d", h, op.status);
}

static void act(const char *key, unsigned long n)
{
    if (!strcmp(key, "to"))
        grantee = (domid_t)n;
    else if (!strcmp(key, "rw"))
        grant((grant_ref_t)n, grantee, false);
    else if (!strcmp(key, "rw32"))
        for (unsigned int i = 0; i < 32; i++)
            grant((grant_ref_t)n + i, grantee, false);
    else if (!strcmp(key, "ro"))
        grant((grant_ref_t)n, grantee, true);
    else if (!strcmp(key, "wrong"))
        grant((grant_ref_t)n, 5, false);
    else if (!strcmp(key, "flip"))
        flip((grant_ref_t)n);
    else if (!strcmp(key, "unmap"))
        unmap_foreign((grant_handle_t)n);
    else if (!strcmp(key, "sleep"))
        sleep_ns(n * NSEC_PER_MSEC);
    else if (!strcmp(key, "reason"))
        shutdown((unsigned int)n);
    else
        panic("granter: unknown action \"%s\"", key);
}

int main(void)
{
    static char cmdline[MAX_GUEST_CMDLINE];
    char *save = NULL;

    strncpy(cmdline, (const char *)start_info->cmd_line, sizeof(cmdline) - 1);
    for (char *w = strtok_r(cmdline, "+ ", &save); w; w = strtok_r(NULL, "+ ", &save)) {
        char *eq = strchr(w, '=');

        if (eq)
            *eq++ = '\0';
        act(w, eq ? strtoul(eq, NULL, 0) : 0);
    }
    return 0;
}
