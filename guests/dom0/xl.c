/*
 * xl in dom0 (xl.h has the commands and the life cycle).  Each command is
 * a function over an argument vector; messages follow xl's wording where
 * xl has one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <domains.h>
#include <xenstore.h>
#include <console/xencons_back.h>
#include <public/sysctl.h>
#include <public/version.h>
#include "ramdisk.h"
#include "shell.h"
#include "xenstored.h"
#include "xg_build.h"
#include "xl.h"
#include "xlcfg.h"

#define MAX_ARGS 16
#define MAX_XL_DOMS 16

/* The domains xl created, with their configuration (for on_* actions). */
struct xl_dom {
    bool used;
    domid_t domid;
    uint64_t started_ns;        /* monotonic time of the unpause */
    struct xl_config cfg;
};
static struct xl_dom doms[MAX_XL_DOMS];

static long domctl(xen_domctl_t *op, uint32_t cmd, domid_t dom)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return HYPERVISOR_domctl(op);
}

static struct xl_dom *xl_dom_of(domid_t domid)
{
    for (unsigned int i = 0; i < MAX_XL_DOMS; i++)
        if (doms[i].used && doms[i].domid == domid)
            return &doms[i];
    return NULL;
}

/* ---- names ---- */

static const char *dom_name(domid_t id, char *buf, size_t cap)
{
    xen_domctl_t op;

    xsd_domain_name(id, buf, cap);
    if (strcmp(buf, "?"))
        return buf;
    memset(&op, 0, sizeof(op));
    if (!domctl(&op, XEN_DOMCTL_get_domain_name, id))
        snprintf(buf, cap, "%s", op.u.get_domain_name.name);
    return buf;
}

/* A domain by id or name: its id, or -1 after xl's message. */
static long find_domain(const char *arg)
{
    static struct xen_domctl_getdomaininfo info[32];
    char *end, name[64];
    unsigned long id = strtoul(arg, &end, 10);
    long n;

    if (*arg && !*end) {
        if (id < DOMID_FIRST_RESERVED && !domain_info((domid_t)id, info))
            return (long)id;
    } else {
        n = domain_list(0, info, 32);
        for (long i = 0; i < n; i++)
            if (!strcmp(dom_name(info[i].domain, name, sizeof(name)), arg))
                return info[i].domain;
    }
    printk("xl: Domain '%s' does not exist.\n", arg);
    return -1;
}

/* ---- list, info, uptime, vcpu-list ---- */

/* xl prints seconds as %8.1f; dom0's printf has no floating point. */
static unsigned long secs(uint64_t ns)
{
    return (unsigned long)((ns + 50000000) / 1000000000);
}

static unsigned long tenths(uint64_t ns)
{
    return (unsigned long)((ns + 50000000) / 100000000 % 10);
}

