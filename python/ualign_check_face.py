"""ualign_check_face: the face exemption of an off-support response in a certified box
(docs/THEORY.md §10.2), for the plain-Python checker ualign_check.py beside this file, which
calls `exempt(prof, support, y, k)` when the enclosure of U_k(y, .) over a box exceeds 1/(k+1).
Standard library only; re-derived from the instance alone.

On the face of the support S, U_k(y, pi) - 1/(k+1) = sum over the k-multisets g of draws from S
of Pr_pi(g) * b(g) with Pr_pi(g) >= 0 and b(g) = W(y, g) - 1/(k+1), where W(y, g) is y's
expected share in the presentation (y, g). If a support response s and a real lam have
b(g) <= lam * a(g) for every g, a(g) = W(s, g) - 1/(k+1), then at the box's exact zero pi*
(where U_k(s, pi*) = 1/(k+1)) U_k(y, pi*) <= 1/(k+1). The lam that work form an interval. Also
exempt: b(g) = sum_s lam_s * a_s(g) for all g and some reals lam_s (a consistent linear system).
"""
import math
from fractions import Fraction as Q
from itertools import combinations_with_replacement as multisets

FACE_MAX_WORK = 1_000_000  # largest multisets x user orders examined (the Rust side's limit)


def exempt(prof, support, y, k):
    """True if some support s and real lam have b(g) <= lam * a(g) for every g, or b is a linear
    combination of the a_s."""
    orders, r, third = {}, len(support), Q(prof.wsum, k + 1)
    for w, rk in prof.users:  # orders on support + [y], tiers renumbered densely, merged
        tiers = sorted({rk[z] for z in support + [y]})
        key = tuple(tiers.index(rk[z]) for z in support + [y])
        orders[key] = orders.get(key, 0) + w
    if r == 0 or math.comb(r + k - 1, k) * len(orders) > FACE_MAX_WORK:
        return False
    ends = [[None, None, True] for _ in support]  # per s: [lo, hi] of lam, and non-empty
    span, consistent = [], True  # echelon rows (pivot, row) of sum_s lam_s a_s(g) = b(g)
    for g in multisets(range(r), k):
        w = [Q(0)] * (r + 1)
        for rk, wu in orders.items():
            top = min(rk[i] for i in g)
            ties = sum(rk[i] == top for i in g)
            for z in range(r + 1):
                if rk[z] <= top:
                    w[z] += wu if rk[z] < top else Q(wu, ties + 1)
        b = w[r] - third
        for e, ws in zip(ends, w):
            a = ws - third
            if a == 0:
                e[2] = e[2] and b <= 0
            elif a > 0:
                e[0] = b / a if e[0] is None else max(e[0], b / a)
            else:
                e[1] = b / a if e[1] is None else min(e[1], b / a)
            e[2] = e[2] and (e[0] is None or e[1] is None or e[0] <= e[1])
        if consistent:
            row = [ws - third for ws in w]
            for p, v in span:
                row = [x - row[p] * y for x, y in zip(row, v)]
            p = next((i for i in range(r) if row[i] != 0), None)
            if p is None:
                consistent = row[r] == 0
            else:
                span.append((p, [x / row[p] for x in row]))
        if not consistent and not any(e[2] for e in ends):
            return False
    return True
