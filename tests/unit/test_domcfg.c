/*
 * core/domcfg.c: xl.cfg-style domain descriptions, good and hostile.
 *
 * Every rejected text must return -EINVAL, leave the caller's config
 * untouched (validate, then commit), and put the offending key in err.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domcfg.h>
#include <hv/errno.h>

static void assert_defaults(const struct domain_config *c)
{
    assert_string_equal(c->name, "");
    assert_int_equal(c->memory_mb, DOMU_MEM_DEFAULT_MB);
    assert_int_equal(c->maxmem_mb, DOMU_MEM_DEFAULT_MB);
    assert_int_equal(c->vcpus, 1);
    assert_int_equal(c->weight, 256);
    assert_int_equal(c->cap, 0);
    assert_int_equal(c->period_ms, 100);
    assert_int_equal(c->slice_ms, 0);
    assert_string_equal(c->cmdline, "");
    assert_int_equal(c->type, DOMAIN_TYPE_PV);
}

static int parse(const char *text, struct domain_config *c, char *err, size_t errlen)
{
    domcfg_defaults(c);
    return domcfg_parse(text, c, err, errlen);
}

static void test_defaults_and_empty(void **state)
{
    struct domain_config c;
    char err[128];

    memset(&c, 0x77, sizeof(c));
    domcfg_defaults(&c);
    assert_defaults(&c);
    assert_int_equal(parse("", &c, err, sizeof(err)), 0);
    assert_defaults(&c);
    assert_int_equal(parse(NULL, &c, err, sizeof(err)), 0);
    assert_defaults(&c);
    assert_int_equal(parse(" ;;\n\t ; # only a comment\n", &c, err, sizeof(err)), 0);
    assert_defaults(&c);
    assert_string_equal(err, "");
}

static void test_full_config(void **state)
{
    struct domain_config c;
    char err[128];

    assert_int_equal(parse("name=\"web\" memory=32 vcpus=2 weight=512 cap=50 period=200 "
                           "slice=10 extra=\"console=hvc0 root=/dev/xvda1\"",
                           &c, err, sizeof(err)), 0);
    assert_string_equal(c.name, "web");
    assert_int_equal(c.memory_mb, 32);
    assert_int_equal(c.maxmem_mb, 32);          /* follows memory */
    assert_int_equal(c.vcpus, 2);
    assert_int_equal(c.weight, 512);
    assert_int_equal(c.cap, 50);
    assert_int_equal(c.period_ms, 200);
    assert_int_equal(c.slice_ms, 10);
    assert_string_equal(c.cmdline, "console=hvc0 root=/dev/xvda1");
}

static void test_separators_quotes_comments(void **state)
{
    struct domain_config c;
    char err[128];

    assert_int_equal(parse("# domain one\n"
                           "name = 'db.1-a_b'   # single quotes\n"
                           "memory\t=\t64;vcpus=3;\r\n"
                           "maxmem=128 ; cmdline=\"say 'hi' #not a comment\"\n",
                           &c, err, sizeof(err)), 0);
    assert_string_equal(c.name, "db.1-a_b");
    assert_int_equal(c.memory_mb, 64);
    assert_int_equal(c.maxmem_mb, 128);
    assert_int_equal(c.vcpus, 3);
    assert_string_equal(c.cmdline, "say 'hi' #not a comment");
    /* The last of a repeated key wins; extra and cmdline are one field. */
    assert_int_equal(parse("vcpus=2 vcpus=4 extra=\"a\" cmdline=\"b\"", &c, err, sizeof(err)), 0);
    assert_int_equal(c.vcpus, 4);
    assert_string_equal(c.cmdline, "b");
    assert_int_equal(parse("extra=\"\"", &c, err, sizeof(err)), 0);
    assert_string_equal(c.cmdline, "");
}

