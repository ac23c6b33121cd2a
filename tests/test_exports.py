"""Gradebooks read back the way their importers read them (issue #13).

Each batch is laid out as the LMS downloads it and goes through `grade_batch` (discovery,
results, exports); a stand-in executor replaces the sandbox (grading itself is tested in
test_grading.py and test_report.py): a notebook containing `CORRECT` passes every check, any
other fails q2. The importers are re-implemented from their source, rule by rule:

- Canvas, canvas-lms `lib/gradebook_importer.rb`
  (https://github.com/instructure/canvas-lms/blob/00b222d77ee43d046e6aee0347c4ed5b27e1741f/lib/gradebook_importer.rb):
  `row_has_student_headers?` (row[0] includes "Student", row[1] includes "ID"),
  `update_column_count` (SIS User ID + SIS Login ID → 5 student columns; the last one must be
  "Section"), `check_for_non_student_row` ("Points Possible" row), `parse_assignments` with
  `Assignment.title_and_id` (`/\\A(.*)\\s\\((\\d+)\\)\\z/` in app/models/assignment.rb),
  `process_student` (row[1] as Canvas user id, then SIS User ID, then SIS Login ID, then name or
  sortable name; otherwise a new, unknown student).
- Moodle offline grading worksheet, moodle `mod/assign/feedback/offline/importgradeslib.php`
  (https://github.com/moodle/moodle/blob/452e36fcf584677c104e53bc9998e8b53f7533e8/mod/assign/feedback/offline/importgradeslib.php):
  `init` finds "Grade", "Identifier" (recordid) and "Last modified (grade)" by exact header and
  fails without them; feedback columns by their description ("Feedback comments"), used only
  at a non-zero index (`!empty($details['index'])`); `next` strips "Participant " and skips
  unknown identifiers. `locallib.php` `process_import_grades` then skips a row whose grade in
  Moodle is more than 60 s newer than "Last modified (grade)".
- Moodle grade import, moodle `grade/import/csv/classes/load_data.php`
  (https://github.com/moodle/moodle/blob/main/grade/import/csv/classes/load_data.php):
  `check_user_exists` on the mapped user field (`useridnumber`: the user's ID number); one
  unknown value calls `cleanup_import` and the whole import fails.
- Gradescope: a submission's `results.json` (test_gradescope.py runs the real autograder);
  here the export folders are keyed by the submitters of `submission_metadata.yml`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import exercises
from autograder.authoring.samples import DEMO_EXERCISE
from autograder.cli import main
from autograder.errors import UsageError
from autograder.execution.job import WorkerReport
from autograder.grading import checkfiles
from autograder.grading.batch import GradeOptions, grade_batch
from autograder.grading.verdict import CheckResult
from autograder.intake.identity import RosterError, read_roster
from autograder.report import export_settings, rebuild
from autograder.results import SubmissionResult, read_all

EX = exercises.get(DEMO_EXERCISE)
SPECS = checkfiles.specs(EX.tests_dir())


class StandIn:
    """Grades without running anything: `CORRECT` in the notebook passes every check."""

    isolation = "test: stand-in executor"

    def run(self, job) -> WorkerReport:
        correct = "CORRECT" in job.notebook.read_text(encoding="utf-8")
        outcomes = tuple(CheckResult(s.name, c.name, c.hidden, correct or s.name != "q2", 0.01,
                                     "" if correct or s.name != "q2" else "faux")
                         for s in SPECS for c in s.checks)
        return WorkerReport(True, False, 0, (), outcomes, "", 0.1)


class Counting(StandIn):
    """A stand-in that also notes each notebook it grades in `log` (grading runs in slots, other
    processes: the count lives in a file)."""

    def __init__(self, log: Path):
        self.log = log

    def run(self, job) -> WorkerReport:
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(f"{job.notebook.name}\n")
        return super().run(job)


def notebook(code: str) -> bytes:
    return nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code)])).encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def grade(tmp_path: Path, *inputs: Path, roster: Path | None = None,
          canvas: str | None = None) -> tuple[Path, list[SubmissionResult]]:
    out = tmp_path / "out"
    export_settings(out, canvas)
    options = GradeOptions(jobs=1, roster=read_roster(roster) if roster else None)
    return out, grade_batch(EX, list(inputs), out, options, executor=StandIn())


def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


# --- the importers ----------------------------------------------------------------------------

class CanvasCourse:
    """A course's students as `GradebookImporter` looks them up, and its assignments."""

    def __init__(self, students: list[dict[str, str]], assignments: dict[int, str]):
        self.students = students
        self.assignments = assignments

    def import_csv(self, path: Path) -> dict:
        table = rows(path)
        header = table[0]
        assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "header"
        columns, sis_user, sis_login = 3, None, None
        if re.search(r"SIS\s+Login\s+ID", header[2]):
            columns, sis_login = 4, 2
        elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID",
                                                                       header[3]):
            columns, sis_user, sis_login = 5, 2, 3
        assert "Section" in header[columns - 1], "InvalidHeaderRow"
        assignments = []
        for title in header[columns:]:
            m = re.fullmatch(r"(.*)\s\((\d+)\)", title, flags=re.S)
            existing = int(m[2]) if m and int(m[2]) in self.assignments else None
            if existing is None:
                existing = next((i for i, t in self.assignments.items() if t == title), None)
            assignments.append(existing)
        matched: dict[str, str] = {}
        unknown: list[str] = []
        for row in table[1:]:
            if "Points Possible" in row[0]:
                continue
            student = next((s for s in self.students if row[1] and s["id"] == row[1]), None)
            if student is None and sis_user is not None and row[sis_user]:
                student = next((s for s in self.students if s["sis_user_id"] == row[sis_user]),
                               None)
            if student is None and sis_login is not None and row[sis_login]:
                student = next((s for s in self.students if s["login"] == row[sis_login]), None)
            if student is None:
                student = next((s for s in self.students
                                if row[0] in (s["name"], s["sortable_name"])), None)
            if student is None:
                unknown.append(row[0])
            else:
                matched[student["id"]] = row[columns]
        return {"assignments": assignments, "matched": matched, "unknown": unknown}


