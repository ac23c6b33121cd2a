"""Adversarial corpus (issue #3, part 5): attacking notebooks graded in a batch beside honest ones.

Runs `python -m autograder grade 2.3` three times against a private copy of the project (the
package, exercise 2.3, its reference and template): the honest notebooks alone, then every attack
of tests/adversarial/attacks.py with the honest notebooks, then the honest notebooks again. Only
the public interface is used, so the corpus holds for any executor behind `grade`.

`ADVX_CASES=name,name` grades only those attacks (to study one); the default is all of them.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import secrets
import shutil
import signal
import site
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from adversarial.attacks import ATTACKS, BASE_SCORES, Attack

import autograder
from autograder.authoring import exercises, notebooks
from autograder.authoring.samples import DEMO_EXERCISE, samples_dir

EX = exercises.get(DEMO_EXERCISE)
HONEST = {"zz-honest-correct": "correct-einsum_copies", "zz-honest-bug": "bug-relu_sortie",
          "zz-honest-stub": "stub"}
HONEST_SCORES = {"zz-honest-correct": 9.0, "zz-honest-bug": BASE_SCORES["bug-relu_sortie"],
                 "zz-honest-stub": BASE_SCORES["stub"]}
JOBS = 2  # time limits: the defaults, derived from 2.3's measured reference run
GRACE_S = 5  # after the batch: time for a process that outlived its notebook to act
REAL_HOME = Path(os.path.expanduser("~"))


def selected() -> tuple[Attack, ...]:
    names = [n for n in os.environ.get("ADVX_CASES", "").split(",") if n]
    unknown = set(names) - {a.name for a in ATTACKS}
    if unknown:
        raise ValueError(f"ADVX_CASES names unknown attacks: {sorted(unknown)}")
    return tuple(a for a in ATTACKS if not names or a.name in names)


# ── building the corpus ──────────────────────────────────────────────────────────────────────

def private_project(root: Path) -> Path:
    """A project root holding the package and exercise 2.3 alone: attacks may wreck it."""
    source = exercises.project_root()
    home = root / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(Path(autograder.__file__).parent, home / "autograder", ignore=ignore)
    shutil.copytree(EX.folder, home / EX.folder.relative_to(source), ignore=ignore)
    shutil.copytree(EX.reference_dir(source), home / "reference" / EX.slug)
    shutil.copytree(EX.student_notebook(source).parent, home / "student_template" / EX.slug)
    return home


def sample(name: str) -> nbformat.NotebookNode:
    return nbformat.read(samples_dir(EX) / f"{name}.ipynb", as_version=4)


def attack_notebook(attack: Attack, token: str, port: int) -> nbformat.NotebookNode:
    nb = sample(attack.base)
    harness = f"ADVX_TOKEN = {token!r}\nADVX_PORT = {port}"
    nb.cells += [nbformat.v4.new_code_cell(c) for c in (harness, *attack.cells)]
    return nb


def write_honest(folder: Path) -> None:
    for student, base in HONEST.items():
        notebooks.write(sample(base), folder / f"{student}.ipynb")


# ── what the grader may leak ─────────────────────────────────────────────────────────────────

def normalise(text: str) -> str:
    return " ".join(text.split())


def secret_lines() -> set[str]:
    """Distinctive lines of the hidden test functions and of the reference solution cells that
    no legitimate output contains (hint texts are shown to students, so bare strings are not)."""
    public = set()
    for cell in nbformat.read(EX.student_notebook(), as_version=4).cells:
        public.update(normalise(line) for line in cell.source.splitlines())
    lines: set[str] = set()
    for path in sorted(EX.tests_dir().glob("q*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef) and "hidden=True" in ast.unparse(node):
                for stmt in node.body:
                    lines.update(ast.get_source_segment(text, stmt).splitlines())
    reference = nbformat.read(EX.reference_dir() / EX.notebook_name, as_version=4)
    for cell in reference.cells:
        if "otter_assign_solution_cell" in cell.metadata.get("tags", []):
            lines.update(cell.source.splitlines())
    found = {normalise(line) for line in lines}
    return {s for s in found - public if len(s) >= 20 and s[0] not in "'\"#"}


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def output_text(path: Path, limit: int = 64 << 20) -> str:
    with open(path, "rb") as f:
        text = f.read(limit).decode("utf-8", "replace")
    if path.suffix == ".json":
        try:
            return normalise("\n".join(strings_in(json.loads(text))))
        except ValueError:
            pass
    return normalise(text)


# ── watching the machine ─────────────────────────────────────────────────────────────────────

# IPython's history database, rewritten by every honest run in the (private) home.
OWN_WRITES = {".ipython/profile_default/history.sqlite"}


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes (links by their target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if key in OWN_WRITES:
            continue
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def shared_dirs() -> list[Path]:
    """Places outside the test's folders that an attack can reach on an unsandboxed machine."""
    return [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), REAL_HOME,
            REAL_HOME / ".ipython" / "profile_default" / "startup",
            *map(Path, site.getsitepackages()), Path(site.getusersitepackages())]


