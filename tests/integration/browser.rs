//! The pages in a real browser: headless Chromium loads each page from a file URL with the
//! network blocked; the rendered DOM must name every county and pool, every chart must have
//! drawn something, and the console must stay free of errors. A screenshot of each page is
//! kept in target/test-artifacts/ for review (not compared with anything).
//!
//! Skipped, with a message, when no Chromium is installed (`apt-get install chromium`; CI's
//! `.ci/run` installs it and sets `LANDQUOTA_REQUIRE_BROWSER`, which turns the skip into a
//! failure). `LANDQUOTA_CHROMIUM=/path/to/chrome` picks a browser.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LANDQUOTA_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

struct Run {
    dom: String,
    console_errors: Vec<String>,
}

/// One headless load: `--dump-dom` prints the DOM after scripts ran; with logging on stderr,
/// console messages appear as `CONSOLE` lines (level and source).
fn load(browser: &Path, page: &Path, profile: &Path, screenshot: Option<&Path>) -> Run {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-extensions",
        // The network off: every host name fails to resolve and any proxy use goes nowhere.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
        "--enable-logging=stderr",
        "--v=0",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    match screenshot {
        Some(png) => {
            cmd.arg("--window-size=1100,2400")
                .arg(format!("--screenshot={}", png.display()));
        }
        None => {
            cmd.arg("--dump-dom");
        }
    }
    let out = cmd.arg(&url).output().expect("chromium runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "chromium failed on {}: {stderr}",
        page.display()
    );
    let console_errors = stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") && (l.contains(":ERROR:") || l.contains("Uncaught")))
        .map(String::from)
        .collect();
    Run {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console_errors,
    }
}

/// The `<svg ...>...</svg>` elements of a DOM.
fn svgs(dom: &str) -> Vec<&str> {
    dom.split("<svg")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap_or(s.len())])
        .collect()
}