static void list_one(const struct xen_domctl_getdomaininfo *d, bool verbose)
{
    static const char reason_letters[] = "-rscwS";
    unsigned int reason = (d->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    bool shutdown = d->flags & XEN_DOMINF_shutdown;
    char name[64], line[160];
    int n;

    if (!shutdown)
        reason = 0;
    n = snprintf(line, sizeof(line), "%-40s %5u %5lu %5u     %c%c%c%c%c%c  %6lu.%lu",
                 dom_name(d->domain, name, sizeof(name)), d->domain,
                 (unsigned long)(d->tot_pages / 256), d->nr_online_vcpus,
                 d->flags & XEN_DOMINF_running ? 'r' : '-',
                 d->flags & XEN_DOMINF_blocked ? 'b' : '-',
                 d->flags & XEN_DOMINF_paused ? 'p' : '-', shutdown ? 's' : '-',
                 reason < sizeof(reason_letters) - 1 ? reason_letters[reason] : '?',
                 d->flags & XEN_DOMINF_dying ? 'd' : '-', secs(d->cpu_time), tenths(d->cpu_time));
    if (verbose && n > 0 && (size_t)n < sizeof(line)) {
        const uint8_t *u = d->handle;

        snprintf(line + n, sizeof(line) - (size_t)n,
                 " %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                 u[12], u[13], u[14], u[15]);
        n = (int)strlen(line);
        if (shutdown)
            snprintf(line + n, sizeof(line) - (size_t)n, " %8x %16s", reason, "-");
        else
            snprintf(line + n, sizeof(line) - (size_t)n, " %8s %16s", "-", "-");
    }
    printk("%s\n", line);
}

static void list_long(const struct xen_domctl_getdomaininfo *d)
{
    struct xl_dom *x = xl_dom_of(d->domain);
    char name[64];

    printk("(domain\n    (domid %u)\n    (name %s)\n    (memory %lu)\n    (vcpus %u)\n",
           d->domain, dom_name(d->domain, name, sizeof(name)),
           (unsigned long)(d->tot_pages / 256), d->max_vcpu_id + 1);
    if (x)
        printk("    (kernel %s)\n    (on_poweroff %s)\n    (on_reboot %s)\n    (on_crash %s)\n",
               x->cfg.kernel, xl_action_name(x->cfg.on_poweroff),
               xl_action_name(x->cfg.on_reboot), xl_action_name(x->cfg.on_crash));
    printk(")\n");
}

static int cmd_list(int argc, char **argv)
{
    static struct xen_domctl_getdomaininfo info[64];
    bool verbose = false, details = false;
    long n, only = -1;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            verbose = true;
        else if (!strcmp(argv[i], "-l"))
            details = true;
        else if ((only = find_domain(argv[i])) < 0)
            return 1;
    }
    n = domain_list(0, info, 64);
    if (n < 0) {
        printk("xl: libxl_list_domain failed.\n");
        return 1;
    }
    if (!details)
        printk("Name                                        ID   Mem VCPUs\tState\tTime(s)%s\n",
               verbose ? "   UUID                            Reason-Code\tSecurity Label" : "");
    for (long i = 0; i < n; i++) {
        if (only >= 0 && info[i].domain != only)
            continue;
        if (details)
            list_long(&info[i]);
        else
            list_one(&info[i], verbose);
    }
    return 0;
}

static int cmd_info(int argc, char **argv)
{
    static xen_extraversion_t extra;
    static xen_capabilities_info_t caps;
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_physinfo,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

    (void)argc;
    (void)argv;
    if (HYPERVISOR_sysctl(&op) || ver < 0) {
        printk("xl: libxl_get_physinfo failed.\n");
        return 1;
    }
    if (HYPERVISOR_xen_version(XENVER_extraversion, extra) < 0)
        extra[0] = '\0';
    if (HYPERVISOR_xen_version(XENVER_capabilities, caps) < 0)
        caps[0] = '\0';
    extra[sizeof(extra) - 1] = caps[sizeof(caps) - 1] = '\0';
    printk("%-23s: %s\n", "host", "rvxen");
    printk("%-23s: %s\n", "machine", "riscv64");
    printk("%-23s: %u\n", "nr_cpus", op.u.physinfo.nr_cpus);
    printk("%-23s: %u\n", "max_cpu_id", op.u.physinfo.max_cpu_id);
    printk("%-23s: %u\n", "nr_nodes", op.u.physinfo.nr_nodes);
    printk("%-23s: %u\n", "cores_per_socket", op.u.physinfo.cores_per_socket);
    printk("%-23s: %u\n", "threads_per_core", op.u.physinfo.threads_per_core);
    printk("%-23s: %lu\n", "total_memory", (unsigned long)(op.u.physinfo.total_pages / 256));
    printk("%-23s: %lu\n", "free_memory", (unsigned long)(op.u.physinfo.free_pages / 256));
    printk("%-23s: %ld\n", "xen_major", ver >> 16);
    printk("%-23s: %ld\n", "xen_minor", ver & 0xffff);
    printk("%-23s: %s\n", "xen_extra", extra);
    printk("%-23s: %ld.%ld%s\n", "xen_version", ver >> 16, ver & 0xffff, extra);
    printk("%-23s: %s\n", "xen_caps", caps);
    printk("%-23s: %d\n", "xen_pagesize", (int)PAGE_SIZE);
    printk("%-23s: %s\n", "xen_commandline", "");
    printk("%-23s: %d\n", "xend_config_format", 4);
    return 0;
}

static void uptime_line(domid_t id, uint64_t secs)
{
    char name[64];
    unsigned long d = (unsigned long)(secs / 86400), h = (unsigned long)(secs / 3600 % 24),
                  m = (unsigned long)(secs / 60 % 60), s = (unsigned long)(secs % 60);

    dom_name(id, name, sizeof(name));
    if (d)
        printk("%-33s %4u %lu day%s, %2lu:%02lu:%02lu\n", name, id, d, d > 1 ? "s" : "", h, m,
               s);
    else
        printk("%-33s %4u %2lu:%02lu:%02lu\n", name, id, h, m, s);
}

static int cmd_uptime(int argc, char **argv)
{
    static struct xen_domctl_getdomaininfo info[64];
    long n = domain_list(0, info, 64);
    uint64_t now = monotonic_ns();

    (void)argc;
    (void)argv;
    printk("%-33s %4s %s\n", "Name", "ID", "Uptime");
    for (long i = 0; i < n; i++) {
        struct xl_dom *x = xl_dom_of(info[i].domain);

        /* Domains xl did not create have been up since boot, as dom0 has. */
        uptime_line(info[i].domain, ((x ? now - x->started_ns : now) / NSEC_PER_SEC));
    }
    return 0;
}

static int cmd_vcpu_list(int argc, char **argv)
{
    static struct xen_domctl_getdomaininfo info[64];
    long n = domain_list(0, info, 64), only = argc > 1 ? find_domain(argv[1]) : -1;
    char name[64];

    if (argc > 1 && only < 0)
        return 1;
    printk("Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n");
    for (long i = 0; i < n; i++) {
        if (only >= 0 && info[i].domain != only)
            continue;
        for (uint32_t v = 0; v <= info[i].max_vcpu_id; v++) {
            xen_domctl_t op;

            memset(&op, 0, sizeof(op));
            op.u.getvcpuinfo.vcpu = v;
            if (domctl(&op, XEN_DOMCTL_getvcpuinfo, info[i].domain))
                continue;
            printk("%-32s %5u %5u   %3s   %-3s %7lu.%lu  all / all\n",
                   dom_name(info[i].domain, name, sizeof(name)), info[i].domain, v,
                   op.u.getvcpuinfo.online ? "" : "-",
                   !op.u.getvcpuinfo.online ? "--p" : op.u.getvcpuinfo.running ? "r--"
                   : op.u.getvcpuinfo.blocked ? "-b-" : "---",
                   secs(op.u.getvcpuinfo.cpu_time), tenths(op.u.getvcpuinfo.cpu_time));
        }
    }
    return 0;
}

/* ---- destroy ---- */

/*
 * Destroy, letting go of what dom0 holds of it: the first destroy stops it
 * and leaves it dying while dom0's back ends still map its rings; they
 * release a dying domain, and the next destroy finishes it.
 */
static long destroy_domain(domid_t domid)
{
    xen_domctl_t op;
    long rc;

    for (unsigned int tries = 0; tries < 200; tries++) {
        memset(&op, 0, sizeof(op));
        rc = domctl(&op, XEN_DOMCTL_destroydomain, domid);
        if (rc == -XEN_ESRCH)
            break;
        if (rc)
            return rc;
        xencons_back_reap();
        xsd_reap();
        if (domain_info(domid, &op.u.getdomaininfo) == -XEN_ESRCH)
            break;
        sleep_ns(NSEC_PER_MSEC);
    }
    for (unsigned int i = 0; i < MAX_XL_DOMS; i++)
        if (doms[i].used && doms[i].domid == domid)
            doms[i].used = false;
    shell_domain_gone(domid);
    return domain_info(domid, &op.u.getdomaininfo) == -XEN_ESRCH ? 0 : -XEN_EBUSY;
}

static int cmd_destroy(int argc, char **argv)
{
    long id;

    if (argc != 2) {
        printk("xl: 'xl destroy' requires at least 1 argument.\n");
        return 1;
    }
    if ((id = find_domain(argv[1])) < 0)
        return 1;
    if (id == 0) {
        printk("xl: destroying dom0 is not allowed\n");
        return 1;
    }
    if (destroy_domain((domid_t)id)) {
        printk("xl: destroy failed (rc=%d)\n", -1);
        return 1;
    }
    return 0;
}

/* ---- create ---- */

static long sched_params(domid_t domid, const struct xl_config *c)
{
    xen_domctl_t op;

    if (c->cpu_weight < 0 && c->cap < 0)
        return 0;
    memset(&op, 0, sizeof(op));
    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    op.u.scheduler_op.u.credit.weight = c->cpu_weight > 0 ? (uint16_t)c->cpu_weight : 0;
    op.u.scheduler_op.u.credit.cap = c->cap >= 0 ? (uint16_t)c->cap : 0xFFFF;
    return domctl(&op, XEN_DOMCTL_scheduler_op, domid);
}

/*
 * The split drivers' hook: the disks and network interfaces of the
 * configuration, parsed (xlcfg.h), are where xenbus_dev_create() - the
 * block engineer's API on h-blk, drivers/xenbus/ - will create their
 * back and front ends once it exists on main.  HOOK(h-blk/h-net): call
 * xenbus_dev_create() for each here.  Until then a configuration with
 * devices is refused, so nobody believes they were created.
 */
static long xl_devices(domid_t domid, const struct xl_config *c)
{
    (void)domid;        /* DOMID_INVALID: only asked whether they can be made */
    if (c->nr_disks || c->nr_vifs) {
        printk("xl: disk and vif devices are parsed but not supported yet (split drivers)\n");
        return -XEN_ENOSYS;
    }
    return 0;
}

static const char *cfg_path(const char *arg, char *buf, size_t cap)
{
    const void *data;
    size_t len;

    if (arg[0] == '/' || ramdisk_file(arg, &data, &len) == 0)
        return arg;
    snprintf(buf, cap, "/etc/xen/%s", arg);
    return buf;
}

static long name_taken(const char *name)
{
    static struct xen_domctl_getdomaininfo info[64];
    long n = domain_list(0, info, 64);
    char other[64];

    for (long i = 0; i < n; i++)
        if (!(info[i].flags & XEN_DOMINF_dying) &&
            !strcmp(dom_name(info[i].domain, other, sizeof(other)), name))
            return info[i].domain;
    return -1;
}

/* Build, introduce and start a domain from a checked configuration. */
static long start_domain(const struct xl_config *c, domid_t *out)
{
    static char err[160];
    struct xg_spec spec = {
        .name = c->name, .memory_mb = c->memory_mb, .maxmem_mb = c->maxmem_mb,
        .vcpus = c->maxvcpus > c->vcpus ? c->maxvcpus : c->vcpus, .cmdline = c->cmdline,
    };
    struct xg_result r;
    struct xl_dom *x = NULL;
    long rc;

    if (ramdisk_file(c->kernel, &spec.kernel, &spec.kernel_len)) {
        printk("xl: kernel: cannot read %s\n", c->kernel);
        return -XEN_ENOENT;
    }
    if (c->ramdisk[0]) {
        printk("xl: ramdisk: a domU ramdisk is not supported\n");
        return -XEN_ENOSYS;
    }
    if (xl_devices(DOMID_INVALID, c))
        return -XEN_ENOSYS;     /* refused before anything is built */
    for (unsigned int i = 0; i < MAX_XL_DOMS && !x; i++)
        if (!doms[i].used)
            x = &doms[i];
    if (!x) {
        printk("xl: too many domains created by xl (%u)\n", MAX_XL_DOMS);
        return -XEN_ENOSPC;
    }
    rc = xg_build(&spec, &r, err, sizeof(err));
    if (rc) {
        printk("xl: %s\n", err);
        return rc;
    }
    if ((rc = sched_params(r.domid, c)) || (rc = xl_devices(r.domid, c)) ||
        (rc = xsd_introduce_domain(r.domid, c->name)) ||
        (rc = xencons_back_connect(r.domid))) {
        printk("xl: %s: setting up d%u failed (%ld)\n", c->name, r.domid, rc);
        destroy_domain(r.domid);
        return rc;
    }
    *x = (struct xl_dom){ .used = true, .domid = r.domid, .cfg = *c };
    x->started_ns = monotonic_ns();
    xen_domctl_t op;

    memset(&op, 0, sizeof(op));
    rc = domctl(&op, XEN_DOMCTL_unpausedomain, r.domid);
    if (rc) {
        destroy_domain(r.domid);
        return rc;
    }
    *out = r.domid;
    return 0;
}

static int cmd_create(int argc, char **argv)
{
    static struct xl_config cfg;
    static char err[160], pathbuf[160];
    const char *file = NULL, *path;
    const void *text;
    size_t len;
    bool console = false;
    domid_t domid;
    int first_setting = argc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c"))
            console = true;
        else if (!file && !strchr(argv[i], '='))
            file = argv[i];
        else if (first_setting == argc && strchr(argv[i], '='))
            first_setting = i;
    }
    if (!file) {
        printk("xl: 'xl create' requires a configuration file.\n");
        return 1;
    }
    path = cfg_path(file, pathbuf, sizeof(pathbuf));
    printk("Parsing config from %s\n", path);
    if (ramdisk_file(path, &text, &len)) {
        printk("xl: Failed to read config file: %s\n", path);
        return 1;
    }
    xlcfg_defaults(&cfg);
    if (xlcfg_parse(path, text, len, &cfg, err, sizeof(err))) {
        printk("xl: %s\n", err);
        return 1;
    }
    for (int i = first_setting; i < argc; i++)
        if (strchr(argv[i], '=') && xlcfg_set(argv[i], &cfg, err, sizeof(err))) {
            printk("xl: %s\n", err);
            return 1;
        }
    if (xlcfg_check(path, &cfg, err, sizeof(err))) {
        printk("xl: %s\n", err);
        return 1;
    }
    if (name_taken(cfg.name) >= 0) {
        printk("xl: domain with name \"%s\" already exists.\n", cfg.name);
        return 1;
    }
    if (start_domain(&cfg, &domid))
        return 1;
    if (console)
        shell_attach(domid);
    return 0;
}

