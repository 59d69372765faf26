"""Interop: a pref_voting profile read by pref_voting and the same PrefLib file read by ualign
give the same instance (same SHA-256) and the same exact results."""

import pytest
import ualign
from conftest import INSTANCES

pv = pytest.importorskip("pref_voting")
from pref_voting.profiles import Profile  # noqa: E402
from pref_voting.profiles_with_ties import ProfileWithTies  # noqa: E402


def strip(res: dict) -> dict:
    return {k: v for k, v in res.items() if k != "instance"}


@pytest.mark.parametrize(
    "name, cls",
    [("00009-00000001.soc", Profile), ("00032-00000004.toi", ProfileWithTies)],
)
def test_pref_voting_profile_equals_the_preflib_file(name, cls):
    path = INSTANCES / "preflib" / name
    ours = ualign.Instance.from_file(path)
    profile = cls.read(str(path), file_format="preflib")
    theirs = ualign.Instance.from_pref_voting(profile, names=ours.responses)
    assert theirs.sha256 == ours.sha256
    assert theirs.path is None
    assert strip(ualign.nlhf(theirs, [1, 2])) == strip(ualign.nlhf(ours, [1, 2]))
    assert strip(ualign.optimal(theirs, 2)) == strip(ualign.optimal(ours, 2))
    assert strip(ualign.equilibrium(theirs, 2)) == strip(ualign.equilibrium(ours, 2))


def test_profile_with_cmap_names_and_counts():
    prof = Profile([[0, 1, 2], [1, 2, 0], [2, 0, 1]], rcounts=[1, 1, 1], cmap={0: "a", 1: "b", 2: "c"})
    inst = ualign.Instance.from_pref_voting(prof)
    assert inst.responses == ["a", "b", "c"]
    assert inst.sha256 == ualign.Instance.from_file(INSTANCES / "condorcet-cycle-3.json").sha256


def test_not_a_profile_is_a_value_error():
    with pytest.raises(ValueError, match="expected a pref_voting Profile"):
        ualign.Instance.from_pref_voting([[0, 1]])
