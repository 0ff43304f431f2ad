"""Worker processes: results in input order, a bounded window, errors in their place."""

import itertools
import multiprocessing
import os
import subprocess
import sys
import threading
import time

import pytest

from ocparse.workers import LOCAL, WINDOW_PER_WORKER, worker_pool


def _pid_of(value: int) -> tuple[int, int]:
    if value < 0:
        raise ArithmeticError(f"negative {value}")
    return value * value, os.getpid()


_LOCK = threading.Lock()


def _take_the_lock(_: int) -> bool:
    if not _LOCK.acquire(timeout=1):
        return False
    _LOCK.release()
    return True


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_results_in_input_order_from_other_processes() -> None:
    with worker_pool(2) as workers:
        results = list(workers.map(_pid_of, range(40)))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


def test_workers_are_not_copies_of_this_process() -> None:
    # A forked worker copies every lock as it is, held by another thread or not, and none of
    # its threads will release it: the hang seen on Python 3.13. Workers start afresh.
    with _LOCK, worker_pool(2) as workers:
        assert all(workers.map(_take_the_lock, range(4)))


def test_one_job_runs_here_without_a_pool() -> None:
    with worker_pool(1) as workers:
        assert workers is LOCAL
        assert list(workers.map(_pid_of, range(3))) == [
            (0, os.getpid()),
            (1, os.getpid()),
            (4, os.getpid()),
        ]


def test_tasks_are_taken_lazily_within_the_window() -> None:
    taken = itertools.count()

    def tasks() -> object:
        for n in range(1000):
            next(taken)
            yield n

    with worker_pool(2) as workers:
        results = workers.map(_pid_of, tasks())
        assert next(results)[0] == 0
        # One result out: the window is full again, and no more than that was taken.
        assert next(taken) == 2 * WINDOW_PER_WORKER
        results.close()


def test_an_error_comes_after_the_results_before_it() -> None:
    with worker_pool(2) as workers:
        results = workers.map(_pid_of, [*range(13), -1, *range(100)])
        assert [next(results)[0] for _ in range(13)] == [n * n for n in range(13)]
        with pytest.raises(ArithmeticError, match="negative -1"):
            next(results)


def test_bad_job_counts() -> None:
    for jobs in (0, -1):
        with pytest.raises(ValueError, match="jobs must be 1 or more"), worker_pool(jobs):
            pass


def _stop_after_the_first_result() -> None:
    with worker_pool(2) as workers:
        next(workers.map(_nap, [0.1] * 100))
        raise KeyError("stop")


def test_an_error_leaves_nothing_running() -> None:
    # A pool thread left running when the block is left races, at exit, with Python waking
    # it up: "Exception ignored ... Bad file descriptor", about once in 150 CLI runs.
    threads = set(threading.enumerate())
    with pytest.raises(KeyError, match="stop"):
        _stop_after_the_first_result()
    assert set(threading.enumerate()) == threads
    assert multiprocessing.active_children() == []


_FORK_PROBE = """
import os
import signal
import threading

from ocparse.workers import worker_pool

STATE = []  # filled in below: a forked worker has it, a spawned one imports this afresh


def probe(_):
    return bool(STATE), os.getpid(), signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


LOCK = threading.Lock()


def free(_):
    if not LOCK.acquire(timeout=1):
        return False
    LOCK.release()
    return True


if __name__ == "__main__":
    STATE.append("set before the pool")
    signal.signal(signal.SIGTERM, lambda *_: print("the parent's handler"))
    with worker_pool(2, fork=True) as workers:
        # Taken once the pool exists: workers forked now would copy it held.
        with LOCK:
            results = list(workers.map(probe, range(4)))
            unlocked = all(workers.map(free, range(4)))
    print(
        all(seen for seen, _, _ in results),
        os.getpid() in {pid for _, pid, _ in results},
        unlocked,
        all(default for _, _, default in results),
    )
"""


def test_fork_copies_a_single_threaded_process_on_linux(tmp_path) -> None:
    # A fresh interpreter runs one thread: where the threads can be listed, it forks, and
    # as the pool is made, not later when the block may hold locks or run threads. The
    # workers do not run the parent's signal handlers.
    script = tmp_path / "probe.py"
    script.write_text(_FORK_PROBE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    forked = os.path.isdir("/proc/self/task")
    assert done.stdout.split() == [str(forked), "False", "True", "True"]


def test_fork_falls_back_to_spawning_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        # Forked now, a worker would copy the held lock and wait on it for ever.
        with _LOCK, worker_pool(2, fork=True) as workers:
            assert all(workers.map(_take_the_lock, range(4)))
    finally:
        stop.set()
        thread.join()
