//! Round trips of the live what-if page (`landquota serve`), as the page makes them (figures in
//! BENCHMARKS.md):
//!
//!     cargo bench --bench serve                        # jiaxing-2019, jinhua-2025, zhejiang-2024
//!     LANDQUOTA_BENCH_RUNS=40 cargo bench --bench serve
//!
//! Each scenario is served in process on a free loopback port (the server of `serve`, with
//! its base read and solved once), and each kind of edit is sent `LANDQUOTA_BENCH_RUNS` times
//! (default 20), each request over a fresh TCP connection, the answer read whole. Each run's
//! value differs (a pool cut by 20.0%, 20.1%, ..., and a note, `scenario.notes`, that differs
//! per run), so no answer comes from the server's cache of recent variants. Each edit is timed
//! three ways, each with its own values:
//!
//! - `plan`: the page's first request, `POST /api/view` (the variant solved and explained, its
//!   plan page and changes against the base rendered): the plan shown. The goal is on this.
//! - `+reasons N/M`: what the page does until the counterfactual reasons are shown too: the
//!   same request, then, when its answer says `reasons_pending` (N of the M runs), the list
//!   again with `reasons: true` (the re-solves of the reasons, the page rendered again).
//! - `/api/solve`: the complete JSON, as `solve --format json`.
//!
//! The last line, `undo`, is the cached case (back to an edit list shown whole a moment ago).
//! p50 and p95 per edit and the CPU time of the process per round trip (server and client
//! threads, 10 ms ticks), with the goal of issue 26: median ≤ 0.25 s on jiaxing-2019 and
//! jinhua-2025, ≤ 1 s on zhejiang-2024.
//!
//! Not criterion: a round trip is one solve of a new variant, and the percentiles over the
//! officer's edits are the point.

use landquota::commands::serve::{Live, Options, http};
use landquota::i18n::Lang;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// CPU seconds used by this process so far (all its threads: the server's and the client's),
/// in clock ticks of 10 ms; 0 where /proc is not there.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the file (utime, stime) are the 12th and 13th after the name.
    if f.len() > 12 {
        (f[11] + f[12]) / 100.0
    } else {
        0.0
    }
}

/// One request: the status and the whole answer (headers and body).
fn post(addr: &str, token: &str, endpoint: &str, body: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connects");
    let req = format!(
        "POST {endpoint} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let status = String::from_utf8_lossy(&out[..out.len().min(16)])
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

/// What the page does for one list of edits: `/api/view` for the plan, then, when its
/// counterfactual reasons are still to come, the same list with `reasons: true`. The status
/// of the last answer, its size, and whether a second request was made.
fn page_round_trip(addr: &str, token: &str, set: &[String]) -> (u16, usize, bool) {
    let body = serde_json::json!({ "set": set }).to_string();
    let (status, out) = post(addr, token, "/api/view", &body);
    if status != 200 || !pending(&out) {
        return (status, out.len(), false);
    }
    let again = serde_json::json!({ "set": set, "reasons": true }).to_string();
    let (status, out) = post(addr, token, "/api/view", &again);
    (status, out.len(), true)
}

/// Whether an answer of `/api/view` says its reasons are still to come (a bench that cannot
/// read it stops: it would time the plan alone as the plan with its reasons).
fn pending(answer: &[u8]) -> bool {
    let at = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let (head, mut rest) = (&answer[..at], &answer[at + 4..]);
    let mut body = Vec::new();
    if String::from_utf8_lossy(head)
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        // Chunks: a hexadecimal size line, the bytes, CRLF; a size of 0 ends them.
        while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..nl]).unwrap().trim(), 16)
                .expect("a chunk size");
            if size == 0 {
                break;
            }
            body.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
            rest = &rest[nl + 2 + size + 2..];
        }
    } else {
        body.extend_from_slice(rest);
    }
    let v: serde_json::Value = serde_json::from_slice(&body).expect("a JSON answer");
    v["reasons_pending"].as_bool().expect("reasons_pending")
}

/// The edits of the `i`-th run of a case.
type Edits = Box<dyn Fn(usize) -> Vec<String>>;

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64()
}

