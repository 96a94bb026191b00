// A freshly made key: its public half to copy, its fingerprint and randomart to compare with
// ssh-keygen's, the two files to download, and how to install them. The private key is held
// until the user says both files are saved (Done): a click on a download button does not prove
// a file exists (the Save dialog can be cancelled, the download can fail).
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { keyFileNames } from '../../lib/keyfiles';
import { canRelease, type KeyFile, type PendingKey } from '../../lib/pending-key';
import type { PpkVersion } from '../../lib/ssh/formats/ppk';
import { CopyButton } from './CopyButton';
import { PpkExport } from './PpkExport';
import { UseWith } from './UseWith';
import { useT } from './i18n';

export interface KeyResultProps {
  pending: PendingKey;
  /** true once the user pressed Done and the private key is no longer held anywhere */
  released: boolean;
  now: number;
  onDownload(file: KeyFile | 'pem'): void;
  /** the .ppk for PuTTY (a private file, counted like the private key); throws a bilingual error */
  onDownloadPpk(version: PpkVersion, passphrase: string | undefined): Promise<void>;
  /** the key's passphrase is still held in this page's memory (not asked for again) */
  passphraseKnown: boolean;
  /** Done: both files are saved, let go of the private key */
  onRelease(): void;
  onDiscard(): void;
  /** back to the form, after Done */
  onNewKey(): void;
  children?: ComponentChildren;
}

export function KeyResult({ pending, released, now, onDownload, onDownloadPpk, passphraseKnown, onRelease, onDiscard, onNewKey, children }: KeyResultProps) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const { key, name, downloaded } = pending;
  const files = keyFileNames(name);
  const minutes = Math.max(1, Math.ceil((pending.expiresAt - now) / 60_000));
  // Done is offered on the same condition releasePendingKey checks
  const releasable = canRelease(pending);

  return (
    <section class="stack result" aria-labelledby="result-title">
      <h2 id="result-title">{t('resultTitle', { name })}</h2>
      <p class="notice secret-note">
        {released ? t('released') : t('notKept')} {!released && <span>{t('expiresIn', { minutes })}</span>}
      </p>

      <div class="field">
        <label for="public-key">{t('publicKey')}</label>
        <textarea id="public-key" class="mono" readOnly rows={4} value={key.publicKeyLine} spellcheck={false} />
        <div class="row">
          <CopyButton text={key.publicKeyLine} label={t('copyPublicKey')} />
        </div>
      </div>

      <div class="field">
        <span class="label" id="fp-label">{t('fingerprint')}</span>
        <code class="mono fingerprint" aria-labelledby="fp-label" data-testid="fingerprint">
          {key.fingerprint}
        </code>
        <pre class="mono randomart" aria-label={t('randomart')} data-testid="randomart">
          {key.randomart}
        </pre>
      </div>

      {!released && (
        <div class="row wrap">
          <button type="button" class="primary" onClick={() => onDownload('privateKey')}>
            {t('downloadPrivateKey')}
          </button>
          <button type="button" class="primary" onClick={() => onDownload('publicKey')}>
            {t('downloadPublicKey')}
          </button>
        </div>
      )}
      {!released && (
        <p class="hint" aria-live="polite">
          {files.privateKey}: {downloaded.privateKey ? `✓ ${t('downloadStarted')}` : t('notDownloaded')} · {files.publicKey}:{' '}
          {downloaded.publicKey ? `✓ ${t('downloadStarted')}` : t('notDownloaded')}
          {downloaded.ppk && ` · ${name}.ppk: ✓ ${t('downloadStarted')}`}
        </p>
      )}
      {!released && <PpkExport idPrefix="result" fileName={`${name}.ppk`} encrypted={key.encrypted} passphraseKnown={passphraseKnown} onExport={onDownloadPpk} />}
      {!released && key.pkcs1Pem && (
        <details>
          <summary>{t('olderTools')}</summary>
          <p class="hint">{t('olderToolsHint')}</p>
          <button type="button" onClick={() => onDownload('pem')}>
            {t('downloadPem', { file: files.pem })}
          </button>
        </details>
      )}

      {children}
      <UseWith keyName={name} />

      <p class="hint">{t('savedAs')}</p>
      {released ? (
        <div class="row">
          <button type="button" onClick={onNewKey}>
            {t('newKey')}
          </button>
        </div>
      ) : confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby="discard-q">
          <p id="discard-q">{t('discardConfirm')}</p>
          <div class="row">
            <button type="button" class="danger" onClick={onDiscard}>
              {t('discardYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="stack">
          <p class="hint" id="done-hint">
            {releasable ? t('doneHint') : t('doneNeedsPrivate')}
          </p>
          <div class="row">
            {/* disabled until a download of the private key was started: before that, Done would lose it */}
            <button type="button" class="primary" disabled={!releasable} aria-describedby="done-hint" onClick={onRelease}>
              {t('doneBothSaved')}
            </button>
            {!releasable && (
              <button type="button" onClick={() => setConfirming(true)}>
                {t('discard')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