class MoodleAssignment:
    """An assignment's participants (`assign_user_mapping`: participant number → user)."""

    def __init__(self, participants: dict[str, str], grades_modified: dict[str, int]):
        self.participants = participants
        self.grades_modified = grades_modified  # user → timemodified of an existing grade

    def upload_worksheet(self, path: Path, ignore_modified: bool = False) -> dict:
        table = rows(path)
        header = table[0]
        index = {name: header.index(name) for name in
                 ("Grade", "Identifier", "Last modified (grade)") if name in header}
        assert len(index) == 3, "invalidgradeimport"
        feedback = header.index("Feedback comments") if "Feedback comments" in header else 0
        imported, skipped_unknown = {}, []
        for row in table[1:]:
            number = row[index["Identifier"]][len("Participant "):]
            user = self.participants.get(number)
            if user is None:
                skipped_unknown.append(row[index["Identifier"]])
                continue
            modified = _strtotime(row[index["Last modified (grade)"]])
            stale = user in self.grades_modified and self.grades_modified[user] > modified + 60
            if stale and not ignore_modified:
                continue
            imported[user] = (float(row[index["Grade"]]), row[feedback] if feedback else None)
        return {"imported": imported, "unknown": skipped_unknown}


def _strtotime(text: str) -> int:
    """PHP's strtotime for what the worksheet holds: a date, or `-` (false, i.e. 0)."""
    try:
        return int(dt.datetime.fromisoformat(text).timestamp())
    except ValueError:
        return 0


def moodle_grade_import(path: Path, idnumbers: dict[str, str]) -> dict[str, str]:
    """`gradeimport_csv` mapping `ID number` to `useridnumber`: all rows, or nothing."""
    table = rows(path)
    column = table[0].index("ID number")
    grades = {}
    for row in table[1:]:
        if row[column] not in idnumbers:
            raise AssertionError(f"usermappingerror: {row[column]} (the whole import fails)")
        grades[idnumbers[row[column]]] = row[1]
    return grades


# --- Canvas -------------------------------------------------------------------------------------

