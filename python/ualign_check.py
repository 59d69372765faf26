#!/usr/bin/env python3
"""ualign_check: a second, independent checker for ualign certificates.

Plain Python 3.9+, standard library only. It reads the certificate format of `proofs/README.md`
and re-derives every claim with its own code in exact arithmetic (`fractions.Fraction`, and
Python integers over a common denominator in the hot loops). It shares no code with the Rust
checker (`ualign verify`) and follows its semantics exactly: the same strict reading, the same
limits and cost model, the same split between malformed (exit 2) and failed (exit 1).

    python3 ualign_check.py CERT.json...          one line per claim, printed as it is checked
    python3 ualign_check.py --json CERT.json...   one JSON object with a status per file

Exit codes: 0 every claim of every file holds; 1 a claim fails; 2 a file is malformed (2 wins
over 1 across files); 3 an internal error of this checker (never a verdict). Importable:
`check_file(path)` and `check_text(text)` return a `Result`.

Read top to bottom: limits; numbers; strict JSON and the schema; the instance, its hash and the
evaluator (docs/THEORY.md §1-§4: P(y > z), U_k, win rates); the per-claim reader and cost budget;
one function per claim kind (§8) and the table CLAIMS; the Krawczyk test (§10); the driver.
"""

import functools
import hashlib
import json
import math
import os
import re
import sys
from fractions import Fraction as Q
from itertools import combinations_with_replacement as multisets

# ---------------------------------------------------------------------------------------------
# Limits: the Rust checker's (proofs/README.md section 5).
FORMAT, VERSION, INSTANCE_FORMAT = "ualign-certificate", 1, "ualign-instance/1"
MAX_FILE_BYTES = 16 << 20
MAX_NUMBER_CHARS = 20_000  # UTF-8 bytes of one number string
MAX_PROFILE_ENTRIES = 10_000_000  # user types x responses
MAX_K = 1024  # largest k and ell
BALL_PRECISION = range(32, 8193)  # accepted box.ball_precision
MAX_MULTISETS = 200_000  # largest C(m+k-1, k) one claim may enumerate
MAX_LCM_BITS = 200_000  # common denominator of one claim's numbers, and of the weights
DEFAULT_MAX_COST = 60 * 10**9  # modelled cost of one file (units of about a nanosecond)

class Malformed(Exception):
    """Not a well-formed certificate (exit code 2)."""

class Failed(Exception):
    """A relation between well-formed numbers does not hold (exit code 1)."""

# ---------------------------------------------------------------------------------------------
# Numbers: strings "p/q", "p" or a finite decimal "0.125"; never a JSON number or a float.
# Rust's str::trim removes exactly the Unicode White_Space characters.
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# The one number grammar (README, "Number grammar"): nothing trimmed, no "+", no leading zeros
# unless the number is 0, no "-0", no ".5" or "5.", no exponents.
NUMBER = re.compile(r"(-?)(0|[1-9][0-9]*)(?:/(0|[1-9][0-9]*)|\.([0-9]+))?")

def utf8_len(s): return len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))
def parse_q(s):
    """An exact rational from "p/q", "p" or "d.ddd" in the strict grammar above."""
    if not s or utf8_len(s) > MAX_NUMBER_CHARS:
        raise Malformed(f"number has {utf8_len(s)} characters, not 1 to {MAX_NUMBER_CHARS}")
    g = NUMBER.fullmatch(s)
    if g and g[3] == "0":
        raise Malformed(f"`{s}` has a zero denominator")
    x = (Q(int(g[2]), int(g[3])) if g[3] else Q(int(g[2] + g[4]), 10 ** len(g[4])) if g[4]
         else Q(int(g[2]))) if g else None
    if x is None or g[1] and x == 0:
        raise Malformed(f"`{s}` is not an exact rational (\"p/q\", \"p\" or a decimal \"0.125\")")
    return -x if g[1] else x

def fmt_q(x): return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
def show(x):
    """Exact p/q when short; else a 7-digit decimal and the numerator/denominator digit counts."""
    s = fmt_q(x)
    if len(s) <= 40:
        return s
    n, d = abs(x.numerator), x.denominator
    e = len(str(n)) - len(str(d))  # 10^(e-1) < n/d < 10^(e+1)
    if n * 10 ** max(0, -e) < d * 10 ** max(0, e):
        e -= 1
    mant = (n * 10 ** max(0, 7 - e) // (d * 10 ** max(0, e - 7)) + 5) // 10
    if mant == 10 ** 7:
        mant, e = 10 ** 6, e + 1
    mant = f"{'-' if x < 0 else ''}{str(mant)[0]}.{str(mant)[1:]}"
    return f"≈ {mant}e{e} ({len(str(n))}/{len(str(d))} digits)"

# ---------------------------------------------------------------------------------------------
# Strict JSON, as serde_json reads it: duplicate keys, NaN/Infinity and lone surrogates are
# rejected; a JSON number is never a rational (only integers in 0..2^64 are kept, for k, ell,
# version and claim references; any other number is a JsonNumber, which no field accepts).

class JsonNumber:
    def __init__(self, text):
        self.text = text

def _int(text):
    return int(text) if text[0] != "-" and len(text) <= 20 and int(text) < 1 << 64 \
        else JsonNumber(text)
def _pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise Malformed(f"invalid JSON: duplicate key `{key}`")
        out[key] = value
    return out

def _constant(name):
    raise Malformed(f"invalid JSON: `{name}` is not a JSON value")
def load_json(text):
    try:
        doc = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=JsonNumber,
                         parse_constant=_constant)
        if re.search(r"\\u[dD][89a-fA-F]", text):  # only escapes can make lone surrogates
            json.dumps(doc, ensure_ascii=False, default=lambda n: n.text).encode("utf-8")
    except (ValueError, RecursionError) as e:  # UnicodeEncodeError is a ValueError
        raise Malformed(f"invalid JSON: {e}") from None
    return doc

# The schema (what serde checks before any claim is read). A reader takes (value, where) and
# returns the value, or raises Malformed.
def expect(ok, v, where, want):
    if not ok:
        found = json.dumps(v, default=lambda n: n.text)[:40]
        raise Malformed(f"invalid certificate: {where}: expected {want}, found {found}")
    return v
def typed(t, want):
    return lambda v, w: expect(type(v) is t, v, w, want)

string, u64, boolean = typed(str, "a string"), typed(int, "an integer 0..2^64"), \
    typed(bool, "true or false")
def list_of(item, length=None):
    def read(v, w):
        expect(type(v) is list and length in (None, len(v)), v, w,
               "a list" + (f" of {length}" if length else ""))
        return [item(x, f"{w}[{i}]") for i, x in enumerate(v)]
    return read

