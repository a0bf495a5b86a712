/*
 * libfdt's environment for the freestanding hypervisor build.
 *
 * libfdt's sources (from Debian's linux-source package, see
 * scripts/setup-deps.sh) expect this header to supply fixed-width types,
 * INT_MAX, the string functions and big-endian conversions.  We supply them
 * from the hypervisor's own headers: there is no C library underneath.
 * Host unit tests use the system libfdt; the fuzz harnesses compile the
 * cached sources with this file, so that they fuzz the code that boots.
 *
 * The fdtNN_t types are plain integers holding big-endian bytes; libfdt
 * converts every value it reads with fdtNN_to_cpu().  Both our targets are
 * little-endian, and the byte swaps are the compiler's builtins.
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hv/lib.h>

/* The freestanding include path has no <limits.h>. */
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
