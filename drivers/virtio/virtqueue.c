/*
 * Split virtqueues, the driver's side: see virtqueue.h for the model.
 *
 * Descriptors are managed in driver-private memory: link[] threads the
 * free list and every chain, and only a copy of it goes into the
 * descriptors' `next` fields for the device to follow.  A chain's length
 * and device-writable byte count are kept by head, so that what the device
 * returns can be checked against what it was given.
 *
 * Ordering: the descriptors and the ring entry are written before
 * avail->idx (release fence); the device's used entries are read after
 * used->idx (acquire fence); the full fence in virtq_publish orders the
 * index store before the read of the device's no-notify flag.
 */
#include <string.h>
#include "virtio.h"
#include "virtqueue.h"

int virtq_init(struct virtqueue *vq, unsigned int size, void *desc, void *avail, void *used)
{
    if (!size || size > VIRTQ_MAX || (size & (size - 1)) || !desc || !avail || !used)
        return -XEN_EINVAL;
    memset(vq, 0, sizeof(*vq));
    vq->size = size;
    vq->desc = desc;
    vq->avail = avail;
    vq->used = used;
    memset(desc, 0, virtq_desc_bytes(size));
    memset(avail, 0, virtq_avail_bytes(size));
    memset(used, 0, virtq_used_bytes(size));
    for (unsigned int i = 0; i < size; i++)
        vq->link[i] = (uint16_t)((i + 1) % size);
    vq->nr_free = size;
    return 0;
}

/* Device-readable buffers first, then device-writable ones. */
static bool well_ordered(const struct virtq_buf *bufs, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)
        if (bufs[i - 1].device_writes && !bufs[i].device_writes)
            return false;
    return true;
}

int virtq_add(struct virtqueue *vq, const struct virtq_buf *bufs, unsigned int n, void *token)
{
    uint16_t head = vq->free_head, idx = head;
    uint64_t writable = 0;

    if (vq->broken)
        return -XEN_EIO;
    if (!n || !token || !well_ordered(bufs, n))
        return -XEN_EINVAL;
    if (n > vq->nr_free)
        return -XEN_ENOSPC;
    for (unsigned int i = 0; i < n; i++) {
        struct virtq_desc *d = &vq->desc[idx];

        d->addr = bufs[i].addr;
        d->len = bufs[i].len;
        d->flags = (uint16_t)((bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
                              (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
        d->next = i + 1 < n ? vq->link[idx] : 0;
        if (bufs[i].device_writes)
            writable += bufs[i].len;
        if (i + 1 < n)
            idx = vq->link[idx];
    }
    vq->free_head = vq->link[idx];
    vq->nr_free -= n;
    vq->nr_chains++;
    vq->token[head] = token;
    vq->chain_len[head] = (uint16_t)n;
    vq->chain_writable[head] = writable > UINT32_MAX ? UINT32_MAX : (uint32_t)writable;
    vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
    vq->avail_idx++;
    return 0;
}

bool virtq_publish(struct virtqueue *vq)
{
    bool fresh = vq->avail_idx != vq->published;

    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(&vq->avail->idx, vq->avail_idx, __ATOMIC_RELAXED);
    vq->published = vq->avail_idx;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return fresh && !(__atomic_load_n(&vq->used->flags, __ATOMIC_RELAXED) &
                      VIRTQ_USED_F_NO_NOTIFY);
}

/* The chain at head goes back to the free list. */
static void free_chain(struct virtqueue *vq, uint16_t head)
{
    uint16_t last = head;

    for (unsigned int i = 1; i < vq->chain_len[head]; i++)
        last = vq->link[last];
    vq->link[last] = vq->free_head;
    vq->free_head = head;
    vq->nr_free += vq->chain_len[head];
    vq->nr_chains--;
    vq->token[head] = NULL;
}

static void *broken(struct virtqueue *vq)
{
    vq->broken = true;
    return NULL;
}

void *virtq_get_used(struct virtqueue *vq, uint32_t *len)
{
    uint16_t idx, pending;
    struct virtq_used_elem e;
    void *token;

    if (vq->broken)
        return NULL;
    idx = __atomic_load_n(&vq->used->idx, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    pending = (uint16_t)(idx - vq->last_used);
    if (!pending)
        return NULL;
    if (pending > vq->nr_chains)
        return broken(vq);                  /* returns more than it was given */
    e = *(volatile struct virtq_used_elem *)&vq->used->ring[vq->last_used & (vq->size - 1)];
    if (e.id >= vq->size || !vq->token[e.id])
        return broken(vq);                  /* not a chain in flight */
    if (e.len > vq->chain_writable[e.id])
        return broken(vq);                  /* wrote more than it was offered */
    token = vq->token[e.id];
    free_chain(vq, (uint16_t)e.id);
    vq->last_used++;
    *len = e.len;
    return token;
}

unsigned int virtq_in_flight(const struct virtqueue *vq)
{
    return vq->nr_chains;
}

void virtq_interrupts(struct virtqueue *vq, bool on)
{
    __atomic_store_n(&vq->avail->flags, on ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT,
                     __ATOMIC_RELAXED);
}
