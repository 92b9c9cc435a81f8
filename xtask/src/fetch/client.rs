//! The HTTP client and the rules it follows: https only (http only for an
//! explicit mirror on loopback), redirects only inside the allow-list, an
//! honest User-Agent, timeouts, gzip and brotli.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use reqwest::Url;
use reqwest::redirect::Policy;

/// The hosts the catalog reads from.
pub const ALLOWED_HOSTS: &[&str] = &[
    "docs.aws.amazon.com",
    "servicereference.us-east-1.amazonaws.com",
];

/// The site the pages come from when no `--base-url` is given.
pub const DEFAULT_BASE: &str = "https://docs.aws.amazon.com";

/// Names the project and where to find it, so AWS can tell who is asking.
pub const USER_AGENT: &str = concat!(
    "aws-iam-catalog/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/aws-iam-catalog/aws-iam-catalog)"
);

/// The hosts a run may talk to, and the base URL paths hang off.
#[derive(Clone, Debug)]
pub struct Origin {
    /// `https://docs.aws.amazon.com` or a mirror.
    pub base: Url,
    /// (host, port) pairs that redirects may lead to.
    pub allowed: Arc<BTreeSet<(String, u16)>>,
    /// A second mirror standing in for the JSON twins' host, beside a
    /// mirror of the site (`--json-base-url`).
    pub json_base: Option<Url>,
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1") || host.starts_with("127.")
}

impl Origin {
    /// Checks a base URL: https, or http on loopback (a local mirror).
    pub fn new(base: &str) -> Result<Origin> {
        let base = checked("--base-url", base)?;
        let host = base.host_str().unwrap_or_default().to_string();
        let allowed: BTreeSet<(String, u16)> =
            if base.as_str().trim_end_matches('/') == DEFAULT_BASE {
                ALLOWED_HOSTS.iter().map(|h| (h.to_string(), 443)).collect()
            } else {
                // A mirror stands in for the site: redirects stay on the mirror.
                BTreeSet::from([(host, base.port_or_known_default().unwrap_or(443))])
            };
        Ok(Origin {
            base,
            allowed: Arc::new(allowed),
            json_base: None,
        })
    }

    /// The same origin, with a second mirror standing in for the JSON
    /// twins' host (`servicereference…`): only beside a mirror of the site.
    pub fn with_json_mirror(mut self, base: &str) -> Result<Origin> {
        let json = checked("--json-base-url", base)?;
        if self.base.as_str().trim_end_matches('/') == DEFAULT_BASE {
            bail!(
                "--json-base-url {json} stands in for the JSON host beside a --base-url mirror, not beside the site"
            );
        }
        let mut allowed = (*self.allowed).clone();
        allowed.insert((
            json.host_str().unwrap_or_default().to_string(),
            json.port_or_known_default().unwrap_or(443),
        ));
        self.allowed = Arc::new(allowed);
        self.json_base = Some(json);
        Ok(self)
    }

    /// `path` (absolute, as on the real site) on this origin.
    pub fn url(&self, path: &str) -> Result<Url> {
        self.base
            .join(path)
            .with_context(|| format!("cannot join {path} to {}", self.base))
    }

    /// The allowed hosts, for messages: `docs.aws.amazon.com, …`.
    pub fn describe_allowed(&self) -> String {
        self.allowed
            .iter()
            .map(|(host, port)| {
                if *port == 443 {
                    host.clone()
                } else {
                    format!("{host}:{port}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// True when `url` is on an allowed host with an allowed scheme.
    pub fn allows(&self, url: &Url) -> bool {
        let authority = (
            url.host_str().unwrap_or_default().to_string(),
            url.port_or_known_default().unwrap_or(0),
        );
        self.allowed.contains(&authority)
            && (url.scheme() == "https" || url.scheme() == self.base.scheme())
    }
}

/// A base URL given as `flag`: https, or http on loopback (a local mirror).
fn checked(flag: &str, base: &str) -> Result<Url> {
    let url = Url::parse(base).with_context(|| format!("{flag} {base:?} is not a URL"))?;
    let host = url.host_str().unwrap_or_default();
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(host) => Ok(url),
        "http" => {
            bail!("{flag} {url}: plain http is only allowed for a mirror on loopback; use https")
        }
        other => bail!("{flag} {url}: scheme {other} is not https"),
    }
}

/// The host a URL's requests count against (`host:port`), for the
/// per-host concurrency budget.
pub fn host_of(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) => format!(
            "{}:{}",
            u.host_str().unwrap_or_default(),
            u.port_or_known_default().unwrap_or(0)
        ),
        Err(_) => String::new(),
    }
}

/// The error text a refused redirect carries, so the fetcher can name it.
pub const OFF_LIST: &str = "redirect outside the allow-list refused";

/// Builds the client.
pub fn build(
    origin: &Origin,
    request_timeout: Duration,
    concurrency: usize,
) -> Result<reqwest::Client> {
    // ring, not aws-lc: no C build system needed. Installing twice is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let policy_origin = origin.clone();
    let policy = Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 {
            attempt.error("more than 5 redirects")
        } else if policy_origin.allows(attempt.url()) {
            attempt.follow()
        } else {
            let to = attempt.url().to_string();
            attempt.error(format!("{OFF_LIST}: {to}"))
        }
    });
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(policy)
        .timeout(request_timeout)
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(concurrency)
        .gzip(true)
        .brotli(true)
        .build()
        .context("cannot build the HTTP client")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_a_loopback_mirror() {
        assert!(Origin::new("https://docs.aws.amazon.com").is_ok());
        assert!(Origin::new("http://127.0.0.1:8080").is_ok());
        let e = Origin::new("http://docs.aws.amazon.com")
            .unwrap_err()
            .to_string();
        assert!(e.contains("only allowed for a mirror on loopback"), "{e}");
        assert!(Origin::new("ftp://127.0.0.1").is_err());
    }

    #[test]
    fn redirects_stay_on_the_allow_list() {
        let aws = Origin::new(DEFAULT_BASE).unwrap();
        assert!(aws.allows(&Url::parse("https://docs.aws.amazon.com/x").unwrap()));
        assert!(aws.allows(
            &Url::parse("https://servicereference.us-east-1.amazonaws.com/v1/x.json").unwrap()
        ));
        assert!(!aws.allows(&Url::parse("https://evil.example/x").unwrap()));
        assert!(!aws.allows(&Url::parse("http://docs.aws.amazon.com/x").unwrap()));
        let mirror = Origin::new("http://127.0.0.1:9000").unwrap();
        assert!(mirror.allows(&Url::parse("http://127.0.0.1:9000/y").unwrap()));
        assert!(!mirror.allows(&Url::parse("http://127.0.0.2:9000/y").unwrap()));
        assert!(!mirror.allows(&Url::parse("http://127.0.0.1:9001/y").unwrap()));
        assert!(!mirror.allows(&Url::parse("https://docs.aws.amazon.com/y").unwrap()));
    }
}
