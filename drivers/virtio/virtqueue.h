/*
 * Split virtqueues (virtio 1.2, 2.7), the driver's side.
 *
 * A queue of `size` entries (a power of two, at most VIRTQ_MAX) lives in
 * three areas of device-visible memory, each in its own page here:
 *   the descriptor table  size * 16 bytes: {addr, len, flags, next}
 *   the available ring    the driver's: flags, idx, ring[size] of heads
 *   the used ring         the device's: flags, idx, ring[size] of {id, len}
 * The driver gives the device a chain of descriptors (each a buffer by
 * bus address and length, device-readable or device-writable, linked by
 * `next`) by writing its head into the available ring and advancing
 * avail->idx; the device returns it by writing {head, bytes written} into
 * the used ring and advancing used->idx.  Both indices are free-running
 * 16-bit counters.
 *
 * The device is not trusted to follow the protocol: every used entry is
 * checked - the index may not run ahead of what was made available, the
 * id must be the head of a chain in flight, the length may not exceed the
 * chain's device-writable bytes.  A device that breaks a rule marks the
 * queue broken: nothing more is taken from it or given to it (-XEN_EIO),
 * the buffers it holds are never reused, and the driver can report it.
 *
 * Not thread-safe: one user at a time (the driver's lock, or one VCPU).
 */
#ifndef DRIVERS_VIRTQUEUE_H
#define DRIVERS_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_MAX 256                    /* each area fits a 4 KiB page */

#define VIRTQ_DESC_F_NEXT     1
#define VIRTQ_DESC_F_WRITE    2          /* device-writable */
#define VIRTQ_DESC_F_INDIRECT 4

#define VIRTQ_AVAIL_F_NO_INTERRUPT 1     /* driver: no interrupt, please */
#define VIRTQ_USED_F_NO_NOTIFY     1     /* device: no notification, please */

struct virtq_desc {
    uint64_t addr;                       /* bus address */
    uint32_t len;
    uint16_t flags;                      /* VIRTQ_DESC_F_* */
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;                      /* VIRTQ_AVAIL_F_* */
    uint16_t idx;
    uint16_t ring[];                     /* then used_event (EVENT_IDX only) */
};

struct virtq_used_elem {
    uint32_t id;                         /* head of the chain */
    uint32_t len;                        /* bytes the device wrote */
};

struct virtq_used {
    uint16_t flags;                      /* VIRTQ_USED_F_* */
    uint16_t idx;
    struct virtq_used_elem ring[];       /* then avail_event (EVENT_IDX only) */
};

/* Bytes of each area for `size` entries. */
static inline size_t virtq_desc_bytes(unsigned int size) { return 16 * (size_t)size; }
static inline size_t virtq_avail_bytes(unsigned int size) { return 6 + 2 * (size_t)size; }
static inline size_t virtq_used_bytes(unsigned int size) { return 6 + 8 * (size_t)size; }

/* One buffer of a chain: bus address, length, who writes it. */
struct virtq_buf {
    uint64_t addr;
    uint32_t len;
    bool device_writes;
};

struct virtqueue {
    unsigned int size;
    struct virtq_desc *desc;             /* the three areas, driver VAs */
    struct virtq_avail *avail;
    struct virtq_used *used;
    uint16_t free_head;                  /* free descriptors, linked by link[] */
    unsigned int nr_free;
    unsigned int nr_chains;              /* added and not yet returned */
    uint16_t avail_idx;                  /* next avail->idx to publish */
    uint16_t last_used;                  /* next used entry to consume */
    uint16_t published;                  /* avail->idx as last published */
    bool broken;                         /* the device broke the protocol */
    /* Driver-private, so a device scribbling on the descriptor table
     * cannot corrupt them: */
    uint16_t link[VIRTQ_MAX];            /* next descriptor, in a chain or free */
    void *token[VIRTQ_MAX];              /* by head: the caller's, NULL if free */
    uint16_t chain_len[VIRTQ_MAX];       /* by head: descriptors in the chain */
    uint32_t chain_writable[VIRTQ_MAX];  /* by head: device-writable bytes */
};

/*
 * Set up an empty queue of `size` entries (a power of two, 1..VIRTQ_MAX)
 * over three zeroed areas of the sizes above.  0 or -XEN_EINVAL.
 */
int virtq_init(struct virtqueue *vq, unsigned int size, void *desc, void *avail, void *used);

/*
 * Queue a chain of n buffers (n >= 1, device-readable ones first as the
 * spec asks) carrying `token` (not NULL), returned by virtq_get_used when
 * the device is done with it.  Not yet visible to the device: see
 * virtq_publish.  0; -XEN_ENOSPC if fewer than n descriptors are free;
 * -XEN_EINVAL for n == 0, a NULL token or a readable buffer after a
 * writable one; -XEN_EIO if the queue is broken.
 */
int virtq_add(struct virtqueue *vq, const struct virtq_buf *bufs, unsigned int n, void *token);

/*
 * Make the chains added so far visible to the device.  Returns whether
 * the device wants to be notified (it has not set VIRTQ_USED_F_NO_NOTIFY)
 * and something was published; the caller then notifies it.
 */
bool virtq_publish(struct virtqueue *vq);

/*
 * The next chain the device has finished, in the order it returned them:
 * its token, with the bytes the device wrote in *len.  NULL when there is
 * none, or when the device broke a rule (vq->broken is then set).
 */
void *virtq_get_used(struct virtqueue *vq, uint32_t *len);

/* Chains added and not yet returned. */
unsigned int virtq_in_flight(const struct virtqueue *vq);

/* Ask the device for interrupts on completion, or not (a hint). */
void virtq_interrupts(struct virtqueue *vq, bool on);

#endif /* DRIVERS_VIRTQUEUE_H */
