//! No import loops between the files of a crate: the pipeline (`xtask/src`),
//! the lint (`aws-iam-lint/src`) and the typed crate (`src/`, less its
//! generated tables). A loop is a stage that imports a stage that runs after
//! it, or two modules that cannot be read one before the other.
//!
//! The tool is this test: it reads the sources (no dependency, no compiler
//! plugin) and lists each file's edges, the `crate::`, `super::` and
//! `self::` paths of its `use` lines and of its code (comments and string
//! literals left out), each resolved to the file that holds the longest
//! module prefix of the path. A file's edges into its own submodules are
//! not counted: a module owns its children (a `mod.rs` calls them, they
//! take its shared types through `super::`). A loop fails the test, naming
//! the loop and the edge that closes it, with the path that makes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One edge: the file that imports, the file it reaches, and the first
/// path (as written) that reaches it.
type Edges = BTreeMap<String, BTreeMap<String, String>>;

/// The `.rs` files under `root`, by path relative to it (`parse/mod.rs`),
/// with their text; `skip` names directories left out.
fn files(root: &Path, skip: &[&str]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            let rel = rel_name(root, &path);
            if path.is_dir() {
                if !skip.contains(&rel.as_str()) {
                    dirs.push(path);
                }
            } else if rel.ends_with(".rs") && rel != "main.rs" {
                // main.rs is another crate (the binary), reaching this one by name.
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.insert(rel, text);
            }
        }
    }
    out
}

fn rel_name(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap().to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}

/// The module path of a file: `parse/mod.rs` and `parse.rs` are `parse`,
/// `lib.rs` the crate root.
fn module_of(file: &str) -> Vec<String> {
    let mut segs: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
        segs.pop();
    }
    segs
}

/// The file holding the longest prefix of `module` that is a file.
fn file_of(files: &BTreeMap<String, String>, module: &[String]) -> Option<String> {
    (0..=module.len()).rev().find_map(|n| {
        let stem = module[..n].join("/");
        let candidates = if n == 0 {
            vec!["lib.rs".to_string()]
        } else {
            vec![format!("{stem}.rs"), format!("{stem}/mod.rs")]
        };
        candidates.into_iter().find(|c| files.contains_key(c))
    })
}

