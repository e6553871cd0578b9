//! Character-level helpers shared by the rules: lengths count Unicode scalar values (a Chinese
//! character is one), and a few classes the rules need.

/// Length as a user counts it: one per character, not per UTF-8 byte.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Control characters and the markup brackets that free-text fields refuse.
pub fn is_forbidden_in_text(c: char) -> bool {
    c.is_control() || c == '<' || c == '>'
}

/// CJK unified ideographs (the characters of Chinese names), with extension A and the
/// compatibility block.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2EBEF)
}

/// Emoji and pictographs, including the variation selector and joiner that build them.
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // pictographs, emoticons, flags' regional indicators
        | 0x2600..=0x27BF   // misc symbols and dingbats
        | 0x2B00..=0x2BFF   // arrows and stars used as emoji
        | 0xFE0F | 0x200D   // variation selector-16, zero-width joiner
    )
}

/// Whether the text holds at least one letter (Latin, Chinese, any script).
pub fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Lowercased, with everything but letters and digits removed: `"G.m.b.H."` → `"gmbh"`.
pub fn letters_and_digits_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Free text of up to `max` characters, empty allowed. Line breaks and tabs are kept (a
/// message has paragraphs); other control characters are refused.
pub fn optional_text(
    input: &str,
    max: usize,
) -> Result<Option<String>, crate::validation::FieldError> {
    use crate::validation::FieldError;
    let value = input.trim();
    if value.is_empty() {
        Ok(None)
    } else if char_len(value) > max {
        Err(FieldError::TooLong { max: max as u32 })
    } else if value
        .chars()
        .any(|c| c != '\n' && c != '\t' && c != '\r' && c.is_control())
    {
        Err(FieldError::InvalidChars)
    } else {
        Ok(Some(value.to_string()))
    }
}

/// Percent-encodes a URL query value (UTF-8), leaving unreserved characters as they are.
pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(char_len("华为技术有限公司"), 8);
        assert_eq!(char_len("Ab"), 2);
    }

    #[test]
    fn classes() {
        assert!(is_cjk('王'));
        assert!(!is_cjk('W'));
        assert!(is_emoji('😀'));
        assert!(!is_emoji('é'));
        assert!(is_forbidden_in_text('<'));
        assert!(is_forbidden_in_text('\u{7}'));
        assert!(has_letter("1 a"));
        assert!(has_letter("中"));
        assert!(!has_letter("1 2 3 ---"));
        assert_eq!(letters_and_digits_lower("G.m.b.H."), "gmbh");
    }
}
