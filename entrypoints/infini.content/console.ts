// Wiring of the console integration: collect → classify (lib/sites/infini.ts) → anchor UI
// (components/console/overlay.ts) → fill / copy on a user's click. Listeners, observers and
// timers belong to WXT's ctx so they end when the extension is reloaded or the page goes away.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { collectCommands, collectPage, codeBlockOf, commandHints, copyButtonRow, hasCopyAttr, isVisible, touchesPageFacts, COPY_ATTRS, COPY_ATTR_SELECTOR, type CollectedPage } from '../../lib/dom/collect';
import { fillEditable } from '../../lib/dom/fill';
import { commandFrom, planPage, remoteHome, machineNameFrom } from '../../lib/sites/infini';
import type { MenuDataMessage, MenuDataReply, MenuKey } from '../../lib/menu-data';
import { labelledPairsNear } from '../../lib/dom/machine-name';
import type { MachineSightingMessage, RememberMachinesMessage, RememberMachinesReply } from '../../lib/machine-messages';
import { pickLang, format } from '../../lib/i18n';
import { contentText, type ContentKey } from '../../lib/i18n/content';
import { connectCommand } from '../../lib/config/connect-command';
import { canonicalCommand } from '../../lib/config/canonical-command';
import { buildSshConfig } from '../../lib/config/ssh-config';
import type { AuthorizeCommandReply } from '../../lib/config/authorized-keys';
import { vscodeRemoteUri } from '../../lib/config/vscode';
import type { Connection } from '../../lib/config/types';
import { keyError } from '../../lib/ssh/errors';
import { Overlay, CopyByHand, type MenuApi } from '../../components/console/overlay';
import { copyText, downloadText } from '../../components/files';

