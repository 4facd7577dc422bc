#!/usr/bin/env python3
"""Cross-check landquota's optimum against HiGHS on the exported MPS.

For each scenario: `landquota export --mps`, `landquota solve --format json`, then HiGHS
(`pip install highspy`) on the MPS; prints both objectives, both times and the relative gap.
Exit status 1 if any gap exceeds 1e-6 relative.

usage: python3 benches/highs_check.py [--bin target/release/landquota] SCENARIO...
"""
import argparse, json, subprocess, sys, tempfile, time, os

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/landquota")
    ap.add_argument("scenarios", nargs="+")
    args = ap.parse_args()
    import highspy
    worst = 0.0
    print(f"{'scenario':<28} {'landquota':>18} {'HiGHS':>18} {'rel gap':>9} {'lq s':>7} {'HiGHS s':>8}")
    for sc in args.scenarios:
        with tempfile.TemporaryDirectory() as d:
            mps = os.path.join(d, "model.mps")
            subprocess.run([args.bin, "export", sc, "--mps", mps], check=True, capture_output=True)
            t0 = time.perf_counter()
            res = subprocess.run([args.bin, "solve", sc, "--format", "json"], capture_output=True, text=True)
            lq_time = time.perf_counter() - t0
            report = json.loads(res.stdout)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("mip_rel_gap", 0.0)
            h.readModel(mps)
            t0 = time.perf_counter()
            h.run()
            h_time = time.perf_counter() - t0
            status = h.modelStatusToString(h.getModelStatus())
            h_obj = h.getInfo().objective_function_value
            lq_obj = report.get("objective")
            if lq_obj is None:
                print(f"{sc:<28} {report['status']:>18} {status:>18}")
                continue
            gap = abs(lq_obj - h_obj) / max(1.0, abs(h_obj))
            worst = max(worst, gap)
            print(f"{sc:<28} {lq_obj:>18.6f} {h_obj:>18.6f} {gap:>9.1e} {lq_time:>7.3f} {h_time:>8.3f}")
    print(f"largest relative gap: {worst:.2e}")
    sys.exit(1 if worst > 1e-6 else 0)

if __name__ == "__main__":
    main()
