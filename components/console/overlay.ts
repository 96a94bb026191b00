// The UI injected into console pages: one host element holding a shadow root, so the page's CSS
// cannot reach our buttons and ours cannot leak into the page. Plain DOM, no framework: it is a
// handful of buttons and a menu, and the content script should stay small.
//
// Buttons float above the page (position: fixed, aligned to the element they serve) instead of
// being inserted next to it: React and Vue own their subtrees, and a foreign node inside them can
// be wiped by the next render or break the framework's own bookkeeping.
//
// The page is not trusted (issue 15, item 3). The shadow root is closed, so the page cannot read
// our buttons, menus or key names, nor reach an element to click or focus. Every action runs
// only on a click that passes `allowed()`: trusted (`isTrusted`), started by the user on the very
// element (a pointerdown, or an Enter/Space keydown on an element the user moved focus to with
// Tab or a pointer: focus moved there by the page's script, while the user types in the page's
// own field or after, does not count, even when the page leaves it there), and, for a pointer, on our
// element as the user sees it: the topmost thing at that point, our host's computed style as we
// set it (not made transparent, filtered, transformed or clipped by the page's CSS), and, where
// the browser can tell (IntersectionObserver v2, Chromium), not covered or faded by anything.
import { OWN_HOST_TAG } from '../../lib/dom/collect';
import { contentText } from '../../lib/i18n/content';
import { userMessageIn } from '../../lib/ssh/errors';

export type AnchorKind = 'key' | 'command' | 'terminal';

export interface MenuApi {
  /** a menu entry; `run` gets the trusted click and may return a status line to show */
  item(label: string, run: () => unknown | Promise<unknown>, opts?: { title?: string; action?: string; href?: string }): HTMLElement;
  note(text: string): HTMLElement;
  select(label: string, options: { value: string; label: string }[], value: string, onChange: (v: string) => void): HTMLElement;
  status(text: string, kind?: 'ok' | 'error'): void;
  close(): void;
  /** build the entries again (after a choice inside the menu changed them) */
  rebuild(): void;
}

export interface AnchorSpec {
  kind: AnchorKind;
  label: string;
  title: string;
  /** builds the menu's entries each time it opens (so it shows the keys saved right now) */
  menu(api: MenuApi): void | Promise<void>;
  /** what the menu acts on (a command's text): when it changes, an open menu is rebuilt */
  signature?: string;
}

interface Anchor {
  target: Element;
  spec: AnchorSpec;
  box: HTMLDivElement;
  menu: HTMLDivElement | null;
  /** set while the menu is open */
  rebuild?: () => void;
}

const CSS = `
:host { all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647; }
.anchor { all: initial; display: block; position: fixed; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; }
.anchor[hidden] { display: none; }
.anchor.open { z-index: 1; }
button.toggle { all: unset; box-sizing: border-box; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; height: 22px; padding: 0 8px; border-radius: 11px; background: #1d4ed8; color: #fff; font-size: 12px; white-space: nowrap; box-shadow: 0 1px 3px rgba(0,0,0,.3); }
button.toggle:hover { background: #1e40af; }
button.toggle:focus-visible { outline: 2px solid #93c5fd; outline-offset: 1px; }
.menu { position: absolute; top: 26px; right: 0; min-width: 240px; max-width: 380px; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.18); padding: 4px; }
.menu button.item, .menu a.item { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 6px 10px; border-radius: 6px; cursor: pointer; color: #1f2328; font-size: 12px; }
.menu .item:hover, .menu .item:focus-visible { background: #eff6ff; }
.menu .note { padding: 6px 10px; color: #57606a; }
.menu .sub { color: #57606a; font-size: 11px; display: block; }
.menu label.select { display: flex; gap: 6px; align-items: center; padding: 6px 10px; }
.menu select { font: inherit; max-width: 260px; }
.menu .status { padding: 6px 10px; border-top: 1px solid #eaeef2; margin-top: 4px; }
.menu .status.error { color: #b42318; }
.menu .status.ok { color: #1a7f37; }
.menu .status:empty { display: none; }
.menu textarea.manual { display: block; box-sizing: border-box; width: 100%; min-height: 64px; margin: 4px 0 0; font: 11px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1f2328; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; resize: vertical; }
`;

