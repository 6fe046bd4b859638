//! Word (.docx) reader.

use crate::document::Document;
use crate::read::Limits;
use std::fmt;

#[derive(Debug)]
pub enum DocxError {
    NotImplemented,
}

impl DocxError {
    pub fn kind(&self) -> &'static str {
        "docx_unsupported"
    }
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the DOCX reader is not available in this build")
    }
}

pub fn read(_bytes: &[u8], _limits: &Limits) -> Result<Document, DocxError> {
    Err(DocxError::NotImplemented)
}
