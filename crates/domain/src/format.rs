//! Swedish number formats: `64 979`, `12,5`, `12,5 %`. Used wherever a number is shown
//! to a person, so that every surface writes numbers the same way.

/// Formats `value` with `decimals` decimals, a space between thousands and a decimal
/// comma: 64979.0 → "64 979", -1234.5 with one decimal → "−1 234,5".
pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let fixed = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    let negative = value < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "−" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

/// The fewest decimals, at most `max_decimals`, that show `value` exactly: 64 979
/// needs 0, 12,5 needs 1.
pub fn decimals_needed(value: f64, max_decimals: usize) -> usize {
    (0..=max_decimals)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((value * scale).round() / scale - value).abs() < 1e-9
        })
        .unwrap_or(max_decimals)
}

/// Like [`format_number`] but with as few decimals as the value needs (at most `max`).
pub fn format_number_trimmed(value: f64, max_decimals: usize) -> String {
    format_number(value, decimals_needed(value, max_decimals))
}

/// A percentage with a space before the sign: 12.5 → "12,5 %".
pub fn format_percent(value: f64, decimals: usize) -> String {
    format!("{} %", format_number(value, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_formats() {
        assert_eq!(format_number(64979.0, 0), "64 979");
        assert_eq!(format_number(75000.0, 0), "75 000");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(1234567.891, 2), "1 234 567,89");
        assert_eq!(format_number(-1234.5, 1), "−1 234,5");
        assert_eq!(format_number(-0.01, 0), "0");
        assert_eq!(format_percent(12.5, 1), "12,5 %");
        assert_eq!(format_number_trimmed(98.0, 2), "98");
        assert_eq!(format_number_trimmed(12.5, 2), "12,5");
        assert_eq!(format_number(f64::NAN, 1), "–");
    }

    #[test]
    fn decimals_are_the_fewest_that_show_the_value() {
        assert_eq!(decimals_needed(64_979.0, 3), 0);
        assert_eq!(decimals_needed(12.5, 3), 1);
        assert_eq!(decimals_needed(7.25, 3), 2);
        assert_eq!(decimals_needed(1.0 / 3.0, 3), 3);
    }
}
