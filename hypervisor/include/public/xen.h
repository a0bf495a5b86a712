/*
 * The core of the guest ABI: hypercall numbers, domain ids, VIRQs, the
 * shared_info / vcpu_info / start_info pages, multicall and the PV MMU
 * hypercalls.  Numbers and layouts are Xen's (rv64 sizes); the RISC-V
 * calling convention and start-of-day layout are in arch-riscv.h.
 *
 * Families with several sub-operations have their own headers:
 * sched.h, event_channel.h, vcpu.h, memory.h, grant_table.h, version.h,
 * physdev.h, sysctl.h, domctl.h.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include <stdint.h>
#include "arch-riscv.h"

/* The newest interface revision this tree implements (Xen 4.19's). */
#define __XEN_LATEST_INTERFACE_VERSION__ 0x00041300
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#endif

/*
 * Hypercall numbers (a6).  The ones marked * are rvxen's (DESIGN.md);
 * any other number returns -XEN_ENOSYS, but every Xen number is listed so
 * that none is ever reused for something else.
 */
#define __HYPERVISOR_set_trap_table            0   /* x86 only */
#define __HYPERVISOR_mmu_update                1   /* * */
#define __HYPERVISOR_set_gdt                   2   /* x86 only */
#define __HYPERVISOR_stack_switch              3   /* x86 only */
#define __HYPERVISOR_set_callbacks             4   /* x86 only */
#define __HYPERVISOR_fpu_taskswitch            5   /* x86 only */
#define __HYPERVISOR_sched_op_compat           6   /* legacy */
#define __HYPERVISOR_platform_op               7
#define __HYPERVISOR_set_debugreg              8   /* x86 only */
#define __HYPERVISOR_get_debugreg              9   /* x86 only */
#define __HYPERVISOR_update_descriptor        10   /* x86 only */
#define __HYPERVISOR_memory_op                12   /* * */
#define __HYPERVISOR_multicall                13   /* * */
#define __HYPERVISOR_update_va_mapping        14   /* * */
#define __HYPERVISOR_set_timer_op             15   /* * */
#define __HYPERVISOR_event_channel_op_compat  16   /* legacy */
#define __HYPERVISOR_xen_version              17   /* * */
#define __HYPERVISOR_console_io               18   /* * */
#define __HYPERVISOR_physdev_op_compat        19   /* legacy */
#define __HYPERVISOR_grant_table_op           20   /* * */
#define __HYPERVISOR_vm_assist                21
#define __HYPERVISOR_update_va_mapping_otherdomain 22 /* * (privileged) */
#define __HYPERVISOR_iret                     23   /* x86 only */
#define __HYPERVISOR_vcpu_op                  24   /* * */
#define __HYPERVISOR_set_segment_base         25   /* x86_64 only */
#define __HYPERVISOR_mmuext_op                26   /* * */
#define __HYPERVISOR_xsm_op                   27
#define __HYPERVISOR_nmi_op                   28
#define __HYPERVISOR_sched_op                 29   /* * */
#define __HYPERVISOR_callback_op              30
#define __HYPERVISOR_xenoprof_op              31
#define __HYPERVISOR_event_channel_op         32   /* * */
#define __HYPERVISOR_physdev_op               33   /* * */
#define __HYPERVISOR_hvm_op                   34   /* * get_param only (hvm/hvm_op.h) */
#define __HYPERVISOR_sysctl                   35   /* * */
#define __HYPERVISOR_domctl                   36   /* * */
#define __HYPERVISOR_kexec_op                 37
#define __HYPERVISOR_tmem_op                  38
#define __HYPERVISOR_argo_op                  39
#define __HYPERVISOR_xenpmu_op                40
#define __HYPERVISOR_dm_op                    41
#define __HYPERVISOR_hypfs_op                 42
#define __HYPERVISOR_arch_0                   48
#define __HYPERVISOR_arch_1                   49
#define __HYPERVISOR_arch_2                   50
#define __HYPERVISOR_arch_3                   51
#define __HYPERVISOR_arch_4                   52
#define __HYPERVISOR_arch_5                   53
#define __HYPERVISOR_arch_6                   54
#define __HYPERVISOR_arch_7                   55

/* ------------------------------------------------------------------ */
/* Domain ids                                                         */

typedef uint16_t domid_t;

