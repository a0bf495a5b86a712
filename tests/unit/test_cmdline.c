/*
 * core/cmdline.c: every option, sizes, and hostile command lines.
 *
 * Warnings are collected through cmdline_parse's callback, so each test
 * asserts both the resulting options and exactly which words were named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/cmdline.h>
#include <asm/host.h>

static char warnings[8192];
static unsigned int nr_warnings;

static void collect(const char *msg)
{
    size_t len = strlen(warnings);

    nr_warnings++;
    assert_true(strlen(msg) < 200);              /* messages stay bounded */
    snprintf(warnings + len, sizeof(warnings) - len, "%s\n", msg);
}

static unsigned int parse(const char *line, struct hv_options *o)
{
    unsigned int n;

    warnings[0] = '\0';
    nr_warnings = 0;
    n = cmdline_parse(line, o, collect);
    assert_int_equal(n, nr_warnings);            /* the count is the calls */
    return n;
}

static void assert_defaults(const struct hv_options *o)
{
    assert_string_equal(o->sched, "credit");
    assert_int_equal(o->dom0_mem, DOM0_MEM_DEFAULT);
    assert_int_equal(o->dom0_max_vcpus, 1);
    assert_int_equal(o->loglvl, 3);
    assert_int_equal(o->sched_credit_tslice_ms, 30);
    assert_int_equal(o->sched_ratelimit_us, 1000);
    assert_false(o->console_timestamps);
    assert_false(o->noreboot);
    assert_false(o->mm_boot_check);
}

static void test_empty_and_null(void **state)
{
    struct hv_options o;

    memset(&o, 0x5a, sizeof(o));
    assert_int_equal(parse(NULL, &o), 0);
    assert_defaults(&o);
    memset(&o, 0x5a, sizeof(o));
    assert_int_equal(parse("", &o), 0);
    assert_defaults(&o);
    assert_int_equal(parse(" \t\n\r  ", &o), 0);
    assert_defaults(&o);
}

static void test_every_option(void **state)
{
    struct hv_options o;

    assert_int_equal(parse("sched=credit dom0_mem=64M dom0_max_vcpus=4 loglvl=debug "
                           "sched_credit_tslice_ms=5 sched_ratelimit_us=0 "
                           "console_timestamps=yes noreboot mm_boot_check", &o), 0);
    assert_string_equal(o.sched, "credit");
    assert_int_equal(o.dom0_mem, 64ULL << 20);
    assert_int_equal(o.dom0_max_vcpus, 4);
    assert_int_equal(o.loglvl, 4);
    assert_int_equal(o.sched_credit_tslice_ms, 5);
    assert_int_equal(o.sched_ratelimit_us, 0);
    assert_true(o.console_timestamps);
    assert_true(o.noreboot);
    assert_true(o.mm_boot_check);

    assert_int_equal(parse("sched=sedf", &o), 0);
    assert_string_equal(o.sched, "sedf");
    assert_int_equal(parse("sched=rr", &o), 0);
    assert_string_equal(o.sched, "rr");
    assert_int_equal(parse("sched_credit_tslice_ms=1000 sched_ratelimit_us=1000000", &o), 0);
    assert_int_equal(o.sched_credit_tslice_ms, 1000);
    assert_int_equal(o.sched_ratelimit_us, 1000000);
    assert_int_equal(parse("dom0_max_vcpus=1", &o), 0);
    assert_int_equal(o.dom0_max_vcpus, 1);
    assert_int_equal(parse("dom0_max_vcpus=8", &o), 0);
    assert_int_equal(o.dom0_max_vcpus, 8);
}

static void test_loglvl_names(void **state)
{
    static const struct { const char *name; unsigned int lvl; } t[] = {
        { "none", 0 }, { "error", 1 }, { "warning", 2 }, { "info", 3 },
        { "debug", 4 }, { "all", 4 },
    };
    struct hv_options o;
    char line[64];

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        snprintf(line, sizeof(line), "loglvl=%s", t[i].name);
        assert_int_equal(parse(line, &o), 0);
        assert_int_equal(o.loglvl, t[i].lvl);
    }
}

static void test_booleans(void **state)
{
    static const char *const yes[] = { "1", "yes", "true", "on", "enable" };
    static const char *const no[] = { "0", "no", "false", "off", "disable" };
    struct hv_options o;
    char line[64];

    for (size_t i = 0; i < 5; i++) {
        snprintf(line, sizeof(line), "noreboot=%s console_timestamps=%s", yes[i], yes[i]);
        assert_int_equal(parse(line, &o), 0);
        assert_true(o.noreboot);
        assert_true(o.console_timestamps);
        snprintf(line, sizeof(line), "noreboot noreboot=%s", no[i]);
        assert_int_equal(parse(line, &o), 0);
        assert_false(o.noreboot);
    }
    assert_int_equal(parse("console_timestamps", &o), 0);   /* bare: true */
    assert_true(o.console_timestamps);
}

