/*
 * The RISC-V (rv64) part of the guest ABI: how a PV guest calls the
 * hypervisor, what it finds when it starts, and the base types.
 * Included by xen.h; do not include it directly.
 *
 * Xen defines no hypercall convention and no PV entry for RISC-V, so the
 * two sections below are this project's own decisions.  Everything else in
 * the public headers follows Xen's numbers and layouts (with rv64's LP64
 * sizes: long and pointers are 8 bytes).
 *
 * == Hypercalls ==
 *
 * A hypercall is an `ecall` executed in VS-mode with
 *     a7 = XEN_HYPERCALL_EID (0x0A58454E, "\nXEN": inside the range SBI
 *          reserves for firmware-specific extensions, so it can never clash
 *          with a standard SBI extension),
 *     a6 = the __HYPERVISOR_* number,
 *     a0..a4 = the arguments, in the order of the Xen prototype.
 * The result comes back in a0: zero or a positive value on success, a
 * negated XEN_E* code on failure.  The argument registers a1..a4 are
 * clobbered (as on Xen for ARM): a hypercall the hypervisor preempts is
 * restarted transparently with its progress in them, so the guest must not
 * expect their values back.  Every other register (a5..a7, t0..t6, s0..s11,
 * ra, sp, gp, tp) is preserved, and execution continues after the ecall.
 * The guest never sees XEN_ERESTART.
 *
 * An ecall with any other a7 is a standard SBI call (a7 = EID, a6 = FID,
 * results in a0/a1, every other register preserved), which the hypervisor
 * implements for its guests as far as they need: Base, SRST and the legacy
 * console putchar; for auto-translated domains (below) also TIME, IPI,
 * RFENCE and HSM.
 *
 * Pointer arguments, and guest handles inside structures, are guest
 * *virtual* addresses, translated through the guest's own VS-stage page
 * tables (the PV model), not guest-physical addresses as on ARM.  (For an
 * auto-translated guest running with translation off, virtual =
 * guest-physical.)
 *
 * == Start of day ==
 *
 * The kernel is an ELF64, EM_RISCV, ET_EXEC image linked in the lower half
 * of the Sv39 address space (rvxen's own guests at 0x40000000).
 *   - virt_base is the lowest PT_LOAD vaddr rounded down to 4 KiB.
 *   - The domain's pseudo-physical pages, pfn 0 .. nr_pages-1, are all mapped
 *     at virt_base + pfn * 4096: the kernel's segments with their ELF
 *     permissions, page-table frames read-only, everything else read-write.
 *   - After the kernel image come, each page aligned and in this order:
 *       dom0 only: its device tree (below),
 *       dom0 only, if it was given one: its ramdisk, the boot module loaded
 *       just after dom0's kernel (QEMU: -device guest-loader,initrd=FILE),
 *       copied byte for byte; start_info.mod_start is its VA and
 *       start_info.mod_len its length in bytes (0: none; SIF_MOD_START_PFN
 *       is never set).  rvxen's dom0 reads a cpio "newc" archive from it
 *       (/etc/xen/<name>.cfg, /boot/<kernel>.elf: the toolstack's files),
 *       as Xen hands dom0 its initrd; the device tree stays devices only,
 *       the start_info page,
 *       the P2M list (start_info.mfn_list: nr_pages uint64_t MFNs indexed
 *       by pfn),
 *       for a domU only: the xenstore ring page (start_info.store_mfn,
 *       io/xs_wire.h) and the console ring page
 *       (start_info.console.domU.mfn, io/console.h), both zeroed, their
 *       ports in store_evtchn and console.domU.evtchn (unbound, remote end
 *       dom0) and grant entries 0 (console) and 1 (xenstore) granting them
 *       to dom0; dom0 has neither (store_mfn 0),
 *       the bootstrap page tables (start_info.pt_base = VA of the Sv39 root,
 *       start_info.nr_pt_frames frames in all).
 *     The first pfn the guest may use freely is
 *       (pt_base - virt_base) / 4096 + nr_pt_frames.
 *   - shared_info is mapped read-write at virt_base + nr_pages * 4096, the
 *     page just after the physmap.  start_info.shared_info holds its machine
 *     address.
 * Entry: pc = ELF entry, a0 = VA of start_info, a1 = VA of the device
 * tree (dom0; 0 for any other domain), VS-mode, interrupts off
 * (sstatus.SIE = 0), vsatp = the Sv39 root above, stvec = 0, sp undefined
 * (the guest sets up its own stack).  Other registers are unspecified.
 *
 * dom0's device tree (a flattened device tree, as a RISC-V kernel gets one
 * in a1 from its boot loader) describes exactly the devices dom0 may
 * drive: a node compatible "virtio,mmio" for each virtio-mmio slot, with
 * its `reg` (2 address and 2 size cells: the registers, which dom0 may
 * map) and its `interrupts` (one cell: the pirq, physdev.h), under /soc.
 * The root is compatible "rvxen,dom0"; nothing else of the machine is in
 * it.  Its pages belong to dom0 like the rest of the physmap.
 *
 * == Events ==
 *
 * The event upcall is the VS-level supervisor software interrupt (the guest
 * sees scause = interrupt 1).  The hypervisor raises it when
 * vcpu_info.evtchn_upcall_pending goes from 0 to 1.  The guest's handler
 * clears sip.SSIP first, then clears evtchn_upcall_pending, then scans
 * evtchn_pending_sel and pending[] & ~mask[] as in Xen's 2-level ABI; in
 * that order no event can be lost between the scan and the next upcall.
 * A guest masks upcalls with sstatus.SIE or sie.SSIE, so
 * vcpu_info.evtchn_upcall_mask is unused (the byte is kept for layout).
 * SCHEDOP_block returns with sstatus.SIE set (the counterpart of x86 PV
 * clearing evtchn_upcall_mask), so an upcall that woke the VCPU is taken
 * right after the ecall returns.
 *
 * == Time ==
 *
 * vcpu_time_info's "tsc" is the `time` CSR, which guests may read with
 * rdtime.  system_time is in ns since the hypervisor booted.  The
 * hypervisor refreshes a VCPU's vcpu_time_info each time the VCPU is
 * scheduled and at least once a second while it runs.  The wall clock
 * (shared_info.wc_*) is the time of day at system time 0, read from the
 * platform RTC at boot (0 when the machine has none).
 *
 * == More than one VCPU ==
 *
 * A domain has the VCPUs its description asks for (vcpus=, or
 * dom0_max_vcpus= for dom0).  VCPU 0 starts as above; the others start
 * down and uninitialised, and come up with VCPUOP_initialise (below) and
 * VCPUOP_up.  shared_info holds one vcpu_info (XEN_LEGACY_MAX_VCPUS, as
 * Xen has it on Arm and RISC-V); rvxen places the vcpu_info of VCPU n >= 1
 * in the rest of the shared_info page, at XEN_RISCV_VCPU_INFO_OFFSET(n),
 * where it stays unless the guest moves it with VCPUOP_register_vcpu_info.
 * This placement is rvxen's: Xen leaves such VCPUs without a vcpu_info
 * until they register one.
 *
 * == Auto-translated domains (type="pvh") ==
 *
 * A domain described with type="pvh" is auto-translated, as Xen's guests
 * on Arm are: it owns its page tables (vsatp, no mmu_update, mmuext_op or
 * update_va_mapping: -XEN_ENOSYS) and names memory by guest frame; every
 * frame number it passes in a hypercall (grant entries, GNTTABOP_copy
 * gmfns, VCPUOP_register_vcpu_info, HVM parameters) is a guest frame, and
 * only RAM of its own may be named that way.  XENVER_get_features reports
 * XENFEAT_auto_translated_physmap, _writable_page_tables and
 * _not_direct_mapped.
 *
 * Its guest-physical space:
 *   GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE  empty at start: the window for
 *       its grant-table frames, which it maps with XENMEM_add_to_physmap
 *       (XENMAPSPACE_grant_table; the device tree's /hypervisor reg)
 *   GUEST_MAGIC_BASE  the console ring page, then the xenstore ring page
 *       (HVM_PARAM_CONSOLE_PFN / STORE_PFN; ports in *_EVTCHN; grant
 *       entries 0 and 1 grant them to dom0, naming these guest frames)
 *   GUEST_RAM_BASE  its memory= of RAM
 * shared_info appears only where the guest puts it (XENMEM_add_to_physmap,
 * XENMAPSPACE_shared_info; usually over a page of its RAM, which is then
 * given back).  Other addresses are holes: an access faults (the guest
 * gets a load/store/fetch access fault), and a grant may be mapped there
 * (GNTTABOP_map_grant_ref with host_addr = the guest-physical address,
 * page aligned, of a hole; GNTMAP_contains_pte is refused).
 *
 * The kernel is a flat image: a Linux RISC-V `Image` (its 64-byte header,
 * magic2 "RSC\x05" at offset 56, gives text_offset and image_size) loaded
 * at GUEST_RAM_BASE + text_offset, or a raw binary loaded at GUEST_RAM_BASE.
 * A device tree the builder writes into the last pages of RAM describes
 * the domain: /cpus (timebase-frequency, one cpu@N per VCPU with
 * riscv,isa "rv64imafdc" and its riscv,cpu-intc, phandle N + 1), the
 * /memory node, /chosen/bootargs (the description's extra=), and
 * /hypervisor, compatible "xen,xen-4.20", "xen,xen", with reg = the
 * grant-table window and interrupts-extended = <VCPU 0's intc, 1>: the
 * event upcall.  Ramdisks are not loaded yet.
 *
 * Entry: pc = the image's first byte, a0 = 0 (the hart id of VCPU 0),
 * a1 = the device tree's guest-physical address, VS-mode, vsatp = 0,
 * interrupts off.  The other VCPUs are stopped; SBI HSM hart_start
 * starts one (hart id = VCPU id; a0 = hart id, a1 = opaque, vsatp = 0),
 * hart_stop stops the caller (VCPUOP_initialise, _up and _down are
 * -XEN_EINVAL).  The guest's own exceptions (misaligned accesses,
 * illegal instructions, breakpoints, VU-mode ecalls, page faults of its
 * own tables) reach its stvec directly.  Its timer is SBI TIME (no Sstc:
 * riscv,isa does not list it); IPIs are SBI IPI, which raise the same
 * supervisor software interrupt as the event upcall below - a guest
 * checks both when it takes one.  SBI RFENCE: remote_sfence_vma[_asid]
 * completes on every hart before it returns; remote_fence_i only makes
 * each hart named run fence.i before it next runs guest code (the call
 * does not wait); the hfence calls are SBI_ERR_NOT_SUPPORTED.  HSM
 * hart_suspend is not supported.
 */
