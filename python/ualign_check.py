#!/usr/bin/env python3
"""ualign_check: a second, independent checker for ualign certificates (proofs/README.md §8).

Plain Python 3.9+, standard library only, one file. It re-derives every claim of the formats of
`proofs/README.md` with its own code in exact arithmetic (`fractions.Fraction`, and integers over a
common denominator in the hot loops), sharing no code with the Rust checker (`ualign verify`) and
following its semantics exactly: the same strict reading, limits and cost model.

    python3 ualign_check.py [--json] [--max-cost SECONDS] CERT.json...

One line per claim, printed as it is checked (--json: one object with a status per file). Exit
codes: 0 every claim of every file holds; 1 a claim fails; 2 a file is malformed (2 wins over 1);
3 an internal error of this checker, never a verdict. `check_file(path)` and `check_text(text)`
return a `Result`. The sections below, read top to bottom, follow the order of the proof.
"""

import functools
import json
import math
import re
import sys
from fractions import Fraction as Q
from itertools import accumulate
from itertools import combinations_with_replacement as multisets

# ---- Limits: the Rust checker's (crates/ualign-check/src/limits.rs; proofs/README.md section 5).
FORMAT, VERSION, INSTANCE_FORMAT = "ualign-certificate", 1, "ualign-instance/1"
FAMILY_FORMAT = "ualign-family-certificate"  # version 1 too
MAX_FILE_BYTES = 16 << 20
MAX_NUMBER_CHARS = 20_000  # UTF-8 bytes of one number string
MAX_RESPONSES, MAX_USER_TYPES = 4096, 1_000_000  # of the embedded instance
MAX_WEIGHT_DENOMINATOR_BITS = 65_536  # the common denominator of the instance's weights
MAX_PROFILE_ENTRIES = 10_000_000  # user types x responses
MAX_K = 1024  # largest k and ell
BALL_PRECISION = range(32, 8193)  # accepted box.ball_precision
MAX_MULTISETS = 200_000  # largest C(m+k-1, k) one claim may enumerate
MAX_LCM_BITS = 200_000  # common denominator of one claim's numbers
FACE_MAX_WORK = 1_000_000  # largest multisets x user orders the face test examines
MAX_FAMILY_K, MAX_FAMILY_N, MAX_COEFFS = 16, 10**6, 8  # family certificates
DEFAULT_MAX_COST = 60 * 10**9  # modelled cost of one file (units of about a nanosecond)

class Malformed(Exception):
    """Not a well-formed certificate (exit code 2)."""
class Failed(Exception):
    """A relation between well-formed numbers does not hold (exit code 1)."""
def need(ok, message):
    """Raises Malformed(message) unless ok (for checks outside the hot loops)."""
    if not ok:
        raise Malformed(message)
def holds(ok, message):
    """Raises Failed(message) unless ok; a callable `message` is only called then."""
    if not ok:
        raise Failed(message() if callable(message) else message)
# ---- Numbers: strings "p/q", "p" or a finite decimal "0.125"; never a JSON number or a float.
# Rust's str::trim removes exactly the Unicode White_Space characters.
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# The one number grammar (README, "Number grammar"): nothing trimmed, no "+", no leading zeros
# unless the number is 0, no "-0", no ".5" or "5.", no exponents.
NUMBER = re.compile(r"(-?)(0|[1-9][0-9]*)(?:/(0|[1-9][0-9]*)|\.([0-9]+))?")
def utf8_len(s): return len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))
def parse_q(s, what="number"):
    """An exact rational from "p/q", "p" or "d.ddd" in the strict grammar above."""
    if not s or utf8_len(s) > MAX_NUMBER_CHARS:  # (not `need`: the hottest path)
        raise Malformed(f"{what} has {utf8_len(s)} characters, not 1 to {MAX_NUMBER_CHARS}")
    g = NUMBER.fullmatch(s)  # g[1] sign, g[2] integer part, g[3] denominator, g[4] decimals
    if not g or g[3] == "0" or g[1] and not (g[2] + (g[4] or "")).strip("0"):
        raise Malformed(f"{what}: `{s}` is not an exact rational (\"p/q\" with q > 0, \"p\" or a "
                        "decimal \"0.125\"; no \"-0\")")
    x = Q(int(g[2]), int(g[3])) if g[3] else Q(int(g[2] + (g[4] or "")), 10 ** len(g[4] or ""))
    return -x if g[1] else x
def fmt_q(x): return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
def show(x):
    """Exact p/q when short; else a 7-digit decimal and the numerator/denominator digit counts."""
    if len(s := fmt_q(x)) <= 40:
        return s
    import decimal  # here, not at the top: only long numbers need it
    with decimal.localcontext() as ctx:
        ctx.prec = 7  # one correctly rounded division, whatever the size of x
        approx = decimal.Decimal(x.numerator) / x.denominator
    digits = f"{len(str(abs(x.numerator)))}/{len(str(x.denominator))} digits"
    return f"≈ {approx:.6e} ({digits})".replace("e+", "e")
# ---- Strict JSON, as serde_json reads it: duplicate keys and lone surrogates are rejected; a JSON
# number is never a rational (only integers in 0..2^64 are kept, for k, ell, version and claim
# references; any other number, NaN and Infinity included, is a JsonNumber, which no field accepts).
class JsonNumber:  # a JSON number not kept as an integer: no field accepts one
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
def load_json(data):
    """Strict JSON from UTF-8 bytes."""
    try:
        text = data.decode("utf-8")
        doc = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=JsonNumber,
                         parse_constant=JsonNumber)
        if re.search(r"\\u[dD][89a-fA-F]", text):  # only escapes can make lone surrogates
            json.dumps(doc, ensure_ascii=False, default=lambda n: n.text).encode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("not UTF-8 text") from None
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
def one_of(*values):
    return lambda v, w: expect(v in values, v, w, " or ".join(f"`{x}`" for x in values))
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
        unknown = [key for key in v if key not in spec]
        missing = [name for name, (_, optional) in spec.items() if name not in v and not optional]
        if unknown or missing:
            bad = f"unknown field `{unknown[0]}`" if unknown else f"missing field `{missing[0]}`"
            raise Malformed(f"invalid certificate: {w}: {bad}")
        return {name: None if optional and v.get(name) is None else reader(v[name], f"{w}.{name}")
                for name, (reader, optional) in spec.items()}
    return read
