//! The shared rule vectors, sent through `POST /api/customers`: the server must agree with the
//! browser on every case.

use crate::helpers::spawn_app;
use serde_json::Value;
use shared::date::CalendarDate;
use shared::test_vectors::{self, codes};
use shared::FieldErrors;
use std::collections::BTreeMap;

/// `date` moved from the vectors' today to the real today (unparsable dates pass unchanged).
fn shift_date(date: &str, vectors_today: CalendarDate) -> String {
    match CalendarDate::parse(date) {
        Ok(parsed) => {
            let offset = parsed.days_since_epoch() - vectors_today.days_since_epoch();
            let today = server::timestamp::today().days_since_epoch();
            CalendarDate::from_days_since_epoch(today + offset)
                .expect("a date near today")
                .to_string()
        }
        Err(_) => date.to_string(),
    }
}

#[tokio::test]
async fn the_api_agrees_with_every_rule_vector() {
    let app = spawn_app().await;
    let cases = test_vectors::cases();
    let mut disagreements = Vec::new();
    for case in &cases {
        // The demo partner stands in for a partner of the case's instance and e-mail domain.
        app.change_behind_the_server(
            sqlx::query("UPDATE partners SET instance = $1, email_domain = $2 WHERE id = $3")
                .bind(case.instance.as_str())
                .bind(&case.partner_email_domain)
                .bind(app.ctx.partner_id.to_string()),
        )
        .await;
        sqlx::query("DELETE FROM customers")
            .execute(app.db.readers())
            .await
            .unwrap();
        let mut body = serde_json::to_value(&case.form).unwrap();
        // The vectors fix "today"; the server's today is the real one. Shift the agreement
        // date by the same distance so date rules judge the same case.
        body["agreement_date"] =
            serde_json::json!(shift_date(&case.form.agreement_date, case.today));
        let response = app.post_json("/api/customers", &body).await;
        let status = response.status().as_u16();
        let json: Value = response.json().await.unwrap();
        let actual: BTreeMap<_, _> = match status {
            201 => BTreeMap::new(),
            422 => codes(&serde_json::from_value::<FieldErrors>(json["fields"].clone()).unwrap()),
            other => {
                disagreements.push(format!("{}: HTTP {other} {json}", case.name));
                continue;
            }
        };
        if actual != case.expect {
            disagreements.push(format!(
                "{}: expected {:?}, API said {:?}",
                case.name, case.expect, actual
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {}:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
    println!(
        "rule vectors: {} cases agree through the HTTP API",
        cases.len()
    );
}
