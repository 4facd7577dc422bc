#!/usr/bin/env python3
"""landquota (microlp) against HiGHS on the same generated models, side by side.

For each size (counties) and variant (mixed: with all-or-nothing and minimum-share projects;
divisible: --divisible-only, a pure LP):
  1. generate the scenario (seed 2025 unless --seed) with `landquota generate`;
  2. export the LP as MPS (`landquota export DIR --mps F`);
  3. time `landquota solve DIR --no-explain --format json` (wall clock of the whole command:
     read, validate, build, solve, check, report; peak resident memory from
     /usr/bin/time -f %M, or the process's VmHWM just before it is stopped at the timeout);
  4. solve the MPS with HiGHS (`pip install highspy`), with solver=simplex and solver=ipm
     (time of `run()` only; reading the MPS is timed apart), mip_rel_gap = 0;
  5. print a table: both times, their ratio (landquota / HiGHS), both objectives' relative gap;
  6. with --explain, also time `landquota solve DIR --format json` (explanations on, the CLI's
     default: marginal values, reasons, certificate) and print it under the row, against the
     bare landquota solve and against HiGHS's bare solve.

usage:
  python3 benches/highs_compare.py [--bin target/release/landquota] [--sizes 10,90,400]
         [--nation] [--variants divisible,mixed] [--seed 2025] [--timeout 300]
         [--repeat 1] [--highs-time-limit S] [--json FILE] [--keep DIR] [--explain]

--nation adds 2,844 counties. --timeout stops a landquota solve after that many seconds and
records "> N s". --repeat runs each timing N times and keeps the best (least disturbed) run.
Exit status 1 if any objective gap exceeds 1e-6 relative.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def generator(binary):
    """A function (counties, seed, out, divisible) -> None writing a scenario."""
    def gen(n, seed, out, divisible):
        cmd = [binary, "generate", "--counties", str(n), "--seed", str(seed), "--out", out]
        if divisible:
            cmd.append("--divisible-only")
        subprocess.run(cmd, check=True, capture_output=True)
    return gen, f"{binary} generate"


def peak_kb_now(pid):
    """VmHWM (peak resident set, KB) of a running process, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def run_timed(cmd, timeout):
    """Runs cmd under /usr/bin/time -f %M; (seconds or None on timeout, stdout, stderr, peak
    resident KB). When the run is stopped at the timeout, the peak is the process's VmHWM
    (/proc/PID/status) just before the kill. (Python's own wait4 rusage would count the
    forked Python interpreter's memory too.)"""
    have_time = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-f", "%M"] if have_time else []) + cmd
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=out, stderr=err)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            target = (children(p.pid) or [p.pid])[0]
            peak = peak_kb_now(target)
            for pid in children(p.pid):
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            p.kill()
            p.wait()
            return None, "", "", peak
        dt = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        peak = None
        if have_time:
            lines = stderr.strip().splitlines()
            try:
                peak = int(lines[-1])
                stderr = "\n".join(lines[:-1])
            except (ValueError, IndexError):
                pass
        return dt, stdout, stderr, peak


def time_landquota(binary, scenario, timeout, repeat, explain=False):
    """(best seconds or None on timeout, report dict or None, peak KB)."""
    best, report, peak = None, None, None
    for _ in range(repeat):
        cmd = [binary, "solve", scenario, "--format", "json"]
        if not explain:
            cmd.insert(3, "--no-explain")
        dt, stdout, stderr, kb = run_timed(cmd, timeout)
        if kb is not None:
            peak = kb if peak is None else max(peak, kb)
        if dt is None:
            return None, None, peak
        try:
            report = json.loads(stdout)
        except json.JSONDecodeError:
            sys.exit(f"landquota solve {scenario} failed: {stderr[-500:]}")
        best = dt if best is None else min(best, dt)
    return best, report, peak


def time_highs(mps, solver, repeat, time_limit=None):
    import highspy
    best, obj, status, read_s, dims = None, None, None, None, None
    for _ in range(repeat):
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("solver", solver)
        if time_limit:
            h.setOptionValue("time_limit", float(time_limit))
        t0 = time.perf_counter()
        h.readModel(mps)
        rs = time.perf_counter() - t0
        lp = h.getLp()
        integ = getattr(lp, "integrality_", None) or []
        dims = (lp.num_row_, lp.num_col_, sum(1 for v in integ if int(v) != 0))
        t0 = time.perf_counter()
        h.run()
        dt = time.perf_counter() - t0
        status = h.modelStatusToString(h.getModelStatus())
        obj = h.getInfo().objective_function_value
        best = dt if best is None else min(best, dt)
        read_s = rs if read_s is None else min(read_s, rs)
    return best, obj, status, read_s, dims


def ratio_text(ratio, lower_bound):
    """landquota / HiGHS; with a landquota timeout only a lower bound is known."""
    if ratio is not None:
        return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
    return f"> {lower_bound:.0f}x" if lower_bound >= 10 else f"> {lower_bound:.1f}x"


