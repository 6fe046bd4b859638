//! Helpers shared by the test files. Each test file compiles this module on its own and uses
//! part of it.
#![allow(dead_code)]

pub mod auditor;
pub mod docx;
pub mod folder;
pub mod layout;
pub mod timing;
pub mod wild;
