//! Customers that may be the same company as a new one: the same company name once case,
//! character width, punctuation and legal form are set aside ("Contoso Ltd" and "CONTOSO,
//! LTD."; 北京云帆科技有限公司 and 北京云帆科技), or a contact at the same company e-mail domain.
//! A warning with a link, never a refusal: two companies may share a name (docs/domain.md
//! "Similar customers").

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A company name as compared for similarity; empty when nothing is left to compare.
///
/// Full-width letters and digits (ＡＢＣ１２３, common in Chinese input) are read as their
/// ordinary forms, letters in lower case; anything that is neither a letter nor a digit
/// separates words. Runs of single letters are one word ("G.m.b.H." is "gmbh"); legal forms
/// at the end are dropped, as words ("Ltd", "Co") and as endings of a Chinese name (有限公司).
pub fn company_name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(narrow)
        .flat_map(char::to_lowercase)
        .collect();
    let mut words: Vec<String> = Vec::new();
    let mut single_letters = false;
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let single = word.chars().count() == 1 && word.is_ascii();
        match words.last_mut() {
            Some(last) if single && single_letters => last.push_str(word),
            _ => words.push(word.to_string()),
        }
        single_letters = single;
    }
    while words.len() > 1 && words.last().is_some_and(|w| is_legal_form(w)) {
        words.pop();
    }
    if let Some(last) = words.last_mut() {
        strip_chinese_legal_forms(last);
    }
    words.concat()
}

/// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space as their ordinary forms.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_legal_form(word: &str) -> bool {
    crate::customer::BARE_LEGAL_FORMS.contains(&word)
}

/// Drops legal forms written at the end of a word without a space (北京云帆科技有限公司), as long
/// as something is left before them; the longest first (股份有限公司 before 公司).
fn strip_chinese_legal_forms(word: &mut String) {
    while !is_legal_form(word) {
        let ending = crate::customer::BARE_LEGAL_FORMS
            .iter()
            .filter(|form| !form.is_ascii())
            .filter(|form| word.len() > form.len() && word.ends_with(*form))
            .max_by_key(|form| form.len());
        match ending {
            Some(form) => word.truncate(word.len() - form.len()),
            None => return,
        }
    }
}

/// Mail providers anyone can use: a shared one says nothing about the company.
const PUBLIC_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "sina.com",
    "sohu.com",
    "aliyun.com",
    "139.com",
];

/// The company part of a contact e-mail (`contoso.com` in `ana@contoso.com`), lower case;
/// empty for a public mail provider or an address without one.
pub fn email_domain_key(email: &str) -> String {
    let domain = email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_lowercase())
        .unwrap_or_default();
    if PUBLIC_MAIL_DOMAINS.contains(&domain.as_str()) {
        String::new()
    } else {
        domain
    }
}

code_enum! {
    /// Why an existing customer may be the same company.
    pub enum SimilarReason {
        SameName = "same_name" => Msg::SimilarSameName,
        SameEmailDomain = "same_email_domain" => Msg::SimilarSameEmailDomain,
    }
}

/// An existing customer that may be the same company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarCustomer {
    pub id: Uuid,
    pub company_name: String,
    pub reason: SimilarReason,
}

/// `GET /api/customers/similar` parameters: the new customer's name and contact e-mail, as
/// typed (either may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SimilarQuery {
    pub company_name: String,
    pub contact_email: String,
}

/// `GET /api/customers/similar?company_name=…&contact_email=…`: at most
/// [`SimilarCustomers::MAX`], the same name first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimilarCustomers {
    pub items: Vec<SimilarCustomer>,
}

impl SimilarCustomers {
    pub const MAX: usize = 5;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_differ_only_in_case_width_punctuation_and_legal_form_are_the_same() {
        let contoso = company_name_key("Contoso");
        assert_eq!(contoso, "contoso");
        for name in [
            "Contoso Ltd",
            "CONTOSO, LTD.",
            "Contoso Co., Ltd.",
            "contoso GmbH",
            "Contoso G.m.b.H.",
            "ＣＯＮＴＯＳＯ　ＬＴＤ",
            "Contoso Inc",
        ] {
            assert_eq!(company_name_key(name), contoso, "{name}");
        }
        assert_eq!(
            company_name_key("Alpine Ski House"),
            company_name_key("alpine-ski-house")
        );
        assert_eq!(company_name_key("北京云帆科技有限公司"), "北京云帆科技");
        assert_eq!(
            company_name_key("北京云帆科技股份有限公司"),
            company_name_key("北京云帆科技")
        );
        assert_eq!(company_name_key("北京云帆科技（有限公司）"), "北京云帆科技");
        // What is left is compared as a whole: different companies stay different.
        assert_ne!(company_name_key("Contoso Pharma"), contoso);
        assert_ne!(company_name_key("Costco"), company_name_key("Cost"));
        assert_ne!(
            company_name_key("北京云帆科技"),
            company_name_key("上海云帆科技")
        );
        // A name that is only a legal form keeps it rather than becoming nothing.
        assert_eq!(company_name_key("有限公司"), "有限公司");
        assert_eq!(company_name_key("Co Ltd"), "co");
        assert_eq!(company_name_key("—"), "");
    }

    #[test]
    fn the_company_part_of_an_email_but_not_a_public_provider() {
        assert_eq!(email_domain_key("Ana@Contoso.COM"), "contoso.com");
        assert_eq!(email_domain_key("someone@gmail.com"), "");
        assert_eq!(email_domain_key("张伟@QQ.com"), "");
        assert_eq!(email_domain_key("no-at-sign"), "");
    }
}
