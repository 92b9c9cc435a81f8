//! `cargo bench -p aws-iam-catalog`: the typed crate's lookups, median of
//! 31 samples. No benchmark framework, so the crate keeps no dependencies
//! even for development: each sample times enough iterations to last about
//! 20 ms, and the median of the per-iteration times is reported.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_iam_catalog::{Action, ArnPattern, ArnTemplate, Service, wildcard_match};

fn bench<T>(label: &str, mut f: impl FnMut() -> T) {
    // Calibrate: how many iterations take about 20 ms.
    let mut iters: u64 = 1;
    loop {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(f());
        }
        if start.elapsed() > Duration::from_millis(20) || iters > 1 << 30 {
            break;
        }
        iters *= 2;
    }
    let mut samples: Vec<f64> = (0..31)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            start.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let (median, min, max) = (samples[15], samples[0], samples[30]);
    let show = |ns: f64| {
        if ns >= 1000.0 {
            format!("{:.2} µs", ns / 1000.0)
        } else {
            format!("{ns:.1} ns")
        }
    };
    println!(
        "{label:<44} median {:>10}  (min {}, max {}, {iters} iterations x 31)",
        show(median),
        show(min),
        show(max)
    );
}

fn main() {
    // `cargo test --benches` runs this with `--test`: check, don't time.
    let quick = std::env::args().any(|a| a == "--test");
    let checks = [
        ("chime:CreateMeeting", true),
        ("chime:createmeeting", true),
        ("ec2:DescribeInstances", true),
        ("s3:NoSuchAction", false),
    ];
    for (s, found) in checks {
        assert_eq!(s.parse::<Action>().is_ok(), found, "{s}");
    }
    assert_eq!(Action::matching("s3:Get*").count(), 63);
    if quick {
        return;
    }
    println!(
        "aws-iam-catalog {} (data {})",
        env!("CARGO_PKG_VERSION"),
        aws_iam_catalog::DATA_VERSION.date
    );
    bench("parse \"chime:CreateMeeting\"", || {
        black_box("chime:CreateMeeting").parse::<Action>()
    });
    bench("parse \"chime:createmeeting\" (other case)", || {
        black_box("chime:createmeeting").parse::<Action>()
    });
    bench("parse \"ec2:DescribeInstances\" (largest service)", || {
        black_box("ec2:DescribeInstances").parse::<Action>()
    });
    bench("parse \"s3:NoSuchAction\" (miss)", || {
        black_box("s3:NoSuchAction").parse::<Action>()
    });
    // The description is stored coded: writing it out is the cost.
    let get_object: Action = "s3:GetObject".parse().expect("an action");
    bench("s3:GetObject description().to_string()", || {
        black_box(get_object).description().to_string()
    });
    bench("Service::lookup(\"s3\")", || {
        Service::lookup(black_box("s3"))
    });
    bench("matching(\"s3:Get*\").count() (63)", || {
        Action::matching(black_box("s3:Get*")).count()
    });
    bench("matching(\"s3:*Object*\").count()", || {
        Action::matching(black_box("s3:*Object*")).count()
    });
    bench("matching(\"ec2:Describe*\").count()", || {
        Action::matching(black_box("ec2:Describe*")).count()
    });
    bench(
        "matching(\"*:CreateMeeting\").count() (all services)",
        || Action::matching(black_box("*:CreateMeeting")).count(),
    );
    bench("matching(\"*\").count() (every action)", || {
        Action::matching(black_box("*")).count()
    });
    // Hostile patterns of a managed policy's size (6,144 characters).
    let stars = format!("*:{}", "*".repeat(6142));
    bench("matching(\"*:\" + 6,142 stars).count()", || {
        Action::matching(black_box(&stars)).count()
    });
    let alternating = format!("*:{}", "*a".repeat(3071));
    bench("matching(\"*:\" + \"*a\" x 3,071).count()", || {
        Action::matching(black_box(&alternating)).count()
    });
    matchers();
}

/// Wildcard and ARN matching: real patterns, and the hostile ones of
/// issue 23 (each should stay within a millisecond; `wildcard_match`'s
/// quadratic case within 10 ms).
fn matchers() {
    bench("wildcard_match(\"s3:Get*\", \"s3:GetObject\")", || {
        wildcard_match(black_box("s3:Get*"), black_box("s3:GetObject"))
    });
    bench("wildcard_match(bucket/*, an object ARN)", || {
        wildcard_match(
            black_box("arn:aws:s3:::bucket/*"),
            black_box("arn:aws:s3:::bucket/photos/2026/cat.jpg"),
        )
    });
    for (m, n) in [(10_000, 100_000), (50_000, 200_000)] {
        let pattern = format!("*{}b", "a".repeat(m));
        let text = "a".repeat(n);
        bench(
            &format!("wildcard_match(\"*\" + a x {m} + \"b\", a x {n})"),
            || wildcard_match(black_box(&pattern), black_box(&text)),
        );
    }
    let object = template("s3", "object");
    let instance = template("ec2", "instance");
    bench("object.matches_pattern(\"arn:aws:s3:::bucket/*\")", || {
        object.matches_pattern(black_box("arn:aws:s3:::bucket/*"))
    });
    bench("instance.matches_pattern(an instance ARN)", || {
        instance.matches_pattern(black_box(
            "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
        ))
    });
    bench(
        "S3.resource_types_for_arn(\"arn:aws:s3:::bucket/*\")",
        || {
            Service::S3
                .resource_types_for_arn(black_box("arn:aws:s3:::bucket/*"))
                .count()
        },
    );
    // 4 KB hostile patterns.
    let star_a = format!("arn:aws:{}", "*a".repeat(2044));
    let child_event = template("notifications", "ManagedNotificationChildEvent");
    bench("ManagedNotificationChildEvent vs 4 KB *a", || {
        child_event.matches_pattern(black_box(&star_a))
    });
    let any = "?*".repeat(2048);
    let all: Vec<ArnTemplate> = Service::all()
        .flat_map(|s| s.resource_types())
        .flat_map(|t| t.arn_templates())
        .collect();
    bench(
        &format!("4 KB \"?*\" pattern vs all {} templates", all.len()),
        || {
            all.iter()
                .filter(|t| t.matches_pattern(black_box(&any)))
                .count()
        },
    );
    // The same read once, as a checker meeting one policy pattern with
    // every template does (`ArnPattern`).
    let compiled = ArnPattern::new(&any);
    bench(
        &format!("ArnPattern(4 KB \"?*\") vs all {} templates", all.len()),
        || all.iter().filter(|t| compiled.fits(**t)).count(),
    );
    bench("EC2.resource_types_for_arn(4 KB *a)", || {
        Service::EC2
            .resource_types_for_arn(black_box(&star_a))
            .count()
    });
}

/// The first ARN template of a service's resource type.
fn template(service: &str, resource_type: &str) -> ArnTemplate {
    Service::lookup(service)
        .and_then(|s| s.resource_type(resource_type))
        .and_then(|t| t.arn_templates().next())
        .unwrap_or_else(|| panic!("{service} {resource_type}"))
}
