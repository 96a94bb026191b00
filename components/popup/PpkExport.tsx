// "Download for PuTTY (.ppk)": the key again in PuTTY's format, version 3 by default and
// version 2 under the button for older tools. Encrypted with the key's own passphrase (asked
// for when this page no longer holds it), plain when the key has none. The work (Argon2id)
// runs in a worker; `onExport` does it and starts the download.
import { useState } from 'preact/hooks';
import type { PpkVersion } from '../../lib/ssh/formats/ppk';
import { errorText, useLang, useT } from './i18n';

export interface PpkExportProps {
  /** the .ppk's file name */
  fileName: string;
  encrypted: boolean;
  /** true when the passphrase is still known here, so it is not asked for again */
  passphraseKnown: boolean;
  /** writes the .ppk and starts its download; throws a (bilingual) error */
  onExport(version: PpkVersion, passphrase: string | undefined): Promise<void>;
  /** a prefix for element ids (two of these may share a page) */
  idPrefix: string;
}

export function PpkExport({ fileName, encrypted, passphraseKnown, onExport, idPrefix }: PpkExportProps) {
  const t = useT();
  const lang = useLang();
  const [version, setVersion] = useState<PpkVersion>(3);
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const ask = encrypted && !passphraseKnown;

  async function run(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      await onExport(version, ask ? pass : undefined);
      setPass('');
      setMessage({ kind: 'ok', text: t('ppkStarted', { file: fileName }) });
    } catch (err) {
      setMessage({ kind: 'error', text: t('ppkFailed', { message: errorText(err, lang) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack ppk" onSubmit={run} data-testid={`${idPrefix}-ppk`}>
      {ask && (
        <div class="field">
          <label for={`${idPrefix}-ppk-pass`}>{t('ppkPassphrase')}</label>
          <input id={`${idPrefix}-ppk-pass`} type="password" autocomplete="off" value={pass} onInput={(ev) => setPass((ev.target as HTMLInputElement).value)} />
        </div>
      )}
      <div class="row wrap">
        <button type="submit" disabled={busy || (ask && !pass)} aria-describedby={`${idPrefix}-ppk-note`}>
          {t('ppkDownload')}
        </button>
      </div>
      <p class="hint" id={`${idPrefix}-ppk-note`}>
        {encrypted ? t('ppkEncrypted') : t('ppkPlain')}
      </p>
      <details>
        <summary>{t('ppkOptions')}</summary>
        <fieldset class="stack" aria-label={t('ppkOptions')}>
          {([3, 2] as const).map((v) => (
            <label key={v} class="check">
              <input type="radio" name={`${idPrefix}-ppk-version`} value={String(v)} checked={version === v} onChange={() => setVersion(v)} /> {t(v === 3 ? 'ppkV3' : 'ppkV2')}
            </label>
          ))}
        </fieldset>
      </details>
      {busy && (
        <p class="hint" role="status">
          {t('ppkBusy', { file: fileName })}
        </p>
      )}
      {message && (
        <p class={message.kind === 'error' ? 'error' : 'notice'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
