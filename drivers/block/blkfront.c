/* blkfront: blkfront.h. */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <xenbus.h>
#include "blkfront.h"

#define SECTORS_PER_PAGE BLKBACK_SECTORS_PER_PAGE
#define MAX_REQ_BYTES (BLKIF_MAX_SEGMENTS_PER_REQUEST * PAGE_SIZE)

/* ---- the handshake ---- */

static int offer_ring(struct blkfront *bf)
{
    long ref, port;

    bf->ring_page = alloc_page();
    if (!bf->ring_page)
        return -XEN_ENOMEM;
    blkif_sring_init(bf->ring_page);
    blkif_front_init(&bf->ring, bf->ring_page, PAGE_SIZE);
    ref = gnttab_grant_access(bf->xb.backend_id, virt_to_mfn(bf->ring_page), false);
    if (ref < 0)
        return (int)ref;
    bf->ring_ref = (grant_ref_t)ref;
    port = alloc_evtchn(bf->xb.backend_id, NULL, NULL);
    if (port < 0)
        return (int)port;
    bf->port = (evtchn_port_t)port;
    mask_evtchn(bf->port);          /* polled: blkfront_wait */
    return 0;
}

static int publish_ring(struct blkfront *bf)
{
    char ref[16], port[16];
    const struct xenbus_node nodes[] = {
        { "ring-ref", ref }, { "event-channel", port }, { "protocol", "riscv64-abi" },
    };

    snprintf(ref, sizeof(ref), "%u", bf->ring_ref);
    snprintf(port, sizeof(port), "%u", bf->port);
    return xenbus_front_publish(&bf->xb, nodes, 3, XenbusStateInitialised);
}

static int read_disk(struct blkfront *bf)
{
    unsigned long sectors;
    int rc = xenbus_front_read_be_ulong(&bf->xb, "sectors", &sectors);

    if (rc)
        return rc;
    bf->sectors = sectors;
    if (xenbus_front_read_be_ulong(&bf->xb, "sector-size", &bf->sector_size))
        bf->sector_size = BLKIF_SECTOR_SIZE;
    if (xenbus_front_read_be_ulong(&bf->xb, "info", &bf->info))
        bf->info = 0;
    bf->barrier = xenbus_front_be_feature(&bf->xb, "feature-barrier");
    bf->flush = xenbus_front_be_feature(&bf->xb, "feature-flush-cache");
    return 0;
}

int blkfront_connect(struct blkfront *bf, unsigned int devid, uint64_t timeout_ns)
{
    long state;
    int rc;

    memset(bf, 0, sizeof(*bf));
    if ((rc = gnttab_init(1)) || (rc = xenbus_front_find("vbd", devid, timeout_ns, &bf->xb)))
        return rc;
    /* After a close, Initialising asks the back end to wait for us again. */
    if ((rc = xenbus_front_switch(&bf->xb, XenbusStateInitialising)))
        return rc;
    state = xenbus_front_wait_be(&bf->xb, XENBUS_STATE_BIT(XenbusStateInitWait) |
                                 XENBUS_STATE_BIT(XenbusStateConnected), timeout_ns);
    if (state < 0)
        return (int)state;
    if ((rc = offer_ring(bf)) || (rc = publish_ring(bf)))
        return rc;
    state = xenbus_front_wait_be(&bf->xb, XENBUS_STATE_BIT(XenbusStateConnected) |
                                 XENBUS_STATE_BIT(XenbusStateClosing) |
                                 XENBUS_STATE_BIT(XenbusStateClosed), timeout_ns);
    if (state != XenbusStateConnected)
        return state < 0 ? (int)state : -XEN_EIO;
    if ((rc = read_disk(bf)))
        return rc;
    return xenbus_front_switch(&bf->xb, XenbusStateConnected);
}

int blkfront_close(struct blkfront *bf)
{
    uint64_t deadline = monotonic_ns() + BLKFRONT_TIMEOUT_NS;
    long state;
    int rc;

    xenbus_front_switch(&bf->xb, XenbusStateClosing);
    state = xenbus_front_wait_be(&bf->xb, XENBUS_STATE_BIT(XenbusStateClosing) |
                                 XENBUS_STATE_BIT(XenbusStateClosed), deadline);
    xenbus_front_switch(&bf->xb, XenbusStateClosed);
    if (state >= 0)
        state = xenbus_front_wait_be(&bf->xb, XENBUS_STATE_BIT(XenbusStateClosed), deadline);
    if (bf->port)
        unbind_evtchn(bf->port);
    bf->port = 0;
    /* The back end has unmapped the ring once it is Closed. */
    rc = gnttab_end_access(bf->ring_ref);
    if (!rc)
        free_page(bf->ring_page);
    return state < 0 ? (int)state : rc;
}