/**
 * Thrown by an action whose text could not be put on the clipboard: the menu shows the text in a
 * read-only box inside our shadow root, selected, for the user to copy by hand. (Not the legacy
 * `execCommand('copy')`: it fires a `copy` event the page can rewrite.)
 */
export class CopyByHand extends Error {
  constructor(
    readonly text: string,
    /** what the menu says above the box */
    readonly note: string,
  ) {
    super(note);
  }
}

/** The computed style our host must keep for a click on it to count (we set it in CSS). */
const HOST_STYLE: Record<string, string> = {
  opacity: '1', visibility: 'visible', filter: 'none', 'backdrop-filter': 'none', 'mix-blend-mode': 'normal', 'clip-path': 'none',
  'mask-image': 'none', transform: 'none', translate: 'none', scale: 'none', rotate: 'none', zoom: '1', position: 'fixed', 'z-index': '2147483647', 'content-visibility': 'visible',
};

type IoV2Options = IntersectionObserverInit & { trackVisibility: boolean; delay: number };
type IoV2Entry = IntersectionObserverEntry & { isVisible?: boolean };

export class Overlay {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private anchors = new Map<Element, Anchor>();
  /** a field that grows, shrinks or is laid out anew (a dialog's body settling) moves its button with it */
  private resizes: ResizeObserver | null = null;
  /** the element of ours a trusted pointerdown or Enter/Space keydown last started on */
  private armed: { el: Element; by: 'pointer' | 'key' } | null = null;
  /** whether the user's input is moving focus right now (see ensureRoot's focusin) */
  private lastInput: 'moves-focus' | 'other' = 'other';
  /** our elements the user moved focus to (Tab or a pointer) */
  private userFocused = new WeakSet<Element>();
  /** IntersectionObserver v2 (Chromium): which of our elements the browser saw unobscured */
  private io: IntersectionObserver | null = null;
  private unobscured = new WeakMap<Element, boolean>();
  /** ends the document listeners that disarm on input elsewhere */
  private disarm: AbortController | null = null;
  private byToggle = new WeakMap<Element, Anchor>();
  private range: Range | null = null;
  /** anchors added, not yet in our root (position() puts them there after its reads) */
  private unplaced = new Set<Anchor>();
  /** each target's border box (width x height) when its anchor was last placed */
  private sizes = new WeakMap<Element, string>();

  constructor(
    private readonly doc: Document = document,
    /** the user's language for errors thrown by actions (SshKeyError carries both) */
    private readonly lang: 'zh' | 'en' = 'en',
  ) {}

  /** our host element, to tell our own DOM changes apart from the page's */
  get hostElement(): HTMLElement | null {
    return this.host;
  }

  /** our (closed) shadow root, for things of ours that must stay out of the page's DOM */
  get shadow(): ShadowRoot | null {
    return this.root;
  }

  has(target: Element): boolean {
    return this.anchors.has(target);
  }

  /** whether the menu of `target`'s anchor is open (it stays while the user works it) */
  menuOpenOn(target: Element): boolean {
    return !!this.anchors.get(target)?.menu;
  }

  /**
   * One anchor per element: a second call for the same element never injects a second button, but
   * takes the new spec. React and Vue reuse elements and change their text in place (detail A →
   * detail B, a table's next page): the anchor must then act on what the element shows now, so
   * its label, title and menu come from the latest spec, and an open menu is rebuilt from it.
   */
  add(target: Element, spec: AnchorSpec): void {
    const existing = this.anchors.get(target);
    if (existing) {
      const changed = existing.spec.signature !== spec.signature || existing.spec.kind !== spec.kind;
      existing.spec = spec;
      existing.box.dataset.kind = spec.kind;
      const toggle = existing.box.querySelector<HTMLButtonElement>('button.toggle')!;
      if (toggle.textContent !== spec.label) toggle.textContent = spec.label;
      if (toggle.title !== spec.title) toggle.title = spec.title;
      if (changed && existing.menu) existing.rebuild?.();
      return;
    }
    const box = this.doc.createElement('div');
    box.className = 'anchor';
    box.dataset.kind = spec.kind;
    const toggle = this.doc.createElement('button');
    toggle.className = 'toggle';
    toggle.type = 'button';
    toggle.textContent = spec.label;
    toggle.title = spec.title;
    toggle.setAttribute('aria-haspopup', 'menu');
    toggle.setAttribute('aria-expanded', 'false');
    const anchor: Anchor = { target, spec, box, menu: null };
    // its click is handled by the shadow root's one listener (ensureRoot): a page with a
    // thousand commands would otherwise register a thousand listeners
    this.byToggle.set(toggle, anchor);
    box.append(toggle);
    // hidden until placed; it enters our root in the next position(), after every read of the
    // page's layout there: a node of ours written into the page first would make the browser lay
    // the whole page out again, mid-task, for the reads that follow
    box.hidden = true;
    this.unplaced.add(anchor);
    this.anchors.set(target, anchor);
  }

