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

/// Direction controls (embeddings, overrides, isolates, marks) and invisible characters: in a
/// name they make a list, the audit log or a CSV show something other than what is stored
/// ("U+202E" turns `moc.elgoog` into `google.com` on screen), and a search for the name as
/// it looks doesn't find it.
fn is_bidi_or_invisible(c: char) -> bool {
    matches!(c as u32,
        0x061C | 0x200E | 0x200F          // Arabic letter mark, LRM, RLM
        | 0x202A..=0x202E                 // embeddings and overrides
        | 0x2066..=0x2069                 // isolates
        | 0x200B | 0x2060..=0x2064        // zero-width space, word joiner, invisible operators
        | 0xFEFF | 0x180E | 0x00AD | 0x034F // BOM / ZWNBSP, Mongolian vowel separator, soft hyphen, CGJ
    )
}

/// Zero-width (non-)joiner: part of correct spelling in Persian, Arabic and Indic scripts (and
/// of emoji, which names refuse anyway), invisible padding anywhere else.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// A letter or mark of a script that uses joiners (Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// the Indic scripts up to Myanmar: a joiner follows a virama, say).
fn joins(c: Option<char>) -> bool {
    c.is_some_and(|c| matches!(c as u32, 0x0590..=0x109F))
}

/// Whether a name holds a direction control or an invisible character (a joiner only counts
/// when it doesn't sit between two letters of a script that uses it).
pub fn has_invisible_or_bidi(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        is_bidi_or_invisible(c)
            || (is_joiner(c)
                && !(i > 0 && joins(chars.get(i - 1).copied()) && joins(chars.get(i + 1).copied())))
    })
}

/// The character rule of a name-like field: invisible and direction-changing characters, then
/// control characters and markup.
pub fn check_name_chars(value: &str) -> Result<(), crate::validation::FieldError> {
    if has_invisible_or_bidi(value) {
        Err(crate::validation::FieldError::InvisibleChars)
    } else if value.chars().any(is_forbidden_in_text) {
        Err(crate::validation::FieldError::InvalidChars)
    } else {
        Ok(())
    }
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

/// A person's full name the way their script writes it: Chinese, Japanese and Korean names
/// family name first without a space (张伟), others given name first ("Ana Silva").
pub fn person_name(given: &str, family: &str) -> String {
    let (given, family) = (given.trim(), family.trim());
    // Han, kana and Hangul: the scripts whose names put the family first.
    let east_asian = |c: char| is_cjk(c) || matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF);
    if given.chars().chain(family.chars()).any(east_asian) {
        format!("{family}{given}")
    } else {
        [given, family]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
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

    #[test]
    fn invisible_and_direction_changing_characters() {
        for spoof in [
            "Contoso\u{200B}",
            "\u{202E}moc.osotnoc",
            "Con\u{2066}toso\u{2069}",
            "\u{FEFF}Contoso",
            "Con\u{00AD}toso",
            "Micro\u{200D}soft",
            "\u{200C}Contoso",
            "Contoso\u{200F}",
        ] {
            assert!(has_invisible_or_bidi(spoof), "{spoof:?}");
        }
        // Persian "نرم‌افزار" (software) is spelled with a zero-width non-joiner; Hindi
        // "क्‍ष" with a joiner.
        assert!(!has_invisible_or_bidi("شرکت نرم\u{200C}افزار"));
        assert!(!has_invisible_or_bidi("क्\u{200D}ष"));
        assert!(!has_invisible_or_bidi("Société Générale"));
        assert!(!has_invisible_or_bidi("北京云帆科技有限公司"));
    }

    #[test]
    fn names_follow_their_scripts_order() {
        assert_eq!(person_name("伟", "张"), "张伟");
        assert_eq!(person_name("Ana", "Silva"), "Ana Silva");
        assert_eq!(person_name(" Ana ", ""), "Ana");
        assert_eq!(person_name("花子", "山田"), "山田花子");
        assert_eq!(person_name("민수", "김"), "김민수");
    }
}