pub(crate) fn artifacts() -> PathBuf {
    let dir = repo().join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn pages_render_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("LANDQUOTA_REQUIRE_BROWSER").is_none(),
            "LANDQUOTA_REQUIRE_BROWSER is set but no chromium was found"
        );
        eprintln!(
            "SKIPPED pages_render_in_headless_chromium: no chromium on PATH (install it with \
             `apt-get install chromium`, or set LANDQUOTA_CHROMIUM); CI installs it"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = |s: &str| dir.path().join(s);
    let run = |args: &[&str]| {
        let out = cli(args);
        assert!(
            matches!(out.status.code(), Some(0) | Some(3)),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let sc = landquota::scenario::from_path(&repo().join("scenarios/jinhua-2025")).unwrap();
    let counties: Vec<String> = sc.counties.iter().map(|c| c.name.clone()).collect();
    let pools: Vec<String> = sc.pools.iter().map(|p| p.name.clone()).collect();
    for lang in ["en", "zh"] {
        let out = d(&format!("plan-{lang}"));
        run(&[
            "solve",
            "scenarios/jinhua-2025",
            "--format",
            "html",
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
    }
    // The documents of issue 23: a rolling plan, trades, a what-if, with their county pages.
    for (sc, out) in [
        ("scenarios/jinhua-2025-2027", "rolling"),
        ("scenarios/jinhua-2025-trading", "trading"),
    ] {
        run(&[
            "solve",
            sc,
            "--format",
            "html",
            "--lang",
            "zh",
            "--out",
            d(out).to_str().unwrap(),
        ]);
    }
    run(&[
        "solve",
        "scenarios/jinhua-2025",
        "--set",
        "pools.urban_batch.capacity=*0.8",
        "--format",
        "html",
        "--out",
        d("whatif").to_str().unwrap(),
    ]);
    run(&[
        "solve",
        "scenarios/jinhua-2025-infeasible",
        "--format",
        "html",
        "--out",
        d("infeasible").to_str().unwrap(),
    ]);
    run(&[
        "sweep",
        "scenarios/sweeps/jinhua-pool-cut.toml",
        "--lang",
        "zh",
        "--threads",
        "2",
        "--out",
        d("sweep").to_str().unwrap(),
    ]);
    run(&[
        "diff",
        "scenarios/jinhua-2025",
        "scenarios/jinhua-2025-whatif",
        "--format",
        "html",
        "--out",
        d("diff").to_str().unwrap(),
    ]);

    // The console check must be able to fail: a page with a script error is caught.
    let bad = d("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><body><p>x</p><script>null.f();</script></body></html>",
    )
    .unwrap();
    let r = load(&browser, &bad, &d("profile-bad"), None);
    assert!(
        !r.console_errors.is_empty(),
        "a script error went unnoticed: the console check does not work with this browser"
    );

    // (page, names that must be in the DOM, charts expected)
    let pages: Vec<(PathBuf, Vec<String>, bool)> = vec![
        (
            d("plan-en/plan.html"),
            counties.iter().chain(&pools).cloned().collect(),
            true,
        ),
        (
            d("plan-zh/plan.html"),
            counties.iter().chain(&pools).cloned().collect(),
            true,
        ),
        (
            d("infeasible/plan.html"),
            vec!["farmer_housing".into()],
            false,
        ),
        (d("sweep/sweep.html"), pools.clone(), true),
        (
            d("rolling/plan.html"),
            vec!["2025年（计划年度）".into(), "分年度安排".into()],
            true,
        ),
        (
            d("trading/plan.html"),
            vec!["县际指标交易".into(), "浦江县".into()],
            true,
        ),
        (d("whatif/plan.html"), vec!["What-if".into()], true),
        (
            d("rolling/counties/wuyi.html"),
            vec!["武义县".into(), "分指标池安排".into()],
            true,
        ),
        (
            d("whatif/counties/yiwu.html"),
            vec!["义乌市".into(), "What-if".into()],
            true,
        ),
        (
            d("diff/diff.html"),
            vec!["义乌市".into(), "城市分批次".into()],
            true,
        ),
    ];
    for (i, (page, names, charts)) in pages.iter().enumerate() {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{}: the page refers to the network",
            page.display()
        );
        let r = load(&browser, page, &d(&format!("profile-{i}")), None);
        assert!(r.dom.contains("</main>"), "{}: no DOM", page.display());
        for n in names {
            assert!(
                r.dom.contains(n.as_str()),
                "{}: `{n}` not rendered",
                page.display()
            );
        }
        let drawn = svgs(&r.dom);
        if *charts {
            assert!(!drawn.is_empty(), "{}: no chart", page.display());
            for s in &drawn {
                assert!(
                    s.contains("<rect") || s.contains("<polyline") || s.contains("<circle"),
                    "{}: an empty chart",
                    page.display()
                );
            }
        }
        assert!(
            r.console_errors.is_empty(),
            "{}: console errors:\n{}",
            page.display(),
            r.console_errors.join("\n")
        );
        let name = page
            .strip_prefix(dir.path())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "-")
            .replace(".html", ".png");
        let png = artifacts().join(name);
        load(&browser, page, &d(&format!("profile-shot-{i}")), Some(&png));
        assert!(
            std::fs::metadata(&png)
                .map(|m| m.len() > 10_000)
                .unwrap_or(false),
            "{}",
            png.display()
        );
    }
    let plan = std::fs::read_to_string(d("plan-zh/plan.html")).unwrap();
    assert!(plan.contains("lang=\"zh-CN\""));
}

/// At least 20 projects to an A4 page: the plan's print rules applied on screen at A4's
/// printable width (210 mm less the 12 mm margins), the projects table measured by Chromium,
/// and its rows per printable height (297 mm less 30 mm of margins) computed from it.
#[test]
fn projects_fit_twenty_to_an_a4_page() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("LANDQUOTA_REQUIRE_BROWSER").is_none(),
            "LANDQUOTA_REQUIRE_BROWSER is set but no chromium was found"
        );
        eprintln!("SKIPPED projects_fit_twenty_to_an_a4_page: no chromium on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let out = dir.path().join(lang);
        let o = cli(&[
            "--lang",
            lang,
            "solve",
            "scenarios/jiaxing-2019",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
        let page = std::fs::read_to_string(out.join("plan.html")).unwrap();
        assert!(page.contains("@media print {"));
        let measured = page
            .replace("@media print {", "@media all {")
            .replace(
                "</style>",
                "main{width:186mm!important;max-width:186mm!important;padding:0!important}\
                 body{font-size:10.5pt}</style>",
            )
            .replace(
                "</body>",
                "<script>var t=document.querySelector('table.projects');\
                 var n=t.querySelectorAll('tbody tr:not(.group)').length;\
                 var h=t.getBoundingClientRect().height;var page=(297-30)/25.4*96;\
                 document.body.setAttribute('data-per-page',(n*page/h).toFixed(2));\
                 </script></body>",
            );
        let file = out.join("measure.html");
        std::fs::write(&file, measured).unwrap();
        let r = load(&browser, &file, &out.join("profile"), None);
        let at = r.dom.find("data-per-page=\"").expect("measured") + 15;
        let per_page: f64 = r.dom[at..at + r.dom[at..].find('"').unwrap()]
            .parse()
            .unwrap();
        assert!(per_page >= 20.0, "{lang}: {per_page} projects per A4 page");
    }
}