  /** Puts the anchors added since the last position() into our root (writes only). */
  private insertUnplaced(): void {
    if (this.unplaced.size === 0) return;
    const root = this.ensureRoot();
    // In the page's order (anchors come as their elements near the viewport): Tab and screen
    // readers go through our buttons in the order of the page's own content. The new ones are
    // sorted, then merged into the boxes already in our root (in that order since placed).
    const follows = (a: Anchor, b: Anchor) => (a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
    const fresh = [...this.unplaced].sort((a, b) => (follows(a, b) ? 1 : -1));
    const byBox = new Map<Element, Anchor>();
    for (const a of this.anchors.values()) if (a.box.parentNode === root) byBox.set(a.box, a);
    let next: Element | null = root.firstElementChild;
    for (const anchor of fresh) {
      for (; next; next = next.nextElementSibling) {
        const placed = byBox.get(next);
        if (placed && !follows(anchor, placed)) break;
      }
      root.insertBefore(anchor.box, next);
      this.watch(anchor.box.querySelector('button.toggle')!);
      this.observeSize(anchor.target);
    }
    this.unplaced.clear();
  }

  /** Drop anchors whose element left the page or is no longer wanted. */
  retain(keep: (target: Element) => boolean): void {
    for (const [target, a] of this.anchors) {
      if (!target.isConnected || !keep(target)) {
        a.box.remove();
        this.anchors.delete(target);
        this.unplaced.delete(a);
        this.resizes?.unobserve(target);
      }
    }
    if (this.anchors.size === 0) this.removeHost();
  }

  /**
   * Re-align every anchor with its element (after adding anchors, scrolling, resizing,
   * re-rendering). All positions are read first, then all are written: a write between two
   * reads would make the browser lay the page out again for each anchor.
   */
  position(): void {
    if (this.anchors.size === 0) return;
    const vw = this.doc.documentElement.clientWidth;
    const placements = Array.from(this.anchors.values(), (a) => [a, this.measure(a, vw)] as const);
    this.insertUnplaced();
    for (const [a, p] of placements) apply(a, p);
    // anchors just shown inside a dialog: one more read and write, for them only
    const again = placements.filter(([, p]) => p.remeasure).map(([a]) => [a, this.measure(a, this.doc.documentElement.clientWidth)] as const);
    for (const [a, p] of again) apply(a, p);
  }

  /** Close menus when the user clicks elsewhere on the page. */
  closeMenusOutside(e: Event): void {
    if (this.host && e.composedPath().includes(this.host)) return;
    for (const a of this.anchors.values()) if (a.menu) this.closeMenu(a);
  }

  destroy(): void {
    this.resizes?.disconnect();
    this.resizes = null;
    this.anchors.clear();
    this.unplaced.clear();
    this.range = null;
    this.removeHost();
  }

  private observeSize(target: Element): void {
    const RO = this.doc.defaultView?.ResizeObserver;
    if (!RO) return;
    // An observer reports every new target once, at the size position() just read: only a size
    // other than the one its anchor was placed for moves the anchors.
    this.resizes ??= new RO((entries) => {
      if (entries.some((en) => { const b = en.borderBoxSize?.[0]; return !b || this.sizes.get(en.target) !== `${b.inlineSize}x${b.blockSize}`; })) this.position();
    });
    this.resizes.observe(target, { box: 'border-box' });
  }

  /**
   * Whether a click on `el` is the user's own, on our element as they see it (see the header).
   * Keyboard activation (detail 0) needs the Enter/Space keydown to have started on `el`; a
   * pointer click needs the pointerdown on `el`, and `el` on top and untouched at the point.
   */
  private allowed(e: MouseEvent, el: Element): boolean {
    if (!e.isTrusted || !this.host || !this.root) return false;
    const armed = this.armed;
    if (!armed || !el.contains(armed.el)) return false;
    if (!this.hostUntouched()) return false;
    if (e.detail === 0 && armed.by === 'key') return true;
    if (armed.by !== 'pointer') return false;
    if (this.doc.elementFromPoint(e.clientX, e.clientY) !== this.host) return false;
    const hit = this.root.elementFromPoint(e.clientX, e.clientY);
    if (!hit || !el.contains(hit)) return false;
    // menu entries are watched through their menu
    return !this.io || this.unobscured.get(el.closest('.menu') ?? el) === true;
  }

  /** Our host's computed style is what our CSS sets, and the root element is not faded or hidden. */
  private hostUntouched(): boolean {
    const view = this.doc.defaultView;
    if (!view || !this.host) return false;
    const cs = view.getComputedStyle(this.host);
    for (const [prop, want] of Object.entries(HOST_STYLE)) {
      const got = cs.getPropertyValue(prop);
      // a property this browser does not know reads as ''
      if (got !== '' && got !== want) return false;
    }
    const html = view.getComputedStyle(this.doc.documentElement);
    return html.opacity === '1' && html.visibility !== 'hidden' && html.display !== 'none' && this.host.parentNode === this.doc.documentElement;
  }

  /** Have the browser tell us when `el` is covered, faded or transformed (IntersectionObserver v2). */
  private watch(el: Element): void {
    if (!this.io && typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype) {
      this.io = new IntersectionObserver(
        (entries) => {
          for (const en of entries as IoV2Entry[]) {
            this.unobscured.set(en.target, en.isVisible === true);
            // inside our closed root: only our own code (and a test driving the browser) reads it
            (en.target as HTMLElement).dataset.unobscured = String(en.isVisible === true);
          }
        },
        { trackVisibility: true, delay: 100 } as IoV2Options,
      );
    }
    if (!this.io) return;
    (el as HTMLElement).dataset.unobscured = 'false'; // until the browser has looked
    this.io.observe(el);
  }

  private ensureRoot(): ShadowRoot {
    if (this.root && this.host?.isConnected) return this.root;
    this.host = this.doc.createElement(OWN_HOST_TAG);
    // Closed: the page must not read which keys are saved, nor get hold of our buttons to focus
    // or click them. Assistive tech still reaches it (the accessibility tree ignores the mode);
    // tests reach it through the browser's DevTools protocol, as the page cannot.
    this.root = this.host.attachShadow({ mode: 'closed' });
    // Where a trusted pointerdown or Enter/Space keydown started: a click counts only on that
    // element. Input anywhere else first disarms (the document's capture listener runs before
    // ours inside the root), so a key pressed in the page's field never counts for our button.
    this.disarm = new AbortController();
    // The same listeners note what the user's input is doing right now, for `focusin` below. The
    // browser moves focus for a Tab in its keydown's task and for a pointer in its mousedown's (a
    // touch tap focuses at the mousedown that follows pointerup): focus that moves after that
    // task, or once the key or button is up, is a script's doing, even in a timer a moment after
    // the user's click.
    for (const type of ['pointerdown', 'mousedown', 'keydown', 'pointerup', 'mouseup', 'keyup']) {
      const down = type.endsWith('down');
      const disarms = type === 'pointerdown' || type === 'keydown';
      this.doc.addEventListener(type, (e) => {
        if (disarms) this.armed = null;
        this.lastInput = down && e.isTrusted && (type !== 'keydown' || (e as KeyboardEvent).key === 'Tab') ? 'moves-focus' : 'other';
        if (this.lastInput === 'moves-focus') setTimeout(() => (this.lastInput = 'other'));
      }, { capture: true, signal: this.disarm.signal });
    }
    // Focus on one of our elements counts for a key only when the user moved it there (Tab, a
    // pointer): a page script that calls focus() on our button while the user types Enter in its
    // own field must not turn the user's next Enter into a click on our button.
    this.root.addEventListener('focusin', (e) => {
      const el = e.composedPath()[0];
      if (!(el instanceof Element)) return;
      if (this.lastInput === 'moves-focus') this.userFocused.add(el);
      else this.userFocused.delete(el);
    }, { capture: true });
    this.root.addEventListener('pointerdown', (e) => this.arm(e, 'pointer'), { capture: true });
    this.root.addEventListener('keydown', (e) => {
      const k = (e as KeyboardEvent).key;
      const start = e.composedPath()[0];
      if ((k === 'Enter' || k === ' ') && start instanceof Element && this.userFocused.has(start)) this.arm(e, 'key');
      else this.armed = null;
    }, { capture: true });
    // Our clicks and keys are not the page's business: dialogs that close on a pointer-down
    // "outside" (Radix, Headless UI, many hand-made modals listen on document) would close
    // under the user's hand, and page hotkeys would fire while the user works our menu.
    for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'touchstart', 'touchend', 'keydown', 'keyup', 'focusin', 'focusout']) {
      this.host.addEventListener(type, (e) => {
        if (type === 'keydown' && (e as KeyboardEvent).key === 'Escape') for (const a of this.anchors.values()) if (a.menu) this.closeMenu(a);
        e.stopPropagation();
      });
    }
    this.root.addEventListener('click', (e) => {
      const toggle = (e.target as Element | null)?.closest?.('button.toggle') as HTMLButtonElement | null;
      const anchor = toggle ? this.byToggle.get(toggle) : undefined;
      if (!toggle || !anchor || !this.allowed(e as MouseEvent, toggle)) return;
      e.stopPropagation();
      if (anchor.menu) this.closeMenu(anchor);
      else void this.openMenu(anchor, toggle);
    });
    const style = this.doc.createElement('style');
    style.textContent = CSS;
    this.root.append(style);
    // On <html>, not <body>: SPA frameworks may replace <body>'s children wholesale.
    this.doc.documentElement.append(this.host);
    return this.root;
  }

  private arm(e: Event, by: 'pointer' | 'key'): void {
    const start = e.composedPath()[0];
    this.armed = e.isTrusted && start instanceof Element ? { el: start, by } : null;
  }

  private removeHost(): void {
    this.io?.disconnect();
    this.io = null;
    this.disarm?.abort();
    this.disarm = null;
    this.armed = null;
    this.host?.remove();
    this.host = null;
    this.root = null;
  }

  /** Where an anchor goes (reads layout only; `apply` writes it). */
  private measure(a: Anchor, vw: number): Placement {
    const view = this.doc.defaultView!;
    const r = a.target.getBoundingClientRect();
    this.sizes.set(a.target, `${r.width}x${r.height}`);
    const shown = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < view.innerHeight;
    if (!shown) return { hidden: !a.menu };
    if (a.spec.kind === 'key') {
      // Above the field's right end, on the label row (labels sit left in Ant/Element forms).
      return { hidden: false, top: `${Math.max(0, r.top - 24)}px`, left: '', right: `${Math.max(0, vw - r.right)}px` };
    } else if (a.spec.kind === 'command') {
      // Right after the command, past the page's own small controls on the same line (a copy
      // button, an icon), or inside the command's right end when the row has no room.
      // A block element (a <div> or <pre> as wide as the card) ends where its text ends; a field
      // or a copy button (the command only in its data-clipboard-text) ends at its border.
      let right = r.right;
      if (!(a.target instanceof HTMLInputElement || a.target instanceof HTMLTextAreaElement || a.target.matches('button, a, [role="button"]'))) {
        // one Range, moved from target to target: every live Range is updated by the browser on
        // each change of the page, so a new one per anchor and pass would tax every later mutation
        const range = (this.range ??= this.doc.createRange());
        range.selectNodeContents(a.target);
        const tr = range.getBoundingClientRect();
        if (tr.width > 0) right = Math.min(right, tr.right + 4);
      }
      let sib = a.target.nextElementSibling;
      for (let n = 0; sib && n < 3; n++, sib = sib.nextElementSibling) {
        const s = sib.getBoundingClientRect();
        if (s.width === 0 || s.width > 120 || s.bottom < r.top || s.top > r.bottom) break;
        right = Math.max(right, s.right);
      }
      const room = vw - right > 60;
      const p: Placement = {
        hidden: false,
        top: `${r.top + Math.max(0, (r.height - 22) / 2)}px`,
        left: room ? `${right + 6}px` : '',
        right: room ? '' : `${Math.max(0, vw - right + 2)}px`,
      };
      // Inside a dialog, stay inside its visible box: after the page's own copy button there may
      // be no room before the dialog's edge. Then the button goes to the box's right edge, on the
      // line below the command when it would cover it.
      const dialog = dialogBox(a.target, view);
      if (dialog) {
        const w = a.box.getBoundingClientRect().width;
        // a new anchor stays hidden until placed, so its width is known only once shown
        if (w === 0) p.remeasure = true;
        else if (right + 6 + w > dialog.right - 4) {
          const left = Math.max(dialog.left + 4, dialog.right - 4 - w);
          p.left = `${left}px`;
          p.right = '';
          if (left < right + 2) p.top = `${Math.min(r.bottom + 2, dialog.bottom - 24)}px`;
        }
      }
      return p;
    }
    // The terminal's top right corner, where the page's own terminal toolbar usually is not.
    return { hidden: false, top: `${Math.max(0, r.top + 6)}px`, left: '', right: `${Math.max(0, vw - r.right + 16)}px` };
  }

  private closeMenu(a: Anchor): void {
    a.menu?.remove();
    a.menu = null;
    a.rebuild = undefined;
    a.box.classList.remove('open');
    a.box.querySelector('button.toggle')?.setAttribute('aria-expanded', 'false');
  }

  private async openMenu(a: Anchor, toggle: HTMLButtonElement): Promise<void> {
    for (const other of this.anchors.values()) if (other !== a && other.menu) this.closeMenu(other);
    const doc = this.doc;
    const lang = this.lang;
    const allowed = (e: MouseEvent, el: Element) => this.allowed(e, el);
    const menu = doc.createElement('div');
    menu.className = 'menu';
    menu.setAttribute('role', 'menu');
    const statusEl = doc.createElement('div');
    statusEl.className = 'status';
    statusEl.setAttribute('role', 'status');
    const api: MenuApi = {
      item(label, run, opts = {}) {
        const el = doc.createElement(opts.href ? 'a' : 'button') as HTMLButtonElement | HTMLAnchorElement;
        el.className = 'item';
        el.setAttribute('role', 'menuitem');
        if (el instanceof HTMLButtonElement) el.type = 'button';
        else el.href = opts.href!;
        if (opts.title) el.title = opts.title;
        if (opts.action) el.dataset.action = opts.action;
        setLines(el, label);
        el.addEventListener('click', (e) => {
          if (!allowed(e as MouseEvent, el)) {
            e.preventDefault();
            return;
          }
          e.stopPropagation();
          api.status('');
          Promise.resolve()
            .then(run)
            .then(
              (msg) => typeof msg === 'string' && api.status(msg, 'ok'),
              (err: unknown) => (err instanceof CopyByHand ? manualCopy(err) : showError(err)),
            );
        });
        statusEl.before(el);
        return el;
      },
      note(text) {
        const el = doc.createElement('div');
        el.className = 'note';
        el.textContent = text;
        statusEl.before(el);
        return el;
      },
      select(label, options, value, onChange) {
        const wrap = doc.createElement('label');
        wrap.className = 'select';
        wrap.textContent = label;
        const sel = doc.createElement('select');
        for (const o of options) sel.append(new Option(o.label, o.value, false, o.value === value));
        // Choosing a key only changes which public key later actions use; the actions themselves
        // still need a trusted click, so a scripted change here cannot fill or copy anything.
        sel.addEventListener('change', () => onChange(sel.value));
        wrap.append(sel);
        statusEl.before(wrap);
        return wrap;
      },
      status(text, kind = 'ok') {
        // a second line is secondary detail (the raw reason behind a generic message)
        setLines(statusEl, text);
        statusEl.className = `status ${kind}`;
      },
      close: () => this.closeMenu(a),
      rebuild: () => {
        while (menu.firstChild && menu.firstChild !== statusEl) menu.firstChild.remove();
        // always the anchor's current spec: the element may show another command by now
        void a.spec.menu(api);
      },
    };
    /** a failure in the status line, in the user's language (a raw reason as its second line) */
    const showError = (err: unknown) => {
      const { text, detail } = errorText(err, lang);
      api.status(detail ? `${text}\n${detail}` : text, 'error');
    };
    /** the text to copy by hand, selected in a read-only box under the status line */
    const manualCopy = (c: CopyByHand) => {
      api.status(c.note, 'error');
      const box = doc.createElement('textarea');
      box.className = 'manual';
      box.readOnly = true;
      box.value = c.text;
      box.dataset.role = 'copy-by-hand';
      // A copy from our box puts our text there, whatever a page's own `copy` listener set before
      // (ours runs at the target, after the page's capture-phase listeners).
      box.addEventListener('copy', (e) => {
        const sel = box.value.slice(box.selectionStart, box.selectionEnd);
        if (e.clipboardData && sel) {
          e.clipboardData.setData('text/plain', sel);
          e.preventDefault();
        }
      });
      statusEl.append(box);
      box.focus();
      box.select();
    };
    a.rebuild = api.rebuild;
    menu.append(statusEl);
    a.menu = menu;
    a.box.append(menu);
    this.watch(menu);
    a.box.classList.add('open');
    toggle.setAttribute('aria-expanded', 'true');
    // a menu that cannot be built (the extension reloaded or updated under the page) says why
    await Promise.resolve()
      .then(() => a.spec.menu(api))
      .catch(showError);
    // Keep the menu on screen: flip to the right of the button near the left edge, and upwards
    // near the bottom (dialogs low on the page, commands in the last table row).
    const view = doc.defaultView!;
    const mr = menu.getBoundingClientRect();
    if (mr.left < 4) Object.assign(menu.style, { right: 'auto', left: '0' });
    if (mr.bottom > view.innerHeight && mr.height < a.box.getBoundingClientRect().top) Object.assign(menu.style, { top: 'auto', bottom: '26px' });
  }
}

