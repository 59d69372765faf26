"""ualign_check_family: the plain-Python check of ualign *family* certificates.

A family certificate (format `ualign-family-certificate`; docs/THEORY.md §9, proofs/README.md)
states v*_k of impartial culture or of the Condorcet cycle on N responses, for one N
(`family_value`) or for every N >= N0 (`family_symbolic`, impartial culture), without listing the
N! (or N) user types. ualign_check.py, which lives beside this file, reads the JSON, sees the
format and calls `check(uc, doc, result, on_claim)` with itself as `uc` (for the shared strict
schema readers, number parsing and verdict types). This file holds only the family mathematics,
re-derived with its own code, standard library only. Both families have one rival orbit, so the
uniform rival is an optimal dual and v*_k is the best orbit's closed-form win rate (§9.1-§9.3);
"for every N >= N0" is proved by Descartes' rule after the shift N = N0 + t (§9.4).
"""
import itertools
from fractions import Fraction as Q

MAX_FAMILY_K, MAX_FAMILY_N, MAX_COEFFS = 16, 10**6, 8


def schema(uc):
    """The strict reader of a family certificate (unknown or missing fields are malformed)."""
    claims = {
        "family_value": uc.struct(n=uc.u64, k=uc.u64, value=uc.string,
                                  multiplicities=uc.list_of(uc.u64), gaps=uc.list_of(uc.u64)),
        "family_symbolic": uc.struct(k=uc.u64, valid_for_n_at_least=uc.u64, limit=uc.string,
                                     numerator=uc.list_of(uc.string),
                                     denominator=uc.list_of(uc.string),
                                     pattern=uc.list_of(uc.u64)),
    }

    def claim(v, w):
        uc.expect(type(v) is dict and v.get("kind") in claims, v, w, "a family claim")
        return dict(claims[v["kind"]]({x: y for x, y in v.items() if x != "kind"}, w),
                    kind=v["kind"])
    return uc.struct(format=uc.string, version=uc.u64, tool=uc.string,
                     family=uc.one_of("impartial", "cycle"), claims=uc.list_of(claim))


def partitions(k, parts, largest=None):
    """The partitions of k into at most `parts` parts, each non-increasing."""
    if k == 0:
        yield ()
    for c in range(min(k, k if largest is None else largest), 0, -1):
        if parts > 0:
            yield from ((c,) + rest for rest in partitions(k - c, parts - 1, c))


def ic_share(pattern):
    """Impartial culture: the uniform rival's share against the pattern is a + b/N (§9.2)."""
    d = len(pattern)
    return Q(1, d + 1), sum(Q(1, d * (c + 1)) for c in pattern) - Q(d, d + 1)


def cycle_win(blocks):
    """The cycle: W of the multiset with blocks (gap before, multiplicity) (§9.3)."""
    n = sum(g + 1 for g, _ in blocks)
    return 1 - sum(Q(g * (g + 1), 2) + Q(g + 1, c + 1) for g, c in blocks) / (n * n)


def best_win(family, pattern, n):
    """W of the best orbit with these (non-increasing) multiplicities on N responses."""
    if family == "impartial":
        a, b = ic_share(pattern)
        return 1 - a - b / n
    q, r = divmod(n - len(pattern), len(pattern))  # even spread, remainder to the largest c
    return cycle_win([(q + (i < r), c) for i, c in enumerate(pattern)])


def poly_mul(p, q):
    out = [Q(0)] * max(len(p) + len(q) - 1, 0)
    for i, j in itertools.product(range(len(p)), range(len(q))):
        out[i + j] += p[i] * q[j]
    while out and out[-1] == 0:
        out.pop()
    return out


def poly_shift(p, a):
    """The coefficients of p(a + t) in t (synthetic division)."""
    c = list(p)
    for i in range(len(c)):
        for j in range(len(c) - 2, i - 1, -1):
            c[j] += c[j + 1] * a
    return c


