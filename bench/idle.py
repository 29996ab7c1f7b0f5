"""Waiting for an idle machine before a timed run, for the interleaved benchmarks (cold-ab.py, solution-ratio.py)."""
import sys
import time


def idle(seconds):
    """The share of the machine's CPU time that was idle over the next `seconds` (from /proc/stat)."""
    def snap():
        values = list(map(int, open("/proc/stat").readline().split()[1:]))
        return values[3] + values[4], sum(values)
    a = snap()
    time.sleep(seconds)
    b = snap()
    return (b[0] - a[0]) / max(1, b[1] - a[1])


def wait_for_idle():
    """Returns once the machine has been at least 85 % idle for 2 s; exits after 5 busy minutes."""
    for _ in range(150):
        if idle(2.0) >= 0.85:
            return
    sys.exit("the machine stayed busy for 5 minutes; no figures")
