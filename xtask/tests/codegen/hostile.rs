//! A snapshot whose text tries to break out of doc comments, string
//! literals, attributes and HTML generates a crate that compiles, keeps the
//! text exactly at run time, and shows it verbatim in its rendered docs.
//! The same crate carries the services of `notice_scope.rs` and runs its
//! test.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use xtask::codegen::{self, Input};
use xtask::model::Service;
use xtask::snapshot::{Counts, Manifest};

/// Every trick at once, plus a line longer than any real description.
fn hostile_text(label: &str) -> String {
    format!(
        "{label} ends a comment */ and opens a raw string \"# and escapes \\ and \\n,\n\
         closes </details> and <script>alert(1)</script>, starts an attribute #[doc = \"x\"] \
         and a {{}} format, in Ünïcödé 服务 🚀, with `ticks` and *emphasis* and [a](link).\n\
         {}",
        ["very long"; 2_000].join(" ")
    )
}

const URL: &str = "https://docs.aws.amazon.com/hostile/a b(c)<d>\\e.html";
const KEY: &str = "hostile:Key*/\"#\\</details>#[ü]";
const RESOURCE: &str = "res`/\"#\\</details>#[ü]";

fn hostile_service() -> Service {
    let action = |name: &str, label: &str, doc_url: &str| {
        json!({
            "access_level": ["Write"], "access_level_raw": "Write",
            "condition_keys": [KEY], "dependent_actions": [],
            "description": hostile_text(label),
            "doc_url": doc_url,
            "name": name, "permission_only": false,
            "resource_types": [{"condition_keys": [], "name": RESOURCE, "required": true}]
        })
    };
    let value = json!({
        "prefix": "type",
        "name": "Evil */ \"# \\ </details> #[x] Ünïcödé\nService",
        "pages": [], "links": {}, "operations": [],
        "notices": [{
            "date": "2026-02-20", "kind": "end-of-support",
            "text": hostile_text("notice"), "url": "https://docs.aws.amazon.com/hostile/eos.html"
        }],
        // Names that collide once made identifiers, and one that starts
        // with a digit.
        "actions": [
            // AWS links some actions relatively or through unexpanded
            // templates: shown, not linked.
            action("2Fast", "digit", "${APIReferenceDocPage}API_[x].html"),
            action("Get-Object", "hyphen", "API_GetObject"),
            action("GetObject", "camel", URL),
            action("Self", "keyword", URL),
        ],
        "resource_types": [{
            "arn_templates": ["arn:${Partition}:type:::thing/${Name*/\"#}"],
            "condition_keys": [KEY], "name": RESOURCE
        }],
        "condition_keys": [{"description": hostile_text("key"), "name": KEY, "type": "String"}]
    });
    serde_json::from_value(value).expect("the hostile service is a valid snapshot file")
}

