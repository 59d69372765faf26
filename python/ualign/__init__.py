"""ualign: exact, certified test-time-scaling alignment on small instances.

A model answers with k responses; each user type (with a weight) picks its favourite among them,
splitting ties uniformly. This package is a thin Python front of the ualign Rust library: every
function returns a dict with exactly the keys of the corresponding ``ualign COMMAND --json``
output (``docs/json-schema.md``), starting with the envelope ``command``, ``ualign_version``,
``instance`` (path or None), ``instance_sha256`` and, for commands about one k, ``k``.

Every exact number is a :class:`fractions.Fraction` (never a float, never a ``"p/q"`` string);
float estimates (self-play) are Python floats under keys ending in ``_f64``. Bad input raises
:class:`ValueError` with the message the command line prints. Long calls release the GIL and
Ctrl-C interrupts them (``KeyboardInterrupt``).

>>> import ualign
>>> inst = ualign.Instance.from_rankings(["a", "b"], [["a", "b"], ["b", "a"]], ["3/5", "2/5"])
>>> ualign.nlhf(inst, ks=[2])["robust_win_rates"][0]["robust_win_rate"]
Fraction(3, 5)
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _ualign

__version__: str = _ualign.__version__

__all__ = [
    "Instance",
    "info",
    "eval",
    "nlhf",
    "optimal",
    "robust",
    "equilibrium",
    "selfplay",
    "curve",
    "certify",
    "verify",
    "report",
]

Exact = Union[Fraction, int, str]
"""An exact number on input: a Fraction, an int or a string such as ``"2/3"``."""


def _exact_text(x: Any, what: str) -> str:
    """The exact text of an input number (floats are refused: they are not exact)."""
    if isinstance(x, bool):
        raise ValueError(f"{what}: expected an exact number, got a bool")
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, str):
        return x
    raise ValueError(
        f"{what}: expected a Fraction, an int or a string like \"1/2\", got {type(x).__name__}"
        " (floats are not exact)"
    )


def _name(x: Any, what: str) -> str:
    if not isinstance(x, str):
        raise ValueError(f"{what}: response names are strings, got {x!r}")
    return x


def _ks(ks: Union[int, Iterable[int]]) -> List[int]:
    if isinstance(ks, int):
        return [ks]
    return [int(k) for k in ks]


class Instance:
    """An instance: named responses and a weighted population of user types, each with a weak
    order over the responses given as tiers (best first; unlisted responses share a bottom tier).
    Immutable. Build one with :meth:`from_file`, :meth:`from_rankings` or
    :meth:`from_pref_voting`."""

    __slots__ = ("_inner",)

    def __init__(self, inner: "_ualign.Instance") -> None:
        self._inner = inner

    @staticmethod
    def from_file(path: Any) -> "Instance":
        """Reads a PrefLib (``.soc``, ``.soi``, ``.toc``, ``.toi``) or ualign JSON file."""
        return Instance(_ualign.Instance.from_file(str(path)))

    @staticmethod
    def from_json(text: str) -> "Instance":
        """Parses the text of a ualign JSON instance (the format :meth:`to_json` writes)."""
        return Instance(_ualign.Instance.from_json(text))

    @staticmethod
    def from_rankings(
        responses: Sequence[str],
        rankings: Sequence[Sequence[Union[str, Sequence[str]]]],
        weights: Optional[Sequence[Exact]] = None,
    ) -> "Instance":
        """Builds an instance from response names and one ranking per user type.

        A ranking is a list of tiers, best first; a tier is a name or a list of names (a tie).
        ``weights`` are ints, ``"p/q"`` strings or Fractions, one per ranking (default 1 each).
        """
        names = [_name(r, "responses") for r in responses]
        if weights is None:
            weights = [1] * len(rankings)
        if len(weights) != len(rankings):
            raise ValueError(
                f"{len(weights)} weights for {len(rankings)} rankings: give one weight per ranking"
            )
        users = []
        for u, (order, w) in enumerate(zip(rankings, weights)):
            if isinstance(order, str):
                raise ValueError(f"rankings[{u}]: expected a list of tiers, got a string")
            tiers = []
            for tier in order:
                if isinstance(tier, str):
                    tiers.append(tier)
                else:
                    tiers.append([_name(n, f"rankings[{u}]") for n in tier])
            users.append({"weight": _exact_text(w, f"weights[{u}]"), "ranking": tiers})
        doc = {"format": "ualign-instance/1", "responses": names, "users": users}
        return Instance.from_json(json.dumps(doc))

    @staticmethod
    def from_pref_voting(profile: Any, names: Optional[Sequence[str]] = None) -> "Instance":
        """Converts a ``pref_voting`` ``Profile`` or ``ProfileWithTies`` (imported lazily: ualign
        does not depend on pref_voting). Response names are the profile's candidate names
        (``cmap``), or ``names`` (one per candidate, in the order of ``profile.candidates``);
        each ranking becomes one user type weighted by its count; candidates a ranking leaves
        out share its bottom tier, as in PrefLib files."""
        try:
            from pref_voting.profiles import Profile
            from pref_voting.profiles_with_ties import ProfileWithTies
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Instance.from_pref_voting needs the pref_voting package") from e
        if not isinstance(profile, (Profile, ProfileWithTies)):
            raise ValueError(
                f"expected a pref_voting Profile or ProfileWithTies, got {type(profile).__name__}"
            )
        cmap = getattr(profile, "cmap", None) or {}
        cands = list(profile.candidates)
        if names is None:
            name = {c: str(cmap.get(c, c)) for c in cands}
        else:
            if len(names) != len(cands):
                raise ValueError(f"{len(names)} names for {len(cands)} candidates")
            name = {c: _name(n, "names") for c, n in zip(cands, names)}
        rankings: List[List[List[str]]] = []
        if isinstance(profile, ProfileWithTies):
            for ranking in profile.rankings:
                by_rank: Dict[Any, List[str]] = {}
                for c, r in ranking.rmap.items():
                    by_rank.setdefault(r, []).append(name[c])
                rankings.append([by_rank[r] for r in sorted(by_rank)])
            counts = list(profile.rcounts)
        else:
            ranks, counts = profile.rankings_counts
            for order in ranks:
                rankings.append([[name[c]] for c in order])
        return Instance.from_rankings([name[c] for c in cands], rankings, [int(c) for c in counts])

    @property
    def responses(self) -> List[str]:
        """Response names, in order."""
        return self._inner.responses

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical form (``instance_sha256`` in results and certificates)."""
        return self._inner.sha256

    @property
    def path(self) -> Optional[str]:
        """The file the instance was read from, or None."""
        p = self._inner.path
        return None if p is None else str(p)

    @property
    def user_types(self) -> int:
        """Number of user types."""
        return self._inner.user_types

    def to_json(self) -> str:
        """The ualign JSON document (reads back to an equal instance)."""
        return self._inner.to_json()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instance) and self._inner == other._inner

    def __hash__(self) -> int:
        return hash(self.sha256)

    def __repr__(self) -> str:
        return repr(self._inner)


