/* dom0's console shell (shell.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <console/xencons_back.h>
#include "shell.h"
#include "xl.h"
#include "xs_cmds.h"

#define INPUT_MAX  128
#define ESCAPE     0x1d        /* Ctrl-] */
#define NOT_ATTACHED (-1)

static long attached = NOT_ATTACHED;   /* the domU input goes to */

static void attach(const char *arg)
{
    char *end;
    unsigned long id = strtoul(arg, &end, 10);

    if (!*arg || *end || id == 0 || id >= DOMID_FIRST_RESERVED || !xencons_back_serves((domid_t)id)) {
        printk("dom0: console: no PV console for \"%s\"\n", arg);
        return;
    }
    attached = (long)id;
    printk("dom0: console: attached to d%lu (Ctrl-] leaves)\n", id);
}

void shell_attach(domid_t domid)
{
    char id[8];

    snprintf(id, sizeof(id), "%u", domid);
    attach(id);
}

static void run_line(char *line)
{
    static char copy[INPUT_MAX + 1];

    strcpy(copy, line);
    if (strncmp(line, "console ", 8) == 0)
        attach(line + 8);
    else if (strcmp(line, "help") == 0)
        printk("dom0: commands: console <domid> (Ctrl-] leaves), xenstore-read, -write, "
               "-rm, -exists, -list, -ls, -chmod, -watch, xl <command> (xl help), help\n");
    else if (!xl_command(line) && !xs_command(line))
        printk("dom0: you typed: %s\n", copy);
}

/* Attached: bytes go to the domU, up to the escape. Returns bytes used. */
static long forward(const char *buf, long n)
{
    long i = 0, id = attached;

    while (i < n && buf[i] != ESCAPE)
        i++;
    if (i && xencons_back_send((domid_t)id, buf, (size_t)i) < 0)
        attached = NOT_ATTACHED;
    if (i < n) {
        printk("dom0: console: left d%ld\n", id);
        attached = NOT_ATTACHED;
        i++;
    }
    return i;
}

static void take_bytes(const char *buf, long n)
{
    static char line[INPUT_MAX + 1];
    static size_t len;

    for (long i = 0; i < n; i++) {
        if (attached != NOT_ATTACHED) {
            i += forward(buf + i, n - i) - 1;
            continue;
        }
        char c = buf[i];
        bool eol = c == '\r' || c == '\n';

        if (c == 0x7f || c == '\b') {     /* backspace: the line loses its last byte */
            if (len)
                len--;
            continue;
        }
        /* A full buffer ends a line too; CR LF ends only one. */
        if ((eol || len == INPUT_MAX) && len) {
            line[len] = '\0';
            len = 0;
            run_line(line);
        }
        if (!eol)
            line[len++] = c;
    }
}

bool shell_poll(void)
{
    char buf[64];
    long n = console_read(buf, sizeof(buf));

    if (n < 0) {
        printk("dom0: console input unavailable (%ld)\n", n);
        return false;
    }
    take_bytes(buf, n);
    return true;
}

void shell_domain_gone(unsigned int domid)
{
    if (attached == (long)domid) {
        printk("dom0: console: d%u has gone, detached\n", domid);
        attached = NOT_ATTACHED;
    }
}
