"""Boot a system under scripts/run.sh and watch its console as it runs.

Shared by the conformance runner and the benchmarks.  Each boot runs in its
own process group so that it can be stopped as a whole: when the caller has
seen what it wanted (a test's result line, say), QEMU is killed after a short
grace period instead of running on until its time-out.

Console lines look like "(XEN) ..." for the hypervisor and "(dN) ..." for
domain N; `domain_line()` splits that prefix off.
"""

import os
import re
import signal
import subprocess
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_SH = os.path.join(ROOT, "scripts", "run.sh")

# Seconds QEMU may run on after the caller has seen enough: time for a
# hypervisor crash right after the result to reach the log.
GRACE = 0.5
# run.sh stops QEMU at its own time-out; this is the backstop behind it.
BACKSTOP = 15

_PREFIX = re.compile(r"\((XEN|d(\d+))\) (.*)")

# Every boot still running, so that an interrupted runner can stop them.
_live = set()
_live_lock = threading.Lock()


def domain_line(line):
    """Return (domain id, text) for a "(dN) text" line, None otherwise."""
    m = _PREFIX.search(line)
    if m and m.group(2) is not None:
        return int(m.group(2)), m.group(3)
    return None


def hypervisor_line(line):
    """Return the text of a "(XEN) text" line, None otherwise."""
    m = _PREFIX.search(line)
    if m and m.group(1) == "XEN":
        return m.group(3)
    return None


def module_arg(kernel, bootargs=None):
    return kernel + ("::" + bootargs if bootargs else "")


class Boot:
    """The outcome of one boot: its exit status and whether it was stopped."""

    def __init__(self):
        self.rc = None
        self.timed_out = False
        self.stopped = False
        self.wall = 0.0


def _kill(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(proc, seconds):
    """Once run.sh is gone (or overdue), stop whatever is left of its group,
    so that nothing holds the console pipe open."""
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        pass
    _kill(proc)


def _type(proc, data):
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
    except (BrokenPipeError, ValueError):
        pass            # QEMU has gone: the caller sees how it ended


def boot(run_args, timeout, log_path, on_line=None, build="build",
         type_for=None):
    """Run scripts/run.sh with run_args headless for at most `timeout` s.

    Every console line goes to log_path.  on_line(line, seconds_since_start)
    is called for each line (without its line ending); when it returns True,
    QEMU is stopped GRACE seconds later.  type_for(line), if given, is
    called for each line too: the bytes it returns (if any) are typed on
    the console's input at once.
    """
    cmd = [RUN_SH, "--build", build, "--timeout", str(timeout)] + run_args
    if type_for:
        cmd.append("--stdin")
    result = Boot()
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT,
                                stdin=subprocess.PIPE if type_for
                                else subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                start_new_session=True)
        with _live_lock:
            _live.add(proc)
        timers = []
        threading.Thread(target=_reap, args=(proc, timeout + BACKSTOP),
                         daemon=True).start()
        try:
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                log.write(line + "\n")
                typed = type_for(line) if type_for else None
                if typed:
                    _type(proc, typed)
                if (on_line and not result.stopped
                        and on_line(line, time.monotonic() - start)):
                    result.stopped = True
                    timers.append(threading.Timer(GRACE, _kill, (proc,)))
                    timers[-1].start()
            result.rc = proc.wait()
        except BaseException:
            _kill(proc)
            proc.wait()
            raise
        finally:
            for t in timers:
                t.cancel()
            if proc.stdin:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass
            with _live_lock:
                _live.discard(proc)
    result.wall = time.monotonic() - start
    result.timed_out = result.rc == 124 and not result.stopped
    return result


def stop_all():
    """Kill every boot still running (for a runner that is interrupted)."""
    with _live_lock:
        for proc in list(_live):
            _kill(proc)