/* ---- shutdown, reboot, pause, unpause, rename, domid, domname ---- */

static domid_t waiting[64];
static unsigned int nr_waiting;

static long request(domid_t domid, const char *what)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    return xenstore_write(XENSTORE_TX_NONE, path, what);
}

static int shutdown_like(int argc, char **argv, const char *what)
{
    static struct xen_domctl_getdomaininfo info[64];
    bool all = false, wait = false;
    const char *dom = NULL;
    long n;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-a"))
            all = true;
        else if (!strcmp(argv[i], "-w"))
            wait = true;
        else
            dom = argv[i];
    }
    if (all == !!dom) {
        printk("xl: 'xl %s' requires a domain or -a\n", argv[0]);
        return 1;
    }
    n = all ? domain_list(1, info, 64) : 0;
    if (!all) {
        long id = find_domain(dom);

        if (id < 0)
            return 1;
        info[0].domain = (domid_t)id;
        n = 1;
    }
    for (long i = 0; i < n; i++) {
        if (info[i].domain == 0)
            continue;
        if (request(info[i].domain, what)) {
            printk("xl: %s of d%u failed\n", what, info[i].domain);
            return 1;
        }
        if (wait && nr_waiting < 64)
            waiting[nr_waiting++] = info[i].domain;
    }
    if (wait && nr_waiting)
        printk("Waiting for %u domains\n", nr_waiting);
    return 0;
}

