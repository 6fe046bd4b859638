//! `extract`: [`Document`] → [`Disclosure`]. Finds the tables with their titles and units,
//! classifies them, normalizes their rows into line items, and pulls narrative facts.

pub mod agreement;
pub mod column_sums;
pub mod columns;
pub mod contents;
pub mod continued_tables;
pub mod department;
pub mod final_accounts;
pub mod identity;
pub mod keys;
pub mod line_reading;
pub mod model;
pub mod named_figures;
pub mod narrative;
pub mod nesting;
pub mod performance;
pub mod placement;
pub mod repeated_pages;
pub mod rows;
pub mod summary;
pub mod text_order;
pub mod title;

use crate::document::{Block, Document};
use model::{Disclosure, DocumentKind, ExtractedTable, TableKind, Warning};

/// Figures a table prints under columns whose labels name no figure this reader knows (`教育收费`,
/// `其他资金`, a label cut in two): they are kept, but no check holds them to anything, so a
/// reader of the JSON is told rather than left to take them as checked.
fn unchecked_figures(tables: &[ExtractedTable]) -> Vec<Warning> {
    let mut out = Vec::new();
    for table in tables {
        if matches!(
            table.kind,
            TableKind::Unknown | TableKind::PerformanceTargets
        ) {
            continue;
        }
        let unnamed: Vec<&model::Column> = table
            .columns
            .iter()
            .filter(|c| c.amount && c.key.starts_with("column_"))
            .collect();
        let figures = table
            .rows
            .iter()
            .flat_map(|r| unnamed.iter().filter_map(|c| r.values.amount(&c.key)))
            .count();
        if figures == 0 {
            continue;
        }
        let labels: Vec<String> = unnamed
            .iter()
            .map(|c| {
                if c.label.is_empty() {
                    format!("{} (no label)", c.key)
                } else {
                    format!("{} ({})", c.key, c.label)
                }
            })
            .collect();
        out.push(Warning {
            code: "unchecked_figures",
            message: format!(
                "{}: {figures} figures stand in columns whose labels name no known figure, {}; they are kept but no check holds them to anything",
                table.title.trim(),
                labels.join(", ")
            ),
            block: Some(table.block),
        });
    }
    out
}

/// Tables a title announces that never come: the layout the document reached us in did not carry
/// them (a text export that lost its rows, say). Each is a warning naming the title.
fn missing_tables(document: &Document) -> Vec<Warning> {
    let mut out = Vec::new();
    for (i, block) in document.blocks.iter().enumerate() {
        let Block::Paragraph(p) = block else {
            continue;
        };
        if !title::is_table_title(&p.text) {
            continue;
        }
        let next = document.blocks[i + 1..].iter().find(|b| match b {
            Block::Paragraph(q) => !title::is_heading_noise(&q.text),
            Block::Table(_) => true,
        });
        let announced_elsewhere = match next {
            Some(Block::Table(_)) => false,
            // The first of a title printed twice (`附表：1.…表` then the title itself).
            Some(Block::Paragraph(q)) => title::is_table_title(&q.text),
            None => false,
        };
        if !matches!(next, Some(Block::Table(_))) && !announced_elsewhere {
            out.push(Warning {
                code: "missing_table",
                message: format!(
                    "no table follows the title {:?}; the layout may not carry it",
                    p.text.trim()
                ),
                block: Some(i),
            });
        }
    }
    out
}

