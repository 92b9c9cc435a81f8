//! Which checkout a command works on: the one `--checkout` names, else the
//! one holding the working directory (found by walking up to the directory
//! whose `Cargo.toml` is this project's package). Never the tree the binary
//! was compiled in: a binary copied or run from elsewhere must not write
//! `snapshots/` or `src/generated/` of a checkout nobody pointed it at.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The package whose manifest marks a checkout's root.
const PACKAGE: &str = "aws-iam-catalog";

/// True when `dir/Cargo.toml` is this project's root manifest.
fn is_checkout(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return false;
    };
    toml::from_str::<toml::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("package")?
                .get("name")?
                .as_str()
                .map(|n| n == PACKAGE)
        })
        .unwrap_or(false)
}

/// The checkout holding `dir` (or `dir` itself), if any.
pub fn find_from(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| is_checkout(d))
        .map(Path::to_path_buf)
}

/// The checkout to work on: `explicit` (checked), else the working
/// directory's; an error that says what to do when there is none.
pub fn resolve(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !is_checkout(dir) {
            bail!(
                "--checkout {}: not an {PACKAGE} checkout (no Cargo.toml of the {PACKAGE} package there)",
                dir.display()
            );
        }
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    find_from(&cwd).with_context(|| {
        format!(
            "{} is not inside an {PACKAGE} checkout (no Cargo.toml of the {PACKAGE} package there \
             or above): run the command from a checkout, or name one with --checkout DIR",
            cwd.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkout_is_found_from_any_directory_inside_it() {
        let tmp = std::env::temp_dir().join(format!("xtask-checkout-{}", std::process::id()));
        let lint = tmp.join("repo/aws-iam-lint/src");
        std::fs::create_dir_all(&lint).unwrap();
        std::fs::write(
            tmp.join("repo/Cargo.toml"),
            "[package]\nname = \"aws-iam-catalog\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        // A member's own manifest is not the root: the walk goes on up.
        std::fs::write(
            tmp.join("repo/aws-iam-lint/Cargo.toml"),
            "[package]\nname = \"aws-iam-lint\"\n",
        )
        .unwrap();
        assert_eq!(find_from(&lint), Some(tmp.join("repo")));
        assert_eq!(find_from(&tmp), None);
        let err = resolve(Some(&tmp)).unwrap_err().to_string();
        assert!(err.contains("not an aws-iam-catalog checkout"), "{err}");
        assert_eq!(resolve(Some(&tmp.join("repo"))).unwrap(), tmp.join("repo"));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
