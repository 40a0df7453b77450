//! A line chart drawn on the server as SVG: one line per department, years on
//! the x axis, target numbers on the y axis. Text stays text, so the browser's
//! Chinese fonts draw it.

use jixiao_store::CompareRow;
use std::collections::BTreeMap;
use std::fmt::Write;

const W: f64 = 860.0;
const H: f64 = 340.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 220.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 40.0;
const COLOURS: [&str; 8] = ["#a3241d", "#175cd3", "#067647", "#b54708", "#6941c6", "#0e7090", "#c11574", "#475467"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The chart of a comparison, or a short note when no row has a number.
pub fn compare_svg(title: &str, rows: &[CompareRow]) -> String {
    let points: Vec<(&str, i32, f64)> =
        rows.iter().filter_map(|r| Some((r.department.as_str(), r.year?, r.number?))).collect();
    if points.is_empty() {
        return "<p class=\"muted\">这些指标没有可比较的数值目标（均为定性指标）。</p>".into();
    }
    let (ymin, ymax) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.2), b.max(p.2)));
    let (ymin, ymax) = if (ymax - ymin).abs() < f64::EPSILON { (ymin - 1.0, ymax + 1.0) } else { (ymin, ymax) };
    let pad = (ymax - ymin) * 0.1;
    let (lo, hi) = ((ymin - pad).max(if ymin >= 0.0 { 0.0 } else { f64::MIN }), ymax + pad);
    let years: Vec<i32> = {
        let mut y: Vec<i32> = points.iter().map(|p| p.1).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |year: i32| -> f64 {
        if years.len() == 1 {
            LEFT + plot_w / 2.0
        } else {
            let i = years.iter().position(|y| *y == year).unwrap_or(0) as f64;
            LEFT + plot_w * i / (years.len() - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" aria-label=\"{}\" font-size=\"12\">",
        esc(title)
    );
    let _ = write!(s, "<text x=\"{LEFT}\" y=\"18\" font-size=\"14\" font-weight=\"600\">{}</text>", esc(title));
    for k in 0..=4 {
        let v = lo + (hi - lo) * f64::from(k) / 4.0;
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e4e7ec\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5b6475\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            fmt_num(v)
        );
    }
    for yr in &years {
        let _ = write!(s, "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6475\">{yr}年</text>", x(*yr), H - 12.0);
    }
    let mut series: BTreeMap<&str, Vec<(i32, f64)>> = BTreeMap::new();
    for (d, yr, v) in &points {
        series.entry(d).or_default().push((*yr, *v));
    }
    for (k, (dep, mut pts)) in series.into_iter().enumerate() {
        pts.sort_by_key(|p| p.0);
        let colour = COLOURS[k % COLOURS.len()];
        let path: Vec<String> = pts.iter().map(|(yr, v)| format!("{:.1},{:.1}", x(*yr), y(*v))).collect();
        let _ = write!(s, "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>", path.join(" "));
        for (yr, v) in &pts {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{} {yr}年：{}</title></circle>",
                x(*yr),
                y(*v),
                esc(dep),
                fmt_num(*v)
            );
        }
        let ly = TOP + 18.0 * k as f64;
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"{:.1}\">{}</text>",
            W - RIGHT + 16.0,
            ly,
            W - RIGHT + 34.0,
            ly + 10.0,
            esc(dep)
        );
    }
    s.push_str("</svg>");
    s
}

fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(dep: &str, year: i32, n: Option<f64>) -> CompareRow {
        CompareRow {
            department: dep.into(),
            year: Some(year),
            document_id: 1,
            name: "调解成功率".into(),
            value: None,
            number: n,
            unit: Some("%".into()),
            similarity: 1.0,
        }
    }

    #[test]
    fn draws_one_line_per_department() {
        let svg = compare_svg("调解成功率", &[row("甲局", 2022, Some(90.0)), row("甲局", 2023, Some(95.0)), row("乙<局>", 2023, Some(97.5))]);
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("乙&lt;局&gt;"));
        assert!(svg.contains("2023年"));
    }

    #[test]
    fn says_so_when_nothing_is_a_number() {
        assert!(compare_svg("x", &[row("甲局", 2022, None)]).contains("定性"));
    }
}
