// Background: the "Fill SSH public key here" context menu for consoles our adapters miss, and
// opening the popup's generate flow for the content script.
//
// The menu works on any site without a broad host permission: a click on a context-menu item
// grants `activeTab` for that tab, which is what chrome.scripting needs to run `fillEditable`
// (lib/dom/fill.ts, self-contained) in the frame the menu was opened in. Only the default key's
// public line crosses into the page; nothing is filled without the user's menu click.
import { browser } from 'wxt/browser';
import { fillEditable, showPageNotice } from '../lib/dom/fill';
import { keysDefaultFirst } from '../lib/storage';
import { menuDataFor } from '../lib/menu-data';
import { rememberMachinesFrom } from '../lib/machine-messages';
import { authorizeKeyCommand, type AuthorizeCommandReply } from '../lib/config/authorized-keys';
import { isSshKeyError } from '../lib/ssh/errors';
import { pickLang } from '../lib/i18n';
import { PRERENDERED_POPUP } from '../lib/popup-page';
import { contentText, contextMenuFailureKey } from '../lib/i18n/content';
import { pendingKey, removeKeysWhosePrivateHalfIsGone, sweepPendingKey } from '../lib/pending-key';

const MENU_ID = 'infini-fill-ssh-key';
const PENDING_KEY_ALARM = 'pending-key-expiry';

export default defineBackground(() => {
  const lang = pickLang(browser.i18n.getUILanguage());

  // The toolbar button opens the popup prerendered in the browser's language (its form is on
  // screen before the script arrives; scripts/prerender-popup.ts). Set whenever the background
  // starts: the browser keeps it in memory only; until then the manifest's popup.html serves.
  void (browser.action ?? browser.browserAction).setPopup({ popup: PRERENDERED_POPUP[lang] });

  // Chrome keeps menus across restarts, Firefox (MV2, persistent background) does not: create it
  // on install/update and on browser start; removeAll first so a second create never collides.
  const setupMenu = () =>
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({ id: MENU_ID, title: contentText[lang].contextMenuFill, contexts: ['editable'] }),
    );
  browser.runtime.onInstalled.addListener(setupMenu);
  browser.runtime.onStartup.addListener(setupMenu);
  // storage.session is empty after a browser start, an install or an update: a key whose private
  // half was never downloaded is gone with it, and its saved public half must go too. Only on
  // these events, not whenever the service worker wakes: mid-session a key may be between being
  // saved and being stored as pending.
  browser.runtime.onInstalled.addListener(() => void removeKeysWhosePrivateHalfIsGone());
  browser.runtime.onStartup.addListener(() => void removeKeysWhosePrivateHalfIsGone());

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void menuClicked(tab.id, info.frameId ?? 0);
  });

  /**
   * The menu's handler: fill, and when that did not happen say why in the user's language. A
   * failure is otherwise silent (the menu closes, nothing changes), and the user cannot tell a
   * cross-origin frame from a field that is not a text field.
   */
  async function menuClicked(tabId: number, frameId: number): Promise<{ result: { ok: boolean; reason?: string } | 'no-access'; notice: 'page' | 'toolbar' | null }> {
    let result: { ok: boolean; reason?: string } | 'no-access';
    try {
      result = await fillHere(tabId, frameId);
    } catch {
      // chrome.scripting refuses frames the activeTab grant does not cover (another site's
      // iframe) and protected pages (the web store, chrome://).
      result = 'no-access';
    }
    const key = contextMenuFailureKey(result);
    if (!key) {
      if (result !== 'no-access' && result.ok) await clearToolbarNotice(tabId);
      return { result, notice: null };
    }
    return { result, notice: await tellUser(tabId, contentText[lang][key]) };
  }

  // A finished, undownloaded key waits in memory-only session storage for at most its expiry,
  // even when the popup is never opened again: an alarm at its expiry time removes it.
  pendingKey.watch((p) => {
    if (p) void browser.alarms.create(PENDING_KEY_ALARM, { when: p.expiresAt });
    else void browser.alarms.clear(PENDING_KEY_ALARM);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PENDING_KEY_ALARM) void sweepPendingKey();
  });

  browser.runtime.onMessage.addListener((msg: unknown) => {
    if ((msg as { type?: string } | null)?.type === 'open-generate') return openGenerate();
    if ((msg as { type?: string } | null)?.type === 'open-diagnose') return openDiagnose((msg as { command?: unknown }).command);
    if ((msg as { type?: string } | null)?.type === 'authorize-command') return authorizeCommandFor((msg as { keyId?: unknown }).keyId);
    if ((msg as { type?: string } | null)?.type === 'remember-machines') return rememberMachinesFrom(msg);
    if ((msg as { type?: string } | null)?.type === 'menu-data') return menuDataFor(msg);
    return undefined;
  });

  // The native context menu cannot be clicked by browser automation, and only that click grants
  // activeTab. The e2e test reaches these from the service worker (tests/e2e/console.test.ts):
  // `fillEditable` is the exact function the menu injects, `fillHere` the menu's handler.
  // Only extension code runs in this worker's global scope; pages cannot reach it.
  (globalThis as { __infiniContextMenu?: object }).__infiniContextMenu = { fillHere, fillEditable, menuClicked, showPageNotice };
});

