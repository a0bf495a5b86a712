/*
 * mmu/satp_direct run as dom0 beside a peer domU that idles: even the
 * control domain, loading satp with its own tables, reaches only its own
 * frames (the peer's are among the foreign RAM probed), and the peer is
 * still running afterwards.
 */
#define TEST_TITLE "mmu/satp_direct_dom0"
#include "../satp_direct/main.c"
