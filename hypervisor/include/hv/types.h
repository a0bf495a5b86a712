/*
 * Basic hypervisor types.
 *
 * Machine frames, guest frames and physical addresses are distinct one-member
 * structs so that the compiler refuses to pass one where another is expected:
 * mixing a guest frame with a machine frame is the classic PV MMU hole.
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t s_time_t;       /* system time, ns since boot */
typedef uint64_t paddr_t;       /* machine (host physical) address */
typedef uint64_t vaddr_t;       /* hypervisor virtual address */
typedef uint16_t domid_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* A machine frame number. */
typedef struct { uint64_t m; } mfn_t;
/* A guest frame number (a guest's pseudo-physical frame). */
typedef struct { uint64_t g; } gfn_t;

#define INVALID_MFN_RAW (~0ULL)

static inline mfn_t _mfn(uint64_t m) { return (mfn_t){ m }; }
static inline uint64_t mfn_x(mfn_t m) { return m.m; }
static inline gfn_t _gfn(uint64_t g) { return (gfn_t){ g }; }
static inline uint64_t gfn_x(gfn_t g) { return g.g; }
static inline bool mfn_valid_raw(mfn_t m) { return m.m != INVALID_MFN_RAW; }
static inline bool mfn_eq(mfn_t a, mfn_t b) { return a.m == b.m; }
static inline paddr_t mfn_to_maddr(mfn_t m) { return m.m << PAGE_SHIFT; }
static inline mfn_t maddr_to_mfn(paddr_t pa) { return _mfn(pa >> PAGE_SHIFT); }
#define INVALID_MFN _mfn(INVALID_MFN_RAW)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ROUNDUP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#define __noreturn __attribute__((noreturn))
#define __unused __attribute__((unused))
#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif /* HV_TYPES_H */
