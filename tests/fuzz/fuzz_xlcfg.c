/*
 * guests/dom0/xlcfg.c: xlcfg_parse() on arbitrary text, in a buffer of
 * exactly its length (ASan sees a read one byte too far), from xl's
 * defaults.
 *
 * On success every field is within its documented range and every string
 * is terminated and printable; on failure the message names the file
 * ("f.cfg:") and the configuration is untouched.
 */
#include "../../guests/dom0/xlcfg.h"
#include "fuzz.h"

static void check_str(const char *s, size_t cap)
{
    const char *end = memchr(s, '\0', cap);

    CHECK(end);
    for (; s < end; s++)
        CHECK(*s >= 0x20 && *s <= 0x7e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xl_config cfg, before;
    char *text = malloc(size ? size : 1);
    char err[160];

    memcpy(text, data, size);
    memset(err, 'x', sizeof(err));
    xlcfg_defaults(&cfg);
    before = cfg;
    if (xlcfg_parse("f.cfg", text, size, &cfg, err, sizeof(err)) == 0) {
        check_str(cfg.name, sizeof(cfg.name));
        check_str(cfg.kernel, sizeof(cfg.kernel));
        check_str(cfg.ramdisk, sizeof(cfg.ramdisk));
        check_str(cfg.cmdline, sizeof(cfg.cmdline));
        CHECK(cfg.memory_mb >= 1 && cfg.memory_mb <= (1u << 20));
        CHECK(cfg.vcpus >= 1 && cfg.vcpus <= 8);
        CHECK(cfg.maxvcpus <= 8);
        CHECK(cfg.nr_disks <= XLCFG_DEVS_MAX && cfg.nr_vifs <= XLCFG_DEVS_MAX);
        for (unsigned int i = 0; i < cfg.nr_disks; i++) {
            check_str(cfg.disk[i].target, sizeof(cfg.disk[i].target));
            CHECK(cfg.disk[i].target[0] && cfg.disk[i].vdev[0]);
        }
        CHECK((unsigned int)cfg.on_crash <= XL_ACTION_RENAME_RESTART);
        CHECK(cfg.cpu_weight == -1 || (cfg.cpu_weight >= 1 && cfg.cpu_weight <= 65535));
        (void)xlcfg_check("f.cfg", &cfg, err, sizeof(err));
    } else {
        CHECK(memchr(err, '\0', sizeof(err)));
        CHECK(!strncmp(err, "f.cfg:", 6));
        CHECK(!memcmp(&cfg, &before, sizeof(cfg)));
    }
    free(text);
    return 0;
}
