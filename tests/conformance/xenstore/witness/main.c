/*
 * The witness: a domU that keeps using the store while a xenstore test
 * (domain 1) attacks it, and counts its good round trips in a page it
 * grants to the test (lib/xs_test.h).  Each round writes data/witness,
 * reads it back and, every fourth round, commits a transaction that
 * increments data/count; a round whose replies are not exactly right
 * counts as a failure.  It stops when the test sets `stop`, or after 60 s
 * of virtual time if the test never does, and powers off.
 *
 * Command line: "run" for the above; "die" instead makes it the domain
 * that dies mid-transaction (xenstore/dying): it lets domain 1 read and
 * write its data/, writes data/outside and data/go ("0"), opens a
 * transaction, writes data/intx in it, writes data/ready outside it,
 * waits until domain 1 has written "1" to data/go, and powers off with
 * the transaction open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <mm.h>
#include <xenstore.h>
#include "../../lib/xs_test.h"

static volatile struct xs_witness *w;
static unsigned int count;

static int bump(xenstore_tx_t tx, void *arg)
{
    char v[16];
    long n = xenstore_read_str(tx, "data/count", v, sizeof(v));

    if (n < 0)
        return (int)n;
    if ((unsigned int)strtoul(v, NULL, 10) != count)
        return -XEN_EIO;
    snprintf(v, sizeof(v), "%u", count + 1);
    return xenstore_write(tx, "data/count", v);
}

static int round_trip(unsigned int i)
{
    char v[16], back[16];
    int rc;

    snprintf(v, sizeof(v), "%u", i);
    rc = xenstore_write(XENSTORE_TX_NONE, "data/witness", v);
    if (rc)
        return rc;
    if (xenstore_read_str(XENSTORE_TX_NONE, "data/witness", back, sizeof(back)) !=
        (long)strlen(v) || strcmp(back, v))
        return -XEN_EIO;
    if (i % 4 == 0) {
        rc = xenstore_transact(bump, NULL, 5);
        if (rc)
            return rc;
        count++;
    }
    return 0;
}

static void __attribute__((noreturn)) die_mid_transaction(void)
{
    uint64_t end = monotonic_ns() + 10 * NSEC_PER_SEC;
    xenstore_tx_t tx;
    char go[4] = "";

    if (xenstore_init() || xenstore_set_perms(XENSTORE_TX_NONE, "data", "n3\0b1", 6) ||
        xenstore_write(XENSTORE_TX_NONE, "data/outside", "1") ||
        xenstore_write(XENSTORE_TX_NONE, "data/go", "0") ||
        xenstore_transaction_start(&tx) || xenstore_write(tx, "data/intx", "1") ||
        xenstore_write(XENSTORE_TX_NONE, "data/ready", "1"))
        panic("dier: store setup failed");
    while (strcmp(go, "1") && monotonic_ns() < end) {
        sleep_ns(NSEC_PER_MSEC);
        xenstore_read_str(XENSTORE_TX_NONE, "data/go", go, sizeof(go));
    }
    printk("dier: powering off inside transaction %u\n", tx);
    shutdown(SHUTDOWN_poweroff);
}

int main(void)
{
    uint64_t end = monotonic_ns() + 60 * NSEC_PER_SEC;
    void *page;

    if (strstr((const char *)start_info->cmd_line, "die"))
        die_mid_transaction();
    page = alloc_page();
    if (!page || gnttab_init(1) || xenstore_init() ||
        xenstore_write(XENSTORE_TX_NONE, "data/count", "0"))
        panic("witness: no page, grant table or store");
    w = page;
    memset(page, 0, PAGE_SIZE);
    gnttab_grant_access_ref(XS_WITNESS_REF, 1, virt_to_mfn(page), false);
    w->magic = XS_WITNESS_MAGIC;
    for (unsigned int i = 1; !w->stop && monotonic_ns() < end; i++) {
        int rc = round_trip(i);

        if (rc) {
            w->last_err = rc;
            w->failures++;
        } else {
            w->rounds++;
        }
        sleep_ns(2 * NSEC_PER_MSEC);
    }
    printk("witness: %u good store round trips, %u failed\n", w->rounds, w->failures);
    shutdown(SHUTDOWN_poweroff);
}
