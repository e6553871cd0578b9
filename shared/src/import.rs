//! Importing existing customers from a CSV file: its columns, the preview and the progress
//! (docs/domain.md "Import").

use crate::customer::CustomerForm;
use crate::i18n::{import_column_label, Locale, Msg};
use crate::validation::{Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The import file's columns, in the template's order: the add-customer form's fields by their
/// codes (not the indirect reseller: only providers name one, in the form), then
/// `relationship_exists`: `yes` when the relationship already exists in the other portal (the
/// customer becomes `active`), else `no` (the customer is `invited` and gets an invitation).
pub fn import_columns() -> Vec<&'static str> {
    CustomerForm::FIELDS
        .iter()
        .filter(|f| **f != Field::IndirectReseller)
        .map(|f| f.key())
        .chain([RELATIONSHIP_EXISTS])
        .collect()
}

/// The column that says whether the relationship already exists in the other portal.
pub const RELATIONSHIP_EXISTS: &str = Field::RelationshipExists.as_str();

/// The column a file's header cell names: a code (`company_name`) or a heading in either
/// language ("Company name", "公司名称"), ignoring case and surrounding spaces — so a template
/// downloaded in Chinese imports as well as one in English, and so do files headed by codes.
pub fn import_column_named(header: &str) -> Option<&'static str> {
    let header = header.trim().to_lowercase();
    import_columns().into_iter().find(|column| {
        *column == header
            || import_column_label(column).is_some_and(|label| {
                Locale::ALL
                    .iter()
                    .any(|locale| locale.text(label).to_lowercase() == header)
            })
    })
}

/// Columns a file must have; the rest may be left out.
pub const IMPORT_REQUIRED_COLUMNS: &[&str] = &[
    "company_name",
    "country",
    "domain_prefix",
    "address_line1",
    "city",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "relationship_exists",
];

/// At most this many rows per file.
pub const IMPORT_MAX_ROWS: usize = 20_000;

/// Parses the `relationship_exists` cell.
pub fn parse_yes_no(input: &str) -> Result<bool, FieldError> {
    match input.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Ok(true),
        "no" | "n" | "false" | "0" | "否" => Ok(false),
        "" => Err(FieldError::Required),
        _ => Err(FieldError::NotInList),
    }
}

code_enum! {
    /// The character encoding an import file was read in. Found from the file: a byte-order
    /// mark names UTF-8 or UTF-16; without one, a file that is valid UTF-8 is UTF-8 and any other
    /// is read as GB18030 (what Excel in a Chinese locale writes as "CSV"; GBK is its subset).
    pub enum TextEncoding {
        Utf8 = "utf-8" => Msg::EncodingUtf8,
        Utf16Le = "utf-16le" => Msg::EncodingUtf16Le,
        Utf16Be = "utf-16be" => Msg::EncodingUtf16Be,
        Gb18030 = "gb18030" => Msg::EncodingGb18030,
    }
}

code_enum! {
    /// The encoding a CSV export is written in: UTF-8 with a byte-order mark, which current
    /// Excel opens correctly in every locale, or GB18030 for older Chinese software that
    /// ignores the mark.
    pub enum ExportEncoding {
        ForExcel = "utf-8" => Msg::ExportForExcel,
        Gb18030 = "gb18030" => Msg::ExportGb18030,
    }
}

