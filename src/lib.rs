//! Budget-disclosure extraction: Chinese government department budget (部门预算) and final
//! accounts (部门决算) disclosures, as DOCX or plain text, into normalized, validated JSON.
//!
//! Data flows one way: [`read`] (bytes → [`document::Document`]) → [`extract`] (tables, line
//! items, narrative facts) → [`check`] (arithmetic and consistency) → [`emit`] (JSON and
//! dataset exports). [`pipeline`] runs that per file, in parallel.

pub mod check;
pub mod document;
pub mod emit;
pub mod extract;
pub mod money;
pub mod pipeline;
pub mod read;
