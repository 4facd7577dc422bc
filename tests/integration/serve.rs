//! `landquota serve`, driven over HTTP as the page and scripts drive it: the binary is started
//! on a free port (`--port 0`), its first stdout line gives the address and token, and requests
//! go to 127.0.0.1 only. What the API answers is compared with what the command line prints.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub token: String,
    /// The first stdout line, as printed.
    pub url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `landquota serve SCENARIO --port 0 ARGS...` and waits for its address.
pub fn start(scenario: &Path, args: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_landquota"))
        .arg("serve")
        .arg(scenario)
        .args(["--port", "0"])
        .args(args)
        .env("LC_ALL", "C")
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("serve prints its address");
    let url = line.trim().to_string();
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("the first line is the address: {url:?}"));
    let (addr, token) = rest.split_once("/?token=").expect("address with a token");
    Served {
        addr: addr.to_string(),
        token: token.to_string(),
        url: url.clone(),
        child,
    }
}

/// An answer: status, headers (lower-case names) and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Served {
    /// One HTTP/1.1 request; `headers` are added as given (the token is not added).
    pub fn raw(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut s = TcpStream::connect(&self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        let mut req = format!(
            "{method} {target} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: {}\r\n", self.addr));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let _ = s.write_all(req.as_bytes());
        let _ = s.write_all(body);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        parse_answer(&out)
    }

    /// A request with the token as a bearer.
    pub fn call(&self, method: &str, target: &str, body: &str) -> Answer {
        let auth = format!("Bearer {}", self.token);
        self.raw(
            method,
            target,
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            body.as_bytes(),
        )
    }

    pub fn solve(&self, set: &[&str]) -> Answer {
        self.call(
            "POST",
            "/api/solve",
            &serde_json::json!({ "set": set }).to_string(),
        )
    }
}

fn parse_answer(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..nl]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + size]);
        b = &b[nl + 2 + size + 2..];
    }
}

