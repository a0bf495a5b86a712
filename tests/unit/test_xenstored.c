/*
 * xenstore/: the daemon core, driven through its API as a transport would
 * (tests/unit/xs_client.h): dom0 (c0, privileged) and two introduced domUs
 * (c5, c6) with the homes libxl lays out (xs_domain_make_home).  Every
 * test ends with xs_daemon_check(): the tree's structure and the quota
 * counts must equal a recount, and every permission entry names a live
 * domain.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "xs_client.h"

/* A payload literal: P("a\0b\0") is the bytes and their count. */
#define P(s) s, (uint32_t)(sizeof(s) - 1)

static struct xs_daemon *d;
static struct xs_conn *c0, *c5, *c6;
static uint32_t next_req = 100;
static int released;                /* conn_gone calls */

/* Watch events seen by connections, in arrival order. */
struct seen_event {
    struct xs_conn *c;
    char path[XENSTORE_ABS_PATH_MAX + 1];
    char token[64];
};
static struct seen_event events[512];
static unsigned int nevents;

static void keep_event(struct xs_conn *c, const struct xs_msg_in *m)
{
    const char *token = m->body + strlen(m->body) + 1;

    if (nevents == sizeof(events) / sizeof(events[0]))
        return;
    memset(&events[nevents], 0, sizeof(events[0]));
    events[nevents].c = c;
    strncpy(events[nevents].path, m->body, sizeof(events[nevents].path) - 1);
    strncpy(events[nevents].token, token, sizeof(events[nevents].token) - 1);
    nevents++;
}

/* Collect every queued event of c. */
static void drain(struct xs_conn *c)
{
    struct xs_msg_in m;

    while (xs_recv(c, &m)) {
        assert_int_equal(m.hdr.type, XS_WATCH_EVENT);
        keep_event(c, &m);
    }
}

/* Remove the first event of c for path/token; false if there is none. */
static bool took_event(struct xs_conn *c, const char *path, const char *token)
{
    unsigned int i;

    drain(c);
    for (i = 0; i < nevents; i++) {
        if (events[i].c == c && !strcmp(events[i].path, path) &&
            !strcmp(events[i].token, token)) {
            memmove(&events[i], &events[i + 1], (nevents - i - 1) * sizeof(events[0]));
            nevents--;
            return true;
        }
    }
    return false;
}

static unsigned int events_of(struct xs_conn *c)
{
    unsigned int i, n = 0;

    drain(c);
    for (i = 0; i < nevents; i++)
        n += events[i].c == c;
    return n;
}

static void forget_events(void)
{
    drain(c0);
    drain(c5);
    drain(c6);
    nevents = 0;
}

/* Send a request; return its reply (events met on the way are kept). */
static struct xs_msg_in *rq(struct xs_conn *c, uint32_t type, uint32_t tx,
                            const char *payload, uint32_t len)
{
    static struct xs_msg_in m;
    uint32_t id = next_req++;

    assert_true(xs_send_raw(c, type, id, tx, payload, len) > 0);
    while (xs_recv(c, &m)) {
        if (m.hdr.type == XS_WATCH_EVENT) {
            keep_event(c, &m);
            continue;
        }
        assert_int_equal(m.hdr.req_id, id);
        assert_int_equal(m.hdr.tx_id, tx);
        return &m;
    }
    fail_msg("no reply to type %u", type);
    return NULL;
}

static void expect_ok(struct xs_conn *c, uint32_t type, uint32_t tx,
                      const char *payload, uint32_t len)
{
    struct xs_msg_in *m = rq(c, type, tx, payload, len);

    if (m->hdr.type == XS_ERROR)
        fail_msg("type %u: error %s", type, m->body);
    assert_int_equal(m->hdr.type, type);
}

static void expect_err(struct xs_conn *c, uint32_t type, uint32_t tx,
                       const char *payload, uint32_t len, const char *err)
{
    struct xs_msg_in *m = rq(c, type, tx, payload, len);

    assert_int_equal(m->hdr.type, XS_ERROR);
    assert_string_equal(m->body, err);
    assert_int_equal(m->hdr.len, strlen(err) + 1);
}

/* Payload of strings a, b (each with its NUL). */
static uint32_t two(char *buf, const char *a, const char *b)
{
    size_t la = strlen(a) + 1, lb = strlen(b) + 1;

    memcpy(buf, a, la);
    memcpy(buf + la, b, lb);
    return la + lb;
}

static void wr_tx(struct xs_conn *c, uint32_t tx, const char *path, const char *val)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t lp = strlen(path) + 1, lv = strlen(val);

    memcpy(buf, path, lp);
    memcpy(buf + lp, val, lv);
    expect_ok(c, XS_WRITE, tx, buf, lp + lv);
}

static void wr(struct xs_conn *c, const char *path, const char *val)
{
    wr_tx(c, 0, path, val);
}

/* The value, or "!<ERRNO>". */
static const char *rd_tx(struct xs_conn *c, uint32_t tx, const char *path)
{
    static char out[XENSTORE_PAYLOAD_MAX + 2];
    struct xs_msg_in *m = rq(c, XS_READ, tx, path, strlen(path) + 1);

    snprintf(out, sizeof(out), "%s%s", m->hdr.type == XS_ERROR ? "!" : "", m->body);
    return out;
}

static const char *rd(struct xs_conn *c, const char *path)
{
    return rd_tx(c, 0, path);
}

static void set_perms(struct xs_conn *c, const char *path, const char *perms,
                      uint32_t plen, const char *err)
{
    char buf[256];
    size_t lp = strlen(path) + 1;

    memcpy(buf, path, lp);
    memcpy(buf + lp, perms, plen);
    if (err)
        expect_err(c, XS_SET_PERMS, 0, buf, lp + plen, err);
    else
        expect_ok(c, XS_SET_PERMS, 0, buf, lp + plen);
}

static uint32_t txn_start(struct xs_conn *c)
{
    struct xs_msg_in *m = rq(c, XS_TRANSACTION_START, 0, P("\0"));

    assert_int_equal(m->hdr.type, XS_TRANSACTION_START);
    return strtoul(m->body, NULL, 10);
}

static void watch(struct xs_conn *c, const char *path, const char *token)
{
    char buf[512];

    expect_ok(c, XS_WATCH, 0, buf, two(buf, path, token));
}

static void gone(void *ctx, struct xs_conn *c)
{
    released++;
}

/* Introduce domid and lay out its home, as dom0's toolstack part does. */
static struct xs_conn *arrive(unsigned int domid)
{
    struct xs_conn *c;

    assert_int_equal(xs_domain_introduce(d, domid, &c), 0);
    assert_int_equal(xs_domain_make_home(d, domid), 0);
    return c;
}

/* Nodes of a fresh home the domain owns (control/shutdown ... error). */
#define HOME_OWNED 10

