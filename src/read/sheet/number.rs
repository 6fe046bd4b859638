//! A stored number printed as the cell shows it, without arithmetic in floating point.
//!
//! The rule: start from the value's shortest round-trip decimal form (Rust's `Display` for
//! `f64`, which never uses an exponent), the one decimal string that reads back as exactly the
//! stored binary value. Then apply the cell's number format to that string as decimal text: shift
//! the point two places for a `%` format, round half away from zero to the format's decimal
//! places, pad with zeros to them, and pad the integer part to the format's minimum integer
//! digits (`00` shows 6 as `06`). Thousands separators, colours, literal text and the sections
//! for negatives and zero are left out: the extract stage reads amounts with or without
//! separators alike. A format with an exponent, a fraction, or none at all (`General`, `@`)
//! prints the shortest form as it is.
//!
//! Why the shortest form: a cell holding 4844.56 stores the binary value nearest to it, whose
//! exact expansion is 4844.5600000000004001776687800884246826171875. The shortest form gives
//! back `4844.56`, the figure typed; rounding it as text to the format's places never adds the
//! binary noise back, and no sum is ever taken in `f64`.

/// What a number format says about printing a plain number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Shape {
    /// Decimal places; `None` prints the shortest form.
    pub decimals: Option<usize>,
    /// Minimum digits before the point.
    pub integer_digits: usize,
    pub percent: bool,
}

/// The shape of a number format code (its first section, which applies to positive numbers;
/// the sign is printed with `-` whatever the other sections say).
pub(super) fn shape(code: &str) -> Shape {
    let mut shape = Shape::default();
    if code.trim().eq_ignore_ascii_case("general") {
        return shape;
    }
    let mut chars = code.chars();
    let mut after_point: Option<usize> = None;
    let mut integer_zeros = 0usize;
    let mut placeholders = false;
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            // An escaped character, a padding width and a fill character are literal.
            '\\' | '_' | '*' => {
                chars.next();
            }
            'E' | 'e' | '/' => return Shape::default(),
            '%' => shape.percent = true,
            '.' if after_point.is_none() => after_point = Some(0),
            '0' | '#' | '?' => {
                placeholders = true;
                match after_point.as_mut() {
                    Some(n) => *n += 1,
                    None if c == '0' => integer_zeros += 1,
                    None => {}
                }
            }
            _ => {}
        }
    }
    if !placeholders {
        return Shape::default();
    }
    shape.decimals = Some(after_point.unwrap_or(0));
    shape.integer_digits = integer_zeros;
    shape
}

/// A float as its cell shows it under `shape`.
pub(super) fn format_float(value: f64, shape: Shape) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // `-0` prints as `-0`; a cell shows 0.
    let value = if value == 0.0 { 0.0 } else { value };
    format_decimal(&value.to_string(), shape)
}

/// An integer as its cell shows it under `shape`.
pub(super) fn format_int(value: i64, shape: Shape) -> String {
    format_decimal(&value.to_string(), shape)
}

/// Applies `shape` to a plain decimal string (`-`, digits, at most one `.`).
fn format_decimal(text: &str, shape: Shape) -> String {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let (mut int_part, mut frac_part) = (int_part.to_string(), frac_part.to_string());
    if shape.percent {
        // × 100: move two digits from the fraction into the integer part.
        let moved: String = frac_part.chars().chain("00".chars()).take(2).collect();
        frac_part = frac_part.chars().skip(2).collect();
        int_part.push_str(&moved);
    }
    let Some(decimals) = shape.decimals else {
        return assemble(negative, &int_part, &frac_part, shape);
    };
    if frac_part.len() > decimals {
        let round_up = frac_part
            .as_bytes()
            .get(decimals)
            .is_some_and(|d| *d >= b'5');
        frac_part.truncate(decimals);
        if round_up {
            let mut all: Vec<u8> = format!("{int_part}{frac_part}").into_bytes();
            let mut carry = true;
            for digit in all.iter_mut().rev() {
                if *digit == b'9' {
                    *digit = b'0';
                } else {
                    *digit += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                all.insert(0, b'1');
            }
            let split = all.len() - decimals;
            let all = String::from_utf8_lossy(&all).into_owned();
            int_part = all[..split].to_string();
            frac_part = all[split..].to_string();
        }
    }
    while frac_part.len() < decimals {
        frac_part.push('0');
    }
    assemble(negative, &int_part, &frac_part, shape)
}

fn assemble(negative: bool, int_part: &str, frac_part: &str, shape: Shape) -> String {
    let trimmed = int_part.trim_start_matches('0');
    let mut int_part = trimmed.to_string();
    while int_part.len() < shape.integer_digits.max(1) {
        int_part.insert(0, '0');
    }
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.bytes().all(|b| b == b'0');
    let mut out = String::new();
    if negative && !is_zero {
        out.push('-');
    }
    out.push_str(&int_part);
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    }
    if shape.percent {
        out.push('%');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(value: f64, code: &str) -> String {
        format_float(value, shape(code))
    }

    #[test]
    fn formats_give_their_decimal_places() {
        assert_eq!(show(4844.56, "#,##0.00"), "4844.56");
        assert_eq!(show(4844.5, "#,##0.00"), "4844.50");
        assert_eq!(show(86959408.34, "#,##0.00_ "), "86959408.34");
        assert_eq!(show(22118861.0, "#,##0"), "22118861");
        assert_eq!(show(0.1 + 0.2, "0.00"), "0.30");
        assert_eq!(show(0.125, "0.00"), "0.13");
        assert_eq!(show(-0.125, "0.00"), "-0.13");
        // Stored as 9.99499…, typed and shown (as Excel does) as 9.995 → 10.00.
        assert_eq!(show(9.995, "0.00"), "10.00");
        assert_eq!(show(99.995, "0.00"), "100.00");
        assert_eq!(show(-0.001, "0.00"), "0.00");
        assert_eq!(show(6.0, "00"), "06");
        assert_eq!(show(0.1234, "0.0%"), "12.3%");
        assert_eq!(show(1.0, "0%"), "100%");
        assert_eq!(show(1234.5, "General"), "1234.5");
        assert_eq!(show(1234.5, "@"), "1234.5");
        assert_eq!(show(1234.5, "0.00E+00"), "1234.5");
        assert_eq!(show(-1234.5, "#,##0.00;[Red](#,##0.00)"), "-1234.50");
        assert_eq!(show(3.0, "\"¥\"#,##0.00\"元\""), "3.00");
        assert_eq!(show(-0.0, "General"), "0");
        assert_eq!(format_int(42, shape("0.00")), "42.00");
    }

    #[test]
    fn shortest_form_keeps_what_was_typed() {
        assert_eq!(show(4844.56, "General"), "4844.56");
        assert_eq!(show(1e21, "General"), "1000000000000000000000");
        assert_eq!(show(f64::NAN, "0.00"), "NaN");
    }
}
