//! The rehearsal of `.github/workflows/update.yml`: the job's own `run:`
//! steps, read from the YAML file, on four days in a scratch clone whose
//! `origin` is a local bare repository, with a `gh` stand-in on `PATH` that
//! records its calls, and a mirror of the real pages on 127.0.0.1 as the
//! site (`IAM_CATALOG_BASE_URL`). See docs/job-workflow.md.
//!
//! `cargo xtask` in the steps is this test's build of xtask (through
//! `CARGO_ALIAS_XTASK` and a `cargo-…` subcommand on `PATH`): the same
//! source the workflow would compile in release, without compiling it again.
//!
//! Ignored by a plain `cargo test` (it takes minutes: four updates and a
//! build of the pushed branch: 5.5 min warm, more than CI's headroom); run
//! it with `cargo test --workspace --test tests -- --ignored rehearsal`.

mod workflow;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::mirror::{Mirror, MirrorConfig};

use crate::update::json_twins;
use crate::util::corpus;

/// The branch the workflow pushes (its `env: BRANCH`).
const BRANCH: &str = "catalog-update";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// Runs `cmd`, failing the test with its output unless it succeeds;
/// returns stdout.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "rehearsal")
        .env("GIT_AUTHOR_EMAIL", "rehearsal@example.invalid")
        .env("GIT_COMMITTER_NAME", "rehearsal")
        .env("GIT_COMMITTER_EMAIL", "rehearsal@example.invalid");
    cmd
}

/// The scratch world: `origin.git` (bare) holding this tree's files as
/// `main`, the stand-ins on `PATH`, and `shared/` beside the clones (the
/// corpus, as CI lays it).
struct World {
    tmp: tempfile::TempDir,
    /// What every step sees besides the runner's variables.
    env: BTreeMap<String, String>,
}

const GH: &str = r#"#!/bin/sh
# The `gh` stand-in: records each call; `pr view` answers from the state
# file (OPEN once `pr create` ran), as the real one answers
# `gh pr view BRANCH --json state -q .state`.
dir="$REHEARSAL_GH"
printf '%s\n' "$*" >> "$dir/calls"
prev=""
for a in "$@"; do
  if [ "$prev" = "--body-file" ]; then cp "$a" "$dir/body-$(wc -l < "$dir/calls" | tr -d ' ').md"; fi
  prev="$a"
done
case "$1 $2" in
  "pr view")
    if [ -f "$dir/state" ]; then cat "$dir/state"; else echo "no pull requests found for branch" >&2; exit 1; fi ;;
  "pr create") echo OPEN > "$dir/state"; echo "https://github.com/o/aws-iam-catalog/pull/1" ;;
  "pr edit") echo "https://github.com/o/aws-iam-catalog/pull/1" ;;
  *) echo "gh stand-in: unexpected call: $*" >&2; exit 1 ;;