/* ---- requests ---- */

int blkfront_prepare(struct blkfront_request *rq, uint8_t op, uint64_t sector, const void *buf,
                     size_t len)
{
    uintptr_t p = (uintptr_t)buf;

    memset(rq, 0, sizeof(*rq));
    rq->operation = op;
    rq->sector = sector;
    if (p % BLKIF_SECTOR_SIZE || len % BLKIF_SECTOR_SIZE)
        return -XEN_EINVAL;
    while (len) {
        size_t off = p & (PAGE_SIZE - 1), n = PAGE_SIZE - off;
        unsigned int i = rq->nr_pages;

        if (n > len)
            n = len;
        if (i == BLKIF_MAX_SEGMENTS_PER_REQUEST)
            return -XEN_EINVAL;
        rq->page[i] = (void *)(p - off);
        rq->first_sect[i] = (uint8_t)(off / BLKIF_SECTOR_SIZE);
        rq->last_sect[i] = (uint8_t)((off + n) / BLKIF_SECTOR_SIZE - 1);
        rq->nr_pages++;
        p += n;
        len -= n;
    }
    return 0;
}

static void end_grants(struct blkfront_request *rq, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        gnttab_end_access(rq->gref[i]);
}

static int grant_pages(struct blkfront *bf, struct blkfront_request *rq)
{
    bool readonly = rq->operation != BLKIF_OP_READ;

    for (unsigned int i = 0; i < rq->nr_pages; i++) {
        long ref = gnttab_grant_access(bf->xb.backend_id, virt_to_mfn(rq->page[i]), readonly);

        if (ref < 0) {
            end_grants(rq, i);
            return -XEN_ENOSPC;
        }
        rq->gref[i] = (grant_ref_t)ref;
    }
    return 0;
}

static int free_id(const struct blkfront *bf)
{
    for (unsigned int i = 0; i < BLKFRONT_MAX_INFLIGHT; i++)
        if (!bf->inflight[i])
            return (int)i;
    return -1;
}

int blkfront_submit(struct blkfront *bf, struct blkfront_request *rq)
{
    struct blkif_request *slot;
    int id = free_id(bf), rc;

    if (bf->broken)
        return -XEN_EIO;
    if (id < 0 || blkif_full(&bf->ring))
        return -XEN_ENOSPC;
    if (rq->nr_pages > BLKIF_MAX_SEGMENTS_PER_REQUEST)
        return -XEN_EINVAL;
    rc = grant_pages(bf, rq);
    if (rc)
        return rc;
    slot = blkif_request_slot(&bf->ring, bf->ring.req_prod_pvt);
    memset(slot, 0, sizeof(*slot));
    slot->operation = rq->operation;
    slot->nr_segments = (uint8_t)rq->nr_pages;
    slot->handle = (blkif_vdev_t)bf->xb.devid;
    slot->id = (uint64_t)id;
    slot->sector_number = rq->sector;
    for (unsigned int i = 0; i < rq->nr_pages; i++)
        slot->seg[i] = (struct blkif_request_segment){ rq->gref[i], rq->first_sect[i],
                                                       rq->last_sect[i] };
    bf->ring.req_prod_pvt++;
    rq->done = false;
    bf->inflight[id] = rq;
    bf->nr_inflight++;
    if (blkif_push_requests_and_check_notify(&bf->ring)) {
        notify_remote_via_evtchn(bf->port);
        bf->notifications++;
    }
    return 0;
}

static int status_of(int16_t st)
{
    switch (st) {
    case BLKIF_RSP_OKAY:
        return 0;
    case BLKIF_RSP_EOPNOTSUPP:
        return -XEN_EOPNOTSUPP;
    default:
        return -XEN_EIO;
    }
}

