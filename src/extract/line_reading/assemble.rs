//! Physical lines back into table rows.
//!
//! A text layer that prints a table line by line (`pdftotext -layout`) centres each cell
//! vertically in its row, so one printed row with a wrapped cell comes out as several lines: the
//! amounts of a two-line row on a line above the code, a wrapped name on the lines below it, a
//! 款 code on the line under its 类. Each line is read into a [`Fragment`], and fragments are
//! put back together by what they hold:
//!
//! * a line of amounts alone belongs to the next row that starts (the amount is centred above
//!   the row's first line), unless that row already has figures there; then to the row before;
//! * a line with a code, or with a total label, starts a row; a line with only a 款 code
//!   completes a row that has only its 类 (and no name yet, or no figures on either line),
//!   else starts a row under the last 类;
//! * a line of name alone continues the row being read when that row has no name yet or has
//!   already taken a continuation line; otherwise, when the very next line starts a row with no
//!   name of its own, it is the first half of that row's name.

use std::collections::BTreeMap;

/// What one printed line holds, within one list of a table.
#[derive(Clone, Debug, Default)]
pub(super) struct Fragment {
    /// Index of the line among the table's rows.
    pub row: usize,
    /// Code parts in printed order (`201`, `06`, `01`), or one whole code.
    pub codes: Vec<String>,
    pub name: String,
    /// Amounts by slot (the list's amount columns, in order).
    pub amounts: BTreeMap<usize, String>,
    /// The non-empty cells as printed.
    pub raw: Vec<String>,
    /// The line is a total row's label (合计, 人员经费合计).
    pub total: bool,
    /// Figures printed where no amount column is, left out.
    pub loose: usize,
}

impl Fragment {
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.name.is_empty() && self.amounts.is_empty()
    }

    fn starts_with_class(&self) -> bool {
        self.codes.first().is_some_and(|c| c.len() != 2)
    }

    fn kind(&self) -> Kind {
        if self.starts_with_class() || self.total {
            Kind::Start
        } else if !self.codes.is_empty() {
            Kind::Section
        } else if !self.name.is_empty() && !self.amounts.is_empty() {
            Kind::Start
        } else if !self.name.is_empty() {
            Kind::Name
        } else {
            Kind::Amounts
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Start,
    Section,
    Name,
    Amounts,
}

/// One table row put back together.
#[derive(Clone, Debug, Default)]
pub(super) struct Assembled {
    pub first_row: usize,
    pub codes: Vec<String>,
    pub name: String,
    pub amounts: BTreeMap<usize, String>,
    pub raw: Vec<String>,
    pub total: bool,
    /// Took a line after the one it started on.
    open: bool,
}

impl Assembled {
    fn from(f: &Fragment) -> Assembled {
        Assembled {
            first_row: f.row,
            codes: f.codes.clone(),
            name: f.name.clone(),
            amounts: f.amounts.clone(),
            raw: f.raw.clone(),
            total: f.total,
            open: false,
        }
    }

    fn free_for(&self, amounts: &BTreeMap<usize, String>) -> bool {
        amounts.keys().all(|k| !self.amounts.contains_key(k))
    }

    fn take_amounts(&mut self, amounts: BTreeMap<usize, String>, raw: Vec<String>) {
        self.amounts.extend(amounts);
        self.raw.extend(raw);
    }

    fn continue_with(&mut self, f: &Fragment) {
        self.codes.extend(f.codes.iter().cloned());
        self.name.push_str(&f.name);
        for (k, v) in &f.amounts {
            self.amounts.entry(*k).or_insert_with(|| v.clone());
        }
        self.raw.extend(f.raw.iter().cloned());
        self.open = true;
    }

    /// The whole code: the parts joined (`201` `06` `01` → `2010601`).
    pub fn code(&self) -> Option<String> {
        if self.codes.is_empty() {
            None
        } else {
            Some(self.codes.concat())
        }
    }
}

/// Amounts waiting for the row they belong to.
#[derive(Default)]
struct Pending {
    amounts: BTreeMap<usize, String>,
    raw: Vec<String>,
    first_row: Option<usize>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.amounts.is_empty()
    }
}