/* Real domains are 0 .. DOMID_FIRST_RESERVED-1. */
#define DOMID_FIRST_RESERVED  0x7FF0U
#define DOMID_SELF            0x7FF0U  /* "the calling domain" */
#define DOMID_IO              0x7FF1U  /* owner of I/O memory */
#define DOMID_XEN             0x7FF2U  /* owner of hypervisor frames */
#define DOMID_COW             0x7FF3U  /* owner of shared (CoW) frames */
#define DOMID_INVALID         0x7FF4U
#define DOMID_ANY             0x7FF5U
#define DOMID_IDLE            0x7FFFU
#define DOMID_MASK            0x7FFFU

/* A domain's UUID, as the toolstack assigns it. */
typedef uint8_t xen_domain_handle_t[16];

/* ------------------------------------------------------------------ */
/* Virtual interrupts, delivered as event channels (EVTCHNOP_bind_virq) */
/* V = one per VCPU, G = global (one handler domain), D = per domain.   */

#define VIRQ_TIMER        0   /* V: set_timer_op / singleshot timer fired */
#define VIRQ_DEBUG        1   /* V: debug key pressed */
#define VIRQ_CONSOLE      2   /* G: input on the hypervisor console */
#define VIRQ_DOM_EXC      3   /* G: some domain shut down or died */
#define VIRQ_TBUF         4   /* G: trace buffer has records */
#define VIRQ_DEBUGGER     6   /* G */
#define VIRQ_XENOPROF     7   /* V */
#define VIRQ_CON_RING     8   /* G: hypervisor console ring has data */
#define VIRQ_PCPU_STATE   9   /* G */
#define VIRQ_MEM_EVENT   10   /* G */
#define VIRQ_ARGO        11   /* D */
#define VIRQ_ENOMEM      12   /* G: hypervisor is low on memory */
#define VIRQ_XENPMU      13   /* V */
#define VIRQ_ARCH_0      16
#define VIRQ_ARCH_1      17
#define VIRQ_ARCH_2      18
#define VIRQ_ARCH_3      19
#define VIRQ_ARCH_4      20
#define VIRQ_ARCH_5      21
#define VIRQ_ARCH_6      22
#define VIRQ_ARCH_7      23
#define NR_VIRQS         24

/* ------------------------------------------------------------------ */
/* console_io (18): (int cmd, unsigned int count, char *buf)           */
/*
 * CONSOLEIO_write: write count bytes from buf to the hypervisor console.
 *   Output of unprivileged domains is filtered to printable characters and
 *   line-buffered.  Returns 0.
 * CONSOLEIO_read: move up to count bytes of console input into buf;
 *   returns the number of bytes read (0 if none).  Control domain only
 *   (-XEN_EPERM otherwise); count > INT_MAX gives -XEN_E2BIG.
 * CONSOLEIO_write_for (rvxen's; Xen has no such op): (cmd, count, buf,
 *   domid) -- the console back end in the control domain prints text it
 *   read from domain domid's console ring (io/console.h) as domid's lines,
 *   "(dN) " before each, filtered as a domU's own output is; each '\n'
 *   ends a line and text after the last one is printed as a line of its
 *   own, so a back end passes whole lines.  The domain need not exist any
 *   more (its last output is drained after its death).  Control domain
 *   only (-XEN_EPERM); count > CONSOLEIO_WRITE_FOR_MAX or domid >=
 *   DOMID_FIRST_RESERVED gives -XEN_EINVAL; an unreadable buf -XEN_EFAULT.
 *   (Xen's xenconsoled writes such lines to files or a pty in dom0; rvxen's
 *   dom0 has one console, the hypervisor's, and every line on it carries
 *   its source.)
 * Unknown cmd: -XEN_ENOSYS.
 */
#define CONSOLEIO_write      0
#define CONSOLEIO_read       1
#define CONSOLEIO_write_for  0x100   /* rvxen: a domU's lines from dom0's back end */
#define CONSOLEIO_WRITE_FOR_MAX 512

/* ------------------------------------------------------------------ */
/* vm_assist (21): (unsigned int cmd, unsigned int type)               */
/* Turn an optional hypervisor assist for this domain on or off. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_runstate_update_flag 5

/* ------------------------------------------------------------------ */
/* multicall (13): (multicall_entry_t *list, unsigned long nr)         */
/*
 * Runs the nr entries in order.  IN: op (a __HYPERVISOR_* number) and
 * args[] (only args[0..4] are used); OUT: result, the sub-call's return
 * value.  Returns 0, or -XEN_EFAULT if the list cannot be read or written;
 * a multicall inside a multicall gives that entry -XEN_EINVAL.  Callers
 * must read only `result` afterwards: the other fields may be clobbered.
 */