static int setup(void **state)
{
    static const struct xs_host_ops ops = {
        .alloc = xs_test_alloc, .free = xs_test_free, .conn_gone = gone,
    };

    d = xs_daemon_new(&ops);
    assert_non_null(d);
    c0 = xs_conn_new(d, 0);
    c5 = arrive(5);
    c6 = arrive(6);
    nevents = 0;
    released = 0;
    return 0;
}

static int teardown(void **state)
{
    assert_int_equal(xs_daemon_check(d), 0);
    xs_daemon_free(d);
    return 0;
}

/* --- nodes ------------------------------------------------------------ */

static void write_read_directory(void **state)
{
    struct xs_msg_in *m;

    wr(c0, "/a/b/c", "hello");
    assert_string_equal(rd(c0, "/a/b/c"), "hello");
    assert_string_equal(rd(c0, "/a/b"), "");
    m = rq(c0, XS_DIRECTORY, 0, P("/a\0"));
    assert_int_equal(m->hdr.len, 2);
    assert_memory_equal(m->body, "b\0", 2);
    wr(c0, "/a/x", "");
    m = rq(c0, XS_DIRECTORY, 0, P("/a\0"));
    assert_int_equal(m->hdr.len, 4);
    assert_memory_equal(m->body, "b\0x\0", 4);
    m = rq(c0, XS_DIRECTORY, 0, P("/a/x\0"));
    assert_int_equal(m->hdr.len, 0);
    /* A value is raw bytes: embedded NULs survive, no NUL is added. */
    expect_ok(c0, XS_WRITE, 0, P("/a/bin\0x\0y"));
    m = rq(c0, XS_READ, 0, P("/a/bin\0"));
    assert_int_equal(m->hdr.len, 3);
    assert_memory_equal(m->body, "x\0y", 3);
    assert_string_equal(rd(c0, "/a/none"), "!ENOENT");
}

static void ok_reply_is_ok_nul(void **state)
{
    struct xs_msg_in *m = rq(c0, XS_WRITE, 0, P("/k\0v"));

    assert_int_equal(m->hdr.type, XS_WRITE);
    assert_int_equal(m->hdr.len, 3);
    assert_memory_equal(m->body, "OK\0", 3);
}

static void relative_paths(void **state)
{
    wr(c5, "data/x", "5");
    assert_string_equal(rd(c0, "/local/domain/5/data/x"), "5");
    assert_string_equal(rd(c5, "data/x"), "5");
    assert_string_equal(rd(c6, "data/x"), "!ENOENT");
    wr(c0, "name", "dom0");   /* dom0's home is /local/domain/0 */
    assert_string_equal(rd(c0, "/local/domain/0/name"), "dom0");
}

static void mkdir_and_rm(void **state)
{
    expect_ok(c0, XS_MKDIR, 0, P("/m/n\0"));
    assert_string_equal(rd(c0, "/m/n"), "");
    wr(c0, "/m/n", "v");
    expect_ok(c0, XS_MKDIR, 0, P("/m/n\0"));       /* exists: unchanged */
    assert_string_equal(rd(c0, "/m/n"), "v");
    wr(c0, "/m/n/deep/er", "1");
    expect_ok(c0, XS_RM, 0, P("/m/n\0"));
    assert_string_equal(rd(c0, "/m/n/deep/er"), "!ENOENT");
    assert_string_equal(rd(c0, "/m/n"), "!ENOENT");
    assert_int_equal(rq(c0, XS_DIRECTORY, 0, P("/m\0"))->hdr.len, 0);
    expect_ok(c0, XS_RM, 0, P("/m/n\0"));          /* absent, parent there */
    expect_err(c0, XS_RM, 0, P("/m/n/o\0"), "ENOENT");
    expect_err(c0, XS_RM, 0, P("/\0"), "EINVAL");
}

static void rm_deep_tree(void **state)
{
    char path[XENSTORE_ABS_PATH_MAX + 1] = "";
    unsigned int i;
    unsigned long before = xs_node_count(d);

    for (i = 0; i < 1000; i++)
        strcat(path, "/d");
    wr(c0, path, "deep");                           /* 1000 nodes at once */
    assert_int_equal(xs_node_count(d), before + 1000);
    expect_ok(c0, XS_RM, 0, P("/d\0"));
    assert_int_equal(xs_node_count(d), before);
}

