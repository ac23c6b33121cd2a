"""Accuracy thresholds are keyed by device and by the kind of data present (stand-in or real):
a number calibrated on a stand-in is never applied to real data."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from autograder import checks as C
from autograder import data
from autograder.authoring import exercises
from autograder.authoring.calibrate import Calibration, record
from autograder.checks import observe
from autograder.checks.training import threshold_for, uncalibrated


@pytest.fixture()
def real_cifar(tmp_path, monkeypatch):
    """A data root where CIFAR-10 is a real copy: its folder and holdout exist, and nothing in
    PROVENANCE.json says we wrote them (what a torchvision download leaves)."""
    (tmp_path / "cifar-10-batches-py").mkdir()
    (tmp_path / "grader-holdout").mkdir()
    (tmp_path / "grader-holdout" / "cifar10.npz").write_bytes(b"")
    monkeypatch.setenv("AUTOGRADER_DATA", str(tmp_path))
    monkeypatch.setenv("AUTOGRADER_DEVICE", "cpu")
    return tmp_path


def test_threshold_for_reads_kinds_and_the_former_bare_number():
    spec = {"threshold": {"stand-in": 0.94, "real": 0.41}}
    assert threshold_for(spec, "cifar10", "real") == 0.41
    assert threshold_for(spec, "cifar10", "stand-in") == 0.94
    assert threshold_for({"threshold": {"stand-in": 0.94}}, "cifar10", "real") is None
    # a bare number was calibrated on what `autograder data` prepares offline
    assert threshold_for({"threshold": 0.94}, "cifar10", "stand-in") == 0.94
    assert threshold_for({"threshold": 0.94}, "cifar10", "real") is None
    assert threshold_for({"threshold": 0.85}, "mnist", "real") == 0.85
    assert threshold_for({"threshold": 0.85}, "mnist", "stand-in") is None


def test_offline_data_has_calibrated_thresholds(monkeypatch, catalogue):
    monkeypatch.setenv("AUTOGRADER_DEVICE", "cpu")
    for ex in catalogue:
        for key, entry in ex.training.items():
            b = C.budget(ex.id, key)
            assert b.data_kind == data.offline_kind(entry["dataset"])
            assert b.threshold is not None and 0.1 < b.threshold < 1.0, (ex.id, key)
        assert uncalibrated(ex.id) == []


def test_real_data_never_gets_the_stand_in_threshold(real_cifar):
    b = C.budget("3.4", "mlp_bn")
    assert (b.data_kind, b.threshold) == ("real", None)
    assert [u.key for u in uncalibrated("3.4")] == ["mlp_bn"]
    with observe.collecting() as found:
        with pytest.raises(C.CheckFailure) as failure:
            C.expect_accuracy(0.99, b, name="MLP")  # even a high accuracy is not judged
    verdict = failure.value
    assert verdict.code == "uncalibrated"
    assert verdict.summary.startswith("Seuil non calibré pour ces données (cifar10, données "
                                      "réelles, cpu)")
    assert "99.0 %" in verdict.summary and "94" not in verdict.render()
    assert "autograder calibrate 3.4 --device cpu" in verdict.details[0]
    [obs] = found
    assert obs["kind"] == "accuracy" and obs["threshold"] is None and obs["data"] == "real"


def test_calibration_log_records_the_kind(real_cifar, tmp_path, monkeypatch):
    log = tmp_path / "cal.jsonl"
    monkeypatch.setenv(C.training.CALIBRATION_LOG, str(log))
    C.expect_accuracy(0.42, C.budget("3.4", "mlp_bn"), name="m")  # recorded, not judged
    assert '"data": "real"' in log.read_text()


def test_record_adds_a_kind_and_keeps_the_others(tmp_path):
    folder = tmp_path / "ex3_4_batchnorm"
    shutil.copytree(exercises.get("3.4").folder, folder)
    meta_path = folder / "exercise.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["training"]["mlp_bn"]["cuda"]["threshold"] = 0.93  # the format before kinds
    meta_path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True))
    ex = exercises.load(folder)
    cal = [Calibration("mlp_bn", "cpu", (0.45, 0.46, 0.45), 10.0, "real"),
           Calibration("mlp_bn", "cuda", (0.48, 0.48), 2.0, "real")]
    record(ex, cal)
    cpu, cuda = (yaml.safe_load(meta_path.read_text(encoding="utf-8"))["training"]["mlp_bn"][d]
                 for d in ("cpu", "cuda"))
    assert cpu["threshold"] == {"stand-in": 0.94, "real": cal[0].threshold}
    assert cal[0].threshold == 0.43  # 0.45 − 0.02, not floored to 0.42 by rounding error
    assert cpu["calibration"]["stand-in"]["seeds"] == 5 and cpu["calibration"]["real"]["seeds"] == 3
    assert cuda["threshold"] == {"stand-in": 0.93, "real": 0.46}
    assert threshold_for(cpu, "cifar10", "real") == 0.43


def test_grade_refuses_to_start_without_a_threshold_for_the_data(real_cifar, tmp_path):
    import os

    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", "3.4",
                           str(tmp_path / "copie.ipynb"), "--out", str(out)],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert proc.returncode == 2
    err = " ".join(proc.stderr.split())
    assert "ATTENTION : seuil non calibré pour ces données — 3.4 mlp_bn : cifar10" in err
    assert "--allow-uncalibrated" in err and not out.exists()



def test_calibrate_refuses_a_threshold_at_chance(monkeypatch, capsys):
    """Seeds spread so widely (7.4's first budget: 0.30–0.59) that min − 3σ falls below chance:
    nothing is recorded, the command fails and says to train longer."""
    from autograder import cli
    from autograder.authoring import calibrate as cal

    spread = Calibration("mlp_bn", "cpu", (0.532, 0.586, 0.569, 0.302, 0.381), 8.0, "stand-in")
    assert spread.threshold <= cal.CHANCE and not spread.usable
    assert Calibration("mlp_bn", "cpu", (0.93, 0.95, 0.94), 8.0, "stand-in").usable
    recorded = []
    monkeypatch.setattr(cal, "measure_runtime", lambda *a: cal.Runtime("cpu", 9.0, 1.0, 0.5))
    monkeypatch.setattr(cal, "record_runtime", lambda ex, runtime: ex.folder / "exercise.yaml")
    monkeypatch.setattr(cal, "calibrate", lambda *a: [spread])
    monkeypatch.setattr(cal, "record", lambda *a: recorded.append(a))
    assert cli.main(["calibrate", "3.4"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert recorded == [] and "mlp_bn is not above chance (0.10)" in err
    assert "train longer or on more images" in err
