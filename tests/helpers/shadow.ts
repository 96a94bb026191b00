// Our console overlay lives in a CLOSED shadow root: the page cannot reach it, and neither can
// Playwright's locators. Tests reach it the way DevTools does: the Chrome DevTools Protocol's
// `DOM.getDocument({pierce: true})` lists closed shadow roots too, and `DOM.resolveNode` gives a
// handle to one. Elements are only READ that way; every click is real input at the element's
// coordinates (`page.mouse`), so it goes through the same hit testing and trust checks as a
// user's. Nothing here needs a hook in the extension: the shipped build is what is tested.
import type { CDPSession, Page } from 'playwright-core';

interface CdpNode {
  nodeName: string;
  localName?: string;
  backendNodeId: number;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

const HOST = 'infini-ssh-keys';
const sessions = new WeakMap<Page, Promise<CDPSession>>();
const session = (page: Page) => {
  let s = sessions.get(page);
  if (!s) sessions.set(page, (s = page.context().newCDPSession(page)));
  return s;
};

/** Our host's shadow root in the page (or in the iframe `#id` of it), as a DevTools backend node. */
async function findRoot(page: Page, frameId?: string): Promise<number | null> {
  const cdp = await session(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const id = (n: CdpNode) => {
    const a = n.attributes ?? [];
    const k = a.indexOf('id');
    return k >= 0 ? a[k + 1] : undefined;
  };
  let found: number | null = null;
  const walk = (n: CdpNode, wanted: boolean) => {
    if (found !== null) return;
    if (wanted && n.localName === HOST && n.shadowRoots?.[0]) {
      found = n.shadowRoots[0].backendNodeId;
      return;
    }
    for (const c of n.children ?? []) walk(c, wanted);
    // documents of iframes: only the one asked for
    if (n.contentDocument) walk(n.contentDocument, frameId !== undefined && n.localName === 'iframe' && id(n) === frameId);
  };
  walk(root, frameId === undefined);
  return found;
}

/** Runs `fn(root, ...args)` against our shadow root (null when there is none), returning its value. */
export async function inShadow<T>(page: Page, fn: string, args: unknown[] = [], frameId?: string): Promise<T> {
  const cdp = await session(page);
  const backendNodeId = await findRoot(page, frameId);
  const call = async (objectId: string) => {
    const r = (await cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: `function (...args) { return (${fn})(this, ...args); }`,
      objectId,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string }; text: string } };
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  };
  if (backendNodeId === null) return (await page.evaluate(`(${fn})(null, ...${JSON.stringify(args)})`)) as T;
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId, objectGroup: 'shadow' })) as { object: { objectId: string } };
  try {
    return await call(object.objectId);
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'shadow' }).catch(() => undefined);
  }
}

type Box = { x: number; y: number; width: number; height: number };

/** The subset of Playwright's Locator the console tests use, for elements in our closed root. */
export class ShadowLocator {
  constructor(
    private readonly page: Page,
    private readonly selector: string,
    private readonly index: number = 0,
    /** the id of the iframe whose document holds our host, if not the page's own */
    private readonly frameId?: string,
  ) {}

  nth(i: number): ShadowLocator {
    return new ShadowLocator(this.page, this.selector, i, this.frameId);
  }
  first(): ShadowLocator {
    return this.nth(0);
  }
  locator(sub: string): ShadowLocator {
    return new ShadowLocator(this.page, `${this.selector} ${sub}`, this.index, this.frameId);
  }

  count(): Promise<number> {
    return inShadow(this.page, '(root, sel) => root ? root.querySelectorAll(sel).length : 0', [this.selector], this.frameId);
  }

  /** `fn(element, ...args)` once the element exists (Playwright's auto-waiting, 20 s). */
  private async on<T>(fn: string, args: unknown[] = []): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await inShadow<{ ok: boolean; value?: T }>(
        this.page,
        `(root, sel, i, ...rest) => { const el = root && root.querySelectorAll(sel)[i]; return el ? { ok: true, value: (${fn})(el, ...rest) } : { ok: false }; }`,
        [this.selector, this.index, ...args],
        this.frameId,
      );
      if (r.ok) return r.value as T;
      if (Date.now() > deadline) throw new Error(`no element ${this.selector} [${this.index}] in our shadow root`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  textContent(): Promise<string | null> {
    return this.on('(el) => el.textContent');
  }
  getAttribute(name: string): Promise<string | null> {
    return this.on('(el, n) => el.getAttribute(n)', [name]);
  }
  evaluate<T>(fn: (el: HTMLElement) => T): Promise<T> {
    return this.on(fn.toString());
  }
  async inputValue(): Promise<string> {
    return this.on('(el) => el.value');
  }
  async isVisible(): Promise<boolean> {
    return (await this.count()) > this.index && this.on('(el) => el.checkVisibility() && el.getClientRects().length > 0');
  }
  /** Playwright's `waitFor()`: until the element is there and visible (20 s). */
  async waitFor(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await this.isVisible())) {
      if (Date.now() > deadline) throw new Error(`${this.selector} [${this.index}] never became visible`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  private async frameOffset(): Promise<{ x: number; y: number }> {
    if (!this.frameId) return { x: 0, y: 0 };
    const b = (await this.page.locator(`iframe#${this.frameId}`).boundingBox())!;
    return { x: b.x, y: b.y };
  }

  async boundingBox(): Promise<Box | null> {
    const r = await this.on<Box | null>('(el) => { const r = el.getBoundingClientRect(); return r.width || r.height ? { x: r.x, y: r.y, width: r.width, height: r.height } : null; }');
    if (!r) return null;
    const o = await this.frameOffset();
    return { ...r, x: r.x + o.x, y: r.y + o.y };
  }

  /**
   * A real mouse click at the element's centre, once it is laid out and (where the extension
   * tracks it with IntersectionObserver v2) the browser reports it unobscured, as a user's eye
   * would find it before clicking.
   */
  async click(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ready = await this.on<boolean>(
        `(el) => { const r = el.getBoundingClientRect(); const w = el.closest('.menu') || el; return r.width > 0 && r.height > 0 && w.dataset.unobscured !== 'false'; }`,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${this.selector} [${this.index}] never became clickable`);
      await new Promise((res) => setTimeout(res, 100));
    }
    const b = (await this.boundingBox())!;
    await this.page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
  }

  /** Choose an option of a <select> (the menu's key chooser; the choice itself needs no trusted event). */
  selectOption(value: string): Promise<void> {
    return this.on(`(el, v) => { el.value = v; el.dispatchEvent(new Event('change', { bubbles: true })); }`, [value]);
  }
}

/** Our overlay in `page`: the host element (in the page's DOM) and locators into its closed root. */
export function overlayOf(page: Page, frameId?: string) {
  return {
    locator: (selector: string) => new ShadowLocator(page, selector, 0, frameId),
    count: () => (frameId ? page.frameLocator(`iframe#${frameId}`).locator(HOST).count() : page.locator(HOST).count()),
  };
}
