"""Running a submission: the only package that touches untrusted code.

`SandboxExecutor.run(job)` is the one interface the batch grader uses: the notebook runs in a
sandboxed worker (`worker.py`, entered through `sandbox.py` and `launch.py`), the checks run in
the grader against proxies (`remote.py`), and only plain data crosses (`codec.py`, `wire.py`).
"""

from autograder.execution.job import Job, WorkerReport
from autograder.execution.runner import SandboxExecutor

__all__ = ["Job", "SandboxExecutor", "WorkerReport"]
