//! Text laid out as `pdftotext -layout` prints it, for tests of the layout rules.

/// A line with each text starting at the given character column.
pub fn place(parts: &[(usize, &str)]) -> String {
    let mut line = String::new();
    for (column, text) in parts {
        let have = line.chars().count();
        let gap = column.saturating_sub(have).max(usize::from(have > 0));
        line.push_str(&" ".repeat(gap));
        line.push_str(text);
    }
    line
}

/// A coded table as `pdftotext -layout` prints it: its title, unit, header (科目编码, 科目名称,
/// 合计, 基本支出, 项目支出) and one line per row (code, name, 合计, 基本支出, 项目支出; a blank
/// amount left out), then a blank line.
pub fn coded_table(title: &str, rows: &[[&str; 5]]) -> Vec<String> {
    let mut lines = vec![
        place(&[(30, title)]),
        place(&[(90, "金额单位：万元")]),
        place(&[
            (2, "科目编码"),
            (20, "科目名称"),
            (44, "合计"),
            (60, "基本支出"),
            (76, "项目支出"),
        ]),
    ];
    for [code, name, total, basic, project] in rows {
        let mut parts = vec![(0, *code), (20, *name), (42, *total)];
        for (at, amount) in [(58, *basic), (74, *project)] {
            if !amount.is_empty() {
                parts.push((at, amount));
            }
        }
        lines.push(place(&parts));
    }
    lines.push(String::new());
    lines
}
