// Collect: read the page into plain objects (Bitwarden's first step). Everything a heuristic in
// lib/sites/* needs is copied out here, so the heuristics are pure functions testable without a
// DOM; the elements stay in a parallel array and are only touched again to fill or to anchor UI.

/** What a field says about itself and what its surroundings say about it. */
export interface FieldFacts {
  tag: 'input' | 'textarea';
  type: string;
  name: string;
  id: string;
  placeholder: string;
  ariaLabel: string;
  /** <label for>, wrapping <label>, aria-labelledby, or a form-item label (Ant Design, Element Plus) */
  label: string;
  /** short text just before the field within its form row (for label-less layouts) */
  nearby: string;
  readOnly: boolean;
  disabled: boolean;
  visible: boolean;
  /** index into PageFacts.groups: the dialog or form that holds the field, -1 for none */
  group: number;
}

export interface GroupFacts {
  kind: 'dialog' | 'form';
  /** dialog title or form heading */
  title: string;
}

/**
 * Text that may be an ssh command: code blocks, readonly inputs, short text beside copy buttons,
 * or the text a copy button puts on the clipboard (clipboard.js `data-clipboard-text` and kin).
 */
export interface CommandFacts {
  source: 'code' | 'input' | 'text' | 'copy-button';
  text: string;
  /**
   * Whether the element can be seen; left out by `collectCommands(…, { visibility: false })`,
   * whose caller checks (with `isVisible`) only the candidates it looks at closer.
   */
  visible?: boolean;
}

export interface PageFacts {
  url: string;
  title: string;
  /** headings and dialog titles, for telling which page family this is */
  headings: string[];
  /** an xterm.js terminal is on the page */
  hasTerminal: boolean;
  fields: FieldFacts[];
  groups: GroupFacts[];
  commands: CommandFacts[];
}

export interface Collected {
  facts: PageFacts;
  fieldEls: (HTMLInputElement | HTMLTextAreaElement)[];
  commandEls: Element[];
  terminalEl: Element | null;
}

/** The page-level part of Collected: everything but the commands. */
export type CollectedPage = Omit<Collected, 'commandEls' | 'facts'> & { facts: Omit<PageFacts, 'commands'> };

/**
 * Where to look for commands after a change (the content script's rescans): `roots` are the
 * nodes that changed (elements with their subtrees, or single text nodes), none inside another;
 * `shallow` are elements whose own text nodes are looked at again, without their subtrees
 * (the parent a child was added to: its whole text changed, so it may stop being a command).
 */
export interface CommandScope {
  roots: readonly Node[];
  shallow?: readonly Element[];
}

const clean = (s: string | null | undefined, max = 200): string => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

// Dialog containers by markup family: ARIA first (most libraries set it), then the class names of
// Ant Design (.ant-modal, .ant-drawer) and Element Plus (.el-dialog, .el-drawer) for older builds.
const DIALOG_SELECTOR = '[role="dialog"], [aria-modal="true"], dialog, .ant-modal, .ant-drawer-content, .el-dialog, .el-drawer';
const DIALOG_TITLE_SELECTOR = '.ant-modal-title, .ant-drawer-title, .el-dialog__title, .el-drawer__title, [id$="title"], h1, h2, h3, header';
// One form row: Ant Design .ant-form-item, Element Plus .el-form-item, Arco .arco-form-item, or a
// generic row; the label element inside it names the field when there is no <label for>.
// `[class*="form-item"]` also matches the wrappers *inside* a row (.ant-form-item-control-input,
// .el-form-item__content), which hold the field but not the label: labelOf walks on up to the
// first such element that holds a label, and stops where a container holds a second field.
const FORM_ITEM_SELECTOR = '.ant-form-item, .el-form-item, .arco-form-item, .form-item, .form-group, [class*="form-item"]';
const FORM_LABEL_SELECTOR = 'label, .ant-form-item-label, .el-form-item__label, .arco-form-item-label, [class*="label"]';
const FORM_CONTROL_SELECTOR = 'input:not([type="hidden"]), textarea, select';

export function isVisible(el: Element): boolean {
  const h = el as HTMLElement;
  if (!h.isConnected) return false;
  if (typeof h.checkVisibility === 'function') return h.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions);
  return !!(h.offsetWidth || h.offsetHeight || h.getClientRects().length);
}

