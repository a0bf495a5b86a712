/*
 * libfdt's environment for guest kernels (dom0 reads its device tree with
 * libfdt: public/arch-riscv.h).  libfdt's sources come from Debian's
 * linux-source package, unpacked by scripts/setup-deps.sh, as for the
 * hypervisor (hypervisor/lib/libfdt_env.h); here picolibc supplies the
 * types and string functions.  The fdtNN_t types hold big-endian bytes;
 * guests are little-endian.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* GCC's <limits.h> is not on the guests' include path. */
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif
#ifndef INT32_MAX
#define INT32_MAX __INT32_MAX__
#endif
#ifndef UINT32_MAX
#define UINT32_MAX __UINT32_MAX__
#endif

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "libfdt_env.h assumes a little-endian CPU"
#endif

static inline uint16_t fdt16_to_cpu(fdt16_t x) { return __builtin_bswap16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return __builtin_bswap32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return __builtin_bswap32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return __builtin_bswap64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return __builtin_bswap64(x); }

#endif /* LIBFDT_ENV_H */