/**
 * The Web Terminal one-liner that adds a saved key (lib/config/authorized-keys.ts), for the
 * console's terminal menu: built here, where the key-blob checks it runs are loaded anyway, so
 * the console's content script does not carry a key parser. Public data only (the key line).
 */
export async function authorizeCommandFor(keyId: unknown): Promise<AuthorizeCommandReply> {
  const key = (await keysDefaultFirst()).find((k) => k.id === keyId);
  if (!key) return { ok: false, error: { code: 'authorize-no-key', en: contentText.en.authorizeNoKey, zh: contentText.zh.authorizeNoKey } };
  try {
    return { ok: true, command: authorizeKeyCommand(key.publicKeyLine) };
  } catch (e) {
    if (isSshKeyError(e)) return { ok: false, error: { code: e.code, en: e.en, zh: e.zh } };
    throw e;
  }
}

/** Fill the default key into the focused field of that tab and frame; no key → open the generator. */
async function fillHere(tabId: number, frameId: number): Promise<{ ok: boolean; reason?: string }> {
  const [key] = await keysDefaultFirst();
  if (!key) {
    await openGenerate();
    return { ok: false, reason: 'no-key' };
  }
  const [res] = await browser.scripting.executeScript({
    target: { tabId, frameIds: [frameId] },
    func: fillEditable,
    args: [key.publicKeyLine],
  });
  return (res?.result as { ok: boolean; reason?: string } | undefined) ?? { ok: false, reason: 'no-result' };
}

/**
 * Show `text` to the user: a notice in the tab's top frame (the activeTab grant covers it), or,
 * where no script may run (a protected page, or the grant is gone), on the toolbar button as a
 * badge with the text as its tooltip.
 */
async function tellUser(tabId: number, text: string): Promise<'page' | 'toolbar'> {
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: showPageNotice, args: [text] });
    return 'page';
  } catch {
    const action = toolbarAction();
    await action.setBadgeBackgroundColor({ tabId, color: '#b42318' });
    await action.setBadgeText({ tabId, text: '!' });
    await action.setTitle({ tabId, title: text });
    return 'toolbar';
  }
}

async function clearToolbarNotice(tabId: number): Promise<void> {
  const action = toolbarAction();
  await action.setBadgeText({ tabId, text: '' });
  // the window-wide title (the manifest's) again for this tab
  await action.setTitle({ tabId, title: await action.getTitle({}) });
}

/** MV3 `action`; Firefox's MV2 build has `browserAction` with the same calls. */
function toolbarAction(): typeof browser.action {
  const b = browser as unknown as { action?: typeof browser.action; browserAction?: typeof browser.action };
  return (b.action ?? b.browserAction)!;
}

/**
 * The popup's generate flow in a tab (`popup.html#generate`). Not `action.openPopup()`: it cannot
 * carry the "generate" intent (the popup opens on its home view), and Chrome refuses it when no
 * browser window has focus, so the tab is the one path that always lands on the generator.
 */
async function openGenerate(): Promise<{ opened: 'tab' }> {
  await browser.tabs.create({ url: browser.runtime.getURL('/popup.html#generate') });
  return { opened: 'tab' };
}

/**
 * The popup's Diagnose view in a tab, preset with a connect command from the console
 * (`popup.html#diagnose?cmd=…`). Only a short string goes into the URL: the command the page
 * shows, which is public; anything else opens the view empty.
 */
async function openDiagnose(command: unknown): Promise<{ opened: 'tab' }> {
  const cmd = typeof command === 'string' && command.length <= 2000 ? `?cmd=${encodeURIComponent(command)}` : '';
  await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html#diagnose${cmd}` as '/popup.html') });
  return { opened: 'tab' };
}