/** The first non-empty line of a copied text, shortened for the menu's status line. */
export function firstLine(text: string, max = 72): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function startConsole(ctx: ContentScriptContext, doc: Document = document): void {
  const lang = pickLang(browser.i18n.getUILanguage());
  const t = (k: ContentKey, p?: Record<string, string | number>) => format(contentText[lang][k], p);
  /** an error the menu shows in the user's language (both are carried, as SshKeyError does) */
  const userError = (code: string, k: ContentKey) => keyError(code, contentText.en[k], contentText.zh[k]);
  const overlay = new Overlay(doc, lang);
  let keys: MenuKey[] = [];
  /** the key chosen in a command/terminal menu; the default key until the user picks another */
  let chosenId: string | null = null;
  const chosen = (): MenuKey | undefined => keys.find((k) => k.id === chosenId) ?? keys[0];

  // read when a menu opens, never at start: a page whose menus nobody opens reads no key. The
  // background reads them (lib/menu-data.ts): this script carries no storage code.
  const menuData = async (command?: { text: string; name?: string }): Promise<MenuDataReply> => {
    const msg: MenuDataMessage = { type: 'menu-data', ...(command && { command: command.text, name: command.name }) };
    const reply = (await browser.runtime.sendMessage(msg)) as MenuDataReply;
    keys = reply.keys;
    return reply;
  };

  const openGenerate = async (api: MenuApi) => {
    await browser.runtime.sendMessage({ type: 'open-generate' });
    api.close();
  };

  const keyMenu = (field: HTMLInputElement | HTMLTextAreaElement, nameField?: HTMLInputElement | HTMLTextAreaElement) => async (api: MenuApi) => {
    await menuData();
    if (keys.length === 0) api.note(t('noKeyYet'));
    keys.forEach((k, i) => {
      const head = i === 0 ? `${k.name} (${t('defaultKey')})` : k.name;
      api.item(`${head}\n${k.type} · ${k.fingerprint}`, () => {
        // Only the public key line and a name ever reach the page; the form is never submitted.
        if (!field.isConnected || !fillEditable(k.publicKeyLine, field).ok) throw userError('fill-failed', 'fillFailed');
        if (nameField?.isConnected && !nameField.value.trim()) fillEditable(k.name || k.comment, nameField);
        return t(nameField ? 'filledWithName' : 'filled', { name: k.name });
      }, { action: 'fill-key' });
    });
    api.item(t('generateKey'), () => openGenerate(api), { action: 'generate' });
  };

  /**
   * The key a command or terminal menu acts on, with a chooser when there are several. Without a
   * saved key: `noKey` says why, the menu offers to make one, and there is no key (undefined).
   */
  const menuKey = (api: MenuApi, noKey: ContentKey): MenuKey | undefined => {
    const key = chosen();
    if (!key) {
      api.note(t(noKey));
      api.item(t('generateKey'), () => openGenerate(api), { action: 'generate' });
      return undefined;
    }
    if (keys.length > 1) {
      api.select(t('usingKey'), keys.map((k) => ({ value: k.id, label: k.name })), key.id, (id) => {
        chosenId = id;
        api.rebuild();
      });
    }
    return key;
  };

  // "My machines": a machine is remembered when one of its command's actions is used (with the
  // key used), and, unless the user turned it off, when its command is shown. Public data only.
  // The background records them (lib/machine-store.ts, one queue for every tab): this script
  // sends the command's text and the page's name for the machine, and touches no storage for it
  // (a list of a thousand machines costs its page no storage read, write or merge).
  const machineName = (el: Element) => machineNameFrom(labelledPairsNear(el));
  /** the background records them (the reply: whether it did; a used action always is) */
  const sendSightings = (shown: boolean, sightings: MachineSightingMessage[]): Promise<RememberMachinesReply | undefined> => {
    const msg: RememberMachinesMessage = { type: 'remember-machines', shown, sightings };
    return browser.runtime.sendMessage(msg).catch(() => undefined);
  };
  const remember = (el: Element, text: string, keyName?: string) => {
    void sendSightings(false, [{ command: text, name: machineName(el), keyName }]);
  };
  const shownRemembered = new Set<string>();
  /** sightings of this scan, sent in one message when it ends (a list of a thousand rows is one write, not a thousand) */
  const shownPending: { seen: string; sighting: MachineSightingMessage }[] = [];
  const noteShown = (el: Element, text: string) => {
    const name = machineName(el);
    const seen = `${name ?? ''}\t${text}`;
    if (shownRemembered.has(seen)) return;
    shownRemembered.add(seen);
    shownPending.push({ seen, sighting: { command: text, name } });
  };
  // The background reads the setting when there is something to remember, each time (a page
  // without a command sends nothing, and a change of the setting counts from the next command
  // shown): while it is off, what was shown is not remembered, and is noted again when shown again.
  const flushShown = () => {
    if (!shownPending.length) return;
    const batch = shownPending.splice(0);
    void sendSightings(true, batch.map((b) => b.sighting)).then((r) => {
      if (!ctx.isValid || r?.remembered) return;
      for (const b of batch) shownRemembered.delete(b.seen);
    });
  };

  const commandMenu = (el: Element, text: string, connection: Connection) => async (api: MenuApi) => {
    // the alias "My machines" gives this machine (its page name when it has one), so the entry
    // copied here and the section for all machines name the same Host
    const { alias = `infini-${connection.host}` } = await menuData({ text, name: machineName(el) });
    // Never the page's text: the command rebuilt from what we parsed, shown before it is copied.
    const shown = canonicalCommand(connection);
    api.item(`${t('copyAsShown')}\n${shown}`, () => (remember(el, text), copy(shown)), { action: 'copy-shown' });
    // the popup's Diagnose view in a tab, preset with this command (the parsed one, public only)
    api.item(t('diagnose'), async () => {
      await browser.runtime.sendMessage({ type: 'open-diagnose', command: shown });
      api.close();
    }, { action: 'diagnose' });
    // Without a saved key a command with -i would name a file that does not exist.
    const key = menuKey(api, 'noKeyForCommand');
    if (!key) return;
    const used = <T,>(f: () => T) => () => (remember(el, text, key.name), f());
    const { identityFile } = key;
    const config = () => buildSshConfig({ connection, identityFile, alias });
    api.item(t('copyWithKeyPosix', { name: key.name }), used(() => copy(connectCommand(connection, { identityFile, shell: 'posix' }))), { action: 'copy-with-key' });
    api.item(t('copyWithKeyPowerShell'), used(() => copy(connectCommand(connection, { identityFile, shell: 'powershell' }))), { action: 'copy-with-key-powershell' });
    api.item(t('copyConfig', { alias }), used(() => copy(config())), { action: 'copy-config' });
    // infini-<host>.ssh-config: the builders' aliases already start with "infini-"
    const file = `${alias.startsWith('infini-') ? alias : `infini-${alias}`}.ssh-config`;
    api.item(t('downloadConfig'), used(() => download(file, config())), { action: 'download-config' });
    api.item(t('openVsCode'), used(() => undefined), { action: 'open-vscode', href: vscodeRemoteUri(alias, remoteHome(connection)), title: t('openVsCodeTitle', { alias }) });
  };

  const terminalMenu = async (api: MenuApi) => {
    await menuData();
    const key = menuKey(api, 'noKeyYet');
    if (!key) return;
    // Built (and the key checked) by the background, while the menu opens: the key-blob checks
    // stay out of this script, and the click still copies at once (within the user's gesture).
    const built: AuthorizeCommandReply | Error = await browser.runtime.sendMessage({ type: 'authorize-command', keyId: key.id }).then(
      (r: AuthorizeCommandReply) => r,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    api.item(`${t('copyAuthorize', { name: key.name })}\n${t('authorizeHint')}`, () => {
      if (built instanceof Error) throw built;
      if (!built.ok) throw keyError(built.error.code, built.error.en, built.error.zh);
      return copy(built.command);
    }, { action: 'copy-authorize' });
  };

  async function copy(text: string): Promise<string> {
    // The page's Permissions-Policy may block the async clipboard. No execCommand('copy')
    // fallback: it fires a `copy` event the page can rewrite; the user gets the text in our own
    // read-only box instead (the extension holds no clipboardWrite permission, see wxt.config.ts).
    if (!(await copyText(text))) throw new CopyByHand(text, t('copyByHand'));
    // What was copied, so that a page overwriting the clipboard right after us shows as a
    // difference between this line and what the user pastes.
    return t('copiedWhat', { what: firstLine(text) });
  }

  function download(file: string, text: string): string {
    // in our closed root: a link in the page's DOM would hand the page its blob URL
    const root = overlay.shadow;
    if (!root) throw userError('download-failed', 'actionFailed');
    downloadText(file, text, root);
    return t('downloaded', { file });
  }

  // --- scanning -------------------------------------------------------------------------------
  // The first scan reads the whole page. After that, a scan looks only at what changed since
  // the last one (the mutation records' nodes), so its cost follows the change, not the page:
  // a log streaming into a <pre> or a list of a thousand machines costs what the new lines cost.
  // Page facts (fields, dialogs, headings, the terminal) are read again only when a changed
  // node holds or sits in one of them; a route change reads everything again.
  // Scans are batched: at most once per frame and never more often than every 150 ms.
  let scheduled = false;
  let last = 0;
  let page: CollectedPage | undefined;
  /** command elements with their plan (null: a candidate that is no command) from earlier scans */
  const commandAt = new Map<Element, { text: string; connection: Connection } | null>();
  // Command candidates are looked at closer (parsed, given their action, remembered) only when
  // they come within half a screen's height of the viewport: a list of a thousand machines costs what
  // the rows the user can scroll to next cost, and "remember shown commands" remembers what was
  // shown, not every row of a list nobody scrolled through. Even which elements are candidates
  // is decided then: a scan only finds the elements that may be (commandHints, the browser's
  // own queries), and collectCommands looks at the ones that come near. Found, not yet near:
  const hints = new Set<Element>();
  /** candidates within half a screen's height of the viewport, as the browser reports them */
  const near = new Set<Element>();
  // Half a screen ahead: the next rows have their actions before they scroll in (a whole screen
  // made a 1,000-row page's first callback confirm and place half as many rows again).
  const nearby = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
        if (!ctx.isValid) return;
        let moved = false;
        const came: Element[] = [];
        for (const en of entries) {
          if (en.isIntersecting) {
            if (near.has(en.target)) continue;
            near.add(en.target);
            came.push(en.target);
            moved = true;
          } else if (near.delete(en.target)) moved = true;
        }
        confirm(came);
        for (const el of withRiders(came)) handle(el);
        if (moved) settle();
      }, { rootMargin: '50% 0px 50% 0px' })
    : null;
  /**
   * Commands in a copy button's row (a command shown beside its copy button) are not observed
   * themselves: commandHints leaves a text beside a copy element out, the button is observed,
   * and confirm() reads the button's row with it. A list of 1,000 machines, each row a command
   * and its copy button, is 1,000 observed elements, not 2,000, and nothing per row is touched
   * but the button. What a row gave is near while its button is (`along`); a button that goes
   * or loses its copy attribute has its row read again (the MutationObserver below), and what
   * was confirmed through it is observed itself.
   */
  const along = new Map<Element, Element>();
  const alongOf = new Map<Element, Element[]>();
  const isNear = (el: Element) => !nearby || near.has(el) || (along.has(el) && near.has(along.get(el)!));
  const withRiders = (els: Element[]): Element[] => (alongOf.size ? els.flatMap((el) => [el, ...(alongOf.get(el) ?? [])]) : els);
  let keyFieldEls = new Set<Element>();
  let terminalAnchor: Element | null = null;
  let everything = true;
  const changed = new Set<Node>();
  const parents = new Set<Element>();
  const removed = new Set<Node>();

  const forgetCommand = (el: Element) => {
    const button = along.get(el);
    if (button) {
      along.delete(el);
      const list = alongOf.get(button)?.filter((r) => r !== el);
      if (list?.length) alongOf.set(button, list);
      else alongOf.delete(button);
    }
    const known = [commandAt.delete(el), hints.delete(el), near.delete(el)].some(Boolean);
    if (known) nearby?.unobserve(el);
    // a copy button that goes lets what its row gave be observed itself (the row may stay)
    const left = alongOf.get(el);
    if (!left) return;
    alongOf.delete(el);
    for (const r of left) {
      along.delete(r);
      if (r.isConnected && (hints.has(r) || commandAt.has(r))) nearby?.observe(r);
    }
  };
  const forgetCommandsIn = (node: Node) => {
    if (!(node instanceof Element)) return;
    forgetCommand(node);
    for (const el of Array.from(node.getElementsByTagName('*'))) forgetCommand(el);
  };

  /**
   * The hints among `els` (near the viewport now) looked at closer, once: collectCommands over
   * them says which are candidates, each then parsed (and checked visible) into commandAt. A copy
   * button's row goes with it, so that a command the row also shows as text keeps one action.
   */
  function confirm(els: Iterable<Element>): void {
    const roots = new Set<Element>();
    /** the rows of the copy buttons among them, each with its button */
    const rows = new Map<Element, Element>();
    /** what is read: the rows, and the hints outside them (a button is inside its row) */
    const read: Element[] = [];
    for (const el of els) {
      if (!hints.has(el)) continue;
      roots.add(el);
      hints.delete(el);
      commandAt.set(el, null);
      const row = hasCopyAttr(el) ? copyButtonRow(el) : null;
      if (!row) read.push(el);
      else if (!rows.has(row)) rows.set(row, el);
    }
    if (roots.size === 0) return;
    read.push(...rows.keys());
    // in the order found (the overlay orders its buttons), visibility checked here
    const { commands, commandEls } = collectCommands(doc, { roots: read }, { visibility: false, documentOrder: false });
    commands.forEach((c, i) => {
      const el = commandEls[i]!;
      hints.delete(el);
      commandAt.set(el, commandFrom({ ...c, visible: isVisible(el) }));
      if (roots.has(el) || !rows.size) return;
      // found in a button's row (the row itself, or anywhere inside it): near with it
      let button: Element | undefined;
      for (let a: Element | null = el; a && !button; a = a.parentElement) button = rows.get(a);
      if (!button || button === el || along.has(el)) return;
      along.set(el, button);
      const list = alongOf.get(button);
      if (list) list.push(el);
      else alongOf.set(button, [el]);
    });
  }

  /** A command near the viewport (confirmed): given its action (again, when it comes back). */
  function handle(el: Element): void {
    const found = commandAt.get(el);
    // the signature tells the overlay when a reused element now shows another command
    if (!found) return;
    overlay.add(el, { kind: 'command', label: t('commandButton'), title: t('commandButtonTitle'), menu: commandMenu(el, found.text, found.connection), signature: found.text });
    noteShown(el, found.text);
  }
  /** Anchors follow what is near: the ones that came get placed, the ones far away go. */
  function settle(): void {
    overlay.retain(wanted);
    overlay.position();
    flushShown();
  }
  const wanted = (el: Element) => keyFieldEls.has(el) || el === terminalAnchor || overlay.menuOpenOn(el) || (isNear(el) && (commandAt.get(el) ?? null) !== null);

  const readPage = () => {
    page = collectPage(doc);
    const plan = planPage({ ...page.facts, commands: [] });
    const fieldEls = page.fieldEls;
    const wanted = new Set<Element>();
    for (const k of plan.keyFields) {
      const field = fieldEls[k.field]!;
      wanted.add(field);
      overlay.add(field, {
        kind: 'key',
        label: t('fillButton'),
        title: t('fillButtonTitle'),
        menu: keyMenu(field, k.nameField === undefined ? undefined : fieldEls[k.nameField]),
      });
    }
    keyFieldEls = wanted;
    terminalAnchor = plan.terminal ? (page.terminalEl ?? doc.body) : null;
    if (terminalAnchor) overlay.add(terminalAnchor, { kind: 'terminal', label: t('terminalButton'), title: t('terminalButtonTitle'), menu: terminalMenu });
  };

  const readCommands = (roots?: Node[], shallow?: Element[]) => {
    const nearNow: Element[] = [];
    // the first scan of a page (nothing known, nothing near yet) only registers the hints
    const first = hints.size === 0 && commandAt.size === 0 && near.size === 0;
    const found = commandHints(doc, roots ? { roots, shallow } : undefined, first ? hints : new Set());
    if (first) {
      if (nearby) for (const el of found) nearby.observe(el);
      else nearNow.push(...found);
    } else {
      for (const el of found) {
        commandAt.delete(el);
        hints.add(el);
        nearby?.observe(el); // once per element: observing it again changes nothing
        if (isNear(el)) nearNow.push(el);
      }
    }
    confirm(nearNow);
    for (const el of withRiders(nearNow)) handle(el);
  };

  /** The changed nodes, each moved up to what must be read again, without one inside another. */
  const changedRoots = (): Node[] => {
    const lifted = new Set<Node>();
    for (const n of changed) if (n.isConnected) lifted.add(codeBlockOf(n) ?? n);
    return [...lifted].filter((n) => {
      for (let a = n.parentNode; a; a = a.parentNode) if (lifted.has(a)) return false;
      return true;
    });
  };

  const scan = () => {
    scheduled = false;
    last = Date.now();
    if (!ctx.isValid) return;
    if (everything || !page) {
      everything = false;
      changed.clear();
      parents.clear();
      removed.clear();
      commandAt.clear();
      hints.clear();
      along.clear();
      alongOf.clear();
      // observed anew below: elements of the last route are let go (the observer holds its targets)
      nearby?.disconnect();
      readPage();
      readCommands();
      // what is near stays near (no button blinks on a route change); what is no candidate now goes
      for (const el of near) if (!hints.has(el) && !commandAt.has(el)) near.delete(el);
    } else {
      // A parent whose children changed, or a changed text node's parent: read its own text
      // again (or, inside code/pre/kbd/samp, that whole element).
      for (const n of changed) if (n.nodeType === Node.TEXT_NODE && n.parentElement) parents.add(n.parentElement);
      const shallow: Element[] = [];
      for (const p of parents) {
        if (!p.isConnected) continue;
        const code = codeBlockOf(p);
        if (code) changed.add(code);
        else shallow.push(p);
      }
      const roots = changedRoots();
      const pageToo = roots.some(touchesPageFacts) || [...removed].some(touchesPageFacts);
      for (const n of removed) if (!n.isConnected) forgetCommandsIn(n);
      for (const n of roots) forgetCommandsIn(n);
      for (const p of shallow) forgetCommand(p);
      changed.clear();
      parents.clear();
      removed.clear();
      if (pageToo) readPage();
      if (roots.length || shallow.length) readCommands(roots, shallow);
    }
    settle();
  };
  const schedule = () => {
    if (scheduled || !ctx.isValid) return;
    scheduled = true;
    const wait = Math.max(0, 150 - (Date.now() - last));
    ctx.setTimeout(() => ctx.requestAnimationFrame(scan), wait);
  };
  const rescanAll = () => {
    everything = true;
    schedule();
  };

  const observer = new MutationObserver((records) => {
    const host = overlay.hostElement;
    let relevant = false;
    for (const r of records) {
      // Our own shadow host changing must not trigger another scan (that would loop).
      if (host && (r.target === host || host.contains(r.target))) continue;
      const nodes = [...r.addedNodes, ...r.removedNodes];
      if (host && nodes.length > 0 && nodes.every((n) => n === host)) continue;
      // A terminal repaints its rows many times a second; nothing we look for lives inside it.
      const el = r.target instanceof Element ? r.target : r.target.parentElement;
      if (el?.closest('.xterm')) continue;
      relevant = true;
      if (r.type === 'childList') {
        for (const n of r.addedNodes) if (n !== host) changed.add(n);
        for (const n of r.removedNodes) {
          if (n === host) continue;
          removed.add(n);
          // a copy button that goes: its row is read again (a command beside it was not
          // observed on its own; see `along`). The row held what it was removed from.
          if (n instanceof Element && r.target instanceof Element && (hasCopyAttr(n) || n.querySelector(COPY_ATTR_SELECTOR))) changed.add(r.target.parentElement ?? r.target);
        }
        // the parent's whole text changed: it may stop (or start) being a command itself
        if (r.target instanceof Element) parents.add(r.target);
      } else {
        // characterData: the text node; attributes: the element (its subtree's visibility may
        // change), and for a copy attribute the element's row (a command beside it, see `along`)
        changed.add(r.target);
        if (r.type === 'attributes' && r.target instanceof Element && COPY_ATTRS.includes(r.attributeName ?? '')) changed.add(copyButtonRow(r.target) ?? r.target);
      }
    }
    if (relevant) schedule();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open', 'aria-hidden', 'readonly', 'disabled', 'placeholder', 'value', ...COPY_ATTRS] });

  let positionQueued = false;
  const reposition = () => {
    if (positionQueued) return;
    positionQueued = true;
    ctx.requestAnimationFrame(() => {
      positionQueued = false;
      overlay.position();
    });
  };
  ctx.addEventListener(window, 'scroll', reposition, { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', reposition, { passive: true });
  // A dialog's CSS entrance animation or transition moves its fields after we placed the buttons
  // (mid-animation, about 8 px off): follow them while it runs, and once more when it ends.
  // (finite ones only: a spinner's endless rotation must not keep us busy)
  let following = false;
  const follow = () => {
    reposition();
    if (following) return;
    following = true;
    const step = () => {
      const running = doc.getAnimations?.().some((an) => an.playState === 'running' && an.effect?.getComputedTiming().iterations !== Infinity) ?? false;
      if (running && ctx.isValid) {
        reposition();
        ctx.setTimeout(step, 50);
      } else following = false;
    };
    ctx.setTimeout(step, 50);
  };
  for (const type of ['animationstart', 'transitionrun'] as const) ctx.addEventListener(doc, type, follow, { capture: true, passive: true });
  for (const type of ['animationend', 'animationcancel', 'transitionend', 'transitioncancel'] as const) ctx.addEventListener(doc, type, reposition, { capture: true, passive: true });
  ctx.addEventListener(window, 'wxt:locationchange', rescanAll);
  ctx.addEventListener(window, 'popstate', rescanAll);
  ctx.addEventListener(doc, 'pointerdown', (e) => overlay.closeMenusOutside(e), { capture: true });
  ctx.onInvalidated(() => {
    // page-side only: no storage watcher to remove (keys and settings are read when used)
    overlay.destroy();
    observer.disconnect();
    nearby?.disconnect();
  });
  scan();
}
