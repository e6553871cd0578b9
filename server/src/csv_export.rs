//! CSV downloads that stream: rows go out as the database yields them, through a small channel,
//! so an export of any size never sits in memory. UTF-8 with a byte-order mark (spreadsheet
//! programs then read Chinese correctly) or, on request, GB18030 (`text_encoding`); cells that a spreadsheet would run as formulas are
//! defused.

use crate::text_encoding;
use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::import::ExportEncoding;

/// The language an export's `lang` asks for (English when absent or unknown).
pub fn locale(lang: Option<&str>) -> shared::i18n::Locale {
    lang.and_then(shared::i18n::Locale::from_tag)
        .unwrap_or_default()
}

/// A cell starting like a formula gets a leading apostrophe.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One CSV record, quoted as needed.
pub fn line(cells: &[&str]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let cells: Vec<String> = cells.iter().map(|c| defuse(c)).collect();
    // Writing to a Vec can't fail.
    let _ = writer.write_record(&cells);
    writer.into_inner().unwrap_or_default()
}

/// Where a producer writes the export's lines (as UTF-8; they leave in the export's encoding).
pub struct Rows {
    sender: tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    encoding: ExportEncoding,
}

impl Rows {
    /// Sends a line; false when the export should stop (the client went away, or the row
    /// failed: logged, and the download is cut short, which the client sees as incomplete).
    pub async fn send(&self, row: anyhow::Result<Vec<u8>>) -> bool {
        let chunk = row
            .map(|line| text_encoding::encode(line, self.encoding))
            .map_err(|e| {
                tracing::error!(error = ?e, "export stopped");
                std::io::Error::other("export failed")
            });
        let failed = chunk.is_err();
        self.sender.send(chunk).await.is_ok() && !failed
    }
}

/// A download of `header`, then of the lines `produce` sends, written by a task as they come,
/// in `encoding`.
pub fn download<F, Fut>(
    filename: &'static str,
    encoding: ExportEncoding,
    header: Vec<u8>,
    produce: F,
) -> Response
where
    F: FnOnce(Rows) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (sender, mut receiver) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move {
        let mut first = text_encoding::export_prefix(encoding).to_vec();
        first.extend(text_encoding::encode(header, encoding));
        if sender.send(Ok(first)).await.is_ok() {
            produce(Rows { sender, encoding }).await;
        }
    });
    let body = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    (
        [
            (
                header::CONTENT_TYPE,
                format!("text/csv; charset={}", text_encoding::charset(encoding)),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}