static void path_rules(void **state)
{
    static char longp[XENSTORE_ABS_PATH_MAX + 8];
    static char rel[XENSTORE_REL_PATH_MAX + 8];

    expect_err(c0, XS_READ, 0, P("/a/\0"), "EINVAL");
    expect_err(c0, XS_READ, 0, P("/a//b\0"), "EINVAL");
    expect_err(c0, XS_READ, 0, P("/a b\0"), "EINVAL");
    expect_err(c0, XS_READ, 0, P("/a.b\0"), "EINVAL");
    expect_err(c0, XS_READ, 0, P("\0"), "EINVAL");
    expect_err(c0, XS_READ, 0, P("@introduceDomain\0"), "EINVAL");
    expect_err(c0, XS_WRITE, 0, P("@x\0v"), "EINVAL");
    expect_err(c5, XS_READ, 0, P("/local/domain/\0"), "EINVAL");
    /* Absolute: 3072 bytes is the limit. */
    longp[0] = '/';
    memset(longp + 1, 'a', XENSTORE_ABS_PATH_MAX - 1);
    longp[XENSTORE_ABS_PATH_MAX] = '\0';
    expect_err(c0, XS_READ, 0, longp, XENSTORE_ABS_PATH_MAX + 1, "ENOENT");
    longp[XENSTORE_ABS_PATH_MAX] = 'a';
    longp[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    expect_err(c0, XS_READ, 0, longp, XENSTORE_ABS_PATH_MAX + 2, "EINVAL");
    /* Relative to a domU's home: 2048 bytes below it. */
    memset(rel, 'r', XENSTORE_REL_PATH_MAX);
    rel[XENSTORE_REL_PATH_MAX] = '\0';
    expect_err(c5, XS_READ, 0, rel, XENSTORE_REL_PATH_MAX + 1, "ENOENT");
    rel[XENSTORE_REL_PATH_MAX] = 'r';
    rel[XENSTORE_REL_PATH_MAX + 1] = '\0';
    expect_err(c5, XS_READ, 0, rel, XENSTORE_REL_PATH_MAX + 2, "EINVAL");
}

static void malformed_payloads(void **state)
{
    expect_err(c0, XS_READ, 0, P("/a"), "EINVAL");          /* no NUL */
    expect_err(c0, XS_READ, 0, P("/a\0/b\0"), "EINVAL");    /* two strings */
    expect_err(c0, XS_READ, 0, NULL, 0, "EINVAL");
    expect_err(c0, XS_WRITE, 0, P("/a"), "EINVAL");         /* no path end */
    expect_err(c0, XS_WATCH, 0, P("/a\0"), "EINVAL");       /* no token */
    expect_err(c0, XS_SET_PERMS, 0, P("/a\0"), "EINVAL");   /* no perms */
    expect_err(c0, XS_DIRECTORY_PART, 0, P("/\0x\0"), "EINVAL");
    expect_err(c0, XS_GET_DOMAIN_PATH, 0, P("abc\0"), "EINVAL");
    expect_err(c0, XS_GET_DOMAIN_PATH, 0, P("99999\0"), "EINVAL");
}

static void unknown_types(void **state)
{
    expect_err(c0, 20, 0, P("\0"), "ENOSYS");
    expect_err(c0, XS_TYPE_COUNT, 0, P("\0"), "ENOSYS");
    expect_err(c0, 0xffff, 0, P("\0"), "ENOSYS");
    expect_err(c0, XS_WATCH_EVENT, 0, P("/\0t\0"), "ENOSYS");
    expect_err(c0, XS_ERROR, 0, P("EINVAL\0"), "ENOSYS");
    expect_err(c0, XS_SET_TARGET, 0, P("5\0""6\0"), "ENOSYS");
    /* The connection still works. */
    wr(c0, "/after", "1");
}

static void privileged_types(void **state)
{
    expect_err(c5, XS_INTRODUCE, 0, P("7\0""1\0""2\0"), "EACCES");
    expect_err(c5, XS_RELEASE, 0, P("6\0"), "EACCES");
    expect_err(c5, XS_IS_DOMAIN_INTRODUCED, 0, P("6\0"), "EACCES");
    expect_err(c5, XS_RESUME, 0, P("6\0"), "EACCES");
    expect_err(c5, XS_CONTROL, 0, P("print\0x\0"), "EACCES");
    assert_true(xs_domain_is_introduced(d, 6));
}

/* --- permissions ------------------------------------------------------ */

static void domu_sees_only_what_it_may(void **state)
{
    wr(c0, "/secret/x", "s");
    assert_string_equal(rd(c5, "/secret/x"), "!EACCES");
    assert_string_equal(rd(c5, "/secret/none"), "!EACCES");   /* hidden */
    assert_string_equal(rd(c5, "/local/domain/6"), "!EACCES");
    expect_err(c5, XS_WRITE, 0, P("/secret/x\0v"), "EACCES");
    expect_err(c5, XS_WRITE, 0, P("/newtop\0v"), "EACCES");   /* "/" is dom0's */
    expect_err(c5, XS_RM, 0, P("/secret\0"), "EACCES");
    expect_err(c5, XS_SET_PERMS, 0, P("/\0b5\0"), "EACCES");
    expect_err(c5, XS_RM, 0, P("/\0"), "EINVAL");
    assert_string_equal(rd(c5, "nothing"), "!ENOENT");        /* own home */
}

static void perms_format_and_inheritance(void **state)
{
    struct xs_msg_in *m;

    wr(c5, "data/a", "1");
    m = rq(c0, XS_GET_PERMS, 0, P("/local/domain/5/data/a\0"));
    assert_int_equal(m->hdr.len, 3);
    assert_memory_equal(m->body, "n5\0", 3);
    set_perms(c5, "/local/domain/5/data", P("n5\0r6\0"), NULL);
    /* dom0 creates under it: the child inherits, owner unchanged. */
    wr(c0, "/local/domain/5/data/b", "2");
    m = rq(c5, XS_GET_PERMS, 0, P("data/b\0"));
    assert_int_equal(m->hdr.len, 6);
    assert_memory_equal(m->body, "n5\0r6\0", 6);
    /* d6 may read, not write, and does not own what it cannot create. */
    assert_string_equal(rd(c6, "/local/domain/5/data/b"), "2");
    expect_err(c6, XS_WRITE, 0, P("/local/domain/5/data/c\0v"), "EACCES");
    assert_string_equal(rd(c6, "/local/domain/5/data/none"), "!ENOENT");
    /* A writer that is not the owner creates nodes it owns. */
    set_perms(c5, "/local/domain/5/data", P("n5\0b6\0"), NULL);
    wr(c6, "/local/domain/5/data/c", "from 6");
    m = rq(c0, XS_GET_PERMS, 0, P("/local/domain/5/data/c\0"));
    assert_memory_equal(m->body, "n6\0b6\0", 6);
    assert_int_equal(xs_domain_node_count(d, 6), HOME_OWNED + 1);   /* and data/c */
}

static void set_perms_rules(void **state)
{
    wr(c5, "data/p", "");
    set_perms(c5, "/local/domain/5/data/p", P("r5\0"), NULL);
    set_perms(c5, "/local/domain/5/data/p", P("n6\0"), "EPERM");   /* owner change */
    set_perms(c6, "/local/domain/5/data/p", P("n6\0"), "EACCES");
    set_perms(c5, "/local/domain/5/data/p", P("x5\0"), "EINVAL");
    set_perms(c5, "/local/domain/5/data/p", P("r\0"), "EINVAL");
    set_perms(c5, "/local/domain/5/data/p", P("r5x\0"), "EINVAL");
    set_perms(c5, "/local/domain/5/data/p", P("n5\0r1\0r2\0r3\0r4\0r6\0"), "ENOSPC");
    set_perms(c5, "/local/domain/5/data/p", P("n5\0r1\0r2\0r3\0r4\0"), NULL);
    set_perms(c0, "/local/domain/5/data/p", P("n6\0"), NULL);      /* dom0 may */
    assert_int_equal(xs_domain_node_count(d, 6), HOME_OWNED + 1);
    /* A writer that is not the owner may not change permissions. */
    set_perms(c0, "/local/domain/5/data/p", P("n0\0w5\0"), NULL);
    set_perms(c5, "/local/domain/5/data/p", P("n0\0b5\0"), "EACCES");
    set_perms(c0, "/nope", P("n0\0"), "ENOENT");
    set_perms(c0, "@releaseDomain", P("n0\0r5\0"), NULL);
    assert_memory_equal(rq(c5, XS_GET_PERMS, 0, P("@releaseDomain\0"))->body,
                        "n0\0r5\0", 6);
}

/* Entries naming a domain that is not there are dropped (XSA-322/417). */
static void set_perms_unknown_domains(void **state)
{
    struct xs_conn *c7;
    uint32_t t;

    wr(c5, "data/p", "mine");
    set_perms(c5, "/local/domain/5/data/p", P("n5\0r7\0b6\0"), NULL);
    assert_memory_equal(rq(c5, XS_GET_PERMS, 0, P("data/p\0"))->body, "n5\0b6\0", 6);
    wr(c0, "/tool/x", "");
    set_perms(c0, "/tool/x", P("n0\0r7\0r65535\0"), NULL);
    assert_int_equal(rq(c0, XS_GET_PERMS, 0, P("/tool/x\0"))->hdr.len, 3);
    /* An owner that does not exist: ENOENT, nothing changed. */
    set_perms(c0, "/tool/x", P("n7\0"), "ENOENT");
    set_perms(c5, "/local/domain/5/data/p", P("n7\0"), "ENOENT");
    /* Domain 7 appears later: it was given nothing. */
    c7 = arrive(7);
    assert_string_equal(rd(c7, "/local/domain/5/data/p"), "!EACCES");
    assert_string_equal(rd(c7, "/tool/x"), "!EACCES");
    assert_string_equal(rd(c6, "/local/domain/5/data/p"), "mine");
    /* Released while a transaction names it (owner too): the commit drops
     * the entry and gives the node to dom0. */
    t = txn_start(c0);
    wr_tx(c0, t, "/tool/y", "");
    expect_ok(c0, XS_SET_PERMS, t, P("/tool/y\0n7\0r7\0b5\0"));
    assert_int_equal(xs_domain_release(d, 7), 0);
    expect_ok(c0, XS_TRANSACTION_END, t, P("T\0"));
    assert_memory_equal(rq(c0, XS_GET_PERMS, 0, P("/tool/y\0"))->body, "n0\0b5\0", 6);
    assert_int_equal(xs_daemon_check(d), 0);
}

/* libxl's home: dom0's nodes in it stay dom0's. */
static void home_layout(void **state)
{
    static const char *const own[] = {
        "control/shutdown", "control/feature-poweroff", "control/feature-reboot",
        "control/feature-suspend", "control/sysrq", "data", "drivers", "feature",
        "attr", "error",
    };
    unsigned int i;

    assert_memory_equal(rq(c0, XS_GET_PERMS, 0, P("/local/domain/5\0"))->body,
                        "n0\0r5\0", 6);
    assert_memory_equal(rq(c5, XS_GET_PERMS, 0, P("control\0"))->body, "n0\0r5\0", 6);
    assert_memory_equal(rq(c5, XS_GET_PERMS, 0, P("device\0"))->body, "n0\0r5\0", 6);
    for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
        char path[64];

        snprintf(path, sizeof(path), "/local/domain/5/%s", own[i]);
        assert_memory_equal(rq(c0, XS_GET_PERMS, 0, path, strlen(path) + 1)->body,
                            "n5\0", 3);
    }
    assert_int_equal(xs_domain_node_count(d, 5), HOME_OWNED);
    /* What dom0 writes there later inherits dom0's ownership. */
    wr(c0, "/local/domain/5/name", "guest");
    wr(c0, "/local/domain/5/device/vbd/0/backend", "/local/domain/0/backend/vbd/5/0");
    assert_string_equal(rd(c5, "name"), "guest");
    expect_err(c5, XS_WRITE, 0, P("name\0evil"), "EACCES");
    expect_err(c5, XS_RM, 0, P("name\0"), "EACCES");
    expect_err(c5, XS_RM, 0, P("control\0"), "EACCES");
    expect_err(c5, XS_RM, 0, P("device\0"), "EACCES");
    expect_err(c5, XS_RM, 0, P("/local/domain/5\0"), "EACCES");
    expect_err(c5, XS_WRITE, 0, P("device/vbd/0/backend\0/evil"), "EACCES");
    expect_err(c5, XS_WRITE, 0, P("control/new\0x"), "EACCES");
    expect_err(c5, XS_WRITE, 0, P("newtop\0x"), "EACCES");
    expect_err(c5, XS_SET_PERMS, 0, P("control\0n5\0"), "EACCES");
    /* Its own: it acknowledges a shutdown request, writes its data. */
    wr(c0, "/local/domain/5/control/shutdown", "poweroff");
    wr(c5, "control/shutdown", "");
    wr(c5, "data/x", "1");
    assert_string_equal(rd(c0, "/local/domain/5/name"), "guest");
    /* Making a home again keeps what is there. */
    assert_int_equal(xs_domain_make_home(d, 5), 0);
    assert_string_equal(rd(c0, "/local/domain/5/data/x"), "1");
    assert_int_equal(xs_domain_make_home(d, 8), XEN_ENOENT);
}

