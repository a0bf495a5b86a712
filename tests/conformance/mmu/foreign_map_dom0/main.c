/*
 * mmu/foreign_map run as dom0 beside a peer domU that idles: the RAM that
 * is not dom0's now certainly includes another live domain's frames, and
 * after the sweep the peer is still running and the machine's free memory
 * is at its baseline (health_end).  Privilege does not widen what a leaf
 * may map: foreigndom is DOMID_SELF throughout.
 */
#define TEST_TITLE "mmu/foreign_map_dom0"
#include "../foreign_map/main.c"
