//! Files that read as no department's table are refused with the reason, and
//! nothing is stored: a table cut off before its indicators, and a table whose
//! title and header block was pasted over and over.

use jixiao_app::pipeline::{read_checked, ImportError};

fn seed_text(prefix: &str) -> Option<(String, String)> {
    let seeds = jixiao_fixtures::seeds()?;
    seeds.into_iter().find(|(n, _)| n.starts_with(prefix)).map(|(n, b)| (n, String::from_utf8(b).unwrap()))
}

#[test]
fn a_table_cut_off_before_its_indicators_is_refused() {
    let Some((name, text)) = seed_text("000") else { return };
    // The title and header lines only: the file ends before the first indicator.
    let head: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    match read_checked(&name, head.as_bytes()) {
        Err(ImportError::Implausible { reason, .. }) => assert!(reason.contains("没有读到任何绩效指标"), "{reason}"),
        Err(e) => assert!(!e.to_string().is_empty(), "refused another way, with a reason: {e}"),
        Ok((doc, ..)) => panic!("stored a table cut off: {} indicators", doc.indicators().len()),
    }
}

#[test]
fn a_block_pasted_over_and_over_is_refused() {
    let Some((name, text)) = seed_text("000") else { return };
    let (doc, ..) = read_checked(&name, text.as_bytes()).expect("the seed reads");
    let repeated = text.repeat(80);
    match read_checked(&name, repeated.as_bytes()) {
        Err(ImportError::Implausible { reason, .. }) => assert!(reason.contains("同名") || reason.contains("指标"), "{reason}"),
        Err(e) => assert!(!e.to_string().is_empty(), "{e}"),
        Ok((again, ..)) => {
            // Read as one table per copy is fine only if nothing was duplicated into one project list.
            let projects = |d: &jixiao_core::Document| match &d.body {
                jixiao_core::Body::Project(t) => t.units.iter().map(|u| u.projects.len()).sum::<usize>(),
                _ => 0,
            };
            panic!("80 pasted copies stored as one table of {} projects (the seed has {})", projects(&again), projects(&doc));
        }
    }
}

#[test]
fn the_published_tables_are_plausible() {
    let Some(seeds) = jixiao_fixtures::seeds() else { return };
    for (name, bytes) in seeds {
        read_checked(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