/* --- transactions ----------------------------------------------------- */

static void transaction_isolation_and_commit(void **state)
{
    uint32_t t = txn_start(c5);
    struct xs_msg_in *m;

    assert_true(t != 0);
    wr_tx(c5, t, "data/t", "in-tx");
    assert_string_equal(rd_tx(c5, t, "data/t"), "in-tx");
    assert_string_equal(rd(c5, "data/t"), "!ENOENT");
    assert_string_equal(rd(c0, "/local/domain/5/data/t"), "!ENOENT");
    m = rq(c5, XS_DIRECTORY, t, P("data\0"));
    assert_memory_equal(m->body, "t\0", 2);
    expect_ok(c5, XS_TRANSACTION_END, t, P("T\0"));
    assert_string_equal(rd(c0, "/local/domain/5/data/t"), "in-tx");
    expect_err(c5, XS_READ, t, P("data/t\0"), "ENOENT");   /* t is gone */
}

static void transaction_abort(void **state)
{
    uint32_t t = txn_start(c0);

    wr_tx(c0, t, "/ab/c", "x");
    expect_ok(c0, XS_RM, t, P("/local\0"));
    expect_ok(c0, XS_TRANSACTION_END, t, P("F\0"));
    assert_string_equal(rd(c0, "/ab/c"), "!ENOENT");
    assert_string_equal(rd(c0, "/local/domain/5"), "");
}

static void transaction_conflict_and_retry(void **state)
{
    uint32_t t;
    int tries = 0;

    wr(c0, "/cnt", "0");
    do {
        t = txn_start(c0);
        assert_string_equal(rd_tx(c0, t, "/cnt"), tries ? "1" : "0");
        if (tries == 0)
            wr(c0, "/cnt", "1");       /* overtaken */
        wr_tx(c0, t, "/other", "x");
        tries++;
    } while (rq(c0, XS_TRANSACTION_END, t, P("T\0"))->hdr.type == XS_ERROR &&
             tries < 5);
    assert_int_equal(tries, 2);
    assert_string_equal(rd(c0, "/other"), "x");
}

static void transaction_conflict_is_eagain(void **state)
{
    uint32_t t = txn_start(c5);

    assert_string_equal(rd_tx(c5, t, "data/n"), "!ENOENT");
    wr(c0, "/local/domain/5/data/n", "someone");        /* created meanwhile */
    wr_tx(c5, t, "data/m", "mine");
    expect_err(c5, XS_TRANSACTION_END, t, P("T\0"), "EAGAIN");
    assert_string_equal(rd(c5, "data/m"), "!ENOENT");
    assert_string_equal(rd(c5, "data/n"), "someone");
}