def value_claim(uc, family, c):
    n, k = c["n"], c["k"]
    m, gaps = c["multiplicities"], c["gaps"]
    if not (1 <= k <= MAX_FAMILY_K and 1 <= n <= MAX_FAMILY_N):
        raise uc.Malformed(f"k = {k}, n = {n} outside 1..{MAX_FAMILY_K}, 1..{MAX_FAMILY_N}")
    v = uc.parse_q(c["value"])
    if not m or min(m) < 1 or sum(m) != k:
        raise uc.Malformed(f"multiplicities {m} are not a partition of k = {k}")
    gaps_ok = gaps == [] if family == "impartial" else \
        len(gaps) == len(m) and sum(g + 1 for g in gaps) == n
    if len(m) > n or not gaps_ok:
        raise uc.Malformed(f"the orbit (multiplicities {m}, gaps {gaps}) is not one of N = {n}")
    w = cycle_win(list(zip(gaps, m))) if family == "cycle" else \
        best_win(family, sorted(m, reverse=True), n)
    uc.eq(w, v, lambda: "W(orbit) against the uniform rival")
    for lam in partitions(k, min(n, k)):
        uc.le(best_win(family, lam, n), v, lambda lam=lam: (f"W({list(lam)})", "v*_k"))
    return k, f"v*_{k} = {uc.show(v)} on N = {n} (primal orbit and uniform dual)"


def symbolic_claim(uc, family, c):
    k, n0, star = c["k"], c["valid_for_n_at_least"], c["pattern"]
    if family != "impartial" or not (1 <= k <= MAX_FAMILY_K and 1 <= n0 <= MAX_FAMILY_N):
        raise uc.Malformed(f"family_symbolic needs the impartial family, k <= {MAX_FAMILY_K}, "
                           f"1 <= N0 <= {MAX_FAMILY_N}")
    if not star or min(star) < 1 or sum(star) != k:
        raise uc.Malformed(f"multiplicities {star} are not a partition of k = {k}")
    if not 0 < len(c["denominator"]) <= MAX_COEFFS or len(c["numerator"]) > MAX_COEFFS \
            or star != sorted(star, reverse=True):
        raise uc.Malformed("1 to 8 coefficients each, and a non-increasing pattern, are expected")
    num = [uc.parse_q(x) for x in c["numerator"]]
    den = [uc.parse_q(x) for x in c["denominator"]]
    limit = uc.parse_q(c["limit"])
    if len(star) > n0:
        raise uc.Failed(f"the pattern {star} needs {len(star)} responses > N0 = {n0}")
    a, b = ic_share(star)
    if poly_mul(num, [Q(0), Q(1)]) != poly_mul(den, [-b, 1 - a]):
        raise uc.Failed(f"numerator/denominator ≠ (1 − {uc.show(a)}) − ({uc.show(b)})/N, the "
                        f"value of the pattern {star}")
    shifted = poly_shift(den, n0)
    if min(shifted) < 0 or shifted[0] <= 0:
        raise uc.Failed(f"the denominator is not positive for every N ≥ {n0}")
    for lam in partitions(k, k):
        al, bl = ic_share(lam)
        d = poly_shift([bl - b, al - a], n0)
        if list(lam) != star and min(d) < 0:
            raise uc.Failed(f"pattern {list(lam)} beats {star} for some N ≥ {n0}: N·(g_λ − g*) "
                            f"at N = {n0} + t has coefficients {[uc.show(x) for x in d]}")
    uc.eq(1 - a, limit, lambda: "lim v*_k(N)")
    return k, f"v*_{k}(N) = numerator/denominator for every N ≥ {n0}"


def check(uc, doc, result, on_claim):
    """Checks a parsed family certificate, recording claims in `result` as ualign_check does."""
    cert = schema(uc)(doc, "certificate")
    if cert["version"] != 1:
        raise uc.Malformed(f"unsupported version {cert['version']} of a family certificate")
    if not cert["claims"]:
        raise uc.Malformed("the certificate makes no claims")
    result.instance_sha256 = "family:" + cert["family"]
    kinds = {"family_value": value_claim, "family_symbolic": symbolic_claim}
    uc.run_claims(cert["claims"], lambda c, _: kinds[c["kind"]](uc, cert["family"], c), result,
                  on_claim)