esac
"#;

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // The corpus where CI has it, beside the clones.
        std::os::unix::fs::symlink(repo().join("../shared"), root.join("shared")).unwrap();
        // This tree's tracked files (as they are now, edits included) as
        // the default branch of a bare origin.
        let seed = root.join("seed");
        let files = ok(git(&repo()).args(["ls-files", "-z"]));
        for rel in files.split('\0').filter(|r| !r.is_empty()) {
            let from = repo().join(rel);
            if from.is_file() {
                let to = seed.join(rel);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(&from, &to).unwrap();
            }
        }
        ok(git(&seed).args(["init", "-q", "-b", "main"]));
        ok(git(&seed).args(["add", "-A"]));
        ok(git(&seed).args(["commit", "-q", "-m", "main as the job finds it"]));
        ok(git(root).args(["init", "-q", "--bare", "-b", "main", "origin.git"]));
        ok(git(&seed).args(["push", "-q", "../origin.git", "main"]));
        // The stand-ins.
        let bin = root.join("bin");
        let gh = root.join("gh");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&gh).unwrap();
        std::fs::write(gh.join("calls"), "").unwrap();
        let script = |name: &str, text: &str| {
            use std::os::unix::fs::PermissionsExt;
            let path = bin.join(name);
            std::fs::write(&path, text).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        script("gh", GH);
        // `cargo xtask` → `cargo rehearsal-xtask` (the alias, from the
        // environment, which cargo reads before .cargo/config.toml) → this
        // build of xtask. Cargo passes the subcommand's name first.
        script(
            "cargo-rehearsal-xtask",
            &format!(
                "#!/bin/sh\nshift\nexec '{}' \"$@\"\n",
                env!("CARGO_BIN_EXE_xtask")
            ),
        );
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let env = BTreeMap::from([
            ("PATH".to_string(), path),
            (
                "CARGO_ALIAS_XTASK".to_string(),
                "rehearsal-xtask".to_string(),
            ),
            ("REHEARSAL_GH".to_string(), gh.display().to_string()),
            ("GIT_CONFIG_NOSYSTEM".to_string(), "1".to_string()),
        ]);
        World { tmp, env }
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    fn origin(&self) -> PathBuf {
        self.root().join("origin.git")
    }

    /// The commit `origin` has for the update branch.
    fn branch(&self) -> Option<String> {
        let out = git(&self.origin())
            .args([
                "rev-parse",
                "--verify",
                "-q",
                &format!("refs/heads/{BRANCH}"),
            ])
            .output()
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap().trim().to_string())
    }

    /// Every call the `gh` stand-in got.
    fn gh_calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.root().join("gh/calls"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// One day: a fresh clone of `origin`'s default branch (the database
    /// restored from the day before, as the workflow's cache does), the
    /// site serving `pages`, the job's steps run.
    fn day(&self, n: u32, pages: BTreeMap<String, Vec<u8>>, accept_shrink: bool) -> Day {
        let started = std::time::Instant::now();
        let clone = self.root().join(format!("day-{n}"));
        ok(git(self.root()).args(["clone", "-q", "origin.git", &format!("day-{n}")]));
        if n > 1 {
            let db = self.root().join(format!("day-{}/catalog.sqlite", n - 1));
            if db.exists() {
                std::fs::copy(db, clone.join("catalog.sqlite")).unwrap();
            }
        }
        let site = Mirror::start(pages, MirrorConfig::default()).unwrap();
        let mut env = self.env.clone();
        env.insert("IAM_CATALOG_BASE_URL".into(), site.base_url());
        let expressions = BTreeMap::from([
            ("github.server_url", "https://github.com".to_string()),
            ("github.repository", "o/aws-iam-catalog".to_string()),
            ("inputs.accept_shrink", accept_shrink.to_string()),
            ("github.event.repository.default_branch", "main".to_string()),
            (
                "secrets.UPDATE_TOKEN || github.token",
                "rehearsal-token".to_string(),
            ),
            ("github.run_id", n.to_string()),
        ]);
        let temp = self.root().join(format!("runner-{n}"));
        std::fs::create_dir_all(&temp).unwrap();
        let job = workflow::read(&workflow::path(), "update");
        let run = workflow::Runner {
            workspace: &clone,
            temp: &temp,
            expressions: &expressions,
            env: &env,
        }
        .run(&job);
        eprintln!(
            "rehearsal: day {n} in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        Day { clone, run }
    }
}

struct Day {
    clone: PathBuf,
    run: workflow::Run,
}

impl Day {
    fn status(&self) -> &str {
        self.run.output("update", "status").unwrap_or("(none)")
    }

    /// What the clone has that its last commit does not (ignored files,
    /// such as the database, left out).
    fn uncommitted(&self) -> String {
        ok(git(&self.clone).args(["status", "--porcelain"]))
    }
}

/// The pages of a date, with the JSON twins the committed snapshot took its
/// operations from.
fn pages(date: &str) -> BTreeMap<String, Vec<u8>> {
    let corpus = corpus().unwrap();
    let mut pages = Mirror::pages_from_dir(&corpus.join("sar-html").join(date)).unwrap();
    json_twins(&mut pages, "2026-02-13");
    pages
}

/// Runs `cargo` in the pushed branch's clone, with a target directory of
/// the rehearsal's own (kept between runs under this tree's target/).
fn cargo_in(dir: &Path, world: &World, args: &[&str]) {
    let target = repo().join("target/rehearsal");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir)
        .args(args)
        .envs(&world.env)
        .env("CARGO_TARGET_DIR", &target)
        .env("CI", "true");
    ok(&mut cmd);
}

