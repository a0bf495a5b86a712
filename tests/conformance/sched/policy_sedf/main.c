/* The shared scheduler set under sched=sedf (policy_common.h). */
#include <public/domctl.h>
#define EXPECT_SCHED XEN_SCHEDULER_SEDF
#include "../policy_common.h"

int main(void)
{
    return run_tests("sched/policy_sedf", tests, ARRAY_SIZE(tests));
}