static void transaction_errors(void **state)
{
    uint32_t t = txn_start(c5);

    expect_err(c5, XS_TRANSACTION_START, t, P("\0"), "EBUSY");
    expect_err(c5, XS_READ, t + 7, P("x\0"), "ENOENT");
    expect_err(c5, XS_TRANSACTION_END, 0, P("T\0"), "ENOENT");
    expect_err(c5, XS_TRANSACTION_END, t, P("X\0"), "EINVAL");
    expect_err(c5, XS_TRANSACTION_END, t, P("T"), "EINVAL");
    /* Another connection cannot use c5's transaction. */
    expect_err(c6, XS_READ, t, P("x\0"), "ENOENT");
    expect_ok(c5, XS_TRANSACTION_END, t, P("F\0"));
}

static void transaction_create_and_delete(void **state)
{
    unsigned long nodes = xs_domain_node_count(d, 5);
    uint32_t t = txn_start(c5);

    wr_tx(c5, t, "data/tmp/a/b", "1");
    expect_ok(c5, XS_RM, t, P("data/tmp/a\0"));
    wr_tx(c5, t, "data/keep", "k");
    expect_ok(c5, XS_TRANSACTION_END, t, P("T\0"));
    assert_string_equal(rd(c5, "data/tmp"), "");
    assert_string_equal(rd(c5, "data/tmp/a"), "!ENOENT");
    assert_int_equal(xs_domain_node_count(d, 5), nodes + 2);
}

static void transaction_quota(void **state)
{
    uint32_t ids[XS_QUOTA_TRANSACTIONS];
    unsigned int i;

    for (i = 0; i < XS_QUOTA_TRANSACTIONS; i++)
        ids[i] = txn_start(c5);
    expect_err(c5, XS_TRANSACTION_START, 0, P("\0"), "ENOSPC");
    for (i = 0; i < XS_QUOTA_TRANSACTIONS; i++) {
        assert_true(i == 0 || ids[i] != ids[i - 1]);
        expect_ok(c5, XS_TRANSACTION_END, ids[i], P("F\0"));
    }
    for (i = 0; i < XS_QUOTA_TRANSACTIONS + 1; i++)
        txn_start(c0);                                  /* dom0 exempt */
}

static void transaction_touch_quota(void **state)
{
    uint32_t t = txn_start(c5);
    char path[32];
    unsigned int i;

    /* The home is touched too, by the lookups of absent nodes under it. */
    assert_string_equal(rd_tx(c5, t, "/local/domain/5"), "");
    for (i = 1; i < XS_QUOTA_TXN_NODES; i++) {
        snprintf(path, sizeof(path), "n%u", i);
        assert_string_equal(rd_tx(c5, t, path), "!ENOENT");
    }
    assert_string_equal(rd_tx(c5, t, "one-more"), "!ENOSPC");
    expect_ok(c5, XS_TRANSACTION_END, t, P("T\0"));
}

static void reset_mid_transaction(void **state)
{
    struct xs_conn *c = xs_conn_new(d, 0);
    uint32_t t = txn_start(c);
    unsigned long nodes = xs_node_count(d);

    wr_tx(c, t, "/half/done", "x");
    watch(c, "/half", "w");
    xs_conn_free(c);                /* peer gone: everything of it goes */
    assert_int_equal(xs_node_count(d), nodes);
    assert_string_equal(rd(c0, "/half"), "!ENOENT");
    wr(c0, "/half", "fires nothing");
    assert_int_equal(xs_daemon_check(d), 0);
}

/* --- watches ---------------------------------------------------------- */

static void watch_fires_once_at_registration(void **state)
{
    watch(c0, "/w", "tok");
    assert_true(took_event(c0, "/w", "tok"));
    assert_int_equal(events_of(c0), 0);
}

static void watch_fires_below_not_beside(void **state)
{
    watch(c0, "/w", "tok");
    forget_events();
    wr(c0, "/w/a/b", "1");
    assert_true(took_event(c0, "/w/a/b", "tok"));
    wr(c0, "/wx", "1");                         /* a sibling, not below */
    wr(c0, "/", "");                            /* above */
    assert_int_equal(events_of(c0), 0);
    expect_ok(c0, XS_SET_PERMS, 0, P("/w/a\0n0\0r5\0"));
    assert_true(took_event(c0, "/w/a", "tok"));
}

static void watch_relative_reported_relative(void **state)
{
    char buf[64];

    expect_ok(c5, XS_WATCH, 0, buf, two(buf, "data", "rel"));
    assert_true(took_event(c5, "data", "rel"));
    watch(c5, "/local/domain/5/data", "abs");
    forget_events();
    wr(c5, "data/x", "1");
    assert_true(took_event(c5, "data/x", "rel"));
    assert_true(took_event(c5, "/local/domain/5/data/x", "abs"));
}

static void watch_rm_subtree_events(void **state)
{
    wr(c0, "/t/a/b", "1");
    watch(c0, "/t", "top");
    watch(c0, "/t/a/b", "leaf");
    watch(c0, "/t/a/b/none", "below");
    forget_events();
    expect_ok(c0, XS_RM, 0, P("/t/a\0"));
    /* The top of the removal fires watches on and above it... */
    assert_true(took_event(c0, "/t/a", "top"));
    /* ...each removed node fires the watches on exactly itself. */
    assert_true(took_event(c0, "/t/a/b", "leaf"));
    assert_int_equal(events_of(c0), 0);
}

static void watch_order_and_tokens(void **state)
{
    unsigned int i;

    watch(c0, "/o", "first");
    watch(c0, "/o", "second");
    watch(c6, "/local/domain/6", "six");
    forget_events();
    wr(c0, "/o/1", "");
    wr(c0, "/o/2", "");
    drain(c0);
    assert_int_equal(nevents, 4);
    assert_string_equal(events[0].token, "first");
    assert_string_equal(events[0].path, "/o/1");
    assert_string_equal(events[1].token, "second");
    assert_string_equal(events[2].path, "/o/2");
    assert_string_equal(events[3].token, "second");
    for (i = 0; i < 4; i++)
        assert_ptr_equal(events[i].c, c0);
    assert_int_equal(events_of(c6), 0);
}