/// Day 1, new pages (June's: 467 actions fewer, others changed; a shrink
/// the maintainer accepts through the workflow's input): exit 1, the
/// branch pushed with every file the update changed, one pull request
/// opened with the report; on the pushed branch the workspace resolves
/// under --locked, the crate and the lint build and pass their tests (their
/// expected figures come from the snapshot, so new data passes them), both
/// crates package with new versions, and src/generated/ is what codegen
/// writes. Day 2, the pages main holds: exit 0, nothing pushed, no `gh`
/// call. Day 3, a page cut short: the job fails (exit 2), the branch and
/// the pull request untouched. Day 4, newer pages (June's, EC2's as July
/// has it): the branch force-updated, the pull request edited, no second
/// one.
#[test]
#[ignore = "minutes: four updates and a build of the pushed branch (docs/job-workflow.md)"]
fn the_update_workflow_rehearsed_over_four_days() {
    if corpus().is_none() {
        return;
    }
    let started = std::time::Instant::now();
    let world = World::new();
    let main = ok(git(&world.origin()).args(["rev-parse", "refs/heads/main"]));

    // Day 1: June's pages, actions removed and changed: a data-changing
    // pull request, accepted as a shrink.
    let day = world.day(1, pages("2026-06-01"), true);
    assert_eq!(day.status(), "1", "{}", day.run.log);
    assert!(day.run.succeeded(), "{}", day.run.log);
    let first = world.branch().expect("day 1 pushed the branch");
    assert_eq!(
        day.uncommitted(),
        "",
        "files the update changed were left out of the commit"
    );
    let pushed = ok(git(&day.clone).args(["show", "--name-only", "--format=", "HEAD"]));
    for path in [
        "Cargo.toml",
        "Cargo.lock",
        "CHANGELOG.md",
        "aws-iam-lint/Cargo.toml",
        "examples/downstream/Cargo.toml",
    ] {
        assert!(
            pushed.lines().any(|l| l == path),
            "{path} not pushed: {pushed}"
        );
    }
    assert!(pushed.lines().any(|l| l.starts_with("snapshots/services/")));
    assert!(pushed.lines().any(|l| l.starts_with("src/generated/")));
    assert!(
        pushed.lines().any(|l| l.starts_with("reports/")),
        "{pushed}"
    );
    let calls = world.gh_calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls[0].starts_with(&format!("pr view {BRANCH}")),
        "{calls:?}"
    );
    assert!(calls[1].starts_with(&format!("pr create --head {BRANCH} --base main")));
    let body = std::fs::read_to_string(world.root().join("gh/body-2.md")).unwrap();
    assert!(
        body.chars().count() <= 65_536,
        "{} characters",
        body.chars().count()
    );
    assert!(body.starts_with("# aws-iam-catalog update"), "{body}");
    assert!(day.run.summary.contains("# aws-iam-catalog update"));

    // The pushed branch, as a reviewer's CI would see it.
    let branch_started = std::time::Instant::now();
    let review = world.root().join("review");
    ok(git(world.root()).args(["clone", "-q", "-b", BRANCH, "origin.git", "review"]));
    // (No `cargo metadata --offline`: it wants every platform's crates, some
    // never downloaded here; `cargo test --locked` resolves the lock file.)
    cargo_in(
        &review,
        &world,
        &[
            "test",
            "--locked",
            "--offline",
            "-q",
            "-p",
            "aws-iam-catalog",
            "-p",
            "aws-iam-lint",
            "-p",
            "downstream-example",
        ],
    );
    cargo_in(&review, &world, &["xtask", "codegen", "--check"]);
    // Both crates package together as a release publishes them
    // (docs/release.md): the lint's `=` requirement is the new catalog's.
    cargo_in(
        &review,
        &world,
        &[
            "package",
            "--offline",
            "--locked",
            "--no-verify",
            "-q",
            "-p",
            "aws-iam-catalog",
            "-p",
            "aws-iam-lint",
        ],
    );
    let version = |manifest: &str| {
        let text = std::fs::read_to_string(review.join(manifest)).unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|v| v.strip_suffix('"'))
            .unwrap()
            .to_string()
    };
    let (catalog, lint) = (version("Cargo.toml"), version("aws-iam-lint/Cargo.toml"));
    let on_main = |manifest: &str| {
        let text = std::fs::read_to_string(repo().join(manifest)).unwrap();
        let value: toml::Value = toml::from_str(&text).unwrap();
        let v = value["package"]["version"].as_str().unwrap();
        xtask::release::parse_version(v).unwrap()
    };
    let main_catalog = on_main("Cargo.toml");
    assert_ne!(
        catalog,
        main_catalog.to_string(),
        "day 1 released no new version"
    );
    // The lint is published beside the catalog, so its own version moved
    // too (crates.io refuses a version twice), as the release computes it.
    let want_lint = xtask::release::lint_version(
        &on_main("aws-iam-lint/Cargo.toml"),
        &main_catalog,
        &xtask::release::parse_version(&catalog).unwrap(),
    );
    assert_eq!(lint, want_lint.to_string(), "the lint's version");
    let crate_file = repo().join(format!(
        "target/rehearsal/package/aws-iam-lint-{lint}.crate"
    ));
    let packaged = ok(Command::new("tar")
        .arg("-xzOf")
        .arg(&crate_file)
        .arg(format!("aws-iam-lint-{lint}/Cargo.toml")));
    assert!(
        packaged.contains(&format!(
            "[dependencies.aws-iam-catalog]\nversion = \"={catalog}\""
        )),
        "{packaged}"
    );
    assert!(
        packaged.contains(&format!("name = \"aws-iam-lint\"\nversion = \"{lint}\"\n")),
        "the packaged lint is not {lint}: {packaged}"
    );
    eprintln!(
        "rehearsal: the pushed branch built and tested in {:.0} s",
        branch_started.elapsed().as_secs_f64()
    );

    // Day 2: the pages main holds (July's, with the same twins).
    let day = world.day(2, pages("2026-07-01"), false);
    assert_eq!(day.status(), "0", "{}", day.run.log);
    assert!(day.run.succeeded(), "{}", day.run.log);
    assert_eq!(
        world.branch().as_deref(),
        Some(first.as_str()),
        "day 2 pushed"
    );
    assert_eq!(
        world.gh_calls().len(),
        2,
        "day 2 called gh: {:?}",
        world.gh_calls()
    );

    // Day 3: a bad scrape, the EC2 page cut short.
    let mut cut = pages("2026-07-01");
    let ec2 = cut.get_mut("list_amazonec2.html").unwrap();
    ec2.truncate(ec2.len() / 2);
    let day = world.day(3, cut, false);
    assert_eq!(day.status(), "2", "{}", day.run.log);
    assert!(!day.run.succeeded(), "a rejected update must fail the job");
    assert!(day.run.summary.contains("rejected"), "{}", day.run.summary);
    assert_eq!(
        world.branch().as_deref(),
        Some(first.as_str()),
        "day 3 pushed"
    );
    assert_eq!(
        world.gh_calls().len(),
        2,
        "day 3 called gh: {:?}",
        world.gh_calls()
    );
    assert_eq!(day.uncommitted(), "", "a rejected update changed files");

    // Day 4: newer pages (June's, with one service as July has it).
    let mut newer = pages("2026-06-01");
    let july = pages("2026-07-01");
    let page = "list_amazonec2.html";
    newer.insert(page.into(), july[page].clone());
    let day = world.day(4, newer, true);
    assert_eq!(day.status(), "1", "{}", day.run.log);
    assert!(day.run.succeeded(), "{}", day.run.log);
    assert_eq!(day.uncommitted(), "");
    let fourth = world.branch().unwrap();
    assert_ne!(fourth, first, "day 4 did not push");
    // Force-pushed: built on main again, not on day 1's commit.
    ok(git(&world.origin()).args(["merge-base", "--is-ancestor", main.trim(), &fourth]));
    let ancestor = git(&world.origin())
        .args(["merge-base", "--is-ancestor", &first, &fourth])
        .status()
        .unwrap();
    assert!(!ancestor.success(), "day 4's branch holds day 1's commit");
    let calls = world.gh_calls();
    assert_eq!(calls.len(), 4, "{calls:?}");
    assert!(
        calls[2].starts_with(&format!("pr view {BRANCH}")),
        "{calls:?}"
    );
    assert!(
        calls[3].starts_with(&format!("pr edit {BRANCH}")),
        "{calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("pr create")).count(),
        1
    );
    eprintln!(
        "rehearsal: four days in {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

/// The one list: the workflow commits what the update says it changed
/// (`--changed-files` into `git add --pathspec-from-file`), names no path of
/// its own, and the update's list holds every manifest a release edits.
#[test]
fn the_workflow_commits_the_list_the_update_writes() {
    let job = workflow::read(&workflow::path(), "update");
    let scripts: Vec<&str> = job.steps.iter().filter_map(|s| s.run.as_deref()).collect();
    let update = scripts
        .iter()
        .find(|s| s.contains("cargo xtask update"))
        .expect("a step runs cargo xtask update");
    let list = update
        .split("--changed-files \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|path| format!("\"{path}\""))
        .expect("the update step passes --changed-files \"FILE\"");
    let adds: Vec<&str> = scripts
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| l.contains("git add"))
        .collect();
    assert_eq!(
        adds,
        [format!("git add -A --pathspec-from-file={list}").as_str()],
        "the workflow must add exactly the update's list"
    );
    for manifest in ["Cargo.toml", "Cargo.lock", "CHANGELOG.md"]
        .iter()
        .chain(xtask::release::DEPENDENTS)
    {
        assert!(
            xtask::update::CHECKOUT_FILES.contains(manifest),
            "{manifest} is written by a release but not in update::CHECKOUT_FILES"
        );
    }
}
