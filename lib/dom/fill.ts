// Fill a framework-controlled field the way a person's typing would reach it.
//
// React keeps its own copy of an input's value and overrides the `value` property on the element:
// `el.value = x` updates React's tracker too, so the next `input` event looks like "no change" and
// the page's state never sees the text (the next render wipes it). Calling the setter from the
// prototype (HTMLInputElement / HTMLTextAreaElement) bypasses that override; a bubbling `input`
// event then reaches React's root listener, Vue's v-model and plain listeners alike; `change` and
// blur finish the edit for libraries that validate on those (Ant Design, Element Plus).
//
// This function must stay self-contained (no imports, no module-level references): the
// background injects this very function with chrome.scripting.executeScript({func}), which
// serialises its source into the page, for the "Fill SSH public key here" context menu.
// Without `target` it fills the focused editable element (a right-click on a field focuses it),
// looking through open shadow roots and same-origin iframes for the real focused element.
export function fillEditable(value: string, target?: Element | null): { ok: boolean; reason?: string } {
  let el: Element | null = target ?? null;
  if (!el) {
    el = document.activeElement;
    for (let i = 0; i < 10 && el; i++) {
      if (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      else if (el instanceof HTMLIFrameElement) {
        try {
          const inner = el.contentDocument && el.contentDocument.activeElement;
          if (!inner) break;
          el = inner;
        } catch {
          break;
        }
      } else break;
    }
  }
  if (!el) return { ok: false, reason: 'no-field' };
  const view = (el.ownerDocument && el.ownerDocument.defaultView) || window;
  const isText = el instanceof view.HTMLTextAreaElement || (el instanceof view.HTMLInputElement && /^(text|search|url|email|)$/i.test((el as HTMLInputElement).type));
  const html = el as HTMLElement;
  if (isText) {
    const field = el as HTMLInputElement | HTMLTextAreaElement;
    if (field.disabled || field.readOnly) return { ok: false, reason: 'readonly' };
    field.focus();
    const proto = el instanceof view.HTMLTextAreaElement ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (setter) setter.call(field, value);
    else field.value = value;
    field.dispatchEvent(new view.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: value }));
    field.dispatchEvent(new view.Event('change', { bubbles: true }));
    field.blur();
    return { ok: true };
  }
  if (html.isContentEditable) {
    // Rich editors (ProseMirror, Slate…) follow the editing commands, not textContent writes.
    html.focus();
    const doc = el.ownerDocument;
    const sel = doc.getSelection();
    if (sel) {
      const range = doc.createRange();
      range.selectNodeContents(html);
      sel.removeAllRanges();
      sel.addRange(range);
    }
    if (!doc.execCommand('insertText', false, value)) {
      html.textContent = value;
      html.dispatchEvent(new view.InputEvent('input', { bubbles: true, composed: true }));
    }
    html.blur();
    return { ok: true };
  }
  return { ok: false, reason: 'not-editable' };
}

// A short notice at the top of the page, for the context menu's failures (a cross-origin frame,
// a focused element that is not a text field). Self-contained for the same reason as
// fillEditable: the background injects this very function with chrome.scripting.executeScript.
// In its own shadow root so the page's CSS cannot hide or restyle it; it leaves by itself.
export function showPageNotice(text: string): { shown: boolean } {
  const TAG = 'infini-ssh-keys-notice';
  const old = document.querySelector(TAG);
  if (old) old.remove();
  const host = document.createElement(TAG);
  const root = host.attachShadow({ mode: 'open' });
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.textContent = text;
  box.style.cssText =
    'all:initial;position:fixed;top:12px;left:50%;transform:translateX(-50%);z-index:2147483647;max-width:min(560px,90vw);' +
    'padding:10px 14px;border-radius:8px;background:#fff;color:#b42318;border:1px solid #f3b4ae;box-shadow:0 8px 24px rgba(0,0,0,.18);' +
    'font:13px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;cursor:pointer;';
  box.addEventListener('click', () => host.remove());
  root.append(box);
  document.documentElement.append(host);
  setTimeout(() => host.remove(), 10_000);
  return { shown: true };
}