int blkfront_complete(struct blkfront *bf)
{
    RING_IDX prod;
    int avail, n = 0;

    if (bf->broken)
        return -XEN_EIO;
    avail = blkif_responses_to_consume(&bf->ring, &prod);
    if (avail < 0) {
        bf->broken = true;
        return -XEN_EIO;
    }
    for (; n < avail; n++) {
        struct blkif_response rsp;
        struct blkfront_request *rq;

        blkif_copy_response(&bf->ring, bf->ring.rsp_cons, &rsp);
        bf->ring.rsp_cons++;
        if (rsp.id >= BLKFRONT_MAX_INFLIGHT || !(rq = bf->inflight[rsp.id])) {
            bf->broken = true;      /* an answer to nothing we asked */
            return -XEN_EIO;
        }
        bf->inflight[rsp.id] = NULL;
        bf->nr_inflight--;
        end_grants(rq, rq->nr_pages);
        rq->status = status_of(rsp.status);
        rq->done = true;
    }
    return n;
}

/* Sleep until a response may have come, or deadline. */
static void wait_event(struct blkfront *bf, uint64_t deadline)
{
    if (!blkif_final_check_for_responses(&bf->ring))
        evtchn_poll(&bf->port, 1, deadline);
    evtchn_test_and_clear(bf->port);
}

int blkfront_wait(struct blkfront *bf, struct blkfront_request *rq, uint64_t deadline)
{
    for (;;) {
        int rc = blkfront_complete(bf);

        if (rc < 0)
            return rc;
        if (rq->done)
            return 0;
        if (monotonic_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        wait_event(bf, deadline);
    }
}

int blkfront_drain(struct blkfront *bf, uint64_t deadline)
{
    while (bf->nr_inflight) {
        int rc = blkfront_complete(bf);

        if (rc < 0)
            return rc;
        if (!bf->nr_inflight)
            break;
        if (monotonic_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        wait_event(bf, deadline);
    }
    return 0;
}

/* ---- synchronous I/O ---- */

static struct blkfront_request sync_rq[BLKFRONT_MAX_INFLIGHT];

/* buf split into requests of op, all in flight at once (up to the ring). */
static int sync_io(struct blkfront *bf, uint8_t op, uint64_t sector, const void *buf,
                   size_t len)
{
    uint64_t deadline = monotonic_ns() + BLKFRONT_TIMEOUT_NS;
    const char *p = buf;
    unsigned int n = 0;
    int rc = 0;

    while (len && !rc) {
        /* As far as the 11th page boundary from p. */
        size_t chunk = MAX_REQ_BYTES - ((uintptr_t)p & (PAGE_SIZE - 1));

        if (chunk > len)
            chunk = len;
        if (n == BLKFRONT_MAX_INFLIGHT)
            break;
        rc = blkfront_prepare(&sync_rq[n], op, sector, p, chunk);
        if (!rc)
            rc = blkfront_submit(bf, &sync_rq[n]);
        if (!rc)
            n++;
        sector += chunk / BLKIF_SECTOR_SIZE;
        p += chunk;
        len -= chunk;
    }
    if (!rc && len)
        rc = -XEN_EINVAL;           /* more than a ring's worth */
    for (unsigned int i = 0; i < n; i++) {
        int w = blkfront_wait(bf, &sync_rq[i], deadline);

        if (!rc)
            rc = w ? w : sync_rq[i].status;
    }
    return rc;
}

int blkfront_read(struct blkfront *bf, uint64_t sector, void *buf, size_t len)
{
    return sync_io(bf, BLKIF_OP_READ, sector, buf, len);
}

int blkfront_write(struct blkfront *bf, uint64_t sector, const void *buf, size_t len)
{
    return sync_io(bf, BLKIF_OP_WRITE, sector, buf, len);
}

/* A request without data (a flush, or a barrier with nothing to write). */
static int no_data(struct blkfront *bf, uint8_t op)
{
    static struct blkfront_request rq;
    int rc;

    blkfront_prepare(&rq, op, 0, NULL, 0);
    rc = blkfront_submit(bf, &rq);
    if (!rc)
        rc = blkfront_wait(bf, &rq, monotonic_ns() + BLKFRONT_TIMEOUT_NS);
    return rc ? rc : rq.status;
}

int blkfront_barrier(struct blkfront *bf, uint64_t sector, const void *buf, size_t len)
{
    if (len > MAX_REQ_BYTES)
        return -XEN_EINVAL;
    return len ? sync_io(bf, BLKIF_OP_WRITE_BARRIER, sector, buf, len)
               : no_data(bf, BLKIF_OP_WRITE_BARRIER);
}

int blkfront_flush(struct blkfront *bf)
{
    return no_data(bf, BLKIF_OP_FLUSH_DISKCACHE);
}
