//! The HTTP side of `serve` (tiny_http: a small synchronous server; the solves are synchronous
//! CPU work on the request's thread, so an async runtime would bring nothing but weight).
//!
//! Every request carries the session's token (`?token=` or `Authorization: Bearer`), else 403:
//! no other page in the officer's browser can drive the server. The `Host` must be the address
//! served (a page of another site that renames itself to 127.0.0.1 is refused), and a request
//! from a browser page must come from the server's own origin; no CORS header is ever sent.
//!
//! Each request is whole: it carries the full list of edits, so answers never mix two edits.
//! A tab numbers its requests (`tab`, `seq`); one overtaken by a newer request of the same tab
//! before its solve starts is answered 409 without solving (a burst of edits costs one solve).

use super::Live;
use super::save::SaveError;
use crate::i18n::Lang;
use crate::progress::Stage;
use crate::render::html::live::{self as page, Moved};
use crate::report::diff::Kind;
use crate::scenario::Diagnostics;
use crate::t;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// Largest request body (a long list of edits is a few kB).
pub const MAX_BODY: usize = 256 * 1024;
/// Most edits in one request.
pub const MAX_EDITS: usize = 500;
/// Threads answering requests: several tabs at once, one solve each.
const WORKERS: usize = 4;

/// The server's shared state.
pub struct App {
    pub live: Arc<Live>,
    pub token: String,
    /// `Host` values accepted (`127.0.0.1:PORT`, `localhost:PORT`); empty: any (`--host`).
    pub hosts: Vec<String>,
    /// The newest request number seen per tab.
    latest: Mutex<HashMap<String, u64>>,
    /// What each tab's solve is doing, for its progress line.
    progress: Arc<Mutex<HashMap<String, String>>>,
    /// Per tab, the request being solved and its cancellation: a newer request of the tab
    /// sets it, and the solve stops at its next check (its answer is then 409, not cached).
    running: Mutex<HashMap<String, (u64, Arc<AtomicBool>)>>,
}

impl App {
    pub fn new(live: Arc<Live>, token: String, hosts: Vec<String>) -> App {
        App {
            live,
            token,
            hosts,
            latest: Mutex::new(HashMap::new()),
            progress: Arc::new(Mutex::new(HashMap::new())),
            running: Mutex::new(HashMap::new()),
        }
    }

    fn lang(&self) -> Lang {
        self.live.options().lang
    }
}

/// A token nobody can guess: 128 bits from the operating system, as hex.
pub fn new_token() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| e.to_string())?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Answers requests on `WORKERS` threads until `stop` is set.
pub fn serve(server: tiny_http::Server, app: App, stop: Arc<AtomicBool>) {
    let server = Arc::new(server);
    let app = Arc::new(app);
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, app, stop) = (Arc::clone(&server), Arc::clone(&app), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match server.recv_timeout(Duration::from_millis(200)) {
                        Ok(Some(req)) => handle(&app, req),
                        Ok(None) => {}
                        Err(_) => std::thread::sleep(Duration::from_millis(50)),
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}

struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// `Content-Disposition` for downloads.
    file: Option<String>,
}

impl Reply {
    fn json(status: u16, v: &Value) -> Reply {
        Reply::json_text(status, serde_json::to_string(v).unwrap_or_default())
    }
    fn json_text(status: u16, text: String) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: text.into_bytes(),
            file: None,
        }
    }
    fn error(status: u16, message: String) -> Reply {
        Reply::json(status, &json!({ "error": message }))
    }
}

fn handle(app: &App, mut req: Request) {
    let reply = route(app, &mut req);
    let mut resp = Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Frame-Options", "DENY".into()),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             img-src data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'"
                .into(),
        ),
    ];
    if let Some(name) = reply.file {
        headers.push((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ));
    }
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    // A browser that went away is no error of the server's.
    let _ = req.respond(resp);
}