struct multicall_entry {
    xen_ulong_t op;        /* IN */
    xen_ulong_t result;    /* OUT */
    xen_ulong_t args[6];   /* IN */
};
typedef struct multicall_entry multicall_entry_t;

/* ------------------------------------------------------------------ */
/* mmu_update (1): (mmu_update_t *req, unsigned int count,             */
/*                  unsigned int *done, domid_t foreigndom)            */
/*
 * Each request is a checked write into a page table (or the M2P).  Any
 * domain, on its own tables; foreign domains need privilege.
 * ptr's low three bits (ptr & 7, the entry size as on Xen) select the
 * command; the rest is a machine address:
 *   MMU_NORMAL_PT_UPDATE:  *ptr = val, where ptr is the (8-byte aligned)
 *                          machine address of an entry of a validated
 *                          page-table frame of the table owner, or of an
 *                          ordinary frame of it (then written as it is).
 *   MMU_MACHPHYS_UPDATE:   set the M2P entry of the frame containing ptr to
 *                          the pfn val (the caller's own frames only).
 *   MMU_PT_UPDATE_PRESERVE_AD: as NORMAL, keeping the A/D bits already set.
 *   MMU_PT_UPDATE_NO_TRANSLATE: as NORMAL (PV values are never translated).
 * IN: req[count]; foreigndom bits 15:0 name the owner of the mapped data
 * frames (DOMID_SELF normally); bits 31:16, if non-zero, are 1 + the
 * domain owning the page tables.  OUT: *done (if non-null) = the number
 * of requests completed.  Processing stops at the first failing request,
 * whose error is returned:
 *   -XEN_EFAULT  req[0..count) does not lie in one canonical Sv39 half
 *                (checked before any request), or a request is unreadable
 *   -XEN_ESRCH   a foreign domain that does not exist (DOMID_IO/XEN too;
 *                checked before the caller's right)
 *   -XEN_EPERM   an existing foreign domain named by an unprivileged
 *                caller; M2P update for another domain's frame
 *   -XEN_ENOSYS  unknown command (ptr & 7 = 4..7)
 *   -XEN_EPERM   a leaf mapping MMIO the data owner has no permission for
 *   -XEN_EINVAL  everything else the validator refuses: ptr not in a frame
 *                of the table owner, misaligned, or in a table still being
 *                validated or released; a grant mapping (change it with
 *                the grant-table ops); reserved bits 60..54, N, PBMT, or
 *                RSW bit 9; W without R; a leaf at level 1 or 2
 *                (superpages are refused); a next-table entry at level 0
 *                or with A, D or U set; a next-table entry to anything but
 *                a table of the owner one level down that validates in
 *                place (its own next-table entries naming validated
 *                tables: pin deeper trees first) - so no self-maps; a leaf
 *                to a frame the data owner does not own, to a hypervisor
 *                frame, writable to a page table or to a read-only shared
 *                frame (the M2P); a next-table entry with a foreign data
 *                owner.
 * Leaves get A, and writable leaves D, set by the hypervisor: page tables
 * are read-only in G-stage, so the hardware must never need to write them.
 * A long batch is continued transparently (MMU_UPDATE_PREEMPTED in count).
 */
#define MMU_NORMAL_PT_UPDATE        0
#define MMU_MACHPHYS_UPDATE         1
#define MMU_PT_UPDATE_PRESERVE_AD   2
#define MMU_PT_UPDATE_NO_TRANSLATE  3
/* ORed into count by a continued call; guests never set it. */
#define MMU_UPDATE_PREEMPTED        (~(~0U >> 1))

struct mmu_update {
    uint64_t ptr;          /* IN: machine address of the PTE | command */
    uint64_t val;          /* IN: new contents */
};
typedef struct mmu_update mmu_update_t;

