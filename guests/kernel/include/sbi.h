/*
 * Standard SBI calls from the guest (any a7 other than XEN_HYPERCALL_EID).
 * The hypervisor implements what its guests need (Base, SRST, ...); an
 * unknown call returns SBI_ERR_NOT_SUPPORTED in error.
 */
#ifndef GUEST_SBI_H
#define GUEST_SBI_H

#define SBI_EXT_BASE        0x10
#define SBI_EXT_TIME        0x54494D45  /* "TIME" */
#define SBI_EXT_IPI         0x735049    /* "sPI" */
#define SBI_EXT_HSM         0x48534D    /* "HSM" */
#define SBI_EXT_SRST        0x53525354  /* "SRST" */

#define SBI_BASE_GET_SPEC_VERSION  0
#define SBI_BASE_GET_IMPL_ID       1
#define SBI_BASE_GET_IMPL_VERSION  2
#define SBI_BASE_PROBE_EXT         3

#define SBI_SRST_RESET             0
#define SBI_SRST_TYPE_SHUTDOWN     0
#define SBI_SRST_TYPE_COLD_REBOOT  1
#define SBI_SRST_TYPE_WARM_REBOOT  2
#define SBI_SRST_REASON_NONE       0
#define SBI_SRST_REASON_FAILURE    1

#define SBI_SUCCESS                0
#define SBI_ERR_FAILED            -1
#define SBI_ERR_NOT_SUPPORTED     -2
#define SBI_ERR_INVALID_PARAM     -3
#define SBI_ERR_DENIED            -4
#define SBI_ERR_INVALID_ADDRESS   -5

struct sbiret {
    long error;     /* SBI_SUCCESS or SBI_ERR_* */
    long value;
};

static inline struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
                                      unsigned long arg0, unsigned long arg1,
                                      unsigned long arg2, unsigned long arg3,
                                      unsigned long arg4, unsigned long arg5)
{
    register unsigned long a0 __asm__("a0") = arg0;
    register unsigned long a1 __asm__("a1") = arg1;
    register unsigned long a2 __asm__("a2") = arg2;
    register unsigned long a3 __asm__("a3") = arg3;
    register unsigned long a4 __asm__("a4") = arg4;
    register unsigned long a5 __asm__("a5") = arg5;
    register unsigned long a6 __asm__("a6") = fid;
    register unsigned long a7 __asm__("a7") = ext;

    __asm__ volatile ("ecall"
                      : "+r"(a0), "+r"(a1)
                      : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
                      : "memory");
    return (struct sbiret){ .error = (long)a0, .value = (long)a1 };
}

#endif /* GUEST_SBI_H */
