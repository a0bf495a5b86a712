/*
 * HVM parameters (Xen's hvm/params.h numbers): per-domain values read and
 * written with HVMOP_get_param / HVMOP_set_param (hvm/hvm_op.h).
 *
 * rvxen keeps the four a toolstack needs to connect a domain's store and
 * console rings, for every domain, PV ones included (on Xen they are the
 * documented way for auto-translated and dom0less domains; rvxen's
 * dom0 uses them to find the rings of the domains the hypervisor built at
 * boot).  For a domU the values equal its start_info fields; dom0 has no
 * rings (it runs xenstored and keeps console_io), so they read as 0 there,
 * as an unset parameter does on Xen.
 *
 * Every other index below HVM_NR_PARAMS is defined by Xen for HVM guests
 * and not kept by rvxen: get_param of it gives -XEN_EINVAL.
 */
#ifndef PUBLIC_HVM_PARAMS_H
#define PUBLIC_HVM_PARAMS_H

#include "hvm_op.h"

#define HVM_PARAM_CALLBACK_IRQ     0   /* -XEN_EINVAL: not kept (upcall is fixed) */
#define HVM_PARAM_STORE_PFN        1   /* the store ring's frame (start_info.store_mfn) */
#define HVM_PARAM_STORE_EVTCHN     2   /* the domain's store port (start_info.store_evtchn) */
#define HVM_PARAM_CONSOLE_PFN     17   /* the console ring's frame (start_info.console.domU.mfn) */
#define HVM_PARAM_CONSOLE_EVTCHN  18   /* the domain's console port (console.domU.evtchn) */

/* Indices at or above this: -XEN_EINVAL, before anything else is checked. */
#define HVM_NR_PARAMS             39

#endif /* PUBLIC_HVM_PARAMS_H */
