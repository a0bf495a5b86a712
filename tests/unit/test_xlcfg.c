/*
 * dom0's xl.cfg parser (guests/dom0/xlcfg.c): every key it understands,
 * xl's defaults, lists over several lines, command-line settings after the
 * file, ignored xl keys, and every kind of error with its file, line and
 * key - the configuration untouched after one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "../../guests/dom0/xlcfg.h"

static struct xl_config cfg;
static char err[160];

static int parse(const char *text)
{
    err[0] = '\0';
    return xlcfg_parse("t.cfg", text, strlen(text), &cfg, err, sizeof(err));
}

static int setup(void **state)
{
    (void)state;
    xlcfg_defaults(&cfg);
    return 0;
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(cfg.memory_mb, 128);
    assert_int_equal(cfg.vcpus, 1);
    assert_int_equal(cfg.on_poweroff, XL_ACTION_DESTROY);
    assert_int_equal(cfg.on_reboot, XL_ACTION_RESTART);
    assert_int_equal(cfg.on_crash, XL_ACTION_DESTROY);
    assert_int_equal(cfg.cpu_weight, -1);
    assert_int_equal(xlcfg_check("t.cfg", &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "t.cfg: name: a domain needs a name");
}

static void test_every_key(void **state)
{
    (void)state;
    assert_int_equal(parse("# a domain\n"
                           "name = \"web\"\n"
                           "kernel = '/boot/domu.elf'   # the kernel\n"
                           "ramdisk = \"/boot/initrd\"\n"
                           "extra = \"console=hvc0\"\n"
                           "memory = 64\nmaxmem=0x60\n"
                           "vcpus = 2 ; maxvcpus = 4\n"
                           "on_poweroff = \"preserve\"\non_reboot = 'rename-restart'\n"
                           "on_crash = \"restart\"\n"
                           "cpu_weight = 512\ncap = 50\n"
                           "period = 100\nslice = 20\nlatency = 5\nextratime = 1\n"
                           "uuid = \"00000000-0000-0000-0000-000000000001\"\n"
                           "builder = \"generic\"\n"),
                     0);
    assert_string_equal(cfg.name, "web");
    assert_string_equal(cfg.kernel, "/boot/domu.elf");
    assert_string_equal(cfg.ramdisk, "/boot/initrd");
    assert_string_equal(cfg.cmdline, "console=hvc0");
    assert_int_equal(cfg.memory_mb, 64);
    assert_int_equal(cfg.maxmem_mb, 96);
    assert_int_equal(cfg.vcpus, 2);
    assert_int_equal(cfg.maxvcpus, 4);
    assert_int_equal(cfg.on_poweroff, XL_ACTION_PRESERVE);
    assert_int_equal(cfg.on_reboot, XL_ACTION_RENAME_RESTART);
    assert_int_equal(cfg.on_crash, XL_ACTION_RESTART);
    assert_int_equal(cfg.cpu_weight, 512);
    assert_int_equal(cfg.cap, 50);
    assert_int_equal(cfg.period_ms, 100);
    assert_int_equal(cfg.slice_ms, 20);
    assert_int_equal(cfg.latency_ms, 5);
    assert_int_equal(cfg.extratime, 1);
    assert_int_equal(xlcfg_check("t.cfg", &cfg, err, sizeof(err)), 0);
    assert_string_equal(xl_action_name(cfg.on_reboot), "rename-restart");
}

static void test_cmdline_wins(void **state)
{
    (void)state;
    assert_int_equal(parse("extra='a'\ncmdline=\"b\"\n"), 0);
    assert_string_equal(cfg.cmdline, "b");
    assert_int_equal(xlcfg_set("memory=32", &cfg, err, sizeof(err)), 0);
    assert_int_equal(cfg.memory_mb, 32);
    assert_int_equal(xlcfg_set("name=\"x\"", &cfg, err, sizeof(err)), 0);
    assert_string_equal(cfg.name, "x");
    assert_int_equal(xlcfg_set("memory=", &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "<command line>:1: memory: not a number");
}

static void test_devices(void **state)
{
    (void)state;
    assert_int_equal(parse("disk = [ 'phy:/dev/vda,xvda,w',\n"
                           "         'format=raw, vdev=xvdb, access=ro, target=/img',\n"
                           "         '/a.img,qcow2,xvdc,rw', ]\n"
                           "vif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0', 'ip=10.0.2.15' ]\n"),
                     0);
    assert_int_equal(cfg.nr_disks, 3);
    assert_string_equal(cfg.disk[0].target, "phy:/dev/vda");
    assert_string_equal(cfg.disk[0].vdev, "xvda");
    assert_false(cfg.disk[0].readonly);
    assert_string_equal(cfg.disk[1].target, "/img");
    assert_string_equal(cfg.disk[1].vdev, "xvdb");
    assert_true(cfg.disk[1].readonly);
    assert_string_equal(cfg.disk[2].format, "qcow2");
    assert_int_equal(cfg.nr_vifs, 2);
    assert_string_equal(cfg.vif[0].mac, "00:16:3e:00:00:01");
    assert_string_equal(cfg.vif[0].bridge, "xenbr0");
    assert_string_equal(cfg.vif[1].ip, "10.0.2.15");
}

/* Each bad text: -1, the message, and the configuration untouched. */
static void expect_error(const char *text, const char *msg)
{
    struct xl_config before = cfg;

    if (parse(text) != -1 || strcmp(err, msg))
        fail_msg("'%s': got \"%s\", expected \"%s\"", text, err, msg);
    assert_memory_equal(&before, &cfg, sizeof(cfg));
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("memory = lots\n", "t.cfg:1: memory: not a number");
    expect_error("\n\nmemory = 0\n", "t.cfg:3: memory: 0 is out of range 1..1048576");
    expect_error("name = \"a\"\nvcpus = 9\n", "t.cfg:2: vcpus: 9 is out of range 1..8");
    expect_error("name = web\n", "t.cfg:1: name: expected a quoted string");
    expect_error("name = \"web\n", "t.cfg:1: name: unterminated string");
    expect_error("name = \"\"\n", "t.cfg:1: name: empty name");
    expect_error("memroy = 3\n", "t.cfg:1: memroy: unknown key");
    expect_error("memory 3\n", "t.cfg:1: memory: expected '=' after the key");
    expect_error("= 3\n", "t.cfg:1: expected KEY = VALUE");
    expect_error("memory = 3 4\n", "t.cfg:1: memory: unexpected text after the value");
    expect_error("on_crash = \"coredump-destroy\"\n",
                 "t.cfg:1: on_crash: not one of destroy, restart, preserve, rename-restart");
    expect_error("disk = [ 'a' 'b' ]\n", "t.cfg:1: disk: expected ',' or ']' in the list");
    expect_error("disk = 'a'\n", "t.cfg:1: disk: expected a list [ ... ]");
    expect_error("disk = [ '/x' ]\n", "t.cfg:1: disk: a disk needs a target and a vdev");
    expect_error("disk = [ '/x,raw,xvda,maybe' ]\n",
                 "t.cfg:1: disk: disk access must be r, ro, w or rw");
    expect_error("vif = [ 'colour=blue' ]\n", "t.cfg:1: vif: unknown vif parameter");
    expect_error("memory = 99999999999999999999999\n", "t.cfg:1: memory: number too large");
    expect_error("disk = [\n'a,b,c,d',\n'e,f,g,h',\n'i,j,k,l',\n'1,2,3,4',\n'5,6,7,8',\n"
                 "'1,2,3,4',\n'5,6,7,8',\n'1,2,3,4',\n'5,6,7,8' ]\n",
                 "t.cfg:10: disk: too many list items");
    expect_error("name = \"a\tb\"\n", "t.cfg:1: name: string with an unprintable character");
}

static void test_check(void **state)
{
    (void)state;
    assert_int_equal(parse("name='a'\nkernel='k'\nmemory=64\nmaxmem=32\n"), 0);
    assert_int_equal(xlcfg_check("t.cfg", &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "t.cfg: maxmem: smaller than memory");
    assert_int_equal(parse("maxmem=64\nvcpus=4\nmaxvcpus=2\n"), 0);
    assert_int_equal(xlcfg_check("t.cfg", &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "t.cfg: maxvcpus: smaller than vcpus");
    assert_int_equal(parse("maxvcpus=4\nperiod=10\nslice=20\n"), 0);
    assert_int_equal(xlcfg_check("t.cfg", &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "t.cfg: slice: longer than the period");
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_defaults), T(test_every_key), T(test_cmdline_wins), T(test_devices),
        T(test_errors), T(test_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
