/*
 * The FP registers, for tests of the world switch.  Guests are built
 * without FP (rv64imac), so these reach the registers with the D
 * extension enabled for the one instruction; the hypervisor enables FP
 * for every guest (sstatus.FS starts Initial).
 */
#ifndef CONFORMANCE_FP_H
#define CONFORMANCE_FP_H

#include <stdint.h>

#define FP_INSN(insn) ".option push\n.option arch, +d\n" insn "\n.option pop"

/* A value for register n that no other domain or register uses. */
static inline uint64_t fp_pattern(uint64_t seed, unsigned int n)
{
    return (seed << 8) ^ (0x9e3779b97f4a7c15ULL * (n + 1));
}

#define FP_SET(n, seed) \
    __asm__ volatile(FP_INSN("fmv.d.x f" #n ", %0") :: "r"(fp_pattern(seed, n)))
#define FP_GET(n, v) __asm__ volatile(FP_INSN("fmv.x.d %0, f" #n) : "=r"(v))

/* Fill f0..f31 with the patterns of `seed`. */
static inline void fp_fill(uint64_t seed)
{
    FP_SET(0, seed);  FP_SET(1, seed);  FP_SET(2, seed);  FP_SET(3, seed);
    FP_SET(4, seed);  FP_SET(5, seed);  FP_SET(6, seed);  FP_SET(7, seed);
    FP_SET(8, seed);  FP_SET(9, seed);  FP_SET(10, seed); FP_SET(11, seed);
    FP_SET(12, seed); FP_SET(13, seed); FP_SET(14, seed); FP_SET(15, seed);
    FP_SET(16, seed); FP_SET(17, seed); FP_SET(18, seed); FP_SET(19, seed);
    FP_SET(20, seed); FP_SET(21, seed); FP_SET(22, seed); FP_SET(23, seed);
    FP_SET(24, seed); FP_SET(25, seed); FP_SET(26, seed); FP_SET(27, seed);
    FP_SET(28, seed); FP_SET(29, seed); FP_SET(30, seed); FP_SET(31, seed);
}

/* Read f0..f31 into out[]. */
static inline void fp_read(uint64_t out[32])
{
    FP_GET(0, out[0]);   FP_GET(1, out[1]);   FP_GET(2, out[2]);   FP_GET(3, out[3]);
    FP_GET(4, out[4]);   FP_GET(5, out[5]);   FP_GET(6, out[6]);   FP_GET(7, out[7]);
    FP_GET(8, out[8]);   FP_GET(9, out[9]);   FP_GET(10, out[10]); FP_GET(11, out[11]);
    FP_GET(12, out[12]); FP_GET(13, out[13]); FP_GET(14, out[14]); FP_GET(15, out[15]);
    FP_GET(16, out[16]); FP_GET(17, out[17]); FP_GET(18, out[18]); FP_GET(19, out[19]);
    FP_GET(20, out[20]); FP_GET(21, out[21]); FP_GET(22, out[22]); FP_GET(23, out[23]);
    FP_GET(24, out[24]); FP_GET(25, out[25]); FP_GET(26, out[26]); FP_GET(27, out[27]);
    FP_GET(28, out[28]); FP_GET(29, out[29]); FP_GET(30, out[30]); FP_GET(31, out[31]);
}

/* The first register that does not hold seed's pattern, or -1. */
static inline int fp_check(uint64_t seed)
{
    uint64_t v[32];

    fp_read(v);
    for (unsigned int n = 0; n < 32; n++)
        if (v[n] != fp_pattern(seed, n))
            return (int)n;
    return -1;
}

#endif