static void test_sizes(void **state)
{
    static const struct { const char *text; uint64_t bytes; } t[] = {
        { "dom0_mem=64M", 64ULL << 20 }, { "dom0_mem=64m", 64ULL << 20 },
        { "dom0_mem=65536", 64ULL << 20 },          /* no suffix: KiB */
        { "dom0_mem=65536K", 64ULL << 20 }, { "dom0_mem=65536k", 64ULL << 20 },
        { "dom0_mem=1G", 1ULL << 30 }, { "dom0_mem=2g", 2ULL << 30 },
        { "dom0_mem=1024", 1ULL << 20 },            /* the minimum */
        { "dom0_mem=1024G", 1ULL << 40 },           /* the maximum */
    };
    struct hv_options o;

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        assert_int_equal(parse(t[i].text, &o), 0);
        assert_int_equal(o.dom0_mem, t[i].bytes);
    }
}

static void test_parse_size_direct(void **state)
{
    uint64_t v = 7;
    const char *s;

#define SIZE_OK(str, val) \
    (s = (str), assert_true(parse_size(s, s + strlen(s), &v)), assert_int_equal(v, (val)))
#define SIZE_BAD(str) \
    (s = (str), v = 7, assert_false(parse_size(s, s + strlen(s), &v)), assert_int_equal(v, 7))
    SIZE_OK("0", 0);
    SIZE_OK("1", 1024);
    SIZE_OK("3M", 3ULL << 20);
    SIZE_OK("17179869183G", 17179869183ULL << 30);   /* just fits */
    SIZE_OK("18014398509481983K", 18014398509481983ULL << 10);
    SIZE_BAD("");
    SIZE_BAD("K");
    SIZE_BAD("M");
    SIZE_BAD("-1M");
    SIZE_BAD("+1M");
    SIZE_BAD("1.5G");
    SIZE_BAD("1T");
    SIZE_BAD("12Q");
    SIZE_BAD("0x10M");
    SIZE_BAD("1 M");
    SIZE_BAD("17179869184G");                        /* 2^64 bytes */
    SIZE_BAD("18014398509481984K");
    SIZE_BAD("99999999999999999999999999");
    /* Only [s, end) is looked at: "64" out of "64MB". */
    s = "64MB";
    assert_true(parse_size(s, s + 3, &v));
    assert_int_equal(v, 64ULL << 20);
    assert_false(parse_size(s, s + 4, &v));
}

/* Each bad word is warned about, by name, and the default stays. */
static void expect_one_warning(const char *line, const char *named, const char *why)
{
    struct hv_options o;

    assert_int_equal(parse(line, &o), 1);
    if (!strstr(warnings, named) || !strstr(warnings, why))
        fail_msg("line \"%s\": warning \"%s\" does not name \"%s\" / \"%s\"", line,
                 warnings, named, why);
    assert_defaults(&o);
}

static void test_out_of_range(void **state)
{
    expect_one_warning("dom0_max_vcpus=0", "dom0_max_vcpus=0", "out of range");
    expect_one_warning("dom0_max_vcpus=9", "dom0_max_vcpus=9", "out of range");
    expect_one_warning("sched_credit_tslice_ms=0", "sched_credit_tslice_ms=0", "out of range");
    expect_one_warning("sched_credit_tslice_ms=1001", "sched_credit_tslice_ms", "out of range");
    expect_one_warning("sched_ratelimit_us=1000001", "sched_ratelimit_us", "out of range");
    expect_one_warning("dom0_mem=1023", "dom0_mem=1023", "out of range");   /* < 1 MiB */
    expect_one_warning("dom0_mem=1025G", "dom0_mem=1025G", "out of range");
    expect_one_warning("dom0_mem=0", "dom0_mem=0", "out of range");
}

