/*
 * The SBI this hypervisor implements for its guests (an ecall from VS-mode
 * whose a7 is not the hypercall EID).  Guests are PV kernels: they need the
 * base extension to probe, SRST to shut down, and the legacy console
 * putchar for early output.  An auto-translated domain also gets TIME,
 * IPI, RFENCE and HSM (vsbi_pvh.c).  Anything else is
 * SBI_ERR_NOT_SUPPORTED.
 *
 * Base: spec version 1.0, implementation id 7 (Xen, as registered in the
 * SBI specification), implementation version = XENVER_version.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/version.h>
#include <public/arch-riscv.h>
#include <public/sched.h>
#include <asm/regs.h>
#include <asm/sbi.h>
#include <asm/traps.h>
#include <asm/vsbi_pvh.h>

#define VSBI_SPEC_VERSION (1UL << 24)
#define VSBI_IMPL_ID_XEN  7

static bool vsbi_has_ext(const struct domain *d, unsigned long ext)
{
    return ext == SBI_EXT_BASE || ext == SBI_EXT_SRST ||
           ext == SBI_EXT_LEGACY_CONSOLE_PUTCHAR || ext == XEN_HYPERCALL_EID ||
           (d->is_translated && vsbi_pvh_has_ext(ext));
}

static struct sbiret vsbi_base(const struct domain *d, unsigned long fid, unsigned long a0)
{
    switch (fid) {
    case SBI_BASE_GET_SPEC_VERSION:
        return (struct sbiret){ SBI_SUCCESS, VSBI_SPEC_VERSION };
    case SBI_BASE_GET_IMPL_ID:
        return (struct sbiret){ SBI_SUCCESS, VSBI_IMPL_ID_XEN };
    case SBI_BASE_GET_IMPL_VERSION:
        return (struct sbiret){ SBI_SUCCESS, (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR };
    case SBI_BASE_PROBE_EXT:
        return (struct sbiret){ SBI_SUCCESS, vsbi_has_ext(d, a0) };
    case SBI_BASE_GET_MVENDORID:
    case SBI_BASE_GET_MARCHID:
    case SBI_BASE_GET_MIMPID:
        return (struct sbiret){ SBI_SUCCESS, 0 };
    default:
        return (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
    }
}

static struct sbiret vsbi_srst(struct vcpu *v, unsigned long fid, unsigned long type,
                               unsigned long reason)
{
    unsigned int code;

    if (fid != SBI_SRST_RESET)
        return (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
    if (type > SBI_SRST_TYPE_WARM_REBOOT || reason > SBI_SRST_REASON_FAILURE)
        return (struct sbiret){ SBI_ERR_INVALID_PARAM, 0 };
    if (reason == SBI_SRST_REASON_FAILURE)
        code = SHUTDOWN_crash;
    else
        code = type == SBI_SRST_TYPE_SHUTDOWN ? SHUTDOWN_poweroff : SHUTDOWN_reboot;
    domain_shutdown(v->domain, code);
    return (struct sbiret){ SBI_SUCCESS, 0 };
}

void vsbi_ecall(struct vcpu *v, struct cpu_user_regs *regs)
{
    unsigned long ext = regs->x[REG_A7], fid = regs->x[REG_A6];
    struct sbiret ret;

    switch (ext) {
    case SBI_EXT_BASE:
        ret = vsbi_base(v->domain, fid, regs->x[REG_A0]);
        break;
    case SBI_EXT_SRST:
        ret = vsbi_srst(v, fid, regs->x[REG_A0], regs->x[REG_A1]);
        break;
    case SBI_EXT_LEGACY_CONSOLE_PUTCHAR: {
        char c = (char)regs->x[REG_A0];

        console_guest_write(v->domain, &c, 1);
        regs->x[REG_A0] = 0;
        return;
    }
    default:
        if (!v->domain->is_translated || !vsbi_pvh_ecall(v, regs, &ret))
            ret = (struct sbiret){ SBI_ERR_NOT_SUPPORTED, 0 };
        break;
    }
    regs->x[REG_A0] = (unsigned long)ret.error;
    regs->x[REG_A1] = (unsigned long)ret.value;
}