# A Canvas gradebook export (Grades → Export → CSV), the format the importer reads back.
CANVAS_EXPORT = """\
Student,ID,SIS User ID,SIS Login ID,Section,TP 2.3 (4521)
    Points Possible,,,,,9
"Dupont, Jean",12345,E001,jdupont,Groupe A,
"Martin, Zoé",23456,E002,zmartin,Groupe A,
"Durand, Paul",34567,E003,pdurand,Groupe B,
"Petit, Léa",45678,E004,lpetit,Groupe B,
"""
CANVAS_STUDENTS = [
    {"id": "12345", "name": "Jean Dupont", "sortable_name": "Dupont, Jean",
     "sis_user_id": "E001", "login": "jdupont"},
    {"id": "23456", "name": "Zoé Martin", "sortable_name": "Martin, Zoé",
     "sis_user_id": "E002", "login": "zmartin"},
    {"id": "34567", "name": "Paul Durand", "sortable_name": "Durand, Paul",
     "sis_user_id": "E003", "login": "pdurand"},
    {"id": "45678", "name": "Léa Petit", "sortable_name": "Petit, Léa",
     "sis_user_id": "E004", "login": "lpetit"}]


def canvas_download(folder: Path) -> Path:
    write(folder / "dupontjean_12345_67890_ex2_3.ipynb", notebook("CORRECT"))
    write(folder / "martinzoe_LATE_23456_67001_ex2_3.ipynb", notebook("bogue"))
    write(folder / "durandpaul_34567_67002_rapport.pdf", b"%PDF-1.4")  # the student's, invalid
    write(folder / "notes.txt", b"notes de l'enseignant")  # no one's: never a gradebook row
    return folder