static void test_malformed_values(void **state)
{
    expect_one_warning("dom0_mem=12Q", "dom0_mem=12Q", "not a size");
    expect_one_warning("dom0_mem=", "dom0_mem=", "not a size");
    expect_one_warning("dom0_mem=M", "dom0_mem=M", "not a size");
    expect_one_warning("dom0_mem=-5M", "dom0_mem=-5M", "not a size");
    expect_one_warning("dom0_max_vcpus=abc", "dom0_max_vcpus=abc", "not a number");
    expect_one_warning("dom0_max_vcpus=4x", "dom0_max_vcpus=4x", "not a number");
    expect_one_warning("dom0_max_vcpus=-1", "dom0_max_vcpus=-1", "not a number");
    expect_one_warning("dom0_max_vcpus=99999999999999999999999", "dom0_max_vcpus",
                       "not a number");
    expect_one_warning("sched=bogus", "sched=bogus", "accepted values");
    expect_one_warning("sched=", "sched=", "accepted values");
    expect_one_warning("sched=credit2", "sched=credit2", "accepted values");
    expect_one_warning("sched=RR", "sched=RR", "accepted values");
    expect_one_warning("loglvl=loud", "loglvl=loud", "accepted values");
    expect_one_warning("console_timestamps=maybe", "console_timestamps=maybe", "not a boolean");
    expect_one_warning("noreboot=", "noreboot=", "not a boolean");
    expect_one_warning("dom0_mem", "dom0_mem", "needs a value");
    expect_one_warning("sched", "sched", "needs a value");
}

static void test_unknown_options(void **state)
{
    expect_one_warning("foo=1", "foo=1", "unknown option");
    expect_one_warning("dom0_memx=64M", "dom0_memx", "unknown option");
    expect_one_warning("DOM0_MEM=64M", "DOM0_MEM", "unknown option");   /* case matters */
    expect_one_warning("=5", "'=5'", "unknown option");
    expect_one_warning("noreboo", "noreboo", "unknown option");
}

static void test_bad_word_keeps_earlier_good_value(void **state)
{
    struct hv_options o;

    assert_int_equal(parse("dom0_max_vcpus=4 dom0_max_vcpus=99 sched=sedf sched=nope", &o), 2);
    assert_int_equal(o.dom0_max_vcpus, 4);
    assert_string_equal(o.sched, "sedf");
    assert_non_null(strstr(warnings, "dom0_max_vcpus=99"));
    assert_non_null(strstr(warnings, "sched=nope"));
    /* Later good values win. */
    assert_int_equal(parse("dom0_mem=1G dom0_mem=128M", &o), 0);
    assert_int_equal(o.dom0_mem, 128ULL << 20);
}

static void test_mixed_line(void **state)
{
    struct hv_options o;

    assert_int_equal(parse("  junk1 dom0_mem=256M\tbogus=2\n\nloglvl=all  x=  noreboot ", &o), 3);
    assert_int_equal(o.dom0_mem, 256ULL << 20);
    assert_int_equal(o.loglvl, 4);
    assert_true(o.noreboot);
    assert_non_null(strstr(warnings, "'junk1'"));
    assert_non_null(strstr(warnings, "'bogus=2'"));
    assert_non_null(strstr(warnings, "'x='"));
}

static void test_garbage(void **state)
{
    char line[6000];
    struct hv_options o;

    /* A very long word is quoted, cut and marked, not copied whole. */
    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    assert_int_equal(parse(line, &o), 1);
    assert_non_null(strstr(warnings, "..."));
    assert_defaults(&o);

    /* Control bytes are not echoed into the log. */
    assert_int_equal(parse("\x01\x02=\x7f\x1b[2J", &o), 1);
    assert_null(strchr(warnings, '\x1b'));
    assert_null(strchr(warnings, '\x01'));

    assert_int_equal(parse("===== = == dom0_mem==5M", &o), 4);
    assert_defaults(&o);

    /* Random bytes (no NUL inside): never a crash, always a count. */
    srand(1);
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(rand() % 300);

        for (size_t i = 0; i < len; i++)
            line[i] = (char)(1 + rand() % 255);
        line[len] = '\0';
        parse(line, &o);
        assert_true(o.dom0_max_vcpus >= 1 && o.dom0_max_vcpus <= 8);
        assert_true(o.dom0_mem >= (1ULL << 20) && o.dom0_mem <= (1ULL << 40));
        assert_true(o.loglvl <= 4);
    }
}

static void test_no_callback_uses_printk(void **state)
{
    struct hv_options o;

    host_log_reset();
    assert_int_equal(cmdline_parse("nosuchoption=3 dom0_max_vcpus=2", &o, NULL), 1);
    assert_int_equal(o.dom0_max_vcpus, 2);
    assert_true(host_log_contains("nosuchoption=3"));
    assert_int_equal(host_log_count_level(1), 1);          /* a XENLOG_WARNING */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_every_option),
        cmocka_unit_test(test_loglvl_names),
        cmocka_unit_test(test_booleans),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_parse_size_direct),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_malformed_values),
        cmocka_unit_test(test_unknown_options),
        cmocka_unit_test(test_bad_word_keeps_earlier_good_value),
        cmocka_unit_test(test_mixed_line),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_no_callback_uses_printk),
    };

    return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