static int cmd_shutdown(int argc, char **argv)
{
    return shutdown_like(argc, argv, "poweroff");
}

static int cmd_reboot(int argc, char **argv)
{
    return shutdown_like(argc, argv, "reboot");
}

static int one_domain_op(int argc, char **argv, uint32_t cmd)
{
    xen_domctl_t op;
    long id, rc;

    if (argc != 2) {
        printk("xl: 'xl %s' requires 1 argument.\n", argv[0]);
        return 1;
    }
    if ((id = find_domain(argv[1])) < 0)
        return 1;
    memset(&op, 0, sizeof(op));
    rc = domctl(&op, cmd, (domid_t)id);
    if (rc) {
        printk("xl: %s of d%ld failed (%ld)\n", argv[0], id, rc);
        return 1;
    }
    return 0;
}

static int cmd_pause(int argc, char **argv)
{
    return one_domain_op(argc, argv, XEN_DOMCTL_pausedomain);
}

static int cmd_unpause(int argc, char **argv)
{
    return one_domain_op(argc, argv, XEN_DOMCTL_unpausedomain);
}

static int cmd_domid(int argc, char **argv)
{
    long id;

    if (argc != 2) {
        printk("xl: 'xl domid' requires 1 argument.\n");
        return 1;
    }
    id = strchr("0123456789", argv[1][0]) ? -1 : find_domain(argv[1]);
    if (id < 0) {
        printk("xl: Can't get domid of domain name '%s', maybe this domain does not exist.\n",
               argv[1]);
        return 1;
    }
    printk("%ld\n", id);
    return 0;
}