/**
 * The text of a command element as the user sees it: text in descendants the user cannot see is
 * left out (display:none, `hidden`, visibility:hidden, opacity 0, content-visibility, zero size, a
 * font under 4px, transparent text, positioned out of the element's box, clipped away by an
 * overflow or clip-path container inside it). aria-hidden text is kept: it is hidden from
 * screen readers, not from the eye, and what the eye sees is what the user copies and trusts.
 * Checked only inside candidate elements (a few per page), so the cost stays with them; an
 * element without child elements has nothing to hide this way and is read as is.
 */
/** a computed colour with alpha 0: rgba(r, g, b, 0), color(… / 0), transparent */
const TRANSPARENT = /^(?:transparent|rgba\([^,]+,[^,]+,[^,]+,\s*0(?:\.0*)?\)|.*\/\s*0(?:\.0*)?\))$/;

export function visibleText(el: Element): string {
  if (el.childElementCount === 0) return el.textContent ?? '';
  const view = el.ownerDocument.defaultView;
  const box = el.getBoundingClientRect();
  const overlaps = (r: DOMRect, c: DOMRect) => r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom;
  // per descendant element, once: can its own text be seen?
  const seen = new Map<Element, { shown: boolean; clips: DOMRect[] }>();
  const info = (e: Element): { shown: boolean; clips: DOMRect[] } => {
    let v = seen.get(e);
    if (v) return v;
    if (e === el) v = { shown: true, clips: [box] };
    else {
      const up = e.parentElement ? info(e.parentElement) : { shown: true, clips: [box] };
      v = { shown: up.shown, clips: up.clips };
      if (v.shown) {
        const h = e as HTMLElement;
        const native = typeof h.checkVisibility === 'function';
        // display:none (and `hidden`), visibility, opacity 0, content-visibility: the browser's own test
        if (native && !h.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true } as CheckVisibilityOptions)) v.shown = false;
        const cs = view?.getComputedStyle(e);
        if (v.shown && cs) {
          if ((!native && (cs.display === 'none' || cs.visibility !== 'visible' || Number(cs.opacity) === 0)) || parseFloat(cs.fontSize) < 4) v.shown = false;
          else if (TRANSPARENT.test(cs.color) || cs.clipPath !== 'none' || cs.clip !== 'auto') v.shown = false;
          // its box must lie where it can be seen: inside `el` and every clipping box between
          else {
            const rects = Array.from(e.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
            if (!rects.some((r) => v!.clips.every((c) => overlaps(r, c)))) v.shown = false;
            else if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') v.clips = [...v.clips, e.getBoundingClientRect()];
          }
        }
      }
    }
    seen.set(e, v);
    return v;
  };
  let text = '';
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && info(n.parentElement).shown) text += n.nodeValue ?? '';
  }
  return text;
}

function labelOf(el: HTMLInputElement | HTMLTextAreaElement): string {
  const parts: string[] = [];
  for (const l of Array.from(el.labels ?? [])) parts.push(l.textContent ?? '');
  const by = el.getAttribute('aria-labelledby');
  if (by) for (const id of by.split(/\s+/)) parts.push(el.ownerDocument.getElementById(id)?.textContent ?? '');
  const row = formRowLabel(el);
  if (row) parts.push(row);
  return clean(parts.join(' '));
}

/** The label of the form row holding `el` (Ant Design, Element Plus, Arco, generic rows). */
function formRowLabel(el: Element): string {
  for (let node = el.parentElement, depth = 0; node && depth < 8; node = node.parentElement, depth++) {
    if (node.matches('form, body, [role="dialog"]')) break;
    // Past the row: this container holds another field too, so its label may be that field's.
    if (node.querySelectorAll(FORM_CONTROL_SELECTOR).length > 1) break;
    if (!node.matches(FORM_ITEM_SELECTOR)) continue;
    const l = node.querySelector(FORM_LABEL_SELECTOR);
    if (!l || l.contains(el)) continue;
    // A <label for> that names some other element is not this field's label.
    const forId = l instanceof HTMLLabelElement ? l.htmlFor : '';
    if (forId && forId !== (el as HTMLElement).id) break;
    return l.textContent ?? '';
  }
  return '';
}

