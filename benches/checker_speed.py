"""Time the two checkers on every committed proof (proofs/README.md, "Speed").

Usage (from the repository root, after `cargo build --release -p ualign-check`):

    python3 benches/checker_speed.py [--python /usr/bin/python3] [--runs 10]

For each `proofs/*.cert.json` it prints one Markdown table row with the CPU time (user + system
of the child, from `getrusage`, best of `--runs` whole-process runs) of

* `target/release/ualign-check FILE` (the Rust checker),
* `PY -I python/ualign_check.py FILE` (the Python checker run as a script: CPython compiles the
  file on every run, a script's bytecode is never cached),
* `PY -E -s -m ualign_check FILE` with `python/` as the working directory (run as a module, as an
  installed copy is run: the bytecode is compiled once and cached in `python/__pycache__/`),

and the Python checker's own work, `check_file(FILE)` timed inside one fresh interpreter (module
imported once, best of `--runs` calls). CPU time rather than wall time: it is the steadier figure
on a machine shared with other builds. Standard library only; not a test (times are machine facts).
"""

import argparse
import glob
import os
import resource
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_cpu(cmd, runs, cwd=None):
    """Best user + system CPU seconds of `runs` runs of `cmd` (exit code 0 or 1 accepted)."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit code {done.returncode}")
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


OWN_CPU = """
import sys, time
from ualign_check import check_file
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.process_time()
    check_file(sys.argv[1])
    best = min(best, time.process_time() - start)
print(best)
"""


def own_cpu(python, pydir, path, runs):
    """Best CPU seconds of `check_file(path)` inside one fresh interpreter (module imported once)."""
    done = subprocess.run(
        [python, "-E", "-s", "-c", OWN_CPU, path, str(runs)],
        cwd=pydir,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


def ms(seconds):
    """Milliseconds with two significant figures below 10 ms, whole milliseconds above."""
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter to time")
    parser.add_argument("--runs", type=int, default=10, help="runs per figure (best is kept)")
    args = parser.parse_args()
    rust = os.path.join(ROOT, "target", "release", "ualign-check")
    if not os.path.exists(rust):
        sys.exit("build the Rust checker first: cargo build --release -p ualign-check")
    pydir = os.path.join(ROOT, "python")
    env_note = subprocess.run(
        [args.python, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"CPython {env_note} ({args.python}), best of {args.runs} runs, CPU time")
    print()
    print("| file | Rust | Python script | ratio | Python module | ratio | `check_file` alone | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    worst = (0.0, "")
    for path in sorted(glob.glob(os.path.join(ROOT, "proofs", "*.cert.json"))):
        name = os.path.basename(path)[: -len(".cert.json")]
        r = child_cpu([rust, path], args.runs)
        script = child_cpu([args.python, "-I", os.path.join(pydir, "ualign_check.py"), path], args.runs)
        # -E: ignore PYTHONDONTWRITEBYTECODE and PYTHONPATH; -s: no user site; cwd python/.
        module = child_cpu([args.python, "-E", "-s", "-m", "ualign_check", path], args.runs, cwd=pydir)
        alone = own_cpu(args.python, pydir, path, args.runs)
        worst = max(worst, (module / r, name))
        print(
            f"| `{name}` | {ms(r)} | {ms(script)} | {script / r:.1f}x | {ms(module)} | "
            f"{module / r:.1f}x | {ms(alone)} | {alone / r:.1f}x |"
        )
    print()
    print(f"largest module/Rust ratio: {worst[0]:.1f}x ({worst[1]})")


if __name__ == "__main__":
    main()