def variant(**variants):
    """An externally tagged enum: an object with exactly one key, the variant."""
    def read(v, w):
        expect(type(v) is dict and len(v) == 1 and list(v)[0] in variants, v, w,
               " or ".join(f"{{\"{x}\": ...}}" for x in variants))
        (name, x), = v.items()
        return name, variants[name](x, f"{w}.{name}")
    return read
def tagged(schemas):
    """An internally tagged enum: the field `kind` selects the schema of the other fields."""
    def read(v, w):
        expect(type(v) is dict and "kind" in v, v, w, "an object with a `kind`")
        kind = expect(type(v["kind"]) is str and v["kind"] in schemas, v["kind"], f"{w}.kind",
                      "a known claim kind")
        return dict(schemas[kind]({x: y for x, y in v.items() if x != "kind"}, w), kind=kind)
    return read
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
                              ball_precision_=u64, touching_=struct(response=string, t_hi=string,
                              end_box=struct(**{x: list_of(string) for x in ("lo", "hi", "center")})),
                              segment_=struct(**{x: list_of(string) for x in ("from", "to", "divisor")},
                              **{x: list_of(list_of(string)) for x in ("quotients", "remainders")}))),
    "koutput_value": struct(k=u64, value_=string, bracket_=list_of(string, 2),
                            primal=list_of(MASS), dual=name_map),
    "robust_win_rate": struct(k=u64, ell=u64, value=string, worst_opponent=list_of(string),
                              policy=variant(product=name_map, mixture=list_of(MASS))),
    "barrier": struct(eps=string, maximal_lottery_claim=u64,
                      bounds=list_of(struct(k=u64, opponent=string, win_rate=string)))}
CERTIFICATE = struct(format=string, version=u64, tool=string, instance=INSTANCE,
                     instance_sha256=string, claims=list_of(tagged(CLAIM_SCHEMAS)))
FAMILY_CERTIFICATE = struct(format=string, version=u64, tool=string,  # docs/THEORY.md §9
                            family=one_of("impartial", "cycle"), claims=list_of(tagged({
    "family_value": struct(n=u64, k=u64, value=string, multiplicities=list_of(u64), gaps=list_of(u64)),
    "family_symbolic": struct(k=u64, valid_for_n_at_least=u64, limit=string, pattern=list_of(u64),
                              numerator=list_of(string), denominator=list_of(string))})))
# ---- Sizes of numbers (for the limits and the cost model) and integers over a common denominator.
class SizeBound:
    """The least common denominator (at most `max_bits` long) and largest numerator of numbers."""
    def __init__(self, max_bits=MAX_LCM_BITS):
        self.lcm, self.num_bits, self.max_bits = 1, 0, max_bits
    def add(self, x, what):
        self.lcm = self.lcm // math.gcd(self.lcm, x.denominator) * x.denominator
        self.num_bits = max(self.num_bits, abs(x.numerator).bit_length())
        if self.lcm.bit_length() > self.max_bits:
            raise Malformed(f"{what}: the common denominator exceeds {self.max_bits} bits")
    def bits(self): return max(self.lcm.bit_length(), self.num_bits)
def bits_of(xs):  # the cost model's size of a policy: SizeBound.bits over its entries
    return max(math.lcm(*(x.denominator for x in xs)).bit_length(),
               max(abs(x.numerator).bit_length() for x in xs))
