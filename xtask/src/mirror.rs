//! A local mirror of the documentation site, for tests and benchmarks.
//!
//! It serves saved pages under the paths of the real site
//! (`/service-authorization/latest/reference/list_<slug>.html`) and a table
//! of contents generated from them, over HTTP/1.1 on 127.0.0.1, with ETags
//! and `304 Not Modified`. It injects faults on demand (statuses, resets,
//! stalls, truncated and oversized bodies, redirects, wrong content types,
//! latency, random 429/503) and counts what it was asked, including the
//! largest number of requests in flight at once. A small hand-written server
//! rather than a framework: faults such as "promise 10 kB, send 5 kB, hang
//! up" need control of the bytes on the wire.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::digest::sha256_hex;

pub mod markdown;

/// Where the Service Authorization Reference lives on the site.
pub const REFERENCE_PATH: &str = "/service-authorization/latest/reference/";
/// The table of contents' file name.
pub const TOC_FILE: &str = "reference_policies_actions-resources-contextkeys.html";
/// The `Last-Modified` every page claims.
const LAST_MODIFIED: &str = "Wed, 01 Jul 2026 00:00:00 GMT";

/// A fault to inject for one page (matched by file name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status every time (404, 503...).
    Status(u16),
    /// Answer with this status the first `n` times, then serve the page.
    StatusTimes(u16, usize),
    /// Close the connection without answering, the first `n` times.
    ResetTimes(usize),
    /// Wait this long before answering, every time.
    Stall(Duration),
    /// Promise the whole body, send half and hang up, the first `n` times.
    TruncateTimes(usize),
    /// Serve a body of this many bytes; with `declared`, say so in
    /// `Content-Length`, else stream it until the client hangs up.
    Oversize {
        /// Bytes to send.
        bytes: usize,
        /// Whether `Content-Length` announces them.
        declared: bool,
    },
    /// Answer `301 Moved Permanently` to this location.
    Redirect(String),
    /// Serve the page with this content type.
    ContentType(String),
}

/// How the mirror behaves for every request.
#[derive(Clone, Debug, Default)]
pub struct MirrorConfig {
    /// Added before every answer.
    pub latency: Duration,
    /// Fraction of requests answered 429 or 503 at random.
    pub random_errors: f64,
    /// `Retry-After` value sent with 429 and 503.
    pub retry_after: Option<String>,
    /// Seed of the random errors (the same seed, the same errors).
    pub seed: u64,
    /// Serve gzip to clients that accept it.
    pub gzip: bool,
    /// Pad every reference page with an HTML comment up to this many bytes
    /// (0: none), made per request: big pages without holding them.
    pub pad_to: usize,
}

/// What the mirror was asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests read.
    pub requests: usize,
    /// The most requests in flight at once.
    pub max_in_flight: usize,
    /// Answers by status.
    pub statuses: BTreeMap<u16, usize>,
    /// Body bytes sent.
    pub body_bytes: u64,
}

struct State {
    pages: BTreeMap<String, Vec<u8>>,
    toc: Vec<u8>,
    config: MirrorConfig,
    faults: Mutex<BTreeMap<String, (Fault, usize)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    requests: AtomicUsize,
    body_bytes: AtomicU64,
    statuses: Mutex<BTreeMap<u16, usize>>,
    rng: AtomicU64,
    latency_us: AtomicU64,
}

/// A running mirror; stops when dropped.
pub struct Mirror {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The table of contents the site serves: one link per page, as
/// `./list_<slug>.html` (the links of the real page).
pub fn table_of_contents<'a>(file_names: impl Iterator<Item = &'a str>) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html><head><title>Actions, resources, and condition keys for AWS services</title></head>\n\
         <body><div id=\"main-col-body\"><h1>Actions, resources, and condition keys for AWS services</h1>\n<ul>\n",
    );
    for name in file_names {
        html += &format!("<li><a href=\"./{name}\">{name}</a></li>\n");
    }
    html += "</ul></div></body></html>\n";
    html
}

/// Where the JSON twins' index is served.
pub const INDEX_PATH: &str = "/v1/service-list.json";

/// Where the JSON twin of `prefix` is served.
pub fn json_path(prefix: &str) -> String {
    format!("/v1/{prefix}/{prefix}.json")
}

