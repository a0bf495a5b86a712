/*
 * The XenStore protocol from a domU (this test is domU 1; the standard
 * dom0 runs xenstored and has introduced us), through the guest library's
 * client over the store ring: the standard nodes dom0 wrote, read, write,
 * mkdir, directory, rm, permissions, relative paths, GET_DOMAIN_PATH, and
 * the errors Xen's xenstored gives for each misuse.
 */
#include <stdio.h>
#include <string.h>
#include <xenstore.h>
#include "../../lib/test.h"

static char home[64], path[256], buf[4200];

static const char *at(const char *rel)
{
    snprintf(path, sizeof(path), "%s/%s", home, rel);
    return path;
}

static long read_s(const char *p)
{
    return xenstore_read_str(XENSTORE_TX_NONE, p, buf, sizeof(buf));
}

static void connects(void)
{
    EXPECT_EQ(xenstore_init(), 0);
    snprintf(home, sizeof(home), "/local/domain/%u", test_domid());
    EXPECT_EQ(xenstore_domain_path(test_domid(), buf, sizeof(buf)), (long)strlen(home) + 1);
    EXPECT_STREQ(buf, home);
}

/* The nodes dom0's toolstack wrote when it introduced us. */
static void standard_nodes(void)
{
    char want[32];

    EXPECT_TRUE(read_s(at("name")) > 0);
    EXPECT_STREQ(buf, "test");
    snprintf(want, sizeof(want), "%u", test_domid());
    EXPECT_TRUE(read_s(at("domid")) > 0);
    EXPECT_STREQ(buf, want);
    EXPECT_TRUE(read_s(at("memory/target")) > 0);
    EXPECT_TRUE(read_s(at("vm")) > 0);
    EXPECT_EQ(read_s(at("control/shutdown")), 0);
    snprintf(want, sizeof(want), "%lu", (unsigned long)start_info->console.domU.mfn);
    EXPECT_TRUE(read_s(at("console/ring-ref")) > 0);
    EXPECT_STREQ(buf, want);
    snprintf(want, sizeof(want), "%u", start_info->console.domU.evtchn);
    EXPECT_TRUE(read_s(at("console/port")) > 0);
    EXPECT_STREQ(buf, want);
    /* Relative paths are under our home. */
    EXPECT_TRUE(read_s("name") > 0);
    EXPECT_STREQ(buf, "test");
}

static void write_read_rm(void)
{
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/a/b/c"), "value-c"), 0);
    EXPECT_EQ(read_s(at("data/a/b/c")), 7);
    EXPECT_STREQ(buf, "value-c");
    EXPECT_EQ(read_s(at("data/a/b")), 0);            /* parents made, empty */
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/rel", ""), 0);
    EXPECT_EQ(read_s(at("data/rel")), 0);
    EXPECT_EQ(xenstore_write_bytes(XENSTORE_TX_NONE, at("data/bin"), "a\0b", 3), 0);
    EXPECT_EQ(xenstore_read(XENSTORE_TX_NONE, at("data/bin"), buf, sizeof(buf)), 3);
    EXPECT_EQ(buf[1], 0);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/a")), 0);
    EXPECT_EQ(read_s(at("data/a/b/c")), -XEN_ENOENT);
    EXPECT_EQ(read_s(at("data/a")), -XEN_ENOENT);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/a")), 0);   /* absent: fine */
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/x/y")), -XEN_ENOENT); /* no parent */
    EXPECT_TRUE(!xenstore_exists(XENSTORE_TX_NONE, at("data/a")));
    EXPECT_TRUE(xenstore_exists(XENSTORE_TX_NONE, at("data/rel")));
}

static void mkdir_directory(void)
{
    long n;

    EXPECT_EQ(xenstore_mkdir(XENSTORE_TX_NONE, at("data/dir")), 0);
    EXPECT_EQ(xenstore_mkdir(XENSTORE_TX_NONE, at("data/dir")), 0);  /* exists: ok */
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/dir/one"), "1"), 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/dir/two"), "2"), 0);
    n = xenstore_directory(XENSTORE_TX_NONE, at("data/dir"), buf, sizeof(buf));
    EXPECT_EQ(n, 8);
    EXPECT_TRUE(n == 8 && ((!strcmp(buf, "one") && !strcmp(buf + 4, "two")) ||
                           (!strcmp(buf, "two") && !strcmp(buf + 4, "one"))));
    EXPECT_EQ(xenstore_directory(XENSTORE_TX_NONE, at("data/dir/one"), buf, sizeof(buf)), 0);
    EXPECT_EQ(xenstore_directory(XENSTORE_TX_NONE, at("data/none"), buf, sizeof(buf)),
              -XEN_ENOENT);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/dir")), 0);
}

static void permissions(void)
{
    char want[32];
    long n;

    snprintf(want, sizeof(want), "n%u", test_domid());
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/p"), "x"), 0);
    n = xenstore_get_perms(XENSTORE_TX_NONE, at("data/p"), buf, sizeof(buf));
    EXPECT_EQ(n, (long)strlen(want) + 1);
    EXPECT_STREQ(buf, want);
    /* Ours to change: owner stays us, dom0 may read. */
    snprintf(want, sizeof(want), "n%u%cr0", test_domid(), 0);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, at("data/p"), want, strlen(want) + 4), 0);
    n = xenstore_get_perms(XENSTORE_TX_NONE, at("data/p"), buf, sizeof(buf));
    EXPECT_EQ(n, (long)strlen(want) + 4);
    /* Giving the node away to dom0: EPERM (XSA-352). */
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, at("data/p"), "n0", 3), -XEN_EPERM);
    /* Garbage permission strings: EINVAL. */
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, at("data/p"), "x1", 3), -XEN_EINVAL);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/p")), 0);
}

