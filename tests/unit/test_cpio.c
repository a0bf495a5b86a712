/*
 * dom0's ramdisk reader (guests/dom0/cpio.c): archives written here in
 * the newc format, as scripts/mkramdisk.py writes them, are read back by
 * path; every way an archive can break the format is refused as
 * malformed, never read past.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../guests/dom0/cpio.h"

static char arc[4096];
static size_t arc_len;

static void put_member(const char *magic, const char *name, uint32_t mode, const char *data,
                       size_t size, uint32_t namesize)
{
    int n = snprintf(arc + arc_len, sizeof(arc) - arc_len,
                     "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", magic, 1u, mode,
                     0u, 0u, 1u, 0u, (unsigned int)size, 0u, 0u, 0u, 0u, namesize, 0u);

    arc_len += (size_t)n;
    memcpy(arc + arc_len, name, strlen(name) + 1);
    /* A namesize that lies (past the end) does not move the writer. */
    arc_len += namesize <= 64 ? namesize : strlen(name) + 1;
    arc_len = (arc_len + 3) & ~(size_t)3;
    memcpy(arc + arc_len, data, size);
    arc_len += size;
    arc_len = (arc_len + 3) & ~(size_t)3;
}

static void add(const char *name, uint32_t mode, const char *data)
{
    put_member("070701", name, mode, data, strlen(data), (uint32_t)strlen(name) + 1);
}

static void trailer(void)
{
    add("TRAILER!!!", 0, "");
}

static void build_good(void)
{
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    add("etc", CPIO_MODE_DIR | 0755, "");
    add("etc/xen", CPIO_MODE_DIR | 0755, "");
    add("etc/xen/a.cfg", CPIO_MODE_REG | 0644, "name=\"a\"\n");
    add("./boot/x.elf", CPIO_MODE_REG | 0644, "\177ELF....");
    add("empty", CPIO_MODE_REG | 0644, "");
    trailer();
}

static int setup(void **state)
{
    (void)state;
    build_good();
    return 0;
}

static void test_find_by_path(void **state)
{
    struct cpio_file f;

    (void)state;
    assert_int_equal(cpio_find(arc, arc_len, "/etc/xen/a.cfg", &f), CPIO_OK);
    assert_int_equal(f.size, 9);
    assert_memory_equal(f.data, "name=\"a\"\n", 9);
    assert_int_equal(cpio_find(arc, arc_len, "etc/xen/a.cfg", &f), CPIO_OK);
    assert_int_equal(cpio_find(arc, arc_len, "/boot/x.elf", &f), CPIO_OK);
    assert_int_equal(f.size, 8);
    assert_int_equal(cpio_find(arc, arc_len, "./empty", &f), CPIO_OK);
    assert_int_equal(f.size, 0);
}

static void test_not_found(void **state)
{
    struct cpio_file f;

    (void)state;
    assert_int_equal(cpio_find(arc, arc_len, "/etc/xen/b.cfg", &f), CPIO_NOT_FOUND);
    assert_int_equal(cpio_find(arc, arc_len, "/etc/xen", &f), CPIO_NOT_FOUND);  /* a directory */
    assert_int_equal(cpio_find(arc, arc_len, "/etc/xen/a.cf", &f), CPIO_NOT_FOUND);
    assert_int_equal(cpio_find(arc, arc_len, "TRAILER!!!", &f), CPIO_NOT_FOUND);
}

static void test_walk(void **state)
{
    const char *want[] = { "etc", "etc/xen", "etc/xen/a.cfg", "./boot/x.elf", "empty" };
    struct cpio_file f;
    size_t pos = 0;

    (void)state;
    for (unsigned int i = 0; i < 5; i++) {
        assert_int_equal(cpio_next(arc, arc_len, &pos, &f), CPIO_OK);
        assert_string_equal(f.name, want[i]);
        assert_int_equal(pos % 4, 0);
    }
    assert_int_equal(cpio_next(arc, arc_len, &pos, &f), CPIO_END);
}

static void test_crc_magic_accepted(void **state)
{
    struct cpio_file f;

    (void)state;
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    put_member("070702", "f", CPIO_MODE_REG, "xyz", 3, 2);
    trailer();
    assert_int_equal(cpio_find(arc, arc_len, "f", &f), CPIO_OK);
}

/* Every truncation of a good archive is malformed (the trailer is last). */
static void test_truncated(void **state)
{
    struct cpio_file f;
    size_t good = arc_len;

    (void)state;
    for (size_t len = 0; len < good - 3; len++) {
        char *copy = malloc(len ? len : 1);
        int rc;

        memcpy(copy, arc, len);
        rc = cpio_find(copy, len, "/nothing", &f);
        if (rc != CPIO_MALFORMED)
            fail_msg("length %zu: %d", len, rc);
        free(copy);
    }
}

static void test_bad_headers(void **state)
{
    struct cpio_file f;

    (void)state;
    arc[3] = '8';                                   /* magic */
    assert_int_equal(cpio_find(arc, arc_len, "/x", &f), CPIO_MALFORMED);
    build_good();
    arc[6 + 8 * 6 + 3] = 'g';                       /* filesize not hex */
    assert_int_equal(cpio_find(arc, arc_len, "/x", &f), CPIO_MALFORMED);
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    put_member("070701", "a", CPIO_MODE_REG, "", 0, 0);   /* namesize 0 */
    trailer();
    assert_int_equal(cpio_find(arc, arc_len, "/x", &f), CPIO_MALFORMED);
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    put_member("070701", "abcd", CPIO_MODE_REG, "", 0, 2);   /* no NUL at namesize */
    trailer();
    assert_int_equal(cpio_find(arc, arc_len, "/x", &f), CPIO_MALFORMED);
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    put_member("070701", "a", CPIO_MODE_REG, "data", 4, 0x7fffffff);  /* name past the end */
    assert_int_equal(cpio_find(arc, arc_len, "/x", &f), CPIO_MALFORMED);
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    put_member("070701", "a", CPIO_MODE_REG, "data", 4, 2);
    memcpy(arc + 6 + 8 * 6, "ffffffff", 8);         /* data past the end */
    trailer();
    assert_int_equal(cpio_find(arc, arc_len, "/x", &f), CPIO_MALFORMED);
}

static void test_no_trailer(void **state)
{
    struct cpio_file f;

    (void)state;
    memset(arc, 0, sizeof(arc));
    arc_len = 0;
    add("a", CPIO_MODE_REG, "1");
    assert_int_equal(cpio_find(arc, arc_len, "/a", &f), CPIO_OK);     /* found before the end */
    assert_int_equal(cpio_find(arc, arc_len, "/b", &f), CPIO_MALFORMED);
    assert_int_equal(cpio_find(arc, 0, "/b", &f), CPIO_MALFORMED);
    assert_string_equal(cpio_strerror(CPIO_MALFORMED), "malformed cpio archive");
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_find_by_path), T(test_not_found), T(test_walk), T(test_crc_magic_accepted),
        T(test_truncated), T(test_bad_headers), T(test_no_trailer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
