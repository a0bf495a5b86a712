/*
 * xen_version: what the hypervisor is.  Everything is readable by every
 * domain except the build details and the command line, which only the
 * control domain may see (-EPERM otherwise, as Xen's default policy).
 */
#include <hv/boot.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/version.h>
#include <public/version.h>


static const char *version_string(unsigned long cmd, bool privileged, long *err)
{
    static char cmdline[1024];

    *err = 0;
    switch (cmd) {
    case XENVER_extraversion:
    case XENVER_extraversion2:
        return XEN_EXTRAVERSION;
    case XENVER_capabilities:
    case XENVER_capabilities2:
        return XEN_CAPABILITIES;
    case XENVER_changeset:
    case XENVER_changeset2:
    case XENVER_commandline:
    case XENVER_commandline2:
        if (!privileged) {
            *err = -EPERM;
            return NULL;
        }
        if (cmd == XENVER_changeset || cmd == XENVER_changeset2)
            return "rvxen " RVXEN_VERSION_STRING;
        strlcpy(cmdline, hv_cmdline(), sizeof(cmdline));
        return cmdline;
    default:
        *err = -ENOSYS;
        return NULL;
    }
}

/* The fixed-size forms: a NUL-padded array of `size` bytes. */
static long copy_fixed(uint64_t arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size);
}

/* The xen_varbuf forms: the string length, or -ENOBUFS if it does not fit. */
static long copy_varbuf(uint64_t arg, const char *s)
{
    uint32_t room;
    size_t len = strlen(s);

    if (copy_from_guest(&room, arg, sizeof(room)))
        return -EFAULT;
    if (room < len)
        return -XEN_ENOBUFS;
    if (copy_to_guest(arg + offsetof(struct xen_varbuf, buf), s, len))
        return -EFAULT;
    return (long)len;
}

static long get_features(struct domain *d, uint64_t arg)
{
    struct xen_feature_info fi;

    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -EINVAL;
    fi.submap = 0;
    if (d->is_privileged)
        fi.submap |= 1u << XENFEAT_dom0;
    /* A translated domain (hv/p2m.h) writes its own page tables and names
     * guest frames; its memory is not machine = guest-physical. */
    if (d->is_translated)
        fi.submap |= (1u << XENFEAT_writable_page_tables) |
                     (1u << XENFEAT_auto_translated_physmap) |
                     (1u << XENFEAT_not_direct_mapped);
    return copy_to_guest(arg, &fi, sizeof(fi));
}

static long compile_info(struct domain *d, uint64_t arg)
{
    struct xen_compile_info ci;

    if (!d->is_privileged)
        return -EPERM;
    memset(&ci, 0, sizeof(ci));
    strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
    strlcpy(ci.compile_by, "rvxen", sizeof(ci.compile_by));
    strlcpy(ci.compile_domain, "rvxen", sizeof(ci.compile_domain));
    strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
    return copy_to_guest(arg, &ci, sizeof(ci));
}

/* Everything but the two sub-ops that take no buffer. */
static long __attribute__((noinline)) xen_version_buffer(struct domain *d, unsigned long cmd,
                                                         uint64_t arg)
{
    const char *s;
    long err;

    switch (cmd) {
    case XENVER_get_features:
        return get_features(d, arg);
    case XENVER_compile_info:
        return compile_info(d, arg);
    case XENVER_platform_parameters: {
        struct xen_platform_parameters pp = { .virt_start = 0 };

        return copy_to_guest(arg, &pp, sizeof(pp));
    }
    }
    s = version_string(cmd, d->is_privileged, &err);
    if (!s)
        return err;
    switch (cmd) {
    case XENVER_extraversion:
        return copy_fixed(arg, s, sizeof(xen_extraversion_t));
    case XENVER_changeset:
        return copy_fixed(arg, s, sizeof(xen_changeset_info_t));
    case XENVER_capabilities:
    case XENVER_commandline:
        return copy_fixed(arg, s, 1024);
    default:
        return copy_varbuf(arg, s);
    }
}

/* XENVER_version is the classic null hypercall: keep it a few instructions. */
long do_xen_version(struct vcpu *curr, unsigned long args[])
{
    switch (args[0]) {
    case XENVER_version:
        return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
    case XENVER_pagesize:
        return PAGE_SIZE;
    default:
        return xen_version_buffer(curr->domain, args[0], args[1]);
    }
}