/// The root crate's hand-written sources, without the repository's
/// generated tables.
fn copy_runtime(to: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    std::fs::create_dir_all(to.join("src/generated")).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            std::fs::copy(&path, to.join("src").join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(
        to.join("Cargo.toml"),
        "[package]\nname = \"aws-iam-catalog\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [features]\nserde = []\n\n[workspace]\n",
    )
    .unwrap();
}

fn cargo(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo {args:?} failed on the generated crate in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text a rendered rustdoc page shows (tags dropped, entities decoded).
fn rendered_text(page: &Path) -> String {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    scraper::Html::parse_document(&html)
        .root_element()
        .text()
        .collect()
}

fn assert_shows(page: &Path, text: &str) {
    let shown = rendered_text(page);
    for line in text.lines() {
        assert!(
            shown.contains(line),
            "{} does not show {:?} verbatim",
            page.display(),
            &line[..line.len().min(120)]
        );
    }
}

#[test]
fn hostile_text_compiles_and_is_shown_verbatim() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_runtime(root);
    let mut services = vec![hostile_service()];
    services.extend(crate::codegen::notice_scope::services());
    let input = Input {
        manifest: Manifest {
            data_date: "2026-07-01".into(),
            source: "hostile".into(),
            content_sha256: "0".repeat(64),
            counts: Counts::of(&services),
            files: Default::default(),
        },
        services,
        tombstones: toml::from_str(&format!(
            "[[tombstone]]\nkind = \"action\"\nname = \"type:Gone\"\nremoved_on = \"2026-07-01\"\ndescription = {:?}\n\n\
             [[tombstone]]\nkind = \"service\"\nname = \"gone-svc\"\nremoved_on = \"2026-07-01\"\n\n\
             [[tombstone]]\nkind = \"condition-key\"\nname = \"type old:Key\"\nremoved_on = \"2026-07-01\"\n",
            hostile_text("tomb")
        ))
        .unwrap(),
        global_keys: vec![xtask::parse::global_keys::GlobalKey {
            availability: hostile_text("availability"),
            data_types: vec!["String".into()],
            group: hostile_text("group"),
            multivalued: true,
            name: "aws:Hostile/${TagKey}".into(),
        }],
        first_recorded: None,
    };
    let outputs = codegen::generate(&input, root).unwrap().outputs;
    codegen::write(root, &outputs).unwrap();
    let consts = std::fs::read_to_string(root.join("src/generated/consts.rs")).unwrap()
        + &std::fs::read_to_string(root.join("src/generated/consts/type_.rs")).unwrap();
    for name in [
        "_2_FAST",
        "GET_OBJECT",
        "GET_OBJECT_2",
        "SELF",
        "pub enum type_ {}",
        "impl super::type_ {",
    ] {
        assert!(consts.contains(name), "consts.rs has no {name}");
    }

    // The strings at run time are exactly the snapshot's.
    let expect = |label: &str| format!("{:?}", hostile_text(label));
    std::fs::create_dir_all(root.join("tests")).unwrap();
    std::fs::write(
        root.join("tests/verbatim.rs"),
        format!(
            "use aws_iam_catalog::{{Action, Deprecation, Service}};\n\
             #[test]\n#[allow(deprecated)]\nfn verbatim() {{\n\
             let s = Service::TYPE;\n\
             assert_eq!(s.name(), {name:?});\n\
             assert_eq!(Action::lookup(\"type:getobject\"), Some(aws_iam_catalog::type_::GET_OBJECT_2));\n\
             assert_eq!(aws_iam_catalog::type_::GET_OBJECT.name(), \"Get-Object\");\n\
             assert_eq!(aws_iam_catalog::type_::_2_FAST.description(), {digit});\n\
             let a = aws_iam_catalog::type_::SELF;\n\
             assert_eq!(a.description(), {keyword});\n\
             assert_eq!(a.doc_url(), Some({url:?}));\n\
             let r = a.resource_types().next().unwrap();\n\
             assert!(r.required());\n\
             assert_eq!(r.resource_type().name(), {RESOURCE:?});\n\
             assert_eq!(a.condition_keys().next().unwrap().name(), {KEY:?});\n\
             assert_eq!(s.condition_key({KEY:?}).unwrap().description(), {key});\n\
             assert_eq!(s.notices().next().unwrap().text(), {notice});\n\
             assert_eq!(s.end_of_support().unwrap().to_string(), \"2026-02-20\");\n\
             let g = aws_iam_catalog::GlobalConditionKey::lookup(\"aws:hostile/Anything\").unwrap();\n\
             assert_eq!(g.availability(), {availability});\n\
             assert!(g.multivalued());\n\
             }}\n\
             #[test]\nfn tombstones() {{\n\
             #[expect(deprecated)]\nlet gone = aws_iam_catalog::type_::GONE;\n\
             assert!(matches!(gone.deprecation(), Some(Deprecation::Removed {{ on: Some(d) }}) if d.to_string() == \"2026-07-01\"));\n\
             assert_eq!(Action::lookup(\"type:gone\"), Some(gone));\n\
             assert!(!Action::all().any(|a| a == gone));\n\
             assert_eq!(Action::matching(\"type:*\").count(), 4);\n\
             assert_eq!(gone.description(), {tomb});\n\
             let svc = Service::lookup(\"gone-svc\").unwrap();\n\
             assert!(matches!(svc.deprecation(), Some(Deprecation::Removed {{ .. }})));\n\
             assert!(!Service::all().any(|s| s == svc));\n\
             #[expect(deprecated)]\nlet via_const = Service::GONE_SVC;\n\
             assert_eq!(via_const, svc);\n\
             let key = Service::lookup(\"type\").unwrap().condition_key(\"old:Key\").unwrap();\n\
             assert!(matches!(key.deprecation(), Some(Deprecation::Removed {{ .. }})));\n\
             }}\n",
            name = "Evil */ \"# \\ </details> #[x] Ünïcödé\nService",
            digit = expect("digit"),
            keyword = expect("keyword"),
            key = expect("key"),
            notice = expect("notice"),
            tomb = expect("tomb"),
            availability = expect("availability"),
            url = URL,
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("tests/notice_scope.rs"),
        crate::codegen::notice_scope::TEST,
    )
    .unwrap();
    cargo(root, &["test", "--quiet", "--tests"]);

    // The rendered docs show every line as written.
    cargo(root, &["doc", "--quiet", "--no-deps"]);
    let doc = root.join("target/doc/aws_iam_catalog");
    assert_shows(
        &doc.join("services/enum.type_.html"),
        &hostile_text("keyword"),
    );
    assert_shows(
        &doc.join("services/enum.type_.html"),
        &hostile_text("digit"),
    );
    assert_shows(
        &doc.join("services/enum.type_.html"),
        &hostile_text("hyphen"),
    );
    // An action's docs are its name, access level and description: its
    // resource types and doc link are not in them (they would cost every
    // user's build; `resource_types()` and `doc_url()` give them, checked
    // verbatim above).
    let page = rendered_text(&doc.join("services/enum.type_.html"));
    assert!(!page.contains(RESOURCE) && !page.contains("API_[x].html"));
    assert_shows(
        &doc.join("services/enum.type_.html"),
        &hostile_text("notice"),
    );
    assert_shows(&doc.join("services/enum.type_.html"), &hostile_text("tomb"));
    assert_shows(
        &doc.join("struct.Service.html"),
        "Evil */ \"# \\ </details> #[x] Ünïcödé",
    );
}