/*
 * update_va_mapping (14): (unsigned long va, uint64_t pte, unsigned long
 * flags) rewrites the level-0 entry mapping va in the caller's current
 * address space (its NEW_BASEPTR root), with the same checks as
 * MMU_NORMAL_PT_UPDATE, then flushes as flags say.  Any domain.
 * update_va_mapping_otherdomain (22): (va, pte, flags, domid_t domid): as
 * update_va_mapping, the mapped frame belonging to domid; privileged only.
 * Errors, before anything changes or is flushed:
 *   -XEN_EINVAL  flush type 3; va not canonical for Sv39 (bits 63..39 must
 *                copy bit 38); no base pointer, or no table on the way to
 *                va; anything MMU_NORMAL_PT_UPDATE refuses
 *   -XEN_EFAULT  a VCPU mask pointer (flags neither LOCAL nor ALL) that
 *                cannot be read
 *   -XEN_ESRCH   _otherdomain for a domain that does not exist (first)
 *   -XEN_EPERM   _otherdomain from an unprivileged caller; MMIO as above
 * A VCPU mask is flushed as UVMF_ALL (every CPU that may hold the domain's
 * translations: more than asked, never less).
 */
#define UVMF_NONE           (0UL << 0)  /* no flush */
#define UVMF_TLB_FLUSH      (1UL << 0)  /* flush the whole TLB */
#define UVMF_INVLPG         (2UL << 0)  /* flush only va */
#define UVMF_FLUSHTYPE_MASK (3UL << 0)
#define UVMF_MULTI          (0UL << 2)  /* flush on the VCPUs in a mask */
#define UVMF_LOCAL          (0UL << 2)  /* flush on this VCPU only */
#define UVMF_ALL            (1UL << 2)  /* flush on every VCPU */

/* ------------------------------------------------------------------ */
/* mmuext_op (26): (mmuext_op_t *op, unsigned int count,               */
/*                  unsigned int *done, domid_t foreigndom)            */
/*
 * Extended MMU operations, batched like mmu_update (stop at the first
 * failure and return its error, *done = number completed, continued
 * transparently).  foreigndom names the owner of the frames (privileged
 * callers only, else -XEN_EPERM; unknown, checked first: -XEN_ESRCH;
 * op[0..count) outside one canonical Sv39 half: -XEN_EFAULT).  On Sv39 the
 * levels are: L1 = leaf table, L2 = middle, L3 = root.
 *   PIN_Ln_TABLE  arg1.mfn: validate the frame as a level-n table (every
 *                 entry by mmu_update's rules, deeper tables too; long
 *                 validations are preempted and resumed) and keep it so
 *                 (pinned) until UNPIN_TABLE.  -XEN_EINVAL: already
 *                 pinned; not a frame of the owner (out of range, another
 *                 domain's, a hypervisor frame); in use as another type
 *                 (mapped writable, a table of another level, a table
 *                 being validated for someone else); an entry the
 *                 validator refuses (every reference taken is given back).
 *                 PIN_L4_TABLE: -XEN_EINVAL (no fourth level).
 *   UNPIN_TABLE   arg1.mfn: drop the pin; the table's references are
 *                 released before the call returns unless it is still
 *                 referenced (a base pointer, a parent).  -XEN_EINVAL:
 *                 not pinned, not the owner's.
 *   NEW_BASEPTR   arg1.mfn: switch this VCPU to the root table mfn (the
 *                 vsatp write a PV guest may not do itself), which must be
 *                 validated or validate in place (its entries naming
 *                 validated tables); the old root's reference is dropped.
 *                 -XEN_EPERM for a foreign owner; -XEN_EINVAL otherwise.
 *   TLB_FLUSH_LOCAL / INVLPG_LOCAL(arg1.linear_addr): this CPU.
 *   TLB_FLUSH_MULTI / INVLPG_MULTI: the VCPUs in arg2.vcpumask (read:
 *                 -XEN_EFAULT if it cannot be), flushed as _ALL.
 *   TLB_FLUSH_ALL / INVLPG_ALL: every CPU the domain may have run on.
 *   FLUSH_CACHE, FLUSH_CACHE_GLOBAL: caches are coherent; 0 for a
 *                 privileged caller, -XEN_EACCES otherwise (as Xen).
 *   CLEAR_PAGE    arg1.mfn: zero a frame the owner has that is not a
 *                 page table (-XEN_EINVAL otherwise).
 *   COPY_PAGE     arg1.mfn <- arg2.src_mfn, both the owner's, the
 *                 destination not a page table (-XEN_EINVAL otherwise).
 *   MARK_SUPER, UNMARK_SUPER: -XEN_EOPNOTSUPP (superpages are refused).
 *   SET_LDT, NEW_USER_BASEPTR and unknown commands: -XEN_ENOSYS.
 * -XEN_EFAULT if op cannot be read.
 */
