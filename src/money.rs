//! Exact money. Amounts are held as integer fen (分, 1/100 yuan) so that sums never pick up
//! floating-point error; they are written out in yuan (元) as exact decimal numbers.

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::{Add, Neg, Sub};
use std::str::FromStr;

/// An exact amount of money in fen (分).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    pub fn abs(self) -> Fen {
        Fen(self.0.abs())
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// The amount in yuan as a decimal string: `48445600` or `23093975.99`.
    pub fn to_yuan_string(self) -> String {
        let mut out = String::with_capacity(24);
        self.write_yuan(&mut out);
        out
    }

    /// Appends the amount in yuan as [`Fen::to_yuan_string`] writes it.
    pub fn write_yuan(self, out: &mut String) {
        if self.0 < 0 {
            out.push('-');
        }
        let abs = self.0.unsigned_abs();
        let (yuan, fen) = (abs / 100, abs % 100);
        push_decimal(out, yuan);
        if fen != 0 {
            out.push('.');
            out.push(char::from(b'0' + (fen / 10) as u8));
            if fen % 10 != 0 {
                out.push(char::from(b'0' + (fen % 10) as u8));
            }
        }
    }
}

/// Appends the decimal digits of `n`.
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_yuan_string())
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(self.0.saturating_neg())
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

/// Written as an exact JSON number in yuan (never through a float).
impl Serialize for Fen {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Whole yuan, the common case, is an integer and needs no decimal text.
        if self.0 % 100 == 0 {
            return serializer.serialize_i64(self.0 / 100);
        }
        match serde_json::Number::from_str(&self.to_yuan_string()) {
            Ok(number) => number.serialize(serializer),
            Err(_) => serializer.serialize_i64(self.0 / 100),
        }
    }
}

/// The unit a table or sentence prints its amounts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Unit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "千元")]
    ThousandYuan,
    #[serde(rename = "万元")]
    TenThousandYuan,
    #[serde(rename = "亿元")]
    HundredMillionYuan,
}

impl Unit {
    /// How many fen one printed unit is worth.
    pub fn fen_per_unit(self) -> i128 {
        match self {
            Unit::Yuan => 100,
            Unit::ThousandYuan => 100_000,
            Unit::TenThousandYuan => 1_000_000,
            Unit::HundredMillionYuan => 10_000_000_000,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::ThousandYuan => "千元",
            Unit::TenThousandYuan => "万元",
            Unit::HundredMillionYuan => "亿元",
        }
    }

    /// Recognises the unit word itself (`万元`, `元`, …).
    pub fn from_word(word: &str) -> Option<Unit> {
        match word.trim() {
            "元" => Some(Unit::Yuan),
            "千元" => Some(Unit::ThousandYuan),
            "万元" => Some(Unit::TenThousandYuan),
            "亿元" => Some(Unit::HundredMillionYuan),
            _ => None,
        }
    }

    /// Half of the last printed digit in fen, given how many decimals a figure printed.
    pub fn half_unit_of_last_digit(self, decimals: u32) -> i64 {
        let step = self.fen_per_unit() / 10i128.pow(decimals);
        (step / 2).max(0) as i64
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// The text is not a number at all.
    NotANumber,
    /// The number has more decimals than a fen can hold in this unit.
    FinerThanFen,
    /// The number does not fit in 64 bits of fen.
    Overflow,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::NotANumber => f.write_str("not a number"),
            AmountError::FinerThanFen => f.write_str("more precise than one fen"),
            AmountError::Overflow => f.write_str("too large"),
        }
    }
}

/// A parsed printed amount: its exact value and how many decimals were printed (for rounding
/// tolerance).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub fen: Fen,
    pub decimals: u32,
}

/// Folds full-width digits and punctuation to ASCII so `４，８４４．５６` reads like `4,844.56`.
pub fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '，' => ',',
        '．' => '.',
        '－' | '−' => '-',
        '（' => '(',
        '）' => ')',
        _ => c,
    }
}

/// True when a cell holds only a dash, which disclosures print for zero.
fn is_dash(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '-' | '—' | '–' | '－' | '―'))
}