static void watch_errors_and_unwatch(void **state)
{
    char buf[64];

    watch(c0, "/u", "t");
    expect_err(c0, XS_WATCH, 0, buf, two(buf, "/u", "t"), "EEXIST");
    watch(c0, "/u", "t2");                      /* another token is fine */
    expect_ok(c0, XS_UNWATCH, 0, buf, two(buf, "/u", "t"));
    expect_err(c0, XS_UNWATCH, 0, buf, two(buf, "/u", "t"), "ENOENT");
    expect_err(c0, XS_WATCH, 0, buf, two(buf, "/u/", "t"), "EINVAL");
    forget_events();
    wr(c0, "/u", "1");
    assert_true(took_event(c0, "/u", "t2"));
    assert_int_equal(events_of(c0), 0);
    expect_ok(c0, XS_RESET_WATCHES, 0, NULL, 0);
    wr(c0, "/u", "2");
    assert_int_equal(events_of(c0), 0);
}

static void watch_events_only_for_readable(void **state)
{
    watch(c5, "/", "all");
    assert_true(took_event(c5, "/", "all"));
    wr(c0, "/private/x", "s");                  /* dom0's, unreadable */
    assert_int_equal(events_of(c5), 0);
    wr(c5, "data/mine", "1");
    assert_true(took_event(c5, "/local/domain/5/data/mine", "all"));
    /* A node losing d5's access still tells d5. */
    wr(c0, "/shared", "");
    set_perms(c0, "/shared", P("n0\0r5\0"), NULL);
    assert_true(took_event(c5, "/shared", "all"));
    set_perms(c0, "/shared", P("n0\0"), NULL);
    assert_true(took_event(c5, "/shared", "all"));
    wr(c0, "/shared", "now hidden");
    assert_int_equal(events_of(c5), 0);
}

static void watch_fires_at_commit(void **state)
{
    uint32_t t;

    watch(c0, "/c", "w");
    forget_events();
    t = txn_start(c0);
    wr_tx(c0, t, "/c/1", "");
    assert_int_equal(events_of(c0), 0);
    expect_ok(c0, XS_TRANSACTION_END, t, P("T\0"));
    assert_true(took_event(c0, "/c/1", "w"));
    t = txn_start(c0);
    wr_tx(c0, t, "/c/2", "");
    expect_ok(c0, XS_TRANSACTION_END, t, P("F\0"));
    assert_int_equal(events_of(c0), 0);
}

static void watch_ignores_tx_id(void **state)
{
    uint32_t t = txn_start(c0);
    char buf[64];

    expect_ok(c0, XS_WATCH, 999, buf, two(buf, "/ig", "t"));   /* no such tx */
    expect_ok(c0, XS_UNWATCH, t, buf, two(buf, "/ig", "t"));
    expect_ok(c0, XS_RESET_WATCHES, t, NULL, 0);
    /* RESET_WATCHES also ended c0's transactions, as in Xen. */
    expect_err(c0, XS_READ, t, P("/\0"), "ENOENT");
}

static void watch_quota(void **state)
{
    char path[32];
    unsigned int i;

    for (i = 0; i < XS_QUOTA_WATCHES; i++) {
        snprintf(path, sizeof(path), "w%u", i);
        watch(c5, path, "q");
    }
    expect_err(c5, XS_WATCH, 0, P("w-extra\0q\0"), "E2BIG");
}

static void special_watches(void **state)
{
    struct xs_conn *c7;

    watch(c0, "@introduceDomain", "in");
    watch(c0, "@releaseDomain", "out");
    watch(c5, "@releaseDomain", "d5");          /* accepted, but unreadable */
    forget_events();
    assert_int_equal(xs_domain_introduce(d, 7, &c7), 0);
    assert_true(took_event(c0, "@introduceDomain", "in"));
    assert_int_equal(xs_domain_release(d, 7), 0);
    assert_true(took_event(c0, "@releaseDomain", "out"));
    assert_int_equal(events_of(c5), 0);
    set_perms(c0, "@releaseDomain", P("n0\0r5\0"), NULL);
    assert_true(took_event(c0, "@releaseDomain", "out"));
    assert_true(took_event(c5, "@releaseDomain", "d5"));
    expect_ok(c0, XS_RELEASE, 0, P("6\0"));
    assert_true(took_event(c5, "@releaseDomain", "d5"));
}

/* --- domains ---------------------------------------------------------- */

static void introduce_and_query(void **state)
{
    struct xs_msg_in *m;

    expect_ok(c0, XS_INTRODUCE, 0, P("9\0""4660\0""3\0"));
    assert_true(xs_domain_is_introduced(d, 9));
    /* As in Xen, introducing writes nothing: the home is the toolstack's. */
    assert_string_equal(rd(c0, "/local/domain/9"), "!ENOENT");
    m = rq(c0, XS_IS_DOMAIN_INTRODUCED, 0, P("9\0"));
    assert_memory_equal(m->body, "T\0", 2);
    m = rq(c0, XS_IS_DOMAIN_INTRODUCED, 0, P("10\0"));
    assert_memory_equal(m->body, "F\0", 2);
    m = rq(c5, XS_GET_DOMAIN_PATH, 0, P("9\0"));
    assert_int_equal(m->hdr.len, strlen("/local/domain/9") + 1);
    assert_string_equal(m->body, "/local/domain/9");
    expect_ok(c0, XS_RESUME, 0, P("9\0"));
    expect_err(c0, XS_RESUME, 0, P("10\0"), "ENOENT");
    expect_err(c0, XS_INTRODUCE, 0, P("9\0""1\0"), "EINVAL");
    expect_err(c0, XS_INTRODUCE, 0, P("9\0""1\0""0\0"), "EINVAL");
    expect_err(c0, XS_INTRODUCE, 0, P("0\0""1\0""1\0"), "EINVAL");
    expect_err(c0, XS_INTRODUCE, 0, P("x\0""1\0""1\0"), "EINVAL");
    expect_ok(c0, XS_INTRODUCE, 0, P("9\0""4660\0""3\0"));     /* again: OK */
}

/* XS_INTRODUCE from dom0 goes to the transport's hook, whose errno is the reply. */
static unsigned int hook_domid;
static uint64_t hook_mfn;
static uint32_t hook_port;
static int hook_err;

static int introduce_hook(void *ctx, unsigned int domid, uint64_t mfn, uint32_t port)
{
    struct xs_conn *c;

    hook_domid = domid;
    hook_mfn = mfn;
    hook_port = port;
    return hook_err ? hook_err : xs_domain_introduce(d, domid, &c);
}

static void introduce_through_hook(void **state)
{
    static const struct xs_host_ops ops = {
        .alloc = xs_test_alloc, .free = xs_test_free, .introduce = introduce_hook,
    };
    struct xs_daemon *saved = d;
    struct xs_conn *saved0 = c0;

    d = xs_daemon_new(&ops);
    c0 = xs_conn_new(d, 0);
    hook_err = 0;
    expect_ok(c0, XS_INTRODUCE, 0, P("12\0""4660\0""7\0"));
    assert_int_equal(hook_domid, 12);
    assert_int_equal(hook_mfn, 4660);
    assert_int_equal(hook_port, 7);
    assert_true(xs_domain_is_introduced(d, 12));
    hook_err = XEN_EINVAL;          /* e.g. the grant does not map that frame */
    expect_err(c0, XS_INTRODUCE, 0, P("13\0""1\0""7\0"), "EINVAL");
    assert_false(xs_domain_is_introduced(d, 13));
    assert_int_equal(xs_daemon_check(d), 0);
    xs_daemon_free(d);
    d = saved;
    c0 = saved0;
}

