//! Text files in the encodings office software writes: import files decoded from UTF-8,
//! UTF-16 or GB18030 (`shared::import::TextEncoding` says which was found), and CSV exports
//! encoded in the one the user chose.

use encoding_rs::{Encoding, GB18030, UTF_16LE, UTF_8};
use shared::import::{ExportEncoding, TextEncoding};

/// A file's text and the encoding it was read in; `None` when it is none of them (bytes that
/// are neither UTF-8 nor GB18030, or a byte-order mark followed by bytes its encoding forbids).
///
/// A byte-order mark decides; without one, UTF-8 is tried first (a GB18030 file of Chinese text
/// is practically never valid UTF-8, while ASCII is both and reads the same). UTF-16 without a
/// mark is not guessed: Excel always writes one.
pub fn decode(bytes: &[u8]) -> Option<(String, TextEncoding)> {
    if let Some((encoding, mark)) = Encoding::for_bom(bytes) {
        let text = encoding.decode_without_bom_handling_and_without_replacement(&bytes[mark..])?;
        let found = if encoding == UTF_8 {
            TextEncoding::Utf8
        } else if encoding == UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        return Some((text.into_owned(), found));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((text.to_string(), TextEncoding::Utf8));
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text.into_owned(), TextEncoding::Gb18030))
}

/// The bytes an export starts with: UTF-8's byte-order mark, which tells Excel the encoding;
/// none for GB18030 (read as the system's code page).
pub fn export_prefix(encoding: ExportEncoding) -> &'static [u8] {
    match encoding {
        ExportEncoding::ForExcel => b"\xEF\xBB\xBF",
        ExportEncoding::Gb18030 => b"",
    }
}

/// One chunk of an export (UTF-8, as the CSV writer made it) in the chosen encoding. GB18030
/// encodes every Unicode character, so nothing is replaced.
pub fn encode(chunk: Vec<u8>, encoding: ExportEncoding) -> Vec<u8> {
    match encoding {
        ExportEncoding::ForExcel => chunk,
        ExportEncoding::Gb18030 => {
            let text = String::from_utf8_lossy(&chunk);
            GB18030.encode(&text).0.into_owned()
        }
    }
}

/// The `charset` of an export's `Content-Type`.
pub fn charset(encoding: ExportEncoding) -> &'static str {
    match encoding {
        ExportEncoding::ForExcel => "utf-8",
        ExportEncoding::Gb18030 => "gb18030",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_in_the_encoding_they_were_written_in() {
        // 北京 in GB18030 is B1 B1 BE A9; the same bytes are not valid UTF-8.
        let gb = b"company_name\n\xB1\xB1\xBE\xA9\n";
        assert_eq!(
            decode(gb),
            Some(("company_name\n北京\n".into(), TextEncoding::Gb18030))
        );
        let utf16le = [0xFF, 0xFE, b'a', 0, 0x17, 0x53, b'\t', 0];
        assert_eq!(
            decode(&utf16le),
            Some(("a北\t".into(), TextEncoding::Utf16Le))
        );
        let utf16be = [0xFE, 0xFF, 0, b'a', 0x53, 0x17];
        assert_eq!(
            decode(&utf16be),
            Some(("a北".into(), TextEncoding::Utf16Be))
        );
        assert_eq!(
            decode("\u{feff}北京".as_bytes()),
            Some(("北京".into(), TextEncoding::Utf8))
        );
        assert_eq!(decode(b"plain"), Some(("plain".into(), TextEncoding::Utf8)));
        // A lone lead byte at the end is neither UTF-8 nor GB18030.
        assert_eq!(decode(b"abc\x81"), None);
        // A UTF-8 mark before bytes that aren't UTF-8.
        assert_eq!(decode(b"\xEF\xBB\xBF\xB1\xB1"), None);
    }

    #[test]
    fn exports_are_written_in_the_chosen_encoding() {
        let line = "北京,€\n".as_bytes().to_vec();
        assert_eq!(encode(line.clone(), ExportEncoding::ForExcel), line);
        // € is A2 E3 in GB18030 (its one change from GBK's 0x80).
        assert_eq!(
            encode(line, ExportEncoding::Gb18030),
            b"\xB1\xB1\xBE\xA9,\xA2\xE3\n".to_vec()
        );
    }
}
