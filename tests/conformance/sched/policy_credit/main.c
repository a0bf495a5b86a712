/* The shared scheduler set under sched=credit (policy_common.h). */
#include <public/domctl.h>
#define EXPECT_SCHED XEN_SCHEDULER_CREDIT
#include "../policy_common.h"

int main(void)
{
    return run_tests("sched/policy_credit", tests, ARRAY_SIZE(tests));
}