/* Our home, dom0's tree and the root are not ours to write (XSA-353). */
static void not_ours(void)
{
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("name"), "evil"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("newnode"), "x"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/local/domain/0/x", "x"), -XEN_EACCES);
    EXPECT_EQ(read_s("/local/domain/0/name"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/", "x"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "/local"), -XEN_EACCES);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "/", "n1", 3), -XEN_EACCES);
    EXPECT_EQ(xenstore_mkdir(XENSTORE_TX_NONE, "/tool/x"), -XEN_EACCES);
    EXPECT_EQ(read_s(at("name")), 4);                        /* unchanged */
    EXPECT_STREQ(buf, "test");
}

/* Path rules: characters, double and trailing slashes, lengths. */
static void bad_paths(void)
{
    static char longp[XENSTORE_ABS_PATH_MAX + 2];
    size_t n;

    EXPECT_EQ(read_s(at("data//x")), -XEN_EINVAL);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/x/"), "v"), -XEN_EINVAL);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/sp ace"), "v"), -XEN_EINVAL);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/a*b"), "v"), -XEN_EINVAL);
    EXPECT_EQ(read_s(""), -XEN_EINVAL);
    /* An absolute path one past the limit. */
    n = (size_t)snprintf(longp, sizeof(longp), "%s/data/", home);
    memset(longp + n, 'a', sizeof(longp) - n - 1);
    longp[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, longp, "v"), -XEN_EINVAL);
}

/* A value near the payload limit round-trips; one past it is refused here. */
static void large_values(void)
{
    static char big[XENSTORE_PAYLOAD_MAX];
    size_t plen = strlen(at("data/big")) + 1;

    memset(big, 'v', sizeof(big));
    EXPECT_EQ(xenstore_write_bytes(XENSTORE_TX_NONE, at("data/big"), big, 2000), 0);
    EXPECT_EQ(xenstore_read(XENSTORE_TX_NONE, at("data/big"), buf, sizeof(buf)), 2000);
    EXPECT_EQ(xenstore_write_bytes(XENSTORE_TX_NONE, at("data/big"), big,
                                   XENSTORE_PAYLOAD_MAX - plen + 1), -XEN_E2BIG);
    /* A reply larger than the caller's buffer: E2BIG, the start copied. */
    EXPECT_EQ(xenstore_read(XENSTORE_TX_NONE, at("data/big"), buf, 10), -XEN_E2BIG);
    EXPECT_EQ(buf[9], 'v');
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/big")), 0);
}

/* Message types a domU may not use, and unknown ones. */
static void privileged_ops(void)
{
    char r[32];

    EXPECT_EQ(xenstore_request(XS_INTRODUCE, 0, "5\0" "100\0" "3", 8, r, sizeof(r)),
              -XEN_EACCES);
    EXPECT_EQ(xenstore_request(XS_RELEASE, 0, "0", 2, r, sizeof(r)), -XEN_EACCES);
    EXPECT_EQ(xenstore_request(XS_IS_DOMAIN_INTRODUCED, 0, "1", 2, r, sizeof(r)), -XEN_EACCES);
    /* Types the daemon does not implement, removed (20) or unknown: ENOSYS, as Xen. */
    EXPECT_EQ(xenstore_request(XS_SET_TARGET, 0, "1\0" "2", 4, r, sizeof(r)), -XEN_ENOSYS);
    EXPECT_EQ(xenstore_request(20, 0, "", 1, r, sizeof(r)), -XEN_ENOSYS);
    EXPECT_EQ(xenstore_request(999, 0, "", 1, r, sizeof(r)), -XEN_ENOSYS);
    /* And the connection still works. */
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, "name", r, sizeof(r)), 4);
}

static const struct test tests[] = {
    /* the client connects; GET_DOMAIN_PATH is /local/domain/<id> */
    TEST(connects),
    /* name, domid, memory/target, vm, control/shutdown, console nodes as dom0 wrote them */
    TEST(standard_nodes),
    /* write makes parents, binary values, rm recursive, rm of absent ok, ENOENT */
    TEST(write_read_rm),
    /* mkdir twice ok, DIRECTORY lists children, ENOENT for none */
    TEST(mkdir_directory),
    /* GET/SET_PERMS on our node; giving it away EPERM; bad strings EINVAL */
    TEST(permissions),
    /* our home, dom0's tree, the root, /tool: EACCES; nothing changed */
    TEST(not_ours),
    /* '//', trailing '/', bad characters, empty, over 3072: EINVAL */
    TEST(bad_paths),
    /* 2000-byte value round trip; over the payload limit E2BIG; short buffer E2BIG */
    TEST(large_values),
    /* INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED EACCES; SET_TARGET, 20, 999 ENOSYS */
    TEST(privileged_ops),
};

int main(void)
{
    return run_tests("xenstore/basic", tests, ARRAY_SIZE(tests));
}