def test_canvas_download_matches_every_student_and_updates_the_assignment(tmp_path):
    out, results = grade(tmp_path, canvas_download(tmp_path / "canvas"),
                         canvas="TP 2.3 (4521)")
    assert {r.student for r in results} == {"12345", "23456", "34567", "notes"}
    course = CanvasCourse(CANVAS_STUDENTS, {4521: "TP 2.3"})
    got = course.import_csv(out / "canvas.csv")
    assert got["unknown"] == [] and got["assignments"] == [4521]
    assert got["matched"] == {"12345": "9", "23456": "5", "34567": "0"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Entrées invalides sans identité LMS" in report and "notes.txt" in report
    files = [r[0] for r in rows(out / "final_grades.csv")[1:]]
    assert files == ["points-per-question", "dupontjean_12345_67890_ex2_3.ipynb",
                     "martinzoe_LATE_23456_67001_ex2_3.ipynb",
                     "durandpaul_34567_67002_rapport.pdf"]  # base names, as Otter writes


def test_without_assignment_id_canvas_creates_a_new_assignment(tmp_path):
    out, _ = grade(tmp_path, canvas_download(tmp_path / "canvas"))
    got = CanvasCourse(CANVAS_STUDENTS, {4521: "TP 2.3"}).import_csv(out / "canvas.csv")
    assert got["assignments"] == [None] and got["unknown"] == []


def test_plain_files_match_through_a_canvas_roster(tmp_path):
    batch = tmp_path / "rendus"
    write(batch / "jdupont.ipynb", notebook("CORRECT"))  # named by login
    write(batch / "Zoé Martin" / "tp.ipynb", notebook("bogue"))  # by name
    write(batch / "E003.zip", b"")  # by SIS id, and not a readable zip: invalid, identified
    write(batch / "inconnu.ipynb", notebook("CORRECT"))  # nobody on the roster
    roster = write(tmp_path / "export.csv", CANVAS_EXPORT.encode())
    out, results = grade(tmp_path, batch, roster=roster, canvas="TP 2.3 (4521)")
    got = CanvasCourse(CANVAS_STUDENTS, {4521: "TP 2.3"}).import_csv(out / "canvas.csv")
    assert got["matched"] == {"12345": "9", "23456": "5", "34567": "0"}
    assert got["unknown"] == ["inconnu"]  # graded, offered to the instructor by Canvas
    by_student = {r.student: r.identity for r in results}
    assert by_student["jdupont"].roster == "export.csv"
    assert by_student["Zo_Martin"].sis_login_id == "zmartin"


def test_canvas_assignment_header_is_checked_and_kept_for_reports(tmp_path):
    with pytest.raises(UsageError, match="Name \\(id\\)"):
        export_settings(tmp_path / "x", "TP 2.3")
    assert not (tmp_path / "x").exists()
    out, _ = grade(tmp_path, canvas_download(tmp_path / "canvas"), canvas="TP 2.3 (4521)")
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    copy = tmp_path / "copy"
    shutil.copytree(out / "results", copy / "results")
    shutil.copy(out / "gradebook.json", copy / "gradebook.json")
    rebuild(copy)
    assert {p.name: p.read_bytes() for p in copy.glob("*.csv")} == before
    assert main(["report", str(copy), "--canvas-assignment", "TP (1)"]) == 0
    assert rows(copy / "canvas.csv")[0][-1] == "TP (1)"


# --- Moodle -------------------------------------------------------------------------------------

def moodle_download(folder: Path) -> Path:
    write(folder / "Jean Dupont_1234567_assignsubmission_file_ex2_3.ipynb", notebook("CORRECT"))
    write(folder / "Zoé Martin_7654321_assignsubmission_file_" / "tp.ipynb", notebook("bogue"))
    write(folder / "Paul Durand_1111111_assignsubmission_file_rapport.docx", b"PK")
    write(folder / "notes.txt", b"notes de l'enseignant")
    return folder


def test_moodle_worksheet_uploads_every_student(tmp_path):
    download = tmp_path / "moodle.zip"
    src = moodle_download(tmp_path / "moodle")
    with zipfile.ZipFile(download, "w") as zf:
        for p in sorted(src.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(src).as_posix())
    out, results = grade(tmp_path, download)
    assignment = MoodleAssignment({"1234567": "jean", "7654321": "zoe", "1111111": "paul",
                                   "2222222": "lea"}, {})
    got = assignment.upload_worksheet(out / "moodle_worksheet.csv")
    assert got["unknown"] == []
    assert {u: g for u, (g, _) in got["imported"].items()} == {"jean": 9, "zoe": 5, "paul": 0}
    assert got["imported"]["zoe"][1].startswith("5 / 9 points")  # feedback comments, French
    assert "q2" in got["imported"]["zoe"][1]
    assert not (out / "moodle.csv").exists()  # no ID numbers known: no grade-import file
    # A grade edited in Moodle: without its date from a worksheet, Moodle keeps its own unless
    # told to ignore modification dates.
    edited = MoodleAssignment(assignment.participants, {"zoe": 1_700_000_000})
    assert "zoe" not in edited.upload_worksheet(out / "moodle_worksheet.csv")["imported"]
    assert "zoe" in edited.upload_worksheet(out / "moodle_worksheet.csv", True)["imported"]


# Moodle's "Download grading worksheet" (English), the roster for the worksheet's dates.
MOODLE_WORKSHEET = """\
Identifier,"Full name","Email address",Status,Grade,"Maximum grade","Grade can be changed",\
"Last modified (submission)","Last modified (grade)","Feedback comments"
"Participant 1234567","Jean Dupont",jean@example.org,"Submitted for grading",,9.00,Yes,\
"2026-11-20 10:00","-",
"Participant 7654321","Zoé Martin",zoe@example.org,"Submitted for grading",3.00,9.00,Yes,\
"2026-11-20 10:00","2026-11-25 09:00",
"""
# Moodle's gradebook export (Export → Plain text file): first name, last name, ID number.
MOODLE_GRADEBOOK = """\
"First name","Last name","ID number",Institution,Department,"Email address",\
"Assignment: TP 2.3 (Real)","Last downloaded from this course"
Jean,Dupont,20261001,,,jean@example.org,-,1764500000
Zoé,Martin,20261002,,,zoe@example.org,-,1764500000
Paul,Durand,20261003,,,paul@example.org,-,1764500000
"""


def test_moodle_roster_gives_dates_and_id_numbers(tmp_path):
    worksheet = write(tmp_path / "worksheet.csv", MOODLE_WORKSHEET.encode())
    out, _ = grade(tmp_path / "a", moodle_download(tmp_path / "moodle"), roster=worksheet)
    sheet = {r[0]: r for r in rows(out / "moodle_worksheet.csv")}
    assert sheet["Participant 7654321"][5] == "2026-11-25 09:00"
    edited = MoodleAssignment({"7654321": "zoe", "1234567": "jean", "1111111": "paul"},
                              {"zoe": int(dt.datetime(2026, 11, 25, 9, 0).timestamp())})
    assert edited.upload_worksheet(out / "moodle_worksheet.csv")["imported"]["zoe"][0] == 5
    gradebook = write(tmp_path / "grades.csv", MOODLE_GRADEBOOK.encode())
    out, _ = grade(tmp_path / "b", moodle_download(tmp_path / "moodle"), roster=gradebook)
    grades = moodle_grade_import(out / "moodle.csv", {"20261001": "jean", "20261002": "zoe",
                                                      "20261003": "paul"})
    assert grades == {"jean": "9", "zoe": "5", "paul": "0"}


# --- Gradescope ---------------------------------------------------------------------------------

def test_gradescope_export_results_per_submitter(tmp_path):
    export = tmp_path / "assignment_42_export"
    write(export / "submission_metadata.yml", b"""\
submission_111:
  :submitters:
  - :name: Jean Dupont
    :sid: '2101'
    :email: jean@example.org
  - :name: Zoe Martin
    :sid: ''
    :email: zoe.martin@example.org
  :created_at: 2024-03-01 10:00:00.123456789 +01:00
submission_222:
  :submitters:
  - :name: Paul Durand
    :sid: '2103'
    :email: paul@example.org
  :created_at: 2024-03-02 09:00:00 +01:00
""")
    write(export / "submission_111" / "ex.ipynb", notebook("CORRECT"))
    write(export / "submission_222" / "ex.pdf", b"%PDF")
    out, results = grade(tmp_path, export)
    ids = {r.student: (r.identity.sid, r.identity.email) for r in results}
    assert ids == {"2101": ("2101", "jean@example.org"),
                   "zoe.martin_example.org": (None, "zoe.martin@example.org"),
                   "2103": ("2103", "paul@example.org")}
    scores = {p.parent.name: json.loads(p.read_text())["score"]
              for p in (out / "gradescope").glob("*/results.json")}
    assert scores == {"2101": 9, "zoe.martin_example.org": 9, "2103": 0}


# --- rosters and stored identities ----------------------------------------------------------

def test_unknown_roster_is_a_clear_error_before_grading(tmp_path):
    roster = write(tmp_path / "liste.csv", b"nom,prenom\nDupont,Jean\n")
    with pytest.raises(RosterError, match="unknown roster columns"):
        read_roster(roster)
    out = tmp_path / "out"
    assert main(["grade", "2.3", str(tmp_path), "--out", str(out), "--roster",
                 str(roster)]) == 2
    assert not out.exists()
    gradescope = write(tmp_path / "roster.csv",
                       b"First Name,Last Name,SID,Email,Role\nJean,Dupont,2101,j@x.org,Student\n")
    assert read_roster(gradescope).people[0].sid == "2101"


def test_schema_2_results_load_without_identity(tmp_path):
    out, results = grade(tmp_path, canvas_download(tmp_path / "canvas"))
    old = next(r for r in results if r.student == "12345").to_json()
    del old["identity"]
    old["schema"] = 2
    folder = tmp_path / "old" / "results"
    folder.mkdir(parents=True)
    (folder / "12345.json").write_text(json.dumps(old))
    [loaded] = read_all(folder)
    assert loaded.identity.source == "plain" and not loaded.identity.known
    outputs = rebuild(folder.parent)[1]
    assert rows(outputs.final_grades)[2][0] == "dupontjean_12345_67890_ex2_3.ipynb"
    assert rows(outputs.canvas)[2][:2] == ["12345", ""]  # the Canvas id was not stored


def test_a_roster_given_on_a_rerun_updates_identities_without_regrading(tmp_path):
    batch = tmp_path / "rendus"
    write(batch / "jdupont.ipynb", notebook("CORRECT"))
    out = tmp_path / "out"
    log = tmp_path / "graded.log"
    grade_batch(EX, [batch], out, GradeOptions(jobs=1), executor=Counting(log))
    assert rows(out / "canvas.csv")[2][:2] == ["jdupont", ""]
    roster = read_roster(write(tmp_path / "export.csv", CANVAS_EXPORT.encode()))
    grade_batch(EX, [batch], out, GradeOptions(jobs=1, roster=roster), executor=Counting(log))
    assert len(log.read_text().splitlines()) == 1  # resumed from the stored result
    assert rows(out / "canvas.csv")[2][:4] == ["Dupont, Jean", "12345", "E001", "jdupont"]
    [stored] = read_all(out / "results")
    assert stored.identity.canvas_id == "12345"
