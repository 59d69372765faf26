"""The plain-Python checker on the committed proofs and on tampered copies of them.

Runs `python3 -I python/ualign_check.py` as a reviewer would (isolated mode, standard library
only) and also imports it to check single functions against values worked out by hand.
"""

import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
from fractions import Fraction

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "python" / "ualign_check.py"
PROOFS = sorted((ROOT / "proofs").glob("*.cert.json"))
BARRIER = ROOT / "proofs" / "barrier-eps-1-10.cert.json"

sys.path.insert(0, str(SCRIPT.parent))
import ualign_check  # noqa: E402


def run(*files):
    out = subprocess.run([sys.executable, "-I", str(SCRIPT), *map(str, files)],
                         capture_output=True, text=True)
    return out.returncode, out.stdout


def tampered(tmp_path, name, edit):
    doc = json.loads(BARRIER.read_text())
    edit(doc)
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2))
    return path


def test_every_committed_proof_verifies():
    assert len(PROOFS) >= 15
    code, out = run(*PROOFS)
    assert code == 0, out
    for proof in PROOFS:
        assert f"{proof}: all " in out
    assert out.count(": OK (") >= 15 * 24


def test_the_installed_module_prints_what_the_script_prints():
    # `python3 -m ualign_check` (the installed copy, bytecode cached: the fast form that
    # proofs/README.md "Speed" times) and the script are the same checker.
    family = ROOT / "proofs" / "family-cycle-12.cert.json"
    files = [str(BARRIER), str(family)]
    module = subprocess.run([sys.executable, "-I", "-m", "ualign_check", *files],
                            capture_output=True, text=True, cwd=ROOT / "proofs")
    assert module.returncode == 0, module.stderr
    assert module.stdout == run(*files)[1]
    assert module.stdout.count(": all ") == 2


def test_the_one_file_alone_checks_every_committed_proof(tmp_path):
    # A reviewer with only Python copies this one file: family certificates and the face test of
    # boxes need no module beside it.
    alone = tmp_path / "ualign_check.py"
    shutil.copy(SCRIPT, alone)
    out = subprocess.run([sys.executable, "-I", str(alone), *map(str, PROOFS)], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count(": all ") == len(PROOFS)
    assert out.stdout.count("claims hold (family ") == 3
    assert [p.name for p in tmp_path.iterdir()] == ["ualign_check.py"]
    # The bound for a file a reviewer reads top to bottom in under an hour.
    assert len(SCRIPT.read_text(encoding="utf-8").splitlines()) < 1000


def limit_certificate(tmp_path, name, m, weight="1"):
    """A certificate true in every claim (pi = delta_r0 is an exact equilibrium at k = 1: one user
    type puts r0 first, all others tied below) whose instance has m responses and the given weight;
    its hash is the canonical form's, computed here independently of the checker."""
    names = [f"r{i}" for i in range(m)]
    canonical = {"format": "ualign-instance/1", "responses": names,
                 "users": [{"weight": weight, "ranking": [["r0"]]}]}
    text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    doc = {"format": "ualign-certificate", "version": 1, "tool": "test",
           "instance": {"format": "ualign-instance/1", "responses": names,
                        "users": [{"weight": weight, "ranking": ["r0"]}]},
           "instance_sha256": hashlib.sha256(text.encode()).hexdigest(),
           "claims": [{"kind": "equilibrium", "k": 1, "status": "exact", "policy": {"r0": "1"},
                       "exploitability": "0"}]}
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_instance_limits_at_and_over(tmp_path, ualign_bin):
    # The instance limits of crates/ualign-check/src/limits.rs (issue #14): responses <= 4,096 and
    # the weights' common denominator <= 65,536 bits (10^19728 has 65,536 bits, 10^19729 has
    # 65,539). At each limit the certificate holds; one step over it is malformed (exit 2), and
    # `ualign verify` (the Rust checker) gives the same exit code on each file.
    cases = [(4096, "1", 4097, "1", "4097 responses"),
             (2, "1/1" + "0" * 19728, 2, "1/1" + "0" * 19729, "exceeds 65536 bits")]
    for m_ok, w_ok, m_over, w_over, message in cases:
        at = limit_certificate(tmp_path, "at.json", m_ok, w_ok)
        code, out = run(at)
        assert code == 0 and "all 1 claims hold" in out, out
        assert subprocess.run([ualign_bin, "verify", at], capture_output=True).returncode == 0
        over = limit_certificate(tmp_path, "over.json", m_over, w_over)
        code, out = run(over)
        assert code == 2 and "malformed: instance: " in out and message in out, out
        assert subprocess.run([ualign_bin, "verify", over], capture_output=True).returncode == 2
    # 1,000,001 user types cannot be reached through a file: each user type takes at least 28
    # bytes (`{"weight":"1","ranking":[]},`), so 16 MiB holds at most 599,186. The limit is
    # checked on the parsed instance, before anything is allocated per user type.
    users = [{"weight": "1", "ranking": []}] * 1_000_001
    with pytest.raises(ualign_check.Malformed, match="1000001 user types"):
        ualign_check.Profile({"format": None, "responses": ["a"], "users": users})


def test_a_false_claim_exits_1_naming_it(tmp_path):
    # Claim 2 says R_2(delta_a) = 1/2; the exact value is 3/5.
    path = tampered(tmp_path, "fails.json", lambda d: d["claims"][2].update(value="1/2"))
    code, out = run(path)
    assert code == 1, out
    assert ("claim 2 (nlhf_robust_win_rate) FAILED: R_k(p^⊗k) = 1 − max_y U_k(y, p) = 3/5 ≠ "
            "claimed 1/2") in out
    assert "claim 1 nlhf_robust_win_rate k=1: OK (R_1(p^⊗1) = 1/2)" in out


def test_a_wrong_krawczyk_box_exits_1(tmp_path):
    # Claim 9 is the certified box at k = 3; a zero preconditioner cannot contract.
    path = tampered(tmp_path, "box.json",
                    lambda d: d["claims"][9]["box"].update(preconditioner=[["0"]]))
    code, out = run(path)
    assert code == 1, out
    assert "claim 9 (equilibrium) FAILED: Krawczyk: K(X)(" in out
    assert "⊂ interior(X) fails: [≈ 3.218254e-1 (58/58 digits), " in out


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(version=2), "unsupported version 2"),
    (lambda d: d.update(instance_sha256="0" * 64), "instance_sha256"),
    (lambda d: d["claims"][7]["policy"].update(a=0.8), "expected a string"),
    (lambda d: d["claims"][7]["policy"].update(b="-1/5"), "is negative"),
    (lambda d: d["claims"][3].update(note="x"), "unknown field `note`"),
    (lambda d: d["claims"][2].update(k=1025), "outside 1..=1024"),
])
def test_malformed_files_exit_2(tmp_path, edit, message):
    code, out = run(tampered(tmp_path, "broken.json", edit))
    assert code == 2, out
    assert "malformed" in out and message in out, out