def name_map(v, w):
    """{name: "p/q"} as pairs in document order (duplicate keys were rejected while parsing)."""
    expect(type(v) is dict, v, w, "an object mapping response names to rational strings")
    return [(name, string(x, f"{w}.{name}")) for name, x in v.items()]
def struct(**fields):
    """An object with exactly these fields; a name ending in `_` is optional (absent or null
    gives None), e.g. `box_` for the key `box`."""
    spec = {name.rstrip("_"): (reader, name.endswith("_")) for name, reader in fields.items()}

    def read(v, w):
        expect(type(v) is dict, v, w, "an object")
        for key in v:
            if key not in spec:
                raise Malformed(f"invalid certificate: {w}: unknown field `{key}`")
        out = {}
        for name, (reader, optional) in spec.items():
            if v.get(name) is None and optional:
                out[name] = None
            elif name not in v:
                raise Malformed(f"invalid certificate: {w}: missing field `{name}`")
            else:
                out[name] = reader(v[name], f"{w}.{name}")
        return out
    return read

def variant(**variants):
    """An externally tagged enum: an object with exactly one key, the variant."""
    def read(v, w):
        expect(type(v) is dict and len(v) == 1 and list(v)[0] in variants, v, w,
               " or ".join(f"{{\"{x}\": ...}}" for x in variants))
        (name, x), = v.items()
        return name, variants[name](x, f"{w}.{name}")
    return read

def one_of(*values):
    return lambda v, w: expect(v in values, v, w, " or ".join(f"`{x}`" for x in values))

MASS = struct(responses=list_of(string), probability=string)
DUAL = struct(bound=string, **{"lambda": name_map})
INSTANCE = struct(format_=string, description_=string, responses=list_of(string), users=list_of(
    struct(name_=string, weight=string,  # a tier is a name or a list of names
           ranking=list_of(lambda v, w: [v] if type(v) is str else list_of(string)(v, w)))))
CLAIM_SCHEMAS = {
    "maximal_lottery": struct(p=name_map, unique=boolean, alternative_=name_map,
                              uniqueness_=list_of(struct(response=string, lower=DUAL, upper=DUAL))),
    "nlhf_robust_win_rate": struct(policy=name_map, k=u64, value=string, worst_opponent=string),
    "equilibrium": struct(k=u64, status=one_of("exact", "certified-box", "epsilon"),
                          policy=name_map, exploitability=string, box_=struct(
                              support=list_of(string), lo=list_of(string), hi=list_of(string),
                              center=list_of(string), preconditioner=list_of(list_of(string)),
                              ball_precision_=u64)),
    "koutput_value": struct(k=u64, value_=string, bracket_=list_of(string, 2),
                            primal=list_of(MASS), dual=name_map),
    "robust_win_rate": struct(k=u64, ell=u64, value=string, worst_opponent=list_of(string),
                              policy=variant(product=name_map, mixture=list_of(MASS))),
    "barrier": struct(eps=string, maximal_lottery_claim=u64,
                      bounds=list_of(struct(k=u64, opponent=string, win_rate=string))),
}

def claim_schema(v, w):
    """An internally tagged enum: the field `kind` selects the schema of the other fields."""
    expect(type(v) is dict and "kind" in v, v, w, "an object with a `kind`")
    kind = expect(type(v["kind"]) is str and v["kind"] in CLAIM_SCHEMAS, v["kind"], f"{w}.kind",
                  "a known claim kind")
    return dict(CLAIM_SCHEMAS[kind]({x: y for x, y in v.items() if x != "kind"}, w), kind=kind)

CERTIFICATE = struct(format=string, version=u64, tool=string, instance=INSTANCE,
                     instance_sha256=string, claims=list_of(claim_schema))

# ---------------------------------------------------------------------------------------------
# Sizes of numbers (for the limits and the cost model) and integers over a common denominator.
class SizeBound:
    """The least common denominator and the largest numerator of a set of numbers."""
    def __init__(self):
        self.lcm, self.num_bits = 1, 0
    def add(self, x, what):
        self.lcm = self.lcm // math.gcd(self.lcm, x.denominator) * x.denominator
        self.num_bits = max(self.num_bits, abs(x.numerator).bit_length())
        if self.lcm.bit_length() > MAX_LCM_BITS:
            raise Malformed(f"{what}: the common denominator exceeds {MAX_LCM_BITS} bits")
    def bits(self):
        return max(self.lcm.bit_length(), self.num_bits)

def bits_of(xs):  # the cost model's size of a policy: SizeBound.bits over its entries
    return max(math.lcm(*(x.denominator for x in xs)).bit_length(),
               max(abs(x.numerator).bit_length() for x in xs))