static int cmd_domname(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    char *end, name[64];
    unsigned long id;

    if (argc != 2) {
        printk("xl: 'xl domname' requires 1 argument.\n");
        return 1;
    }
    id = strtoul(argv[1], &end, 10);
    if (!argv[1][0] || *end) {
        printk("xl: Invalid domain id.\n");
        return 1;
    }
    if (id >= DOMID_FIRST_RESERVED || domain_info((domid_t)id, &info)) {
        printk("xl: Can't get domain name of domain id '%lu', maybe this domain does not "
               "exist.\n", id);
        return 1;
    }
    printk("%s\n", dom_name((domid_t)id, name, sizeof(name)));
    return 0;
}

static int cmd_rename(int argc, char **argv)
{
    char path[64];
    long id;

    if (argc != 3) {
        printk("xl: 'xl rename' requires 2 arguments.\n");
        return 1;
    }
    if ((id = find_domain(argv[1])) < 0)
        return 1;
    if (name_taken(argv[2]) >= 0) {
        printk("xl: domain with name \"%s\" already exists.\n", argv[2]);
        return 1;
    }
    snprintf(path, sizeof(path), "/local/domain/%ld/name", id);
    if (xenstore_write(XENSTORE_TX_NONE, path, argv[2])) {
        printk("xl: Failed to rename domain\n");
        return 1;
    }
    if (xl_dom_of((domid_t)id))
        snprintf(xl_dom_of((domid_t)id)->cfg.name, XLCFG_NAME_MAX, "%s", argv[2]);
    return 0;
}

static int cmd_console(int argc, char **argv)
{
    long id;

    if (argc != 2 || (id = find_domain(argv[1])) < 0)
        return 1;
    shell_attach((domid_t)id);
    return 0;
}