def fmt_s(x, timeout):
    return f"> {timeout:.0f}" if x is None else f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="target/release/landquota")
    ap.add_argument("--sizes", default="10,90,400")
    ap.add_argument("--nation", action="store_true", help="add 2,844 counties")
    ap.add_argument("--variants", default="divisible,mixed")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--highs-time-limit", type=float,
                    help="HiGHS time_limit (seconds) per run; a run stopped by it shows its status")
    ap.add_argument("--json", help="also write the rows as JSON to this file")
    ap.add_argument("--keep", help="keep the generated scenarios and MPS files in this directory")
    ap.add_argument("--explain", action="store_true",
                    help="also time the explained solve (the CLI's default)")
    args = ap.parse_args()
    try:
        import highspy  # noqa: F401
    except ImportError:
        sys.exit("HiGHS is needed: pip install highspy")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.nation and 2844 not in sizes:
        sizes.append(2844)
    variants = [v for v in args.variants.split(",") if v]
    gen, how = generator(args.bin)
    print(f"generator: {how}; landquota: {args.bin}; HiGHS {highspy_version()}; "
          f"timeout {args.timeout:.0f} s; best of {args.repeat}", flush=True)
    work = args.keep or tempfile.mkdtemp(prefix="highs-compare-")
    os.makedirs(work, exist_ok=True)
    rows = []
    head = (f"{'counties':>8} {'variant':<9} {'rows':>7} {'cols':>7} {'int':>5} "
            f"{'lq s':>9} {'lq MB':>6} {'simplex s':>9} {'ratio':>7} {'ipm s':>8} {'ratio':>7} "
            f"{'lq objective':>16} {'gap simplex':>11} {'gap ipm':>9}")
    print(head)
    worst = 0.0
    try:
        for n in sizes:
            for v in variants:
                div = v == "divisible"
                d = os.path.join(work, f"g{n}-{v}")
                gen(n, args.seed, d, div)
                mps = d + ".mps"
                subprocess.run([args.bin, "export", d, "--mps", mps], check=True, capture_output=True)
                lq_s, rep, peak = time_landquota(args.bin, d, args.timeout, args.repeat)
                hs = {}
                for solver in ("simplex", "ipm"):
                    hs[solver] = time_highs(mps, solver, args.repeat, args.highs_time_limit)
                dims = hs["simplex"][4]
                lq_obj = rep.get("objective") if rep else None
                row = {"counties": n, "variant": v, "rows": dims[0], "cols": dims[1],
                       "integer_cols": dims[2], "landquota_s": lq_s,
                       "landquota_status": rep["status"] if rep else "timeout",
                       "landquota_peak_kb": peak, "landquota_objective": lq_obj,
                       "timeout_s": args.timeout}
                cells = []
                for solver in ("simplex", "ipm"):
                    t, obj, status, read_s, _ = hs[solver]
                    gap = None
                    if lq_obj is not None and obj is not None and status == "Optimal":
                        gap = abs(lq_obj - obj) / max(1.0, abs(obj))
                        worst = max(worst, gap)
                    ratio = (lq_s / t) if (lq_s is not None and t) else None
                    row[solver] = {"seconds": t, "read_s": read_s, "objective": obj,
                                   "status": status, "relative_gap": gap, "ratio": ratio}
                    cells.append((t, ratio, gap))
                rows.append(row)
                (ts, rs, gs), (ti, ri, gi) = cells
                ratio_s = ratio_text(rs, args.timeout / ts)
                ratio_i = ratio_text(ri, args.timeout / ti)
                mb = (f"{peak / 1024:.0f}" if lq_s is not None else f">{peak / 1024:.0f}") if peak else "-"
                obj_s = f"{lq_obj:.6f}" if lq_obj is not None else row["landquota_status"]
                g_s = f"{gs:.1e}" if gs is not None else "-"
                g_i = f"{gi:.1e}" if gi is not None else "-"
                print(f"{n:>8} {v:<9} {dims[0]:>7} {dims[1]:>7} {dims[2]:>5} "
                      f"{fmt_s(lq_s, args.timeout):>9} {mb:>6} {ts:>9.3f} {ratio_s:>7} "
                      f"{ti:>8.3f} {ratio_i:>7} {obj_s:>16} {g_s:>11} {g_i:>9}", flush=True)
                for solver in ("simplex", "ipm"):
                    st = row[solver]["status"]
                    if st != "Optimal":
                        print(f"{'':>8} HiGHS {solver}: {st}")
                if args.explain:
                    ex_s, ex_rep, ex_peak = time_landquota(args.bin, d, args.timeout, args.repeat,
                                                           explain=True)
                    row["explained_s"] = ex_s
                    row["explained_peak_kb"] = ex_peak
                    if ex_s is None:
                        print(f"{'':>8} explained: > {args.timeout:.0f} s")
                    else:
                        vs_bare = f"{ex_s / lq_s:.2f}x bare" if lq_s else "-"
                        vs_hs = ", ".join(f"{ex_s / hs[k][0]:.2f}x HiGHS {k}"
                                          for k in ("simplex", "ipm") if hs[k][0])
                        mb_ex = f"{ex_peak / 1024:.0f} MB" if ex_peak else "-"
                        cert = (ex_rep or {}).get("certificate") or {}
                        print(f"{'':>8} explained: {ex_s:.3f} s, {mb_ex}, {vs_bare}, {vs_hs}; "
                              f"certificate optimal: {cert.get('optimal')}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    print(f"ratio = landquota solve (whole command) / HiGHS run(); gap = |obj_lq - obj_HiGHS| / max(1, |obj_HiGHS|)")
    print(f"largest relative gap: {worst:.2e}")
    sys.exit(1 if worst > 1e-6 else 0)


def highspy_version():
    try:
        from importlib.metadata import version
        return version("highspy")
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
