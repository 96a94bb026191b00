// The popup: make a key, keep the saved public keys, add an existing one.
// Works both as the toolbar popup and as a tab (popup.html#generate, opened by the console).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { GeneratedKey } from '../../lib/keygen';
import { savedKeys, defaultKeyId, type SavedKey } from '../../lib/storage';
import { keyFileNames, privateKeyPathFor } from '../../lib/keyfiles';
import { ppkTools } from './ppk-tools';
import type { PpkVersion } from '../../lib/ssh/formats/ppk';
import { dropPendingKey, isExpired, loadPendingKey, markDownloaded, newPendingKey, releasePendingKey, storePendingKey, type KeyFile, type PendingKey } from '../../lib/pending-key';
import type { PopupKey } from '../../lib/i18n/popup';
import { GenerateForm } from './GenerateForm';
import { KeyResult } from './KeyResult';
import { SavedKeys } from './SavedKeys';
import { lazyComponent } from './lazy';
import { downloadText } from '../files';
import { onTabArrowKey } from './tabs';
import { addSavedKey, sshTypeOf } from '../../lib/saved-keys';
import { useT } from './i18n';

// Not on the first screen: their own chunks (key intake, private key reader, bcrypt; the doctor;
// the machines list), fetched when the user reaches for the tabs or opens one.
const ImportKey = lazyComponent(() => import('./ImportKey').then((m) => m.ImportKey));
const Diagnose = lazyComponent(() => import('./Diagnose').then((m) => m.Diagnose));
const Machines = lazyComponent(() => import('./Machines').then((m) => m.Machines));

export type Tab = 'new' | 'saved' | 'add' | 'machines' | 'diagnose';
const TABS: [Tab, PopupKey][] = [
  ['new', 'tabNew'],
  ['saved', 'tabSaved'],
  ['add', 'tabAdd'],
  ['machines', 'tabMachines'],
  ['diagnose', 'tabDiagnose'],
];

export interface AppProps {
  initialTab?: Tab;
  /** the install commands for a key's download name and its saved private key path */
  renderInstall?: (keyName: string, privateKeyPath: string) => ComponentChildren;
  /** the connection the Diagnose tab starts with (popup.html#diagnose?cmd=…, from the console) */
  diagnoseCommand?: string;
}

/** Pure-state view of the finished key: `released` once the user pressed Done and the private key was let go. */
interface Finished {
  pending: PendingKey;
  released: boolean;
}

export function App({ initialTab = 'new', renderInstall, diagnoseCommand }: AppProps) {
  const t = useT();
  const [tab, setTab] = useState<Tab>(initialTab);
  // the connection the Diagnose tab opens with: from the console (URL) or a machine's card
  const [diagnosing, setDiagnosing] = useState(diagnoseCommand);
  const [keys, setKeys] = useState<SavedKey[] | null>(null);
  const [defaultId, setDefaultId] = useState<string | null>(null);
  const [finished, setFinished] = useState<Finished | null>(null);
  const [now, setNow] = useState(Date.now());
  const [expiredNotice, setExpiredNotice] = useState(false);
  // The new key's passphrase, in this page's memory only (never in any storage), so the .ppk
  // need not ask for it again; gone with the page, on Done and on Discard.
  const passphrase = useRef<{ savedId: string; value: string } | null>(null);

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

  async function onGenerated(key: GeneratedKey, name: string, pass = '') {
    const saved = await addSavedKey({ name, comment: key.comment, type: sshTypeOf(key.type), bits: key.bits, fingerprint: key.fingerprint, publicKeyLine: key.publicKeyLine, privateKeyPath: privateKeyPathFor({ kind: 'generated', name }), privateNotDownloaded: true });
    passphrase.current = pass ? { savedId: saved.id, value: pass } : null;
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

  /** The .ppk: made from the held private key with its passphrase, counted as a private download. */
  async function onDownloadPpk(version: PpkVersion, typed: string | undefined) {
    if (!finished || finished.released) return;
    const { pending } = finished;
    const held = passphrase.current?.savedId === pending.savedId ? passphrase.current.value : undefined;
    const { privateKeyToPpk } = await ppkTools();
    const { ppk } = await privateKeyToPpk(pending.key.privateKeyPem, { passphrase: typed ?? held, version });
    const rest = await markDownloaded('ppk');
    if (!rest) {
      setFinished(null);
      setExpiredNotice(true);
      return;
    }
    downloadText(`${pending.name}.ppk`, ppk);
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
    passphrase.current = null;
    const key = { ...pending.key, privateKeyPem: '', pkcs1Pem: undefined };
    setFinished({ pending: { ...pending, key }, released: true });
  }

  async function onDiscard() {
    if (!finished) return;
    passphrase.current = null;
    await dropPendingKey(finished.pending);
    setFinished(null);
  }

  return (
    <main class="popup">
      <header>
        <h1>{t('appTitle')}</h1>
        <div
          role="tablist"
          aria-label={t('tabsLabel')}
          onKeyDown={(e) => onTabArrowKey(e, TABS, tab, setTab, 'tab-')}
          onPointerEnter={ImportKey.prefetch}
          onFocusIn={ImportKey.prefetch}
        >
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
              onDownloadPpk={onDownloadPpk}
              passphraseKnown={!finished.pending.key.encrypted || passphrase.current?.savedId === finished.pending.savedId}
              onRelease={onRelease}
              onDiscard={onDiscard}
              onNewKey={() => setFinished(null)}
            >
              {renderInstall?.(finished.pending.name, keys?.find((k) => k.id === finished.pending.savedId)?.privateKeyPath ?? privateKeyPathFor({ kind: 'generated', name: finished.pending.name }))}
            </KeyResult>
          ) : (
            <>
              {expiredNotice && (
                <p class="notice" role="status">
                  {t('keyGone')}
                </p>
              )}
              {/* at once, not after the saved keys load: the first screen waits for no storage
                  read; Generate stays disabled until the names already taken are known */}
              <GenerateForm takenNames={keys?.map((k) => k.name) ?? null} onGenerated={onGenerated} />
            </>
          ))}
        {tab === 'saved' && keys && <SavedKeys keys={keys} defaultId={defaultId} />}
        {tab === 'add' && keys && <ImportKey keys={keys} />}
        {tab === 'machines' && keys && (
          <Machines
            keys={keys}
            defaultId={defaultId}
            onDiagnose={(command) => {
              setDiagnosing(command);
              setTab('diagnose');
            }}
          />
        )}
        {tab === 'diagnose' && keys && <Diagnose keys={keys} initialCommand={diagnosing} />}
      </div>
    </main>
  );
}