static void test_limits_accepted(void **state)
{
    struct domain_config c;
    char err[128], text[1200];
    char name[32], extra[1024];

    assert_int_equal(parse("memory=1 vcpus=1 weight=1 cap=0 period=1 slice=1",
                           &c, err, sizeof(err)), 0);
    assert_int_equal(parse("memory=65536 maxmem=65536 vcpus=8 weight=65535 cap=800 "
                           "period=10000 slice=10000", &c, err, sizeof(err)), 0);
    assert_int_equal(c.memory_mb, 65536);
    memset(name, 'n', 31);
    name[31] = '\0';
    memset(extra, 'e', 1023);
    extra[1023] = '\0';
    snprintf(text, sizeof(text), "name=\"%s\" extra='%s'", name, extra);
    assert_int_equal(parse(text, &c, err, sizeof(err)), 0);
    assert_string_equal(c.name, name);
    assert_string_equal(c.cmdline, extra);
}

/* The text is refused, err names `what`, and c is left as it was. */
static void expect_error(const char *text, const char *what)
{
    struct domain_config c, before;
    char err[128];

    domcfg_defaults(&c);
    c.vcpus = 3;                                  /* a marker to keep */
    before = c;
    assert_int_equal(domcfg_parse(text, &c, err, sizeof(err)), -EINVAL);
    if (!strstr(err, what))
        fail_msg("text \"%.60s\": error \"%s\" does not name \"%s\"", text, err, what);
    assert_memory_equal(&c, &before, sizeof(c));
}

static void test_bad_numbers(void **state)
{
    expect_error("memory=0", "memory=0: out of range 1..65536");
    expect_error("memory=65537", "memory=65537");
    expect_error("memory=99999999999999999999999999", "memory=9999");
    expect_error("memory=abc", "memory=abc: not a decimal number");
    expect_error("memory=32x", "memory=32x");
    expect_error("memory=-1", "memory=-1");
    expect_error("memory=0x20", "memory=0x20");
    expect_error("memory=\"32\"", "memory=32: expected a number");
    expect_error("maxmem=0", "maxmem=0");
    expect_error("vcpus=0", "vcpus=0: out of range 1..8");
    expect_error("vcpus=9", "vcpus=9");
    expect_error("weight=0", "weight=0");
    expect_error("weight=65536", "weight=65536");
    expect_error("cap=801", "cap=801: out of range 0..800");
    expect_error("period=0", "period=0");
    expect_error("period=10001", "period=10001");
    expect_error("slice=10001", "slice=10001");
}

static void test_bad_strings(void **state)
{
    char text[1200];

    expect_error("name=web", "name=web: expected a quoted string");
    expect_error("name=\"\"", "name: empty name");
    expect_error("name=\"bad name\"", "name=bad name: only");
    expect_error("name=\"a/b\"", "name=a/b");
    expect_error("name=\"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\"", "name: longer than 31");
    expect_error("extra=unquoted", "extra=unquoted: expected a quoted string");
    expect_error("extra=\"tab\tok but bell\a no\"", "control character");
    expect_error("name=\"web", "name: unterminated string");
    expect_error("name='web\"", "name: unterminated string");
    expect_error("extra=\"line one\nline two\"", "extra: unterminated string");
    memset(text, 0, sizeof(text));
    strcpy(text, "cmdline=\"");
    memset(text + strlen(text), 'x', 1024);
    strcat(text, "\"");
    expect_error(text, "cmdline: longer than 1023");
}

/* type= (h-pvh): "pv" or "pvh", quoted, as in xl.cfg. */
static void test_domain_type(void **state)
{
    struct domain_config c;
    char err[128];

    assert_int_equal(parse("type=\"pvh\" memory=32", &c, err, sizeof(err)), 0);
    assert_int_equal(c.type, DOMAIN_TYPE_PVH);
    assert_int_equal(parse("type='pv'", &c, err, sizeof(err)), 0);
    assert_int_equal(c.type, DOMAIN_TYPE_PV);
    expect_error("type=pvh", "type=pvh: expected a quoted string");
    expect_error("type=\"hvm\"", "type=hvm: not \"pv\" or \"pvh\"");
    expect_error("type=\"pvhx\"", "type=pvhx");
    expect_error("type=\"\"", "type=: not");
}