/** Text just before the field: previous siblings of the field and of up to three ancestors. */
function nearbyText(el: Element): string {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
    let prev = node.previousElementSibling;
    let text = '';
    for (let n = 0; prev && n < 2; n++, prev = prev.previousElementSibling) text = (prev.textContent ?? '') + ' ' + text;
    text = clean(text, 120);
    if (text) return text;
  }
  return '';
}

function groupTitle(g: Element): string {
  const t = g.querySelector(DIALOG_TITLE_SELECTOR) ?? g.querySelector('legend');
  return clean(t?.textContent ?? g.getAttribute('aria-label'), 80);
}

// Copy buttons that carry the text they copy: clipboard.js (data-clipboard-text), and the names
// hand-made buttons use. Only buttons and links (or elements acting as one) count.
export const COPY_ATTRS = ['data-clipboard-text', 'data-copy', 'data-clipboard', 'data-copy-text'];
// (the attributes first, the kind of element second: one selector per attribute and element
// kind made the browser match twenty selectors against every element of the page)
export const COPY_ATTR_SELECTOR = COPY_ATTRS.map((a) => `[${a}]`).join(', ');
const COPY_BUTTON_SELECTOR = 'button, a, [role="button"], span, i';

// A terminal: xterm.js's container is the strong sign. A class that only *mentions* a web
// terminal counts when it holds what a terminal is drawn with, and never as a navigation entry
// ("Web Terminal" in the side menu is a link, not a terminal).
const XTERM_SELECTOR = '.xterm, .xterm-screen';
const NAMED_TERMINAL_SELECTOR = '[class*="web-terminal"], [class*="webterminal"]';

function terminalOf(doc: Document): Element | null {
  const xterm = doc.querySelector(XTERM_SELECTOR);
  if (xterm) return xterm;
  for (const el of Array.from(doc.querySelectorAll(NAMED_TERMINAL_SELECTOR))) {
    if (el.closest('a, li, nav, [role="menu"], [role="menuitem"], [role="navigation"], [role="tab"], button')) continue;
    if (el.querySelector('canvas, textarea, iframe, pre')) return el;
  }
  return null;
}

/** Hosts of our own UI, never collected. */
export const OWN_HOST_TAG = 'infini-ssh-keys';

// Text in these is never a text-command candidate (code/pre/kbd/samp are candidates as whole
// elements): the text walker skips their subtrees instead of visiting every text node in them.
const NOT_TEXT_COMMANDS = 'script, style, noscript, textarea, code, pre, kbd, samp';
const CODE_SELECTOR = 'code, pre, kbd, samp';
/**
 * Text nodes under the context node whose text contains "ssh": a text command starts with a
 * lower-case `ssh ` (COMMAND_TEXT), so no case folding (XPath's translate() made a copy of
 * every text node of the page, ten times the cost of the walk itself).
 */
const SSH_TEXT_XPATH = './/text()[contains(., "ssh")]';
/**
 * The elements holding such a text node, but not one beside an element with a copy attribute:
 * a command shown next to its copy button is looked at with the button (the content script
 * reads the button's row when the button comes near). In a content script every element
 * touched costs a wrapper object of its own: a list of a thousand rows, each a command and its
 * copy button, gives a thousand elements here instead of two thousand nodes and the pairing.
 */
const SSH_TEXT_HOLDERS_XPATH = `.//text()[contains(., "ssh")]/parent::*[not(../*[${COPY_ATTRS.map((a) => `@${a}`).join(' or ')}])]`;
/** the expressions parsed once per document (a scan near the viewport evaluates them for every row) */
const xpathCache = new WeakMap<Document, Map<string, XPathExpression>>();
function evaluateXPath(doc: Document, source: string, root: Node, type: number): XPathResult {
  let exprs = xpathCache.get(doc);
  if (!exprs) xpathCache.set(doc, (exprs = new Map()));
  let expr = exprs.get(source);
  if (!expr) exprs.set(source, (expr = doc.createExpression(source)));
  return expr.evaluate(root, type);
}
function sshTextNodes(doc: Document, root: Node, ordered: boolean): Node[] {
  // an element without child elements: its own text nodes, without asking XPath
  if (root instanceof Element && root.childElementCount === 0) {
    return Array.from(root.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE && (n.nodeValue ?? '').includes('ssh'));
  }
  const found = evaluateXPath(doc, SSH_TEXT_XPATH, root, ordered ? XPathResult.ORDERED_NODE_SNAPSHOT_TYPE : XPathResult.UNORDERED_NODE_SNAPSHOT_TYPE);
  const nodes: Node[] = [];
  for (let i = 0; i < found.snapshotLength; i++) nodes.push(found.snapshotItem(i)!);
  return nodes;
}

