//! Exporting a document in the official layout: XLSX, PDF (with the review
//! findings as an optional appendix), CSV and perf-targets/1 JSON. The same use
//! case serves `jixiao export` and the download buttons of the document page.

use jixiao_core::Document;
use jixiao_office::pdf_out::Note;
use jixiao_office::{csv, layout, pdf_out, xlsx};

use crate::{Actor, App, AppError, AppResult};

/// The formats a document is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Office Open XML workbook.
    Xlsx,
    /// PDF, A4 landscape.
    Pdf,
    /// CSV, one row per indicator, UTF-8 with a BOM.
    Csv,
    /// perf-targets/1 JSON.
    Json,
}

impl ExportFormat {
    /// The format of a file extension (`xlsx`, `pdf`, `csv`, `json`).
    pub fn from_ext(ext: &str) -> Option<ExportFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" => Some(ExportFormat::Xlsx),
            "pdf" => Some(ExportFormat::Pdf),
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The media type of the download.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportFormat::Pdf => "application/pdf",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }
}

/// An exported file.
#[derive(Debug, Clone)]
pub struct Exported {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its format.
    pub format: ExportFormat,
    /// A file name for the download: the title (or department) and the extension.
    pub file_name: String,
}

/// A finding as the PDF appendix prints it: severity, place, message.
pub fn note(severity: &str, place: &serde_json::Value, message: &str) -> Note {
    let severity = match severity {
        "error" => "错误",
        "warning" => "警告",
        _ => "提示",
    };
    Note { severity: severity.to_string(), place: crate::findings::place_text(place), message: message.to_string() }
}

/// Renders a document in a format; `notes` (the findings) go into the PDF's appendix.
pub fn render(doc: &Document, format: ExportFormat, notes: Option<&[Note]>) -> AppResult<Exported> {
    let bytes = match format {
        ExportFormat::Json => doc.to_json_pretty().into_bytes(),
        _ => sheet_bytes(&layout::sheet(doc), format, notes)?,
    };
    Ok(Exported { bytes, format, file_name: file_name(doc, format) })
}

/// A laid-out sheet as XLSX, CSV or PDF (JSON is not a sheet's: the caller's).
pub fn sheet_bytes(sheet: &layout::Sheet, format: ExportFormat, notes: Option<&[Note]>) -> AppResult<Vec<u8>> {
    Ok(match format {
        ExportFormat::Xlsx => xlsx::write(sheet).map_err(|e| AppError::Internal(format!("XLSX 生成失败：{e}")))?,
        ExportFormat::Csv => csv::write(sheet),
        ExportFormat::Pdf => pdf_out::write(sheet, notes).map_err(|e| match e {
            pdf_out::PdfError::NoFont => AppError::Internal("PDF 导出需要中文字体：请安装 fonts-noto-cjk，或以 JIXIAO_PDF_FONTS 指定字体文件".into()),
            other => AppError::Internal(format!("PDF 生成失败：{other}")),
        })?,
        ExportFormat::Json => return Err(AppError::Internal("JSON is not a sheet format".into())),
    })
}

/// A name made safe as a file name, with the extension.
pub fn safe_file_name(base: &str, format: ExportFormat) -> String {
    let safe: String = base
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .take(80)
        .collect();
    format!("{}.{}", safe.trim(), format.ext())
}

/// `2023年某局项目支出绩效目标表.xlsx`: the title, or the department, made safe as a file name.
pub fn file_name(doc: &Document, format: ExportFormat) -> String {
    let base = doc.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        let kind = if doc.kind() == jixiao_core::Kind::Project { "项目支出绩效目标表" } else { "部门整体支出绩效目标表" };
        format!("{}{}{kind}", doc.year.map(|y| format!("{y}年")).unwrap_or_default(), doc.department)
    });
    safe_file_name(&base, format)
}

impl App {
    /// A stored document exported, for anyone who may view it; the PDF carries
    /// the findings as an appendix when `appendix` is set.
    pub async fn export(&self, actor: &Actor, id: i64, format: ExportFormat, appendix: bool) -> AppResult<Exported> {
        let view = self.view(actor, id).await?;
        let notes: Vec<Note> = view.findings.iter().map(|f| note(&f.severity, &f.place, &f.message)).collect();
        let doc = view.stored.document;
        tokio::task::spawn_blocking(move || render(&doc, format, appendix.then_some(notes.as_slice())))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
    }
}
