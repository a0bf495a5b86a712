/*
 * What the harnesses share.
 *
 * CHECK() states an invariant of the parser's result; a violation prints
 * the condition and aborts, and libFuzzer saves the input that caused it.
 * Inputs are copied into buffers of exactly the size the parser may read,
 * so that ASan reports a read one byte too far, and error buffers start
 * full of a non-NUL filler, so that "err is a C string" means the parser
 * terminated it.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    #cond);                                                \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* The hypervisor's error buffers are all this size. */
#define ERR_LEN 128

/* libFuzzer's entry points. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string, in a heap buffer of exactly size + 1 bytes. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    CHECK(s);
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* s[0..n) holds a C string, every character of it printable ASCII. */
static inline bool printable_string(const char *s, size_t n)
{
    const char *end = memchr(s, '\0', n);

    if (!end)
        return false;
    for (; s < end; s++)
        if (*s < 0x20 || *s > 0x7e)
            return false;
    return true;
}

static inline void fill_err(char *err)
{
    memset(err, 'X', ERR_LEN);
}

/* What every failing parser promises: a non-empty message, terminated. */
static inline void check_err(const char *err)
{
    CHECK(memchr(err, '\0', ERR_LEN));
    CHECK(err[0] != '\0');
}

#endif /* FUZZ_H */
