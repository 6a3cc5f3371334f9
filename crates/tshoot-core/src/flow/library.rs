//! The library: flows and known errors merged from the built-in set and the operator's
//! directories, later sources overriding earlier ones by id.

use super::convert;
use super::limits::{MAX_LIBRARY_ITEMS, MAX_NODES_PER_FLOW};
use super::model::{Entry, Flow, Origin, SourceFile};
use super::yaml;
use crate::diag::{self, Diagnostic, Severity};
use include_dir::{Dir, include_dir};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The shipped flows, compiled into the binary.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../flows");

pub use super::limits::MAX_FILE_BYTES;

/// The label built-in files carry in diagnostics.
pub const BUILTIN_PREFIX: &str = "<builtin>";

/// Where the library comes from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Include the built-in flows.
    pub builtin: bool,
    /// Directories or files, lowest priority first; a later one overrides an earlier one.
    pub paths: Vec<PathBuf>,
}

/// The merged set of flows and known errors.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Library {
    flows: Vec<Flow>,
    entries: Vec<Entry>,
    // Fx maps: deterministic, so the build-time snapshot is the same from build to build.
    flow_index: FxHashMap<String, usize>,
    entry_index: FxHashMap<String, usize>,
}

impl Library {
    /// All flows, in load order.
    pub fn flows(&self) -> &[Flow] {
        &self.flows
    }

    /// All known errors, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The flow with this id.
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flow_index.get(id).and_then(|&i| self.flows.get(i))
    }

    /// The known error with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entry_index.get(id).and_then(|&i| self.entries.get(i))
    }
}

