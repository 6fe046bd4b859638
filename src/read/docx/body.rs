//! The main document part, walked as a stream of namespace-resolved events by an explicit state
//! machine: every open element has a [`Tag`] on a stack saying what it means, and the content
//! under construction (paragraphs, tables, cells, text boxes) lives on stacks of its own, so that
//! nesting of any depth keeps each piece of text in the one place Word shows it.

use super::grid::{CellPlacement, Merge, TableBuilder};
use super::numbering::Counters;
use super::package::{ContentTypes, PartError, PartXml, Relationships};
use super::styles::Styles;
use super::xml::{self, Ns};
use super::{DocxError, Warnings};
use crate::document::{Document, Origin, Table};
use quick_xml::events::{BytesStart, Event};

/// Deeper element nesting than any real document has; beyond it the file is hostile.
pub(super) const MAX_DEPTH: usize = 1024;

/// What the walker needs to know besides the part's own XML.
pub(super) struct Context<'a> {
    pub part: &'a str,
    pub styles: &'a Styles,
    pub relationships: &'a Relationships,
    pub content_types: &'a ContentTypes,
    /// Grid positions kept per document, real and covered ([`Limits::max_cells`]).
    ///
    /// [`Limits::max_cells`]: crate::read::Limits::max_cells
    pub max_cells: usize,
}

/// What an open element means; popped at its end tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    /// Read through: its content belongs to whatever encloses it.
    Through,
    /// An element whose children, if any, say nothing this reader uses.
    Leaf,
    Paragraph,
    ParagraphProps,
    NumberingProps,
    /// The paragraph mark's run properties.
    MarkProps,
    Run,
    RunProps,
    Text {
        preserve: bool,
    },
    Table,
    Row,
    RowProps,
    Cell,
    CellProps,
    TextBox,
    Alternate {
        chosen: bool,
    },
}

enum Action {
    Push(Tag),
    /// Skip the element and everything in it.
    Skip,
}

/// A finished block on its way to its container.
enum Item {
    Paragraph(String),
    Table(Table),
}

