"""The exercise catalogue: one folder per exercise under `assignments/`, read into plain data."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from autograder.errors import AuthoringError, UsageError

MASTER = "master.py"
METADATA = "exercise.yaml"


def project_root() -> Path:
    """`AUTOGRADER_HOME`, else the checkout this package lives in."""
    return Path(os.environ.get("AUTOGRADER_HOME") or Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class Question:
    name: str
    points: float
    manual: bool


@dataclass(frozen=True)
class Patch:
    """Replace the one occurrence of `old` in the reference's code by `new`."""

    old: str
    new: str


@dataclass(frozen=True)
class Variant:
    """A hand-written submission: correct ones must earn full marks, buggy ones lose `fails`.

    It is the reference with `patch` applied (a mistake is usually a line or two), or, where a
    patch cannot say it (a correct solution in another style), a whole program in `file`."""

    name: str
    correct: bool
    fails: tuple[str, ...]
    description: str
    file: Path | None = None
    patch: tuple[Patch, ...] = ()


@dataclass(frozen=True)
class Exercise:
    id: str
    slug: str
    title: str
    chapter: int
    stars: int
    folder: Path
    datasets: tuple[str, ...]
    gpu: bool
    questions: tuple[Question, ...]
    variants: tuple[Variant, ...]
    training: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # device → the reference's measured run (`autograder calibrate`): notebook_s, slowest_check_s,
    # grader_cpu_s; grading derives its default time limits from it
    runtime: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, hash=False)
    equivalent_mutants: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def master(self) -> Path:
        return self.folder / MASTER

    @property
    def notebook_name(self) -> str:
        return f"{self.slug}.ipynb"

    @property
    def autograded_points(self) -> float:
        return sum(q.points for q in self.questions if not q.manual)

    @property
    def manual_points(self) -> float:
        return sum(q.points for q in self.questions if q.manual)

    def reference_dir(self, root: Path | None = None) -> Path:
        return (root or project_root()) / "reference" / self.slug

    def tests_dir(self, root: Path | None = None) -> Path:
        """Every check file, hidden ones included (never handed to students)."""
        return self.reference_dir(root) / "tests"

    def student_notebook(self, root: Path | None = None) -> Path:
        return (root or project_root()) / "student_template" / self.slug / self.notebook_name

    def summary(self) -> dict[str, Any]:
        """The catalogue row `autograder list` prints."""
        return {"id": self.id, "slug": self.slug, "title": self.title, "chapter": self.chapter,
                "stars": self.stars, "points": self.autograded_points + self.manual_points,
                "autograded_points": self.autograded_points, "manual_points": self.manual_points,
                "datasets": list(self.datasets), "gpu": self.gpu,
                "questions": [q.name for q in self.questions]}


def read_questions(master: Path) -> tuple[Question, ...]:
    """The `# BEGIN QUESTION` configs of an Otter master written as a jupytext percent script."""
    import jupytext

    questions = []
    for cell in jupytext.read(master).cells:
        source = cell.source.strip()
        if cell.cell_type == "raw" and source.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1])
            questions.append(Question(str(config["name"]), float(config.get("points", 1)),
                                      bool(config.get("manual", False))))
    return tuple(questions)


def load(folder: Path) -> Exercise:
    """Read one exercise folder; a malformed one fails loudly with its path."""
    if not (folder / MASTER).exists():
        raise AuthoringError(f"{folder}: {METADATA} without {MASTER}")
    try:
        meta = yaml.safe_load((folder / METADATA).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AuthoringError(f"{folder / METADATA}: not valid YAML: {exc}") from None
    try:
        variants = tuple(_variant(folder, v) for v in meta.get("variants", ()))
        return Exercise(
            id=str(meta["id"]), slug=folder.name, title=str(meta["title"]),
            chapter=int(meta["chapter"]), stars=int(meta["stars"]), folder=folder,
            datasets=tuple(meta.get("datasets", ())), gpu=bool(meta.get("gpu", False)),
            questions=read_questions(folder / MASTER), variants=variants,
            training=dict(meta.get("training", {})),
            runtime={str(k): {str(m): float(x) for m, x in v.items()}
                     for k, v in (meta.get("runtime") or {}).items()},
            equivalent_mutants={str(k): str(v)
                                for k, v in (meta.get("equivalent_mutants") or {}).items()})
    except KeyError as exc:
        raise AuthoringError(f"{folder / METADATA}: missing key {exc}") from None


def _variant(folder: Path, v: dict[str, Any]) -> Variant:
    patch = tuple(Patch(str(p["old"]), str(p["new"])) for p in v.get("patch", ()))
    file = folder / v["file"] if "file" in v else None
    if (file is None) == (not patch):
        raise AuthoringError(f"{folder / METADATA}: variant {v.get('name', v.get('file'))!r} "
                             "needs exactly one of `file` and `patch`")
    name = str(v["name"]) if "name" in v else file.stem if file else ""
    if not name:
        raise AuthoringError(f"{folder / METADATA}: a patch variant needs a `name`")
    return Variant(name, bool(v.get("correct", False)), tuple(v.get("fails", ())),
                   str(v.get("description", "")), file, patch)


def _sort_key(ex: Exercise) -> tuple[int, ...]:
    return tuple(int(p) for p in ex.id.split("."))


@cache
def _catalogue(root: Path) -> tuple[Exercise, ...]:
    folders = sorted(p.parent for p in (root / "assignments").glob(f"ch*/*/{METADATA}"))
    return tuple(sorted((load(f) for f in folders), key=_sort_key))


def catalogue(root: Path | None = None) -> tuple[Exercise, ...]:
    return _catalogue(root or project_root())


def select(ids: list[str] | None = None, root: Path | None = None) -> list[Exercise]:
    """Exercises by id ("1.3") or slug, in catalogue order; all of them when `ids` is empty."""
    exercises = catalogue(root)
    if not ids:
        return list(exercises)
    by_key = {e.id: e for e in exercises} | {e.slug: e for e in exercises}
    unknown = [i for i in ids if i not in by_key]
    if unknown:
        raise UsageError(f"unknown exercise(s): {', '.join(unknown)}; "
                       f"known: {', '.join(e.id for e in exercises)}")
    return [by_key[i] for i in ids]


def get(exercise_id: str, root: Path | None = None) -> Exercise:
    return select([exercise_id], root)[0]