/**
 * The visible box of the dialog holding `el`: the innermost modal/drawer box (not a full-screen
 * wrapper such as Ant Design v4's role="dialog" .ant-modal-wrap), cut to the viewport.
 */
function dialogBox(el: Element, view: Window): DOMRect | null {
  const candidates = [el.closest('.ant-modal-content, .ant-modal, .el-dialog, .el-drawer, .ant-drawer-content, .modal-content, dialog'), el.closest('[role="dialog"], [aria-modal="true"]')];
  let best: DOMRect | null = null;
  for (const c of candidates) {
    if (!c) continue;
    const r = c.getBoundingClientRect();
    if (r.width === 0 || r.width >= view.innerWidth * 0.95) continue;
    if (!best || r.width * r.height < best.width * best.height) best = r;
  }
  if (!best) return null;
  const left = Math.max(0, best.left);
  const right = Math.min(view.innerWidth, best.right);
  const top = Math.max(0, best.top);
  const bottom = Math.min(view.innerHeight, best.bottom);
  return new DOMRect(left, top, right - left, bottom - top);
}

interface Placement {
  hidden: boolean;
  top?: string;
  left?: string;
  right?: string;
  /** inside a dialog, shown for the first time: measure once more now that its width is known */
  remeasure?: boolean;
}