/// Puts fragments back into rows; `known` tells the names the table may print, so that the
/// pieces of a wrapped name join. Returns the rows and how many lines of amounts found no row
/// (plus the figures printed outside any amount column).
pub(super) fn assemble(fragments: &[Fragment], known: fn(&str) -> bool) -> (Vec<Assembled>, usize) {
    let mut out: Vec<Assembled> = Vec::new();
    let mut current: Option<Assembled> = None;
    let mut pending = Pending::default();
    let mut prefix: Option<(String, Vec<String>)> = None;
    let mut last_class: Option<String> = None;
    let mut stray: usize = fragments.iter().map(|f| f.loose).sum();
    let lines: Vec<&Fragment> = fragments.iter().filter(|f| !f.is_empty()).collect();
    for (i, f) in lines.iter().enumerate() {
        match f.kind() {
            Kind::Amounts => {
                let clashes = pending.amounts.keys().any(|k| f.amounts.contains_key(k));
                if clashes {
                    let p = std::mem::take(&mut pending);
                    stray += place_behind(p, &mut current, &mut out);
                }
                pending.first_row.get_or_insert(f.row);
                pending.amounts.extend(f.amounts.clone());
                pending.raw.extend(f.raw.iter().cloned());
            }
            Kind::Start | Kind::Section => {
                // A 款 line completes a row that has only its 类 when nothing says a new row
                // began: no amounts waiting, and not a complete row of its own below a named 类.
                let class_only = current
                    .as_ref()
                    .is_some_and(|c| c.codes.len() == 1 && c.codes[0].len() == 3 && !c.total);
                let completes = f.kind() == Kind::Section
                    && class_only
                    && current.as_ref().is_some_and(|c| {
                        known(&format!("{}{}", c.name, f.name))
                            || (pending.is_empty()
                                && (c.name.is_empty()
                                    || (c.amounts.is_empty() && f.amounts.is_empty())))
                    });
                if completes {
                    if let Some(c) = current.as_mut() {
                        c.continue_with(f);
                    }
                    continue;
                }
                // The last piece of the row above's wrapped name, printed on this row's line.
                let mut f = (*f).clone();
                if let Some(c) = current.as_mut() {
                    let joined = format!("{}{}", c.name, f.name);
                    if !f.codes.is_empty()
                        && !f.name.is_empty()
                        && !c.name.is_empty()
                        && !known(&c.name)
                        && !known(&f.name)
                        && known(&joined)
                    {
                        c.name = joined;
                        f.name.clear();
                    }
                }
                let f = &f;
                out.extend(current.take());
                let mut row = Assembled::from(f);
                if f.kind() == Kind::Section {
                    if let Some(class) = &last_class {
                        row.codes.insert(0, class.clone());
                    }
                }
                if !pending.is_empty() {
                    let p = std::mem::take(&mut pending);
                    if row.free_for(&p.amounts) {
                        row.first_row = p.first_row.unwrap_or(row.first_row).min(row.first_row);
                        let mut raw = p.raw;
                        raw.extend(row.raw);
                        row.raw = raw;
                        row.amounts.extend(p.amounts);
                    } else {
                        stray += place_behind(p, &mut None, &mut out);
                    }
                }
                if let Some((name, raw)) = prefix.take() {
                    row.name = format!("{name}{}", row.name);
                    let mut all = raw;
                    all.extend(row.raw);
                    row.raw = all;
                    row.open = true;
                }
                if let Some(first) = row.codes.first().filter(|c| c.len() == 3) {
                    last_class = Some(first.clone());
                }
                current = Some(row);
            }
            Kind::Name => {
                let next_starts_unnamed = lines.get(i + 1).is_some_and(|n| {
                    matches!(n.kind(), Kind::Start | Kind::Section) && n.name.is_empty()
                });
                match current.as_mut() {
                    Some(c)
                        if c.name.is_empty()
                            || c.open
                            || !next_starts_unnamed
                            || known(&format!("{}{}", c.name, f.name)) =>
                    {
                        c.name.push_str(&f.name);
                        c.raw.extend(f.raw.iter().cloned());
                        c.open = true;
                    }
                    _ => {
                        let (name, raw) = prefix.get_or_insert_with(Default::default);
                        name.push_str(&f.name);
                        raw.extend(f.raw.iter().cloned());
                    }
                }
            }
        }
    }
    if !pending.is_empty() {
        stray += place_behind(pending, &mut current, &mut out);
    }
    out.extend(current);
    if let Some((name, raw)) = prefix {
        out.push(Assembled {
            first_row: fragments.last().map_or(0, |f| f.row),
            name,
            raw,
            ..Assembled::default()
        });
    }
    (out, stray)
}

