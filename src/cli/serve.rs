//! `landquota serve`: the live what-if page on a local web server. The first line on stdout is
//! the address to open (`http://127.0.0.1:PORT/?token=TOKEN`); Ctrl-C stops it.

use crate::commands::backend;
use crate::commands::serve::{Live, Options, http};
use crate::i18n::Lang;
use crate::report::exit;
use crate::t;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8427;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario TOML file, or a directory holding scenario.toml.
    scenario: PathBuf,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Folder for saved variants (DIR/<name>/scenario.toml). Default: <scenario name>-what-if.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Serve other machines too, on this address of this computer (e.g. 0.0.0.0): a warning
    /// is printed. Default: 127.0.0.1, this computer only.
    #[arg(long)]
    host: Option<IpAddr>,
    /// Solver: auto (decomposes block-angular LPs of many counties, else minilp) or minilp.
    #[arg(long, default_value = backend::DEFAULT, value_parser = super::backend_name)]
    backend: String,
}

pub(super) fn run(a: Args, lang: Lang) -> u8 {
    let loaded = Live::open(
        &a.scenario,
        Options {
            backend: a.backend.clone(),
            out: PathBuf::new(),
            lang,
        },
    );
    let mut live = match loaded {
        Ok(l) => l,
        Err(d) => {
            eprintln!("{}", d.render(lang));
            return exit::INVALID;
        }
    };
    let name = live.base_variant().report.scenario.clone();
    let out = a.out.clone().unwrap_or_else(|| {
        let dir = super::common::default_out(&name);
        let stem = dir.to_string_lossy();
        PathBuf::from(format!("{}-what-if", stem.trim_end_matches("-out")))
    });
    live.set_out(out);
    let ip = a.host.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let server = match tiny_http::Server::http(SocketAddr::new(ip, a.port)) {
        Ok(s) => s,
        Err(e) => {
            let addr = SocketAddr::new(ip, a.port);
            eprintln!(
                "{}\n  {}",
                t!(
                    lang,
                    "error",
                    message = t!(lang, "serve-port-taken", addr = addr, error = e)
                ),
                t!(lang, "diag-hint", hint = t!(lang, "serve-port-taken-hint"))
            );
            return exit::IO;
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(a.port, |addr| addr.port());
    let token = match http::new_token() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}", t!(lang, "error", message = e));
            return exit::IO;
        }
    };
    // Loopback only: the Host a request names must be this server's (no DNS rebinding).
    let hosts = match a.host {
        None => vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        Some(h) => {
            eprintln!("{}", t!(lang, "serve-host-warning", host = h, port = port));
            Vec::new()
        }
    };
    let shown = match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    };
    super::common::print_out(&format!("http://{shown}:{port}/?token={token}\n"));
    eprintln!(
        "{}",
        t!(lang, "serve-listening", scenario = a.scenario.display())
    );
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // Without a handler (one was set already) Ctrl-C still ends the process, only less
        // politely.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    http::serve(server, http::App::new(Arc::new(live), token, hosts), stop);
    eprintln!("{}", t!(lang, "serve-stopped"));
    exit::OK
}
