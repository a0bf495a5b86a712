/*
 * xenstored-host: the daemon core served over Unix sockets, with Xen's
 * socket framing (the header + payload stream of public/io/xs_wire.h),
 * so that Xen's own clients (libxenstore, xenstore-read ...) pointed at it
 * with XENSTORED_PATH talk to it as to Xen's xenstored.
 *
 *   xenstored-host -s PATH [-u PATH:DOMID]... [-v]
 *
 * -s PATH       the privileged socket: its clients act as dom0, as on Xen.
 * -u PATH:DOMID a socket whose clients act as unprivileged domain DOMID
 *               (Xen's sockets are all dom0's; this is how the host tests
 *               get a non-zero domid).  DOMID is introduced at start and
 *               gets the home libxl lays out (xs_domain_make_home): dom0
 *               owns /local/domain/DOMID, the domain owns its data/.
 * -v            log connections and CONTROL print to stderr.
 *
 * One thread, poll().  Every pass gives each client one message's turn
 * (round robin), so a client that floods cannot starve the others; a
 * client whose replies pile up unread is not read from until it catches
 * up (xs_conn_wants_input()).  SIGTERM and SIGINT end the daemon cleanly.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenstored.h"

#define MAX_LISTEN  8
#define MAX_CLIENTS 256
#define BUF_BYTES   (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

struct listener {
    int fd;
    unsigned int domid;
    const char *path;
};

struct client {
    int fd;                         /* -1: slot free */
    struct xs_conn *conn;
    char in[BUF_BYTES];
    size_t in_start, in_end;
    char out[BUF_BYTES];
    size_t out_start, out_end;
};

static struct listener listeners[MAX_LISTEN];
static unsigned int nlisteners;
static struct client clients[MAX_CLIENTS];
static bool verbose;
static volatile sig_atomic_t stopping;

static void *host_alloc(void *ctx, size_t size)
{
    return malloc(size);
}

static void host_free(void *ctx, void *ptr)
{
    free(ptr);
}

static void host_log(void *ctx, const char *line)
{
    if (verbose)
        fprintf(stderr, "xenstored-host: %s\n", line);
}

/* A domain's connection is going (RELEASE): close the client serving it. */
static void host_conn_gone(void *ctx, struct xs_conn *conn)
{
    struct client *cl = xs_conn_priv(conn);

    if (cl) {
        close(cl->fd);
        cl->fd = -1;
        cl->conn = NULL;
    }
}

static int listen_on(const char *path, unsigned int domid)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (nlisteners == MAX_LISTEN || strlen(path) >= sizeof(sa.sun_path))
        return -1;
    strcpy(sa.sun_path, path);
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
        listen(fd, 16)) {
        perror(path);
        return -1;
    }
    listeners[nlisteners++] = (struct listener){ fd, domid, path };
    return 0;
}

static void accept_client(struct xs_daemon *d, const struct listener *l)
{
    int fd = accept(l->fd, NULL, NULL);
    unsigned int i;

    if (fd < 0)
        return;
    for (i = 0; i < MAX_CLIENTS && clients[i].fd >= 0; i++)
        ;
    if (i == MAX_CLIENTS) {
        close(fd);
        return;
    }
    clients[i].conn = xs_conn_new(d, l->domid);
    if (!clients[i].conn) {
        close(fd);
        return;
    }
    clients[i].fd = fd;
    clients[i].in_start = clients[i].in_end = 0;
    clients[i].out_start = clients[i].out_end = 0;
    xs_conn_set_priv(clients[i].conn, &clients[i]);
    if (verbose)
        fprintf(stderr, "xenstored-host: client %u connected as d%u\n", i,
                l->domid);
}

static void drop_client(struct client *cl)
{
    close(cl->fd);
    cl->fd = -1;
    xs_conn_free(cl->conn);
    cl->conn = NULL;
}

/* Feed the buffered input; the core takes at most one message a call. */
static bool feed_one(struct client *cl)
{
    long n;

    if (cl->in_start == cl->in_end || !xs_conn_wants_input(cl->conn))
        return true;
    n = xs_conn_input(cl->conn, cl->in + cl->in_start, cl->in_end - cl->in_start);
    if (n < 0)
        return false;
    cl->in_start += n;
    if (cl->in_start == cl->in_end)
        cl->in_start = cl->in_end = 0;
    return true;
}

