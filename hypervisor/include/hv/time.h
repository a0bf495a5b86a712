/* Guest-visible time (core/time.c). */
#ifndef HV_TIME_H
#define HV_TIME_H

struct vcpu;

/* Refresh v's vcpu_time_info; v's CPU or v not running. */
void update_vcpu_system_time(struct vcpu *v);

#endif
