//! The few style properties that change which text Word shows: list numbering attached to a
//! paragraph style, and hidden text (`w:vanish`) set by a style.

use super::package::{PartError, PartXml};
use super::xml::{self, path_ends_with, Ns};
use quick_xml::events::Event;
use std::collections::HashMap;

/// Styles chain through `w:basedOn`; a longer chain is a cycle or hostile.
const MAX_CHAIN: usize = 32;

#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    vanish: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_vanish: Option<bool>,
}

impl Styles {
    pub fn parse(reader: &mut PartXml<'_>) -> Result<Styles, PartError> {
        let mut styles = Styles::default();
        let mut path: Vec<Vec<u8>> = Vec::new();
        let mut skip = 0usize;
        let mut current: Option<(String, Style)> = None;
        let mut buf = Vec::new();
        loop {
            let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
            let ns = xml::resolved(&ns);
            match event {
                Event::Start(e) => {
                    if skip > 0 {
                        skip += 1;
                    } else if ns == Ns::MarkupCompatibility && e.local_name().as_ref() == b"Choice"
                    {
                        // Newer-Word branches of a property; the fallback states it plainly.
                        skip = 1;
                    } else {
                        let local = if ns == Ns::Word {
                            e.local_name().as_ref().to_vec()
                        } else {
                            Vec::new()
                        };
                        path.push(local);
                        let val = || xml::val(reader, &e);
                        if path_ends_with(&path, &[b"styles", b"style"]) {
                            let id = xml::attribute(reader, &e, Ns::Word, b"styleId");
                            let kind = xml::attribute(reader, &e, Ns::Word, b"type");
                            let default = xml::attribute(reader, &e, Ns::Word, b"default")
                                .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "on"));
                            if let Some(id) = id {
                                if default
                                    && kind.as_deref().unwrap_or("paragraph") == "paragraph"
                                    && styles.default_paragraph.is_none()
                                {
                                    styles.default_paragraph = Some(id.clone());
                                }
                                current = Some((id, Style::default()));
                            }
                        } else if let Some((_, style)) = current.as_mut() {
                            if path_ends_with(&path, &[b"style", b"basedOn"]) {
                                style.based_on = val();
                            } else if path_ends_with(&path, &[b"style", b"pPr", b"numPr", b"numId"])
                            {
                                style.num_id = val();
                            } else if path_ends_with(&path, &[b"style", b"pPr", b"numPr", b"ilvl"])
                            {
                                style.ilvl = val().and_then(|v| v.trim().parse().ok());
                            } else if path_ends_with(&path, &[b"style", b"rPr", b"vanish"]) {
                                style.vanish = Some(xml::on_off(reader, &e));
                            }
                        } else if path_ends_with(
                            &path,
                            &[b"docDefaults", b"rPrDefault", b"rPr", b"vanish"],
                        ) {
                            styles.default_vanish = Some(xml::on_off(reader, &e));
                        }
                    }
                }
                Event::End(_) => {
                    if skip > 0 {
                        skip -= 1;
                    } else {
                        if path_ends_with(&path, &[b"styles", b"style"]) {
                            if let Some((id, style)) = current.take() {
                                styles.styles.entry(id).or_insert(style);
                            }
                        }
                        path.pop();
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(styles)
    }

    /// The styles `id` inherits from, itself first.
    fn chain<'s>(&'s self, id: &'s str) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let style = self.styles.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// The paragraph style in effect: the one named, else the default paragraph style.
    pub fn paragraph_style<'s>(&'s self, named: Option<&'s str>) -> Option<&'s str> {
        named.or(self.default_paragraph.as_deref())
    }

    /// The list a paragraph style attaches: its `numId`, and its level if the style says.
    pub fn numbering(&self, style: &str) -> Option<(String, Option<u8>)> {
        let num_id = self.chain(style).find_map(|s| s.num_id.clone())?;
        let ilvl = self.chain(style).find_map(|s| s.ilvl);
        Some((num_id, ilvl))
    }

    /// Whether a style hides its text, if it says either way.
    pub fn vanish(&self, style: &str) -> Option<bool> {
        self.chain(style).find_map(|s| s.vanish)
    }

    /// Whether the document defaults hide text.
    pub fn default_vanish(&self) -> bool {
        self.default_vanish.unwrap_or(false)
    }
}