/// `solve SCENARIO --format json --set ...`: its stdout and stderr.
fn cli_solve(scenario: &str, set: &[&str], lang: &str) -> (Vec<u8>, String) {
    let mut args = vec!["solve", scenario, "--format", "json", "--lang", lang];
    for s in set {
        args.push("--set");
        args.push(s);
    }
    let out = cli(&args);
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of a scenario folder, to change or to save beside.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

const CUT: &str = "pools.urban_batch.capacity=*0.8";

#[test]
fn serve_solve_equals_the_cli_on_several_edits() {
    let cases: [(&str, &[&str]); 6] = [
        ("scenarios/jinhua-2025", &[]),
        ("scenarios/jinhua-2025", &[CUT]),
        (
            "scenarios/jinhua-2025",
            &["counties.yiwu.frozen=true", "rules.stock_linkage.alpha=0.3"],
        ),
        (
            "scenarios/jinhua-2025",
            &[
                "pools.urban_batch.capacity=-35%",
                "rules.earmarks.farmer_housing.min_share=0.08",
                "counties.wucheng.cap=3000",
            ],
        ),
        ("scenarios/jiaxing-2019", &["rules.stock_linkage.beta=0.5"]),
        // Infeasible: the same JSON (status, conflicts) as the command line's.
        ("scenarios/jinhua-2025", &["counties.wucheng.floor=30000"]),
    ];
    let mut servers: Vec<(&str, Served)> = Vec::new();
    for (scenario, set) in cases {
        if !servers.iter().any(|(s, _)| *s == scenario) {
            servers.push((scenario, start(&repo().join(scenario), &["--lang", "en"])));
        }
        let served = &servers.iter().find(|(s, _)| *s == scenario).unwrap().1;
        let api = served.solve(set);
        assert_eq!(api.status, 200, "{set:?}: {}", api.text());
        assert_eq!(
            api.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        let (cli_json, _) = cli_solve(scenario, set, "en");
        assert!(
            api.body == cli_json,
            "{scenario} {set:?}: /api/solve differs from solve --format json"
        );
        // The edits reached the solve: a changed plan or status, not the base's answer.
        if !set.is_empty() {
            let base = served.solve(&[]);
            assert_ne!(base.body, api.body, "{set:?} changed nothing");
        }
    }
    let infeasible = servers[0].1.solve(&["counties.wucheng.floor=30000"]).json();
    assert_eq!(infeasible["status"], "infeasible");
}

#[test]
fn serve_reports_bad_edits_as_set_does() {
    let bad: &[&str] = &[
        "pools.urban_batch.capacty=9417",
        "counties.nowhere.frozen=true",
        "not an edit",
    ];
    for lang in ["en", "zh"] {
        let served = start(&repo().join("scenarios/jinhua-2025"), &["--lang", lang]);
        let api = served.solve(bad);
        assert_eq!(api.status, 400, "{}", api.text());
        let j = api.json();
        let problems = j["problems"].as_array().expect("a list of problems");
        assert_eq!(problems.len(), 3, "{j}");
        let fields: Vec<&str> = problems
            .iter()
            .map(|p| p["field"].as_str().unwrap())
            .collect();
        for f in [
            "pools.urban_batch.capacty",
            "counties.nowhere.frozen",
            "not an edit",
        ] {
            assert!(fields.contains(&f), "{f} not among {fields:?}");
        }
        // The same words as the command line's, in the same language.
        let (_, stderr) = cli_solve("scenarios/jinhua-2025", bad, lang);
        assert_eq!(j["error"].as_str().unwrap().trim(), stderr.trim(), "{lang}");
        if lang == "zh" {
            assert!(
                j["problems"][0]["hint"]
                    .as_str()
                    .is_some_and(|h| h.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
                "{j}"
            );
        }
        // A failed solve leaves nothing behind: the next request is answered as before.
        let after = served.solve(&[CUT]);
        assert_eq!(
            after.body,
            cli_solve("scenarios/jinhua-2025", &[CUT], lang).0
        );
    }
}

#[test]
fn serve_refuses_requests_without_the_token() {
    let served = start(&repo().join("scenarios/jiaxing-2019"), &[]);
    let body = br#"{"set": []}"#;
    let bearer = format!("Bearer {}", served.token);
    let with_token = format!("/?token={}", served.token);
    let foreign_host = format!("evil.example:{}", served.addr.rsplit(':').next().unwrap());
    // (method, target, headers, status expected)
    type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, u16);
    let cases: Vec<Case> = vec![
        ("GET", "/".into(), vec![], 403),
        ("GET", "/?token=wrong".into(), vec![], 403),
        ("POST", "/api/solve".into(), vec![], 403),
        (
            "POST",
            "/api/solve".into(),
            vec![("Authorization", "Bearer 0123")],
            403,
        ),
        ("GET", "/download/plan.xlsx".into(), vec![], 403),
        ("POST", "/api/save".into(), vec![], 403),
        // A page of another origin, even with the token.
        (
            "POST",
            "/api/solve".into(),
            vec![
                ("Authorization", &bearer),
                ("Origin", "http://evil.example"),
            ],
            403,
        ),
        // Another host name for this address (DNS rebinding).
        (
            "POST",
            "/api/solve".into(),
            vec![("Authorization", &bearer), ("Host", &foreign_host)],
            403,
        ),
        ("GET", with_token.clone(), vec![], 200),
        (
            "POST",
            "/api/solve".into(),
            vec![("Authorization", &bearer)],
            200,
        ),
    ];
    for (method, target, headers, status) in cases {
        let a = served.raw(method, &target, &headers, body);
        assert_eq!(
            a.status,
            status,
            "{method} {target} {headers:?}: {}",
            a.text()
        );
        assert!(
            a.header("access-control-allow-origin").is_none(),
            "no cross-origin access"
        );
    }
    // The page itself: self-contained (no address outside the page), framed by nobody.
    let page = served.raw("GET", &with_token, &[], b"");
    let html = page.text();
    assert!(html.contains("<style>") && html.contains("landquotaSortTables"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resource"
    );
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert!(
        served.url.starts_with("http://127.0.0.1:"),
        "{}",
        served.url
    );
}

#[test]
fn serve_refuses_malformed_and_oversized_bodies() {
    let served = start(&repo().join("scenarios/jiaxing-2019"), &[]);
    let many: Vec<String> = (0..501)
        .map(|i| format!("pools.urban_batch.capacity={i}"))
        .collect();
    let huge = format!(r#"{{"set": ["{}"]}}"#, "x".repeat(300 * 1024));
    let cases: Vec<(String, u16, &str)> = vec![
        ("not json".into(), 400, "not valid JSON"),
        ("[1, 2]".into(), 400, "JSON object"),
        (
            r#"{"set": "pools.a.capacity=1"}"#.into(),
            400,
            "list of PATH=VALUE",
        ),
        (r#"{"set": [1]}"#.into(), 400, "list of PATH=VALUE"),
        (
            serde_json::json!({ "set": many }).to_string(),
            400,
            "too many edits",
        ),
        (huge, 413, "too large"),
    ];
    for (body, status, words) in cases {
        let a = served.call("POST", "/api/solve", &body);
        assert_eq!(a.status, status, "{}", &body[..body.len().min(60)]);
        assert!(a.text().contains(words), "{}", a.text());
    }
    // Still serving, and correctly.
    let a = served.solve(&["rules.stock_linkage.beta=0.5"]);
    assert_eq!(
        a.body,
        cli_solve(
            "scenarios/jiaxing-2019",
            &["rules.stock_linkage.beta=0.5"],
            "en"
        )
        .0
    );
    assert_eq!(served.call("GET", "/nothing", "").status, 404);
}

#[test]
fn serve_saves_a_variant_that_solves_as_the_variant() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("what-if");
    let served = start(
        &repo().join("scenarios/jinhua-2025"),
        &["--out", out.to_str().unwrap()],
    );
    let set = [
        CUT,
        "counties.yiwu.frozen=true",
        "rules.stock_linkage.alpha=0.45",
    ];
    let a = served.call(
        "POST",
        "/api/save",
        &serde_json::json!({ "set": set, "name": "cut20" }).to_string(),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let path = PathBuf::from(a.json()["path"].as_str().unwrap());
    assert_eq!(path, out.join("cut20").join("scenario.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("extends = "), "{text}");
    // The relative edit is saved as the number it gave: 80% of 11,771 mu.
    assert!(text.contains("capacity_mu = 9416.8"), "{text}");
    // Solved from the file, the saved variant is the variant (its name aside).
    let saved = cli(&["solve", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        saved.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    let mut from_file: serde_json::Value = serde_json::from_slice(&saved.stdout).unwrap();
    let mut live = served.solve(&set).json();
    assert_eq!(from_file["scenario"], "jinhua-2025-cut20");
    from_file["scenario"] = serde_json::Value::Null;
    live["scenario"] = serde_json::Value::Null;
    // The live answer names its edits, as `solve --set` does; the saved file is filed as is.
    assert_eq!(live["overrides"], serde_json::json!(set));
    assert!(from_file.get("overrides").is_none());
    live.as_object_mut().unwrap().remove("overrides");
    assert_eq!(from_file, live);
    // Saving again under the same name replaces the variant.
    let again = served.call(
        "POST",
        "/api/save",
        &serde_json::json!({ "set": [CUT], "name": "cut20" }).to_string(),
    );
    assert_eq!(again.status, 200);
    assert!(!std::fs::read_to_string(&path).unwrap().contains("yiwu"));
    // Bad edits are not saved.
    let bad = served.call(
        "POST",
        "/api/save",
        r#"{"set": ["pools.nope.capacity=1"], "name": "bad"}"#,
    );
    assert_eq!(bad.status, 400);
    assert!(!out.join("bad").exists());
}

#[test]
fn serve_save_writes_nothing_outside_its_folder_or_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    // The scenario in DIR/base: saving a variant named "base" would replace its file.
    let base = dir.path().join("base");
    copy_dir(&repo().join("scenarios/jiaxing-2019"), &base);
    let before = std::fs::read(base.join("scenario.toml")).unwrap();
    let served = start(&base, &["--out", dir.path().to_str().unwrap()]);
    let save = |name: &str| {
        served.call(
            "POST",
            "/api/save",
            &serde_json::json!({ "set": ["rules.stock_linkage.beta=0.5"], "name": name })
                .to_string(),
        )
    };
    for name in [
        "../escape",
        "a/b",
        "a\\b",
        "..",
        ".hidden",
        "",
        "nul",
        "COM1",
        "x y",
        "名字/x",
    ] {
        let a = save(name);
        assert_eq!(a.status, 400, "{name:?}: {}", a.text());
    }
    let a = save("base");
    assert_eq!(a.status, 400, "{}", a.text());
    assert!(a.text().contains("would replace"), "{}", a.text());
    assert_eq!(std::fs::read(base.join("scenario.toml")).unwrap(), before);
    // Nothing was written anywhere but the scenario's own copy.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["base"]);
    assert!(!dir.path().parent().unwrap().join("escape").exists());
    // A plain name in any script is fine.
    let ok = save("北区压减");
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert!(dir.path().join("北区压减/scenario.toml").is_file());
}

#[test]
fn serve_downloads_the_variants_plan() {
    let dir = tempfile::tempdir().unwrap();
    let served = start(&repo().join("scenarios/jinhua-2025"), &["--lang", "zh"]);
    let q = format!(
        "?token={}&set={}",
        served.token, "pools.urban_batch.capacity%3D*0.8"
    );
    let html = served.raw("GET", &format!("/download/plan.html{q}"), &[], b"");
    assert_eq!(html.status, 200);
    assert!(
        html.header("content-disposition")
            .unwrap()
            .contains("plan.html")
    );
    // The variant's plan page, standing alone (no links to county pages it does not come
    // with): it names the edit and shows each county's grant as `solve --set` gives it.
    let page = html.text();
    assert!(
        page.contains("pools.urban_batch.capacity=*0.8"),
        "the page names the edit"
    );
    assert!(
        !page.contains("href=\"counties/"),
        "no link to a page not downloaded"
    );
    let expected: serde_json::Value =
        serde_json::from_slice(&cli_solve("scenarios/jinhua-2025", &[CUT], "zh").0).unwrap();
    for c in expected["counties"].as_array().unwrap() {
        let g = c["granted_mu"].as_f64().unwrap();
        let cell = format!(">{}</td>", landquota::render::html::mu(g));
        assert!(page.contains(&cell), "{}: {cell}", c["id"]);
    }
    let xlsx = served.raw("GET", &format!("/download/plan.xlsx{q}"), &[], b"");
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"), "a workbook is a zip file");
    assert!(
        xlsx.header("content-disposition")
            .unwrap()
            .contains("plan.xlsx")
    );
    // The same workbook as `solve --set ... --format xlsx` writes.
    let out = dir.path().join("cli");
    let run = cli(&[
        "solve",
        "scenarios/jinhua-2025",
        "--set",
        CUT,
        "--format",
        "xlsx",
        "--lang",
        "zh",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    assert!(
        xlsx.body == std::fs::read(out.join("plan.xlsx")).unwrap(),
        "plan.xlsx differs"
    );
    // The workbook holds the variant's figures: the cut pool's capacity, 9,416.8 mu.
    std::fs::write(dir.path().join("plan.xlsx"), &xlsx.body).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("plan.xlsx")).unwrap();
    let found = calamine::Reader::worksheets(&mut wb)
        .iter()
        .any(|(_, range)| {
            range
                .cells()
                .any(|(_, _, c)| c.to_string().starts_with("9416.8"))
        });
    assert!(found, "the variant's capacity is in the workbook");
}

#[test]
fn serve_notices_a_scenario_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    copy_dir(&repo().join("scenarios/jiaxing-2019"), &base);
    let served = start(&base, &[]);
    let status = || served.call("GET", "/api/status", "").json();
    assert_eq!(status()["stale"], false);
    let before = served.solve(&[]).body;
    let file = base.join("scenario.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen("beta = ", "beta = 0.5 # was ", 1);
    assert_ne!(text, changed, "the scenario has a beta to change");
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&file, changed).unwrap();
    assert_eq!(status()["stale"], true);
    // Until reloaded the base stays as read (the page offers the reload).
    assert_eq!(served.solve(&[]).body, before);
    let r = served.call("POST", "/api/reload", "");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(status()["stale"], false);
    let after = served.solve(&[]).body;
    assert_eq!(
        after,
        cli(&["solve", file.to_str().unwrap(), "--format", "json"]).stdout
    );
    assert_ne!(after, before);
}

#[test]
fn serve_answers_several_tabs_each_its_own_variant() {
    let served = std::sync::Arc::new(start(&repo().join("scenarios/jinhua-2025"), &[]));
    let sets: Vec<Vec<&'static str>> = vec![
        vec![CUT],
        vec!["counties.yiwu.frozen=true"],
        vec!["rules.stock_linkage.alpha=0.3"],
        vec!["pools.urban_batch.capacity=+10%"],
    ];
    let answers: Vec<(Vec<&str>, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = sets
            .iter()
            .map(|set| {
                let served = std::sync::Arc::clone(&served);
                s.spawn(move || (set.clone(), served.solve(set).body))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (set, body) in answers {
        assert_eq!(
            body,
            cli_solve("scenarios/jinhua-2025", &set, "en").0,
            "{set:?}"
        );
    }
    // A tab's request overtaken by a newer one of the same tab is not solved.
    let view = |seq: u64| {
        served.call(
            "POST",
            "/api/view",
            &serde_json::json!({ "set": [CUT], "tab": "t1", "seq": seq }).to_string(),
        )
    };
    let newer = view(5);
    assert_eq!(newer.status, 200, "{}", newer.text());
    assert_eq!(newer.json()["seq"], 5);
    let older = view(3);
    assert_eq!(older.status, 409);
    assert_eq!(older.json()["superseded"], true);
}

#[test]
fn serve_reports_a_taken_port() {
    let first = start(&repo().join("scenarios/jiaxing-2019"), &[]);
    let port = first.addr.rsplit(':').next().unwrap();
    let out = cli(&["serve", "scenarios/jiaxing-2019", "--port", port]);
    assert_eq!(out.status.code(), Some(6));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on 127.0.0.1:"), "{err}");
    assert!(err.contains("--port 0"), "{err}");
    assert!(out.stdout.is_empty(), "no address printed");
}

#[test]
fn serve_refuses_an_invalid_scenario_before_listening() {
    let out = cli(&[
        "serve",
        "scenarios/jiaxing-2019",
        "--port",
        "0",
        "--backend",
        "minilp",
        "--out",
        "/nonexistent/never",
        "--host",
        "not-an-ip",
    ]);
    assert_eq!(out.status.code(), Some(2), "a bad --host is a usage error");
    let out = cli(&["serve", "scenarios/no-such-scenario", "--port", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_ctrl_c() {
    let mut served = start(&repo().join("scenarios/jiaxing-2019"), &[]);
    assert_eq!(served.solve(&[]).status, 200);
    let pid = served.child.id().to_string();
    let kill = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(kill.success());
    let mut waited = 0;
    let status = loop {
        if let Some(s) = served.child.try_wait().unwrap() {
            break s;
        }
        assert!(waited < 100, "serve did not stop within 10 s of Ctrl-C");
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    };
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    served
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.contains("stopped"), "{err}");
}

/// The page in a real browser (headless Chromium, driven over the DevTools protocol): it
/// loads, an officer cuts a pool by 20%, the plan is redrawn and its county grants are those
/// of `solve --set ... --format json`; a bad value is refused and undone; the variant is saved
/// and its workbook downloaded. Screenshots go to target/test-artifacts/. Skipped without a
/// Chromium, as the page test is (`LANDQUOTA_REQUIRE_BROWSER` makes that a failure).
#[test]
fn serve_page_in_headless_chromium() {
    use headless_chrome::protocol::cdp::{Browser as Cdp, Page};
    use headless_chrome::{Browser, LaunchOptions};
    let Some(chrome) = crate::browser::chromium() else {
        assert!(
            std::env::var_os("LANDQUOTA_REQUIRE_BROWSER").is_none(),
            "LANDQUOTA_REQUIRE_BROWSER is set but no chromium was found"
        );
        eprintln!("SKIPPED serve_page_in_headless_chromium: no chromium on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("what-if");
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let served = start(
        &repo().join("scenarios/jinhua-2025"),
        &["--lang", "zh", "--out", out.to_str().unwrap()],
    );
    let browser = Browser::new(LaunchOptions {
        path: Some(chrome),
        headless: true,
        sandbox: false,
        window_size: Some((1400, 1000)),
        idle_browser_timeout: Duration::from_secs(300),
        args: vec![
            std::ffi::OsStr::new("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
            std::ffi::OsStr::new("--disable-background-networking"),
        ],
        ..LaunchOptions::default()
    })
    .expect("chromium starts");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(120));
    let shot = |name: &str| {
        let png = tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        std::fs::write(crate::browser::artifacts().join(name), png).unwrap();
    };
    let eval = |js: &str| -> serde_json::Value {
        tab.evaluate(js, false)
            .unwrap_or_else(|e| panic!("{js}: {e}"))
            .value
            .unwrap_or(serde_json::Value::Null)
    };
    // Waits for the answer to the page's `seq`-th request.
    let settled = |seq: u64, state: &str| {
        let want = format!("{state}:{seq}");
        let js = "document.body.getAttribute('data-state') + ':' + document.body.getAttribute('data-seq-done')";
        for _ in 0..1200 {
            if eval(js) == serde_json::Value::String(want.clone()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the page did not reach {want}: {}", eval(js));
    };
    tab.navigate_to(&served.url).unwrap();
    tab.wait_until_navigated().unwrap();
    settled(1, "solved");
    assert!(
        eval("document.getElementById('plan').textContent")
            .as_str()
            .unwrap()
            .contains("婺城区")
    );
    shot("serve-base-zh.png");

    // The officer cuts the urban batch pool by 20%: types -20 into its ±% field.
    let pct = "input[data-path='pools.urban_batch.capacity'][data-pct]";
    tab.wait_for_element(pct).unwrap().click().unwrap();
    tab.type_str("-20").unwrap().press_key("Tab").unwrap();
    settled(2, "solved");
    // The plan first, then its reasons with what would change them (asked for by the page).
    for i in 0.. {
        if eval("document.body.getAttribute('data-reasons')") == "done" {
            break;
        }
        assert!(i < 1200, "the reasons did not come");
        std::thread::sleep(Duration::from_millis(100));
    }
    let plan_text = eval("document.getElementById('plan').textContent");
    let plan_text = plan_text.as_str().unwrap();
    let zh = landquota::i18n::Lang::Zh;
    assert!(!plan_text.contains(&landquota::t!(zh, "live-reason-pending")));
    // The words of a counterfactual entry ("…，本项目可多安排 …"), its arguments left out.
    let entry = landquota::t!(zh, "cf-entry");
    let words = entry
        .split(['{', '}'])
        .max_by_key(|w| w.chars().count())
        .unwrap();
    assert!(plan_text.contains(words), "no counterfactual reason shown");
    let edits = eval("document.getElementById('edits').textContent");
    assert_eq!(edits, "--set pools.urban_batch.capacity=-20%");
    let set = ["pools.urban_batch.capacity=-20%"];
    let expected: serde_json::Value =
        serde_json::from_slice(&cli_solve("scenarios/jinhua-2025", &set, "zh").0).unwrap();
    let base: serde_json::Value =
        serde_json::from_slice(&cli_solve("scenarios/jinhua-2025", &[], "zh").0).unwrap();
    // The county table's grants, as shown: [county name, text, sort value] per row.
    let shown = eval(
        "JSON.stringify(Array.from(document.querySelector('#plan table.counties').tBodies[0].rows)\
         .map(function (r) { return [r.cells[0].textContent.trim(), \
         r.cells[1].textContent, parseFloat(r.cells[1].getAttribute('data-sort'))]; }))",
    );
    let shown: Vec<(String, String, f64)> = serde_json::from_str(shown.as_str().unwrap()).unwrap();
    let counties = expected["counties"].as_array().unwrap();
    let mut moved = 0;
    for (c, b) in counties.iter().zip(base["counties"].as_array().unwrap()) {
        let name = c["name"].as_str().unwrap();
        let g = c["granted_mu"].as_f64().unwrap();
        let row = shown
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} not shown in {shown:?}"));
        assert_eq!(row.1, landquota::render::html::mu(g), "{name}");
        assert_close(row.2, g, name);
        if (g - b["granted_mu"].as_f64().unwrap()).abs() > 1e-6 {
            moved += 1;
        }
    }
    assert!(moved > 0, "a 20% cut moves some county's grant");
    let flagged =
        eval("parseInt(document.querySelector('#changes p.moved').getAttribute('data-counties'))");
    assert!(
        flagged.as_u64().unwrap() >= moved,
        "{flagged} counties flagged, {moved} moved"
    );
    assert!(
        eval("document.querySelectorAll('#changes svg').length")
            .as_u64()
            .unwrap()
            >= 1
    );
    shot("serve-cut20-zh.png");

    // A value the scenario refuses: the problems are shown, then undone.
    let alpha = "input[data-path='rules.stock_linkage.alpha']";
    eval(&format!(
        "var e = document.querySelector(\"{alpha}\"); e.value = '-1'; e.dispatchEvent(new Event('change'));"
    ));
    settled(3, "error");
    let state = eval("document.getElementById('state').textContent");
    assert!(
        state
            .as_str()
            .unwrap()
            .contains("rules.stock_linkage.alpha"),
        "{state}"
    );
    shot("serve-bad-edit-zh.png");
    tab.wait_for_element("#undo").unwrap().click().unwrap();
    settled(4, "solved");
    assert_eq!(eval("document.getElementById('edits').textContent"), edits);

    // Save the variant under a name.
    tab.wait_for_element("#save-name").unwrap().click().unwrap();
    tab.type_str("cut20").unwrap();
    tab.wait_for_element("#save").unwrap().click().unwrap();
    tab.wait_for_element("#save-result[data-ok='true']")
        .unwrap();
    let saved = out.join("cut20").join("scenario.toml");
    assert!(
        std::fs::read_to_string(&saved)
            .unwrap()
            .contains("capacity_mu = 9416.8")
    );

    // Download the variant's workbook by its link.
    tab.call_method(Cdp::SetDownloadBehavior {
        behavior: Cdp::SetDownloadBehaviorBehaviorOption::Allow,
        browser_context_id: None,
        download_path: Some(downloads.display().to_string()),
        events_enabled: None,
    })
    .unwrap();
    tab.wait_for_element("#dl-xlsx").unwrap().click().unwrap();
    let xlsx = downloads.join("plan.xlsx");
    for _ in 0..600 {
        if xlsx.is_file() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let bytes = std::fs::read(&xlsx).expect("plan.xlsx downloaded");
    assert!(bytes.starts_with(b"PK"));
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let found = calamine::Reader::worksheets(&mut wb)
        .iter()
        .any(|(_, range)| {
            range
                .cells()
                .any(|(_, _, c)| c.to_string().starts_with("9416.8"))
        });
    assert!(found, "the downloaded workbook is the variant's");
    std::fs::copy(&xlsx, crate::browser::artifacts().join("serve-cut20.xlsx")).unwrap();
}

/// The panel offers the switches a scenario has (the multi-year discount, trading), and an
/// edit made with them is solved as `solve --set` solves it.
#[test]
fn serve_page_offers_the_scenarios_own_switches() {
    let cases: [(&str, &[&str], &[&str], &str); 3] = [
        (
            "scenarios/jinhua-2025-2027",
            &["rules.horizon.discount", "rules.stock_linkage.alpha"],
            &["rules.trading.scope"],
            "rules.horizon.discount=0.5",
        ),
        (
            "scenarios/jinhua-2025-trading",
            &["rules.trading.scope", "rules.trading.max_sell_share"],
            &["rules.horizon.discount"],
            "rules.trading.scope=province",
        ),
        (
            "scenarios/jinhua-2025",
            &[
                "pools.urban_batch.capacity",
                "rules.outside_boundary.max_share_total",
                "rules.earmarks.farmer_housing.min_share",
                "counties.yiwu.frozen",
                "counties.yiwu.floor",
                "counties.yiwu.cap",
            ],
            &["rules.trading.scope", "rules.horizon.discount"],
            "rules.outside_boundary.max_share_total=0.02",
        ),
    ];
    for (scenario, has, lacks, edit) in cases {
        let served = start(&repo().join(scenario), &[]);
        let page = served
            .raw("GET", &format!("/?token={}", served.token), &[], b"")
            .text();
        for path in has {
            assert!(
                page.contains(&format!("data-path=\"{path}\"")),
                "{scenario}: {path}"
            );
        }
        for path in lacks {
            assert!(
                !page.contains(&format!("data-path=\"{path}\"")),
                "{scenario}: {path}"
            );
        }
        let api = served.solve(&[edit]);
        assert_eq!(api.status, 200, "{}", api.text());
        assert_eq!(
            api.body,
            cli_solve(scenario, &[edit], "en").0,
            "{scenario} {edit}"
        );
        assert_ne!(api.body, served.solve(&[]).body, "{edit} changes the plan");
    }
}

/// `--host` serves other machines: a warning says so, and requests naming another host name
/// are answered (the token is still required).
#[test]
fn serve_on_an_explicit_host_warns_and_still_needs_the_token() {
    let mut served = start(
        &repo().join("scenarios/jiaxing-2019"),
        &["--host", "127.0.0.1"],
    );
    let stderr = served.child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // Read stderr to its end: a pipe closed early would end the server at its next line.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap_or_default());
        }
    });
    let warning = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(
        warning.starts_with("warning: serving on 127.0.0.1"),
        "{warning}"
    );
    let bearer = format!("Bearer {}", served.token);
    let other = [
        ("Authorization", bearer.as_str()),
        ("Host", "quota-pc:8427"),
    ];
    let a = served.raw("POST", "/api/solve", &other, b"{}");
    assert_eq!(a.status, 200, "{}", a.text());
    let a = served.raw("POST", "/api/solve", &[("Host", "quota-pc:8427")], b"{}");
    assert_eq!(a.status, 403);
}

/// A newer edit of a tab cancels its older solve still running (issue 26: "cancelled by a newer
/// edit"): the older request is answered 409, and what its cut-short solve found is never
/// kept, so the same edits asked for later (from another tab) give exactly the CLI's plan.
/// (The older request is an explained fair solve of zhejiang-2024, 0.6–1 s measured on this
/// 2-core machine, so the newer edit sent 150 ms later finds it running.)
#[test]
fn a_newer_edit_cancels_the_running_solve_and_nothing_cut_short_is_kept() {
    let served = std::sync::Arc::new(start(&repo().join("scenarios/zhejiang-2024"), &[]));
    let slow = ["rules.stock_linkage.alpha=0.35"];
    let view = |set: &[&str], tab: &str, seq: u64| {
        served.call(
            "POST",
            "/api/view",
            &serde_json::json!({ "set": set, "tab": tab, "seq": seq }).to_string(),
        )
    };
    let (older, newer) = std::thread::scope(|s| {
        let older = s.spawn(|| view(&slow, "t1", 1));
        std::thread::sleep(std::time::Duration::from_millis(150));
        let newer = s.spawn(|| view(&["counties.jiande.frozen=true"], "t1", 2));
        (older.join().unwrap(), newer.join().unwrap())
    });
    assert_eq!(older.status, 409, "{}", older.text());
    assert_eq!(older.json()["superseded"], true);
    assert_eq!(newer.status, 200, "{}", newer.text());
    // A province's counterfactuals are above solve's budget: its plan comes whole at once.
    assert_eq!(newer.json()["reasons_pending"], false);
    let again = served.solve(&slow);
    assert_eq!(again.status, 200);
    assert_eq!(
        again.body,
        cli_solve("scenarios/zhejiang-2024", &slow, "en").0
    );
}

/// The plan first, its counterfactual reasons after (issue 26, speed): `/api/view` answers the
/// plan with `reasons_pending` and each line to be explained marked "being computed"; the
/// same edits with `reasons: true` answer the plan page `solve --set` draws (the download's);
/// and `/api/solve` is still the command line's bytes, whether the reasons were added on the
/// page's request or on its own.
#[test]
fn serve_answers_the_plan_first_then_its_counterfactual_reasons() {
    use landquota::i18n::Lang;
    let served = start(&repo().join("scenarios/jinhua-2025"), &["--lang", "en"]);
    let pending = landquota::t!(Lang::En, "live-reason-pending");
    let view = |set: &[&str], seq: u64, reasons: serde_json::Value| {
        let body = serde_json::json!({ "set": set, "tab": "t1", "seq": seq, "reasons": reasons });
        let a = served.call("POST", "/api/view", &body.to_string());
        assert_eq!(a.status, 200, "{set:?} {reasons}: {}", a.text());
        a.json()
    };
    let download = |set: &str| {
        let q = format!("?token={}&set={}", served.token, set.replace('=', "%3D"));
        served
            .raw("GET", &format!("/download/plan.html{q}"), &[], b"")
            .text()
    };
    let cli: serde_json::Value =
        serde_json::from_slice(&cli_solve("scenarios/jinhua-2025", &[CUT], "en").0).unwrap();
    let explained = cli["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["stopped_by"].as_array().is_some_and(|s| !s.is_empty()))
        .count();
    assert!(
        explained > 0,
        "the cut leaves lines that an edit would serve"
    );

    let first = view(&[CUT], 1, serde_json::Value::Null);
    assert_eq!(first["reasons_pending"], true);
    let draft = first["plan"].as_str().unwrap();
    assert!(
        draft.matches(pending.as_str()).count() >= explained,
        "every line to be explained says its reasons are coming"
    );
    let full = view(&[CUT], 1, serde_json::Value::Bool(true));
    assert_eq!(full["reasons_pending"], false);
    let plan = full["plan"].as_str().unwrap();
    assert!(!plan.contains(pending.as_str()));
    assert_eq!(
        full["changes"], first["changes"],
        "the same plan moved the same"
    );
    assert!(
        download(CUT).contains(plan),
        "the plan with its reasons is the variant's plan page"
    );
    assert!(!download(CUT).contains(draft));
    let (cli_json, _) = cli_solve("scenarios/jinhua-2025", &[CUT], "en");
    assert!(
        served.solve(&[CUT]).body == cli_json,
        "/api/solve after the page's two requests"
    );

    // A plan shown first, then asked for by a script: its reasons are added to the same solve.
    let other = ["counties.yiwu.frozen=true"];
    assert_eq!(
        view(&other, 2, serde_json::Value::Null)["reasons_pending"],
        true
    );
    assert!(
        served.solve(&other).body == cli_solve("scenarios/jinhua-2025", &other, "en").0,
        "/api/solve of a variant first shown without its reasons"
    );
    // In one request, for scripts.
    let third = ["rules.stock_linkage.alpha=0.3"];
    let once = view(&third, 3, serde_json::Value::Bool(true));
    assert_eq!(once["reasons_pending"], false);

    // The reasons of an edit list the tab has moved on from are not computed.
    assert_eq!(
        view(&[CUT], 5, serde_json::Value::Null)["reasons_pending"],
        false
    );
    let stale = served.call(
        "POST",
        "/api/view",
        &serde_json::json!({ "set": other, "tab": "t1", "seq": 4, "reasons": true }).to_string(),
    );
    assert_eq!(stale.status, 409, "{}", stale.text());

    // `reasons` is a switch.
    let bad = served.call(
        "POST",
        "/api/view",
        &serde_json::json!({ "set": [CUT], "reasons": "yes" }).to_string(),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json()["error"],
        landquota::t!(Lang::En, "serve-reasons-bool")
    );
}
