//! Runs a GitHub Actions job's `run:` steps as the runner would, read from
//! the workflow file itself: `${{ … }}` expressions come from a table the
//! caller gives (an expression missing from it fails the rehearsal, so a
//! new one in the YAML cannot be skipped silently), `if:` conditions of the
//! forms the job uses are evaluated, `uses:` steps are the caller's to stand
//! in for (the scratch clone is the checkout), and each script runs as the
//! runner runs it (`bash -e`) with `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`
//! and `RUNNER_TEMP` files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_norway::Value;

/// The workflow file the scheduled job runs.
pub fn path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../.github/workflows/update.yml")
}

/// One step of the job.
#[derive(Clone, Debug)]
pub struct Step {
    /// Its name (or what it uses).
    pub name: String,
    /// `id:`, when it has one.
    pub id: Option<String>,
    /// `if:`, when it has one.
    pub condition: Option<String>,
    /// `env:` of the step.
    pub env: BTreeMap<String, String>,
    /// The script, for a `run:` step; `None` for a `uses:` step.
    pub run: Option<String>,
}

/// A job of the workflow: the workflow's `env:` and the job's steps.
#[derive(Clone, Debug)]
pub struct Job {
    /// The workflow's and the job's `env:`.
    pub env: BTreeMap<String, String>,
    /// The steps in order.
    pub steps: Vec<Step>,
}

fn strings(v: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Mapping(m)) = v else {
        return BTreeMap::new();
    };
    m.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                other => panic!("env {k:?}: {other:?} is not a scalar"),
            };
            (k.as_str().expect("env keys are strings").to_string(), v)
        })
        .collect()
}

/// Reads job `name` of the workflow at `path`.
pub fn read(path: &Path, name: &str) -> Job {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let job = &doc["jobs"][name];
    assert!(!job.is_null(), "{}: no job {name}", path.display());
    let mut env = strings(doc.get("env"));
    env.extend(strings(job.get("env")));
    let steps = job["steps"]
        .as_sequence()
        .expect("the job has steps")
        .iter()
        .map(|s| {
            let text = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
            Step {
                name: text("name")
                    .or_else(|| text("uses"))
                    .unwrap_or_else(|| "(unnamed)".into()),
                id: text("id"),
                condition: text("if"),
                env: strings(s.get("env")),
                run: text("run"),
            }
        })
        .collect();
    Job { env, steps }
}

/// Replaces every `${{ expr }}` with `table[expr]`; an expression the
/// table does not hold fails the rehearsal.
pub fn substitute(text: &str, table: &BTreeMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .unwrap_or_else(|| panic!("an unclosed ${{{{ in {text:?}"))
            + start;
        let expr = rest[start + 3..end].trim();
        let value = table.get(expr).unwrap_or_else(|| {
            panic!("the rehearsal has no value for the expression `{expr}` (add it to its table)")
        });
        out.push_str(value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// How a step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ran {
    /// Its condition was false (or a step before it failed).
    Skipped,
    /// A `uses:` step: the caller stands in for it.
    Uses,
    /// The script's exit code.
    Exited(i32),
}

/// What a run of the job did.
#[derive(Debug)]
pub struct Run {
    /// Each step's name and end.
    pub steps: Vec<(String, Ran)>,
    /// Outputs by step id.
    pub outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// The step summary.
    pub summary: String,
    /// Every script's stdout and stderr, for failure messages.
    pub log: String,
}

impl Run {
    /// True when no step failed.
    pub fn succeeded(&self) -> bool {
        !self
            .steps
            .iter()
            .any(|(_, r)| matches!(r, Ran::Exited(c) if *c != 0))
    }

    /// A step's output.
    pub fn output(&self, step: &str, name: &str) -> Option<&str> {
        self.outputs.get(step)?.get(name).map(String::as_str)
    }
}

/// `name=value` lines (the runner also takes `name<<EOF` blocks; the job
/// writes none).
fn outputs(file: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Evaluates an `if:`: `always()`, or `steps.<id>.outputs.<name> == '<v>'`.
fn holds(condition: Option<&str>, failed: bool, run: &Run) -> bool {
    let Some(c) = condition.map(str::trim) else {
        return !failed;
    };
    if c == "always()" {
        return true;
    }
    let (lhs, rhs) = c
        .split_once("==")
        .unwrap_or_else(|| panic!("the rehearsal does not read the condition `{c}`"));
    let path: Vec<&str> = lhs.trim().split('.').collect();
    let ["steps", id, "outputs", name] = path.as_slice() else {
        panic!("the rehearsal does not read the condition `{c}`");
    };
    let want = rhs.trim().trim_matches('\'');
    !failed && run.output(id, name) == Some(want)
}

/// Where a run happens and what it sees.
pub struct Runner<'a> {
    /// The checkout (the scripts' working directory).
    pub workspace: &'a Path,
    /// A fresh directory for `RUNNER_TEMP` and the runner's files.
    pub temp: &'a Path,
    /// The `${{ … }}` table.
    pub expressions: &'a BTreeMap<&'a str, String>,
    /// Environment variables added to every step (PATH, the base URL...).
    pub env: &'a BTreeMap<String, String>,
}

impl Runner<'_> {
    /// Runs the job's steps in order, as the runner would.
    pub fn run(&self, job: &Job) -> Run {
        let runner_temp = self.temp.join("runner-temp");
        std::fs::create_dir_all(&runner_temp).unwrap();
        let summary = self.temp.join("step-summary.md");
        let mut run = Run {
            steps: Vec::new(),
            outputs: BTreeMap::new(),
            summary: String::new(),
            log: String::new(),
        };
        let mut failed = false;
        for (i, step) in job.steps.iter().enumerate() {
            if !holds(step.condition.as_deref(), failed, &run) {
                run.steps.push((step.name.clone(), Ran::Skipped));
                continue;
            }
            let Some(script) = &step.run else {
                run.steps.push((step.name.clone(), Ran::Uses));
                continue;
            };
            let output = self.temp.join(format!("output-{i}"));
            std::fs::write(&output, "").unwrap();
            let file = self.temp.join(format!("step-{i}.sh"));
            std::fs::write(&file, substitute(script, self.expressions)).unwrap();
            let mut cmd = std::process::Command::new("bash");
            cmd.arg("-e").arg(&file).current_dir(self.workspace);
            for (k, v) in job.env.iter().chain(&step.env) {
                cmd.env(k, substitute(v, self.expressions));
            }
            cmd.envs(self.env)
                .env("GITHUB_OUTPUT", &output)
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("RUNNER_TEMP", &runner_temp)
                .env("GITHUB_WORKSPACE", self.workspace)
                .env("CI", "true");
            let out = cmd.output().unwrap();
            let code = out.status.code().unwrap_or(-1);
            run.log.push_str(&format!(
                "--- {} (exit {code})\n{}{}",
                step.name,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
            if let Some(id) = &step.id {
                run.outputs.insert(id.clone(), outputs(&output));
            }
            failed |= code != 0;
            run.steps.push((step.name.clone(), Ran::Exited(code)));
        }
        run.summary = std::fs::read_to_string(&summary).unwrap_or_default();
        run
    }
}