code_enum! {
    /// What separates an import file's columns: a comma, a semicolon (Excel where the comma is
    /// the decimal mark: German, French…) or a tab (Excel's "Unicode text").
    pub enum Separator {
        Comma = "comma" => Msg::SeparatorComma,
        Semicolon = "semicolon" => Msg::SeparatorSemicolon,
        Tab = "tab" => Msg::SeparatorTab,
    }
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }

    /// The separator of a file: the one that occurs most often in its header line, outside
    /// quotes (a heading may itself hold a comma: "Relationship exists (yes, no)"); a comma when
    /// none does (a file of one column), and on a tie in the order comma, semicolon, tab.
    pub fn detect(text: &str) -> Separator {
        let mut counts = [0usize; 3];
        let mut quoted = false;
        for c in text.chars() {
            match c {
                '"' => quoted = !quoted,
                '\n' | '\r' if !quoted => break,
                ',' if !quoted => counts[0] += 1,
                ';' if !quoted => counts[1] += 1,
                '\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
        Separator::ALL[best]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RowProblem {
    /// Values that break the rules, by column.
    Invalid {
        #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, crate::FieldError>))]
        errors: FieldErrors,
    },
    /// The relationship_exists cell.
    BadRelationshipExists { error: FieldError },
    /// The partner already has this customer (same primary domain): skipped, not doubled.
    Duplicate,
    /// The same primary domain appears on an earlier line of the file.
    RepeatedInFile { first_line: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowReport {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub company_name: String,
    pub problem: RowProblem,
}

/// What a row that will be imported may be the same company as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SimilarTo {
    /// A customer the partner already has.
    Customer {
        customer: crate::similar::SimilarCustomer,
    },
    /// An earlier line of the file with the same name (`similar::company_name_key`).
    EarlierLine { line: u32 },
}

/// A row that will be imported but looks like a customer already there: a warning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarRow {
    pub line: u32,
    pub company_name: String,
    pub similar_to: SimilarTo,
}

/// `POST /api/imports`: what committing would do, before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    pub id: Uuid,
    /// How the file was read: shown, so a wrongly guessed encoding is noticed before commit.
    pub encoding: TextEncoding,
    pub separator: Separator,
    pub total: u32,
    /// Rows that will be imported.
    pub ready: u32,
    /// Of those, how many become `active` (the rest `invited`).
    pub active: u32,
    pub duplicates: u32,
    pub invalid: u32,
    /// Rows with a problem, in file order (at most `REPORTED_ROWS`).
    pub problems: Vec<RowReport>,
    /// Ready rows that look like a customer already there, in file order (at most
    /// `REPORTED_ROWS`).
    pub similar: Vec<SimilarRow>,
}

pub const REPORTED_ROWS: usize = 500;

/// Streamed while an import commits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProgress {
    pub total: u32,
    pub done: u32,
    pub imported: u32,
    /// Rows skipped because the customer already exists (by now).
    pub skipped: u32,
    /// Rows refused at commit time (a domain another partner took meanwhile).
    pub failed: u32,
    pub finished: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_header_line_uses_most() {
        assert_eq!(
            Separator::detect("company_name,country\nA;B;C;D,x\n"),
            Separator::Comma
        );
        assert_eq!(
            Separator::detect("Firma;Land;Stadt\r\nA, B;DE;Köln"),
            Separator::Semicolon
        );
        assert_eq!(
            Separator::detect("公司名称\t国家/地区\t城市\n"),
            Separator::Tab
        );
        // A quoted heading's commas don't count.
        assert_eq!(
            Separator::detect("\"Relationship exists (yes, no)\";country\n"),
            Separator::Semicolon
        );
        // A quoted heading over two lines is still the header.
        assert_eq!(Separator::detect("\"a\nb\"\tc\td"), Separator::Tab);
        assert_eq!(Separator::detect("company_name\nA,B,C"), Separator::Comma);
        assert_eq!(Separator::detect(""), Separator::Comma);
        // A tie goes to the comma.
        assert_eq!(Separator::detect("a,b;c"), Separator::Comma);
        assert_eq!(Separator::Tab.byte(), b'\t');
    }

    #[test]
    fn import_columns_are_the_form_fields() {
        let columns = import_columns();
        for required in IMPORT_REQUIRED_COLUMNS {
            assert!(columns.contains(required), "{required}");
        }
        assert_eq!(columns.len(), CustomerForm::FIELDS.len());
        assert_eq!(columns.last(), Some(&"relationship_exists"));
        for locale in Locale::ALL {
            let headings: Vec<String> = columns
                .iter()
                .map(|c| locale.text(import_column_label(c).unwrap()).to_lowercase())
                .collect();
            for (column, heading) in columns.iter().zip(&headings) {
                assert_eq!(
                    headings.iter().filter(|h| *h == heading).count(),
                    1,
                    "{heading}"
                );
                assert_eq!(
                    import_column_named(&format!(" {} ", heading.to_uppercase())),
                    Some(*column)
                );
                assert_eq!(import_column_named(column), Some(*column));
            }
        }
        assert_eq!(import_column_named("联系人电子邮件"), Some("contact_email"));
        assert_eq!(import_column_named("town"), None);
        assert_eq!(parse_yes_no(" Yes "), Ok(true));
        assert_eq!(parse_yes_no("否"), Ok(false));
        assert_eq!(parse_yes_no("maybe"), Err(FieldError::NotInList));
    }
}
