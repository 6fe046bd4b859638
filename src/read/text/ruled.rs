//! Ruled tables.

use super::SourceLine;
use crate::document::Document;

pub(crate) fn count_tables(_lines: &[SourceLine<'_>]) -> usize {
    0
}

pub(crate) fn read(_lines: &[SourceLine<'_>], _document: &mut Document) {}
