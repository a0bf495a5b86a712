/*
 * Error numbers of the guest ABI.
 *
 * Hypercalls return these negated (-XEN_EINVAL).  The values are Xen's,
 * which in turn are the generic Linux ones, so a guest that already knows
 * Xen needs no translation table.  Only the codes Xen's public list defines
 * exist here; the hypervisor returns a handful of them (see the "typical
 * meaning" notes), the rest are for completeness and for guest programs
 * (xenstore, drivers) that pass errors around by name.
 *
 * Two codes never reach a guest: XEN_EINTR and XEN_ERESTART are internal
 * signals of the hypervisor (ERESTART asks for a hypercall continuation).
 * Batched grant operations report GNTST_* codes per element instead.
 */
#ifndef PUBLIC_ERRNO_H
#define PUBLIC_ERRNO_H

#define XEN_EPERM            1  /* not privileged for this operation */
#define XEN_ENOENT           2  /* no such object (VCPU, port target, node) */
#define XEN_ESRCH            3  /* no such domain */
#define XEN_EINTR            4  /* internal only */
#define XEN_EIO              5
#define XEN_ENXIO            6
#define XEN_E2BIG            7  /* argument too large */
#define XEN_ENOEXEC          8  /* not a loadable image */
#define XEN_EBADF            9
#define XEN_ECHILD          10
#define XEN_EAGAIN          11  /* try again */
#define XEN_EWOULDBLOCK     XEN_EAGAIN
#define XEN_ENOMEM          12  /* out of memory */
#define XEN_EACCES          13  /* domctl/sysctl interface_version mismatch */
#define XEN_EFAULT          14  /* bad guest pointer */
#define XEN_EBUSY           16  /* resource in use */
#define XEN_EEXIST          17  /* already bound or exists */
#define XEN_EXDEV           18
#define XEN_ENODEV          19
#define XEN_ENOTDIR         20
#define XEN_EISDIR          21
#define XEN_EINVAL          22  /* bad argument: the catch-all */
#define XEN_ENFILE          23
#define XEN_EMFILE          24
#define XEN_ENOSPC          28  /* out of slots */
#define XEN_EROFS           30
#define XEN_EMLINK          31
#define XEN_EDOM            33
#define XEN_ERANGE          34
#define XEN_EDEADLK         35
#define XEN_EDEADLOCK       XEN_EDEADLK
#define XEN_ENAMETOOLONG    36
#define XEN_ENOLCK          37
#define XEN_ENOSYS          38  /* unknown hypercall, sub-op or command */
#define XEN_ENOTEMPTY       39
#define XEN_ENODATA         61
#define XEN_ETIME           62  /* deadline already passed */
#define XEN_EBADMSG         74
#define XEN_EOVERFLOW       75  /* a counter would overflow */
#define XEN_EILSEQ          84
#define XEN_ERESTART        85  /* internal only: continue the hypercall */
#define XEN_ENOTSOCK        88
#define XEN_EMSGSIZE        90
#define XEN_EOPNOTSUPP      95  /* not supported for this domain */
#define XEN_EADDRINUSE      98
#define XEN_EADDRNOTAVAIL   99
#define XEN_ENOBUFS        105
#define XEN_EISCONN        106
#define XEN_ENOTCONN       107
#define XEN_ETIMEDOUT      110
#define XEN_ECONNREFUSED   111

#endif /* PUBLIC_ERRNO_H */