#define MMUEXT_PIN_L1_TABLE       0
#define MMUEXT_PIN_L2_TABLE       1
#define MMUEXT_PIN_L3_TABLE       2
#define MMUEXT_PIN_L4_TABLE       3
#define MMUEXT_UNPIN_TABLE        4
#define MMUEXT_NEW_BASEPTR        5
#define MMUEXT_TLB_FLUSH_LOCAL    6
#define MMUEXT_INVLPG_LOCAL       7
#define MMUEXT_TLB_FLUSH_MULTI    8
#define MMUEXT_INVLPG_MULTI       9
#define MMUEXT_TLB_FLUSH_ALL     10
#define MMUEXT_INVLPG_ALL        11
#define MMUEXT_FLUSH_CACHE       12
#define MMUEXT_SET_LDT           13
#define MMUEXT_NEW_USER_BASEPTR  15
#define MMUEXT_CLEAR_PAGE        16
#define MMUEXT_COPY_PAGE         17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER        19
#define MMUEXT_UNMARK_SUPER      20

struct mmuext_op {
    unsigned int cmd;                       /* IN: MMUEXT_* */
    union {
        xen_pfn_t mfn;                      /* PIN, UNPIN, BASEPTR, pages */
        xen_ulong_t linear_addr;            /* INVLPG_* */
    } arg1;
    union {
        unsigned int nr_ents;               /* SET_LDT */
        XEN_GUEST_HANDLE(const void) vcpumask; /* *_MULTI: bitmap of VCPUs */
        xen_pfn_t src_mfn;                  /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;

/* ------------------------------------------------------------------ */
/* Time                                                               */
/*
 * Per-VCPU time base, written by the hypervisor.  Now, in ns of system
 * time, is
 *     system_time + (((time - tsc_timestamp) << tsc_shift) * mul) >> 32
 * with a right shift by -tsc_shift when tsc_shift is negative, and "time"
 * the RISC-V time CSR.  Read it like a seqlock: version is odd while an
 * update is in progress; retry until it is even and unchanged.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* time CSR at the last update */
    uint64_t system_time;       /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* time-CSR ticks to ns, 32.32 fixed point */
    int8_t   tsc_shift;
    uint8_t  flags;             /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT    (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED     (1 << 1)

/* ------------------------------------------------------------------ */
/* vcpu_info: per-VCPU event and time state (48 bytes on rv64)        */
/*
 * evtchn_upcall_pending: set by the hypervisor when an event is pending for
 *   this VCPU (and the upcall raised, see arch-riscv.h); cleared by the
 *   guest's upcall handler.
 * evtchn_upcall_mask: unused on RISC-V (guests mask with sstatus.SIE /
 *   sie.SSIE); the byte keeps Xen's layout.
 * evtchn_pending_sel: bit i set = word i of shared_info.evtchn_pending may
 *   have unmasked pending ports for this VCPU.
 * RISC-V's arch_vcpu_info is empty, so time follows directly.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint8_t pad[6];
    xen_ulong_t evtchn_pending_sel;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/* ------------------------------------------------------------------ */
/* shared_info: one page per domain, shared with the hypervisor       */
/*
 * evtchn_pending[] / evtchn_mask[] are the 2-level event-channel bitmaps:
 * port p is bit p % 64 of word p / 64.  The hypervisor sets pending bits;
 * the guest clears them (before handling) and owns the mask bits.
 * wc_*: wall-clock time at system time 0, seqlocked by wc_version like
 * vcpu_time_info.  wc_sec_hi holds the upper 32 bits of the seconds.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    /* RISC-V's arch_shared_info is empty. */
};
typedef struct shared_info shared_info_t;

/* ------------------------------------------------------------------ */
/* start_info: the page a PV guest finds at a0 on entry               */
/*
 * Written by the domain builder; layout as Xen's x86 PV start_info.  The
 * fields after `console` are filled only at first boot.  Virtual
 * addresses are in the guest's start-of-day mapping (arch-riscv.h).
 */
#define MAX_GUEST_CMDLINE 1024

struct start_info {
    char magic[32];             /* XEN_START_INFO_MAGIC, NUL-terminated */
    xen_ulong_t nr_pages;       /* pseudo-physical pages, pfn 0..nr_pages-1 */
    xen_ulong_t shared_info;    /* machine address of shared_info */
    uint32_t flags;             /* SIF_* */
    xen_pfn_t store_mfn;        /* xenstore ring frame (domU) */
    uint32_t store_evtchn;      /* xenstore event channel (domU) */
    union {
        struct {
            xen_pfn_t mfn;      /* console ring frame */
            uint32_t evtchn;    /* console event channel */
        } domU;
        struct {
            uint32_t info_off;  /* offset of a console_info in this page */
            uint32_t info_size; /* its size, 0 if none */
        } dom0;
    } console;
    xen_ulong_t pt_base;        /* VA of the bootstrap Sv39 root table */
    xen_ulong_t nr_pt_frames;   /* bootstrap page-table frames */
    xen_ulong_t mfn_list;       /* VA of the P2M: nr_pages MFNs by pfn */
    xen_ulong_t mod_start;      /* VA (or pfn, SIF_MOD_START_PFN) of module */
    xen_ulong_t mod_len;        /* module size in bytes, 0 if none */
    int8_t cmd_line[MAX_GUEST_CMDLINE]; /* NUL-terminated */
    xen_ulong_t first_p2m_pfn;  /* pfn of the P2M's first frame */
    xen_ulong_t nr_p2m_frames;  /* frames the P2M occupies */
};
typedef struct start_info start_info_t;

#define SIF_PRIVILEGED      (1 << 0)  /* may use privileged operations */
#define SIF_INITDOMAIN      (1 << 1)  /* is the initial control domain */
#define SIF_MULTIBOOT_MOD   (1 << 2)  /* mod_start is a multiboot module list */
#define SIF_MOD_START_PFN   (1 << 3)  /* mod_start is a pfn, not a VA */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)  /* P2M mapped for the toolstack */
#define SIF_PM_MASK         (0xFF << 8) /* power-management bits */

/* ------------------------------------------------------------------ */
/* Layout checks: these sizes and offsets are the ABI.                */

#define PUBLIC_CHECK_SIZE(t, n) \
    _Static_assert(sizeof(t) == (n), "size of " #t)
#define PUBLIC_CHECK_OFF(t, f, n) \
    _Static_assert(__builtin_offsetof(t, f) == (n), "offset of " #t "." #f)

PUBLIC_CHECK_SIZE(struct multicall_entry, 64);
PUBLIC_CHECK_SIZE(struct mmu_update, 16);
PUBLIC_CHECK_SIZE(struct mmuext_op, 24);
PUBLIC_CHECK_SIZE(struct vcpu_time_info, 32);
PUBLIC_CHECK_OFF(struct vcpu_time_info, system_time, 16);
PUBLIC_CHECK_OFF(struct vcpu_time_info, tsc_shift, 28);
PUBLIC_CHECK_SIZE(struct vcpu_info, 48);
PUBLIC_CHECK_OFF(struct vcpu_info, evtchn_upcall_mask, 1);
PUBLIC_CHECK_OFF(struct vcpu_info, evtchn_pending_sel, 8);
PUBLIC_CHECK_OFF(struct vcpu_info, time, 16);
PUBLIC_CHECK_OFF(struct shared_info, evtchn_pending, 48);
PUBLIC_CHECK_OFF(struct shared_info, evtchn_mask, 560);
PUBLIC_CHECK_OFF(struct shared_info, wc_version, 1072);
PUBLIC_CHECK_OFF(struct shared_info, wc_sec_hi, 1084);
PUBLIC_CHECK_SIZE(struct shared_info, 1088);
PUBLIC_CHECK_OFF(struct start_info, nr_pages, 32);
PUBLIC_CHECK_OFF(struct start_info, flags, 48);
PUBLIC_CHECK_OFF(struct start_info, store_mfn, 56);
PUBLIC_CHECK_OFF(struct start_info, console, 72);
PUBLIC_CHECK_OFF(struct start_info, pt_base, 88);
PUBLIC_CHECK_OFF(struct start_info, mfn_list, 104);
PUBLIC_CHECK_OFF(struct start_info, cmd_line, 128);
PUBLIC_CHECK_OFF(struct start_info, first_p2m_pfn, 1152);
PUBLIC_CHECK_SIZE(struct start_info, 1168);

#endif /* PUBLIC_XEN_H */
