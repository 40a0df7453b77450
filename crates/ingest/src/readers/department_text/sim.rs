//! Content overlap between cells, used where the layout's reading order leaves
//! a choice open: which rows belong to which task, which paragraph is the
//! plan's own goal, which stray value belongs to which key indicator.
//!
//! Overlap is counted on character bigrams of Chinese text, each weighted by
//! how rare it is among the candidates (a bigram every candidate shares cannot
//! tell them apart). Nothing here knows any name: it compares texts.

/// The set of ideograph bigrams of a text, as sorted packed pairs: set
/// operations are merges, and sums over them run in one fixed order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag(Vec<u64>);

impl Bag {
    /// The bigrams, in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().copied()
    }
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The bigrams of a text (pairs of adjacent ideographs).
pub fn bag(s: &str) -> Bag {
    let mut v: Vec<u64> = Vec::with_capacity(s.len() / 3);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let ideo = is_ideograph(c);
        if let (Some(p), true) = (prev, ideo) {
            v.push((u64::from(p) << 32) | u64::from(c));
        }
        prev = ideo.then_some(c);
    }
    v.sort_unstable();
    v.dedup();
    Bag(v)
}

/// Bigram weights over a set of candidate texts: `ln(n / df)`.
#[derive(Debug, Default)]
pub struct Idf {
    /// Sorted bigrams with their weights.
    w: Vec<(u64, f64)>,
}

impl Idf {
    /// Weights from the candidates' bags.
    pub fn new(docs: &[&Bag]) -> Self {
        let mut all: Vec<u64> = docs.iter().flat_map(|d| d.iter()).collect();
        all.sort_unstable();
        let n = docs.len().max(1) as f64;
        let mut w = Vec::new();
        for run in all.chunk_by(|a, b| a == b) {
            w.push((run[0], (n / run.len() as f64).ln()));
        }
        Idf { w }
    }

    fn weight(&self, b: u64) -> f64 {
        self.w.binary_search_by(|(k, _)| k.cmp(&b)).map(|i| self.w[i].1).unwrap_or(0.0)
    }

    /// A bag with the weight of each of its bigrams, looked up once.
    pub fn weigh<'a>(&self, bag: &'a Bag) -> Weighted<'a> {
        let w: Vec<f64> = bag.iter().map(|b| self.weight(b)).collect();
        let norm = w.iter().map(|x| x.powi(2)).sum::<f64>().sqrt();
        Weighted { bag, w, norm }
    }

    /// Overlap normalised by the sizes of both bags (long texts share more by chance).
    pub fn cosine(a: &Weighted, doc: &Weighted) -> f64 {
        let d = a.norm * doc.norm;
        if d <= 0.0 {
            return 0.0;
        }
        overlap(a.bag, doc, true) / d
    }

    /// Weighted overlap of a text's bag with a candidate's bag.
    pub fn sim(a: &Bag, doc: &Weighted) -> f64 {
        overlap(a, doc, false)
    }
}

/// A bag with its bigrams' weights under one [`Idf`].
pub struct Weighted<'a> {
    bag: &'a Bag,
    w: Vec<f64>,
    norm: f64,
}