/// Where finished blocks go.
enum Holder {
    Body,
    Cell {
        paragraphs: Vec<String>,
        nested: Vec<Table>,
        placement: CellPlacement,
    },
    TextBox(Vec<Item>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldPhase {
    /// Between `begin` and `separate`: the field code, never shown.
    Instruction,
    /// Between `separate` and `end`: the result Word shows.
    Result,
}

struct Container {
    holder: Holder,
    /// Complex fields open in this container (fields never cross into a cell or text box).
    fields: Vec<FieldPhase>,
    /// Text of a paragraph whose mark was deleted, joined to the next paragraph.
    carry: Option<String>,
}

impl Container {
    fn new(holder: Holder) -> Container {
        Container {
            holder,
            fields: Vec::new(),
            carry: None,
        }
    }
}

#[derive(Default)]
struct RunState {
    direct_vanish: Option<bool>,
    style: Option<String>,
    hidden: bool,
}

#[derive(Default)]
struct ParagraphState {
    text: String,
    origin: u32,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    mark_hidden: bool,
    mark_deleted: bool,
    /// Set once the paragraph's properties are known and its number counted.
    settled: bool,
    label: Option<String>,
    style_hidden: bool,
    run: RunState,
    /// Text-box content anchored in this paragraph, placed after it.
    floating: Vec<Item>,
}

struct Walker<'w, 'd> {
    context: &'w Context<'w>,
    counters: &'w mut Counters<'d>,
    warnings: &'w mut Warnings,
    document: Document,
    tags: Vec<Tag>,
    skip: usize,
    containers: Vec<Container>,
    paragraphs: Vec<ParagraphState>,
    tables: Vec<TableBuilder>,
    body_index: u32,
    cells: usize,
}

/// Walks the main document part into a document.
pub(super) fn walk(
    reader: &mut PartXml<'_>,
    context: &Context<'_>,
    counters: &mut Counters<'_>,
    warnings: &mut Warnings,
) -> Result<Document, PartError> {
    let mut walker = Walker {
        context,
        counters,
        warnings,
        document: Document::default(),
        tags: Vec::new(),
        skip: 0,
        containers: vec![Container::new(Holder::Body)],
        paragraphs: Vec::new(),
        tables: Vec::new(),
        body_index: 0,
        cells: 0,
    };
    let mut buf = Vec::new();
    let mut root_seen = false;
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        let ns = xml::resolved(&ns);
        let top_level = walker.tags.is_empty() && walker.skip == 0;
        match event {
            Event::Start(e) if top_level && !root_seen => {
                // Anything but a Word document here is some other file under the part's name.
                if ns != Ns::Word || e.local_name().as_ref() != b"document" {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(DocxError::NoDocumentPart {
                        detail: format!(
                            "part {} holds a <{name}> element, not a WordprocessingML document",
                            context.part
                        ),
                    }
                    .into());
                }
                root_seen = true;
                walker.tags.push(Tag::Through);
            }
            Event::Text(t) if top_level && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(DocxError::MalformedXml {
                    part: context.part.to_string(),
                    position: reader.buffer_position(),
                    detail: "text outside the root element: the part is not XML".to_string(),
                }
                .into());
            }
            Event::Start(e) => {
                // Skipped elements count too: the parser keeps every open element's name.
                if walker.tags.len() + walker.skip >= MAX_DEPTH {
                    return Err(DocxError::TooDeep {
                        part: context.part.to_string(),
                        position: reader.buffer_position(),
                        limit: MAX_DEPTH,
                    }
                    .into());
                } else if walker.skip > 0 {
                    walker.skip += 1;
                } else {
                    let action = walker.start(reader, ns, &e);
                    match action {
                        Action::Push(tag) => walker.tags.push(tag),
                        Action::Skip => walker.skip = 1,
                    }
                }
            }
            Event::End(_) => {
                if walker.skip > 0 {
                    walker.skip -= 1;
                } else if let Some(tag) = walker.tags.pop() {
                    walker.end(tag)?;
                }
            }
            Event::Text(t) if walker.skip == 0 => {
                if let Some(&Tag::Text { preserve }) = walker.tags.last() {
                    match t.unescape() {
                        Ok(text) => walker.text(&text, preserve),
                        Err(quick_xml::Error::Encoding(_)) => {
                            walker.warnings.push(invalid_utf8(context.part));
                            let raw = String::from_utf8_lossy(&t).into_owned();
                            walker.text(&decode_known_references(&raw), preserve);
                        }
                        Err(_) => {
                            // Entities a DOCTYPE declares are never expanded.
                            walker.warnings.push(format!(
                                "undefined entity references in part {} were kept as written",
                                context.part
                            ));
                            let raw = String::from_utf8_lossy(&t).into_owned();
                            walker.text(&decode_known_references(&raw), preserve);
                        }
                    }
                }
            }
            Event::CData(t) if walker.skip == 0 => {
                if let Some(&Tag::Text { preserve }) = walker.tags.last() {
                    if std::str::from_utf8(&t).is_err() {
                        walker.warnings.push(invalid_utf8(context.part));
                    }
                    let raw = String::from_utf8_lossy(&t).into_owned();
                    walker.text(&raw, preserve);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !root_seen {
        return Err(DocxError::MalformedXml {
            part: context.part.to_string(),
            position: reader.buffer_position(),
            detail: "the part has no root element".to_string(),
        }
        .into());
    }
    if !walker.tags.is_empty() || walker.skip > 0 {
        return Err(DocxError::MalformedXml {
            part: context.part.to_string(),
            position: reader.buffer_position(),
            detail: "the part ends before its elements are closed".to_string(),
        }
        .into());
    }
    // Word never deletes the last paragraph mark; should a file do so, keep the text.
    if let Some(carry) = walker.containers.first_mut().and_then(|c| c.carry.take()) {
        let origin = walker.body_index.max(1);
        walker.deliver(Item::Paragraph(carry.trim().to_string()), origin);
    }
    Ok(walker.document)
}

fn invalid_utf8(part: &str) -> String {
    format!("text in part {part} is not valid UTF-8; the bad bytes read as U+FFFD")
}

/// Decodes the five predefined entities and character references, and keeps any other
/// reference as written: a DOCTYPE may declare entities, and they are never expanded.
fn decode_known_references(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is `&name;` with a short name; anything else is a bare ampersand.
        let reference = rest[1..]
            .find(';')
            .filter(|&end| end <= 32)
            .map(|end| &rest[1..=end + 1]);
        let decoded = reference.and_then(|r| {
            let name = &r[..r.len() - 1];
            match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "apos" => Some('\''),
                "quot" => Some('"'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }
        });
        match (reference, decoded) {
            (Some(r), Some(c)) => {
                out.push(c);
                rest = &rest[1 + r.len()..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_xml_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `xml:space="preserve"` on an element.
fn preserves_space(element: &BytesStart) -> bool {
    element
        .attributes()
        .flatten()
        .any(|attr| attr.key.as_ref() == b"xml:space" && xml::value(&attr).trim() == "preserve")
}

impl Walker<'_, '_> {
    fn start<R>(
        &mut self,
        reader: &quick_xml::NsReader<R>,
        ns: Ns,
        element: &BytesStart,
    ) -> Action {
        let name = element.local_name();
        let local = name.as_ref();
        let parent = self.tags.last().copied();
        match parent {
            Some(Tag::ParagraphProps) => self.paragraph_property(reader, ns, local, element),
            Some(Tag::NumberingProps) => {
                if ns == Ns::Word {
                    let value = xml::val(reader, element);
                    if let Some(p) = self.paragraphs.last_mut() {
                        match local {
                            b"numId" => p.num_id = value,
                            b"ilvl" => p.ilvl = value.and_then(|v| v.trim().parse().ok()),
                            _ => return Action::Skip,
                        }
                        return Action::Push(Tag::Leaf);
                    }
                }
                Action::Skip
            }
            Some(Tag::MarkProps) => {
                if ns == Ns::Word {
                    if let Some(p) = self.paragraphs.last_mut() {
                        match local {
                            b"vanish" | b"specVanish" => {
                                p.mark_hidden = xml::on_off(reader, element)
                            }
                            b"del" | b"moveFrom" => p.mark_deleted = true,
                            _ => return Action::Skip,
                        }
                        return Action::Push(Tag::Leaf);
                    }
                }
                Action::Skip
            }
            Some(Tag::RunProps) => {
                if ns == Ns::Word {
                    if let Some(p) = self.paragraphs.last_mut() {
                        match local {
                            b"rStyle" => p.run.style = xml::val(reader, element),
                            b"vanish" | b"specVanish" => {
                                p.run.direct_vanish = Some(xml::on_off(reader, element))
                            }
                            _ => return Action::Skip,
                        }
                        return Action::Push(Tag::Leaf);
                    }
                }
                Action::Skip
            }
            Some(Tag::RowProps) => {
                if ns == Ns::Word {
                    if let Some(table) = self.tables.last_mut() {
                        match local {
                            b"gridBefore" => {
                                let columns = xml::val(reader, element)
                                    .and_then(|v| v.trim().parse::<usize>().ok())
                                    .unwrap_or(0);
                                table.set_grid_before(columns);
                            }
                            b"del" => table.mark_row_deleted(),
                            _ => return Action::Skip,
                        }
                        return Action::Push(Tag::Leaf);
                    }
                }
                Action::Skip
            }
            Some(Tag::CellProps) => {
                if ns == Ns::Word {
                    if let Some(Container {
                        holder: Holder::Cell { placement, .. },
                        ..
                    }) = self.containers.last_mut()
                    {
                        let merge = |reader, element| match xml::val(reader, element).as_deref() {
                            Some("restart") => Merge::Restart,
                            _ => Merge::Continue,
                        };
                        match local {
                            b"gridSpan" => {
                                placement.span = xml::val(reader, element)
                                    .and_then(|v| v.trim().parse::<u32>().ok())
                                    .unwrap_or(1)
                            }
                            b"vMerge" => placement.vertical = Some(merge(reader, element)),
                            b"hMerge" => placement.horizontal = Some(merge(reader, element)),
                            _ => return Action::Skip,
                        }
                        return Action::Push(Tag::Leaf);
                    }
                }
                Action::Skip
            }
            Some(Tag::Leaf) | Some(Tag::Text { .. }) => Action::Skip,
            Some(Tag::Alternate { chosen }) => {
                let take = ns == Ns::MarkupCompatibility
                    && !chosen
                    && match local {
                        b"Choice" => xml::choice_understood(reader, element),
                        b"Fallback" => true,
                        _ => false,
                    };
                if take {
                    if let Some(Tag::Alternate { chosen }) = self.tags.last_mut() {
                        *chosen = true;
                    }
                    Action::Push(Tag::Through)
                } else {
                    Action::Skip
                }
            }
            _ => self.content(reader, ns, local, element, parent),
        }
    }

    fn paragraph_property<R>(
        &mut self,
        reader: &quick_xml::NsReader<R>,
        ns: Ns,
        local: &[u8],
        element: &BytesStart,
    ) -> Action {
        if ns != Ns::Word {
            return Action::Skip;
        }
        match local {
            b"pStyle" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = xml::val(reader, element);
                }
                Action::Push(Tag::Leaf)
            }
            b"numPr" => Action::Push(Tag::NumberingProps),
            b"rPr" => Action::Push(Tag::MarkProps),
            // pPrChange (the properties before a tracked change), sectPr, tabs, …
            _ => Action::Skip,
        }
    }

    fn content<R>(
        &mut self,
        reader: &quick_xml::NsReader<R>,
        ns: Ns,
        local: &[u8],
        element: &BytesStart,
        parent: Option<Tag>,
    ) -> Action {
        match ns {
            Ns::Word => {}
            Ns::MarkupCompatibility => {
                return match local {
                    b"AlternateContent" => Action::Push(Tag::Alternate { chosen: false }),
                    _ => Action::Skip,
                }
            }
            Ns::Math => {
                return match local {
                    b"t" => Action::Push(Tag::Text { preserve: true }),
                    _ => Action::Push(Tag::Through),
                }
            }
            // Drawing and VML wrappers: read through to the text boxes they hold.
            _ => return Action::Push(Tag::Through),
        }
        match local {
            b"p" => {
                self.start_paragraph();
                Action::Push(Tag::Paragraph)
            }
            b"pPr" if parent == Some(Tag::Paragraph) => Action::Push(Tag::ParagraphProps),
            b"r" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.run = RunState {
                        hidden: p.style_hidden,
                        ..RunState::default()
                    };
                }
                Action::Push(Tag::Run)
            }
            b"rPr" if parent == Some(Tag::Run) => Action::Push(Tag::RunProps),
            b"t" => Action::Push(Tag::Text {
                preserve: preserves_space(element),
            }),
            b"tab" | b"ptab" => {
                self.append("\t");
                Action::Push(Tag::Leaf)
            }
            // Page and column breaks too: a break never joins the words on either side.
            b"br" | b"cr" => {
                self.append("\n");
                Action::Push(Tag::Leaf)
            }
            // Plain hyphen-minus, so that codes and phone numbers match as typed.
            b"noBreakHyphen" => {
                self.append("-");
                Action::Push(Tag::Leaf)
            }
            // An optional hyphen shows only where a line happens to break.
            b"softHyphen" => Action::Push(Tag::Leaf),
            b"sym" => {
                let font = xml::attribute(reader, element, Ns::Word, b"font");
                let code = xml::attribute(reader, element, Ns::Word, b"char");
                if let Some(c) = code.and_then(|code| symbol(font.as_deref(), &code)) {
                    self.append(c.encode_utf8(&mut [0; 4]));
                }
                Action::Push(Tag::Leaf)
            }
            b"fldChar" => {
                let kind = xml::attribute(reader, element, Ns::Word, b"fldCharType");
                if let Some(container) = self.containers.last_mut() {
                    match kind.as_deref() {
                        Some("begin") => container.fields.push(FieldPhase::Instruction),
                        Some("separate") => {
                            if let Some(phase) = container.fields.last_mut() {
                                *phase = FieldPhase::Result;
                            }
                        }
                        Some("end") => {
                            container.fields.pop();
                        }
                        _ => {}
                    }
                }
                Action::Push(Tag::Leaf)
            }
            b"tbl" => {
                let origin = self.next_origin();
                self.tables
                    .push(TableBuilder::new(Origin::body_elements(origin, origin)));
                Action::Push(Tag::Table)
            }
            b"tr" => match self.tables.last_mut() {
                Some(table) => {
                    table.start_row();
                    Action::Push(Tag::Row)
                }
                None => Action::Push(Tag::Through),
            },
            b"trPr" if parent == Some(Tag::Row) => Action::Push(Tag::RowProps),
            b"tc" => {
                if self.tables.last().is_some_and(TableBuilder::has_open_row) {
                    self.containers.push(Container::new(Holder::Cell {
                        paragraphs: Vec::new(),
                        nested: Vec::new(),
                        placement: CellPlacement::default(),
                    }));
                    Action::Push(Tag::Cell)
                } else {
                    Action::Push(Tag::Through)
                }
            }
            b"tcPr" if parent == Some(Tag::Cell) => Action::Push(Tag::CellProps),
            b"txbxContent" => {
                self.containers
                    .push(Container::new(Holder::TextBox(Vec::new())));
                Action::Push(Tag::TextBox)
            }
            b"altChunk" => {
                let id = xml::attribute(reader, element, Ns::Relationships, b"id");
                let target = id
                    .as_deref()
                    .and_then(|id| self.context.relationships.by_id(id))
                    .and_then(|r| r.target.clone());
                let described = match &target {
                    Some(part) => match self.context.content_types.of(part) {
                        Some(t) => format!("{part} ({t})"),
                        None => part.clone(),
                    },
                    None => "with no target".to_string(),
                };
                self.warnings.push(format!(
                    "an embedded document (w:altChunk {described}) was not read"
                ));
                Action::Skip
            }
            b"subDoc" => {
                self.warnings
                    .push("a linked subdocument (w:subDoc) was not read".to_string());
                Action::Skip
            }
            // Deleted and moved-away content, field codes, properties read elsewhere or not at
            // all, ruby guide text, note and comment marks.
            b"del"
            | b"moveFrom"
            | b"delText"
            | b"delInstrText"
            | b"instrText"
            | b"pPr"
            | b"rPr"
            | b"trPr"
            | b"tcPr"
            | b"tblPr"
            | b"tblGrid"
            | b"tblPrEx"
            | b"sectPr"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"smartTagPr"
            | b"customXmlPr"
            | b"rubyPr"
            | b"rt"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"commentReference"
            | b"annotationRef"
            | b"fldData"
            | b"background"
            | b"lastRenderedPageBreak" => Action::Skip,
            // ins, moveTo, hyperlink, smartTag, customXml, sdt, sdtContent, fldSimple, dir, bdo,
            // ruby, rubyBase, drawing, pict, object, body, document…
            _ => Action::Push(Tag::Through),
        }
    }

    fn end(&mut self, tag: Tag) -> Result<(), PartError> {
        match tag {
            Tag::Paragraph => self.end_paragraph(),
            Tag::ParagraphProps => self.settle_paragraph(),
            Tag::RunProps => {
                let styles = self.context.styles;
                if let Some(p) = self.paragraphs.last_mut() {
                    let by_style = p.run.style.as_deref().and_then(|s| styles.vanish(s));
                    p.run.hidden = p.run.direct_vanish.or(by_style).unwrap_or(p.style_hidden);
                }
            }
            Tag::Table => {
                if let Some(builder) = self.tables.pop() {
                    if builder.clamped {
                        self.warnings.push(format!(
                            "a table cell spans more than {} grid columns; the span was cut",
                            super::grid::MAX_GRID_COLUMNS
                        ));
                    }
                    let origin = builder.origin.start;
                    self.deliver(Item::Table(builder.finish()), origin);
                }
            }
            Tag::Row => {
                if let Some(table) = self.tables.last_mut() {
                    table.end_row();
                }
            }
            Tag::Cell => self.end_cell()?,
            Tag::TextBox => self.end_text_box(),
            _ => {}
        }
        Ok(())
    }

    /// The origin of a block that starts now: a new top-level body element, or the one the
    /// walker is inside.
    fn next_origin(&mut self) -> u32 {
        if self.containers.len() == 1 && self.paragraphs.is_empty() && self.tables.is_empty() {
            self.body_index = self.body_index.saturating_add(1);
        }
        self.body_index.max(1)
    }

    fn start_paragraph(&mut self) {
        let origin = self.next_origin();
        let carry = self
            .containers
            .last_mut()
            .and_then(|c| c.carry.take())
            .unwrap_or_default();
        let styles = self.context.styles;
        let style_hidden = styles
            .paragraph_style(None)
            .and_then(|s| styles.vanish(s))
            .unwrap_or(styles.default_vanish());
        self.paragraphs.push(ParagraphState {
            text: carry,
            origin,
            style_hidden,
            run: RunState {
                hidden: style_hidden,
                ..RunState::default()
            },
            ..ParagraphState::default()
        });
    }

    /// Once a paragraph's properties are read: the hidden state its style gives its runs, and
    /// its list number, counted now so that numbers follow document order.
    fn settle_paragraph(&mut self) {
        let styles = self.context.styles;
        let Some(p) = self.paragraphs.last_mut() else {
            return;
        };
        if p.settled {
            return;
        }
        p.settled = true;
        let style = styles.paragraph_style(p.style.as_deref());
        p.style_hidden = style
            .and_then(|s| styles.vanish(s))
            .unwrap_or(styles.default_vanish());
        p.run.hidden = p.style_hidden;
        // A deleted mark joins this paragraph to the next, whose number shows; a hidden mark
        // hides the number with it.
        if p.mark_deleted || p.mark_hidden {
            return;
        }
        let from_style = style.and_then(|s| styles.numbering(s));
        let Some(num_id) = p
            .num_id
            .clone()
            .or_else(|| from_style.as_ref().map(|(id, _)| id.clone()))
        else {
            return;
        };
        if num_id.trim() == "0" {
            return;
        }
        let ilvl = p
            .ilvl
            .or(from_style.and_then(|(_, l)| l))
            .unwrap_or_else(|| self.counters.level_for_style(&num_id, style));
        p.label = self.counters.next_label(&num_id, ilvl);
    }

    fn end_paragraph(&mut self) {
        self.settle_paragraph();
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        if let Some(container) = self.containers.last_mut() {
            // A field whose code never reached its result within the paragraph is broken;
            // dropping it keeps it from hiding the rest of the document.
            if let Some(open) = container
                .fields
                .iter()
                .position(|f| *f == FieldPhase::Instruction)
            {
                container.fields.truncate(open);
            }
            if p.mark_deleted {
                container.carry = Some(p.text);
                for item in p.floating {
                    self.deliver(item, p.origin);
                }
                return;
            }
        }
        let body = p.text.trim();
        // An empty numbered paragraph is counted but shows nothing worth keeping.
        let text = match p.label {
            Some(label) if !body.is_empty() => format!("{label}{body}"),
            _ => body.to_string(),
        };
        self.deliver(Item::Paragraph(text), p.origin);
        for item in p.floating {
            self.deliver(item, p.origin);
        }
    }

    fn end_cell(&mut self) -> Result<(), PartError> {
        let Some(mut container) = self.containers.pop() else {
            return Ok(());
        };
        if let Holder::Cell {
            mut paragraphs,
            nested,
            placement,
        } = container.holder
        {
            if let Some(carry) = container.carry.take() {
                paragraphs.push(carry.trim().to_string());
            }
            paragraphs.retain(|p| !p.is_empty());
            let text = paragraphs.join("\n");
            if let Some(table) = self.tables.last_mut() {
                let before = table.positions;
                table.place_cell(placement, text, nested);
                self.cells += table.positions - before;
                if self.cells > self.context.max_cells {
                    return Err(DocxError::TooManyCells {
                        limit: self.context.max_cells,
                    }
                    .into());
                }
            }
        }
        Ok(())
    }

    fn end_text_box(&mut self) {
        let Some(mut container) = self.containers.pop() else {
            return;
        };
        let Holder::TextBox(mut items) = container.holder else {
            return;
        };
        if let Some(carry) = container.carry.take() {
            items.push(Item::Paragraph(carry.trim().to_string()));
        }
        match self.paragraphs.last_mut() {
            Some(anchor) => anchor.floating.extend(items),
            None => {
                let origin = self.body_index.max(1);
                for item in items {
                    self.deliver(item, origin);
                }
            }
        }
    }

    /// Hands a finished block to the innermost container.
    fn deliver(&mut self, item: Item, origin: u32) {
        let holder = self.containers.last_mut().map(|c| &mut c.holder);
        match (holder, item) {
            (Some(Holder::Cell { paragraphs, .. }), Item::Paragraph(text)) => {
                if !text.is_empty() {
                    paragraphs.push(text);
                }
            }
            (Some(Holder::Cell { nested, .. }), Item::Table(table)) => {
                if !table.rows.is_empty() {
                    nested.push(table);
                }
            }
            (Some(Holder::TextBox(items)), item) => items.push(item),
            (_, Item::Paragraph(text)) => self
                .document
                .push_paragraph(text, Origin::body_elements(origin, origin)),
            (_, Item::Table(table)) => self.document.push_table(table),
        }
    }

    fn visible(&self) -> bool {
        let in_result = self
            .containers
            .last()
            .is_none_or(|c| c.fields.iter().all(|f| *f == FieldPhase::Result));
        in_result && self.paragraphs.last().is_some_and(|p| !p.run.hidden)
    }

    fn append(&mut self, text: &str) {
        if self.visible() {
            if let Some(p) = self.paragraphs.last_mut() {
                p.text.push_str(text);
            }
        }
    }

    fn text(&mut self, text: &str, preserve: bool) {
        // Without xml:space="preserve", Word drops the spaces around a run's text.
        let text = if preserve {
            text
        } else {
            text.trim_matches(is_xml_whitespace)
        };
        self.append(text);
    }
}

/// The character a `w:sym` shows. Symbol-font codes (often written in the private-use range
/// F000–F0FF) are mapped to Unicode; other fonts' codes are kept as written.
fn symbol(font: Option<&str>, code: &str) -> Option<char> {
    let value = u32::from_str_radix(code.trim(), 16).ok()?;
    let is_symbol_font = font.is_some_and(|f| f.trim().eq_ignore_ascii_case("Symbol"));
    let low = if (0xF000..=0xF0FF).contains(&value) {
        value - 0xF000
    } else {
        value
    };
    if is_symbol_font && low < 0x100 {
        if let Some(c) = symbol_font_char(low as u8) {
            return Some(c);
        }
    }
    char::from_u32(value)
}

/// The Adobe Symbol encoding for the codes Word documents use.
fn symbol_font_char(code: u8) -> Option<char> {
    const ASCII_RANGE: &str = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼";
    const HIGH_RANGE: &str =
        "ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑";
    match code {
        0x20..=0x7E => ASCII_RANGE.chars().nth(usize::from(code - 0x20)),
        0xA1..=0xE5 => HIGH_RANGE.chars().nth(usize::from(code - 0xA1)),
        0xF1 => Some('〉'),
        0xF2 => Some('∫'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_references_are_kept_as_written() {
        assert_eq!(
            decode_known_references("值&amp;lt;与&secret;和&#x4E00;&#20108;&"),
            "值&lt;与&secret;和一二&"
        );
    }

    #[test]
    fn symbols() {
        assert_eq!(symbol(Some("Symbol"), "F061"), Some('α'));
        assert_eq!(symbol(Some("Symbol"), "F0B1"), Some('±'));
        assert_eq!(symbol(Some("Symbol"), "F0E5"), Some('∑'));
        assert_eq!(symbol(Some("Times New Roman"), "2264"), Some('≤'));
        assert_eq!(symbol(Some("Wingdings"), "F0FC"), Some('\u{F0FC}'));
        assert_eq!(symbol(None, "zz"), None);
    }

    #[test]
    fn symbol_table_is_aligned() {
        assert_eq!(symbol_font_char(0x7E), Some('∼'));
        assert_eq!(symbol_font_char(0x41), Some('Α'));
        assert_eq!(symbol_font_char(0xDF), Some('⇓'));
        assert_eq!(symbol_font_char(0xE0), Some('◊'));
    }
}