def _policy_pairs(policy: Mapping[str, Exact]) -> List[tuple]:
    if not isinstance(policy, Mapping):
        raise ValueError("a policy is a dict mapping response names to probabilities")
    return [
        (_name(n, "policy"), _exact_text(p, f"probability of `{n}`")) for n, p in policy.items()
    ]


def info(inst: Instance) -> Dict[str, Any]:
    """Responses, user types, total weight, exact margin matrix, Condorcet winner, Smith set."""
    return _ualign.info(inst._inner)


def eval(inst: Instance, k: int, policy: Mapping[str, Exact]) -> Dict[str, Any]:  # noqa: A001
    """The product policy π^{⊗k}: U_k(y, π) for every y, R_k, ε(π) and the worst opponent.

    ``policy`` maps response names to probabilities (Fractions, ints or ``"p/q"`` strings);
    missing responses get 0 and the probabilities must sum to exactly 1."""
    return _ualign.eval(inst._inner, int(k), _policy_pairs(policy))


def nlhf(inst: Instance, ks: Union[int, Iterable[int]] = range(1, 5)) -> Dict[str, Any]:
    """An exact maximal lottery (NLHF), whether it is unique, and R_k of sampling it k times."""
    return _ualign.nlhf(inst._inner, _ks(ks))


