// Browser glue for files, shared by the popup and the console's content script: downloads
// through an <a download> on a Blob URL (the browser names the file as given, and no extension
// permission is needed), file reading, clipboard.

/**
 * application/octet-stream: a text type would let the browser append ".txt" to extension-less
 * names. `parent` holds the link for the click: the console puts it in its own shadow root, out
 * of the page's DOM.
 */
export function downloadText(fileName: string, text: string, parent: ParentNode & Node = document.body): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
  const a = (parent.ownerDocument ?? document).createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  parent.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns; revoke a little later for slow starts
  // (a revoke after the extension was reloaded is harmless).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Key files are a few kB; anything much larger is not a key and is not read. */
export const MAX_KEY_FILE_BYTES = 256 * 1024;

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
