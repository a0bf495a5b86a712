/*
 * The PV console ring (Xen's io/console.h layout), shared between a domU
 * and the console back end in dom0.
 *
 * Every domU gets one page holding a struct xencons_interface at offset 0,
 * and an event channel, from its domain builder: start_info.console.domU
 * gives the page's machine frame and the domU's port (the port is unbound
 * with dom0 as its remote end, for dom0's back end to bind), and the
 * domU's grant entry GNTTAB_RESERVED_CONSOLE (0) already grants the page
 * to dom0.  dom0 learns the frame and port of a domain it did not build
 * with HVMOP_get_param (hvm/params.h), as Xen's dom0less tooling does.
 * dom0 itself has no console ring: it writes with console_io.
 *
 * Two byte rings.  `out` carries the domU's output to the back end, `in`
 * the back end's input (keyboard) to the domU.  Indices are free-running
 * 32-bit counters, reduced to a position with MASK_XENCONS_IDX; a ring
 * holds prod - cons bytes, never more than its size.
 *
 * Producer: write the bytes at MASK(prod), a write barrier, then publish
 * prod, then notify the event channel.  Consumer: read prod once, a read
 * barrier, copy the bytes out, a full barrier, publish cons, notify.  The
 * back end never trusts the domU's indices: it copies each once, and a
 * ring with out_prod - out_cons > sizeof(out) is broken (the back end
 * stops reading it); the domU likewise checks in_prod - in_cons.
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* The position in `ring` (an array member) of free-running index idx. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];              /* back end -> guest: console input */
    char out[2048];             /* guest -> back end: console output */
    XENCONS_RING_IDX in_cons;   /* written by the guest */
    XENCONS_RING_IDX in_prod;   /* written by the back end */
    XENCONS_RING_IDX out_cons;  /* written by the back end */
    XENCONS_RING_IDX out_prod;  /* written by the guest */
};

_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons_interface size");
_Static_assert(__builtin_offsetof(struct xencons_interface, out) == 1024, "out offset");
_Static_assert(__builtin_offsetof(struct xencons_interface, in_cons) == 3072, "in_cons offset");
_Static_assert(__builtin_offsetof(struct xencons_interface, out_prod) == 3084, "out_prod offset");

#endif /* PUBLIC_IO_CONSOLE_H */