/** Inputs that can hold text (the fields we classify, and readonly inputs showing a command). */
function textFieldType(el: HTMLInputElement | HTMLTextAreaElement): string | null {
  const type = el instanceof HTMLTextAreaElement ? 'textarea' : (el.type || 'text').toLowerCase();
  if (/^(hidden|checkbox|radio|submit|button|reset|file|image|range|color|date|datetime-local|month|week|time|number)$/.test(type)) return null;
  return type;
}

/** `root` itself when it matches, then its matching descendants; nothing for a text node. */
function matchingIn<E extends Element = Element>(root: Node, selector: string): E[] {
  if (!(root instanceof Element || root instanceof Document)) return [];
  const found = Array.from(root.querySelectorAll<E>(selector));
  return root instanceof Element && root.matches(selector) ? [root as E, ...found] : found;
}

/** Everything in the page at once: the first scan, and callers that want the whole picture. */
export function collect(doc: Document = document): Collected {
  const page = collectPage(doc);
  const { commands, commandEls } = collectCommands(doc);
  return { ...page, facts: { ...page.facts, commands }, commandEls };
}

/** Fields, dialogs and forms, headings, the terminal: what the page is, without its commands. */
export function collectPage(doc: Document = document): CollectedPage {
  const groups: GroupFacts[] = [];
  const groupEls: Element[] = [];
  const groupIndex = (el: Element): number => {
    const g = el.closest(DIALOG_SELECTOR) ?? el.closest('form');
    if (!g) return -1;
    let i = groupEls.indexOf(g);
    if (i < 0) {
      i = groupEls.push(g) - 1;
      groups.push({ kind: g.matches(DIALOG_SELECTOR) ? 'dialog' : 'form', title: groupTitle(g) });
    }
    return i;
  };

  const fields: FieldFacts[] = [];
  const fieldEls: (HTMLInputElement | HTMLTextAreaElement)[] = [];
  for (const el of Array.from(doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))) {
    if (el.closest(OWN_HOST_TAG)) continue;
    const type = textFieldType(el);
    if (type === null) continue;
    fields.push({
      tag: el instanceof HTMLTextAreaElement ? 'textarea' : 'input',
      type,
      name: el.name ?? '',
      id: el.id ?? '',
      placeholder: clean(el.getAttribute('placeholder')),
      ariaLabel: clean(el.getAttribute('aria-label')),
      label: labelOf(el),
      nearby: nearbyText(el),
      readOnly: el.readOnly,
      disabled: el.disabled,
      visible: isVisible(el),
      group: groupIndex(el),
    });
    fieldEls.push(el);
  }

  const headings = Array.from(doc.querySelectorAll('h1, h2, h3, [role="heading"], .ant-modal-title, .el-dialog__title, .ant-page-header-heading-title, .ant-card-head-title'))
    .filter((h) => !h.closest(OWN_HOST_TAG))
    .map((h) => clean(h.textContent, 80))
    .filter(Boolean)
    .slice(0, 30);
  const terminalEl = terminalOf(doc);

  return {
    facts: {
      url: doc.location?.href ?? '',
      title: clean(doc.title, 120),
      headings,
      hasTerminal: !!terminalEl && isVisible(terminalEl),
      fields,
      groups,
    },
    fieldEls,
    terminalEl,
  };
}

/**
 * What a page change may have touched besides commands: a field, a dialog or form, a heading,
 * a terminal (in `node`'s subtree, or around it). When no changed node is, the page facts of
 * the last scan still hold and only commands are looked for again.
 */
const PAGE_PARTS = `input, textarea, select, form, label, ${DIALOG_SELECTOR}, ${FORM_ITEM_SELECTOR}, h1, h2, h3, [role="heading"], .ant-page-header-heading-title, .ant-card-head-title, ${XTERM_SELECTOR}, ${NAMED_TERMINAL_SELECTOR}`;
const PAGE_CONTAINERS = `form, label, ${DIALOG_SELECTOR}, ${FORM_ITEM_SELECTOR}, h1, h2, h3, [role="heading"], ${XTERM_SELECTOR}, ${NAMED_TERMINAL_SELECTOR}`;
export function touchesPageFacts(node: Node): boolean {
  const el = node instanceof Element ? node : node.parentElement;
  if (!el) return false;
  if (el.closest(PAGE_CONTAINERS)) return true;
  return node instanceof Element && (node.matches(PAGE_PARTS) || node.querySelector(PAGE_PARTS) !== null);
}

