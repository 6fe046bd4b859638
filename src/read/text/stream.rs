//! Cell streams.

use super::SourceLine;
use crate::document::Document;

pub(crate) fn looks_like_stream(_lines: &[SourceLine<'_>]) -> bool {
    false
}

pub(crate) fn read(_lines: &[SourceLine<'_>], _document: &mut Document) {}