/// The index AWS serves beside the JSON twins (`[{service, url}]`, URLs on
/// servicereference as AWS writes them), for the `/v1/<p>/<p>.json` keys;
/// `None` when there are none.
fn json_index<'a>(keys: impl Iterator<Item = &'a String>) -> Option<String> {
    let entries: Vec<String> = keys
        .filter_map(|k| {
            let rest = k.strip_prefix("/v1/")?;
            let (prefix, file) = rest.split_once('/')?;
            (file == format!("{prefix}.json")).then(|| {
                format!(
                    "{{\"service\":\"{prefix}\",\"url\":\"{}{prefix}/{prefix}.json\"}}",
                    crate::parse::json::SERVICE_REFERENCE_BASE
                )
            })
        })
        .collect();
    (!entries.is_empty()).then(|| format!("[{}]\n", entries.join(",")))
}

/// The content type a file is served with, by its name.
fn content_type_of(file: &str) -> &'static str {
    if file.ends_with(".md") {
        "text/markdown; charset=utf-8"
    } else if file.ends_with(".json") {
        "application/json"
    } else {
        "text/html; charset=utf-8"
    }
}

impl Mirror {
    /// Serves `pages` on 127.0.0.1, on a thread of its own. A key that is a
    /// file name (`list_chime.html`) is a page of the reference, listed in
    /// the table of contents (a `list_chime.md` key is its Markdown twin,
    /// served beside it, not listed); a key that is a path (`/chime/latest/ag/x.html`)
    /// is any other page of the site. A [`TOC_FILE`] key is served as the
    /// table of contents instead of the generated one.
    pub fn start(mut pages: BTreeMap<String, Vec<u8>>, config: MirrorConfig) -> io::Result<Mirror> {
        let toc = pages.remove(TOC_FILE).unwrap_or_else(|| {
            table_of_contents(
                pages
                    .keys()
                    .filter(|k| !k.starts_with('/') && k.ends_with(".html"))
                    .map(String::as_str),
            )
            .into_bytes()
        });
        if !pages.contains_key(INDEX_PATH)
            && let Some(index) = json_index(pages.keys())
        {
            pages.insert(INDEX_PATH.to_string(), index.into_bytes());
        }
        let state = Arc::new(State {
            pages,
            toc,
            faults: Mutex::new(BTreeMap::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            body_bytes: AtomicU64::new(0),
            statuses: Mutex::new(BTreeMap::new()),
            rng: AtomicU64::new(config.seed),
            latency_us: AtomicU64::new(config.latency.as_micros() as u64),
            config,
        });
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = state.clone();
        let thread = std::thread::Builder::new()
            .name("mirror".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a runtime for the mirror");
                rt.block_on(async move {
                    let listener = TcpListener::from_std(std_listener).expect("listener");
                    tokio::select! {
                        _ = accept_loop(listener, serving) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(Mirror {
            addr,
            state,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Reads every `list_*` page of a directory, with the twins it holds:
    /// `list_<slug>.md` beside its page, `<prefix>.json` served as
    /// `/v1/<prefix>/<prefix>.json` (and an index of them generated).
    pub fn pages_from_dir(dir: &std::path::Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
        let mut pages = BTreeMap::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if name.starts_with("list_") && (name.ends_with(".html") || name.ends_with(".md")) {
                pages.insert(name, std::fs::read(&path)?);
            } else if name == crate::parse::global_keys::PAGE_FILE {
                // The IAM User Guide's global keys page, where the site has it.
                pages.insert(
                    crate::fetch::guide::mirror_path_of_markdown(),
                    std::fs::read(&path)?,
                );
            } else if let Some(prefix) = name.strip_suffix(".json")
                && !crate::parse::source::is_index_name(&name)
            {
                pages.insert(json_path(prefix), std::fs::read(&path)?);
            }
        }
        Ok(pages)
    }

    /// `http://127.0.0.1:<port>`: what `--base-url` takes.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The full URL of a page.
    pub fn url(&self, file: &str) -> String {
        format!("{}{REFERENCE_PATH}{file}", self.base_url())
    }

    /// Injects `fault` for the page named `file`.
    pub fn set_fault(&self, file: &str, fault: Fault) {
        self.state
            .faults
            .lock()
            .expect("faults")
            .insert(file.to_string(), (fault, 0));
    }

    /// Changes the latency added to every answer.
    pub fn set_latency(&self, latency: Duration) {
        self.state
            .latency_us
            .store(latency.as_micros() as u64, Ordering::SeqCst);
    }

    /// What the mirror was asked so far.
    pub fn stats(&self) -> Stats {
        Stats {
            requests: self.state.requests.load(Ordering::SeqCst),
            max_in_flight: self.state.max_in_flight.load(Ordering::SeqCst),
            statuses: self.state.statuses.lock().expect("statuses").clone(),
            body_bytes: self.state.body_bytes.load(Ordering::SeqCst),
        }
    }

    /// Starts counting afresh.
    pub fn reset_stats(&self) {
        self.state.requests.store(0, Ordering::SeqCst);
        self.state.max_in_flight.store(0, Ordering::SeqCst);
        self.state.body_bytes.store(0, Ordering::SeqCst);
        self.state.statuses.lock().expect("statuses").clear();
    }
}

impl Drop for Mirror {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(handle_connection(stream, state.clone()));
    }
}

/// A request's line and the headers the mirror looks at.
struct Request {
    /// Set once the request stopped counting as in flight.
    landed: std::sync::atomic::AtomicBool,
    path: String,
    if_none_match: Option<String>,
    accept_gzip: bool,
    close: bool,
}

async fn read_request(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut req = Request {
        landed: std::sync::atomic::AtomicBool::new(false),
        path,
        if_none_match: None,
        accept_gzip: false,
        close: false,
    };
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            return Ok(Some(req));
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "if-none-match" => req.if_none_match = Some(value.to_string()),
                "accept-encoding" => req.accept_gzip = value.contains("gzip"),
                "connection" => req.close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
    }
}

/// What to do with the connection after an answer.
enum After {
    KeepAlive,
    Close,
}

async fn handle_connection(stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    while let Ok(Some(req)) = read_request(&mut reader).await {
        state.requests.fetch_add(1, Ordering::SeqCst);
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let after = answer(&req, &state, &mut write).await;
        state.land(&req);
        match after {
            Ok(After::KeepAlive) if !req.close => {}
            Ok(After::Close) => {
                // A reset rather than a polite close: the client sees the
                // connection die mid-answer.
                let stream = reader
                    .into_inner()
                    .reunite(write)
                    .expect("halves of one stream");
                let _ = stream.set_zero_linger();
                return;
            }
            _ => return,
        }
    }
}

impl State {
    /// `req` is no longer in flight (once).
    fn land(&self, req: &Request) {
        if !req.landed.swap(true, Ordering::SeqCst) {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }

    fn count(&self, status: u16) {
        *self
            .statuses
            .lock()
            .expect("statuses")
            .entry(status)
            .or_default() += 1;
    }

    /// A uniform draw in [0, 1): splitmix64 over a seeded counter.
    fn draw(&self) -> f64 {
        let mut z = self.rng.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::SeqCst);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The fault for a file, counting how often it fired.
    fn fault(&self, file: &str) -> Option<(Fault, usize)> {
        let mut faults = self.faults.lock().expect("faults");
        let (fault, fired) = faults.get_mut(file)?;
        *fired += 1;
        Some((fault.clone(), *fired))
    }
}

/// Writes an answer's head. The request stops counting as in flight here,
/// before the client can have read the answer: a client that sends its next
/// request as soon as it has one is never counted twice.
async fn write_head(
    req: &Request,
    state: &State,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
    status: u16,
    headers: &[(&str, String)],
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
    state.land(req);
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        head += &format!("{k}: {v}\r\n");
    }
    head += "\r\n";
    w.write_all(head.as_bytes()).await
}

async fn simple(
    req: &Request,
    state: &State,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
    status: u16,
    extra: &[(&str, String)],
) -> io::Result<After> {
    state.count(status);
    let body = format!("{status}\n");
    let mut headers = vec![
        ("Content-Type", "text/plain".to_string()),
        ("Content-Length", body.len().to_string()),
    ];
    headers.extend(extra.iter().cloned());
    if matches!(status, 429 | 503)
        && let Some(ra) = &state.config.retry_after
    {
        headers.push(("Retry-After", ra.clone()));
    }
    write_head(req, state, w, status, &headers).await?;
    w.write_all(body.as_bytes()).await?;
    Ok(After::KeepAlive)
}

async fn answer(
    req: &Request,
    state: &State,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
) -> io::Result<After> {
    let latency = state.latency_us.load(Ordering::SeqCst);
    if latency > 0 {
        tokio::time::sleep(Duration::from_micros(latency)).await;
    }
    let file = req
        .path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .split(['?', '#'])
        .next()
        .unwrap_or_default();
    let mut content_type = content_type_of(file).to_string();
    let mut body_override: Option<(usize, bool)> = None;
    match state.fault(file) {
        Some((Fault::Status(s), _)) => return simple(req, state, w, s, &[]).await,
        Some((Fault::StatusTimes(s, n), fired)) if fired <= n => {
            return simple(req, state, w, s, &[]).await;
        }
        Some((Fault::ResetTimes(n), fired)) if fired <= n => return Ok(After::Close),
        Some((Fault::Stall(d), _)) => tokio::time::sleep(d).await,
        Some((Fault::Redirect(to), _)) => {
            return simple(req, state, w, 301, &[("Location", to)]).await;
        }
        Some((Fault::ContentType(ct), _)) => content_type = ct,
        Some((Fault::Oversize { bytes, declared }, _)) => body_override = Some((bytes, declared)),
        Some((Fault::TruncateTimes(n), fired)) if fired <= n => {
            let body = state
                .pages
                .get(file)
                .or_else(|| state.pages.get(&req.path))
                .cloned()
                .unwrap_or_default();
            state.count(200);
            write_head(
                req,
                state,
                w,
                200,
                &[
                    ("Content-Type", content_type),
                    ("Content-Length", body.len().to_string()),
                ],
            )
            .await?;
            w.write_all(&body[..body.len() / 2]).await?;
            w.flush().await?;
            return Ok(After::Close);
        }
        _ => {}
    }
    if state.config.random_errors > 0.0 && state.draw() < state.config.random_errors {
        let status = if state.draw() < 0.5 { 429 } else { 503 };
        return simple(req, state, w, status, &[]).await;
    }
    if let Some((bytes, declared)) = body_override {
        state.count(200);
        let mut headers = vec![("Content-Type", content_type)];
        if declared {
            headers.push(("Content-Length", bytes.to_string()));
        } else {
            headers.push(("Connection", "close".to_string()));
        }
        write_head(req, state, w, 200, &headers).await?;
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0;
        while sent < bytes {
            let n = chunk.len().min(bytes - sent);
            if w.write_all(&chunk[..n]).await.is_err() {
                break; // the client hung up, as it should
            }
            sent += n;
            state.body_bytes.fetch_add(n as u64, Ordering::SeqCst);
        }
        return Ok(After::Close);
    }

    let body = if req.path == format!("{REFERENCE_PATH}{TOC_FILE}") {
        &state.toc
    } else if let Some(page) = req
        .path
        .strip_prefix(REFERENCE_PATH)
        .and_then(|f| state.pages.get(f))
    {
        page
    } else if let Some(page) = state
        .pages
        .get(req.path.split(['?', '#']).next().unwrap_or_default())
    {
        page
    } else {
        return simple(req, state, w, 404, &[]).await;
    };
    let padded;
    let body = if state.config.pad_to > body.len() + 8
        && req.path.starts_with(REFERENCE_PATH)
        && file.ends_with(".html")
    {
        let mut b = Vec::with_capacity(state.config.pad_to);
        b.extend_from_slice(body);
        b.extend_from_slice(b"\n<!--");
        b.resize(state.config.pad_to - 4, b' ');
        b.extend_from_slice(b"-->\n");
        padded = b;
        &padded
    } else {
        body
    };
    let etag = format!("\"{}\"", &sha256_hex(body)[..16]);
    if req.if_none_match.as_deref() == Some(etag.as_str()) {
        state.count(304);
        write_head(
            req,
            state,
            w,
            304,
            &[("ETag", etag), ("Last-Modified", LAST_MODIFIED.to_string())],
        )
        .await?;
        return Ok(After::KeepAlive);
    }
    let gzipped;
    let (bytes, encoding): (&[u8], Option<&str>) = if state.config.gzip && req.accept_gzip {
        use std::io::Write as _;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(body)?;
        gzipped = enc.finish()?;
        (&gzipped, Some("gzip"))
    } else {
        (body, None)
    };
    let mut headers = vec![
        ("Content-Type", content_type),
        ("Content-Length", bytes.len().to_string()),
        ("ETag", etag),
        ("Last-Modified", LAST_MODIFIED.to_string()),
    ];
    if let Some(e) = encoding {
        headers.push(("Content-Encoding", e.to_string()));
    }
    state.count(200);
    write_head(req, state, w, 200, &headers).await?;
    w.write_all(bytes).await?;
    state
        .body_bytes
        .fetch_add(bytes.len() as u64, Ordering::SeqCst);
    Ok(After::KeepAlive)
}
