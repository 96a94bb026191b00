// The content script's context, hardened against the page (issue 15, item 4). WXT 0.21's own
// ContentScriptContext (node_modules/wxt/dist/utils/content-script-context.mjs) does two things
// a console page can abuse:
// - on start it broadcasts `window.postMessage({type: "<extension id>:infini:wxt:content-script-started"})`,
//   which every script of the page receives: it tells the page our extension id;
// - it invalidates itself on a `<id>:infini:wxt:content-script-started` event on `document`
//   from anyone, so a page that replays it (with the id it learnt, or the store's public id)
//   switches our buttons off.
// This subclass keeps what the mechanism is for — a script of a reloaded or updated extension
// cleans up when the new one starts — and drops the rest: it announces itself only with the
// document event (never a window message), and an announcement ends this script only when this
// script's own extension context is really gone (`browser.runtime.id` is undefined in an
// orphaned content script). A live script ignores announcements, so the page cannot forge one.
//
// WXT constructs the context itself; wxt.config.ts points its generated content-script entry at
// this class (and fails the build if that entry no longer imports WXT's class as expected).
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';

/** WXT's members this class relies on (private in its typings, present at run time). */
interface WxtInternals {
  contentScriptName: string;
  id: string;
}
const startedEvent = (): string => (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;

export class GuardedContentScriptContext extends ContentScriptContext {
  // Called from WXT's constructor: no class fields of ours may be used here (not set yet).
  override stopOldScripts(): void {
    const self = this as unknown as WxtInternals;
    document.dispatchEvent(new CustomEvent(startedEvent(), { detail: { contentScriptName: self.contentScriptName, messageId: self.id } }));
  }

  override listenForNewerScripts(): void {
    const type = startedEvent();
    const cb = () => {
      // Whoever sent it, only an orphan stops: a live script's extension is still here.
      if (browser.runtime?.id == null) this.notifyInvalidated();
    };
    document.addEventListener(type, cb);
    this.onInvalidated(() => document.removeEventListener(type, cb));
  }
}

export { GuardedContentScriptContext as ContentScriptContext };