static void test_bad_syntax(void **state)
{
    expect_error("foo=1", "foo: unknown key");
    expect_error("memory=32 disk=[\"a\"]", "disk: unknown key");
    expect_error("Memory=32", "Memory: unknown key");
    expect_error("memory 32", "memory: expected '='");
    expect_error("memory", "memory: expected '='");
    expect_error("memory=", "memory: missing value");
    expect_error("memory=;", "memory: missing value");
    expect_error("name=\"a\"b", "name=a: junk after the value");
    expect_error("@x=1", "unexpected character 0x40 at offset 0");
    expect_error("memory=32 =5", "unexpected character 0x3d at offset 10");
    expect_error("9lives=1", "unexpected character 0x39");
}

static void test_cross_checks(void **state)
{
    struct domain_config c;
    char err[128];

    expect_error("memory=64 maxmem=32", "maxmem=32: less than memory=64");
    expect_error("period=10 slice=20", "slice=20: longer than period=10");
    expect_error("slice=101", "slice=101: longer than period=100");   /* default period */
    /* maxmem given before memory is still checked against the final memory. */
    expect_error("maxmem=32 memory=64", "maxmem=32");
    assert_int_equal(parse("maxmem=128 memory=64", &c, err, sizeof(err)), 0);
    assert_int_equal(c.maxmem_mb, 128);
}

static void test_first_error_wins(void **state)
{
    expect_error("vcpus=2 memory=0 weight=0", "memory=0");
}

static void test_small_error_buffer(void **state)
{
    struct domain_config c;
    char err[8];

    memset(err, 'X', sizeof(err));
    assert_int_equal(parse("unknownkey=1", &c, err, 6), -EINVAL);
    assert_string_equal(err, "unkno");              /* cut and terminated */
    assert_int_equal(err[6], 'X');
    assert_int_equal(parse("unknownkey=1", &c, NULL, 0), -EINVAL);
}

static void test_hostile_quoting_in_errors(void **state)
{
    struct domain_config c;
    char err[256], text[400];

    /* A long key is quoted only in part. */
    memset(text, 'k', 300);
    strcpy(text + 300, "=1");
    assert_int_equal(parse(text, &c, err, sizeof(err)), -EINVAL);
    assert_true(strlen(err) < 80);
    assert_non_null(strstr(err, "..."));
    /* Control bytes in a value never reach the message. */
    assert_int_equal(parse("memory=3\x1b[2J", &c, err, sizeof(err)), -EINVAL);
    assert_null(strchr(err, '\x1b'));
}

static void test_random_garbage(void **state)
{
    struct domain_config c;
    char text[512], err[64];
    static const char alphabet[] = "abcdemnoryvx=\"' ;#\n\t0123456789_.-";

    srand(7);
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(rand() % 120);
        int rc;

        for (size_t i = 0; i < len; i++)
            text[i] = round & 1 ? alphabet[rand() % (sizeof(alphabet) - 1)]
                                : (char)(1 + rand() % 255);
        text[len] = '\0';
        rc = parse(text, &c, err, sizeof(err));
        assert_true(rc == 0 || rc == -EINVAL);
        assert_true(strlen(err) < sizeof(err));
        if (rc == 0) {      /* whatever was accepted obeys every rule */
            assert_true(c.memory_mb >= 1 && c.memory_mb <= 65536);
            assert_true(c.maxmem_mb >= c.memory_mb);
            assert_true(c.vcpus >= 1 && c.vcpus <= 8);
            assert_true(c.weight >= 1 && c.weight <= 65535);
            assert_true(c.cap <= 800 && c.slice_ms <= c.period_ms);
            assert_true(strlen(c.name) < sizeof(c.name));
        } else {
            assert_true(err[0] != '\0');
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_empty),
        cmocka_unit_test(test_full_config),
        cmocka_unit_test(test_separators_quotes_comments),
        cmocka_unit_test(test_limits_accepted),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_bad_strings),
        cmocka_unit_test(test_domain_type),
        cmocka_unit_test(test_bad_syntax),
        cmocka_unit_test(test_cross_checks),
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_small_error_buffer),
        cmocka_unit_test(test_hostile_quoting_in_errors),
        cmocka_unit_test(test_random_garbage),
    };

    return cmocka_run_group_tests_name("domcfg", tests, NULL, NULL);
}