static int cmd_sched_credit(int argc, char **argv)
{
    xen_domctl_t op;
    long id = -1;
    int weight = -1, cap = -1;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-d"))
            id = find_domain(argv[i + 1]);
        else if (!strcmp(argv[i], "-w"))
            weight = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-c"))
            cap = atoi(argv[i + 1]);
    }
    if (id < 0) {
        printk("xl: 'xl sched-credit' needs -d <domain>\n");
        return 1;
    }
    memset(&op, 0, sizeof(op));
    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = weight < 0 && cap < 0 ? XEN_DOMCTL_SCHEDOP_getinfo
                                                  : XEN_DOMCTL_SCHEDOP_putinfo;
    op.u.scheduler_op.u.credit.weight = weight > 0 ? (uint16_t)weight : 0;
    op.u.scheduler_op.u.credit.cap = cap >= 0 ? (uint16_t)cap : 0xFFFF;
    if (domctl(&op, XEN_DOMCTL_scheduler_op, (domid_t)id)) {
        printk("xl: sched-credit failed (not the credit scheduler, or a bad value)\n");
        return 1;
    }
    if (weight < 0 && cap < 0) {
        char name[64];

        printk("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        printk("%-33s %4ld %6u %4u\n", dom_name((domid_t)id, name, sizeof(name)), id,
               op.u.scheduler_op.u.credit.weight, op.u.scheduler_op.u.credit.cap);
    }
    return 0;
}

static int cmd_help(int argc, char **argv);

static const struct xl_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} cmds[] = {
    { "create", cmd_create, "Create a domain from config file <filename>" },
    { "list", cmd_list, "List information about all/some domains" },
    { "destroy", cmd_destroy, "Terminate a domain immediately" },
    { "shutdown", cmd_shutdown, "Issue a shutdown signal to a domain" },
    { "reboot", cmd_reboot, "Issue a reboot signal to a domain" },
    { "pause", cmd_pause, "Pause execution of a domain" },
    { "unpause", cmd_unpause, "Unpause a paused domain" },
    { "console", cmd_console, "Attach to domain's console" },
    { "info", cmd_info, "Get information about Xen host" },
    { "domid", cmd_domid, "Convert a domain name to domain id" },
    { "domname", cmd_domname, "Convert a domain id to domain name" },
    { "rename", cmd_rename, "Rename a domain" },
    { "uptime", cmd_uptime, "Print uptime for all/some domains" },
    { "vcpu-list", cmd_vcpu_list, "List the VCPUs for all/some domains" },
    { "sched-credit", cmd_sched_credit, "Get/set credit scheduler parameters" },
    { "help", cmd_help, "Print this help" },
};

static int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printk("Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n");
    for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        printk(" %-19s %s\n\n", cmds[i].name, cmds[i].help);
    return 0;
}

/* Split at blanks, keeping quoted parts whole (quotes kept: xl.cfg syntax). */
static int split(char *line, char **argv)
{
    int argc = 0;
    char *p = line;

    while (*p && argc < MAX_ARGS) {
        char quote = 0;

        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && (quote || (*p != ' ' && *p != '\t'))) {
            if (*p == '"' || *p == '\'')
                quote = quote == *p ? 0 : quote ? quote : *p;
            p++;
        }
        if (*p)
            *p++ = '\0';
    }
    return argc;
}

static int run(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split(line, argv);

    if (argc < 2)
        return cmd_help(argc, argv);
    for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (!strcmp(argv[1], cmds[i].name))
            return cmds[i].fn(argc - 1, argv + 1);
    printk("xl: command not implemented: %s\n", argv[1]);
    return 1;
}

bool xl_command(char *line)
{
    if (strncmp(line, "xl", 2) || (line[2] && line[2] != ' '))
        return false;
    run(line);
    return true;
}

/* ---- life cycle ---- */

static void restart(struct xl_dom *x, bool rename_old)
{
    struct xl_config cfg = x->cfg;
    domid_t old = x->domid, domid;
    char name[80];

    if (rename_old) {
        snprintf(name, sizeof(name), "/local/domain/%u/name", old);
        x->used = false;        /* the old one is preserved, no longer xl's */
        xenstore_write(XENSTORE_TX_NONE, name, "");
    } else {
        destroy_domain(old);
    }
    printk("xl: d%u (%s): restarting\n", old, cfg.name);
    if (start_domain(&cfg, &domid))
        printk("xl: %s: restart failed\n", cfg.name);
}