/// The code of a file with comments, string and character literals blanked
/// (each replaced by spaces, so positions stay), for finding paths.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, from: &[char]| {
        out.extend(from.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    while i < b.len() {
        let rest = &b[i..];
        // Most characters open nothing.
        if !matches!(rest[0], '/' | 'r' | 'b' | '"' | '\'') {
            out.push(rest[0]);
            i += 1;
            continue;
        }
        let starts = |s: &str| s.chars().zip(rest).filter(|(a, b)| a == *b).count() == s.len();
        let len = if starts("//") {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if starts("/*") {
            // Block comments nest.
            let (mut depth, mut j) = (0, 0);
            while j < rest.len() {
                if rest[j..].starts_with(&['/', '*']) {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(&['*', '/']) {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            j
        } else if let Some((open, hashes)) = raw_string_start(rest)
            && (i == 0 || !is_ident(b[i - 1]))
        {
            let mut j = open + 1;
            while j < rest.len() {
                if rest[j] == '"'
                    && rest[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&c| c == '#')
                        .count()
                        == hashes
                {
                    break;
                }
                j += 1;
            }
            (j + 1 + hashes).min(rest.len())
        } else if rest[0] == '"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != '"' {
                j += if rest[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if rest[0] == '\'' && rest.len() > 2 && (rest[1] == '\\' || rest[2] == '\'') {
            // A character literal; `'a` alone is a lifetime.
            let mut j = 1;
            while j < rest.len() && rest[j] != '\'' {
                j += if rest[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else {
            out.push(rest[0]);
            i += 1;
            continue;
        };
        blank(&mut out, &rest[..len]);
        i += len;
    }
    out
}

/// Where a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) opens: the index
/// of its quote and the number of `#`; `None` for anything else (`r#type`).
fn raw_string_start(rest: &[char]) -> Option<(usize, usize)> {
    let after_r = match rest {
        ['r', ..] => 1,
        ['b', 'r', ..] => 2,
        _ => return None,
    };
    let hashes = rest[after_r..].iter().take_while(|&&c| c == '#').count();
    (rest.get(after_r + hashes) == Some(&'"')).then_some((after_r + hashes, hashes))
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e` (`self` inside braces
/// is the prefix itself).
fn expand(tree: &str) -> Vec<String> {
    // `Thing as T` names `Thing`; then spaces mean nothing.
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut kept = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if words[k] == "as" {
            // The alias may carry the separator that followed it.
            let alias = words.get(k + 1).copied().unwrap_or("");
            kept.push(alias.trim_start_matches(is_ident));
            k += 2;
        } else {
            kept.push(words[k]);
            k += 1;
        }
    }
    let tree: String = kept.concat();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let (prefix, inner) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            let p = if p == "self" { "" } else { p };
            expand(&format!("{prefix}{p}"))
        })
        .map(|p| p.trim_end_matches("::").to_string())
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths a file names, each with the inline modules (`mod tests { … }`)
/// it sits in.
fn paths(code: &str) -> Vec<(Vec<String>, String)> {
    let chars: Vec<char> = code.chars().collect();
    let word_at =
        |i: usize| -> String { chars[i..].iter().take_while(|&&c| is_ident(c)).collect() };
    let mut out = Vec::new();
    // Inline modules open: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            depth += 1;
        } else if c == '}' {
            depth -= 1;
            if inline.last().is_some_and(|(_, d)| *d > depth) {
                inline.pop();
            }
        }
        if !is_ident(c) || (i > 0 && (is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            i += 1;
            continue;
        }
        let word = word_at(i);
        let scope: Vec<String> = inline.iter().map(|(n, _)| n.clone()).collect();
        match word.as_str() {
            "mod" => {
                let after: String = chars[i + 3..].iter().collect();
                let name: String = after
                    .trim_start()
                    .chars()
                    .take_while(|&c| is_ident(c))
                    .collect();
                let rest = after.trim_start()[name.len()..].trim_start();
                if rest.starts_with('{') {
                    inline.push((name, depth + 1));
                }
            }
            "use" => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ';')
                    .map_or(chars.len(), |p| i + p);
                let tree: String = chars[i + 3..end].iter().collect();
                for p in expand(&tree) {
                    out.push((scope.clone(), p));
                }
                i = end;
                continue;
            }
            "crate" | "super" | "self" if chars[i + word.len()..].starts_with(&[':', ':']) => {
                let mut j = i;
                while j < chars.len() && (is_ident(chars[j]) || chars[j..].starts_with(&[':', ':']))
                {
                    j += if is_ident(chars[j]) { 1 } else { 2 };
                }
                out.push((scope, chars[i..j].iter().collect()));
                i = j;
                continue;
            }
            _ => {}
        }
        i += word.len().max(1);
    }
    out
}

/// Every file's edges to other files of the crate.
fn edges(files: &BTreeMap<String, String>) -> Edges {
    let mut out = Edges::new();
    for (file, text) in files {
        let own = module_of(file);
        for (scope, path) in paths(&code_only(text)) {
            let mut segs = path.split("::").filter(|s| !s.is_empty()).peekable();
            let mut module: Vec<String> = match segs.peek().copied() {
                Some("crate") => {
                    segs.next();
                    Vec::new()
                }
                Some("super" | "self") => own.iter().chain(&scope).cloned().collect(),
                // An external crate, or a child module named bare.
                _ => continue,
            };
            for seg in segs {
                match seg {
                    "super" => {
                        module.pop();
                    }
                    "self" => {}
                    _ => module.push(seg.to_string()),
                }
            }
            let Some(target) = file_of(files, &module) else {
                continue;
            };
            // Its own code, or one of its submodules.
            if module_of(&target).starts_with(&own) {
                continue;
            }
            out.entry(file.clone())
                .or_default()
                .entry(target)
                .or_insert(path);
        }
    }
    out
}

/// The first loop found (files in order, the first repeated at the end),
/// walking files and edges in sorted order so the answer is the same on
/// every run.
fn find_loop(edges: &Edges) -> Option<Vec<String>> {
    fn walk(
        file: &str,
        edges: &Edges,
        stack: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|f| f == file) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(file.to_string());
            return Some(cycle);
        }
        if done.contains(file) {
            return None;
        }
        stack.push(file.to_string());
        for next in edges.get(file).into_iter().flat_map(|e| e.keys()) {
            if let Some(cycle) = walk(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(file.to_string());
        None
    }
    let mut done = Default::default();
    edges
        .keys()
        .find_map(|f| walk(f, edges, &mut Vec::new(), &mut done))
}

/// The loop, for a failure message: each step with the path that makes it,
/// the last one named as the edge that closes it.
fn describe(crate_dir: &str, cycle: &[String], edges: &Edges) -> String {
    let steps: Vec<String> = cycle
        .windows(2)
        .map(|w| format!("  {} → {}   ({})", w[0], w[1], edges[&w[0]][&w[1]]))
        .collect();
    let last = &cycle[cycle.len() - 2..];
    format!(
        "{crate_dir}: an import loop of {} files:\n{}\nthe edge that closes it: {} → {} (`{}`); move what it takes to the lower module",
        cycle.len() - 1,
        steps.join("\n"),
        last[0],
        last[1],
        edges[&last[0]][&last[1]]
    )
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check_crate(src: &str, skip: &[&str]) {
    let files = files(&workspace().join(src), skip);
    assert!(files.len() > 5, "{src}: only {} files found", files.len());
    let edges = edges(&files);
    if let Some(cycle) = find_loop(&edges) {
        panic!("{}", describe(src, &cycle, &edges));
    }
}

#[test]
fn the_pipeline_has_no_import_loop() {
    check_crate("xtask/src", &[]);
}

#[test]
fn the_lint_has_no_import_loop() {
    check_crate("aws-iam-lint/src", &[]);
}

#[test]
fn the_typed_crate_has_no_import_loop() {
    // The generated tables import the crate's types and nothing else.
    check_crate("src", &["generated"]);
}

/// The checker itself: it finds the loops it must, names the closing
/// edge, and does not count what is no edge.
#[test]
fn a_loop_is_found_and_its_closing_edge_named() {
    let files: BTreeMap<String, String> = [
        ("lib.rs", "mod a; mod b; mod c;"),
        // Comments, strings and submodules are no edges.
        (
            "a.rs",
            "//! see crate::c\nmod inner;\nuse crate::b::{self, Thing as T};\nfn f() { let s = \"crate::c::x\"; inner::g(); }",
        ),
        ("a/inner.rs", "use super::super::c::Other;\n"),
        ("b.rs", "pub struct Thing;\nfn g() { crate::c::h() }"),
        (
            "c.rs",
            "pub fn h() {}\npub struct Other;\n#[cfg(test)]\nmod tests { use super::*; }",
        ),
    ]
    .into_iter()
    .map(|(f, t)| (f.to_string(), t.to_string()))
    .collect();
    let e = edges(&files);
    assert_eq!(e["a.rs"].keys().collect::<Vec<_>>(), ["b.rs"]);
    assert_eq!(e["a/inner.rs"]["c.rs"], "super::super::c::Other");
    assert_eq!(e["b.rs"]["c.rs"], "crate::c::h");
    assert!(!e.contains_key("c.rs"), "{:?}", e.get("c.rs"));
    assert_eq!(find_loop(&e), None);

    // c now takes a's submodule: a/inner → c → a/inner.
    let mut looped = files.clone();
    looped.insert(
        "c.rs".into(),
        "pub fn h() { crate::a::inner::x() }\npub struct Other;".into(),
    );
    let e = edges(&looped);
    let cycle = find_loop(&e).expect("a loop");
    // Found walking from a.rs: a → b → c → a/inner, which goes back to c.
    assert_eq!(cycle, ["c.rs", "a/inner.rs", "c.rs"]);
    let message = describe("t", &cycle, &e);
    assert!(
        message.contains("c.rs → a/inner.rs   (crate::a::inner::x)"),
        "{message}"
    );
    assert!(
        message.contains("the edge that closes it: a/inner.rs → c.rs (`super::super::c::Other`)"),
        "{message}"
    );
}