static bool read_client(struct client *cl)
{
    ssize_t n;

    if (cl->in_start > 0) {
        memmove(cl->in, cl->in + cl->in_start, cl->in_end - cl->in_start);
        cl->in_end -= cl->in_start;
        cl->in_start = 0;
    }
    if (cl->in_end == sizeof(cl->in))
        return true;
    n = read(cl->fd, cl->in + cl->in_end, sizeof(cl->in) - cl->in_end);
    if (n <= 0)
        return n < 0 && (errno == EINTR || errno == EAGAIN);
    cl->in_end += n;
    return true;
}

static bool write_client(struct client *cl)
{
    ssize_t n;

    if (cl->out_start == cl->out_end) {
        cl->out_start = 0;
        cl->out_end = xs_conn_output(cl->conn, cl->out, sizeof(cl->out));
    }
    if (cl->out_start == cl->out_end)
        return true;
    n = write(cl->fd, cl->out + cl->out_start, cl->out_end - cl->out_start);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN;
    cl->out_start += n;
    return true;
}

static bool has_output(const struct client *cl)
{
    return cl->out_start != cl->out_end || xs_conn_output_pending(cl->conn);
}

/* One poll and one turn for every client; returns false on a poll error. */
static bool serve_once(struct xs_daemon *d)
{
    struct pollfd pfd[MAX_LISTEN + MAX_CLIENTS];
    int map[MAX_LISTEN + MAX_CLIENTS];
    unsigned int i, n = 0;
    bool busy = false;

    for (i = 0; i < nlisteners; i++)
        pfd[n++] = (struct pollfd){ listeners[i].fd, POLLIN, 0 };
    for (i = 0; i < MAX_CLIENTS; i++) {
        struct client *cl = &clients[i];

        if (cl->fd < 0)
            continue;
        busy |= cl->in_start != cl->in_end && xs_conn_wants_input(cl->conn);
        map[n] = i;
        pfd[n++] = (struct pollfd){ cl->fd,
            (short)((xs_conn_wants_input(cl->conn) ? POLLIN : 0) |
                    (has_output(cl) ? POLLOUT : 0)), 0 };
    }
    if (poll(pfd, n, busy ? 0 : 1000) < 0)
        return errno == EINTR;
    for (i = 0; i < nlisteners; i++)
        if (pfd[i].revents & POLLIN)
            accept_client(d, &listeners[i]);
    for (i = nlisteners; i < n; i++) {
        struct client *cl = &clients[map[i]];
        bool ok = true;

        if (cl->fd != pfd[i].fd)
            continue;       /* released meanwhile */
        if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
            ok = read_client(cl);
        if (ok)
            ok = feed_one(cl);
        if (ok && cl->fd >= 0 && (pfd[i].revents & POLLOUT))
            ok = write_client(cl);
        if (!ok && cl->fd >= 0)
            drop_client(cl);
    }
    return true;
}

static void on_signal(int sig)
{
    stopping = 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: xenstored-host -s PATH [-u PATH:DOMID]... [-v]\n");
    return 2;
}

static int introduce_unpriv(struct xs_daemon *d, unsigned int domid)
{
    struct xs_conn *conn;
    int err = xs_domain_introduce(d, domid, &conn);

    return err ? err : xs_domain_make_home(d, domid);
}

int main(int argc, char **argv)
{
    static const struct xs_host_ops ops = {
        .alloc = host_alloc, .free = host_free, .log = host_log,
        .conn_gone = host_conn_gone,
    };
    struct xs_daemon *d = xs_daemon_new(&ops);
    unsigned int i;
    int opt;

    if (!d)
        return 1;
    for (i = 0; i < MAX_CLIENTS; i++)
        clients[i].fd = -1;
    while ((opt = getopt(argc, argv, "s:u:v")) != -1) {
        char *colon;

        switch (opt) {
        case 's':
            if (listen_on(optarg, 0))
                return 1;
            break;
        case 'u':
            colon = strrchr(optarg, ':');
            if (!colon)
                return usage();
            *colon = '\0';
            if (listen_on(optarg, strtoul(colon + 1, NULL, 10)) ||
                introduce_unpriv(d, strtoul(colon + 1, NULL, 10)))
                return 1;
            break;
        case 'v':
            verbose = true;
            break;
        default:
            return usage();
        }
    }
    if (nlisteners == 0)
        return usage();
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    while (!stopping && serve_once(d))
        ;
    for (i = 0; i < nlisteners; i++) {
        close(listeners[i].fd);
        unlink(listeners[i].path);
    }
    xs_daemon_free(d);
    return 0;
}
