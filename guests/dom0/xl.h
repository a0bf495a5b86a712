/*
 * xl, Xen's domain management command, at dom0's console: `xl <command>
 * [options] [args]` typed at the shell (shell.c), or read line by line
 * from a script file in dom0's ramdisk (script mode: dom0's command line
 * xl_script=/etc/xen/<file>, one command a line, '#' comments), so tests
 * and benchmarks can drive it.
 *
 * Commands, with xl's names, options and output formats: list [-l] [-v]
 * [dom], info, create CFG [-c] [key=value...], destroy dom, shutdown [-w]
 * [-a] [dom], reboot dom, pause dom, unpause dom, console dom, domid name,
 * domname id, rename dom name, uptime [dom], vcpu-list [dom],
 * sched-credit [-d dom [-w W] [-c C]], help.  A domain is named by id or
 * by its name in XenStore.
 *
 * Life cycle: a domain xl created keeps its configuration here; when it
 * shuts down (VIRQ_DOM_EXC: dom0's loop calls xl_domain_finished) its
 * on_poweroff / on_reboot / on_crash action runs: destroy, restart (destroy,
 * then create again from the same configuration), preserve (left as it
 * is, for `xl destroy`), rename-restart (restart, the old one renamed and
 * preserved).
 */
#ifndef DOM0_XL_H
#define DOM0_XL_H

#include <stdbool.h>
#include <public/xen.h>

/* Run a shell line if it is an xl command ("xl ..."); false otherwise. */
bool xl_command(char *line);

/* Start script mode if dom0's command line asks (xl_script=PATH). */
void xl_script_start(const char *cmdline);
/* Run the next script line, if any: called from dom0's main loop. */
void xl_poll(void);
/* Commands are still to run: dom0 does not power off yet. */
bool xl_busy(void);

/* Domain domid has shut down (code = SHUTDOWN_*): run its on_* action if
 * xl created it; true if xl took charge of it (dom0 leaves it alone). */
bool xl_domain_finished(domid_t domid, unsigned int code);

#endif /* DOM0_XL_H */