bool xl_domain_finished(domid_t domid, unsigned int code)
{
    struct xl_dom *x = xl_dom_of(domid);
    enum xl_action a;

    for (unsigned int i = 0; i < nr_waiting; i++)
        if (waiting[i] == domid) {
            waiting[i] = waiting[--nr_waiting];
            printk("Domain %u has been shut down, reason code %u\n", domid, code);
            break;
        }
    if (!x || code == SHUTDOWN_suspend)
        return false;
    a = code == SHUTDOWN_poweroff ? x->cfg.on_poweroff
      : code == SHUTDOWN_reboot ? x->cfg.on_reboot : x->cfg.on_crash;
    printk("xl: d%u (%s): %s, action %s\n", domid, x->cfg.name,
           code == SHUTDOWN_poweroff ? "powered off" : code == SHUTDOWN_reboot ? "rebooted"
                                                                             : "crashed",
           xl_action_name(a));
    switch (a) {
    case XL_ACTION_DESTROY:
        destroy_domain(domid);
        break;
    case XL_ACTION_RESTART:
        restart(x, false);
        break;
    case XL_ACTION_RENAME_RESTART:
        restart(x, true);
        break;
    case XL_ACTION_PRESERVE:
        break;
    }
    return true;
}

/* ---- the create/destroy cycle test (script mode) ---- */

/*
 * `cycles N CFG` (a script directive, not an xl command): create the
 * domain of CFG, let it run until it powers off and xl destroys it
 * (on_poweroff=destroy), N times; then print what the machine holds
 * compared with after the first cycle (which fills caches: the
 * hypervisor's allocator, xenstored's and dom0's own tables), as
 *   CREATE-DESTROY cycles=N frames=D ports=D grants=D maptrack=D
 *   xs_nodes=D watches=D heap=D
 * each D a difference (0 everywhere is the goal), and the virtual time
 * the cycles took.
 */
struct counts {
    long frames, ports, grants, maptrack, xs_nodes, watches, heap;
    long dom0_pages;            /* dom0's own free pages (its allocator) */
};

static struct {
    bool active, waiting;
    unsigned int total, done;
    domid_t domid;
    uint64_t t0;
    struct counts base;
    struct xl_config cfg;
} cyc;

static void read_counts(struct counts *c)
{
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_rvxen_counts,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    unsigned long nodes, watches;

    memset(c, 0, sizeof(*c));
    if (HYPERVISOR_sysctl(&op))
        return;
    xsd_counts(&nodes, &watches);
    c->frames = (long)op.u.rvxen_counts.free_pages;
    c->ports = op.u.rvxen_counts.evtchn_ports;
    c->grants = op.u.rvxen_counts.grant_pins;
    c->maptrack = op.u.rvxen_counts.maptrack;
    c->heap = (long)op.u.rvxen_counts.heap_bytes;
    c->xs_nodes = (long)nodes;
    c->watches = (long)watches;
    c->dom0_pages = (long)free_page_count();
}

static int cycles_start(int argc, char **argv)
{
    static char err[160], pathbuf[160];
    const char *path;
    const void *text;
    size_t len;

    if (argc != 3 || atoi(argv[1]) < 1) {
        printk("xl: cycles N CFG\n");
        return 1;
    }
    path = cfg_path(argv[2], pathbuf, sizeof(pathbuf));
    xlcfg_defaults(&cyc.cfg);
    if (ramdisk_file(path, &text, &len) || xlcfg_parse(path, text, len, &cyc.cfg, err,
                                                         sizeof(err)) ||
        xlcfg_check(path, &cyc.cfg, err, sizeof(err))) {
        printk("xl: cycles: %s\n", err[0] ? err : "no such configuration");
        return 1;
    }
    cyc.cfg.on_poweroff = XL_ACTION_DESTROY;
    cyc.total = (unsigned int)atoi(argv[1]);
    cyc.done = 0;
    cyc.waiting = false;
    cyc.active = true;
    cyc.t0 = monotonic_ns();
    return 0;
}

static void cycles_report(void)
{
    struct counts now;
    uint64_t ms = (monotonic_ns() - cyc.t0) / NSEC_PER_MSEC;

    read_counts(&now);
    printk("CREATE-DESTROY cycles=%u frames=%ld ports=%ld grants=%ld maptrack=%ld "
           "xs_nodes=%ld watches=%ld heap=%ld\n", cyc.total, now.frames - cyc.base.frames,
           now.ports - cyc.base.ports, now.grants - cyc.base.grants,
           now.maptrack - cyc.base.maptrack, now.xs_nodes - cyc.base.xs_nodes,
           now.watches - cyc.base.watches, now.heap - cyc.base.heap);
    /* dom0's own memory is not the machine's free memory: said apart. */
    printk("CREATE-DESTROY dom0_free_pages=%ld\n", now.dom0_pages - cyc.base.dom0_pages);
    printk("xl: %u create/destroy cycles in %lu ms (virtual), %lu per s\n", cyc.total,
           (unsigned long)ms, ms ? (unsigned long)(cyc.total * 1000ULL / ms) : 0);
    if (ms)
        printk("BENCH create_destroy_cycles_per_s_virtual %lu.%02lu cycles/s\n",
               (unsigned long)(cyc.total * 1000ULL / ms),
               (unsigned long)(cyc.total * 100000ULL / ms % 100));
}