/// A library and every problem found while building it.
#[derive(Debug)]
pub struct Loaded {
    /// The library (possibly with broken parts left out).
    pub library: Library,
    /// Problems, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, merges and validates the library from `sources`.
pub fn load(sources: &Sources) -> Loaded {
    load_with(sources, |_| ()).0
}

/// Loads like [`load`], and runs `with` on the merged library on another core while it is
/// validated: `tshoot search` builds its index there, so start-up pays for the longer of the
/// two rather than both. The caller decides what to do with the result if validation fails.
pub fn load_with<T: Send>(
    sources: &Sources,
    with: impl FnOnce(&Library) -> T + Send,
) -> (Loaded, T) {
    let mut diagnostics = Vec::new();
    let mut library = Library::default();
    if sources.builtin {
        add_layer(&mut library, builtin_files(), true, &mut diagnostics);
    }
    for path in &sources.paths {
        let layer = read_path(path, &mut diagnostics);
        add_layer(&mut library, layer, false, &mut diagnostics);
    }
    check(library, diagnostics, with)
}

/// Loads like [`load_with`], with the built-in layer given already loaded and checked (the
/// build-time snapshot) instead of parsed: only `paths` are read on top of it. Everything is
/// validated together, since the operator's flows may refer to built-in ones.
pub fn load_onto_with<T: Send>(
    builtin: Library,
    paths: &[PathBuf],
    with: impl FnOnce(&Library) -> T + Send,
) -> (Loaded, T) {
    let mut diagnostics = Vec::new();
    let mut library = builtin;
    for path in paths {
        let layer = read_path(path, &mut diagnostics);
        add_layer(&mut library, layer, false, &mut diagnostics);
    }
    check(library, diagnostics, with)
}

/// Validates `library` while `with` runs on it on another core.
fn check<T: Send>(
    library: Library,
    mut diagnostics: Vec<Diagnostic>,
    with: impl FnOnce(&Library) -> T + Send,
) -> (Loaded, T) {
    let (found, value) = std::thread::scope(|scope| {
        let value = scope.spawn(|| with(&library));
        let found = super::validate::validate(&library);
        (found, value.join())
    });
    // A panic in `with` is the caller's bug: let it surface as one, on this thread.
    let value = value.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    diagnostics.extend(found);
    diag::sort(&mut diagnostics);
    (
        Loaded {
            library,
            diagnostics,
        },
        value,
    )
}

/// Loads the flow files under `dir` as the built-in layer, named as the binary names its
/// embedded files (`<builtin>/...`) and in the same order; build.rs checks and snapshots
/// `flows/` this way, from disk. Every check runs, the YAML limits included.
pub fn load_builtin_dir(dir: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut paths = Vec::new();
    walk(dir, &mut paths, &mut diagnostics, 0);
    let mut files: Vec<Arc<SourceFile>> = paths
        .iter()
        .filter_map(|path| {
            let file = read_file(path, &mut diagnostics)?;
            let rel = path
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let name = format!("{BUILTIN_PREFIX}/{rel}");
            Some(Arc::new(SourceFile::new(
                name,
                file.text.clone().into_owned(),
            )))
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut library = Library::default();
    add_layer(&mut library, files, false, &mut diagnostics);
    check(library, diagnostics, |_| ()).0
}

/// Loads a library from in-memory files, all in one layer (for tests and fuzzing).
pub fn load_texts(files: &[(&str, &str)]) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut library = Library::default();
    let layer = files
        .iter()
        .map(|(path, text)| Arc::new(SourceFile::new(*path, (*text).to_owned())))
        .collect();
    add_layer(&mut library, layer, false, &mut diagnostics);
    diagnostics.extend(super::validate::validate(&library));
    diag::sort(&mut diagnostics);
    Loaded {
        library,
        diagnostics,
    }
}

fn builtin_files() -> Vec<Arc<SourceFile>> {
    let mut files = Vec::new();
    collect_builtin(&BUILTIN, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_builtin(dir: &Dir<'static>, out: &mut Vec<Arc<SourceFile>>) {
    for file in dir.files() {
        if is_yaml(file.path()) {
            let text = match file.contents_utf8() {
                Some(text) => std::borrow::Cow::Borrowed(text),
                None => String::from_utf8_lossy(file.contents()),
            };
            let path = format!("{BUILTIN_PREFIX}/{}", file.path().display());
            out.push(Arc::new(SourceFile::new(path, text)));
        }
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

/// The source file at `path` as a build-time snapshot names it: a built-in file gets its
/// text back from the binary; any other keeps only its name.
pub(super) fn source_file(path: String) -> Arc<SourceFile> {
    // Every flow and entry of a file shares that file, as when it is loaded from YAML.
    static BUILTIN_FILES: OnceLock<Vec<Arc<SourceFile>>> = OnceLock::new();
    let files = BUILTIN_FILES.get_or_init(builtin_files);
    match files.binary_search_by(|f| f.path.as_str().cmp(&path)) {
        Ok(i) => files
            .get(i)
            .map_or_else(|| Arc::new(SourceFile::new(path, "")), Arc::clone),
        Err(_) => Arc::new(SourceFile::new(path, "")),
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Reads a directory (recursively, `*.yaml`/`*.yml`, sorted) or a single file.
fn read_path(path: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Arc<SourceFile>> {
    let display = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(Diagnostic::error(display, format!("cannot read: {e}")));
            return Vec::new();
        }
    };
    if meta.is_file() {
        return read_file(path, diags).into_iter().collect();
    }
    let mut paths = Vec::new();
    walk(path, &mut paths, diags, 0);
    paths.sort();
    paths.iter().filter_map(|p| read_file(p, diags)).collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>, depth: usize) {
    // Symlink loops and absurd trees stop here rather than hanging.
    if depth > 16 {
        diags.push(Diagnostic::warning(
            dir.display().to_string(),
            "directory nested more than 16 levels deep; not read further",
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::error(
                dir.display().to_string(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&p, out, diags, depth + 1),
            Ok(_) if is_yaml(&p) => out.push(p),
            _ => {}
        }
    }
}

fn read_file(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Arc<SourceFile>> {
    let display = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            diags.push(Diagnostic::error(display, yaml::too_large(m.len())));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::error(display, format!("cannot read: {e}")));
            return None;
        }
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(Arc::new(SourceFile::new(display, text))),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let before = &e.as_bytes()[..at];
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                diags
                    .push(Diagnostic::error(display, "file is not valid UTF-8 text").at(line, col));
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(display, format!("cannot read: {e}")));
            None
        }
    }
}

/// Parses one layer's files and merges them in: ids repeated inside the layer are errors,
/// ids from an earlier layer are overridden. Flows over [`MAX_NODES_PER_FLOW`] nodes and items
/// past [`MAX_LIBRARY_ITEMS`] are refused. Only the built-in layer is `trusted`: its files skip
/// the YAML limit checks.
fn add_layer(
    library: &mut Library,
    files: Vec<Arc<SourceFile>>,
    trusted: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let mut layer = Admission::default();
    for file in files {
        let parsed = if trusted {
            yaml::parse_trusted(&file.path, &file.text)
        } else {
            yaml::parse(&file.path, &file.text)
        };
        let parsed = match parsed {
            Ok(p) => p,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        for (index, raw) in parsed.flows.into_iter().enumerate() {
            let origin = Origin {
                file: Arc::clone(&file),
                list: "flows",
                index,
            };
            if !layer.admit(library, &raw.id, &origin, diags) {
                continue;
            }
            if raw.nodes.len() > MAX_NODES_PER_FLOW {
                diags.push(origin.diag(
                    Severity::Error,
                    &raw.id,
                    None,
                    &[
                        yaml::Seg::Key("nodes".into()),
                        yaml::Seg::Index(MAX_NODES_PER_FLOW),
                    ],
                    format!(
                        "flow has {} nodes; a flow may have at most {MAX_NODES_PER_FLOW}: split it into flows joined by `goto` (flow left out)",
                        raw.nodes.len()
                    ),
                ));
                continue;
            }
            if library.entry_index.contains_key(&raw.id) {
                layer.dropped_entries.insert(raw.id.clone());
            }
            let flow = convert::flow(raw, origin, diags);
            insert(&mut library.flows, &mut library.flow_index, flow, |f| &f.id);
        }
        for (index, raw) in parsed.errors.into_iter().enumerate() {
            let origin = Origin {
                file: Arc::clone(&file),
                list: "errors",
                index,
            };
            if !layer.admit(library, &raw.id, &origin, diags) {
                continue;
            }
            if library.flow_index.contains_key(&raw.id) {
                layer.dropped_flows.insert(raw.id.clone());
            }
            let entry = convert::entry(raw, origin);
            insert(&mut library.entries, &mut library.entry_index, entry, |e| {
                &e.id
            });
        }
    }
    // An id may change kind between layers (a user entry replacing a built-in flow): the
    // earlier item of the other kind goes.
    if !layer.dropped_flows.is_empty() {
        library
            .flows
            .retain(|f| !layer.dropped_flows.contains(&f.id));
        reindex(&library.flows, &mut library.flow_index, |f| &f.id);
    }
    if !layer.dropped_entries.is_empty() {
        library
            .entries
            .retain(|e| !layer.dropped_entries.contains(&e.id));
        reindex(&library.entries, &mut library.entry_index, |e| &e.id);
    }
}

/// What one layer has taken in so far.
#[derive(Default)]
struct Admission {
    /// Ids defined in this layer, with where.
    seen: HashMap<String, Origin>,
    /// Items of the other kind that this layer replaces, removed once at the end of the layer
    /// (removing them one by one would be quadratic).
    dropped_flows: HashSet<String>,
    dropped_entries: HashSet<String>,
    /// Whether "the library is full" has been said.
    full_reported: bool,
}

impl Admission {
    /// Whether the item `id` defined at `origin` may go into `library`: it must not repeat an
    /// id of this layer, and there must be room for it unless it replaces an item.
    fn admit(
        &mut self,
        library: &Library,
        id: &str,
        origin: &Origin,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        if duplicate(&self.seen, id, origin, diags) {
            return false;
        }
        self.seen.insert(id.to_owned(), origin.clone());
        let replaces = library.flow_index.contains_key(id) || library.entry_index.contains_key(id);
        if !replaces && is_full(library, &self.dropped_flows, &self.dropped_entries) {
            report_full(origin, id, &mut self.full_reported, diags);
            return false;
        }
        true
    }
}

/// Whether the library already holds [`MAX_LIBRARY_ITEMS`] flows and known errors.
fn is_full(
    library: &Library,
    dropped_flows: &HashSet<String>,
    dropped_entries: &HashSet<String>,
) -> bool {
    let held = library.flows.len() + library.entries.len();
    held.saturating_sub(dropped_flows.len() + dropped_entries.len()) >= MAX_LIBRARY_ITEMS
}

/// Reports the first item refused because the library is full; later ones stay silent.
fn report_full(origin: &Origin, id: &str, reported: &mut bool, diags: &mut Vec<Diagnostic>) {
    if std::mem::replace(reported, true) {
        return;
    }
    diags.push(origin.diag(
        Severity::Error,
        id,
        None,
        &[yaml::Seg::Key("id".into())],
        format!(
            "the library already holds {MAX_LIBRARY_ITEMS} flows and known errors, the most tshoot loads; this one and every later new id are left out"
        ),
    ));
}

fn duplicate(
    seen: &HashMap<String, Origin>,
    id: &str,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(first) = seen.get(id) else {
        return false;
    };
    let (line, _) = first
        .file
        .locate(&[
            yaml::Seg::Key(first.list.to_owned()),
            yaml::Seg::Index(first.index),
        ])
        .unwrap_or((0, 0));
    diags.push(origin.diag(
        Severity::Error,
        id,
        None,
        &[yaml::Seg::Key("id".into())],
        format!(
            "duplicate id '{id}': already defined in {}:{line}; ids must be unique across the library",
            first.file.path
        ),
    ));
    true
}

fn insert<T>(
    items: &mut Vec<T>,
    index: &mut FxHashMap<String, usize>,
    item: T,
    id: impl Fn(&T) -> &String,
) {
    match index.get(id(&item)) {
        Some(&i) => items[i] = item,
        None => {
            index.insert(id(&item).clone(), items.len());
            items.push(item);
        }
    }
}

fn reindex<T>(items: &[T], index: &mut FxHashMap<String, usize>, id: impl Fn(&T) -> &String) {
    index.clear();
    for (i, item) in items.iter().enumerate() {
        index.insert(id(item).clone(), i);
    }
}