def suspicious(token: str) -> set[Path]:
    """Entries of the shared places that only an attack would create: named after the corpus,
    interpreter start-up hooks, IPython start-up files."""
    found = set()
    for folder in shared_dirs():
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for p in entries:
            if ("advx" in p.name or p.name in ("sitecustomize.py", "usercustomize.py")
                    or p.suffix == ".pth" or folder.name == "startup"):
                found.add(p)
    return found


def attack_processes(token: str) -> dict[int, str]:
    """Live processes carrying the run's token in their environment or command line."""
    mark, found = token.encode(), {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            environ = Path(f"/proc/{pid}/environ").read_bytes()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (mark in cmdline or mark in environ):
            found[int(pid)] = cmdline.replace(b"\0", b" ").decode(errors="replace")[:200]
    return found


class Listener:
    """A TCP server standing for an exfiltration host; counts who reached it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("0.0.0.0", 0))
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(1 << 16))
                except OSError:
                    self.received.append(b"")

    def close(self) -> None:
        self.sock.close()


# ── the three runs ───────────────────────────────────────────────────────────────────────────

@dataclass
class Run:
    returncode: int
    out: Path
    stdout: Path
    stderr: Path
    seconds: float

    def results(self) -> dict[str, dict]:
        folder = self.out / "results"
        found = {}
        for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                found[p.stem] = json.loads(p.read_text(encoding="utf-8"))
            except ValueError:
                found[p.stem] = {"status": "unreadable", "score": float("inf")}
        return found

    def outputs(self) -> list[Path]:
        files = [p for p in self.out.rglob("*") if p.is_file()] if self.out.exists() else []
        return [*files, self.stdout, self.stderr]


@dataclass(repr=False)
class Corpus:
    attacks: tuple[Attack, ...]
    alone: Run
    batch: Run
    later: Run
    leaks: dict[str, list[str]]
    left_processes: dict[int, str]
    new_shared: set[Path]
    changed: dict[str, list[str]] = field(default_factory=dict)
    connections: list[bytes] = field(default_factory=list)


def grade(home: Path, env: dict[str, str], inputs: Path, out: Path) -> Run:
    stdout, stderr = out.with_suffix(".stdout"), out.with_suffix(".stderr")
    start = time.monotonic()
    with open(stdout, "wb") as o, open(stderr, "wb") as e:
        proc = subprocess.run(
            [sys.executable, "-m", "autograder", "grade", EX.id, str(inputs), "--out", str(out),
             "-j", str(JOBS), "--json"],
            cwd=home, env=env, stdout=o, stderr=e, timeout=1800)
    return Run(proc.returncode, out, stdout, stderr, time.monotonic() - start)


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def cleanup(token: str, planted: set[Path]) -> None:
    """Kill what the attacks left running (by pid) and remove what they planted."""
    for pid in attack_processes(token):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for path in planted:
        is_ours = "advx" in path.name or (path.is_file() and token in path.read_text(
            encoding="utf-8", errors="replace"))
        if is_ours:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    root = tmp_path_factory.mktemp("adversarial")
    token = f"advx-{secrets.token_hex(6)}"
    home, fake_home, tmpdir = private_project(root), root / "home", root / "tmp"
    fake_home.mkdir()
    tmpdir.mkdir()
    env = {**os.environ, "AUTOGRADER_HOME": str(home), "PYTHONPATH": str(home),
           "AUTOGRADER_DATA": str(root / "data"), "HOME": str(fake_home), "TMPDIR": str(tmpdir),
           "PYTHONDONTWRITEBYTECODE": "1", "ADVX_TOKEN": token}
    attacks, listener = selected(), Listener()
    honest_dir, batch_dir, later_dir = root / "honest", root / "batch", root / "later"
    write_honest(honest_dir)
    write_honest(later_dir)
    write_honest(batch_dir)
    for attack in attacks:
        notebooks.write(attack_notebook(attack, token, listener.port),
                        batch_dir / f"{attack.name}.ipynb")
    shared_before = suspicious(token)
    planted: set[Path] = set()
    try:
        alone = grade(home, env, honest_dir, root / "out-alone")
        watched = {"project": home, "home": fake_home, "inputs": batch_dir, "tmpdir": tmpdir}
        before = {name: digest(folder) for name, folder in watched.items()}
        batch = grade(home, env, batch_dir, root / "out-batch")
        time.sleep(GRACE_S)
        left = attack_processes(token)
        planted = suspicious(token) - shared_before
        after = {name: digest(folder) for name, folder in watched.items()}
        later = grade(home, env, later_dir, root / "out-later")
        secrets_ = secret_lines()
        leaks = {}
        for run in (alone, batch, later):
            for path in run.outputs():
                text = output_text(path)
                hits = sorted(s for s in secrets_ if s in text)
                if hits:
                    leaks[str(path.relative_to(root))] = hits
        yield Corpus(attacks, alone, batch, later, leaks, left, planted,
                     {n: changes(before[n], after[n]) for n in watched}, list(listener.received))
    finally:
        listener.close()
        cleanup(token, planted | (suspicious(token) - shared_before))


# ── the assertions ───────────────────────────────────────────────────────────────────────────

def test_honest_notebooks_alone_score_as_the_table_says(corpus):
    results = corpus.alone.results()
    assert corpus.alone.returncode == 0
    assert {s: (r["status"], r["score"]) for s, r in results.items()} == {
        s: ("graded", pytest.approx(score)) for s, score in HONEST_SCORES.items()}


def test_grader_survives_the_batch(corpus):
    assert corpus.batch.returncode == 0, corpus.batch.stderr.read_text()[-2000:]
    rows = json.loads(corpus.batch.stdout.read_text())["data"]
    expected = {a.name for a in corpus.attacks} | set(HONEST)
    assert {r["student"] for r in rows} == expected
    assert set(corpus.batch.results()) == expected


@pytest.mark.parametrize("attack", selected(), ids=lambda a: a.name)
def test_attack_earns_no_forged_points(corpus, attack):
    result = corpus.batch.results().get(attack.name)
    assert result is not None, "no result: the batch did not reach this submission"
    allowed = {"graded", "timeout", "crashed"} if attack.may_stop else {"graded"}
    assert result["status"] in allowed, result["message"]
    assert result["score"] <= attack.expected + 1e-9, result["checks"]


def test_honest_scores_unchanged_beside_attacks(corpus):
    alone, beside = corpus.alone.results(), corpus.batch.results()
    assert {s: (beside.get(s, {}).get("status"), beside.get(s, {}).get("score"))
            for s in HONEST} == {s: (alone[s]["status"], alone[s]["score"]) for s in HONEST}


def test_later_submissions_graded_as_before(corpus):
    alone, later = corpus.alone.results(), corpus.later.results()
    assert corpus.later.returncode == 0
    assert {s: (r["status"], r["score"]) for s, r in later.items()} == {
        s: (r["status"], r["score"]) for s, r in alone.items()}


def test_nothing_hidden_in_any_output(corpus):
    assert corpus.leaks == {}


def test_no_file_left_outside_the_output_folder(corpus):
    assert {name: paths for name, paths in corpus.changed.items() if paths} == {}
    assert sorted(map(str, corpus.new_shared)) == []


def test_no_attack_process_remains(corpus):
    assert corpus.left_processes == {}


def test_no_connection_reaches_the_outside(corpus):
    assert corpus.connections == []