/*
 * `bench CFG MiB` (script directive, make bench): create CFG with that
 * memory, timed from reading the configuration until the domain's VCPU 0
 * has run (it prints its first line at once), then destroy it, timed
 * until it is gone; virtual time under -icount.  Prints
 *   BENCH xl_create_<MiB>m_virtual_ms <ms> ms
 *   BENCH xl_destroy_<MiB>m_virtual_ms <ms> ms
 */
static void bench_create(int argc, char **argv)
{
    static char err[160], pathbuf[160], setting[32];
    static struct xl_config cfg;
    const char *path;
    const void *text;
    size_t len;
    uint64_t t0 = monotonic_ns(), t1, t2;
    xen_domctl_t op;
    domid_t domid;

    if (argc != 3) {
        printk("xl: bench CFG MiB\n");
        return;
    }
    path = cfg_path(argv[1], pathbuf, sizeof(pathbuf));
    snprintf(setting, sizeof(setting), "memory=%s", argv[2]);
    xlcfg_defaults(&cfg);
    if (ramdisk_file(path, &text, &len) ||
        xlcfg_parse(path, text, len, &cfg, err, sizeof(err)) ||
        xlcfg_set(setting, &cfg, err, sizeof(err)) || start_domain(&cfg, &domid)) {
        printk("xl: bench: %s failed %s\n", path, err);
        return;
    }
    for (unsigned int i = 0; i < 100000; i++) {
        memset(&op, 0, sizeof(op));
        op.u.getvcpuinfo.vcpu = 0;
        if (domctl(&op, XEN_DOMCTL_getvcpuinfo, domid) || op.u.getvcpuinfo.cpu_time)
            break;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    t1 = monotonic_ns();
    destroy_domain(domid);
    t2 = monotonic_ns();
    printk("BENCH xl_create_%sm_virtual_ms %lu.%03lu ms\n", argv[2],
           (unsigned long)((t1 - t0) / 1000000), (unsigned long)((t1 - t0) / 1000 % 1000));
    printk("BENCH xl_destroy_%sm_virtual_ms %lu.%03lu ms\n", argv[2],
           (unsigned long)((t2 - t1) / 1000000), (unsigned long)((t2 - t1) / 1000 % 1000));
}

/* One step of the cycle test; called by xl_poll while it runs. */
static void cycles_step(void)
{
    struct xen_domctl_getdomaininfo info;

    if (cyc.waiting) {
        if (domain_info(cyc.domid, &info) != -XEN_ESRCH)
            return;
        cyc.waiting = false;
        if (++cyc.done == 1)
            read_counts(&cyc.base);
        if (cyc.done == cyc.total) {
            cycles_report();
            cyc.active = false;
            return;
        }
    }
    if (start_domain(&cyc.cfg, &cyc.domid)) {
        printk("xl: cycles: creation %u failed\n", cyc.done + 1);
        cyc.active = false;
        return;
    }
    cyc.waiting = true;
}

/* ---- script mode ---- */

static const char *script, *script_end;

void xl_script_start(const char *cmdline)
{
    const char *opt = strstr(cmdline, "xl_script=");
    char path[128];
    const void *data;
    size_t len, n;

    if (!opt)
        return;
    opt += 10;
    for (n = 0; opt[n] && opt[n] != ' ' && n + 1 < sizeof(path); n++)
        path[n] = opt[n];
    path[n] = '\0';
    if (ramdisk_file(path, &data, &len)) {
        printk("xl: script %s: not in the ramdisk\n", path);
        return;
    }
    printk("xl: running script %s\n", path);
    script = data;
    script_end = script + len;
}

bool xl_busy(void)
{
    return (script && script < script_end) || nr_waiting || cyc.active;
}

void xl_poll(void)
{
    static char line[256];
    size_t n = 0;

    if (cyc.active) {
        cycles_step();
        return;
    }
    if (!script || script >= script_end || nr_waiting)
        return;
    while (script < script_end && *script != '\n' && n + 1 < sizeof(line))
        line[n++] = *script++;
    while (script < script_end && *script != '\n')
        script++;
    script++;
    line[n] = '\0';
    if (!n || line[0] == '#')
        return;
    printk("# %s\n", line);
    if (!strncmp(line, "cycles ", 7)) {
        char *argv[MAX_ARGS];

        cycles_start(split(line, argv), argv);
    } else if (!strncmp(line, "bench ", 6)) {
        char *argv[MAX_ARGS];

        bench_create(split(line, argv), argv);
    } else if (!xl_command(line)) {
        printk("xl: script: not an xl command: %s\n", line);
    }
}
