"""The Python API on the shipped instances: exact Fractions, the same keys and values as the
command line's `--json`, the barrier values, identities of the game, and errors."""

import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
import ualign
from conftest import BARRIER, CYCLE, PREFLIB, REPO, TIES, as_json


def rel(p: Path) -> str:
    return str(p.relative_to(REPO))


def load(p: Path) -> ualign.Instance:
    # Relative path, as the CLI is run from the repository root: `instance` must agree.
    import os

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return ualign.Instance.from_file(rel(p))
    finally:
        os.chdir(cwd)


def walk(x):
    """Every leaf of a result."""
    if isinstance(x, dict):
        for v in x.values():
            yield from walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from walk(v)
    else:
        yield x


def test_installed_package_is_used():
    assert not Path(ualign.__file__).resolve().is_relative_to(REPO / "python")


def test_barrier_values_are_exact_fractions():
    inst = load(BARRIER)
    r = ualign.nlhf(inst, ks=range(1, 6))
    assert r["maximal_lottery"] == {"a": Fraction(1), "b": Fraction(0)}
    assert r["unique"] is True
    rates = [row["robust_win_rate"] for row in r["robust_win_rates"]]
    assert rates == [Fraction(1, 2)] + [Fraction(3, 5)] * 4
    assert all(type(x) is Fraction for x in rates)
    eq = ualign.equilibrium(inst, 2)
    assert eq["status"] == "exact"
    assert eq["policy"] == {"a": Fraction(4, 5), "b": Fraction(1, 5)}
    assert eq["robust_win_rate"] == Fraction(2, 3) == eq["ceiling"]
    assert ualign.optimal(inst, 2)["value"] == Fraction(7, 10)


def test_no_float_and_no_fraction_string_in_exact_results():
    inst = load(CYCLE)
    for res in [
        ualign.info(inst),
        ualign.nlhf(inst, [1, 2]),
        ualign.optimal(inst, 2),
        ualign.equilibrium(inst, 2),
        ualign.eval(inst, 2, {"a": "1/3", "b": "1/3", "c": "1/3"}),
        ualign.curve(inst, [1, 2], full=True),
    ]:
        for leaf in walk(res):
            assert not isinstance(leaf, float), res["command"]
            assert not (isinstance(leaf, str) and "/" in leaf and leaf[0].isdigit()), leaf


@pytest.mark.parametrize("path", [BARRIER, CYCLE, TIES] + PREFLIB, ids=lambda p: p.name)
def test_same_objects_as_the_command_line(path, cli_json):
    inst = load(path)
    f = rel(path)
    assert as_json(ualign.info(inst)) == cli_json("info", f)
    assert as_json(ualign.nlhf(inst, [1, 2, 3])) == cli_json("nlhf", f, "--k", "1..3")
    assert as_json(ualign.optimal(inst, 2)) == cli_json("optimal", f, "--k", "2")
    assert as_json(ualign.equilibrium(inst, 2)) == cli_json("equilibrium", f, "--k", "2")
    assert as_json(ualign.curve(inst, [1, 2], full=True)) == cli_json("curve", f, "--k", "1..2")


def test_eval_robust_selfplay_match_the_command_line(tmp_path, cli_json):
    inst = load(CYCLE)
    f = rel(CYCLE)
    pol = {"a": Fraction(1, 2), "b": "1/3", "c": Fraction(1, 6)}
    pfile = tmp_path / "p.json"
    pfile.write_text('{"a": "1/2", "b": "1/3", "c": "1/6"}')
    assert as_json(ualign.eval(inst, 3, pol)) == cli_json(
        "eval", f, "--k", "3", "--policy-file", pfile
    )
    assert as_json(ualign.robust(inst, 2, policy=pol, opponents=2)) == cli_json(
        "robust", f, "--k", "2", "--policy-file", pfile, "--opponents", "2"
    )
    opt = ualign.optimal(inst, 2)
    mfile = tmp_path / "m.json"
    mfile.write_text(__import__("json").dumps(as_json(opt)))
    mix = ualign.robust(inst, 2, mixture=opt, opponents=2)
    assert mix["robust_win_rate"] == Fraction(1, 2)
    assert as_json(mix) == cli_json(
        "robust", f, "--k", "2", "--mixture-file", mfile, "--opponents", "2"
    )
    sp = ualign.selfplay(inst, 2, algo="hedge", iters=200, eta=0.5)
    cli = cli_json("selfplay", f, "--k", "2", "--algo", "hedge", "--iters", "200", "--eta", "0.5")
    assert as_json(sp) == cli
    assert isinstance(sp["regret_f64"], float)
    assert type(sp["final_exploitability"]) is Fraction