/**
 * The code/pre/kbd/samp element holding `node` (or being it): a change inside one changes that
 * whole element's text, so it is read again as a whole.
 */
export function codeBlockOf(node: Node): Element | null {
  const el = node instanceof Element ? node : node.parentElement;
  return el?.closest(CODE_SELECTOR) ?? null;
}

/**
 * The start of `el`'s text, just long enough to tell whether it begins with `ssh ` or `$ ssh `:
 * a log streaming into a <pre> grows to megabytes, and its whole text read at every change
 * would cost what the log costs, not what the change does.
 */
export function leadingText(el: Element): string {
  let text = '';
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    text += n.nodeValue ?? '';
    let rest = text.trimStart();
    if (rest.startsWith('$')) rest = rest.slice(1).trimStart();
    // "ssh" and the whitespace after it are four characters
    if (rest.length >= 4) break;
  }
  return text;
}

/**
 * The elements that may be command candidates, found the cheap way, with the browser's own
 * queries and no check per element beyond them: inputs and code blocks as collectCommands
 * takes them, every element with its own text mentioning "ssh" (outside code, scripts, fields)
 * but one beside an element with a copy attribute (the caller reads it with that element's
 * row: copyButtonRow), every element with a copy attribute. A page of a thousand rows has a thousand of each; the
 * content script looks at the ones near the viewport closer, with collectCommands over them
 * as roots (which decides, by the same rules as a whole-page scan, which are candidates).
 * Added to `found` (a caller's set: a thousand elements are hashed once, not copied around).
 */
export function commandHints(doc: Document = document, scope?: CommandScope, found: Set<Element> = new Set()): Set<Element> {
  const roots: readonly Node[] = scope?.roots ?? [doc];
  const copies: Element[] = [];
  for (const root of roots) {
    for (const el of matchingIn<HTMLInputElement | HTMLTextAreaElement>(root, 'input, textarea')) {
      if ((el.readOnly || el.disabled) && /^\s*ssh\s/.test(el.value)) found.add(el);
    }
    for (const el of matchingIn(root, CODE_SELECTOR)) if (/^\s*(\$\s*)?ssh\s/.test(leadingText(el))) found.add(el);
    for (const el of matchingIn(root, COPY_ATTR_SELECTOR)) found.add(el), copies.push(el);
  }
  const holder = (p: Element | null) => {
    if (p && !found.has(p) && !p.closest(NOT_TEXT_COMMANDS)) found.add(p);
  };
  const textParent = (n: Node) => holder(n.parentElement);
  for (const root of scope ? roots : [doc.body ?? doc.documentElement]) {
    if (root.nodeType === Node.TEXT_NODE) {
      if ((root.nodeValue ?? '').includes('ssh')) textParent(root);
      continue;
    }
    if (!(root instanceof Element) || root.closest(NOT_TEXT_COMMANDS)) continue;
    if (root.childElementCount === 0) {
      for (const n of sshTextNodes(doc, root, false)) textParent(n);
      continue;
    }
    // the whole page: a list whose every command sits beside its copy button needs no text search
    if (!scope && sshOnlyBesideCopies(root, copies)) continue;
    // the holders, not the text nodes: one object per element the script touches
    const holders = evaluateXPath(doc, SSH_TEXT_HOLDERS_XPATH, root, XPathResult.UNORDERED_NODE_SNAPSHOT_TYPE);
    for (let i = 0; i < holders.snapshotLength; i++) holder(holders.snapshotItem(i) as Element);
  }
  for (const el of scope?.shallow ?? []) {
    for (const c of Array.from(el.childNodes)) {
      if (c.nodeType === Node.TEXT_NODE && (c.nodeValue ?? '').includes('ssh')) {
        textParent(c);
        break;
      }
    }
  }
  return found;
}

/** How many times "ssh" occurs in `s` (it cannot overlap itself). */
function sshCount(s: string | null): number {
  let n = 0;
  for (let i = s ? s.indexOf('ssh') : -1; i >= 0; i = s!.indexOf('ssh', i + 3)) n++;
  return n;
}

