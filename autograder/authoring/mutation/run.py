"""Grade mutants with the hidden checks in a pool of worker processes; build the kill matrix."""

from __future__ import annotations

import linecache
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from typing import Any

from autograder.authoring.exercises import Exercise, get
from autograder.authoring.mutation.mutants import Mutant, Program, generate, program
from autograder.grading.checkfiles import CheckTimeout, load_suite, run_check, time_limit

MIN_MUTANTS = {1: 3, 2: 6, 3: 6}
LOAD_SECONDS = 60.0

_base: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    killed_by: tuple[str, ...]  # checks that failed (only the first one in fail-fast mode)
    equivalent: str | None  # the recorded reason, when the mutant cannot be told apart

    @property
    def status(self) -> str:
        if self.killed_by:
            return "killed"
        return "equivalent" if self.equivalent else "survived"


@dataclass
class MutationReport:
    exercise: str
    checks: list[str]
    results: list[MutantResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        counted = [r for r in self.results if r.status != "equivalent"]
        return sum(r.status == "killed" for r in counted) / len(counted) if counted else 1.0

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.status != "survived" for r in self.results)

    def to_json(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "score": round(self.score, 4), "ok": self.ok,
                "mutants": len(self.results), "problems": self.problems, "checks": self.checks,
                "matrix": [{"id": r.mutant.id, "operator": r.mutant.operator,
                            "description": r.mutant.description, "status": r.status,
                            "killed_by": list(r.killed_by), "equivalent": r.equivalent}
                           for r in self.results]}


def _base_namespace(ex: Exercise, prog: Program) -> dict[str, Any]:
    """The reference notebook executed once per process (setup and demo cells included)."""
    if ex.id not in _base:
        namespace: dict[str, Any] = {"__name__": "__main__"}
        with time_limit(LOAD_SECONDS):
            for index, source in enumerate(prog.cells):
                _exec(source, f"<{ex.slug}:{index}>", namespace)
        _base[ex.id] = namespace
    return _base[ex.id]


def _namespace(ex: Exercise, prog: Program, mutant: Mutant) -> dict[str, Any]:
    if mutant.cell is None:  # a hand-written variant is a whole program of its own
        namespace: dict[str, Any] = {"__name__": "__variant__"}
        _exec(mutant.source, f"<{mutant.id}>", namespace)
        return namespace
    namespace = dict(_base_namespace(ex, prog))
    for index in prog.solution:
        source = mutant.source if index == mutant.cell else prog.cells[index]
        _exec(source, f"<{mutant.id}:{index}>", namespace)
    return namespace


def _exec(source: str, filename: str, namespace: dict[str, Any]) -> None:
    """Run a cell as IPython does, its source registered so that source checks can read it."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)


def run_mutant(exercise_id: str, mutant: Mutant, fail_fast: bool,
               seconds_per_check: float) -> tuple[str, ...]:
    """The checks a mutant fails; a mutant that cannot even load is killed by `<load>`."""
    ex = get(exercise_id)
    prog = program(ex)
    with open(os.devnull, "w") as quiet, redirect_stdout(quiet):
        try:
            with time_limit(LOAD_SECONDS):
                namespace = _namespace(ex, prog, mutant)
        except (Exception, CheckTimeout):  # noqa: BLE001 - a broken notebook is a caught bug
            return ("<load>",)
        failed = []
        for spec, tf in load_suite(ex.tests_dir()):
            for tc in tf.test_cases:
                outcome = run_check(spec.name, tc, namespace, seconds_per_check)
                if not outcome.passed:
                    failed.append(f"{spec.name}/{outcome.name}")
                    if fail_fast:
                        return tuple(failed)
    return tuple(failed)


def mutate(ex: Exercise, jobs: int, fail_fast: bool = True, seconds_per_check: float = 120.0,
           variants: bool = True) -> MutationReport:
    """Every mutant graded with every check (up to the first kill with `fail_fast`); without
    `variants`, the hand-written buggy variants are counted but not run (the variant verdicts,
    which `autograder variants` and CI require, already prove each loses its questions)."""
    prog = program(ex)
    mutants = generate(ex, prog)
    checks = [f"{spec.name}/{tc.body.test_func.__name__}"
              for spec, tf in load_suite(ex.tests_dir()) for tc in tf.test_cases]
    report = MutationReport(ex.id, checks)
    ast_count = sum(m.cell is not None for m in mutants)
    if ast_count + (len(mutants) - ast_count) < MIN_MUTANTS[ex.stars]:
        report.problems.append(f"only {len(mutants)} mutants (at least {MIN_MUTANTS[ex.stars]} "
                               f"for a {ex.stars}-star exercise)")
    unknown = set(ex.equivalent_mutants) - {m.id for m in mutants}
    if unknown:
        report.problems.append(f"equivalent_mutants names unknown mutants: {sorted(unknown)}")
    env = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    os.environ.update(env)  # inherited by the pool's processes before they import torch
    # spawn, not fork: forking a process whose OpenMP threads already ran deadlocks the child
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        run = [m for m in mutants if variants or m.cell is not None]
        futures = [pool.submit(run_mutant, ex.id, m, fail_fast, seconds_per_check)
                   for m in run]
        for m, future in zip(run, futures, strict=True):
            killed = future.result()
            report.results.append(MutantResult(m, killed, ex.equivalent_mutants.get(m.id)))
    return report