/** Writes a placement, touching only what changed (an unchanged style costs the page nothing). */
function apply(a: Anchor, p: Placement): void {
  if (a.box.hidden !== p.hidden) a.box.hidden = p.hidden;
  if (p.top === undefined) return;
  const st = a.box.style;
  if (st.top !== p.top) st.top = p.top;
  if (st.left !== p.left) st.left = p.left!;
  if (st.right !== p.right) st.right = p.right!;
}

/** "main\nsecondary": the first line as the element's text, the second in a .sub span under it. */
function setLines(el: HTMLElement, text: string): void {
  const [main, sub] = text.split('\n');
  el.textContent = main ?? '';
  if (sub) {
    const s = el.ownerDocument.createElement('span');
    s.className = 'sub';
    s.textContent = sub;
    el.append(s);
  }
}

/**
 * What the menu says when an action fails. Our own errors carry both languages (SshKeyError and
 * kin); anything else (a browser or extension error such as "Extension context invalidated") gets
 * a generic message in the user's language, with the raw text kept only as secondary detail.
 */
export function errorText(err: unknown, lang: 'zh' | 'en'): { text: string; detail?: string } {
  const own = userMessageIn(err, lang);
  if (own !== null) return { text: own };
  const e = err as { message?: unknown } | null;
  const raw = e && typeof e.message === 'string' ? e.message : String(err);
  const text = /extension context invalidated/i.test(raw) ? contentText[lang].extensionReloaded : contentText[lang].actionFailed;
  return raw ? { text, detail: raw } : { text };
}
