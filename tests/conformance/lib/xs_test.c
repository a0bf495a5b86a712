/*
 * The xenstore family's helpers (xs_test.h): raw ring access and the
 * witness's page.
 */
#include <string.h>
#include <kernel.h>
#include <events.h>
#include <gnttab.h>
#include <mm.h>
#include <ring/byte_ring.h>
#include "test.h"
#include "xs_test.h"

static struct xenstore_domain_interface *ring;
static volatile struct xs_witness *witness;

struct xenstore_domain_interface *xs_ring(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    for (unsigned long pfn = 0; !ring && pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == start_info->store_mfn)
            ring = pfn_to_virt(pfn);
    return ring;
}

void xs_raw_send(const void *msg, size_t len)
{
    struct xenstore_domain_interface *r = xs_ring();
    struct byte_ring req = { r->req, XENSTORE_RING_SIZE, &r->req_cons, &r->req_prod };

    byte_ring_produce(&req, msg, len);
    notify_remote_via_evtchn(start_info->store_evtchn);
}

static bool wait_pending(struct byte_ring *rsp, long want, uint64_t end)
{
    while (byte_ring_pending(rsp) < want && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    return byte_ring_pending(rsp) >= want;
}

long xs_raw_reply(struct xsd_sockmsg *hdr, char *body, size_t cap)
{
    struct xenstore_domain_interface *r = xs_ring();
    struct byte_ring rsp = { r->rsp, XENSTORE_RING_SIZE, &r->rsp_cons, &r->rsp_prod };
    uint64_t end = monotonic_ns() + NSEC_PER_SEC;
    size_t done = 0;

    if (!wait_pending(&rsp, sizeof(*hdr), end) ||
        byte_ring_consume(&rsp, hdr, sizeof(*hdr)) != sizeof(*hdr) || hdr->len > cap)
        return -1;
    /* A reply longer than the ring arrives in pieces. */
    while (done < hdr->len && monotonic_ns() < end) {
        long n = byte_ring_pending(&rsp);

        if (n > 0) {
            done += (size_t)byte_ring_consume(&rsp, body + done,
                                              n < (long)(hdr->len - done) ? (size_t)n
                                                                          : hdr->len - done);
            notify_remote_via_evtchn(start_info->store_evtchn);
        } else {
            sleep_ns(NSEC_PER_MSEC);
        }
    }
    notify_remote_via_evtchn(start_info->store_evtchn);
    return done == hdr->len ? (long)done : -1;
}

long xs_raw_request(uint32_t type, uint32_t req_id, uint32_t tx_id, const void *payload,
                    uint32_t len, struct xsd_sockmsg *hdr, char *body, size_t cap)
{
    struct xsd_sockmsg h = { type, req_id, tx_id, len };

    xs_raw_send(&h, sizeof(h));
    if (len)
        xs_raw_send(payload, len);
    return xs_raw_reply(hdr, body, cap);
}

uint32_t xs_ring_error_wait(void)
{
    struct xenstore_domain_interface *r = xs_ring();
    uint64_t end = monotonic_ns() + NSEC_PER_SEC;

    while (__atomic_load_n(&r->error, __ATOMIC_ACQUIRE) == XENSTORE_ERROR_NONE &&
           monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    return r->error;
}

bool xs_witness_attach(void)
{
    static struct gnttab_mapping m;
    uint64_t end = monotonic_ns() + 2 * NSEC_PER_SEC;
    int rc;

    if (witness)
        return true;
    if (gnttab_init(1))
        return false;
    while ((rc = gnttab_map(XS_WITNESS_DOMID, XS_WITNESS_REF, false, &m)) &&
           monotonic_ns() < end)
        sleep_ns(10 * NSEC_PER_MSEC);
    if (rc)
        return false;
    witness = m.va;
    while (witness->magic != XS_WITNESS_MAGIC && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    return witness->magic == XS_WITNESS_MAGIC;
}

bool xs_others_served(void)
{
    uint64_t end = monotonic_ns() + 2 * NSEC_PER_SEC;
    uint32_t start;

    if (!EXPECT_TRUE(xs_witness_attach()))
        return false;
    start = witness->rounds;
    while (witness->rounds - start < 3 && !witness->failures && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (!EXPECT_EQ(witness->failures, 0)) {
        EXPECT_EQ(witness->last_err, 0);
        return false;
    }
    return EXPECT_TRUE(witness->rounds - start >= 3);
}

void xs_witness_stop(void)
{
    if (witness)
        witness->stop = 1;
}
