/* Hypervisor-internal errno names: the public values, without the prefix. */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#include <public/errno.h>

#define EPERM      XEN_EPERM
#define ENOENT     XEN_ENOENT
#define ESRCH      XEN_ESRCH
#define EINTR      XEN_EINTR
#define E2BIG      XEN_E2BIG
#define ENOEXEC    XEN_ENOEXEC
#define EAGAIN     XEN_EAGAIN
#define ENOMEM     XEN_ENOMEM
#define EACCES     XEN_EACCES
#define EFAULT     XEN_EFAULT
#define EBUSY      XEN_EBUSY
#define EEXIST     XEN_EEXIST
#define EINVAL     XEN_EINVAL
#define ENOSPC     XEN_ENOSPC
#define ENOSYS     XEN_ENOSYS
#define ETIME      XEN_ETIME
#define EOVERFLOW  XEN_EOVERFLOW
#define ERESTART   XEN_ERESTART
#define EOPNOTSUPP XEN_EOPNOTSUPP
#define ENXIO      XEN_ENXIO
#define ENODEV     XEN_ENODEV

#endif /* HV_ERRNO_H */