fn main() {
    let runs: usize = std::env::var("LANDQUOTA_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    println!(
        "{:<16} {:<28} {:<16} {:>5} {:>9} {:>9} {:>9} {:>10}",
        "scenario", "edit", "shown", "runs", "p50 s", "p95 s", "cpu p50", "answer kB"
    );
    for (name, goal) in [
        ("jiaxing-2019", 0.25),
        ("jinhua-2025", 0.25),
        ("zhejiang-2024", 1.0),
    ] {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let path = root.join("scenarios").join(name);
        let sc = landquota::scenario::from_path(&path).expect("shipped scenario");
        let out = tempfile::tempdir().unwrap();
        let clock = Instant::now();
        let live = Live::open(
            &path,
            Options {
                backend: landquota::commands::backend::DEFAULT.into(),
                out: out.path().to_path_buf(),
                lang: Lang::Zh,
            },
        )
        .expect("valid scenario");
        let start_s = clock.elapsed().as_secs_f64();
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let addr = format!("127.0.0.1:{}", server.server_addr().to_ip().unwrap().port());
        let token = http::new_token().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let app = http::App::new(Arc::new(live), token.clone(), Vec::new());
        let stopper = Arc::clone(&stop);
        let handle = std::thread::spawn(move || http::serve(server, app, stopper));
        println!(
            "{name:<16} {:<28} {:<16} {:>5} {start_s:>9.3} {:>9} {:>10}",
            "start (read + base solve)", "", 1, "", ""
        );

        // The edits an officer makes, each run with another value.
        let pool = sc
            .pools
            .iter()
            .max_by(|a, b| a.capacity_mu.total_cmp(&b.capacity_mu))
            .unwrap();
        let mut edits: Vec<(String, Edits)> = Vec::new();
        let pid = pool.id.clone();
        edits.push((
            "largest pool -20%…".into(),
            Box::new(move |i| {
                vec![format!(
                    "pools.{pid}.capacity=*{:.4}",
                    0.8 + 0.001 * i as f64
                )]
            }),
        ));
        if let Some(l) = &sc.rules.stock_linkage {
            let alpha = l.alpha;
            edits.push((
                "stock linkage α".into(),
                Box::new(move |i| {
                    vec![format!(
                        "rules.stock_linkage.alpha={:.4}",
                        alpha * (0.7 + 0.01 * i as f64)
                    )]
                }),
            ));
        }
        // Counties without a floor (freezing one with a floor is infeasible by design).
        let ids: Vec<String> = sc
            .counties
            .iter()
            .filter(|c| c.floor_mu.is_none())
            .map(|c| c.id.clone())
            .collect();
        let n = ids.len();
        edits.push((
            "freeze a county".into(),
            Box::new(move |i| vec![format!("counties.{}.frozen=true", ids[i % n])]),
            // (with fewer counties than runs a county comes back, with another note: no cache)
        ));
        let pid = pool.id.clone();
        let cid = sc.counties[0].id.clone();
        // A county that may be frozen: one without a floor (a frozen county with a floor is
        // infeasible, and the case would time the conflict analysis instead).
        let cid2 = sc
            .counties
            .iter()
            .skip(1)
            .rev()
            .find(|c| c.floor_mu.is_none())
            .map_or_else(|| sc.counties[0].id.clone(), |c| c.id.clone());
        edits.push((
            "3 edits (pool, cap, freeze)".into(),
            Box::new(move |i| {
                vec![
                    format!("pools.{pid}.capacity=*{:.4}", 0.85 + 0.001 * i as f64),
                    format!("counties.{cid}.cap={}", 500 + 37 * i),
                    format!("counties.{cid2}.frozen=true"),
                ]
            }),
        ));
        let mut worst_p50 = 0.0f64;
        for (k, (label, make)) in edits.iter().enumerate() {
            // The page's first request (the plan shown), the page's requests until the
            // reasons are shown, then the bare JSON of `/api/solve` (other values: no cache).
            for (endpoint, offset) in [("plan", 0), ("+reasons", 2000), ("/api/solve", 1000)] {
                let mut times = Vec::with_capacity(runs);
                let mut cpu = Vec::with_capacity(runs);
                let mut size = 0;
                let mut twice = 0;
                for i in 0..runs {
                    // A note that differs per run and per case: each list is solved anew.
                    let mut set = make(i);
                    set.push(format!("scenario.notes=bench-{k}-{}", i + offset));
                    let body = serde_json::json!({ "set": set }).to_string();
                    let (t, c) = (Instant::now(), cpu_s());
                    let (status, len) = match endpoint {
                        "+reasons" => {
                            let (status, len, again) = page_round_trip(&addr, &token, &set);
                            twice += usize::from(again);
                            (status, len)
                        }
                        "plan" => {
                            let (status, out) = post(&addr, &token, "/api/view", &body);
                            (status, out.len())
                        }
                        _ => {
                            let (status, out) = post(&addr, &token, endpoint, &body);
                            (status, out.len())
                        }
                    };
                    times.push(t.elapsed());
                    cpu.push(cpu_s() - c);
                    assert_eq!(status, 200, "{name} {label} run {i}");
                    size = len;
                }
                times.sort();
                cpu.sort_by(f64::total_cmp);
                let p50 = pct(&times, 0.5);
                if endpoint == "plan" {
                    worst_p50 = worst_p50.max(p50);
                }
                let shown = match endpoint {
                    "+reasons" => format!("+reasons {twice}/{runs}"),
                    e => e.to_string(),
                };
                println!(
                    "{name:<16} {label:<28} {shown:<16} {runs:>5} {p50:>9.3} {:>9.3} {:>9.2} {:>10}",
                    pct(&times, 0.95),
                    cpu[cpu.len() / 2],
                    size / 1024
                );
            }
        }
        // Undo: back to an edit list shown whole a moment ago (the cache), as the page asks.
        let mut set = (edits[0].1)(runs - 1);
        set.push(format!("scenario.notes=bench-0-{}", runs - 1 + 2000));
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                page_round_trip(&addr, &token, &set);
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{name:<16} {:<28} {:<16} {runs:>5} {:>9.3} {:>9.3}",
            "undo (cached variant)",
            "plan",
            pct(&times, 0.5),
            pct(&times, 0.95)
        );
        println!(
            "{name:<16} goal: median ≤ {goal} s: {}",
            if worst_p50 <= goal { "met" } else { "NOT met" }
        );
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        handle.join().unwrap();
    }
}