def optimal(inst: Instance, k: int) -> Dict[str, Any]:
    """v*_k by exact LP, an optimal k-output policy and the dual worst-case opponent."""
    return _ualign.optimal(inst._inner, int(k))


def _mixture_json(mixture: Any) -> str:
    entries = mixture.get("policy", mixture.get("mixture")) if isinstance(mixture, Mapping) else mixture
    if entries is None:
        raise ValueError("expected a list of {responses, probability} or a dict with a \"policy\" list")
    out = []
    for i, e in enumerate(entries):
        out.append(
            {
                "responses": [_name(n, f"policy[{i}].responses") for n in e["responses"]],
                "probability": _exact_text(e["probability"], f"policy[{i}].probability"),
            }
        )
    return json.dumps({"policy": out})


def robust(
    inst: Instance,
    k: int,
    policy: Optional[Mapping[str, Exact]] = None,
    mixture: Any = None,
    opponents: int = 1,
) -> Dict[str, Any]:
    """The exact worst case against opponents showing ``opponents`` (ℓ) responses, of a product
    policy (``policy``: name → probability) or a k-output policy (``mixture``: a list of
    ``{"responses": [...], "probability": p}``, or the dict :func:`optimal` returns)."""
    pairs = None if policy is None else _policy_pairs(policy)
    mix = None if mixture is None else _mixture_json(mixture)
    return _ualign.robust(inst._inner, int(k), pairs, mix, int(opponents))


def equilibrium(inst: Instance, k: int, precision: int = 192) -> Dict[str, Any]:
    """A symmetric equilibrium of the (k+1)-player game, with status ``exact``,
    ``certified-box`` (an exact equilibrium proved to lie in ``box``) or ``epsilon``."""
    return _ualign.equilibrium(inst._inner, int(k), int(precision))


def selfplay(
    inst: Instance,
    k: int,
    algo: str = "extragradient",
    iters: int = 10000,
    eta: Optional[float] = None,
    log_every: Optional[int] = None,
) -> Dict[str, Any]:
    """Self-play learning dynamics (``hedge``, ``optimistic-hedge``, ``extragradient``; step size
    ``eta``, default 1): float estimates (``*_f64``) and the last iterate made exact."""
    return _ualign.selfplay(inst._inner, int(k), algo, int(iters), eta, log_every)


def curve(
    inst: Instance,
    ks: Union[int, Iterable[int]],
    opponents: int = 2,
    max_columns: int = 20000,
    full: bool = False,
) -> Any:
    """The test-time scaling table: one row per k with NLHF, the equilibrium, v*_k (None when
    skipped), the union line, k/(k+1) and RLHF, all exact Fractions.

    Returns a ``pandas.DataFrame`` if pandas is importable (the envelope, ``opponents`` and
    ``rlhf_response`` in ``df.attrs``), else the list of row dicts; ``full=True`` returns the
    whole ``curve --json`` dict instead."""
    res = _ualign.curve(inst._inner, _ks(ks), int(opponents), int(max_columns))
    if full:
        return res
    rows = res["rows"]
    try:
        import pandas as pd
    except ImportError:
        return rows
    df = pd.DataFrame(rows)
    df.attrs.update({key: v for key, v in res.items() if key != "rows"})
    return df


def certify(
    inst: Instance,
    ks: Union[int, Iterable[int]],
    path: Any,
    opponents: int = 2,
    max_columns: int = 20000,
) -> Dict[str, Any]:
    """Writes a certificate of everything ualign can prove for ``ks`` to ``path`` and returns
    its claims (``{index, kind}``) and notes on claims left out."""
    return _ualign.certify(inst._inner, _ks(ks), str(path), int(opponents), int(max_columns))


def verify(path: Any) -> Dict[str, Any]:
    """Checks a certificate with the independent checker: ``ok``, ``status`` (``ok``,
    ``failed``, ``malformed``), ``claims`` as ``{index, kind, k, ok, message}`` and ``error``."""
    return _ualign.verify(str(path))


def report(path: Any, format: str = "md") -> str:
    """Checks a certificate and returns what it proves, for people: Markdown (``"md"``) or a
    LaTeX fragment (``"tex"``), as ``ualign report`` prints it. Raises ``ValueError`` (with the
    checker's message) when the certificate is malformed or a claim fails."""
    return _ualign.report(str(path), format)