/**
 * Whether every text of `root` that mentions "ssh" is inside the parent of a copy element (a
 * command beside its copy button: the content script reads it with the button's row) or where no
 * text command is looked for (scripts, styles, code blocks: NOT_TEXT_COMMANDS). Then the holders'
 * XPath, the dearest query of a first scan (it visits every node of the page), could only give
 * texts those rows give, and is not run. Counted, not walked: the "ssh"s in root's whole text
 * against the sum over those parents and places (each text node lies wholly inside one or
 * outside, so equal sums leave no mention elsewhere). A parent inside another, or such a place
 * inside a parent, would be counted twice: then the answer is no, and the XPath runs; so it is
 * for a parent with more than 400 characters of text (a region of the page, not a row's cell).
 * `copies` are in document order (a query's result).
 */
function sshOnlyBesideCopies(root: Element, copies: Element[]): boolean {
  const total = sshCount(root.textContent);
  if (total === 0) return true;
  const parents = new Set<Element>();
  let counted = 0;
  let prev: Element | null = null;
  for (const c of copies) {
    const p = c.parentElement;
    if (!p || p === prev) continue;
    // a parent inside another shows as two neighbours, one holding the other (a subtree's copy
    // elements are consecutive in document order)
    if (!root.contains(p) || (prev && (prev.contains(p) || p.contains(prev)))) return false;
    const text = p.textContent ?? '';
    // a row's cell, not a region of the page: what it holds waits for its copy element to come near
    if (text.length > 400) return false;
    parents.add((prev = p));
    counted += sshCount(text);
  }
  for (const el of Array.from(root.querySelectorAll(NOT_TEXT_COMMANDS))) {
    const n = sshCount(el.textContent);
    if (n === 0 || el.parentElement?.closest(NOT_TEXT_COMMANDS)) continue;
    for (let a = el.parentElement; a && a !== root; a = a.parentElement) if (parents.has(a)) return false;
    counted += n;
  }
  return counted === total;
}

/** The element a copy button's command is compared with: the row around it (its grandparent). */
export function copyButtonRow(el: Element): Element | null {
  return el.parentElement?.parentElement ?? el.parentElement;
}

/** Whether `el` carries one of the copy attributes (a copy button's hint). */
export function hasCopyAttr(el: Element): boolean {
  return COPY_ATTRS.some((a) => el.hasAttribute(a));
}

export interface CollectOptions {
  /** check each candidate's visibility (default); false leaves `visible` out, for the caller to check */
  visibility?: boolean;
  /** candidates in document order (default); false: in the order found (each kind in document order) */
  documentOrder?: boolean;
}