/// The path and the query's pairs, percent-decoded.
fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect();
    (decode(path), pairs)
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            x => out.push(x),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Equal in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn header<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn route(app: &App, req: &mut Request) -> Reply {
    let lang = app.lang();
    let (path, query) = split_url(req.url());
    let host = header(req, "Host").unwrap_or("").to_string();
    if !app.hosts.is_empty() && !app.hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
        return Reply::error(403, t!(lang, "serve-bad-host"));
    }
    // A page of another origin may send requests to any address; it is refused here, and it
    // could not read an answer anyway (no CORS header).
    if let Some(origin) = header(req, "Origin")
        && origin != format!("http://{host}")
    {
        return Reply::error(403, t!(lang, "serve-bad-origin"));
    }
    let bearer = header(req, "Authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim);
    let from_query = query
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.as_str());
    if !bearer.or(from_query).is_some_and(|t| same(t, &app.token)) {
        return Reply::error(403, t!(lang, "serve-bad-token"));
    }
    let sets = || -> Vec<String> {
        query
            .iter()
            .filter(|(k, _)| k == "set")
            .map(|(_, v)| v.clone())
            .collect()
    };
    match (req.method(), path.as_str()) {
        (Method::Get, "/") => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: live_page(app).into_bytes(),
            file: None,
        },
        (Method::Post, "/api/solve") => with_body(app, req, api_solve),
        (Method::Post, "/api/view") => with_body(app, req, api_view),
        (Method::Post, "/api/save") => with_body(app, req, api_save),
        (Method::Post, "/api/reload") => match app.live.reload() {
            Ok(()) => Reply::json(200, &json!({ "reloaded": true })),
            Err(d) => problems(app, &d),
        },
        (Method::Get, "/api/status") => Reply::json(
            200,
            &json!({
                "stale": app.live.stale(),
                "scenario": app.live.path().display().to_string(),
            }),
        ),
        (Method::Get, "/api/progress") => {
            let tab = query
                .iter()
                .find(|(k, _)| k == "tab")
                .map(|(_, v)| v.clone());
            let p = app.progress.lock().unwrap_or_else(|e| e.into_inner());
            let text = tab.and_then(|t| p.get(&t).cloned());
            Reply::json(200, &json!({ "stage": text }))
        }
        (Method::Get, "/download/plan.xlsx") => download(app, &sets(), true),
        (Method::Get, "/download/plan.html") => download(app, &sets(), false),
        (Method::Get | Method::Post, _) => {
            Reply::error(404, t!(lang, "serve-not-found", path = &path))
        }
        _ => Reply::error(405, t!(lang, "serve-method")),
    }
}

/// Reads a JSON body of at most [`MAX_BODY`] bytes, then answers with `f`.
fn with_body(app: &App, req: &mut Request, f: impl Fn(&App, Value) -> Reply) -> Reply {
    let lang = app.lang();
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Reply::error(413, t!(lang, "serve-too-large", max = MAX_BODY));
    }
    let mut body = Vec::new();
    if let Err(e) = req
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
    {
        return Reply::error(400, e.to_string());
    }
    if body.len() > MAX_BODY {
        return Reply::error(413, t!(lang, "serve-too-large", max = MAX_BODY));
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(v @ Value::Object(_)) => f(app, v),
        Ok(_) => Reply::error(400, t!(lang, "serve-body-object")),
        Err(e) => Reply::error(400, t!(lang, "serve-body-json", error = e.to_string())),
    }
}

/// The `set` list of a body: strings, at most [`MAX_EDITS`].
fn set_of(app: &App, body: &Value) -> Result<Vec<String>, Reply> {
    let lang = app.lang();
    let list = match body.get("set") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(Reply::error(400, t!(lang, "serve-set-list"))),
    };
    if list.len() > MAX_EDITS {
        return Err(Reply::error(
            400,
            t!(lang, "serve-too-many", count = list.len(), max = MAX_EDITS),
        ));
    }
    list.iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| Reply::error(400, t!(lang, "serve-set-list")))
        })
        .collect()
}