def common_den(xs):
    """Integers a and D with xs[i] = a[i] / D."""
    d = math.lcm(*(x.denominator for x in xs)) if xs else 1
    return [x.numerator * (d // x.denominator) for x in xs], d
def lcm_upto(n): return math.lcm(*range(1, n + 1)) if n else 1
# ---- The instance (docs/THEORY.md §1), its canonical form, and the evaluator (§2-§4).
class Profile:
    """A validated preference profile: `users` holds the canonical user types (W, rank), integer
    weights W (omega = W / wsum) and rank[y] = tier of y (0 best; unlisted responses share the
    bottom tier). Identical orders are merged (weights added): all below is linear in them."""
    def __init__(self, doc, meter=None):
        """Reads an instance document; reading the weights is charged to `meter` (`charge`)."""
        names, users, index, m = doc["responses"], doc["users"], {}, len(doc["responses"])
        need(doc["format"] in (None, INSTANCE_FORMAT),
             f"instance: format `{doc['format']}`, expected `{INSTANCE_FORMAT}`")
        need(1 <= m <= MAX_RESPONSES, f"instance: {m} responses, expected 1 to {MAX_RESPONSES}")
        need(1 <= len(users) <= MAX_USER_TYPES,
             f"instance: {len(users)} user types, expected 1 to {MAX_USER_TYPES}")
        need(len(users) * m <= MAX_PROFILE_ENTRIES, f"instance: {len(users)} user types × {m} "
             f"responses exceed the limit of {MAX_PROFILE_ENTRIES} rank entries")
        for i, n in enumerate(names):
            if not n.strip(WHITE_SPACE) or n in index:
                raise Malformed(f"instance: response name `{n}` is empty or repeated")
            index[n] = i
        size, canonical = SizeBound(MAX_WEIGHT_DENOMINATOR_BITS), {}
        meter = meter or [0, DEFAULT_MAX_COST]
        for u, user in enumerate(users):
            what = f"instance: users[{u}]"
            w = parse_q(user["weight"], f"{what}.weight")
            charge(meter, parse_cost(utf8_len(user["weight"])), what)
            if w <= 0:
                raise Malformed(f"{what}.weight is not positive")
            size.add(w, "instance: the weights")
            tiers, seen = [], set()
            for tier in user["ranking"]:
                if not tier:
                    raise Malformed(f"{what} has an empty tier")
                for n in tier:
                    if n not in index or index[n] in seen:
                        raise Malformed(f"{what}: response `{n}` is unknown or listed twice")
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
            tier_of = {y: t for t, ys in enumerate(tiers) for y in ys}
            self.users.append((w, [tier_of.get(y, len(tiers)) for y in range(m)]))
        self.weight_bits = size.bits() + len(users).bit_length()
    def sha256(self):
        """SHA-256 of the compact JSON of the canonical form (byte for byte the Rust one's)."""
        import hashlib  # here, not at the top: family certificates start faster without it
        doc = {"format": INSTANCE_FORMAT, "responses": self.names, "users": [
            {"weight": fmt_q(w), "ranking": [[self.names[y] for y in t] for t in tiers]}
            for tiers, w in self.canonical]}
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    @functools.cached_property
    def margins(self):
        """M(y, z) = P(y > z) - 1/2, P counting a tie as half (docs/THEORY.md §2)."""
        m = self.m
        count = [[0] * m for _ in range(m)]  # 2 * wsum * P(y > z)
        for w, r in self.users:
            for y in range(m):
                for z in range(m):
                    count[y][z] += 2 * w if r[y] < r[z] else w if r[y] == r[z] else 0
        return [[Q(c - self.wsum, 2 * self.wsum) for c in row] for row in count]
    def tier_masses(self, a):
        """Per user (W, rank, at, below): the integer mass of `a` at each tier and below it."""
        out = []
        for w, rank in self.users:
            at = [0] * (max(rank) + 1)
            for y, t in enumerate(rank):
                at[t] += a[y]
            below = list(accumulate(at[:0:-1], initial=0))[::-1]  # below[t] = sum(at[t+1:])
            out.append((w, rank, at, below))
        return out
    def opponent_shares(self, pi, k, opponents, ell=1):
        """E_{S ~ pi^k}[share of O in S ++ O] per multiset O (§4): sum_u omega_u sum_j C(k,j) p^j
        r^(k-j) c/(c+j), p and r the pi-mass of O's best tier and below it, c O's positions there.
        In integers: pi = a/D, and c/(c+j) = (L c/(c+j)) / L with L = lcm(1..k+ell)."""
        a, d = common_den(pi)
        lcm, out, masses = lcm_upto(k + ell), [], self.tier_masses(a)
        poly = functools.lru_cache(None)(lambda p, r, c: poly_ints(p, r, c, k, lcm))
        for o in opponents:
            total = 0
            for w, rank, at, below in masses:
                best = min(rank[y] for y in o)
                total += w * poly(at[best], below[best], sum(1 for y in o if rank[y] == best))
            out.append(Q(total, self.wsum * lcm * d ** k))
        return out
    def payoffs(self, pi, k):
        """U_k(y, pi) for every y: the expected share of a lone deviator y against pi^k."""
        return self.opponent_shares(pi, k, [(y,) for y in range(self.m)])
    def win_rate(self, s, o):
        """WR(S, O) = 1 - (O's share in S ++ O), a user's weight split over its best tier (§2)."""
        lcm, total = lcm_upto(len(s) + len(o)), 0
        for w, rank in self.users:
            best = min(rank[y] for y in s + o)
            cs, co = sum(rank[y] == best for y in s), sum(rank[y] == best for y in o)
            total += w * co * (lcm // (cs + co))
        return 1 - Q(total, self.wsum * lcm)
def poly_ints(p, r, c, k, lcm):
    """lcm · sum_j C(k,j) p^j r^(k-j) c/(c+j) for integers p, r: an integer (c+j divides lcm)."""
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
# ---- Reading one claim: numbers, names and multisets (domain errors are Malformed), with the sizes
# of its numbers tracked for the cost model.
class Priced(Exception):
    """A claim was read and charged in the pricing pass."""
def charge(meter, cost, what):
    """meter = [modelled cost of the file so far, budget]: adds `cost`, refused over the budget."""
    meter[0] += cost
    if meter[0] > meter[1]:
        raise Malformed(f"{what}: the modelled cost reaches {seconds(meter[0])}, over the budget "
                        f"of {seconds(meter[1])} (raise it with --max-cost SECONDS)")
class Reader:
    """Reads one claim. In the pricing pass (with a `meter`) reading its numbers and then its
    evaluation are charged, and `price` stops the claim there."""
    def __init__(self, prof, meter=None):
        self.prof, self.size, self.meter = prof, SizeBound(), meter
    def sizes(self):
        """m, n (user types as listed), b (bits of this claim's numbers so far), w (weights)."""
        return self.prof.m, self.prof.n_doc_users, self.size.bits(), self.prof.weight_bits
    def price(self, evaluation):
        if self.meter:
            charge(self.meter, evaluation, f"evaluating the claim ({seconds(evaluation)})")
            raise Priced
    def num(self, s, what, lo=None, hi=None):
        """A rational; below `lo` or above `hi` it is outside its domain (malformed)."""
        x = parse_q(s, what)  # its length is checked first
        if self.meter:
            charge(self.meter, parse_cost(utf8_len(s)), what)
        self.size.add(x, what)
        if lo is not None and x < lo or hi is not None and x > hi:
            raise Malformed(f"{what} = {show(x)} is " +
                            ("negative" if lo is not None and x < lo else f"over {hi}"))
        return x
    def k(self, k, what): return need(1 <= k <= MAX_K, f"{what} = {k} is outside 1..={MAX_K}") or k
    def response(self, name, what):
        need(name in self.prof.index, f"{what}: unknown response `{name}`")
        return self.prof.index[name]
    def vector(self, pairs, what, lo=0, hi=1):
        """A name map as a list indexed by response (missing names are 0), by default in [0, 1]."""
        v = [Q(0)] * self.prof.m
        for name, s in pairs:
            v[self.response(name, what)] = self.num(s, f"{what}({name})", lo, hi)
        return v
    def multiset(self, names, size, what):
        need(len(names) == size, f"{what} has {len(names)} responses, expected {size}")
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
    """C(m+k-1, k), refused above MAX_MULTISETS (k <= MAX_K, so it is quick to compute)."""
    c = math.comb(m + k - 1, k)
    need(c <= MAX_MULTISETS, f"C({m + k - 1}, {k}) multisets exceed the limit of {MAX_MULTISETS}")
    return c
def names(prof, s): return "{" + ", ".join(prof.names[y] for y in s) + "}"
def le(lhs, rhs, what): holds(lhs <= rhs, lambda: f"{what} fails: {show(lhs)} > {show(rhs)}")
def eq(derived, claimed, what):
    holds(derived == claimed, lambda: f"{what} = {show(derived)} ≠ claimed {show(claimed)}")
def sum_is_one(xs, what): eq(sum(xs, Q(0)), Q(1), f"Σ {what}")
def dot(xs, ys): return sum((x * y for x, y in zip(xs, ys)), Q(0))
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
def sums_cost(m, n, r, bb, c): return 3 * n * (m + r) * (2 * m * rop(bb + 64) + (2 * r + 4) * rop(c))
def krawczyk_cost(m, n, r, k, b, w, bb):  # bb: bits of the box's own numbers
    big = k * b + w + 64
    return ((m + 2 * r) * n * (3 * user_eval(k, b, 0) + 4 * rop(big)) + r * evaluation(n, k, b, w)
            + sums_cost(m, n, r, bb, k * (bb + 64) + w) + (r + 8 * r ** 3) * rop(big))
def ball_cost(m, n, r, k, p, big_b, w):  # a box tested in p-bit outward-rounded fixed point
    return (n * (2 * m + 3 * r) * (3 * k * mul(p + 64, p + 64) + mul(p + 64, w))
            + sums_cost(m, n, r, big_b, p + w + 64) + (r + 8 * r ** 3) * rop(p + big_b + w + 64))
def seconds(cost): return f"{cost // 10**9}.{cost % 10**9 // 10**7:02} s"
# ---- The claims (proofs/README.md section 2). Each reads all of its numbers first, checks the
# budget, then evaluates; it returns (k or None, detail). A new kind adds a schema to
# CLAIM_SCHEMAS and a function (reader, fields, earlier claims) -> (k, detail) to CLAIMS.
def is_maximal_lottery(prof, p, what):
    for z, zn in enumerate(prof.names):
        le(0, dot(p, [row[z] for row in prof.margins]), f"0 ≤ ({what}ᵀM)({zn})")
def maximal_lottery(rd, c, earlier):
    """p is a maximal lottery; unique: for each y, LP duals prove min p'(y) = max p'(y) = p(y)
    over all maximal lotteries p' (proofs/README.md); not unique: a second one."""
    prof, m = rd.prof, rd.prof.m
    p, evidence, alternative = rd.vector(c["p"], "p"), {}, None
    need((c["uniqueness"] is None, c["alternative"] is None) == (not c["unique"], c["unique"]),
         "unique: true needs `uniqueness` evidence and no `alternative`, false the reverse")
    if c["unique"]:
        for e in c["uniqueness"]:
            y = rd.response(e["response"], "uniqueness.response")
            need(y not in evidence, f"uniqueness evidence for `{e['response']}` given twice")
            evidence[y] = (rd.num(e["lower"]["bound"], "lower.bound"),
                           rd.vector(e["lower"]["lambda"], "lower.lambda", 0, None),
                           rd.num(e["upper"]["bound"], "upper.bound"),
                           rd.vector(e["upper"]["lambda"], "upper.lambda", 0, None))
        missing = [n for y, n in enumerate(prof.names) if y not in evidence]
        need(not missing, f"uniqueness evidence missing for {', '.join(missing)}")
    else:
        alternative = rd.vector(c["alternative"], "alternative")
    _, n, b, w = rd.sizes()
    rd.price(margins_cost(m, n, w) + (m * m + 4 * m ** 3) * rop(b + w))
    sum_is_one(p, "p")
    is_maximal_lottery(prof, p, "p")
    mm = prof.margins
    for y, (t, lam, u, mu) in evidence.items():
        name = prof.names[y]
        eq(t, p[y], f"lower.bound for {name} vs p({name})")
        eq(u, p[y], f"upper.bound for {name} vs p({name})")
        for z, zn in enumerate(prof.names):  # (M lam)(z) + t <= [z = y] <= u - (M mu)(z)
            ind = int(z == y)
            le(dot(mm[z], lam) + t, ind, f"min p'({name}): (Mλ)({zn}) + t ≤ [{zn} = {name}]")
            le(dot(mm[z], mu) + ind, u, f"max p'({name}): (Mμ)({zn}) + [{zn} = {name}] ≤ u")
    if alternative is None:
        return None, "p is the unique maximal lottery: 2m dual bounds checked"
    sum_is_one(alternative, "alternative")
    is_maximal_lottery(prof, alternative, "alternative")
    holds(alternative != p, "`alternative` equals p, so it does not show non-uniqueness")
    return None, "p is a maximal lottery, not unique: a second one checked"
def nlhf_robust_win_rate(rd, c, earlier):
    """The maximal lottery p sampled k times: R_k(p^k) = 1 - max_y U_k(y, p) = value."""
    prof, m, k = rd.prof, rd.prof.m, rd.k(c["k"], "k")
    p, value = rd.vector(c["policy"], "policy"), rd.num(c["value"], "value")
    worst = rd.response(c["worst_opponent"], "worst_opponent")
    (_, n, b, w), bp = rd.sizes(), bits_of(p)
    rd.price(margins_cost(m, n, w) + m * m * rop(b + w) + m * evaluation(n, k, bp, w)
             + policy_cost(m, bp))
    sum_is_one(p, "policy")
    is_maximal_lottery(prof, p, "policy")
    u, w = prof.payoffs(p, k), prof.names[worst]
    eq(1 - max(u), value, "R_k(p^⊗k) = 1 − max_y U_k(y, p)")
    eq(1 - u[worst], value, f"WR_k,1(p^⊗k, {w}) = 1 − U_k({w}, p)")
    return k, f"R_{k}(p^⊗{k}) = {show(value)}"
def equilibrium(rd, c, earlier):
    """Symmetric equilibria of the (k+1)-player game: exact, epsilon, or exact in a box."""
    prof, m, k = rd.prof, rd.prof.m, rd.k(c["k"], "k")
    pi, eps = rd.vector(c["policy"], "policy"), rd.num(c["exploitability"], "exploitability", 0)
    box, status, r = c["box"], c["status"], 0
    need((status == "certified-box") == (box is not None),
         "status certified-box needs `box`, the other statuses have none")
    if box is not None:
        support, pre = [rd.response(n, "box.support") for n in box["support"]], box["preconditioner"]
        r = len(support)
        need(0 < r == len(set(support)), "box.support must list distinct responses, at least one")
        need((len(box["lo"]), len(box["hi"]), len(box["center"]), len(pre)) == (r, r, r - 1, r - 1)
             and all(len(row) == r - 1 for row in pre),
             f"box: lo and hi need {r} entries, center {r - 1}, the preconditioner {r - 1} × {r - 1}")
        lo, hi, center = ([rd.num(s, f"box.{x}") for s in box[x]] for x in ("lo", "hi", "center"))
        pre = [[rd.num(s, "box.preconditioner") for s in row] for row in pre]
    ball, tc, sg = (box and box[x] for x in ("ball_precision", "touching", "segment"))  # §10.3, §10.4
    need(ball is None or ball in BALL_PRECISION, f"box.ball_precision = {ball} is outside 32..=8192")
    need(ball is None or all(x.denominator & (x.denominator - 1) == 0 for x in lo + hi + center),
         "box: with ball_precision, lo, hi and center must be dyadic")
    if tc:  # pi(y) in [0, t_hi] in the box; the end box at pi(y) = t_hi
        need(ball is None and [len(tc["end_box"][x]) for x in ("lo", "hi", "center")] == [r, r, r - 1],
             f"box.touching: exact boxes only, end_box lo and hi {r} entries, center {r - 1}")
        end = [[rd.num(s, "box.touching") for s in tc["end_box"][x]] for x in ("lo", "hi", "center")]
        t_hi, ty = rd.num(tc["t_hi"], "box.touching.t_hi"), rd.response(tc["response"], "box.touching")
    seg = sg and [[rd.num(s, "box.segment") for s in sg[x]] for x in ("from", "to", "divisor")] + [
        [[rd.num(s, "box.segment") for s in p] for p in sg[x]] for x in ("quotients", "remainders")]
    need(not sg or not (ball or tc) and [len(x) for x in seg] == [r, r, len(seg[2]) or -1, m, m] and all(
        len(q) + len(seg[2]) <= k + 2 and len(x) <= k + 1 for q, x in zip(*seg[3:])),
         "box.segment: exact boxes only, no touching; a divisor, deg q + deg g ≤ k, deg r ≤ k")
    (_, n, b, w), bp = rd.sizes(), bits_of(pi)
    own = r and lo + hi + center + (sum(end, []) + [t_hi] if tc else [])  # β: the box's; b_K: the
    bb, kb = r and bits_of(own), r and bits_of(pi + sum(pre, []) + own)  # numbers used (not ε)
    rd.price(policy_cost(m, bp) + (ball_cost(m, n, r, k, ball, b, w) if ball else m * evaluation(
        n, k, bp, w) + (r and (2 if tc else 1) * krawczyk_cost(m, n, r, k, kb, w, bb) if not sg else
        (k + 1) * m * (evaluation(n, k, b, w) + 3 * (k + 2) * rop(k * b + w + 64)))))
    sum_is_one(pi, "policy")
    third, u = Q(1, k + 1), prof.payoffs(pi, k) if ball is None else [  # for ball boxes, the
        hi for _, hi in payoff_ivs(prof, pi, range(m), enclose(k, ball))]  # ε is an upper bound
    top = max(u)
    y = prof.names[u.index(top)]
    if status == "exact":
        eq(eps, Q(0), "status exact: exploitability")
    le(top, third + eps, f"U_k({y}, π) ≤ 1/(k+1) + ε")
    detail = "exact symmetric equilibrium, R_k = k/(k+1)" if status == "exact" else \
        f"ε(policy) = {show(top - third)} ≤ {show(eps)}"
    if box is None:
        return k, detail
    holds(not tc or ty not in support and t_hi > 0,
          lambda: f"touching: {prof.names[ty]} off the support, t_hi = {show(t_hi)} > 0 fails")
    for z, zn in enumerate(prof.names):
        if z not in support and pi[z] != 0:
            raise Failed(f"policy({zn}) = 0 off the box support fails: it is {show(pi[z])}")
        if z in support and not lo[(i := support.index(z))] <= pi[z] <= hi[i]:  # () for 3.9
            raise Failed(f"policy({zn}) ∈ [lo, hi] fails: {show(pi[z])} ∉ [{show(lo[i])}, "
                         f"{show(hi[i])}]")
    if sg:
        return k, segment(prof, k, support, lo, hi, *seg) or f"exact equilibrium on a segment; {detail}"
    krawczyk(prof, k, support, lo, hi, center, pre, ball, tc and (ty, (Q(0), t_hi), None))
    if tc:  # the end box, inside the box (so its zero is the path's x(t_hi)), at pi(y) = t_hi
        krawczyk(prof, k, support, *end, pre, ball, (ty, (t_hi, t_hi), (lo, hi)))
    how = "" if ball is None else f", outward-rounded to {ball} bits"
    return k, f"exact equilibrium in the box (Krawczyk{how}); {detail}"
def koutput_value(rd, c, earlier):
    """v*_k (docs/THEORY.md §6) by a primal mixture of k-multisets (>= lower) and a dual
    sigma in Delta(Y) (every k-multiset's win rate against sigma <= upper)."""
    prof, m, k = rd.prof, rd.prof.m, rd.k(c["k"], "k")
    count = multiset_count(m, k)
    need((c["value"] is None) != (c["bracket"] is None), "give exactly one of `value` and `bracket`")
    lower, upper = [rd.num(c["value"], "value")] * 2 if c["value"] is not None else \
        [rd.num(x, f"bracket[{i}]") for i, x in enumerate(c["bracket"])]
    primal, sigma = rd.mixture(c["primal"], k, "primal"), rd.vector(c["dual"], "dual")
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
    (s, d), lam = common_den(sigma), lcm_upto(k + 1)
    masses = [(w, rank, at, list(accumulate(at, initial=0))) for w, rank, at, _
              in prof.tier_masses(s)]  # accumulate(at)[t] = sum(at[:t]), the mass above t
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
    """R_k,ell(rho) = min over ell-multisets O of WR_k,ell(rho, O); rho = pi^k or a mixture."""
    prof, m, k, ell = rd.prof, rd.prof.m, rd.k(c["k"], "k"), rd.k(c["ell"], "ell")
    count = multiset_count(m, ell)
    value, worst = rd.num(c["value"], "value"), rd.multiset(c["worst_opponent"], ell, "worst_opponent")
    kind, policy = c["policy"]
    opponents = [worst] + list(multisets(range(m), ell))
    if kind == "product":
        pi = rd.vector(policy, "policy.product")
        (_, n, _, w), b = rd.sizes(), bits_of(pi)
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
    """NLHF's barrier: an earlier claim's unique maximal lottery p has WR_k,1(p^k, o) <= 1/2 + eps."""
    prof, idx, eps = rd.prof, c["maximal_lottery_claim"], rd.num(c["eps"], "eps")
    need(idx < len(earlier) and earlier[idx]["kind"] == "maximal_lottery",
         f"maximal_lottery_claim {idx} is not an earlier maximal_lottery claim")
    need(c["bounds"], "barrier lists no k")
    p = rd.vector(earlier[idx]["p"], "p")
    items = [(rd.k(b["k"], f"bounds[{i}].k"), rd.response(b["opponent"], f"bounds[{i}].opponent"),
              rd.num(b["win_rate"], f"bounds[{i}].win_rate")) for i, b in enumerate(c["bounds"])]
    (_, n, _, w), b, kmax = rd.sizes(), bits_of(p), max(k for k, _, _ in items)
    rd.price(policy_cost(prof.m, b) + sum(evaluation(n, k, b, w) for k, _, _ in items))
    holds(earlier[idx]["unique"], f"claim {idx} does not certify a unique maximal lottery")
    for k, o, w in items:
        what = f"k = {k}: WR_k,1(p^⊗k, {prof.names[o]})"
        eq(1 - prof.opponent_shares(p, k, [(o,)])[0], w, what)
        le(w, Q(1, 2) + eps, f"{what} ≤ ½ + eps")
    ks = ", ".join(str(k) for k, _, _ in items)
    return kmax, f"R_k(p^⊗k) ≤ ½ + {show(eps)} for k ∈ {{{ks}}}"
CLAIMS = {f.__name__: f for f in (maximal_lottery, nlhf_robust_win_rate, equilibrium,
                                   koutput_value, robust_win_rate, barrier)}  # kind -> check
# ---- The Krawczyk test for certified boxes: exact interval arithmetic (pairs lo, hi) on enclosures.
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
    parts = [(Q(0), Q(0))] * 3  # the masses above tier t, in it and below it
    for ry, x in zip(rank, piv):
        parts[(ry >= t) + (ry > t)] = iv_add(parts[(ry >= t) + (ry > t)], x)
    above, p, r = parts
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
def diff(enc, prof, piv, s, b):
    """U_k(s, .) - U_k(b, .) over piv by h(A - L, L), monotone in A (>= a tier) and L (below): §10.3"""
    def h(rk, t, i):  # lower (i = 0) or upper (i = 1) end of h at tier t
        a, l = ((max, min)[i](sum((x[i] for x, ry in zip(piv, rk) if ry >= u), Q(0)), 1 - sum(
            (x[1 - i] for x, ry in zip(piv, rk) if ry < u), Q(0))) for u in (t, t + 1))
        return enc(a - l, l, i == 1)[0]
    return tuple(sum((Q(w, prof.wsum) * (h(rk, rk[s], i) - h(rk, rk[b], 1 - i))
                      for w, rk in prof.users if rk[s] != rk[b]), Q(0)) for i in (0, 1))
def poly(p, s): return sum((c * s ** j for j, c in enumerate(p)), Q(0))
def segment(prof, k, support, lo, hi, a, b, g, qs, rs):
    """§10.4: f_z(s) = U_k(z, (1 - s)a + sb) - 1/(k+1) = q_z g + r_z (degree <= k: checked at s =
    j/k), g(0) g(1) < 0, r_z = 0 on the support and <= 0 on [0, 1] off it: an equilibrium at g's root."""
    for e in (a, b):
        sum_is_one(e, "segment end")
        holds(all(0 < x and lo[i] <= x <= hi[i] for i, x in enumerate(e)), "0 < π(end) ∈ [lo, hi] fails")
    for s in (Q(j, k) for j in range(k + 1)):
        pi = [a[i] + s * (b[i] - a[i]) if (i := support.index(z) if z in support else -1) >= 0 else Q(0)
              for z in range(prof.m)]
        for z, u in enumerate(prof.payoffs(pi, k)):
            holds(u - Q(1, k + 1) == poly(qs[z], s) * poly(g, s) + poly(rs[z], s),
                  f"segment: U_k({prof.names[z]}, π(s)) − 1/(k+1) = q·g + r fails at s = {s}")
    holds(poly(g, 0) * poly(g, 1) < 0, "segment: g(0)·g(1) < 0 fails")
    for z, x in enumerate(rs):
        holds(not any(x) if z in support else not x or x[0] + sum(max(c, 0) for c in x[1:]) <= 0,
              f"segment: remainder of {prof.names[z]} = 0 (≤ 0 on [0, 1] off the support) fails")
def krawczyk(prof, k, support, lo, hi, center, c, ball, touch=None):  # touch: (y, T, outer box)
    enc, t = enclose(k, ball), touch[1] if touch else (Q(0), Q(0))  # pi(y) in T (§10.3)
    r, m = len(support), prof.m
    d, name = r - 1, [prof.names[s] for s in support]
    holds(not (touch and touch[2]) or all(touch[2][0][i] <= lo[i] and hi[i] <= touch[2][1][i]
                                           for i in range(d)), "touching: end box ⊂ box fails")
    for i in range(r):
        if lo[i] <= 0:
            raise Failed(f"π({name[i]}) > 0 over the box fails: lo = {show(lo[i])} ≤ 0")
        le(lo[i], hi[i], f"lo ≤ hi for π({name[i]})")
    dl, dh = 1 - t[1] - sum(hi[:d], Q(0)), 1 - t[0] - sum(lo[:d], Q(0))  # 1 - sum x_i - pi(y)
    le(lo[d], dl, f"lo({name[d]}) ≤ 1 − Σ hi")
    le(dh, hi[d], f"1 − Σ lo ≤ hi({name[d]})")
    for i in range(d):
        le(lo[i], center[i], f"center: lo({name[i]}) ≤ x̃({name[i]})")
        le(center[i], hi[i], f"center: x̃({name[i]}) ≤ hi({name[i]})")
    box = dict(zip(support, list(zip(lo, hi))[:d] + [(dl, dh)]))  # pi over the box, per response
    ys = list(support) + ([touch[0]] if touch else [])  # clones of y are exempt too
    piv = [box.get(y, t if y in ys else (Q(0), Q(0))) for y in range(m)]
    third, omega = Q(1, k + 1), [(Q(w, prof.wsum), rank) for w, rank in prof.users]
    # Off the support: U_k(y, .) <= 1/(k+1) over the box except for clones y of an s (U_k(y, .) =
    # U_k(s, .)), for ball boxes y weakly dominated by an s too, and y passing the face test §10.2.
    for y in range(m):
        if y in ys or touch and touch[2] or any(all(rk[y] == rk[s] or ball and rk[s] < rk[y]
                                                    for _, rk in prof.users) for s in ys):
            continue
        up = sum((w * enc(p[1], low[1], True)[0] for w, rank in omega
                  for p, low in [tier_box(rank, rank[y], piv)]), Q(0))
        if up > third and not all(face_exempt(prof, list(z), y, k) for z in {tuple(support), tuple(ys)}):
            le(up, third, f"off-support U_k({prof.names[y]}, π) ≤ 1/(k+1) over the box")
    if touch and touch[2] and (h := diff(enc, prof, piv, touch[0], support[d]))[1] >= 0:
        raise Failed(f"end box: U_k(y, π) − U_k({name[d]}, π) < 0 fails: up to {show(h[1])}")
    if d == 0:
        return
    point = dict(zip(support, center + [1 - sum(center, Q(0))]))  # F(x~), exactly or enclosed
    u = payoff_ivs(prof, [point.get(y, Q(0)) for y in range(m)], support, enc)
    f = [iv_sub(u[i], u[d]) for i in range(d)]
    if touch:  # F(x~) over the range of pi(y), which the eliminated coordinate loses
        pc = [t if y == ys[-1] else (x - t[1] * (y == support[d]), x - t[0] * (y == support[d]))
              for y, x in enumerate([point.get(y, Q(0)) for y in range(m)])]
        f = [diff(enc, prof, pc, s, support[d]) for s in support[:d]]
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
            cj = functools.reduce(iv_add, (iv_mul(jac[l][j], ci[l]) for l in range(d)), (Q(0), Q(0)))
            kx = iv_add(iv_sub(kx, iv_mul(f[j], ci[j])), iv_mul(
                iv_sub((Q(i == j),) * 2, cj), (lo[j] - center[j], hi[j] - center[j])))
        if kx[0] <= lo[i] or kx[1] >= hi[i]:
            raise Failed(f"Krawczyk: K(X)({name[i]}) ⊂ interior(X) fails: [{show(kx[0])}, "
                         f"{show(kx[1])}] ⊄ ({show(lo[i])}, {show(hi[i])})")
def face_exempt(prof, support, y, k):
    """The face test (docs/THEORY.md §10.2) of an off-support y whose enclosure exceeds 1/(k+1).
    With a_z(g) = W(z, g) - 1/(k+1), W(z, g) the share of z in the presentation (z, g) of a
    k-multiset g of the support: U_k(y, pi*) - 1/(k+1) = E[a_y(g)] <= 0 at the box's zero pi*
    (all E[a_s(g)] = 0 there) if a_y <= lam a_s for some s and real lam, or a_y is in their span."""
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
# ---- Family certificates (docs/THEORY.md §9): v*_k of impartial culture or of the Condorcet
# cycle on N responses, for one N or every N >= N0 (impartial culture), without the N! (or N) user
# types. One rival orbit, so the uniform rival is an optimal dual and v*_k the best orbit's closed-
# form win rate (§9.1-§9.3); "every N >= N0" by Descartes' rule after N = N0 + t (§9.4).
def partitions(k, parts, largest=None):
    """The partitions of k into at most `parts` parts, each non-increasing."""
    if k == 0:
        yield ()
    for c in range(min(k, largest or k), 0, -1) if parts > 0 else ():
        yield from ((c,) + rest for rest in partitions(k - c, parts - 1, c))
def partition_of(m, k):
    need(m and min(m) >= 1 and sum(m) == k, f"multiplicities {m} are not a partition of k = {k}")
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
def coef(p, i): return p[i] if 0 <= i < len(p) else 0  # of t^i in p(t) = sum p[i] t^i
def poly_shift(p, a):
    """The coefficients of p(a + t) in t (synthetic division)."""
    c = list(p)
    for i in range(len(c)):
        for j in range(len(c) - 2, i - 1, -1):
            c[j] += c[j + 1] * a
    return c
def family_value(family, c):
    n, k, m, gaps = c["n"], c["k"], c["multiplicities"], c["gaps"]
    need(1 <= k <= MAX_FAMILY_K and 1 <= n <= MAX_FAMILY_N,
         f"k = {k}, n = {n} outside 1..{MAX_FAMILY_K}, 1..{MAX_FAMILY_N}")
    v = parse_q(c["value"], "value")
    partition_of(m, k)
    gaps_ok = gaps == [] if family == "impartial" else \
        len(gaps) == len(m) and sum(g + 1 for g in gaps) == n
    need(len(m) <= n and gaps_ok, f"the orbit (multiplicities {m}, gaps {gaps}) is not one of N = {n}")
    w = cycle_win(list(zip(gaps, m))) if family == "cycle" else \
        best_win(family, sorted(m, reverse=True), n)
    eq(w, v, "W(orbit) against the uniform rival")
    for lam in partitions(k, min(n, k)):
        le(best_win(family, lam, n), v, f"W({list(lam)}) ≤ v*_k")
    return k, f"v*_{k} = {show(v)} on N = {n} (primal orbit and uniform dual)"
def family_symbolic(family, c):
    k, n0, star = c["k"], c["valid_for_n_at_least"], c["pattern"]
    need(family == "impartial" and 1 <= k <= MAX_FAMILY_K and 1 <= n0 <= MAX_FAMILY_N,
         f"family_symbolic needs the impartial family, k <= {MAX_FAMILY_K}, 1 <= N0 <= {MAX_FAMILY_N}")
    partition_of(star, k)
    need(0 < len(c["denominator"]) <= MAX_COEFFS and len(c["numerator"]) <= MAX_COEFFS
         and star == sorted(star, reverse=True), "1 to 8 coefficients each and a non-increasing "
         "pattern are expected")
    num, den = ([parse_q(x, key) for x in c[key]] for key in ("numerator", "denominator"))
    limit = parse_q(c["limit"], "limit")
    holds(len(star) <= n0, f"the pattern {star} needs {len(star)} responses > N0 = {n0}")
    a, b = ic_share(star)  # num(N)·N = den(N)·((1 − a)N − b), coefficient by coefficient:
    if any(coef(num, i - 1) != (1 - a) * coef(den, i - 1) - b * coef(den, i)
           for i in range(max(len(num), len(den)) + 1)):
        raise Failed(f"numerator/denominator ≠ (1 − {show(a)}) − ({show(b)})/N, the value of "
                     f"the pattern {star}")
    shifted = poly_shift(den, n0)
    holds(min(shifted) >= 0 and shifted[0] > 0, f"the denominator is not positive for every N ≥ {n0}")
    for lam in partitions(k, k):
        al, bl = ic_share(lam)
        d = poly_shift([bl - b, al - a], n0)
        if list(lam) != star and min(d) < 0:
            raise Failed(f"pattern {list(lam)} beats {star} for some N ≥ {n0}: N·(g_λ − g*) at "
                         f"N = {n0} + t has coefficients {[show(x) for x in d]}")
    eq(1 - a, limit, "lim v*_k(N)")
    return k, f"v*_{k}(N) = numerator/denominator for every N ≥ {n0}"
FAMILY_CLAIMS = {"family_value": family_value, "family_symbolic": family_symbolic}
# ---- The driver.
class Result:
    """The verdict on one file: status "ok", "failed" or "malformed" (exit code 0, 1, 2), instance
    hash, one dict per verified claim (index, kind, k, message); error, failed claim and kind."""
    def __init__(self, file, status="ok", error=None):
        self.file, self.status, self.error, self.claims = file, status, error, []
        self.instance_sha256 = self.claim = self.kind = None
    exit_code = property(lambda self: ("ok", "failed", "malformed").index(self.status))
    def summary(self):
        """The closing line of the human output, after the file name."""
        sha = self.instance_sha256 or ""
        about = f"family {sha[7:]}" if sha.startswith("family:") else f"instance {sha}"
        return {"ok": f"all {len(self.claims)} claims hold ({about})",
                "failed": f"claim {self.claim} ({self.kind}) FAILED: {self.error}",
                "malformed": f"malformed: {self.error}"}[self.status]
    def as_json(self):
        """The shape of `ualign verify --json`'s per-file objects."""
        failed = [{"index": self.claim, "kind": self.kind, "ok": False, "message": self.error}]
        return {"file": self.file, "ok": self.status == "ok", "status": self.status,
                "instance_sha256": self.instance_sha256,
                "claims": [dict(c, ok=True) for c in self.claims] + failed * (self.status == "failed"),
                "error": self.summary() if self.status == "failed" else self.error}
def _check(data, result, on_claim, max_cost):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")  # a lone surrogate is then not UTF-8
    need(len(data) <= MAX_FILE_BYTES, f"larger than the limit of {MAX_FILE_BYTES} bytes")
    doc = load_json(data)
    family = type(doc) is dict and doc.get("format") == FAMILY_FORMAT
    cert = (FAMILY_CERTIFICATE if family else CERTIFICATE)(doc, "certificate")
    need((cert["format"], cert["version"]) in ((FORMAT, VERSION), (FAMILY_FORMAT, 1)),
         f"unsupported version {cert['version']} or format `{cert['format']}` (this checker reads "
         f"version {VERSION} of `{FORMAT}` and `{FAMILY_FORMAT}`)")
    if family:
        result.instance_sha256 = "family:" + cert["family"]
        return run_claims(cert["claims"], lambda c, _, __: FAMILY_CLAIMS[c["kind"]](
            cert["family"], c), result, on_claim)
    meter = [0, max_cost]
    prof = Profile(cert["instance"], meter)
    digest = prof.sha256()
    need(cert["instance_sha256"] == digest, f"instance_sha256 is `{cert['instance_sha256']}` but "
         f"the embedded instance's canonical form hashes to `{digest}`")
    result.instance_sha256 = digest
    run_claims(cert["claims"], lambda c, earlier, meter: CLAIMS[c["kind"]](
        Reader(prof, meter), c, earlier), result, on_claim, meter)
def run_claims(claims, check, result, on_claim, meter=None):
    """Refuses duplicate claims; with a `meter`, first prices every claim (`check(claim, earlier,
    meter)` raises Priced), then checks them in order, calling `on_claim` after each."""
    need(claims, "the certificate makes no claims")
    seen = {}
    for i, claim in enumerate(claims):
        j = seen.setdefault(json.dumps(claim, sort_keys=True), i)
        need(j == i, f"claims[{i}] ({claim['kind']}) repeats claims[{j}] (duplicates are refused)")
    for pricing in (meter, None) if meter else (None,):
        for i, claim in enumerate(claims):
            result.claim, result.kind = i, claim["kind"]
            try:
                got = check(claim, claims[:i], pricing)
            except Priced:
                continue
            except Malformed as e:
                raise Malformed(f"claims[{i}] ({claim['kind']}): {e}") from None
            if not pricing:
                result.claims.append(dict(index=i, kind=claim["kind"], k=got[0], message=got[1]))
                if on_claim:
                    on_claim(result, result.claims[-1])
    result.claim = result.kind = None
def check_text(text, file="<text>", on_claim=None, max_cost=DEFAULT_MAX_COST):
    """Checks a certificate (bytes or str); `on_claim(result, record)` follows each claim."""
    result = Result(file)
    old = getattr(sys, "get_int_max_str_digits", lambda: 0)()  # Python 3.11+ caps int(str) ...
    set_digits = getattr(sys, "set_int_max_str_digits", lambda n: None)
    set_digits(0)  # ... but numbers may have up to 20,000 digits
    try:
        _check(text, result, on_claim, max_cost)
    except Malformed as e:
        result.status, result.error, result.claim, result.kind = "malformed", str(e), None, None
    except Failed as e:
        result.status, result.error = "failed", str(e)
    finally:
        set_digits(old)
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
        print("usage: ualign_check.py [--json] [--max-cost SECONDS] CERT.json...", file=sys.stderr)
        return 2
    results = []
    for path in files:
        results.append(check_file(path, None if as_json else _print_claim, max_cost))
        if not as_json:
            print(f"{path}: {results[-1].summary()}")
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
