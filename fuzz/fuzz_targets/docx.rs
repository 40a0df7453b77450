#![no_main]
//! Any bytes as a Word document: an error or a reading, never a panic, a hang
//! or unbounded memory. Bytes that are not a zip container are also read as
//! the XML of `word/document.xml` packed into a document, so that mutations
//! reach the XML reader past the compression and the checksums.
use jixiao_ingest::Options;
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A document whose body is the given XML.
fn document(xml: &[u8]) -> Vec<u8> {
    common::stored_zip(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes()), ("_rels/.rels", RELS.as_bytes()), ("word/document.xml", xml)])
}

#[path = "common.rs"]
mod common;

fuzz_target!(init: common::quiet_panics(), |data: &[u8]| {
    common::run(|| {
        let _ = jixiao_office::read("fuzz.docx", data, &Options::default());
        let _ = jixiao_office::docx::read(data);
        if !data.starts_with(b"PK") {
            let doc = document(data);
            let _ = jixiao_office::read("fuzz.docx", &doc, &Options::default());
        }
    });
});
