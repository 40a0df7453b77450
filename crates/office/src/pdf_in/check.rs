//! Checks of a PDF's object graph before its text is extracted. The extractor
//! follows a page's `Parent` chain and the form XObjects a content stream draws
//! (`Do`) by recursion, without looking for loops: a loop there overflows the
//! stack, which no `catch_unwind` stops, and forms that draw one another many
//! times over never end. A page tree whose `Kids` loop back is refused too.

use std::collections::{HashMap, HashSet};

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use crate::OfficeError;

/// Forms drawn at most in all, every time one is drawn counted.
pub const MAX_DRAWS: usize = 200_000;
/// Forms nested in one another at most.
pub const MAX_DEPTH: usize = 32;

/// Refuses a PDF whose page tree or forms loop, nest too deep or draw too often.
pub fn check(doc: &Document) -> Result<(), OfficeError> {
    page_tree(doc)?;
    let mut forms = Forms { doc, draws: 0, names: HashMap::new() };
    let mut memo = HashMap::new();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).map_err(|_| damaged(format!("page {n} is not a dictionary")))?;
        let resources = inherited_resources(doc, id, page, &mut memo)?;
        let content = doc.get_page_content(id).unwrap_or_default();
        let mut path = Vec::new();
        forms.draw(&content, resources, &mut path)?;
    }
    Ok(())
}

fn damaged(reason: String) -> OfficeError {
    OfficeError::whole(format!("the PDF is damaged: {reason}"))
}

/// Walks the page tree from the catalog; a node that is its own ancestor is a loop.
fn page_tree(doc: &Document) -> Result<(), OfficeError> {
    let Ok(root) = doc.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference) else {
        return Ok(());
    };
    // Depth-first with the nodes on the current path; each node is expanded once.
    let mut on_path: HashSet<ObjectId> = HashSet::new();
    let mut done: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(ObjectId, Vec<ObjectId>)> = Vec::new();
    on_path.insert(root);
    stack.push((root, kids(doc, root)));
    while let Some((node, pending)) = stack.last_mut() {
        let node = *node;
        match pending.pop() {
            Some(kid) if on_path.contains(&kid) => {
                return Err(damaged(format!("its page tree loops (object {} lists an ancestor among its kids)", node.0)));
            }
            Some(kid) if done.contains(&kid) => {}
            Some(kid) => {
                on_path.insert(kid);
                stack.push((kid, kids(doc, kid)));
            }
            None => {
                on_path.remove(&node);
                done.insert(node);
                stack.pop();
            }
        }
    }
    Ok(())
}

fn kids(doc: &Document, node: ObjectId) -> Vec<ObjectId> {
    let Ok(dict) = doc.get_dictionary(node) else { return Vec::new() };
    let Ok(kids) = dict.get_deref(b"Kids", doc).and_then(Object::as_array) else { return Vec::new() };
    kids.iter().filter_map(|k| k.as_reference().ok()).collect()
}

/// The resources a page inherits (as the extractor finds them: its own, else
/// its nearest ancestor's), after checking that its `Parent` chain ends; `memo`
/// holds what each node already walked inherits.
fn inherited_resources<'a>(
    doc: &'a Document,
    page_id: ObjectId,
    page: &'a Dictionary,
    memo: &mut HashMap<ObjectId, Option<&'a Dictionary>>,
) -> Result<Option<&'a Dictionary>, OfficeError> {
    let mut chain = vec![(page_id, page)];
    let mut seen = HashSet::from([page_id]);
    let mut above = None;
    while let Some(parent) = chain[chain.len() - 1].1.get(b"Parent").ok().and_then(|p| p.as_reference().ok()) {
        if let Some(r) = memo.get(&parent) {
            above = *r;
            break;
        }
        if !seen.insert(parent) {
            return Err(damaged(format!("its page tree loops (object {} is its own ancestor through /Parent)", parent.0)));
        }
        let Ok(next) = doc.get_dictionary(parent) else { break };
        chain.push((parent, next));
    }
    for (id, dict) in chain.into_iter().rev() {
        let own = dict.get(b"Resources").ok().and_then(|o| deref(doc, o)).and_then(|o| o.as_dict().ok());
        above = own.or(above);
        memo.insert(id, above);
    }
    Ok(above)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        _ => Some(o),
    }
}

/// The forms a content stream draws, followed as the extractor does.
struct Forms<'a> {
    doc: &'a Document,
    draws: usize,
    /// The names each content stream draws with `Do`, by the stream's address.
    names: HashMap<usize, Vec<Vec<u8>>>,
}

impl<'a> Forms<'a> {
    /// Follows the `Do` operators of a content stream under its resources;
    /// `path` holds the (form, resources) pairs being drawn.
    fn draw(&mut self, content: &[u8], resources: Option<&'a Dictionary>, path: &mut Vec<(usize, usize)>) -> Result<(), OfficeError> {
        let names = do_names(content);
        self.draw_names(&names, resources, path)
    }

    fn draw_names(&mut self, names: &[Vec<u8>], resources: Option<&'a Dictionary>, path: &mut Vec<(usize, usize)>) -> Result<(), OfficeError> {
        let Some(resources) = resources else { return Ok(()) };
        let Some(xobjects) = resources.get(b"XObject").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok()) else {
            return Ok(());
        };
        for name in names {
            let Some(form) = xobjects.get(name).ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_stream().ok()) else {
                continue;
            };
            self.draws += 1;
            if self.draws > MAX_DRAWS {
                return Err(damaged(format!("its forms draw one another more than {MAX_DRAWS} times")));
            }
            let inner = form.dict.get(b"Resources").ok().and_then(|o| deref(self.doc, o)).and_then(|o| o.as_dict().ok());
            let inner = inner.or(Some(resources));
            let key = (form as *const Stream as usize, inner.map_or(0, |r| r as *const Dictionary as usize));
            if path.contains(&key) {
                return Err(damaged(format!("a form draws itself (/{})", String::from_utf8_lossy(name))));
            }
            if path.len() >= MAX_DEPTH {
                return Err(damaged(format!("its forms nest more than {MAX_DEPTH} deep")));
            }
            let inner_names = match self.names.get(&key.0) {
                Some(n) => n.clone(),
                None => {
                    let content = form.decompressed_content().unwrap_or_else(|_| form.content.clone());
                    let n = do_names(&content);
                    self.names.insert(key.0, n.clone());
                    n
                }
            };
            if inner_names.is_empty() {
                continue;
            }
            path.push(key);
            self.draw_names(&inner_names, inner, path)?;
            path.pop();
        }
        Ok(())
    }
}

/// The names a content stream draws with `Do`, in order (none when it does not decode).
fn do_names(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(content) = Content::decode(content) else { return Vec::new() };
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec))
        .collect()
}
