"""Input discovery (no grading): LMS layouts, duplicates, and one row per bad or hostile input."""

from __future__ import annotations

import io
import json
import os
import pickle
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.intake import archives, submissions
from autograder.intake.submissions import MAX_NOTEBOOK_BYTES, discover

EXPECTED = "ex_attendu.ipynb"


def notebook_bytes(code: str = "x = 1", **metadata) -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata.update(metadata)
    return nbformat.writes(nb).encode()


def run(tmp_path: Path, *inputs: Path) -> dict[str, submissions.Submission]:
    subs = discover(list(inputs), tmp_path / "scratch", EXPECTED)
    by_student = {s.student: s for s in subs}
    assert len(by_student) == len(subs), "one submission per student"
    return by_student


def invalid(sub: submissions.Submission, *words: str) -> None:
    assert sub.notebook is None and sub.problem, sub
    for w in words:
        assert w in sub.problem, sub.problem


def graded_code(sub: submissions.Submission) -> str:
    assert sub.problem is None and sub.notebook is not None, sub
    assert sub.notebook.name == EXPECTED  # graded under the exercise's notebook name
    return nbformat.read(sub.notebook, as_version=4).cells[0].source


def write(path: Path, data: bytes, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


# --- layouts and student ids ---------------------------------------------------------------

def test_plain_files_and_one_folder_per_student(tmp_path):
    batch = tmp_path / "batch"
    write(batch / "alice.ipynb", notebook_bytes("a = 1"))
    write(batch / "bob" / "sous-dossier" / "rendu.ipynb", notebook_bytes("b = 2"))
    subs = run(tmp_path, batch)
    assert set(subs) == {"alice", "bob"}
    assert graded_code(subs["alice"]) == "a = 1" and graded_code(subs["bob"]) == "b = 2"
    assert subs["alice"].digest == submissions.hashlib.sha256(
        (batch / "alice.ipynb").read_bytes()).hexdigest()


def test_moodle_files_and_folders_use_the_participant_id(tmp_path):
    batch = tmp_path / "moodle"
    write(batch / "Jean Dupont_1234567_assignsubmission_file_ex2_3.ipynb", notebook_bytes("j = 1"))
    write(batch / "Zoé Martin_7654321_assignsubmission_file_" / "tp.ipynb", notebook_bytes())
    write(batch / "Zoé Martin_7654321_assignsubmission_file_" / "notes.pdf", b"%PDF")
    subs = run(tmp_path, batch)
    assert set(subs) == {"1234567", "7654321"}
    assert subs["1234567"].name == "Jean Dupont" and subs["1234567"].layout == "moodle"
    assert graded_code(subs["1234567"]) == "j = 1"
    assert "notes.pdf" in subs["7654321"].remarks()


def test_canvas_latest_is_the_highest_attachment_id(tmp_path):
    batch = tmp_path / "canvas"
    write(batch / "dupontjean_12345_67890_ex2_3.ipynb", notebook_bytes("premier"), mtime=2e9)
    write(batch / "dupontjean_LATE_12345_67999_ex2_3-1.ipynb", notebook_bytes("second"),
          mtime=1e9)  # older on disk, but Canvas uploaded it later
    write(batch / "martinzoe_23456_67000_ex2_3.ipynb", notebook_bytes())
    subs = run(tmp_path, batch)
    assert set(subs) == {"12345", "23456"}
    jean = subs["12345"]
    assert graded_code(jean) == "second"
    assert jean.superseded == ("« dupontjean_12345_67890_ex2_3.ipynb » (pièce jointe Canvas "
                               "n° 67890)",)
    remarks = jean.remarks()
    assert remarks.startswith("2 rendus pour cet étudiant : noté le plus récent, "
                              "« dupontjean_LATE_12345_67999_ex2_3-1.ipynb » (pièce jointe "
                              "Canvas n° 67999)")
    assert "en retard" in remarks


def test_gradescope_export_reads_submitters_from_metadata(tmp_path):
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
  :score: !ruby/object:BigDecimal 18:0.4e1
submission_222:
  :submitters:
  - :name: Paul Durand
    :sid: '2103'
  :created_at: 2024-03-02 09:00:00 +01:00
""")
    write(export / "submission_111" / "ex.ipynb", notebook_bytes("groupe"))
    write(export / "submission_222" / "ex.ipynb", notebook_bytes("paul"))
    subs = run(tmp_path, export)
    assert set(subs) == {"2101", "zoe.martin_example.org", "2103"}
    assert graded_code(subs["2101"]) == graded_code(subs["zoe.martin_example.org"]) == "groupe"
    assert subs["2103"].name == "Paul Durand" and subs["2103"].layout == "gradescope"


def test_duplicates_across_inputs_latest_by_file_time(tmp_path):
    old = write(tmp_path / "lundi" / "jean.ipynb", notebook_bytes("ancien"), mtime=1e9)
    new = write(tmp_path / "mardi" / "jean.ipynb", notebook_bytes("nouveau"), mtime=1.5e9)
    subs = run(tmp_path, new.parent, old.parent)
    jean = subs["jean"]
    assert graded_code(jean) == "nouveau" and jean.source == new
    assert jean.latest_by.startswith("fichier modifié le ")
    assert "2 rendus" in jean.remarks() and "non noté" in jean.remarks()


def test_moodle_download_zip_with_nested_otter_exports(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("devoir.ipynb", notebook_bytes("exporté"))
        zf.writestr(".OTTER_LOG", b"\x80\x04 never unpickled")
    download = tmp_path / "moodle.zip"
    with zipfile.ZipFile(download, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Jean Dupont_1234567_assignsubmission_file_export.zip", inner.getvalue())
        zf.writestr("Zoé Martin_7654321_assignsubmission_file_tp.ipynb", notebook_bytes("zoé"))
        zf.writestr("Paul Durand_1111111_assignsubmission_onlinetext_onlinetext.html", "<p>")
    subs = run(tmp_path, download)
    assert set(subs) == {"1234567", "7654321", "1111111"}
    jean = subs["1234567"]
    assert graded_code(jean) == "exporté"
    assert str(jean.source).endswith("export.zip!/devoir.ipynb")
    assert ".OTTER_LOG" in jean.remarks()
    assert graded_code(subs["7654321"]) == "zoé"
    invalid(subs["1111111"], "pas un notebook", ".html")


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "words"), [
    (b"", ["fichier vide"]),
    (b"  \n", ["fichier vide"]),
    (b'{"cells": [', ["JSON invalide", "ligne 1"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00", ["contenu binaire"]),
    (b"[1, 2]", ["sans champ « nbformat »"]),
    (b"[" * 100_000 + b"]" * 100_000, ["imbriqué"]),
    (json.dumps({"nbformat": 2, "nbformat_minor": 0, "worksheets": []}).encode(),
     ["nbformat 2 non pris en charge"]),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(),
     ["non conforme", "nbformat 3"]),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": "x"}]}).encode(), ["non conforme", "nbformat 4"]),
])
def test_unreadable_notebooks_are_invalid(tmp_path, content, words):
    invalid(run(tmp_path, write(tmp_path / "eleve.ipynb", content))["eleve"], *words)


def test_not_a_notebook_and_missing_file(tmp_path):
    subs = run(tmp_path, write(tmp_path / "rapport.pdf", b"%PDF-1.4"), tmp_path / "absent.ipynb")
    invalid(subs["rapport"], "ce n'est pas un notebook (.pdf)")
    invalid(subs["absent"], "introuvable")


def test_folder_without_notebook(tmp_path):
    write(tmp_path / "batch" / "jean" / "main.py", b"print(1)")
    invalid(run(tmp_path, tmp_path / "batch")["jean"], "dossier sans notebook")


def test_nbformat3_is_converted_and_graded(tmp_path):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "tp"}, "worksheets": [
        {"metadata": {}, "cells": [{"cell_type": "code", "input": "y = 2", "language": "python",
                                    "outputs": [], "metadata": {}}]}]}
    sub = run(tmp_path, write(tmp_path / "ancien.ipynb", json.dumps(v3).encode()))["ancien"]
    assert graded_code(sub) == "y = 2"
    assert nbformat.read(sub.notebook, as_version=4).nbformat == 4
    assert "nbformat 3 converti" in sub.remarks()


def test_huge_notebook_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "gros.ipynb"
    with open(path, "wb") as f:
        f.truncate(MAX_NOTEBOOK_BYTES + 2**20)  # sparse: nothing is really written
    invalid(run(tmp_path, path)["gros"], "trop volumineux", "21 Mio", "limite 20 Mio")


def test_notebook_under_another_name_is_graded_under_the_expected_name(tmp_path):
    sub = run(tmp_path, write(tmp_path / "Copie de mon TP (2).ipynb", notebook_bytes("z = 3")))
    assert graded_code(sub["Copie_de_mon_TP_2"]) == "z = 3"


def test_wrong_kernel_is_graded_with_python_and_noted(tmp_path):
    data = notebook_bytes("w = 4", kernelspec={"name": "ir", "display_name": "R",
                                               "language": "R"})
    sub = run(tmp_path, write(tmp_path / "noyau.ipynb", data))["noyau"]
    assert graded_code(sub) == "w = 4"
    assert nbformat.read(sub.notebook, as_version=4).metadata.kernelspec.name == "python3"
    assert "Noyau « ir »" in sub.remarks() and "Python 3" in sub.remarks()


def test_fifo_is_not_read(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    os.mkfifo(batch / "tuyau.ipynb")  # reading it would block forever
    invalid(run(tmp_path, batch)["tuyau"], "pas un fichier ordinaire")


# --- hostile input -------------------------------------------------------------------------

def test_symlinks_in_folders_are_never_followed(tmp_path):
    secret = write(tmp_path / "dehors" / "secret.ipynb", notebook_bytes("secret"))
    batch = tmp_path / "batch"
    write(batch / "jean" / "tp.ipynb", notebook_bytes("jean"))
    (batch / "jean" / "vol.ipynb").symlink_to(secret)
    (batch / "zoe.ipynb").symlink_to(secret)
    (batch / "paul").symlink_to(secret.parent, target_is_directory=True)
    subs = run(tmp_path, batch)
    assert graded_code(subs["jean"]) == "jean"
    assert "Lien symbolique « vol.ipynb » non suivi." in subs["jean"].remarks()
    invalid(subs["zoe"], "lien symbolique")
    invalid(subs["paul"], "lien symbolique")


def evil_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("tp.ipynb", notebook_bytes("honnête"))
        zf.writestr("../evil.ipynb", notebook_bytes("évadé"))
        zf.writestr("/etc/cron.d/evil.ipynb", notebook_bytes("absolu"))
        link = zipfile.ZipInfo("lien.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    return path


def test_zip_paths_escaping_the_archive_and_zip_symlinks(tmp_path):
    sub = run(tmp_path, evil_zip(tmp_path / "jean.zip"))["jean"]
    assert graded_code(sub) == "honnête"
    remarks = sub.remarks()
    assert "« ../evil.ipynb »" in remarks and "« /etc/cron.d/evil.ipynb »" in remarks
    assert "Lien symbolique « lien.ipynb » non suivi." in remarks
    assert not list((tmp_path / "scratch").rglob("evil*")) and not (tmp_path / "etc").exists()


def test_zip_with_only_a_symlink_is_invalid(tmp_path):
    path = tmp_path / "lien.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("tp.ipynb")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "../../home/secret.ipynb")
    invalid(run(tmp_path, path)["lien"], "archive sans notebook")


def test_zip_bomb_member_is_never_inflated(tmp_path, monkeypatch):
    path = tmp_path / "bombe.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tp.ipynb", b"\0" * (64 * 2**20))  # 64 Mio → about 64 kio
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: read.append(a) or 1 / 0)
    invalid(run(tmp_path, path)["bombe"], "taux de compression suspect", "bombe")
    assert read == []


@pytest.mark.parametrize(("limit", "value", "words"), [
    ("MAX_ENTRIES", 3, ["5 entrées", "limite 3"]),
    ("MAX_TOTAL_BYTES", 2**10, ["une fois décompressée", "limite 1 kio"]),
])
def test_zip_limits_refuse_the_archive(tmp_path, monkeypatch, limit, value, words):
    monkeypatch.setattr(archives, limit, value)
    path = tmp_path / "gros.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"f{i}.ipynb", notebook_bytes("#" * 2000))
    invalid(run(tmp_path, path)["gros"], "archive refusée", *words)


def test_corrupt_zip_is_invalid(tmp_path):
    invalid(run(tmp_path, write(tmp_path / "casse.zip", b"PK\x03\x04 truncated"))["casse"],
            "archive zip illisible")


def test_pickles_are_never_loaded(tmp_path):
    canary = tmp_path / "pickle-was-loaded"

    class Trap:
        def __reduce__(self):
            return (Path.touch, (canary,))

    payload = pickle.dumps(Trap())
    path = tmp_path / "jean.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("tp.ipynb", notebook_bytes())
        for name in (".OTTER_LOG", "modele.pt", "donnees.pkl"):
            zf.writestr(name, payload)
    write(tmp_path / "batch" / "zoe" / "tp.ipynb", notebook_bytes())
    write(tmp_path / "batch" / "zoe" / "poids.pkl", payload)
    subs = run(tmp_path, path, tmp_path / "batch")
    assert ("Jamais chargé (pickle ou journal Otter) : .OTTER_LOG, modele.pt, donnees.pkl."
            in subs["jean"].remarks())
    assert "poids.pkl" in subs["zoe"].remarks()
    assert not canary.exists()


def test_hidden_top_level_files_are_not_students(tmp_path):
    batch = tmp_path / "batch"
    write(batch / ".DS_Store", b"\0")
    write(batch / ".OTTER_LOG", b"\x80")
    write(batch / "jean.ipynb", notebook_bytes())
    assert set(run(tmp_path, batch)) == {"jean"}


def test_invalid_rows_name_the_folder_or_zip(tmp_path):
    write(tmp_path / "batch" / "jean" / "main.py", b"print(1)")
    empty = tmp_path / "vide.zip"
    zipfile.ZipFile(empty, "w").close()
    subs = run(tmp_path, tmp_path / "batch", empty)
    assert subs["jean"].source == tmp_path / "batch" / "jean"
    assert subs["vide"].source == empty
    invalid(subs["vide"], "archive sans notebook")
