// The UI injected into console pages: one host element holding a shadow root, so the page's CSS
// cannot reach our buttons and ours cannot leak into the page. Plain DOM, no framework: it is a
// handful of buttons and a menu, and the content script should stay small.
//
// Buttons float above the page (position: fixed, aligned to the element they serve) instead of
// being inserted next to it: React and Vue own their subtrees, and a foreign node inside them can
// be wiped by the next render or break the framework's own bookkeeping.
//
// Every action runs only on a trusted click (`event.isTrusted`): a page's script can call
// `.click()` on anything in an open shadow root, and must not be able to make us fill or copy.
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
.anchor { position: fixed; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; }
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
`;

export class Overlay {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private anchors = new Map<Element, Anchor>();
  private byToggle = new WeakMap<Element, Anchor>();

  constructor(
    private readonly doc: Document = document,
    /** the user's language for errors thrown by actions (SshKeyError carries both) */
    private readonly lang: 'zh' | 'en' = 'en',
  ) {}

  /** our host element, to tell our own DOM changes apart from the page's */
  get hostElement(): HTMLElement | null {
    return this.host;
  }

  has(target: Element): boolean {
    return this.anchors.has(target);
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
    const root = this.ensureRoot();
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
    // hidden until the next position(), which places every new anchor in one pass
    box.hidden = true;
    root.append(box);
    this.anchors.set(target, anchor);
  }

  /** Drop anchors whose element left the page or is no longer wanted. */
  retain(keep: (target: Element) => boolean): void {
    for (const [target, a] of this.anchors) {
      if (!target.isConnected || !keep(target)) {
        a.box.remove();
        this.anchors.delete(target);
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
    const placements = Array.from(this.anchors.values(), (a) => [a, this.measure(a)] as const);
    for (const [a, p] of placements) apply(a, p);
  }

  /** Close menus when the user clicks elsewhere on the page. */
  closeMenusOutside(e: Event): void {
    if (this.host && e.composedPath().includes(this.host)) return;
    for (const a of this.anchors.values()) if (a.menu) this.closeMenu(a);
  }

  destroy(): void {
    this.anchors.clear();
    this.removeHost();
  }

  private ensureRoot(): ShadowRoot {
    if (this.root && this.host?.isConnected) return this.root;
    this.host = this.doc.createElement(OWN_HOST_TAG);
    // Open, so automation and assistive tech can reach it; safety does not depend on it being
    // closed (every action checks isTrusted, and the menu shows only public keys, only once opened).
    this.root = this.host.attachShadow({ mode: 'open' });
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
      if (!toggle || !anchor || !e.isTrusted) return;
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

  private removeHost(): void {
    this.host?.remove();
    this.host = null;
    this.root = null;
  }

  /** Where an anchor goes (reads layout only; `apply` writes it). */
  private measure(a: Anchor): Placement {
    const view = this.doc.defaultView!;
    const r = a.target.getBoundingClientRect();
    const shown = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < view.innerHeight;
    if (!shown) return { hidden: !a.menu };
    const vw = this.doc.documentElement.clientWidth;
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
        const range = this.doc.createRange();
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
      return {
        hidden: false,
        top: `${r.top + Math.max(0, (r.height - 22) / 2)}px`,
        left: room ? `${right + 6}px` : '',
        right: room ? '' : `${Math.max(0, vw - right + 2)}px`,
      };
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
          if (!e.isTrusted) {
            e.preventDefault();
            return;
          }
          e.stopPropagation();
          api.status('');
          Promise.resolve()
            .then(run)
            .then(
              (msg) => typeof msg === 'string' && api.status(msg, 'ok'),
              (err: unknown) => {
                const { text, detail } = errorText(err, lang);
                api.status(detail ? `${text}\n${detail}` : text, 'error');
              },
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
    a.rebuild = api.rebuild;
    menu.append(statusEl);
    a.menu = menu;
    a.box.append(menu);
    a.box.classList.add('open');
    toggle.setAttribute('aria-expanded', 'true');
    await a.spec.menu(api);
    // Keep the menu on screen: flip to the right of the button near the left edge, and upwards
    // near the bottom (dialogs low on the page, commands in the last table row).
    const view = doc.defaultView!;
    const mr = menu.getBoundingClientRect();
    if (mr.left < 4) Object.assign(menu.style, { right: 'auto', left: '0' });
    if (mr.bottom > view.innerHeight && mr.height < a.box.getBoundingClientRect().top) Object.assign(menu.style, { top: 'auto', bottom: '26px' });
  }
}

interface Placement {
  hidden: boolean;
  top?: string;
  left?: string;
  right?: string;
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
