/* The version this hypervisor reports (XENVER_*). */
#ifndef HV_VERSION_H
#define HV_VERSION_H

#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 20
#define XEN_EXTRAVERSION ".0-rvxen"
#define RVXEN_VERSION_STRING "4.20.0-rvxen"
#define XEN_CAPABILITIES "xen-3.0-riscv64"

#endif