#ifndef PUBLIC_ARCH_RISCV_H
#define PUBLIC_ARCH_RISCV_H

#include <stdint.h>

#define XEN_HYPERCALL_EID   0x0A58454EUL

/* Machine words and frame numbers are 64-bit, as Xen has them on rv64. */
typedef uint64_t xen_ulong_t;
typedef int64_t  xen_long_t;
typedef uint64_t xen_pfn_t;

#define XEN_PAGE_SHIFT      12
#define XEN_PAGE_SIZE       (1UL << XEN_PAGE_SHIFT)

/* shared_info holds one vcpu_info; further VCPUs register their own. */
#define XEN_LEGACY_MAX_VCPUS 1

/* The guest-physical layout of auto-translated domains (above). */
#define GUEST_GNTTAB_BASE   0x38000000ULL
#define GUEST_GNTTAB_SIZE   0x00040000ULL    /* 64 frames: the most a table has */
#define GUEST_MAGIC_BASE    0x39000000ULL
#define GUEST_RAM_BASE      0x80000000ULL

/* Byte offset, in the shared_info page, of VCPU n's vcpu_info (n >= 1). */
#define XEN_RISCV_VCPU_INFO_OFFSET(n) (2048 + (n) * 64)

/*
 * VCPUOP_initialise's argument: the state a VCPU starts with.
 *
 * The VCPU starts in VS-mode at pc with x[1..31] as given (x[0] is
 * ignored), interrupts off (sstatus.SIE = 0), FP registers zero, its
 * VS-level CSRs zero except satp and stvec as given, and no event pending.
 * satp must select Sv39 (MODE 8); its PPN must name a frame the domain
 * owns that is a validated root page table (as the bootstrap root is): a
 * VCPU can only run on tables the hypervisor has checked.  Anything else
 * gives -XEN_EINVAL, as do flags other than VGCF_online and a nonzero pad.
 * VGCF_online brings the VCPU up at once, as VCPUOP_up would.
 */
