"""Worker processes that parse pages on every core, handing results back in input order.

Pages parse independently (:mod:`ocparse.stream` cuts an input where the grammar starts
a page), so a pool of processes can parse them in parallel, a few pages per task
(:data:`ocparse.stream.BATCH_PAGES`). :meth:`Workers.map` keeps only a bounded window of
tasks in flight, so memory stays flat however large the input, and yields results in input
order, so the output is the same as with one process.

Workers ignore Ctrl-C (the terminal sends it to the whole process group): the parent
alone handles it, cancels the tasks not yet started and lets the running ones finish,
which takes a few pages' time. On POSIX they ignore it from the start (they start with
SIGINT blocked); elsewhere, from when they are ready for work.

By default workers are spawned (a fresh interpreter that imports ocparse): a child forked
while another thread holds a lock keeps the lock held forever (Python 3.12+ warns of it; it
hung the tests on 3.13), and a library cannot know its caller's threads. A spawned worker
imports the main module of the calling script, so a script that starts workers keeps its
top-level code under ``if __name__ == "__main__":``.

The command, which owns its process, asks for forked workers (``fork=True``): on Linux,
when the process runs a single thread (Linux lists them), they are forked as the pool is
made, before the block can start a thread or take a lock; elsewhere they are spawned. A
forked worker starts with ocparse imported, where a spawned one spends 0.15 s of CPU
importing it: on two cores, ``--jobs 2`` over many small files gains about a tenth. It also
starts with the parent's signal handlers: the stop signals go back to their defaults in it,
as a spawned worker has them.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import TypeVar

import attrs

__all__ = ["LOCAL", "WINDOW_PER_WORKER", "Workers", "worker_pool"]

T = TypeVar("T")
R = TypeVar("R")

WINDOW_PER_WORKER = 4
"""Tasks in flight per worker: enough to keep every worker busy, few enough to bound memory."""


@attrs.frozen(slots=True)
class Workers:
    """Worker processes (``executor``; None means this process) and how many there are."""

    executor: Executor | None
    jobs: int

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in order.

        At most :data:`WINDOW_PER_WORKER` tasks per worker are submitted ahead of the one
        being yielded, taken from ``tasks`` lazily. An exception raised by a task is raised
        here, after the results of the tasks before it.
        """
        if self.executor is None:
            yield from map(function, tasks)
            return
        pending: deque[Future[R]] = deque()
        for task in tasks:
            # Worker processes start inside submit(), and keep the signal mask they start with.
            with _signals_held():
                pending.append(self.executor.submit(function, task))
            if len(pending) >= WINDOW_PER_WORKER * self.jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


LOCAL = Workers(None, 1)
"""No worker processes: tasks run in this process, one at a time."""


@contextmanager
def worker_pool(
    jobs: int, warm_up: Callable[[], object] | None = None, *, fork: bool = False
) -> Iterator[Workers]:
    """``jobs`` worker processes; for one job, :data:`LOCAL` (no process is started).

    ``warm_up`` loads what every task needs (a parser, data files): it runs once in every
    worker as it starts. ``fork=True`` forks the workers where that is safe (on Linux, in
    a process that runs a single thread) and spawns them elsewhere; the default spawns
    them everywhere (see the module's notes).

    On leaving the block normally the pool is shut down after its work; on an exception
    (including Ctrl-C, or a generator closed early) the tasks not yet started are cancelled
    and the block is left as soon as the running ones have finished.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, got {jobs!r}")
    if jobs == 1:
        yield LOCAL
        return
    # Imported here: multiprocessing costs a one-page conversion 20 ms of start-up.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    forked = fork and _single_thread()
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork" if forked else "spawn"),
        initializer=_start_worker,
        initargs=(warm_up,),
    )
    try:
        if forked:
            # A fork pool starts all its workers with its first task: start them now.
            with _signals_held():
                pool.submit(int)
        yield Workers(pool, jobs)
    except BaseException:
        # Not shutdown(wait=False): that leaves the pool's manager thread running, and at
        # exit Python wakes it through a pipe that the thread may be closing at that very
        # moment ("Exception ignored ... Bad file descriptor").
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()


def _single_thread() -> bool:
    """Whether this process runs one thread, as Linux lists them (elsewhere: False)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


# Signals held back while a worker process starts: it decides what to do with them only
# once it runs its initializer (a worker killed on its way up would hang the pool).
_HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back the stop signals from this thread: delivered after the block, not lost."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _start_worker(warm_up: Callable[[], object] | None) -> None:
    for signum in _HELD:
        # A forked worker has the parent's handlers: it must not run them.
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm_up is not None:
        warm_up()
    if hasattr(signal, "pthread_sigmask"):
        # It started with them held (inherited): now its own handlers take them.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