/** The command candidates in the whole page, or only in `scope` (see CommandScope). */
export function collectCommands(doc: Document = document, scope?: CommandScope, opts: CollectOptions = {}): { commands: CommandFacts[]; commandEls: Element[] } {
  const { visibility = true, documentOrder = true } = opts;
  const roots: readonly Node[] = scope?.roots ?? [doc];
  // Command candidates. Readonly inputs hold the text in .value; code/pre/kbd/samp in their text;
  // anything else is found by walking text nodes that begin with "ssh " (a span beside a copy
  // button). Only short, single-command text is kept; the adapter decides what is a command.
  const commands: CommandFacts[] = [];
  const commandEls: Element[] = [];
  const seen = new Set<Element>();
  // the candidates inside each element (the element itself included), by index: one element
  // inside another is one candidate, and `seen` and this map answer "inside one / around one" in
  // O(depth) instead of comparing all pairs (a copy button looks up its row's candidates here too)
  const under = new Map<Element, number[]>();
  const add = (el: Element, source: CommandFacts['source'], text: string) => {
    if (under.has(el) || el.closest(OWN_HOST_TAG)) return;
    for (let a = el.parentElement; a; a = a.parentElement) if (seen.has(a)) return;
    seen.add(el);
    for (let a: Element | null = el; a; a = a.parentElement) {
      const list = under.get(a);
      if (list) list.push(commands.length);
      else under.set(a, [commands.length]);
    }
    commands.push(visibility ? { source, text: text.trim().slice(0, 400), visible: isVisible(el) } : { source, text: text.trim().slice(0, 400) });
    commandEls.push(el);
  };
  for (const root of roots) {
    for (const el of matchingIn<HTMLInputElement | HTMLTextAreaElement>(root, 'input, textarea')) {
      if (textFieldType(el) === null || el.closest(OWN_HOST_TAG)) continue;
      if ((el.readOnly || el.disabled) && /^\s*ssh\s/.test(el.value)) add(el, 'input', el.value);
    }
  }
  for (const root of roots) {
    for (const el of matchingIn(root, CODE_SELECTOR)) {
      // what the user sees, not what the DOM holds (hidden spans inside a command)
      if (/^\s*(\$\s*)?ssh\s/.test(leadingText(el))) add(el, 'code', visibleText(el));
    }
  }
  // An element whose text is a command, or a label and a command ("登录命令：ssh -p …", "SSH: ssh …").
  // The element's whole text counts, not one text node: React and Vue interpolation
  // (`<span>ssh -p {port} root@{ip}</span>`) renders one text node per piece. Whitespace is
  // normalised as the browser shows it (outside code/pre a template's line breaks render as
  // spaces); an element with child elements counts only when those add no text of their own
  // (an icon), so a sentence that goes on in other elements is not taken for a command.
  const COMMAND_TEXT = /^(?:[^:：]{1,20}[:：]\s*)?(ssh\s+\S.*)$/;
  const textParents = new Set<Element>();
  const textNodes: Node[] = [];
  const mentionsSsh = (n: Node) => n.nodeType === Node.TEXT_NODE && (n.nodeValue ?? '').includes('ssh');
  for (const root of scope ? roots : [doc.body ?? doc.documentElement]) {
    if (root.nodeType === Node.TEXT_NODE) {
      if (mentionsSsh(root)) textNodes.push(root);
      continue;
    }
    if (root instanceof Element && root.closest(NOT_TEXT_COMMANDS)) continue;
    // The text nodes that mention ssh, found by the browser itself (XPath): a page of a thousand
    // rows has tens of thousands of text nodes, and a script callback for each would cost more
    // than everything else the scan does.
    textNodes.push(...sshTextNodes(doc, root, true));
  }
  for (const el of scope?.shallow ?? []) for (const c of Array.from(el.childNodes)) if (mentionsSsh(c)) textNodes.push(c);
  for (const n of textNodes) {
    const parent = n.parentElement;
    if (!parent || textParents.has(parent)) continue;
    textParents.add(parent);
    if (parent.closest(NOT_TEXT_COMMANDS)) continue;
    const text = clean(parent.textContent, 400);
    // with child elements, those must add no text of their own (an icon, not more words)
    if (parent.childElementCount > 0) {
      let own = '';
      for (const c of Array.from(parent.childNodes)) if (c.nodeType === Node.TEXT_NODE) own += c.nodeValue ?? '';
      if (text !== clean(own, 400)) continue;
    }
    const m = COMMAND_TEXT.exec(text);
    if (m) add(parent, 'text', m[1]!);
  }

  // Commands only behind a copy button: clipboard.js's data-clipboard-text and the attributes
  // hand-made copy buttons use. Our action sits beside that button. When the same command is
  // also shown as text next to the button, the text has its action already.
  for (const el of roots.flatMap((root) => matchingIn(root, COPY_ATTR_SELECTOR))) {
    if (!el.matches(COPY_BUTTON_SELECTOR)) continue;
    const value = COPY_ATTRS.map((a) => el.getAttribute(a)).find((v) => v && /^\s*(\$\s*)?ssh\s/.test(v));
    if (!value) continue;
    const near = copyButtonRow(el);
    const same = clean(value.replace(/^\s*\$\s*/, ''), 400);
    // the candidates inside `near` (a few; comparing with every command found would not be)
    if ((near && under.get(near) || []).some((i) => clean(commands[i]!.text.replace(/^\s*\$\s*/, ''), 400) === same)) continue;
    add(el, 'copy-button', value);
  }

  if (!documentOrder) return { commands, commandEls };
  // Document order, so the page's first command gets the first button (inputs were found first).
  const order = commandEls.map((_, i) => i).sort((a, b) => (commandEls[a]!.compareDocumentPosition(commandEls[b]!) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const sortedCommands = order.map((i) => commands[i]!);
  const sortedCommandEls = order.map((i) => commandEls[i]!);
  return { commands: sortedCommands, commandEls: sortedCommandEls };
}