/// The sum of the weights (or squared weights) of the bigrams `a` and `doc`
/// share, in bigram order.
fn overlap(a: &Bag, doc: &Weighted, squared: bool) -> f64 {
    let (x, y) = (&a.0, &doc.bag.0);
    let (mut i, mut j) = (0, 0);
    let mut sum = 0.0;
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = doc.w[j];
                sum += if squared { w * w } else { w };
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Picks which paragraphs are the goals of the named tasks, in order, when
/// there are more paragraphs than names (the rest are plan goals or repeats).
/// Returns, for each name, the index of its paragraph. Ties go to dropping
/// the longest paragraph (the overall goal is the long one).
pub fn align_goals(names: &[Bag], paras: &[Bag], lens: &[usize]) -> Vec<usize> {
    let (n, p) = (names.len(), paras.len());
    if n == 0 {
        return Vec::new();
    }
    if n >= p {
        return (0..n.min(p)).collect();
    }
    let idf = Idf::new(&paras.iter().collect::<Vec<_>>());
    let names: Vec<Weighted> = names.iter().map(|b| idf.weigh(b)).collect();
    let paras: Vec<Weighted> = paras.iter().map(|b| idf.weigh(b)).collect();
    let neg = f64::NEG_INFINITY;
    // f[i][j]: best score of the first i names over the first j paragraphs.
    let mut f = vec![vec![neg; p + 1]; n + 1];
    let mut take = vec![vec![false; p + 1]; n + 1];
    for (j, f0) in f[0].iter_mut().enumerate() {
        *f0 = lens.iter().take(j).sum::<usize>() as f64 * 0.00001;
    }
    for i in 1..=n {
        for j in i..=p {
            let skip = f[i][j - 1] + lens.get(j - 1).copied().unwrap_or(0) as f64 * 0.00001;
            let use_ = f[i - 1][j - 1] + Idf::cosine(&names[i - 1], &paras[j - 1]);
            if use_ >= skip {
                f[i][j] = use_;
                take[i][j] = true;
            } else {
                f[i][j] = skip;
            }
        }
    }
    let mut out = vec![0; n];
    let (mut i, mut j) = (n, p);
    while i > 0 && j > 0 {
        if take[i][j] {
            out[i - 1] = j - 1;
            i -= 1;
        }
        j -= 1;
    }
    out
}

/// One task's claim on rows in [`segment`].
pub struct Claimant<'a> {
    /// The task's text (name, goal, projects).
    pub bag: &'a Bag,
    /// May take no rows (a task continued from the previous page).
    pub optional: bool,
    /// Subtracted from the score of every row it takes.
    pub penalty: f64,
}

/// Splits rows (each with a gap id: rows of different gaps cannot share a
/// task) into contiguous segments for the claimants in order, maximising the
/// weighted overlap of every row with its task. Returns the number of rows of
/// each claimant and the score, or None when the rows cannot be covered.
/// Ties give a row to the earlier task.
pub fn segment(rows: &[(Bag, usize)], tasks: &[Claimant]) -> Option<(Vec<usize>, f64)> {
    let n = rows.len();
    let m = tasks.len();
    let idf = Idf::new(&tasks.iter().map(|t| t.bag).collect::<Vec<_>>());
    // s[j][i]: score of row i for task j.
    let s: Vec<Vec<f64>> = tasks
        .iter()
        .map(|t| {
            let tw = idf.weigh(t.bag);
            rows.iter().map(|(b, _)| Idf::sim(b, &tw) - t.penalty).collect()
        })
        .collect();
    let neg = f64::NEG_INFINITY;
    let mut f = vec![vec![neg; n + 1]; m + 1];
    let mut from = vec![vec![0usize; n + 1]; m + 1];
    f[0][0] = 0.0;
    for j in 1..=m {
        let t = &tasks[j - 1];
        for i in 0..=n {
            // Task j takes rows k..i.
            if t.optional && f[j - 1][i] > neg {
                f[j][i] = f[j - 1][i];
                from[j][i] = i;
            }
            if i == 0 {
                continue;
            }
            let gap = rows[i - 1].1;
            let mut acc = 0.0;
            let mut k = i;
            while k > 0 && rows[k - 1].1 == gap {
                acc += s[j - 1][k - 1];
                k -= 1;
                // The segment k..i lies inside one gap, so every gap
                // boundary is a segment boundary.
                if f[j - 1][k] > neg {
                    let v = f[j - 1][k] + acc;
                    if v > f[j][i] + 1e-9 {
                        f[j][i] = v;
                        from[j][i] = k;
                    }
                }
            }
        }
    }
    if f[m][n] == neg {
        return None;
    }
    let mut counts = vec![0; m];
    let mut i = n;
    for j in (1..=m).rev() {
        let k = from[j][i];
        counts[j - 1] = i - k;
        i = k;
    }
    Some((counts, f[m][n]))
}

