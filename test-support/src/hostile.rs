//! The hostile set of issue 20 (what an attacker, or an accident, can put
//! in scraped text), and the check that a Markdown report shows it inert:
//! for the tests of every report the workspace writes, unit and end to end.

/// Each piece would act on GitHub, or open markup, if shown as is.
pub const HOSTILE: &[&str] = &[
    "Hostile @octocat and @aws/security-team,",
    "see #123 and GH-42;",
    "http://evil.example/x https://evil.example/y www.evil.example me@evil.example",
    "</details> <script>alert(1)</script>",
    "![x](http://evil.example/i.png) [x](javascript:alert(1))",
    "`tick` ``` a | b | c &#64;entity",
];

/// `body` has no live mention, issue reference, autolink, HTML or link
/// of the hostile set, and every `<details>` it opens is closed.
pub fn assert_inert(body: &str) {
    for raw in [
        "@octocat",
        "@aws/security-team",
        "#123",
        "GH-42",
        "http://evil.example",
        "https://evil.example",
        "www.evil.example",
        "me@evil.example",
        "<script>",
        "</details> ",
        // Escaped, these read `\[x\](`, `\!\[x\](`, `\&#64;`.
        " [x](javascript:",
        "![x](",
        " &#64;entity",
        " | b |",
    ] {
        assert!(!body.contains(raw), "{raw:?} is live in the body");
    }
    assert_eq!(
        body.matches("<details").count(),
        body.matches("</details>").count(),
        "every <details> closed"
    );
}