static void release_cleans_up(void **state)
{
    uint32_t t;

    wr(c5, "data/x", "1");
    wr(c0, "/shared", "");
    set_perms(c0, "/shared", P("n0\0r5\0"), NULL);
    watch(c5, "data", "w");
    t = txn_start(c5);
    wr_tx(c5, t, "data/y", "pending");
    expect_ok(c0, XS_RELEASE, 0, P("5\0"));
    assert_int_equal(released, 1);
    assert_false(xs_domain_is_introduced(d, 5));
    assert_null(xs_domain_conn(d, 5));
    assert_int_equal(xs_domain_node_count(d, 5), 0);
    /* What d5 owned is gone; what dom0 wrote in its home is the toolstack's. */
    assert_string_equal(rd(c0, "/local/domain/5/data"), "!ENOENT");
    assert_string_equal(rd(c0, "/local/domain/5/control/shutdown"), "!ENOENT");
    assert_string_equal(rd(c0, "/local/domain/5/control"), "");
    assert_int_equal(xs_rm_domain_home(d, 5), 0);
    assert_string_equal(rd(c0, "/local/domain/5"), "!ENOENT");
    assert_memory_equal(rq(c0, XS_GET_PERMS, 0, P("/shared\0"))->body, "n0\0", 3);
    expect_err(c0, XS_RELEASE, 0, P("5\0"), "ENOENT");
    assert_int_equal(xs_domain_release(d, 0), XEN_EINVAL);
    /* A new domain 5 inherits nothing of the old one. */
    c5 = arrive(5);
    assert_string_equal(rd(c5, "/shared"), "!EACCES");
    assert_string_equal(rd(c5, "data/x"), "!ENOENT");
}

static void direct_api(void **state)
{
    char buf[8];
    size_t len = sizeof(buf);

    assert_int_equal(xs_write(d, "/local/domain/5/name", "guest", 5), 0);
    assert_int_equal(xs_read(d, "/local/domain/5/name", buf, &len), 0);
    assert_int_equal(len, 5);
    assert_memory_equal(buf, "guest", 5);
    assert_int_equal(xs_read(d, "/nope", buf, &len), XEN_ENOENT);
    assert_int_equal(xs_write(d, "bad//path", "", 0), XEN_EINVAL);
    assert_int_equal(xs_rm_domain_home(d, 5), 0);
    assert_string_equal(rd(c0, "/local/domain/5/name"), "!ENOENT");
    assert_int_equal(xs_rm(d, "/local/domain/404/x"), XEN_ENOENT);
}

static void control_subset(void **state)
{
    struct xs_msg_in *m;

    expect_ok(c0, XS_CONTROL, 0, P("print\0hello\0"));
    m = rq(c0, XS_CONTROL, 0, P("quota\0"));
    assert_non_null(strstr(m->body, "nodes 1000\n"));
    assert_non_null(strstr(m->body, "watches 128\n"));
    expect_err(c0, XS_CONTROL, 0, P("live-update\0"), "EINVAL");
}

/* --- quotas ----------------------------------------------------------- */

static void node_quota(void **state)
{
    char path[32];
    unsigned int i;

    /* 40 children a directory, so no directory outgrows the size quota. */
    for (i = 0; xs_domain_node_count(d, 5) < XS_QUOTA_NODES; i++) {
        if (i % 40 == 0 && xs_domain_node_count(d, 5) == XS_QUOTA_NODES - 1) {
            wr(c5, "data/last", "");
            break;
        }
        snprintf(path, sizeof(path), "data/q%u/%u", i / 40, i % 40);
        wr(c5, path, "");
    }
    assert_int_equal(xs_domain_node_count(d, 5), XS_QUOTA_NODES);
    expect_err(c5, XS_WRITE, 0, P("data/q0/over\0"), "ENOSPC");
    expect_err(c5, XS_MKDIR, 0, P("data/q2/a\0"), "ENOSPC");
    wr(c5, "data/q0/0", "rewriting is fine");
    /* dom0 is exempt, even writing below d5's nodes (d5 owns what it makes). */
    wr(c0, "/local/domain/5/data/q0/over", "");
    assert_int_equal(xs_domain_node_count(d, 5), XS_QUOTA_NODES + 1);
    /* Removing frees quota. */
    expect_ok(c5, XS_RM, 0, P("data/q1\0"));
    wr(c5, "data/q0/again", "");
}

static void node_size_quota(void **state)
{
    static char val[XENSTORE_PAYLOAD_MAX];
    char buf[XENSTORE_PAYLOAD_MAX];
    /* Xen counts 24 header bytes and 8 per permission entry. */
    uint32_t max = XS_QUOTA_NODE_SIZE - 24 - 8 - 1;
    uint32_t lp = strlen("data/big") + 1;

    memset(val, 'v', sizeof(val));
    memcpy(buf, "data/big", lp);
    memcpy(buf + lp, val, max);
    expect_ok(c5, XS_WRITE, 0, buf, lp + max);
    memcpy(buf + lp, val, max + 1);
    expect_err(c5, XS_WRITE, 0, buf, lp + max + 1, "ENOSPC");
    assert_int_equal(strlen(rd(c5, "data/big")), max);
    memcpy(buf, "/big", 5);
    memcpy(buf + 5, val, 4000);
    expect_ok(c0, XS_WRITE, 0, buf, 5 + 4000);                  /* dom0 */
}

static void big_directory(void **state)
{
    char path[64], got[8192];
    size_t have = 0;
    unsigned int i, off = 0;
    struct xs_msg_in *m;

    for (i = 0; i < 200; i++) {
        snprintf(path, sizeof(path), "/big/child-with-a-long-name-%03u", i);
        wr(c0, path, "");
    }
    expect_err(c0, XS_DIRECTORY, 0, P("/big\0"), "E2BIG");
    for (;;) {
        char req[32];
        size_t genlen, n;

        n = snprintf(req, sizeof(req), "/big%c%u", '\0', off) + 1;
        m = rq(c0, XS_DIRECTORY_PART, 0, req, n);
        assert_int_equal(m->hdr.type, XS_DIRECTORY_PART);
        genlen = strlen(m->body) + 1;
        assert_true(m->hdr.len > genlen);
        n = m->hdr.len - genlen;
        memcpy(got + have, m->body + genlen, n);
        have += n;
        off += n;
        if (n >= 2 && m->body[m->hdr.len - 1] == '\0' && m->body[m->hdr.len - 2] == '\0')
            break;
        if (n == 1)
            break;
    }
    /* 200 names of 26 bytes and NUL, then the empty name ending the list. */
    assert_int_equal(have, 200 * 27 + 1);
    assert_memory_equal(got, "child-with-a-long-name-000\0", 27);
}

