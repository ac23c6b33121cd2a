"""Running a submission: the only package that touches untrusted code.

`Executor.run(job)` is the one interface the batch grader uses. `LocalExecutor` runs one worker
subprocess per submission with a wall-clock timeout; a sandboxed executor can replace it.
"""

from .job import Job, WorkerReport
from .local import LocalExecutor

__all__ = ["Job", "LocalExecutor", "WorkerReport"]