#define _VGCF_online 0
#define VGCF_online  (1U << _VGCF_online)

struct vcpu_guest_context {
    uint32_t flags;             /* IN: VGCF_* */
    uint32_t pad;               /* IN: 0 */
    uint64_t pc;                /* IN: first instruction */
    uint64_t x[32];             /* IN: integer registers; x[2] is sp, x[10] a0 */
    uint64_t satp;              /* IN: Sv39 root, MODE 8 | ASID | PPN */
    uint64_t stvec;             /* IN: trap vector (0: none yet) */
};
typedef struct vcpu_guest_context vcpu_guest_context_t;

/* start_info.magic for this architecture. */
#define XEN_START_INFO_MAGIC "xen-3.0-riscv64"

/*
 * Guest handles.  In Xen a handle is a typed pointer wrapped in a struct so
 * that its size does not depend on the guest's word size.  Here a handle is
 * simply a 64-bit guest virtual address: the same 8 bytes in the guest, in
 * the hypervisor and in host-compiled tests, and no per-type declarations
 * are needed.  The macro argument only documents what the handle points
 * to.  Guests store a pointer with set_xen_guest_handle(); 0 is the null
 * handle.
 */
#define XEN_GUEST_HANDLE(type)      uint64_t
#define XEN_GUEST_HANDLE_64(type)   uint64_t
#define set_xen_guest_handle(hnd, ptr) \
    ((hnd) = (uint64_t)(uintptr_t)(ptr))

/*
 * Where a guest maps the machine-to-phys table, if it wants it (memory.h,
 * XENMEM_machphys_mapping): entry mfn at MACH2PHYS_VIRT_START + 8 * mfn.
 * Root slot 192 of the lower Sv39 half.
 */
#define MACH2PHYS_VIRT_START 0x3000000000UL

#endif /* PUBLIC_ARCH_RISCV_H */
