/*
 * XenBus states (Xen's io/xenbus.h values): the handshake between a split
 * driver's front end and back end through XenStore.
 *
 * Each end writes its own `state` node (under its device directory) as a
 * decimal string and watches the other end's.  The usual start-up:
 *   1. the toolstack creates both directories, state Initialising;
 *   2. the back end publishes its features and moves to InitWait;
 *   3. the front end reads them, sets up its ring and event channel,
 *      writes ring-ref, event-channel (and protocol), moves to Initialised;
 *   4. the back end maps the ring, binds the port, moves to Connected;
 *   5. the front end moves to Connected.
 * Teardown: the front end moves to Closing, waits for the back end to
 * reach Closing or beyond, moves to Closed, waits for the back end to
 * reach Closed.  A front end may skip steps (Mini-OS writes its nodes and
 * goes straight to Connected in one transaction).
 */
#ifndef PUBLIC_IO_XENBUS_H
#define PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown       = 0,  /* no state node (or it cannot be read) */
    XenbusStateInitialising  = 1,  /* the device is being set up */
    XenbusStateInitWait      = 2,  /* back end: waiting for the front end's details */
    XenbusStateInitialised   = 3,  /* front end: ring and port published */
    XenbusStateConnected     = 4,  /* the device is in use */
    XenbusStateClosing       = 5,  /* an end asked to close */
    XenbusStateClosed        = 6,  /* closed; may start over from Initialising */
    XenbusStateReconfiguring = 7,  /* live reconfiguration in progress */
    XenbusStateReconfigured  = 8,  /* reconfiguration done */
};
typedef enum xenbus_state XenbusState;

#endif /* PUBLIC_IO_XENBUS_H */
