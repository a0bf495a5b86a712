/*
 * The xenstore-* commands at dom0's console, with the Xen tools' argument
 * conventions (a subset of their options):
 *
 *   xenstore-read [-p] key...        values, one a line (-p: "key: value")
 *   xenstore-write key value [key value...]
 *   xenstore-rm key...
 *   xenstore-exists key              "yes" or "no" (the tool's exit status)
 *   xenstore-list [-p] key           child names, one a line (-p: full paths)
 *   xenstore-ls [-f] [key]           the tree, indented a space per level,
 *                                    'name = "value"' (-f: full paths)
 *   xenstore-chmod key mode...       modes as n0, r1, w2, b3
 *   xenstore-watch key               prints the path of each event (dom0's
 *                                    main loop dispatches them)
 * Through dom0's own XenStore client, so as the privileged domain.
 */
#include <string.h>
#include <stdio.h>
#include <kernel.h>
#include <xenstore.h>
#include "xs_cmds.h"

#define MAX_ARGS 12
#define LS_DEPTH 16

static char value[XENSTORE_PAYLOAD_MAX + 1];

static void fail(const char *cmd, const char *key, long rc)
{
    printk("%s: %s: error %ld\n", cmd, key, rc);
}

static void cmd_read(int argc, char **argv)
{
    bool prefix = argc > 1 && !strcmp(argv[1], "-p");

    for (int i = prefix ? 2 : 1; i < argc; i++) {
        long n = xenstore_read_str(XENSTORE_TX_NONE, argv[i], value, sizeof(value));

        if (n < 0)
            fail(argv[0], argv[i], n);
        else if (prefix)
            printk("%s: %s\n", argv[i], value);
        else
            printk("%s\n", value);
    }
}

static void cmd_write(int argc, char **argv)
{
    if (argc < 3 || argc % 2 == 0) {
        printk("usage: xenstore-write key value [key value...]\n");
        return;
    }
    for (int i = 1; i + 1 < argc; i += 2) {
        int rc = xenstore_write(XENSTORE_TX_NONE, argv[i], argv[i + 1]);

        if (rc)
            fail(argv[0], argv[i], rc);
    }
}

static void cmd_rm(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int rc = xenstore_rm(XENSTORE_TX_NONE, argv[i]);

        if (rc)
            fail(argv[0], argv[i], rc);
    }
}

static void cmd_exists(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printk("%s\n", xenstore_exists(XENSTORE_TX_NONE, argv[i]) ? "yes" : "no");
}

static void cmd_list(int argc, char **argv)
{
    bool full = argc > 1 && !strcmp(argv[1], "-p");
    const char *key = argc > (full ? 2 : 1) ? argv[full ? 2 : 1] : "/";
    long n = xenstore_directory(XENSTORE_TX_NONE, key, value, sizeof(value));

    if (n < 0) {
        fail(argv[0], key, n);
        return;
    }
    for (long i = 0; i < n; i += (long)strlen(value + i) + 1)
        printk(full ? "%s/%s\n" : "%.0s%s\n", key, value + i);
}

static void ls(const char *path, int depth, bool full)
{
    static char children[LS_DEPTH][XENSTORE_PAYLOAD_MAX];
    char child[XENSTORE_ABS_PATH_MAX + 1];
    long n;

    if (depth >= LS_DEPTH)
        return;
    n = xenstore_directory(XENSTORE_TX_NONE, path, children[depth], sizeof(children[depth]));
    for (long i = 0; i < n; i += (long)strlen(children[depth] + i) + 1) {
        const char *name = children[depth] + i;

        snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", name);
        if (xenstore_read_str(XENSTORE_TX_NONE, child, value, sizeof(value)) < 0)
            value[0] = '\0';
        if (full)
            printk("%s = \"%s\"\n", child, value);
        else
            printk("%*s%s = \"%s\"\n", depth, "", name, value);
        ls(child, depth + 1, full);
    }
}

static void cmd_ls(int argc, char **argv)
{
    bool full = argc > 1 && !strcmp(argv[1], "-f");
    int k = full ? 2 : 1;

    ls(argc > k ? argv[k] : "/", 0, full);
}

static void cmd_chmod(int argc, char **argv)
{
    char perms[128];
    size_t len = 0;
    int rc;

    if (argc < 3) {
        printk("usage: xenstore-chmod key mode...\n");
        return;
    }
    for (int i = 2; i < argc && len + strlen(argv[i]) + 1 <= sizeof(perms); i++) {
        strcpy(perms + len, argv[i]);
        len += strlen(argv[i]) + 1;
    }
    rc = xenstore_set_perms(XENSTORE_TX_NONE, argv[1], perms, len);
    if (rc)
        fail(argv[0], argv[1], rc);
}

static void watch_fired(const char *path, const char *token, void *data)
{
    printk("%s\n", path);
}

static void cmd_watch(int argc, char **argv)
{
    int rc = argc == 2 ? xenstore_watch(argv[1], argv[1], watch_fired, NULL) : -XEN_EINVAL;

    if (rc)
        fail(argv[0], argc > 1 ? argv[1] : "", rc);
}

static const struct {
    const char *name;
    void (*fn)(int argc, char **argv);
} cmds[] = {
    { "xenstore-read", cmd_read },     { "xenstore-write", cmd_write },
    { "xenstore-rm", cmd_rm },         { "xenstore-exists", cmd_exists },
    { "xenstore-list", cmd_list },     { "xenstore-ls", cmd_ls },
    { "xenstore-chmod", cmd_chmod },   { "xenstore-watch", cmd_watch },
};

bool xs_command(char *line)
{
    char *argv[MAX_ARGS], *save = NULL;
    int argc = 0;

    for (char *w = strtok_r(line, " ", &save); w && argc < MAX_ARGS; w = strtok_r(NULL, " ", &save))
        argv[argc++] = w;
    if (!argc)
        return false;
    for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (!strcmp(argv[0], cmds[i].name)) {
            cmds[i].fn(argc, argv);
            return true;
        }
    return false;
}
