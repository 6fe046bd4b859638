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
