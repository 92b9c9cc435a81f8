//! The IAM User Guide's page of global condition keys
//! (`reference_policies_condition-keys`), fetched beside the reference: its
//! HTML and its Markdown twin, with the same politeness, conditional
//! requests and archive as the reference pages. The keys are read from the
//! Markdown (`parse/global_keys.rs`); a run that could not read it keeps
//! the previous snapshot's keys, and says so.

use super::Origin;
use super::twins::{markdown_twin, place};
use crate::parse::global_keys::PAGE_URL;

/// The page's file name without its extension.
const STEM: &str = "/IAM/latest/UserGuide/reference_policies_condition-keys.";

/// The page and its Markdown twin on `origin` (the site, or the same paths
/// on a mirror).
pub fn urls(origin: &Origin) -> Vec<String> {
    let Some(html) = place(origin, PAGE_URL) else {
        return Vec::new();
    };
    let md = markdown_twin(&html);
    std::iter::once(html).chain(md).collect()
}

/// True for the page or its Markdown twin.
pub fn is_page(url: &str) -> bool {
    let path = crate::parse::attach::path_of(url);
    path.strip_prefix(STEM)
        .is_some_and(|ext| ext == "html" || ext == "md")
}

/// True for the Markdown twin, the rendering the keys are read from.
pub fn is_markdown(url: &str) -> bool {
    is_page(url) && crate::parse::attach::path_of(url).ends_with(".md")
}

/// The mirror's path of the page's Markdown twin (a corpus directory holds
/// it as `reference_policies_condition-keys.md`).
pub fn mirror_path_of_markdown() -> String {
    format!("{STEM}md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_its_twin_on_a_mirror() {
        let origin = Origin::new("http://127.0.0.1:9/").unwrap();
        let urls = urls(&origin);
        assert_eq!(
            urls,
            [
                "http://127.0.0.1:9/IAM/latest/UserGuide/reference_policies_condition-keys.html",
                "http://127.0.0.1:9/IAM/latest/UserGuide/reference_policies_condition-keys.md"
            ]
        );
        assert!(urls.iter().all(|u| is_page(u)));
        assert!(is_markdown(&urls[1]) && !is_markdown(&urls[0]));
        assert!(!is_page(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys-other.html"
        ));
    }
}
