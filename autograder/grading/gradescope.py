"""A Gradescope autograder that grades with this package's secure grader.

`write_zip` builds `<slug>-gradescope.zip`: `setup.sh` and `run_autograder` at the top (what
Gradescope's autograder specification requires), this package under `package/`, and a minimal
project under `home/` (the exercise's metadata, its question list, its check files; never the
reference solution). In the container Gradescope runs `run_autograder` once per submission; it
calls `main`, which grades `/autograder/submission/` exactly as `autograder grade` would (the
notebook in a sandboxed worker, the checks out of process, here) and writes
`/autograder/results/results.json`. `AUTOGRADER_ROOT` replaces `/autograder` (tests).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from autograder.authoring.exercises import MASTER, METADATA, Exercise, project_root
from autograder.errors import AuthoringError
from autograder.intake.identity import Identity

ROOT = Path("/autograder")
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
CONFIG = "autograder.json"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
SPEC = "https://gradescope-autograders.readthedocs.io/en/latest/specs/"

SETUP = f"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image ({SPEC}).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends bubblewrap python3 python3-venv
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
fi
# The sandbox's unprivileged user (used where the container lets bubblewrap run).
id grader-sandbox >/dev/null 2>&1 || useradd --system --no-create-home grader-sandbox
"$PYTHON" -m venv /opt/autograder-venv
/opt/autograder-venv/bin/pip install --upgrade pip
/opt/autograder-venv/bin/pip install --index-url https://download.pytorch.org/whl/cpu \\
    --extra-index-url https://pypi.org/simple /autograder/source/package
"""

RUN = f"""#!/usr/bin/env bash
# Gradescope runs this for each submission ({SPEC}): grade /autograder/submission/ with the
# course's secure grader and write /autograder/results/results.json.
set -u
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-/opt/autograder-venv/bin/python}}"
[ -x "$PYTHON" ] || PYTHON=python3
export PYTHONPATH="$ROOT/source/package"
export AUTOGRADER_HOME="$ROOT/source/home"
exec "$PYTHON" -m autograder.grading.gradescope "$ROOT"
"""


def write_zip(ex: Exercise, dest: Path, root: Path | None = None,
              timeout_s: float | None = None, seconds_per_check: float | None = None) -> Path:
    """The Gradescope autograder zip for `ex` (same bytes for the same sources); time limits
    left None are derived in the container from the exercise's measured runtime."""
    root = root or project_root()
    tests = sorted(ex.tests_dir(root).glob("*.py"))
    if not tests:
        raise AuthoringError(f"{ex.tests_dir(root)}: no check files; "
                             f"run `autograder build {ex.id}`")
    package = Path(__file__).resolve().parents[1]
    files: dict[str, bytes] = {
        "setup.sh": SETUP.encode(), "run_autograder": RUN.encode(),
        CONFIG: json.dumps({"exercise": ex.id, "timeout_s": timeout_s,
                                        "seconds_per_check": seconds_per_check},
                                       indent=1).encode() + b"\n"}
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files[f"package/autograder/{path.relative_to(package).as_posix()}"] = \
                path.read_bytes()
    for name in ("pyproject.toml", "README.md"):  # what `pip install package/` reads
        files[f"package/{name}"] = (package.parent / name).read_bytes()
    folder = f"home/assignments/{ex.folder.parent.name}/{ex.slug}"
    files[f"{folder}/{METADATA}"] = _metadata(ex)
    files[f"{folder}/{MASTER}"] = _questions_only(ex)
    for path in tests:
        files[f"home/reference/{ex.slug}/tests/{path.name}"] = path.read_bytes()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    tmp.replace(dest)
    return dest


def _metadata(ex: Exercise) -> bytes:
    """`exercise.yaml` with what grading reads (budgets, thresholds), without the variants."""
    meta = yaml.safe_load((ex.folder / METADATA).read_text(encoding="utf-8"))
    meta = {k: v for k, v in meta.items() if k not in ("variants", "equivalent_mutants")}
    return yaml.safe_dump(meta, sort_keys=True, allow_unicode=True).encode()


def _questions_only(ex: Exercise) -> bytes:
    """The master's question configs as a jupytext percent script: no statement, no solution."""
    cells = []
    for q in ex.questions:
        config = {"name": q.name, "points": q.points, "manual": q.manual}
        body = yaml.safe_dump(config, sort_keys=True).strip()
        cells.append("# %% [raw]\n# # BEGIN QUESTION\n" + "".join(
            f"# {line}\n" for line in body.splitlines()))
    return "\n".join(cells).encode()


def submitter(root: Path) -> Identity:
    """Who Gradescope says submitted (`submission_metadata.json`, `users`), if it says."""
    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        user = meta["users"][0]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return Identity("gradescope")

    def text(key: str) -> str | None:
        return str(user.get(key) or "").strip() or None

    return Identity("gradescope", text("name"), sid=text("sid"), email=text("email"))


def grade(root: Path) -> dict[str, Any]:
    """Grade `root/submission/` and return Gradescope's `results.json` payload."""
    from autograder.authoring import exercises
    from autograder.execution import SandboxExecutor
    from autograder.grading.batch import GradeOptions, grade_guarded
    from autograder.intake.lms import Owner, student_id
    from autograder.intake.submissions import one_student
    from autograder.report.exports import gradescope_results

    config = json.loads((root / "source" / CONFIG).read_text(encoding="utf-8"))
    ex = exercises.get(config["exercise"])
    who = submitter(root)
    owner = Owner(student_id(who.sid or who.email or "soumission"), "gradescope", who.name,
                  sid=who.sid, email=who.email)
    options = GradeOptions(timeout_s=config["timeout_s"],
                           seconds_per_check=config["seconds_per_check"], jobs=1)
    executor = SandboxExecutor()
    with tempfile.TemporaryDirectory(prefix="autograder-gradescope-") as scratch:
        sub = one_student(root / "submission", owner, Path(scratch), ex.notebook_name)
        result = grade_guarded((ex, sub, executor, options))
    payload = gradescope_results(result)
    payload["output"] = f"{result.message}\nIsolation : {result.isolation}"
    payload["extra_data"] = {"isolation": result.isolation, "status": result.status,
                             "identity": replace(result.identity, roster=None).to_json()}
    return payload


def _become_subreaper() -> None:
    """Orphans of the run (a `setsid`, double-forked child) are re-parented here, not to init."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _descendants() -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_leftovers() -> None:
    """Kill whatever the submission left running: without cgroups (a container that refuses
    them) a child that left its session would otherwise outlive the run and could rewrite
    `results.json` after the grader wrote it."""
    for _ in range(100):
        pids = _descendants()
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    """`run_autograder`: always leaves a `results.json`, a grader failure included."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else os.environ.get("AUTOGRADER_ROOT") or ROOT)
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    _become_subreaper()
    try:
        payload = grade(root)
        code = 0
    except Exception as exc:  # noqa: BLE001 - Gradescope must get a results.json whatever happens
        payload = {"score": 0.0, "visibility": "visible", "tests": [],
                   "output": "Erreur du correcteur : la soumission n'a pas pu être notée "
                             f"({type(exc).__name__}: {exc}). Prévenez l'enseignant."}
        code = 1
    kill_leftovers()
    tmp = results / "results.json.tmp"
    tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(results / "results.json")
    return code


if __name__ == "__main__":
    sys.exit(main())
