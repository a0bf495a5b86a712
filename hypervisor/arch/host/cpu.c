/* Host arch: the CPU the test is "running on" (smp_processor_id()). */
#include <hv/arch/cpu.h>

unsigned int host_current_cpu;