/// Extracts everything the pipeline emits from one document.
pub fn extract(document: &Document) -> Disclosure {
    let mut warnings: Vec<Warning> = document
        .warnings
        .iter()
        .map(|w| Warning {
            code: "reader",
            message: w.clone(),
            block: None,
        })
        .collect();
    // Layout repairs run on every document: tables a page break cut in two, tables printed
    // again on each page, grids that do not fit their page read line by line, wrapped summary
    // labels, uncoded lists nested by their sums, narrative lines out of order. The document
    // kind chooses vocabulary only: a final account's measures (预算数/决算数), its narrative
    // figures and the summary figures it adds.
    let headings: Vec<String> = document
        .tables()
        .map(|(block, _)| title::heading_before(document, block).title)
        .collect();
    let heading_titles: Vec<&str> = headings.iter().map(String::as_str).collect();
    let final_accounts =
        identity::document_kind(document, &heading_titles) == DocumentKind::FinalAccounts;
    let joined = continued_tables::join(document, &mut warnings);
    let document = joined.as_ref();
    let mut tables: Vec<ExtractedTable> = Vec::new();
    let mut last_unit = None;
    for (block, table) in document.tables() {
        let heading = title::heading_before(document, block);
        let kind = title::classify(&heading.title);
        if heading.title.is_empty() {
            warnings.push(Warning {
                code: "untitled_table",
                message: "a table has no recognizable title".to_string(),
                block: Some(block),
            });
        } else if kind == TableKind::Unknown {
            warnings.push(Warning {
                code: "unknown_table",
                message: format!("table title {:?} is not a known kind", heading.title),
                block: Some(block),
            });
        }
        let mut extracted = line_reading::extract_table(
            table,
            block,
            kind,
            heading.title,
            heading.unit,
            last_unit,
            &mut warnings,
        );
        if final_accounts {
            final_accounts::apply_measures(&mut extracted, &mut warnings);
        }
        if heading.unit.is_some() {
            last_unit = heading.unit;
        }
        if let Some(c) = title::classification_in_title(&extracted.title) {
            if extracted.classification.is_none()
                || kind == TableKind::GeneralBudgetBasicExpenditure
                || kind == TableKind::ProjectExpenditure
            {
                extracted.classification = Some(c);
            }
        }
        if kind == TableKind::PerformanceTargets {
            extracted.scope = title::performance_scope(&extracted.title);
        }
        keys::make_unique(&mut extracted);
        tables.push(extracted);
    }
    let mut tables = repeated_pages::join_repeated_pages(document, tables);
    for table in tables.iter_mut() {
        let unit = table.source_unit.unwrap_or(crate::money::Unit::Yuan);
        if table.kind.is_two_sided() {
            nesting::nest_uncoded_sections(&mut table.rows, unit);
        } else {
            nesting::nest_uncoded_rows(&mut table.rows, unit);
        }
    }
    warnings.extend(missing_tables(document));
    warnings.extend(unchecked_figures(&tables));
    if tables.is_empty() {
        warnings.push(Warning {
            code: "no_tables",
            message: "the document has no tables".to_string(),
            block: None,
        });
    }
    let narrative_document = text_order::restore_text_order(document, &tables);
    let mut facts = narrative::facts(&narrative_document);
    if final_accounts {
        facts = final_accounts::facts(&narrative_document, facts, &mut warnings);
    } else {
        facts.extend(narrative::item_facts(&narrative_document));
    }
    let profile = narrative::profile(&narrative_document);
    let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
    let department = identity::department(document);
    let fiscal_year = identity::fiscal_year(document, &titles);
    let document_kind = identity::document_kind(document, &titles);
    if department.is_none() {
        warnings.push(Warning {
            code: "no_department",
            message: "the department's name was not found".to_string(),
            block: None,
        });
    }
    if fiscal_year.is_none() {
        warnings.push(Warning {
            code: "no_fiscal_year",
            message: "the fiscal year was not found".to_string(),
            block: None,
        });
    }
    let row_figures = named_figures::row_figures(
        &narrative_document,
        &tables,
        &facts,
        department.as_deref(),
        fiscal_year,
    );
    facts.extend(row_figures);
    let mut summary = summary::summarize(&tables, &facts);
    if final_accounts {
        final_accounts::summarize(&tables, &facts, &mut summary);
    }
    let department_identity = department.as_deref().map(department::identify);
    Disclosure {
        department,
        department_identity,
        fiscal_year,
        document_kind,
        summary,
        profile,
        tables,
        facts,
        warnings,
        paragraphs: contents::paragraphs(document),
        contents: contents::tables_announced(document),
        running_heads: contents::running_heads(document),
    }
}