/// Parses a printed amount in `unit`. A blank cell is `Ok(None)`; a dash is zero; thousands
/// separators, full-width digits, a leading minus and accounting brackets are accepted.
pub fn parse_amount(text: &str, unit: Unit) -> Result<Option<Amount>, AmountError> {
    // Every number folds to a few ASCII characters: fold into a buffer on the stack, and only
    // text that does not (dashes, long or non-numeric text) takes the general path.
    let mut buffer = [0u8; 48];
    let mut len = 0;
    for c in text.chars() {
        let c = fold_width(c);
        if c.is_whitespace() || c == ',' {
            continue;
        }
        if !c.is_ascii() && !matches!(c, '—' | '–' | '―') {
            // Only a dash may be non-ASCII in an amount, and only in a cell of dashes.
            return Err(AmountError::NotANumber);
        }
        if !c.is_ascii() || len == buffer.len() {
            let folded: String = text
                .chars()
                .map(fold_width)
                .filter(|c| !c.is_whitespace() && *c != ',')
                .collect();
            return parse_folded(&folded, unit);
        }
        buffer[len] = c as u8;
        len += 1;
    }
    match std::str::from_utf8(&buffer[..len]) {
        Ok(folded) => parse_folded(folded, unit),
        Err(_) => Err(AmountError::NotANumber),
    }
}

/// [`parse_amount`] on text already folded to ASCII digits and punctuation, without spaces and
/// thousands separators.
fn parse_folded(folded: &str, unit: Unit) -> Result<Option<Amount>, AmountError> {
    if folded.is_empty() {
        return Ok(None);
    }
    if is_dash(folded) {
        return Ok(Some(Amount {
            fen: Fen::ZERO,
            decimals: 0,
        }));
    }
    let (negative, body) = if let Some(rest) = folded.strip_prefix('-') {
        (true, rest)
    } else if let Some(inner) = folded.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        (true, inner)
    } else {
        (false, folded)
    };
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, f),
        None => (body, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(AmountError::NotANumber);
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::NotANumber);
    }
    // No amount prints a zero before its other whole digits: `051103` is a code's tail.
    if whole.len() > 1 && whole.starts_with('0') {
        return Err(AmountError::NotANumber);
    }
    if whole.len() + frac.len() > 30 {
        return Err(AmountError::Overflow);
    }
    // At most 30 digits: the mantissa fits an i128.
    let mantissa = whole
        .bytes()
        .chain(frac.bytes())
        .fold(0i128, |m, b| m * 10 + i128::from(b - b'0'));
    let decimals = frac.len() as u32;
    let scale = 10i128.pow(decimals);
    let scaled = mantissa
        .checked_mul(unit.fen_per_unit())
        .ok_or(AmountError::Overflow)?;
    if scaled % scale != 0 {
        return Err(AmountError::FinerThanFen);
    }
    let fen = i64::try_from(scaled / scale).map_err(|_| AmountError::Overflow)?;
    Ok(Some(Amount {
        fen: Fen(if negative { -fen } else { fen }),
        decimals,
    }))
}

