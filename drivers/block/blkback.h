/*
 * blkback: the block back end dom0 runs, serving each domU's virtual disk
 * ("vbd" XenBus devices, drivers/xenbus/xenbus_back.h) from dom0's
 * virtio-blk disk.
 *
 * == The virtual disk ==
 *
 * A vbd is a range of dom0's disk, given by the back end's `params` node
 * as "<first>+<count>" (512-byte sectors), which the creator writes:
 * blkback_default_params() gives boot-time domU d the 4 MiB slice
 * d * BLKBACK_SLICE_SECTORS (domain 0 keeps slice 0; a 32 MiB disk holds
 * domUs 1..7).  The front end sees sectors 0..count-1; blkback adds
 * `first` and never touches anything outside the range.  `mode` "r"
 * makes it read-only (VDISK_READONLY in `info`).
 *
 * == Data ==
 *
 * Each segment's page is mapped (GNTTABOP_map_grant_ref; read-only for a
 * write) and handed to the device by the machine address the map returns,
 * so data moves by DMA straight between the disk and the domU's page; the
 * pages are unmapped when the device is done, before the response goes
 * out.  At most BLKBACK_MAX_INFLIGHT requests (of all vbds) are in
 * flight, and a request is taken off a ring only when the virtqueue has
 * room for it, so nothing a front end does makes dom0 run out.
 *
 * == Ordering ==
 *
 * FLUSH_DISKCACHE is a virtio flush: every write completed before it is
 * on stable storage when it completes.  WRITE_BARRIER waits until every
 * earlier request of its ring has completed (nothing more is taken from
 * the ring meanwhile), then flushes, writes its data, and flushes again
 * before it responds: it completes only once every earlier write and its
 * own are durable.  Both are offered only if the disk has a cache flush.
 *
 * == A lying front end ==
 *
 * Requests are checked by blkback_req.h and answered with ERROR or
 * EOPNOTSUPP; a segment whose grant cannot be mapped fails its request
 * (every other segment of it is unmapped).  An impossible req_prod, or a
 * ring or port that cannot be mapped or bound at connect, disconnects the
 * device (xenbus_dev_fatal: Closing, with an `error` node): its mappings
 * are released once the device has finished what it had in flight.
 * Rings are served in turn, at most BLKBACK_BATCH requests each per turn,
 * so a flood from one front end delays the others by a batch at most.
 *
 * At each disconnect blkback writes what the connection cost into its
 * dir, for benchmarks (rvxen's nodes; Xen has none of them):
 * stat-requests (answered), stat-hv-entries (entries into the hypervisor,
 * all CPUs, XEN_SYSCTL_perfc_op) and stat-dom0-running-ns (dom0's running
 * time), each counted from the connect.
 *
 * When a vbd goes (its domain finished), dom0's log gets its summary:
 * requests of each kind, sectors moved, errors and unsupported requests.
 */
#ifndef DRIVERS_BLKBACK_H
#define DRIVERS_BLKBACK_H

#include <stddef.h>
#include <stdint.h>
#include <virtio/virtio_blk.h>

#define BLKBACK_SLICE_SECTORS 8192       /* 4 MiB */
#define BLKBACK_MAX_INFLIGHT  64
#define BLKBACK_BATCH         8
#define BLKBACK_XVDA          51712      /* 202 << 8: the disk each domU gets */

/* Register the "vbd" driver over dom0's disk: 0 or -XEN_E*. */
int blkback_init(struct virtio_blk *disk);
/* The params node of domain domid's default slice ("first+count") into
 * buf; -XEN_ENOSPC if the disk has no slice for it. */
int blkback_default_params(unsigned int domid, char *buf, size_t cap);

#endif /* DRIVERS_BLKBACK_H */