def common_den(xs):
    """Integers a and D with xs[i] = a[i] / D."""
    d = math.lcm(*(x.denominator for x in xs)) if xs else 1
    return [x.numerator * (d // x.denominator) for x in xs], d
def lcm_upto(n): return math.lcm(*range(1, n + 1)) if n else 1

# ---------------------------------------------------------------------------------------------
# The instance (docs/THEORY.md §1), its canonical form, and the evaluator (§2-§4).
class Profile:
    """A validated preference profile. `users` holds the canonical user types as (W, rank):
    integer weights W with omega = W / wsum, and rank[y] = tier of y (0 best; unlisted
    responses share the bottom tier). Identical orders are merged (their weights added): every
    quantity below is linear in the weights, so this changes no value."""

    def __init__(self, doc, max_cost=DEFAULT_MAX_COST):
        if doc["format"] not in (None, INSTANCE_FORMAT):
            raise Malformed(f"instance: format `{doc['format']}`, expected `{INSTANCE_FORMAT}`")
        names, users, index = doc["responses"], doc["users"], {}
        m = len(names)
        if m == 0:
            raise Malformed("instance: zero responses")
        for i, n in enumerate(names):
            if not n.strip(WHITE_SPACE) or n in index:
                raise Malformed(f"instance: response name `{n}` is empty or repeated")
            index[n] = i
        if not users:
            raise Malformed("instance: no user types")
        if len(users) * m > MAX_PROFILE_ENTRIES:
            raise Malformed(f"instance: {len(users)} user types × {m} responses exceed the "
                            f"limit of {MAX_PROFILE_ENTRIES} rank entries")
        size, canonical, self.read_cost = SizeBound(), {}, 0
        for u, user in enumerate(users):
            try:
                w = parse_q(user["weight"])
            except Malformed as e:
                raise Malformed(f"instance: users[{u}].weight: {e}") from None
            self.read_cost += parse_cost(utf8_len(user["weight"]))
            if self.read_cost > max_cost:
                raise Malformed(f"instance: users[{u}].weight: reading the weights costs "
                                f"{seconds(self.read_cost)}, over the budget of {seconds(max_cost)}")
            if w <= 0:
                raise Malformed(f"instance: users[{u}].weight is not positive")
            size.add(w, "instance weights")
            tiers, seen = [], set()
            for tier in user["ranking"]:
                if not tier:
                    raise Malformed(f"instance: users[{u}] has an empty tier")
                for n in tier:
                    if n not in index or index[n] in seen:
                        raise Malformed(f"instance: users[{u}]: response `{n}` is unknown or "
                                        "listed twice")
                    seen.add(index[n])
                tiers.append(tuple(sorted(index[n] for n in tier)))
            if len(seen) == m and tiers:  # a last tier of all remaining responses is implicit
                tiers.pop()
            canonical[tuple(tiers)] = canonical.get(tuple(tiers), 0) + w
        self.names, self.index, self.m, self.n_doc_users = names, index, m, len(users)
        self.canonical = sorted(canonical.items())  # users sorted by their tiers
        weights, _ = common_den([w for _, w in self.canonical])
        self.wsum, self.users = sum(weights), []
        for (tiers, _), w in zip(self.canonical, weights):
            rank = [len(tiers)] * m
            for t, ys in enumerate(tiers):
                for y in ys:
                    rank[y] = t
            self.users.append((w, rank))
        self.weight_bits = size.bits() + len(users).bit_length()
        self._margins = None

    def sha256(self):
        """SHA-256 of the compact JSON of the canonical form (byte for byte the Rust one's)."""
        doc = {"format": INSTANCE_FORMAT, "responses": self.names, "users": [
            {"weight": fmt_q(w), "ranking": [[self.names[y] for y in t] for t in tiers]}
            for tiers, w in self.canonical]}
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def margins(self):
        """M(y, z) = P(y > z) - 1/2, P counting a tie as half (docs/THEORY.md §2)."""
        if self._margins is None:
            m = self.m
            count = [[0] * m for _ in range(m)]  # 2 * wsum * P(y > z)
            for w, r in self.users:
                for y in range(m):
                    for z in range(m):
                        count[y][z] += 2 * w if r[y] < r[z] else w if r[y] == r[z] else 0
            self._margins = [[Q(c - self.wsum, 2 * self.wsum) for c in row] for row in count]
        return self._margins

    def tier_masses(self, a):
        """Per user (W, rank, at, below): the integer mass of `a` at each tier and below it."""
        out = []
        for w, rank in self.users:
            at = [0] * (max(rank) + 1)
            for y, t in enumerate(rank):
                at[t] += a[y]
            below = [0] * len(at)
            for t in range(len(at) - 2, -1, -1):
                below[t] = below[t + 1] + at[t + 1]
            out.append((w, rank, at, below))
        return out

    def opponent_shares(self, pi, k, opponents, ell=1):
        """E_{S ~ pi^k}[share of O in S ++ O] for each multiset O (docs/THEORY.md §4). For
        user u let p, r be the pi-mass of O's best tier and below it, c the number of O's
        positions there: sum_u omega_u sum_j C(k,j) p^j r^(k-j) c/(c+j). In integers: pi = a/D,
        and c/(c+j) = (L c/(c+j)) / L with L = lcm(1..k+ell)."""
        a, d = common_den(pi)
        lcm, cache, out = lcm_upto(k + ell), {}, []
        masses = self.tier_masses(a)
        for o in opponents:
            total = 0
            for w, rank, at, below in masses:
                best = min(rank[y] for y in o)
                key = (at[best], below[best], sum(1 for y in o if rank[y] == best))
                if key not in cache:
                    cache[key] = poly_ints(*key, k, lcm)
                total += w * cache[key]
            out.append(Q(total, self.wsum * lcm * d ** k))
        return out

    def payoffs(self, pi, k):
        """U_k(y, pi) for every y: the expected share of a lone deviator y against pi^k."""
        return self.opponent_shares(pi, k, [(y,) for y in range(self.m)])
    def win_rate(self, s, o):
        """WR(S, O) = 1 - (O's share in S ++ O): each user splits its weight equally among the
        positions in the best tier present (docs/THEORY.md §2)."""
        lcm, total = lcm_upto(len(s) + len(o)), 0
        for w, rank in self.users:
            best = min(rank[y] for y in s + o)
            cs, co = sum(rank[y] == best for y in s), sum(rank[y] == best for y in o)
            total += w * co * (lcm // (cs + co))
        return 1 - Q(total, self.wsum * lcm)

def poly_ints(p, r, c, k, lcm):
    """lcm times h(p, r) = sum_j C(k,j) p^j r^(k-j) c/(c+j) for integers p, r: an integer,
    since lcm is a multiple of every c+j."""
    pw, rw = [1], [1]
    for _ in range(k):
        pw.append(pw[-1] * p)
        rw.append(rw[-1] * r)
    return sum(math.comb(k, j) * (lcm * c // (c + j)) * pw[j] * rw[k - j] for j in range(k + 1))

def tier_poly(p, r, k, f=None, up=False):
    """[h, dh/dp, dh/dr] (c = 1) = [G, G_a, G_a + G_l]/(k+1) at a = p + r, l = r, G(a, l) =
    sum_j a^j l^(k-j), by Horner: exactly, or in f-bit fixed point with inputs and products
    rounded down (up if `up`), then a lower (upper) bound, as all terms are >= 0 (p, r >= 0)."""
    sg = -1 if up else 1  # rounding sg·x down rounds x down (sg = 1) or up (sg = -1)
    if f is None:
        (a, l), d = common_den([p + r, r])
        mul, g, dens = (lambda x, y: x * y), 1, (d ** k, d ** max(k - 1, 0))
    else:
        a, l = (sg * ((sg * x.numerator << f) // x.denominator) for x in (p + r, r))
        mul, g, dens = (lambda x, y: sg * (sg * x * y >> f)), 1 << f, (1 << f, 1 << f)
    lp, ga, gl = g, 0, 0
    for j in range(1, k + 1):
        gl, ga = mul(a, gl) + j * lp, g + mul(a, ga)
        lp = mul(lp, l)
        g = mul(a, g) + lp
    return Q(g, dens[0] * (k + 1)), Q(ga, dens[1] * (k + 1)), Q(ga + gl, dens[1] * (k + 1))

# ---------------------------------------------------------------------------------------------
# Reading one claim: numbers, names and multisets (domain errors are Malformed), with the sizes
# of its numbers tracked for the cost budget.

class Priced(Exception):
    """A claim was read in the pricing pass; args[0] is its modelled cost."""

class Reader:
    """Reads one claim; pricing pass: `meter` = [file's cost so far, budget], `price` stops."""
    def __init__(self, prof, meter=None):
        self.prof, self.size, self.meter, self.parsed = prof, SizeBound(), meter, 0
    def sizes(self):
        """m, n (user types as listed), b (bits of this claim's numbers so far), w (weights)."""
        return self.prof.m, self.prof.n_doc_users, self.size.bits(), self.prof.weight_bits
    def price(self, evaluation):
        if self.meter:
            raise Priced(self.parsed + evaluation)
    def num(self, s, what, lo=None, hi=None):
        """A rational; below `lo` or above `hi` it is outside its domain (malformed)."""
        try:
            x = parse_q(s)  # its length is checked first
        except Malformed as e:
            raise Malformed(f"{what}: {e}") from None
        c = parse_cost(utf8_len(s))
        self.parsed += c
        if self.meter:
            self.meter[0] += c
            if self.meter[0] > self.meter[1]:
                raise Malformed(f"{what}: reading the file's numbers up to here costs "
                                f"{seconds(self.meter[0])}, over the budget of {seconds(self.meter[1])}")
        self.size.add(x, what)
        if lo is not None and x < lo or hi is not None and x > hi:
            raise Malformed(f"{what} = {show(x)} is " +
                            ("negative" if lo is not None and x < lo else f"over {hi}"))
        return x

    def k(self, k, what):
        if not 1 <= k <= MAX_K:
            raise Malformed(f"{what} = {k} is outside 1..={MAX_K}")
        return k
    def response(self, name, what):
        if name not in self.prof.index:
            raise Malformed(f"{what}: unknown response `{name}`")
        return self.prof.index[name]
    def vector(self, pairs, what, lo=0, hi=1):
        """A name map as a list indexed by response (missing names are 0); by default
        probabilities."""
        v = [Q(0)] * self.prof.m
        for name, s in pairs:
            y = self.response(name, what)
            v[y] = self.num(s, f"{what}({name})", lo, hi)
        return v

    def multiset(self, names, size, what):
        if len(names) != size:
            raise Malformed(f"{what} has {len(names)} responses, expected {size}")
        return tuple(sorted(self.response(n, what) for n in names))
    def mixture(self, entries, k, what):
        """k-multisets with probabilities, each multiset at most once."""
        out = {}
        for i, e in enumerate(entries):
            s = self.multiset(e["responses"], k, f"{what}[{i}]")
            p = self.num(e["probability"], f"{what}[{i}].probability", 0, 1)
            if s in out:
                raise Malformed(f"{what}[{i}]: multiset {names(self.prof, s)} listed twice")
            out[s] = p
        return list(out.items())

def multiset_count(m, k):
    """C(m+k-1, k), refused above MAX_MULTISETS (computed with early exit)."""
    c = 1
    for i in range(k):
        c = c * (m + i) // (i + 1)
        if c > MAX_MULTISETS:
            raise Malformed(f"C({m + k - 1}, {k}) multisets exceed the limit of {MAX_MULTISETS}")
    return c

def names(prof, s): return "{" + ", ".join(prof.names[y] for y in s) + "}"
def le(lhs, rhs, what):
    if lhs > rhs:
        raise Failed(f"{what} fails: {show(lhs)} > {show(rhs)}")
def eq(derived, claimed, what):
    if derived != claimed:
        raise Failed(f"{what} = {show(derived)} ≠ claimed {show(claimed)}")
def sum_is_one(xs, what): eq(sum(xs, Q(0)), Q(1), f"Σ {what}")

# The cost model, the Rust checker's (crates/ualign-check/src/cost.rs; proofs/README.md
# section 5): integers, in units of about a nanosecond of the Rust checker's work. mul: an x-bit
# by y-bit product; rop: a reduced rational operation; user_eval: one user's term of U_k at k
# with b-bit policy and w-bit weights; evaluation: all n users and the comparison.
SAFETY = 6
def mul(x, y): return SAFETY * (150 + (x // 64 + 1) * (y // 64 + 1))
def rop(x): return SAFETY * (200 + 10 * (x // 64 + 1) ** 2)
def parse_cost(chars): return rop(chars * 10 // 3 + 4)
def user_eval(k, b, w): return 2 * k * mul(k * b + 64, b) + mul(k * b + 64, w)
def evaluation(n, k, b, w): return n * user_eval(k, b, w) + 2 * mul(k * b + w + 64, b + 64)
def policy_cost(m, b): return 3 * m * rop(b)
def margins_cost(m, n, w): return m * m * (n * mul(w, 8) + rop(w))
def krawczyk_cost(m, n, r, k, b, w):
    big = k * b + w + 64
    return ((m + 2 * r) * n * (3 * user_eval(k, b, 0) + 4 * rop(big)) + r * evaluation(n, k, b, w)
            + (r + 8 * r ** 3) * rop(big))
def ball_cost(m, n, r, k, p, big_b, w):  # a box tested in p-bit outward-rounded fixed point
    return (n * (2 * m + 3 * r) * (3 * k * mul(p + 64, p + 64) + mul(p + 64, w))
            + (r + 8 * r ** 3) * rop(p + big_b + w + 64))
def seconds(cost): return f"{cost // 10**9}.{cost % 10**9 // 10**7:02} s"

# ---------------------------------------------------------------------------------------------
# The claims (proofs/README.md section 2). Each reads all of its numbers first, checks the
# budget, then evaluates; it returns (k or None, detail). A new kind adds a schema to
# CLAIM_SCHEMAS and a function (reader, fields, earlier claims) -> (k, detail) to CLAIMS.

def is_maximal_lottery(prof, p, what):
    mm = prof.margins()
    for z in range(prof.m):
        col = sum((p[y] * mm[y][z] for y in range(prof.m)), Q(0))
        if col < 0:
            raise Failed(f"({what}ᵀM)({prof.names[z]}) ≥ 0 fails: {show(col)} < 0")

def maximal_lottery(rd, c, earlier):
    """p is a maximal lottery; unique: for each y, LP duals prove min p'(y) = max p'(y) = p(y)
    over all maximal lotteries p' (proofs/README.md); not unique: a second one."""
    prof, m = rd.prof, rd.prof.m
    p, evidence, alternative = rd.vector(c["p"], "p"), [], None
    if c["unique"]:
        if c["alternative"] is not None or c["uniqueness"] is None:
            raise Malformed("unique: true needs `uniqueness` evidence and no `alternative`")
        for e in c["uniqueness"]:
            y = rd.response(e["response"], "uniqueness.response")
            if y in [x[0] for x in evidence]:
                raise Malformed(f"uniqueness evidence for `{e['response']}` given twice")
            evidence.append((y, rd.num(e["lower"]["bound"], "lower.bound"),
                             rd.vector(e["lower"]["lambda"], "lower.lambda", 0, None),
                             rd.num(e["upper"]["bound"], "upper.bound"),
                             rd.vector(e["upper"]["lambda"], "upper.lambda", 0, None)))
        missing = [n for y, n in enumerate(prof.names) if y not in [e[0] for e in evidence]]
        if missing:
            raise Malformed(f"uniqueness evidence missing for response `{missing[0]}`")
    else:
        if c["uniqueness"] is not None or c["alternative"] is None:
            raise Malformed("unique: false needs an `alternative` and no `uniqueness`")
        alternative = rd.vector(c["alternative"], "alternative")
    _, n, b, w = rd.sizes()
    rd.price(margins_cost(m, n, w) + (m * m + 4 * m ** 3) * rop(b + w))
    sum_is_one(p, "p")
    is_maximal_lottery(prof, p, "p")
    mm = prof.margins()
    for y, t, lam, u, mu in evidence:
        name = prof.names[y]
        eq(t, p[y], f"lower.bound for {name} vs p({name})")
        eq(u, p[y], f"upper.bound for {name} vs p({name})")
        for z, zn in enumerate(prof.names):  # (M lam)(z) + t <= [z = y] <= u - (M mu)(z)
            ind = int(z == y)
            ml = sum((mm[z][x] * lam[x] for x in range(m)), Q(0))
            le(ml + t, ind, f"min p'({name}): (Mλ)({zn}) + t ≤ [{zn} = {name}]")
            mmu = sum((mm[z][x] * mu[x] for x in range(m)), Q(0))
            le(mmu + ind, u, f"max p'({name}): (Mμ)({zn}) + [{zn} = {name}] ≤ u")
    if alternative is None:
        return None, "p is the unique maximal lottery: 2m dual bounds checked"
    sum_is_one(alternative, "alternative")
    is_maximal_lottery(prof, alternative, "alternative")
    if alternative == p:
        raise Failed("`alternative` equals p, so it does not show non-uniqueness")
    return None, "p is a maximal lottery, not unique: a second one checked"

def nlhf_robust_win_rate(rd, c, earlier):
    """The maximal lottery p sampled k times: R_k(p^k) = 1 - max_y U_k(y, p) = value."""
    prof, m = rd.prof, rd.prof.m
    k = rd.k(c["k"], "k")
    p, value = rd.vector(c["policy"], "policy"), rd.num(c["value"], "value")
    worst = rd.response(c["worst_opponent"], "worst_opponent")
    _, n, b, w = rd.sizes()
    bp = bits_of(p)
    rd.price(margins_cost(m, n, w) + m * m * rop(b + w) + m * evaluation(n, k, bp, w)
             + policy_cost(m, bp))
    sum_is_one(p, "policy")
    is_maximal_lottery(prof, p, "policy")
    u, w = prof.payoffs(p, k), prof.names[worst]
    eq(1 - max(u), value, "R_k(p^⊗k) = 1 − max_y U_k(y, p)")
    eq(1 - u[worst], value, f"WR_k,1(p^⊗k, {w}) = 1 − U_k({w}, p)")
    return k, f"R_{k}(p^⊗{k}) = {show(value)}"

def equilibrium(rd, c, earlier):
    """Symmetric equilibria of the (k+1)-player game: exact, epsilon, or an exact one proved
    to lie in a box (Krawczyk)."""
    prof, m = rd.prof, rd.prof.m
    k = rd.k(c["k"], "k")
    pi = rd.vector(c["policy"], "policy")
    eps = rd.num(c["exploitability"], "exploitability", 0)
    box, status, r = c["box"], c["status"], 0
    if (status == "certified-box") != (box is not None):
        raise Malformed("status certified-box needs `box`, the other statuses have none")
    if box is not None:
        support = [rd.response(n, "box.support") for n in box["support"]]
        r = len(support)
        if r == 0 or len(set(support)) != r:
            raise Malformed("box.support must be a non-empty list of distinct responses")
        if (len(box["lo"]), len(box["hi"]), len(box["center"])) != (r, r, r - 1):
            raise Malformed(f"box: lo and hi need {r} entries and center {r - 1}")
        if len(box["preconditioner"]) != r - 1 or any(len(row) != r - 1
                                                     for row in box["preconditioner"]):
            raise Malformed(f"box.preconditioner must be a {r - 1} × {r - 1} matrix")
        lo, hi, center = ([rd.num(s, f"box.{x}") for s in box[x]] for x in ("lo", "hi", "center"))
        pre = [[rd.num(s, "box.preconditioner") for s in row] for row in box["preconditioner"]]
    ball = box and box["ball_precision"]
    if ball is not None and ball not in BALL_PRECISION:
        raise Malformed(f"box.ball_precision = {ball} is outside 32..=8192")
    if ball is not None and any(x.denominator & (x.denominator - 1) for x in lo + hi + center):
        raise Malformed("box: with ball_precision, lo, hi and center must be dyadic")
    _, n, b, w = rd.sizes()
    bp = bits_of(pi)
    rd.price(policy_cost(m, bp) + (ball_cost(m, n, r, k, ball, b, w) if ball else m * evaluation(
        n, k, bp, w) + (krawczyk_cost(m, n, r, k, b, w) if r else 0)))
    sum_is_one(pi, "policy")
    third, u = Q(1, k + 1), prof.payoffs(pi, k) if ball is None else [  # for ball boxes, the
        hi for _, hi in payoff_ivs(prof, pi, range(m), enclose(k, ball))]  # ε is an upper bound
    top = max(u)
    y = prof.names[u.index(top)]
    if status == "exact":
        eq(eps, Q(0), "status exact: exploitability")
        le(top, third, f"U_k({y}, π) ≤ 1/(k+1)")
        detail = "exact symmetric equilibrium, R_k = k/(k+1)"
    else:
        le(top, third + eps, f"U_k({y}, π) ≤ 1/(k+1) + ε")
        detail = f"ε(policy) = {show(top - third)} ≤ {show(eps)}"
    if box is None:
        return k, detail
    for z, zn in enumerate(prof.names):
        if z not in support and pi[z] != 0:
            raise Failed(f"policy({zn}) = 0 off the box support fails: it is {show(pi[z])}")
        if z in support and not lo[i := support.index(z)] <= pi[z] <= hi[i]:
            raise Failed(f"policy({zn}) ∈ [lo, hi] fails: {show(pi[z])} ∉ [{show(lo[i])}, "
                         f"{show(hi[i])}]")
    krawczyk(prof, k, support, lo, hi, center, pre, ball)
    how = "" if ball is None else f", outward-rounded to {ball} bits"
    return k, f"exact equilibrium in the box (Krawczyk{how}); {detail}"

def koutput_value(rd, c, earlier):
    """v*_k (docs/THEORY.md §6) by a primal mixture of k-multisets (>= lower) and a dual
    sigma in Delta(Y) (every k-multiset's win rate against sigma <= upper)."""
    prof, m = rd.prof, rd.prof.m
    k = rd.k(c["k"], "k")
    count = multiset_count(m, k)
    if (c["value"] is None) == (c["bracket"] is None):
        raise Malformed("give exactly one of `value` and `bracket`")
    if c["value"] is not None:
        lower = upper = rd.num(c["value"], "value")
    else:
        lower, upper = rd.num(c["bracket"][0], "bracket[0]"), rd.num(c["bracket"][1], "bracket[1]")
    primal = rd.mixture(c["primal"], k, "primal")
    sigma = rd.vector(c["dual"], "dual")
    _, n, b, w = rd.sizes()
    rd.price(len(primal) * m * (n * (k + 1) * rop(w) + rop(b + w))
             + count * n * (SAFETY * 10 * (k + 1) + 3 * mul(b + 2 * (k + 1) + 64, w)))
    le(lower, upper, "lower ≤ upper")
    sum_is_one([x for _, x in primal], "primal")
    sum_is_one(sigma, "dual")
    for y, yn in enumerate(prof.names):  # primal: sum_S x_S WR_k,1(S, y) >= lower
        wr = sum((x * prof.win_rate(s, (y,)) for s, x in primal if x != 0), Q(0))
        le(lower, wr, f"lower ≤ WR_k,1(x, {yn})")
    # Dual: for user u with best tier b among S (cnt positions there) the opponent's share is
    # sigma(above b) + sigma(b)/(cnt+1); in integers over sigma = s/D, omega = W/wsum, times
    # lam = lcm(1..k+1). Multisets in lexicographic order, like the Rust checker.
    s, d = common_den(sigma)
    lam = lcm_upto(k + 1)
    masses = [(w, rank, at, [sum(at[:t]) for t in range(len(at))])
              for w, rank, at, _ in prof.tier_masses(s)]
    scale = lam * d * prof.wsum
    threshold = (1 - upper) * scale
    for ms in multisets(range(m), k):
        total = 0
        for w, rank, at, above in masses:
            ranks = [rank[y] for y in ms]
            b = min(ranks)
            total += w * (lam * above[b] + lam // (ranks.count(b) + 1) * at[b])
        if total < threshold:
            raise Failed(f"WR_k,1({names(prof, ms)}, σ) ≤ upper fails: "
                         f"{show(1 - Q(total, scale))} > {show(upper)}")
    what = f"v*_{k} = {show(lower)}" if lower == upper else \
        f"{show(lower)} ≤ v*_{k} ≤ {show(upper)}"
    return k, f"{what}: {count} multisets checked against σ"

def robust_win_rate(rd, c, earlier):
    """R_k,ell(rho) = min over ell-multisets O of WR_k,ell(rho, O) = value, rho a product
    pi^k or a mixture of k-multisets."""
    prof, m = rd.prof, rd.prof.m
    k, ell = rd.k(c["k"], "k"), rd.k(c["ell"], "ell")
    count = multiset_count(m, ell)
    value = rd.num(c["value"], "value")
    worst = rd.multiset(c["worst_opponent"], ell, "worst_opponent")
    kind, policy = c["policy"]
    opponents = [worst] + list(multisets(range(m), ell))
    if kind == "product":
        pi = rd.vector(policy, "policy.product")
        _, n, _, w = rd.sizes()
        b = bits_of(pi)
        rd.price((count + 1) * evaluation(n, k, b, w) + policy_cost(m, b))
        sum_is_one(pi, "policy.product")
        rates = [1 - x for x in prof.opponent_shares(pi, k, opponents, ell)]
    else:
        mix = rd.mixture(policy, k, "policy.mixture")
        _, n, b, w = rd.sizes()
        rd.price(len(mix) * (count + 1) * (n * (k + ell) * rop(w) + rop(b + w)))
        sum_is_one([x for _, x in mix], "policy.mixture")
        rates = [sum((x * prof.win_rate(s, o) for s, x in mix if x != 0), Q(0))
                 for o in opponents]
    eq(rates[0], value, f"WR_k,ℓ(ρ, {names(prof, worst)})")
    for o, wr in zip(opponents[1:], rates[1:]):
        le(value, wr, f"value ≤ WR_k,ℓ(ρ, {names(prof, o)})")
    return k, f"R_{k},{ell}(ρ) = {show(value)} over {count} opponents"

def barrier(rd, c, earlier):
    """The NLHF barrier: the unique maximal lottery p of an earlier claim has
    WR_k,1(p^k, opponent) = win_rate <= 1/2 + eps for each listed k."""
    prof, idx = rd.prof, c["maximal_lottery_claim"]
    eps = rd.num(c["eps"], "eps")
    if idx >= len(earlier) or earlier[idx]["kind"] != "maximal_lottery":
        raise Malformed(f"maximal_lottery_claim {idx} is not an earlier maximal_lottery claim")
    if not c["bounds"]:
        raise Malformed("barrier lists no k")
    p = rd.vector(earlier[idx]["p"], "p")
    items = [(rd.k(b["k"], f"bounds[{i}].k"), rd.response(b["opponent"], f"bounds[{i}].opponent"),
              rd.num(b["win_rate"], f"bounds[{i}].win_rate")) for i, b in enumerate(c["bounds"])]
    (_, n, _, w), b, kmax = rd.sizes(), bits_of(p), max(k for k, _, _ in items)
    rd.price(policy_cost(prof.m, b) + sum(evaluation(n, k, b, w) for k, _, _ in items))
    if not earlier[idx]["unique"]:
        raise Failed(f"claim {idx} does not certify a unique maximal lottery")
    for k, o, w in items:
        what = f"k = {k}: WR_k,1(p^⊗k, {prof.names[o]})"
        eq(1 - prof.opponent_shares(p, k, [(o,)])[0], w, what)
        le(w, Q(1, 2) + eps, f"{what} ≤ ½ + eps")
    ks = ", ".join(str(k) for k, _, _ in items)
    return kmax, f"R_k(p^⊗k) ≤ ½ + {show(eps)} for k ∈ {{{ks}}}"

CLAIMS = {f.__name__: f for f in (maximal_lottery, nlhf_robust_win_rate, equilibrium,
                                   koutput_value, robust_win_rate, barrier)}  # kind -> check

# ---------------------------------------------------------------------------------------------
# The Krawczyk test for certified boxes: exact interval arithmetic (pairs lo, hi) on enclosures.
#
# Unknowns x_i = pi(s_i), i < r; pi(s_r) = 1 - sum x; F_i(x) = U_k(s_i, pi) - U_k(s_r, pi).
# K(X) = x~ - C F(x~) + (I - C J(X)) (X - x~) inside interior(X) proves a unique zero of F in
# X; with positive support coordinates and off-support payoffs <= 1/(k+1) over X it is an exact
# equilibrium (exchangeability, docs/THEORY.md §4; proofs/README.md `equilibrium`).

def iv_add(a, b): return a[0] + b[0], a[1] + b[1]
def iv_sub(a, b): return a[0] - b[1], a[1] - b[0]
def iv_mul(a, b): return min(c := (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])), max(c)
def tier_box(rank, t, piv):
    """Enclosures of the mass p of tier t and r below it over the box. Every point is a
    distribution, so also p <= A_hi - r_lo, p >= A_lo - r_hi, r <= A_hi - p_lo (A = 1 - above)."""
    p = r = above = (Q(0), Q(0))
    for ry, x in zip(rank, piv):
        if ry == t:
            p = iv_add(p, x)
        elif ry > t:
            r = iv_add(r, x)
        else:
            above = iv_add(above, x)
    a_lo, a_hi = 1 - above[1], 1 - above[0]
    return (max(a_lo - r[1], p[0]), min(a_hi - r[0], p[1])), (r[0], min(a_hi - p[0], r[1]))

def enclose(k, ball):
    """(p, r, up) -> bounds below (above if `up`) of tier_poly(p, r, k): exact, or for ball boxes
    fixed point with ball + 2 bits(k+1) + 8 fractional bits (docs/THEORY.md §10.1); cached."""
    f = ball and ball + 2 * (k + 1).bit_length() + 8
    return functools.lru_cache(None)(lambda p, r, up: tier_poly(p, r, k, f, up))
def payoff_ivs(prof, pi, ys, enc):
    """Enclosures (lo, hi) of U_k(y, pi) for y in ys."""
    a, d = common_den(pi)
    masses = prof.tier_masses(a)
    return [tuple(sum(w * enc(Q(at[rk[y]], d), Q(below[rk[y]], d), up)[0] for w, rk, at, below
                      in masses) / prof.wsum for up in (False, True)) for y in ys]

def krawczyk(prof, k, support, lo, hi, center, c, ball):
    enc = enclose(k, ball)
    r, m = len(support), prof.m
    d, name = r - 1, [prof.names[s] for s in support]
    for i in range(r):
        if lo[i] <= 0:
            raise Failed(f"π({name[i]}) > 0 over the box fails: lo = {show(lo[i])} ≤ 0")
        le(lo[i], hi[i], f"lo ≤ hi for π({name[i]})")
    dl, dh = 1 - sum(hi[:d], Q(0)), 1 - sum(lo[:d], Q(0))  # the range of 1 - sum x_i
    le(lo[d], dl, f"lo({name[d]}) ≤ 1 − Σ hi")
    le(dh, hi[d], f"1 − Σ lo ≤ hi({name[d]})")
    for i in range(d):
        if not lo[i] <= center[i] <= hi[i]:
            raise Failed(f"center x̃({name[i]}) ∈ [lo, hi] fails: {show(center[i])} ∉ "
                         f"[{show(lo[i])}, {show(hi[i])}]")
    piv = [(Q(0), Q(0))] * m
    for s, x in zip(support, list(zip(lo, hi))[:d] + [(dl, dh)]):
        piv[s] = x
    third = Q(1, k + 1)
    omega = [(Q(w, prof.wsum), rank) for w, rank in prof.users]
    # Off the support: U_k(y, .) <= 1/(k+1) over the box except for clones y of an s (U_k(y, .) =
    # U_k(s, .)), for ball boxes y weakly dominated by an s too, and y passing the face test §10.2.
    for y in range(m):
        if y in support or any(all(rk[y] == rk[s] or ball and rk[s] < rk[y]
                                   for _, rk in prof.users) for s in support):
            continue
        up = sum((w * enc(p[1], low[1], True)[0] for w, rank in omega
                  for p, low in [tier_box(rank, rank[y], piv)]), Q(0))
        if up > third and not family_module("face").exempt(prof, list(support), y, k):
            le(up, third, f"off-support U_k({prof.names[y]}, π) ≤ 1/(k+1) over the box")
    if d == 0:
        return
    point = [Q(0)] * m  # F(x~), exactly or enclosed
    for s, x in zip(support, center + [1 - sum(center, Q(0))]):
        point[s] = x
    u = payoff_ivs(prof, point, support, enc)
    f = [iv_sub(u[i], u[d]) for i in range(d)]
    dd = [[(Q(0), Q(0))] * r for _ in range(r)]  # D[a][b] encloses dU_k(s_a)/dpi(s_b)
    for a in range(r):
        for w, rank in omega:
            t = rank[support[a]]
            p, low = tier_box(rank, t, piv)
            at_lo, at_hi = enc(p[0], low[0], False), enc(p[1], low[1], True)
            for b, z in enumerate(support):
                if rank[z] >= t:  # d/dp where z is in y's tier, d/dr where z is below it
                    i = 1 if rank[z] == t else 2
                    dd[a][b] = iv_add(dd[a][b], (w * at_lo[i], w * at_hi[i]))
    # J[i][j] = D(s_i,s_j) - D(s_i,s_r) - D(s_r,s_j) + D(s_r,s_r).
    jac = [[iv_add(iv_sub(iv_sub(dd[i][j], dd[i][d]), dd[d][j]), dd[d][d]) for j in range(d)]
           for i in range(d)]
    for i in range(d):
        kx, ci = (center[i], center[i]), [(x, x) for x in c[i]]
        for j in range(d):
            cj = (Q(0), Q(0))
            for l in range(d):
                cj = iv_add(cj, iv_mul(jac[l][j], ci[l]))
            kx = iv_add(iv_sub(kx, iv_mul(f[j], ci[j])), iv_mul(
                iv_sub((Q(i == j),) * 2, cj), (lo[j] - center[j], hi[j] - center[j])))
        if kx[0] <= lo[i] or kx[1] >= hi[i]:
            raise Failed(f"Krawczyk: K(X)({name[i]}) ⊂ interior(X) fails: [{show(kx[0])}, "
                         f"{show(kx[1])}] ⊄ ({show(lo[i])}, {show(hi[i])})")

# ---------------------------------------------------------------------------------------------
# The driver.
class Result:
    """The verdict on one file: status "ok", "failed" or "malformed" (exit code 0, 1, 2), the
    instance hash, one dict per verified claim (index, kind, k, message), and for a failure the
    error and, for a failed claim, its index and kind."""
    def __init__(self, file, status="ok", error=None):
        self.file, self.status, self.error, self.claims = file, status, error, []
        self.instance_sha256 = self.claim = self.kind = None

    @property
    def exit_code(self):
        return {"ok": 0, "failed": 1, "malformed": 2}[self.status]
    def as_json(self):
        """The shape of `ualign verify --json`'s per-file objects."""
        claims = [dict(c, ok=True) for c in self.claims]
        if self.status == "failed":
            claims.append({"index": self.claim, "kind": self.kind, "ok": False,
                           "message": self.error})
        error = f"claim {self.claim} ({self.kind}) FAILED: {self.error}" \
            if self.status == "failed" else self.error
        return {"file": self.file, "ok": self.status == "ok", "status": self.status,
                "instance_sha256": self.instance_sha256, "claims": claims, "error": error}

def _check(text, result, on_claim, max_cost):
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise Malformed(f"larger than the limit of {MAX_FILE_BYTES} bytes")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed("not UTF-8 text") from None
    if utf8_len(text) > MAX_FILE_BYTES:
        raise Malformed(f"larger than the limit of {MAX_FILE_BYTES} bytes")
    doc = load_json(text)
    if type(doc) is dict and doc.get("format") == "ualign-family-certificate":
        return family_module().check(sys.modules[__name__], doc, result, on_claim)
    head = (doc.get("format"), doc.get("version")) if type(doc) is dict else None
    if head != (FORMAT, VERSION) and head is not None and type(head[1]) is int:
        raise Malformed(f"unsupported version {head[1]} or format `{head[0]}` (this checker "
                        f"reads version {VERSION} of `{FORMAT}`)")
    cert = CERTIFICATE(doc, "certificate")
    prof = Profile(cert["instance"], max_cost)
    digest = prof.sha256()
    if cert["instance_sha256"] != digest:
        raise Malformed(f"instance_sha256 is `{cert['instance_sha256']}` but the embedded "
                        f"instance's canonical form hashes to `{digest}`")
    if not cert["claims"]:
        raise Malformed("the certificate makes no claims")
    result.instance_sha256 = digest
    meter = [prof.read_cost, max_cost]

    def price(c, earlier):  # every claim is read and priced before any is evaluated
        before = meter[0]
        try:
            CLAIMS[c["kind"]](Reader(prof, meter), c, earlier)
        except Priced as e:  # every kind stops there in the pricing pass
            meter[0] = before + e.args[0]
        if meter[0] > max_cost:
            raise Malformed(f"modelled cost {seconds(meter[0] - before)} brings the file to "
                            f"{seconds(meter[0])}, over the budget of {seconds(max_cost)} (raise "
                            "it with --max-cost SECONDS)")
    run_claims(cert["claims"], lambda c, earlier: CLAIMS[c["kind"]](Reader(prof), c, earlier),
               result, on_claim, price)

def family_module(part="family"):
    """Family certificates (docs/THEORY.md §9) are checked by ualign_check_family.py, the face
    test of boxes (§10.2) is ualign_check_face.py: files beside this one, loaded by path."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"ualign_check_{part}.py")
    spec = importlib.util.spec_from_file_location(f"ualign_check_{part}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

def run_claims(claims, check, result, on_claim, price=None):
    """Refuses duplicate claims (equal after reading), then prices every claim (`price`, if
    given) and checks them in order, calling `on_claim` after each."""
    seen = {}
    for i, claim in enumerate(claims):
        j = seen.setdefault(json.dumps(claim, sort_keys=True), i)
        if j != i:
            raise Malformed(f"claims[{i}] ({claim['kind']}) repeats claims[{j}] (duplicate "
                            "claims are refused)")
    for step in (price, check) if price else (check,):
        for i, claim in enumerate(claims):
            result.claim, result.kind = i, claim["kind"]
            try:
                got = step(claim, claims[:i])
            except Malformed as e:
                raise Malformed(f"claims[{i}] ({claim['kind']}): {e}") from None
            if step is check:
                result.claims.append({"index": i, "kind": claim["kind"], "k": got[0],
                                      "message": got[1]})
                if on_claim:
                    on_claim(result, result.claims[-1])
    result.claim = result.kind = None

def check_text(text, file="<text>", on_claim=None, max_cost=DEFAULT_MAX_COST):
    """Checks a certificate given as str (or bytes, which must be UTF-8) within a budget of
    modelled cost; `on_claim(result, record)` is called as each claim is verified."""
    result = Result(file)
    old = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    if old is not None:
        sys.set_int_max_str_digits(0)  # numbers may have up to 20,000 digits
    try:
        _check(text, result, on_claim, max_cost)
    except Malformed as e:
        result.status, result.error, result.claim, result.kind = "malformed", str(e), None, None
    except Failed as e:
        result.status, result.error = "failed", str(e)
    finally:
        if old is not None:
            sys.set_int_max_str_digits(old)
    return result

def check_file(path, on_claim=None, max_cost=DEFAULT_MAX_COST):
    """Reads (at most MAX_FILE_BYTES + 1 bytes of) a certificate file and checks it."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return Result(str(path), "malformed", f"cannot open: {e.strerror or e}")
    return check_text(data, str(path), on_claim, max_cost)

def _print_claim(result, c):
    k = "" if c["k"] is None else f" k={c['k']}"
    print(f"{result.file}: claim {c['index']} {c['kind']}{k}: OK ({c['message']})", flush=True)
def batch(inp, out):
    """For test suites: reads certificates from `inp` as "<byte length>\\n<bytes>" and writes
    one line "<exit code>\\t<failing claim index or ->\\t<message>" for each."""
    while True:
        header = inp.readline()
        if not header.strip():
            return 0
        r = check_text(inp.read(int(header)))
        claim = "-" if r.claim is None else r.claim
        out.write(f"{r.exit_code}\t{claim}\t{(r.error or '').replace(chr(10), ' ')}\n".encode())
        out.flush()

def main(argv):
    if argv == ["--batch"]:
        return batch(sys.stdin.buffer, sys.stdout.buffer)
    as_json, max_cost, files = False, DEFAULT_MAX_COST, list(argv)
    while files[:1] in (["--json"], ["--max-cost"]):
        if files.pop(0) == "--json":
            as_json = True
        elif files and re.fullmatch(r"[0-9]+", files[0]):
            max_cost = int(files.pop(0)) * 10**9
        else:
            files = []
    if not files or any(a.startswith("--") for a in files):
        print("usage: python3 ualign_check.py [--json] [--max-cost SECONDS] CERT.json...",
              file=sys.stderr)
        return 2
    results = []
    for path in files:
        r = check_file(path, None if as_json else _print_claim, max_cost)
        results.append(r)
        sha = r.instance_sha256 or ""
        about = f"family {sha[7:]}" if sha.startswith("family:") else f"instance {sha}"
        if not as_json:
            print(f"{path}: " + {"ok": f"all {len(r.claims)} claims hold ({about})",
                                 "failed": f"claim {r.claim} ({r.kind}) FAILED: {r.error}",
                                 "malformed": f"malformed: {r.error}"}[r.status])
    if as_json:
        print(json.dumps({"command": "verify", "checker": "ualign_check.py", "ok": all(
            r.status == "ok" for r in results), "files": [r.as_json() for r in results]},
            ensure_ascii=False))
    return max(r.exit_code for r in results)

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as e:  # a bug in this checker is never a verdict: exit 3, not 1
        print(f"ualign_check: internal error: {e!r}", file=sys.stderr)
        sys.exit(3)