/// True when the text reads as an amount (so it is a value cell, not a label).
pub fn looks_like_amount(text: &str) -> bool {
    matches!(
        parse_amount(text, Unit::Yuan),
        Ok(Some(_)) | Err(AmountError::FinerThanFen)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fen(text: &str, unit: Unit) -> Option<i64> {
        parse_amount(text, unit).ok().flatten().map(|a| a.fen.0)
    }

    #[test]
    fn a_zero_before_other_whole_digits_is_no_amount() {
        // `GZIT2022-SM-W-C-` / `051103`: a procurement code's tail wrapped under its name.
        assert_eq!(
            parse_amount("051103", Unit::TenThousandYuan),
            Err(AmountError::NotANumber)
        );
        assert_eq!(fen("0.50", Unit::Yuan), Some(50));
        assert_eq!(fen("0", Unit::Yuan), Some(0));
        assert_eq!(fen("-0.05", Unit::Yuan), Some(-5));
    }

    #[test]
    fn ten_thousand_yuan_with_separator_is_exact() {
        assert_eq!(fen("4,844.56", Unit::TenThousandYuan), Some(4_844_560_000));
        assert_eq!(Fen(4_844_560_000).to_yuan_string(), "48445600");
    }

    #[test]
    fn yuan_cents_survive() {
        assert_eq!(fen("48161575.99 ", Unit::Yuan), Some(4_816_157_599));
        assert_eq!(Fen(4_816_157_599).to_yuan_string(), "48161575.99");
        assert_eq!(Fen(-5).to_yuan_string(), "-0.05");
        assert_eq!(Fen(150).to_yuan_string(), "1.5");
    }

    #[test]
    fn blank_dash_full_width_and_brackets() {
        assert_eq!(parse_amount("  ", Unit::Yuan), Ok(None));
        assert_eq!(fen("—", Unit::TenThousandYuan), Some(0));
        assert_eq!(
            fen("４，８４４．５６", Unit::TenThousandYuan),
            Some(4_844_560_000)
        );
        assert_eq!(fen("(1.50)", Unit::Yuan), Some(-150));
        assert_eq!(fen("-28.4", Unit::TenThousandYuan), Some(-28_400_000));
    }

    #[test]
    fn rejects_text_and_excess_precision() {
        assert_eq!(
            parse_amount("合计", Unit::Yuan),
            Err(AmountError::NotANumber)
        );
        assert_eq!(
            parse_amount("1.2.3", Unit::Yuan),
            Err(AmountError::NotANumber)
        );
        assert_eq!(
            parse_amount("0.001", Unit::Yuan),
            Err(AmountError::FinerThanFen)
        );
        assert_eq!(
            parse_amount("99999999999999999999", Unit::TenThousandYuan),
            Err(AmountError::Overflow)
        );
    }

    #[test]
    fn serializes_as_exact_json_number() {
        let json = serde_json::to_string(&vec![Fen(4_816_157_599), Fen(4_844_560_000)]).unwrap();
        assert_eq!(json, "[48161575.99,48445600]");
    }

    /// The definition `parse_amount` must keep: fold, drop spaces and separators, then read.
    fn parse_by_definition(text: &str, unit: Unit) -> Result<Option<Amount>, AmountError> {
        let folded: String = text
            .chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        if folded.is_empty() {
            return Ok(None);
        }
        if is_dash(&folded) {
            return Ok(Some(Amount {
                fen: Fen::ZERO,
                decimals: 0,
            }));
        }
        let (negative, body) = if let Some(rest) = folded.strip_prefix('-') {
            (true, rest)
        } else if let Some(inner) = folded.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            (true, inner)
        } else {
            (false, folded.as_str())
        };
        let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(AmountError::NotANumber);
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::NotANumber);
        }
        if whole.len() > 1 && whole.starts_with('0') {
            return Err(AmountError::NotANumber);
        }
        if whole.len() + frac.len() > 30 {
            return Err(AmountError::Overflow);
        }
        let mantissa: i128 = format!("{whole}{frac}")
            .parse()
            .map_err(|_| AmountError::NotANumber)?;
        let scale = 10i128.pow(frac.len() as u32);
        let scaled = mantissa
            .checked_mul(unit.fen_per_unit())
            .ok_or(AmountError::Overflow)?;
        if scaled % scale != 0 {
            return Err(AmountError::FinerThanFen);
        }
        let fen = i64::try_from(scaled / scale).map_err(|_| AmountError::Overflow)?;
        Ok(Some(Amount {
            fen: Fen(if negative { -fen } else { fen }),
            decimals: frac.len() as u32,
        }))
    }

    /// A small deterministic generator, so the comparison covers the same strings every run.
    struct Xorshift(u64);

    impl Xorshift {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn parse_amount_agrees_with_its_definition() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "5",
            "9",
            "00",
            "123",
            "4,844",
            ".",
            ".56",
            ",",
            " ",
            "\u{3000}",
            "-",
            "－",
            "—",
            "(",
            ")",
            "（",
            "）",
            "５",
            "，",
            "．",
            "a",
            "万",
            "元",
            "9999999999",
        ];
        let units = [
            Unit::Yuan,
            Unit::ThousandYuan,
            Unit::TenThousandYuan,
            Unit::HundredMillionYuan,
        ];
        let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let text: String = (0..random.below(9))
                .map(|_| PIECES[random.below(PIECES.len())])
                .collect();
            let unit = units[random.below(units.len())];
            assert_eq!(
                parse_amount(&text, unit),
                parse_by_definition(&text, unit),
                "{text:?} in {unit:?}"
            );
        }
    }

    #[test]
    fn yuan_text_and_json_agree_with_exact_decimals() {
        let mut random = Xorshift(0x2545_f491_4f6c_dd1d);
        let mut values = vec![0, 1, -1, 5, 50, 99, 100, -100, 150, i64::MAX, i64::MIN];
        for _ in 0..100_000 {
            let magnitude = 10i64.pow(random.below(19) as u32);
            let value = (random.below(usize::MAX) as i64) % magnitude;
            values.push(if random.below(2) == 0 { value } else { -value });
        }
        for fen in values {
            let sign = if fen < 0 { "-" } else { "" };
            let abs = fen.unsigned_abs();
            let expected = match abs % 100 {
                0 => format!("{sign}{}", abs / 100),
                f if f % 10 == 0 => format!("{sign}{}.{}", abs / 100, f / 10),
                f => format!("{sign}{}.{f:02}", abs / 100),
            };
            assert_eq!(Fen(fen).to_yuan_string(), expected);
            assert_eq!(
                serde_json::to_string(&Fen(fen)).unwrap(),
                expected,
                "{fen} fen"
            );
        }
    }
}