def test_duplicate_keys_and_malformed_wins_over_failed(tmp_path):
    text = BARRIER.read_text().replace('"a": "4/5",', '"a": "4/5", "a": "1/5",', 1)
    dup = tmp_path / "dup.json"
    dup.write_text(text)
    fails = tampered(tmp_path, "fails.json", lambda d: d["claims"][2].update(value="1/2"))
    code, out = run(fails, dup, BARRIER)
    assert code == 2, out
    assert "dup.json: malformed: invalid JSON: duplicate key `a`" in out


def test_numbers_are_parsed_exactly_from_strings():
    assert ualign_check.parse_q("6/16") == Fraction(3, 8)
    assert ualign_check.parse_q("-0.25") == Fraction(-1, 4)
    assert ualign_check.parse_q("10.50") == Fraction(21, 2)
    assert ualign_check.parse_q("0/7") == ualign_check.parse_q("0.000") == 0
    # The one strict grammar (README, "Number grammar"), as the Rust checker reads it.
    for bad in ["", "1e3", "nan", "1/", "/2", "1/-2", "1.", "0x10", "1 /2", "--1", "1/2/3", "1_0",
                " 1", "1 ", "\xa01", "+7", ".5", "-.5", "01", "002/003", "3/05", "00.5", "-0",
                "-0/3", "-0.0", "1.5/2", "1/2.5", "\u0663", "1/0"]:
        with pytest.raises(ualign_check.Malformed):
            ualign_check.parse_q(bad)


def test_deviation_payoff_of_the_barrier_instance():
    # B(1/10): a > b for 3/5, b > a for 2/5. Against delta_a, a lone b wins every user who
    # prefers b: U_k(b, delta_a) = 2/5, and a ties k copies of itself: U_k(a) = (3/5)/(k+1)
    # + (2/5)/(k+1) = 1/(k+1).
    doc = json.loads(BARRIER.read_text())
    prof = ualign_check.Profile(ualign_check.INSTANCE(doc["instance"], "instance"))
    assert prof.sha256() == doc["instance_sha256"]
    for k in range(1, 7):
        assert prof.payoffs([Fraction(1), Fraction(0)], k) == [Fraction(1, k + 1), Fraction(2, 5)]


def test_check_file_api():
    result = ualign_check.check_file(BARRIER)
    assert result.status == "ok" and result.exit_code == 0
    assert [c["index"] for c in result.claims] == list(range(25))
    assert result.claims[2]["kind"] == "nlhf_robust_win_rate" and result.claims[2]["k"] == 2