def test_sum_of_deviation_payoffs_is_one_over_k_plus_one():
    # Σ_y π(y)·U_k(y, π) = 1/(k+1): the k+1 seats share the win symmetrically (THEORY §4).
    inst = load(TIES)
    names = inst.responses
    pi = {n: Fraction(i + 1, len(names) * (len(names) + 1) // 2) for i, n in enumerate(names)}
    for k in range(1, 5):
        r = ualign.eval(inst, k, pi)
        total = sum(pi[n] * r["deviation_payoffs"][n] for n in names)
        assert total == Fraction(1, k + 1)
        assert r["robust_win_rate"] == 1 - max(r["deviation_payoffs"].values())
        assert r["exploitability"] == max(r["deviation_payoffs"].values()) - Fraction(1, k + 1)


def test_from_rankings_equals_the_json_file():
    built = ualign.Instance.from_rankings(
        ["a", "b", "c"],
        [["a", "b", "c"], ["b", ["c"], "a"], [["c"], "a", "b"]],
    )
    assert built == ualign.Instance.from_file(CYCLE)
    assert built.sha256 == ualign.Instance.from_file(CYCLE).sha256
    weighted = ualign.Instance.from_rankings(
        ["a", "b"], [["a", "b"], ["b", "a"]], [Fraction(11, 20), "9/20"]
    )
    # B(1/20): NLHF plays a, and R_2 = 1/2 + 1/20.
    assert ualign.nlhf(weighted, [2])["robust_win_rates"][0]["robust_win_rate"] == Fraction(11, 20)
    again = ualign.Instance.from_json(weighted.to_json())
    assert again == weighted
    # Names that look like numbers stay names; values stay Fractions.
    num = ualign.Instance.from_rankings(["1", "2"], [["1", "2"], [["1", "2"]]], [1, 2])
    r = ualign.nlhf(num, [1])
    assert r["maximal_lottery"] == {"1": Fraction(1), "2": Fraction(0)}
    assert r["condorcet_winner"] == "1"


def test_curve_is_a_dataframe_when_pandas_is_there():
    pd = pytest.importorskip("pandas")
    df = ualign.curve(load(BARRIER), range(1, 4))
    assert isinstance(df, pd.DataFrame)
    assert list(df["k"]) == [1, 2, 3]
    assert list(df["nlhf"]) == [Fraction(1, 2), Fraction(3, 5), Fraction(3, 5)]
    assert list(df["ceiling"]) == [Fraction(1, 2), Fraction(2, 3), Fraction(3, 4)]
    assert df.attrs["rlhf_response"] == "a"
    assert df.attrs["command"] == "curve"


def test_certify_then_verify(tmp_path):
    inst = load(CYCLE)
    cert = tmp_path / "cycle.cert.json"
    c = ualign.certify(inst, [1, 2], cert, opponents=2)
    assert c["claims"][0] == {"index": 0, "kind": "maximal_lottery"}
    assert c["certificate_file"] == str(cert) and c["ks"] == [1, 2]
    v = ualign.verify(cert)
    assert v["ok"] is True and v["status"] == "ok" and v["error"] is None
    assert v["instance_sha256"] == inst.sha256
    assert [x["index"] for x in v["claims"]] == list(range(len(c["claims"])))
    assert all(x["ok"] for x in v["claims"])
    text = cert.read_text()
    # The uniform maximal lottery of the cycle: make one entry wrong.
    bad = tmp_path / "bad.cert.json"
    bad.write_text(text.replace('"1/3"', '"1/4"', 1))
    v = ualign.verify(bad)
    assert v["ok"] is False and v["status"] in ("failed", "malformed")
    assert v["error"]


def test_report_restates_a_checked_certificate_and_refuses_a_false_one(tmp_path, ualign_bin):
    cert = REPO / "proofs" / "barrier-eps-1-10.cert.json"
    md = ualign.report(cert)
    cli = subprocess.run([str(ualign_bin), "report", str(cert)], capture_output=True, text=True)
    assert md == cli.stdout
    # B(1/10) at k = 2: NLHF 3/5, the exact equilibrium reaches 2/3, v*_2 = 7/10.
    assert "| 2 | 3/5 ≈ 0.6000 (#2) | b | exact (#8) | = 2/3 | 7/10 ≈ 0.7000 (#14) |" in md
    assert "\\begin{tabular}" in ualign.report(cert, format="tex")
    forged = tmp_path / "forged.json"
    forged.write_text(cert.read_text().replace('"value": "7/10"', '"value": "3/4"', 1))
    with pytest.raises(ValueError, match=r"claim 14 \(koutput_value\) FAILED"):
        ualign.report(forged)
    with pytest.raises(ValueError, match="expected"):
        ualign.report(cert, format="html")


def test_errors_raise_value_error_with_the_cli_message(tmp_path):
    inst = load(BARRIER)
    with pytest.raises(ValueError, match="sum to 1/2, expected exactly 1"):
        ualign.eval(inst, 2, {"a": "1/2"})
    with pytest.raises(ValueError, match="unknown response `z`"):
        ualign.eval(inst, 2, {"z": "1"})
    with pytest.raises(ValueError, match="floats are not exact"):
        ualign.eval(inst, 2, {"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match="k must be at least 1"):
        ualign.optimal(inst, 0)
    with pytest.raises(ValueError, match="above the supported maximum 1024"):
        ualign.nlhf(inst, [1025])
    with pytest.raises(ValueError, match="--precision must be between"):
        ualign.equilibrium(inst, 2, precision=8)
    with pytest.raises(ValueError, match="unknown algo"):
        ualign.selfplay(inst, 2, algo="sgd")
    with pytest.raises(ValueError, match="no such file"):
        ualign.Instance.from_file(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="unknown response `x`"):
        ualign.Instance.from_rankings(["a"], [["x"]])
    with pytest.raises(ValueError, match="exactly one of policy"):
        ualign.robust(inst, 2)


def test_wheel_ships_the_package_and_the_second_checker():
    from importlib.metadata import files

    shipped = {str(f) for f in files("ualign")}
    assert {"ualign/__init__.py", "ualign/_ualign.pyi", "ualign/py.typed"} <= shipped
    assert any(f.startswith("ualign/_ualign") and f.endswith((".so", ".pyd")) for f in shipped)
    assert "ualign_check.py" in shipped
    assert not [f for f in shipped if f.startswith("ualign_check_")]  # one file, no siblings
