"""lineage.trajectory/init_check/logs/compute return the CLI's --json documents, and bad input
raises the CLI's error class and message (src/python/training.h)."""

import math

import pytest

import lineage
from conftest import EXAMPLES, cli_error, cli_json

TRAJ = EXAMPLES / "traj-s1"
STEPS = [TRAJ / f"step-{s}" for s in ("00000", "00050", "00200", "01000", "02400")]
BASE, FT = EXAMPLES / "base", EXAMPLES / "ft-sft"


def curve_csv(path, start):
    """A loss curve from `start` down to 2.0, as tests/cli/logs_test.cc writes it."""
    rows = ["step,loss,tokens"]
    for i in range(200):
        loss = 2.0 + (start - 2.0) * math.exp(-i / 30.0)
        rows.append(f"{i * 10},{loss:.6f},{i * 10 * 1024}")
    path.write_text("\n".join(rows) + "\n")
    return path


def test_trajectory_equals_cli():
    cli = cli_json("trajectory", *STEPS, "--against", BASE, "--threads", "2")
    py = lineage.trajectory(STEPS, against=[BASE], threads=2)
    assert py == cli
    assert py["continuous"] is True


def test_a_swapped_trajectory_equals_cli_and_breaks():
    steps = STEPS[:3] + [FT] + STEPS[4:]
    py = lineage.trajectory(steps)
    assert py == cli_json("trajectory", *steps)
    assert py["continuous"] is False and py["first_break"] == 3


def test_init_check_equals_cli():
    for model in (STEPS[0], STEPS[-1]):
        assert lineage.init_check(model) == cli_json("inspect", "--init-check", model)


def test_logs_equal_cli(tmp_path):
    good = curve_csv(tmp_path / "good.csv", math.log(32000.0))
    warm = curve_csv(tmp_path / "warm.csv", 2.5)
    for path, opts, flags in [
        (good, {"vocab_size": 32000}, ["--vocab-size", "32000"]),
        (warm, {"vocab_size": "32000"}, ["--vocab-size", "32000"]),
        (good, {"claimed_tokens": "19.7T"}, ["--claimed-tokens", "19.7T"]),
    ]:
        py = lineage.logs([path], **opts)
        assert py == cli_json("logs", path, *flags)
    assert "warm-start" in lineage.logs([warm], vocab_size=32000)["flags"]


def test_compute_equals_cli():
    assert lineage.compute(params="102.6B", active="12B", tokens="19.7T") == cli_json(
        "compute", "--params", "102.6B", "--active", "12B", "--tokens", "19.7T")
    assert lineage.compute(params=7e9, tokens=2e12, gpu="A100", gpus=1024, days=30) == cli_json(
        "compute", "--params", "7B", "--tokens", "2T", "--gpu", "A100", "--gpus", "1024",
        "--days", "30")
    py = lineage.compute(BASE, tokens="1B")
    assert py == cli_json("compute", BASE, "--tokens", "1B")
    assert py["notes"][0].startswith("parameters estimated from ")


def raised(call):
    with pytest.raises(lineage.Error) as e:
        call()
    return e.value


def test_bad_input_raises_the_clis_error(tmp_path):
    missing = "/nonexistent-lineage-dir/a/b"
    e = raised(lambda: lineage.trajectory([STEPS[0], missing]))
    assert isinstance(e, (lineage.NotFoundError, lineage.InvalidArgumentError))
    assert str(e) == cli_error("trajectory", STEPS[0], missing)
    assert type(raised(lambda: lineage.trajectory([STEPS[0]]))) is lineage.InvalidArgumentError
    e = raised(lambda: lineage.init_check(missing))
    assert str(e) == cli_error("inspect", "--init-check", missing)
    absent = tmp_path / "absent.csv"
    assert str(raised(lambda: lineage.logs([absent]))) == cli_error("logs", absent)
    ok = curve_csv(tmp_path / "ok.csv", 5.0)
    for bad in ("abc", 1):  # not a number; a vocabulary of one token
        assert type(raised(lambda: lineage.logs([ok], vocab_size=bad))) is \
            lineage.InvalidArgumentError
    for kwargs in [dict(params="abc", tokens="1T"), dict(params=0, tokens="1T"),
                   dict(params="7B", tokens="-1T"), dict(params="7B", tokens="1T", mfu=1.5),
                   dict(params="7B", tokens="1T", gpus=8), dict(tokens="1T")]:
        assert type(raised(lambda: lineage.compute(**kwargs))) is lineage.InvalidArgumentError
    e = raised(lambda: lineage.compute("/nonexistent", tokens="1T"))
    assert not isinstance(e, lineage.InvalidArgumentError)
    assert str(e) == cli_error("compute", "/nonexistent", "--tokens", "1T")