/// 400 with every problem of the edits, as `--set` reports them, in the session's language.
fn problems(app: &App, d: &Diagnostics) -> Reply {
    let lang = app.lang();
    let list: Vec<Value> = d
        .iter()
        .map(|p| {
            json!({
                "file": p.file.display().to_string(),
                "field": p.field,
                "message": p.message.render(lang),
                "hint": p.hint.as_ref().map(|h| h.render(lang)),
                "text": p.render(lang),
            })
        })
        .collect();
    Reply::json(400, &json!({ "error": d.render(lang), "problems": list }))
}

/// Whether a newer request of the same tab came in (then this one is not solved).
fn superseded(app: &App, body: &Value, register: bool) -> bool {
    let (Some(tab), Some(seq)) = (
        body.get("tab").and_then(Value::as_str),
        body.get("seq").and_then(Value::as_u64),
    ) else {
        return false;
    };
    let mut latest = app.latest.lock().unwrap_or_else(|e| e.into_inner());
    if register {
        if latest.len() > 1024 {
            latest.clear();
        }
        let e = latest.entry(tab.to_string()).or_insert(seq);
        *e = (*e).max(seq);
    }
    latest.get(tab).is_some_and(|&l| l > seq)
}

/// The cancellation of this request's solve, registered for its tab; an older request of
/// the same tab still solving is cancelled (a newer edit makes it moot).
fn start_running(app: &App, body: &Value) -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let (Some(tab), Some(seq)) = (
        body.get("tab").and_then(Value::as_str),
        body.get("seq").and_then(Value::as_u64),
    ) else {
        return flag;
    };
    let mut running = app.running.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((older, f)) = running.get(tab)
        && *older < seq
    {
        f.store(true, Ordering::Relaxed);
    }
    if running.len() > 1024 {
        running.clear();
    }
    running.insert(tab.to_string(), (seq, Arc::clone(&flag)));
    flag
}

/// Forgets this request's solve, unless a newer one of its tab took its place.
fn stop_running(app: &App, body: &Value) {
    let (Some(tab), Some(seq)) = (
        body.get("tab").and_then(Value::as_str),
        body.get("seq").and_then(Value::as_u64),
    ) else {
        return;
    };
    let mut running = app.running.lock().unwrap_or_else(|e| e.into_inner());
    if running.get(tab).is_some_and(|(s, _)| *s == seq) {
        running.remove(tab);
    }
}

/// Solves with the tab's progress line kept up to date: the plan first, or with its
/// counterfactual reasons when `reasons` (the request's cancellation) is given.
fn solve_for(
    app: &App,
    body: &Value,
    set: &[String],
    reasons: Option<&Arc<AtomicBool>>,
) -> Result<Arc<super::Variant>, Diagnostics> {
    let lang = app.lang();
    let tab = body.get("tab").and_then(Value::as_str).map(str::to_string);
    let _installed = tab.clone().map(|tab| {
        let progress = Arc::clone(&app.progress);
        crate::progress::install(Box::new(move |stage| {
            let text = match stage {
                Stage::Priority => t!(lang, "progress-priority"),
                Stage::FairRound { round, level, open } => t!(
                    lang,
                    "progress-fair",
                    round = round + 1,
                    level = format!("{:.1}", 100.0 * level),
                    open = open
                ),
                Stage::Explain => t!(lang, "progress-explain"),
            };
            progress
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(tab.clone(), text);
        }))
    });
    let v = match reasons {
        Some(cancel) => app.live.with_reasons(set, cancel),
        None => app.live.plan_first(set),
    };
    if let Some(tab) = tab {
        app.progress
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&tab);
    }
    v
}

