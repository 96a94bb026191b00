// The popup: make a key, keep the saved public keys, add an existing one.
// Works both as the toolbar popup and as a tab (popup.html#generate, opened by the console).
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { GeneratedKey } from '../../lib/keygen';
import { savedKeys, defaultKeyId, type SavedKey } from '../../lib/storage';
import { keyFileNames } from '../../lib/keyfiles';
import { dropPendingKey, isExpired, loadPendingKey, markDownloaded, newPendingKey, releasePendingKey, storePendingKey, type KeyFile, type PendingKey } from '../../lib/pending-key';
import type { PopupKey } from '../../lib/i18n/popup';
import { GenerateForm } from './GenerateForm';
import { KeyResult } from './KeyResult';
import { SavedKeys } from './SavedKeys';
import { ImportKey } from './ImportKey';
import { downloadText } from '../files';
import { onTabArrowKey } from './tabs';
import { addSavedKey, sshTypeOf } from '../../lib/saved-keys';
import { useT } from './i18n';

export type Tab = 'new' | 'saved' | 'add';
const TABS: [Tab, PopupKey][] = [
  ['new', 'tabNew'],
  ['saved', 'tabSaved'],
  ['add', 'tabAdd'],
];

export interface AppProps {
  initialTab?: Tab;
  /** the install commands for a key name (absent until the config builders are wired) */
  renderInstall?: (keyName: string) => ComponentChildren;
}

/** Pure-state view of the finished key: `released` once the user pressed Done and the private key was let go. */
interface Finished {
  pending: PendingKey;
  released: boolean;
}

export function App({ initialTab = 'new', renderInstall }: AppProps) {
  const t = useT();
  const [tab, setTab] = useState<Tab>(initialTab);
  const [keys, setKeys] = useState<SavedKey[] | null>(null);
  const [defaultId, setDefaultId] = useState<string | null>(null);
  const [finished, setFinished] = useState<Finished | null>(null);
  const [now, setNow] = useState(Date.now());
  const [expiredNotice, setExpiredNotice] = useState(false);

  useEffect(() => {
    savedKeys.getValue().then(setKeys);
    defaultKeyId.getValue().then(setDefaultId);
    loadPendingKey().then((p) => p && setFinished({ pending: p, released: false }));
    const unwatch = [savedKeys.watch((v) => setKeys(v ?? [])), defaultKeyId.watch((v) => setDefaultId(v ?? null))];
    return () => unwatch.forEach((u) => u());
  }, []);

  // While a key waits for download, keep the countdown current and drop it when it expires
  // even if the popup (opened as a tab) stays open.
  useEffect(() => {
    if (!finished || finished.released) return;
    const timer = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (isExpired(finished.pending, n)) {
        dropPendingKey(finished.pending);
        setFinished(null);
        setExpiredNotice(true);
      }
    }, 15_000);
    return () => clearInterval(timer);
  }, [finished]);

  async function onGenerated(key: GeneratedKey, name: string) {
    const saved = await addSavedKey({ name, comment: key.comment, type: sshTypeOf(key.type), bits: key.bits, fingerprint: key.fingerprint, publicKeyLine: key.publicKeyLine, privateNotDownloaded: true });
    const pending = newPendingKey(key, name, saved.id);
    await storePendingKey(pending);
    setNow(Date.now());
    setExpiredNotice(false);
    setFinished({ pending, released: false });
  }

  async function onDownload(file: KeyFile | 'pem') {
    if (!finished || finished.released) return;
    const { pending } = finished;
    const names = keyFileNames(pending.name);
    if (file === 'pem') {
      if (pending.key.pkcs1Pem) downloadText(names.pem, pending.key.pkcs1Pem);
      return;
    }
    // Record first, on the stored entry (a second quick click must not write back a stale
    // copy): the action popup may close as soon as the download starts. A recorded download
    // releases nothing; only Done does.
    const rest = await markDownloaded(file);
    if (!rest) {
      // expired (or discarded in another window) meanwhile: the key is no longer held
      setFinished(null);
      setExpiredNotice(true);
      return;
    }
    if (file === 'privateKey') downloadText(names.privateKey, pending.key.privateKeyPem);
    else downloadText(names.publicKey, pending.key.publicKeyLine + '\n');
    setFinished((f) => (f && !f.released && f.pending.savedId === rest.savedId ? { pending: rest, released: false } : f));
  }

  /** Done: the user says both files are saved; the private key leaves storage and this page. */
  async function onRelease() {
    if (!finished || finished.released) return;
    const { pending } = finished;
    if (!(await releasePendingKey())) {
      // refused only when nothing is held any more (the button needs a private download first)
      const still = await loadPendingKey();
      if (still) setFinished({ pending: still, released: false });
      else {
        setFinished(null);
        setExpiredNotice(true);
      }
      return;
    }
    const key = { ...pending.key, privateKeyPem: '', pkcs1Pem: undefined };
    setFinished({ pending: { ...pending, key }, released: true });
  }

  async function onDiscard() {
    if (!finished) return;
    await dropPendingKey(finished.pending);
    setFinished(null);
  }

  return (
    <main class="popup">
      <header>
        <h1>{t('appTitle')}</h1>
        <div role="tablist" aria-label={t('tabsLabel')} onKeyDown={(e) => onTabArrowKey(e, TABS, tab, setTab, 'tab-')}>
          {TABS.map(([id, label]) => (
            <button
              key={id}
              id={`tab-${id}`}
              type="button"
              role="tab"
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              onClick={() => setTab(id)}
            >
              {t(label)}
              {id === 'saved' && keys && keys.length > 0 ? ` (${keys.length})` : ''}
            </button>
          ))}
        </div>
      </header>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="panel">
        {tab === 'new' &&
          (finished ? (
            <KeyResult
              pending={finished.pending}
              released={finished.released}
              now={now}
              onDownload={onDownload}
              onRelease={onRelease}
              onDiscard={onDiscard}
              onNewKey={() => setFinished(null)}
            >
              {renderInstall?.(finished.pending.name)}
            </KeyResult>
          ) : (
            <>
              {expiredNotice && (
                <p class="notice" role="status">
                  {t('keyGone')}
                </p>
              )}
              {keys && <GenerateForm takenNames={keys.map((k) => k.name)} onGenerated={onGenerated} />}
            </>
          ))}
        {tab === 'saved' && keys && <SavedKeys keys={keys} defaultId={defaultId} />}
        {tab === 'add' && keys && <ImportKey keys={keys} />}
      </div>
    </main>
  );
}