/// Matches names to values one to one, maximising weighted overlap; small
/// problems are solved exactly, large ones keep the order. Ties keep the order.
pub fn assign(names: &[Bag], values: &[Bag]) -> Vec<Option<usize>> {
    let (n, v) = (names.len(), values.len());
    let identity: Vec<Option<usize>> = (0..n).map(|i| if i < v { Some(i) } else { None }).collect();
    if n == 0 || v == 0 || n.max(v) > 7 {
        return identity;
    }
    let idf = Idf::new(&values.iter().collect::<Vec<_>>());
    let values: Vec<Weighted> = values.iter().map(|b| idf.weigh(b)).collect();
    let sim: Vec<Vec<f64>> = names.iter().map(|a| values.iter().map(|b| Idf::sim(a, b)).collect()).collect();
    let score = |m: &[Option<usize>]| -> f64 {
        m.iter().enumerate().filter_map(|(i, x)| x.map(|j| sim[i][j])).sum()
    };
    let mut best = identity.clone();
    let mut best_score = score(&best);
    let mut cur = Vec::with_capacity(n);
    let mut used = vec![false; v];
    search(n, v, &mut cur, &mut used, &mut |m| {
        let sc = score(m);
        if sc > best_score + 1e-9 {
            best_score = sc;
            best = m.to_vec();
        }
    });
    best
}

fn search(n: usize, v: usize, cur: &mut Vec<Option<usize>>, used: &mut [bool], visit: &mut dyn FnMut(&[Option<usize>])) {
    if cur.len() == n {
        let k = cur.iter().filter(|x| x.is_some()).count();
        if k == n.min(v) {
            visit(cur);
        }
        return;
    }
    for j in 0..v {
        if !used[j] {
            used[j] = true;
            cur.push(Some(j));
            search(n, v, cur, used, visit);
            cur.pop();
            used[j] = false;
        }
    }
    if n > v {
        cur.push(None);
        search(n, v, cur, used, visit);
        cur.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_rows_by_overlap() {
        let t1 = bag("绿化养护工作");
        let t2 = bag("道路清扫保洁");
        let rows: Vec<(Bag, usize)> =
            ["绿化面积", "养护次数", "道路清扫面积", "保洁覆盖率"].iter().map(|r| (bag(r), 0)).collect();
        let tasks = [
            Claimant { bag: &t1, optional: false, penalty: 0.0 },
            Claimant { bag: &t2, optional: false, penalty: 0.0 },
        ];
        let (counts, _) = segment(&rows, &tasks).unwrap();
        assert_eq!(counts, vec![2, 2]);
    }

    #[test]
    fn gaps_are_boundaries() {
        let t = bag("某某");
        let rows: Vec<(Bag, usize)> = vec![(bag("甲"), 0), (bag("乙"), 1)];
        let one = [Claimant { bag: &t, optional: false, penalty: 0.0 }];
        assert!(segment(&rows, &one).is_none());
    }

    #[test]
    fn assigns_values_by_overlap() {
        let names = [bag("办理援助案件"), bag("支付办案补贴")];
        let values = [bag("按标准支付补贴"), bag("援助率百分百")];
        assert_eq!(assign(&names, &values), vec![Some(1), Some(0)]);
    }

    #[test]
    fn drops_the_extra_paragraph() {
        let names = [bag("绿化养护"), bag("道路保洁")];
        let paras = [bag("总体目标很长很长的一段话"), bag("做好绿化养护"), bag("做好道路保洁")];
        assert_eq!(align_goals(&names, &paras, &[30, 6, 6]), vec![1, 2]);
    }
}