/// Gives amounts that no following row could take to the row before, or keeps them as a row of
/// their own. Returns 1 when they found no row.
fn place_behind(p: Pending, current: &mut Option<Assembled>, out: &mut Vec<Assembled>) -> usize {
    let target = match current.as_mut() {
        Some(c) => Some(c),
        None => out.last_mut(),
    };
    match target {
        Some(t) if t.free_for(&p.amounts) => {
            t.take_amounts(p.amounts, p.raw);
            0
        }
        _ => {
            out.extend(current.take());
            out.push(Assembled {
                first_row: p.first_row.unwrap_or(0),
                amounts: p.amounts,
                raw: p.raw,
                ..Assembled::default()
            });
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(row: usize, codes: &[&str], name: &str, amounts: &[(usize, &str)]) -> Fragment {
        Fragment {
            row,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            name: name.to_string(),
            amounts: amounts.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            raw: Vec::new(),
            total: name == "合计",
            loose: 0,
        }
    }

    fn none(_: &str) -> bool {
        false
    }

    type Row = (Option<String>, String, Vec<(usize, String)>);

    fn summary(rows: &[Assembled]) -> Vec<Row> {
        rows.iter()
            .map(|r| {
                (
                    r.code(),
                    r.name.clone(),
                    r.amounts.iter().map(|(k, v)| (*k, v.clone())).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn amounts_above_and_names_below_their_code() {
        // 支出决算表 as pdftotext prints it: the 基本支出 and 项目支出 of a two-line row sit on
        // a line above the code, a wrapped name on lines below.
        let (rows, stray) = assemble(
            &[
                frag(0, &[], "", &[(1, "2,336.91"), (2, "603.14")]),
                frag(1, &[], "", &[(0, "2,940.05")]),
                frag(2, &[], "合计", &[]),
                frag(3, &["208", "05", "05"], "", &[(0, "160.75"), (1, "160.75")]),
                frag(4, &[], "机关事业单位基本养老保险缴", &[]),
                frag(5, &[], "费支出", &[]),
                frag(6, &["208", "05", "06"], "", &[(0, "80.38")]),
                frag(7, &[], "机关事业单位职业年金缴费支", &[]),
                frag(8, &[], "出", &[]),
            ],
            none,
        );
        assert_eq!(stray, 0);
        let s = summary(&rows);
        assert_eq!(s[0].1, "合计");
        assert_eq!(s[0].2.len(), 3);
        assert_eq!(s[1].0.as_deref(), Some("2080505"));
        assert_eq!(s[1].1, "机关事业单位基本养老保险缴费支出");
        assert_eq!(s[2].1, "机关事业单位职业年金缴费支出");
    }

    #[test]
    fn first_half_of_a_name_printed_above_its_code() {
        let (rows, _) = assemble(
            &[
                frag(0, &["207"], "文化旅游体育与传媒支出", &[]),
                frag(1, &[], "其他文化旅游体育与传媒支", &[]),
                frag(2, &["20799"], "", &[]),
                frag(3, &[], "出", &[]),
            ],
            none,
        );
        let s = summary(&rows);
        assert_eq!(s[0].1, "文化旅游体育与传媒支出");
        assert_eq!(s[1].1, "其他文化旅游体育与传媒支出");
    }

    #[test]
    fn section_code_on_the_line_under_its_class() {
        let (rows, _) = assemble(
            &[
                frag(0, &["302"], "", &[(0, "171.07")]),
                frag(1, &[], "商品和服务支出", &[]),
                frag(2, &[], "", &[(0, "21.21")]),
                frag(3, &["302"], "", &[]),
                frag(4, &["01"], "办公费", &[]),
                frag(5, &["302"], "因公出国（境）费", &[]),
                frag(6, &["12"], "", &[]),
                frag(7, &[], "用", &[]),
                frag(8, &[], "", &[(0, "2.83")]),
                frag(9, &["302"], "", &[]),
                frag(10, &["13"], "维修（护）费", &[]),
            ],
            super::super::names::is_known,
        );
        let s = summary(&rows);
        assert_eq!(
            s,
            [
                (
                    Some("302".into()),
                    "商品和服务支出".into(),
                    vec![(0, "171.07".into())]
                ),
                (
                    Some("30201".into()),
                    "办公费".into(),
                    vec![(0, "21.21".into())]
                ),
                (Some("30212".into()), "因公出国（境）费用".into(), vec![]),
                (
                    Some("30213".into()),
                    "维修（护）费".into(),
                    vec![(0, "2.83".into())]
                ),
            ]
        );
    }
}