/* --- hostile framing -------------------------------------------------- */

static void oversized_length_breaks_only_that_connection(void **state)
{
    struct xs_conn *bad = xs_conn_new(d, 0);
    struct xsd_sockmsg hdr = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    assert_true(xs_conn_input(bad, &hdr, sizeof(hdr)) < 0);
    assert_int_equal(xs_conn_error(bad), XENSTORE_ERROR_PROTO);
    assert_false(xs_conn_wants_input(bad));
    assert_true(xs_conn_input(bad, "x", 1) < 0);
    assert_int_equal(xs_conn_output_pending(bad), 0);
    wr(c0, "/still", "working");
    assert_string_equal(rd(c5, "/local/domain/5"), "");
    xs_conn_free(bad);
}

static void byte_by_byte_input(void **state)
{
    char msg[64];
    struct xsd_sockmsg hdr = { XS_WRITE, 77, 0, 8 };
    struct xs_msg_in m;
    size_t i;

    memcpy(msg, &hdr, sizeof(hdr));
    memcpy(msg + sizeof(hdr), "/bb\0data", 8);
    for (i = 0; i < sizeof(hdr) + 8; i++) {
        assert_false(xs_recv(c0, &m));
        assert_int_equal(xs_conn_input(c0, msg + i, 1), 1);
    }
    assert_true(xs_recv(c0, &m));
    assert_int_equal(m.hdr.req_id, 77);
    assert_string_equal(rd(c0, "/bb"), "data");
}

static void one_message_per_call(void **state)
{
    char two_msgs[2 * 20];
    struct xsd_sockmsg hdr = { XS_READ, 1, 0, 4 };
    struct xs_msg_in m;

    wr(c0, "/r", "v");
    memcpy(two_msgs, &hdr, 16);
    memcpy(two_msgs + 16, "/r\0\0", 4);
    hdr.req_id = 2;
    memcpy(two_msgs + 20, &hdr, 16);
    memcpy(two_msgs + 36, "/r\0\0", 4);
    /* "/r\0\0" is two strings: EINVAL, twice; one message a call. */
    assert_int_equal(xs_conn_input(c0, two_msgs, sizeof(two_msgs)), 20);
    assert_true(xs_recv(c0, &m));
    assert_int_equal(m.hdr.req_id, 1);
    assert_false(xs_recv(c0, &m));
    assert_int_equal(xs_conn_input(c0, two_msgs + 20, 20), 20);
    assert_true(xs_recv(c0, &m));
    assert_int_equal(m.hdr.req_id, 2);
}

static void unread_replies_stop_input(void **state)
{
    struct xs_msg_in m;
    unsigned int i;

    for (i = 0; i < XS_QUOTA_OUTSTANDING; i++)
        assert_true(xs_send_raw(c5, XS_GET_DOMAIN_PATH, i, 0, P("5\0")) > 0);
    assert_false(xs_conn_wants_input(c5));
    assert_int_equal(xs_send_raw(c5, XS_GET_DOMAIN_PATH, 99, 0, P("5\0")), 0);
    /* Others are served meanwhile. */
    assert_string_equal(rd(c6, "/local/domain/6"), "");
    assert_true(xs_recv(c5, &m));
    assert_true(xs_conn_wants_input(c5));
    while (xs_recv(c5, &m))
        ;
    assert_string_equal(rd(c5, "/local/domain/5"), "");
    /* dom0 has no such limit. */
    for (i = 0; i < 2 * XS_QUOTA_OUTSTANDING; i++)
        assert_true(xs_send_raw(c0, XS_GET_DOMAIN_PATH, i, 0, P("5\0")) > 0);
    assert_true(xs_conn_wants_input(c0));
}

static void event_flood_is_bounded(void **state)
{
    char path[64];
    unsigned int i;

    watch(c5, "/local/domain/5", "flood");
    forget_events();
    /* Identical unsent events are merged: one per node. */
    for (i = 0; i < 100; i++)
        wr(c0, "/local/domain/5/same", i % 2 ? "x" : "y");
    assert_int_equal(events_of(c5), 1);
    assert_int_equal(xs_conn_events_dropped(c5), 0);
    /* A peer that never reads: the queue stops at its budget. */
    for (i = 0; i < 3000; i++) {
        snprintf(path, sizeof(path), "/local/domain/5/f%u", i);
        wr(c0, path, "x");
    }
    assert_true(xs_conn_output_pending(c5) <= XS_QUOTA_OUTPUT_BYTES);
    assert_true(xs_conn_events_dropped(c5) > 0);
    /* Every event was either queued or counted as dropped. */
    {
        struct xs_msg_in m;
        unsigned long queued = 0;

        while (xs_recv(c5, &m))
            queued += m.hdr.type == XS_WATCH_EVENT;
        assert_int_equal(queued + xs_conn_events_dropped(c5), 3000);
    }
    /* Once it reads, it gets events again. */
    wr(c0, "/local/domain/5/after", "x");
    assert_true(took_event(c5, "/local/domain/5/after", "flood"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(write_read_directory), T(ok_reply_is_ok_nul), T(relative_paths),
        T(mkdir_and_rm), T(rm_deep_tree), T(path_rules), T(malformed_payloads),
        T(unknown_types), T(privileged_types),
        T(domu_sees_only_what_it_may), T(perms_format_and_inheritance),
        T(set_perms_rules), T(set_perms_unknown_domains), T(home_layout),
        T(transaction_isolation_and_commit), T(transaction_abort),
        T(transaction_conflict_and_retry), T(transaction_conflict_is_eagain),
        T(transaction_errors), T(transaction_create_and_delete),
        T(transaction_quota), T(transaction_touch_quota), T(reset_mid_transaction),
        T(watch_fires_once_at_registration), T(watch_fires_below_not_beside),
        T(watch_relative_reported_relative), T(watch_rm_subtree_events),
        T(watch_order_and_tokens), T(watch_errors_and_unwatch),
        T(watch_events_only_for_readable), T(watch_fires_at_commit),
        T(watch_ignores_tx_id), T(watch_quota), T(special_watches),
        T(introduce_and_query), T(introduce_through_hook), T(release_cleans_up), T(direct_api),
        T(control_subset), T(node_quota), T(node_size_quota), T(big_directory),
        T(oversized_length_breaks_only_that_connection), T(byte_by_byte_input),
        T(one_message_per_call), T(unread_replies_stop_input),
        T(event_flood_is_bounded),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
