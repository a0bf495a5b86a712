/* vcpu/smp_work with four VCPUs (see that test). */
#define EXPECTED_VCPUS 4
#include "../smp_work/main.c"