fn api_solve(app: &App, body: Value) -> Reply {
    let set = match set_of(app, &body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    match app.live.variant(&set) {
        Ok(v) => Reply::json_text(200, v.json.clone()),
        Err(d) => problems(app, &d),
    }
}

fn api_view(app: &App, body: Value) -> Reply {
    let lang = app.lang();
    let set = match set_of(app, &body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    // The plan first (`reasons` absent or false), then the same edits with `reasons: true`.
    let reasons = match body.get("reasons") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Reply::error(400, t!(lang, "serve-reasons-bool")),
    };
    if superseded(app, &body, true) {
        return Reply::json(409, &json!({ "superseded": true }));
    }
    let cancel = start_running(app, &body);
    let solved = blocklp::deadline::with_cancel(Arc::clone(&cancel), || {
        solve_for(app, &body, &set, reasons.then_some(&cancel))
    });
    stop_running(app, &body);
    if cancel.load(Ordering::Relaxed) {
        return Reply::json(409, &json!({ "superseded": true }));
    }
    let v = match solved {
        Ok(v) => v,
        Err(d) => return problems(app, &d),
    };
    if superseded(app, &body, false) {
        return Reply::json(409, &json!({ "superseded": true }));
    }
    let base = app.live.base_variant();
    let cx = v.pro_rata().page_context(&v.sc);
    let plan = crate::render::html::plan::render(&v.report, &cx, lang);
    let diff = crate::commands::diff::diff_values(
        base.value(),
        "base",
        v.value(),
        "variant",
        &crate::commands::diff::DiffOptions::default(),
    )
    .ok();
    let moved = diff.as_ref().map(|d| Moved {
        counties: page::moved(d, Kind::County),
        projects: page::moved(d, Kind::Project),
        pools: page::moved(d, Kind::Pool),
    });
    Reply::json(
        200,
        &json!({
            "seq": body.get("seq"),
            "set": set,
            "status": v.report.status.as_str(),
            "status_text": crate::report::diff::status_word(lang, v.report.status.as_str()),
            "plan": page::plan_fragment(&plan),
            "changes": diff.as_ref().map(|d| page::changes(d, moved.as_ref(), lang)).unwrap_or_default(),
            "stale": app.live.stale(),
            "reasons_pending": !v.complete(),
        }),
    )
}

fn api_save(app: &App, body: Value) -> Reply {
    let lang = app.lang();
    let set = match set_of(app, &body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(name) = body.get("name").and_then(Value::as_str) else {
        return Reply::error(400, t!(lang, "serve-name-missing"));
    };
    match app.live.save(&set, name) {
        Ok(path) => Reply::json(200, &json!({ "path": path.display().to_string() })),
        Err(SaveError::Name(m)) => Reply::error(400, m.render(lang)),
        Err(SaveError::Edits(d)) => problems(app, &d),
        Err(SaveError::Input(p)) => Reply::error(
            400,
            t!(lang, "serve-save-input", input = p.display().to_string()),
        ),
        Err(SaveError::Io(e)) => Reply::error(500, t!(lang, "cannot-write", error = e)),
    }
}

fn download(app: &App, set: &[String], xlsx: bool) -> Reply {
    let lang = app.lang();
    if set.len() > MAX_EDITS {
        return Reply::error(
            400,
            t!(lang, "serve-too-many", count = set.len(), max = MAX_EDITS),
        );
    }
    let v = match app.live.variant(set) {
        Ok(v) => v,
        Err(d) => return problems(app, &d),
    };
    let pr = v.pro_rata();
    if xlsx {
        match crate::render::xlsx::workbook(&v.report, &pr.by_county(&v.sc), lang) {
            Ok(bytes) => Reply {
                status: 200,
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                body: bytes,
                file: Some(crate::render::xlsx::FILE_NAME.to_string()),
            },
            Err(e) => Reply::error(500, e.to_string()),
        }
    } else {
        let html = crate::render::html::plan::render(&v.report, &pr.page_context(&v.sc), lang);
        Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: html.into_bytes(),
            file: Some("plan.html".into()),
        }
    }
}

fn live_page(app: &App) -> String {
    let base = app.live.base_variant();
    page::render(&base.sc, &base.report, app.lang())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_percent_decoded() {
        let (p, q) = split_url("/download/plan.xlsx?token=ab&set=pools.a.capacity%3D*0.8&set=x+y");
        assert_eq!(p, "/download/plan.xlsx");
        assert_eq!(q[1], ("set".into(), "pools.a.capacity=*0.8".into()));
        assert_eq!(q[2].1, "x y");
        assert_eq!(decode("%E5%9F%8E%"), "城%");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert_eq!(new_token().unwrap().len(), 32);
    }
}
