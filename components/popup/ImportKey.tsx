// Bringing an existing key: a public key pasted or picked as a file (checked by the key
// intake, whose refusals and warnings are shown inline), or the public half worked out from a
// private key file (OpenSSH, PEM, or PuTTY .ppk). The private text is read, used and dropped:
// only the picked File handle (and the passphrase typed for it, in memory) is held while a
// passphrase is asked for or a conversion is offered (.ppk → OpenSSH, OpenSSH → .ppk), never
// the text, and nothing private is saved. Every saved key carries the path of its private half.
import { useRef, useState } from 'preact/hooks';
import { isPrivateKeyRefusal, parsePublicKey } from '../../lib/ssh/intake/parse-public-key';
import { loadOpenSslPem } from '../../lib/ssh/formats/private-key';
import { installBcryptWorkers } from '../../lib/keygen/bcrypt-workers';
import { installArgon2Worker } from '../../lib/keygen/argon2-workers';
import { derivePublicKey } from '../../lib/ssh/derive';
import { isSshKeyError } from '../../lib/ssh/errors';
import { checkPrivateKeyPath, importedKeyName, keyFileStem, privateKeyPathFor } from '../../lib/keyfiles';
import { isPpkText, type PpkVersion } from '../../lib/ssh/formats/ppk';
import { privateKeyToOpenSsh, privateKeyToPpk } from '../../lib/ssh/formats/convert';
import { downloadText } from '../files';
import { PpkExport } from './PpkExport';
import type { SavedKey } from '../../lib/storage';
import { MAX_KEY_FILE_BYTES } from '../files';
import { addSavedKey, type PublicKeyFacts } from '../../lib/saved-keys';
import { errorDetail, errorText, useLang, useT } from './i18n';
import { PassphraseInput } from './PassphraseInput';

const prefetchPem = () => void loadOpenSslPem();

type Outcome = { kind: 'ok' | 'error'; text: string; warnings?: string[] } | null;

/** A private key file just read: what the conversions below the outcome need. */
interface Derived {
  file: File;
  ppk: boolean;
  encrypted: boolean;
  stem: string;
  path: string;
}

export function ImportKey({ keys }: { keys: SavedKey[] }) {
  const t = useT();
  const lang = useLang();
  const [text, setText] = useState('');
  const [pubOutcome, setPubOutcome] = useState<Outcome>(null);
  const [privOutcome, setPrivOutcome] = useState<Outcome>(null);
  const [askPass, setAskPass] = useState<string | null>(null); // the private key file's name
  const [pass, setPass] = useState('');
  const privFile = useRef<File | null>(null);
  const [pathText, setPathText] = useState<string | null>(null); // null: not edited, follow the key type
  const [derived, setDerived] = useState<Derived | null>(null);
  const derivedPass = useRef<string | undefined>(undefined);

  // the pasted key's type decides the suggested private key path (shown and editable)
  const live = text.trim() ? parsePublicKey(text) : null;
  const suggestedPath = live?.ok ? privateKeyPathFor({ kind: 'pasted', type: live.key.type }) : '';
  const path = pathText ?? suggestedPath;
  const pathProblem = live?.ok && pathText !== null ? checkPrivateKeyPath(pathText) : null;
  // the running unlock's Cancel: aborting terminates the bcrypt workers (lib/keygen/bcrypt-workers.ts)
  const unlock = useRef<AbortController | null>(null);
  const [unlocking, setUnlocking] = useState(false);

  /** A failed save (e.g. storage full) in the user's language, with the platform's detail after it. */
  function saveFailed(e: unknown): Outcome {
    return { kind: 'error', text: isSshKeyError(e) ? errorText(e, lang) : t('saveFailed', { detail: errorDetail(e) }) };
  }

  /** Saves unless the same key is already saved; returns the outcome text. */
  async function save(facts: Omit<PublicKeyFacts, 'name'>, fileName?: string): Promise<{ saved: boolean; name: string; path: string }> {
    const existing = keys.find((k) => k.fingerprint === facts.fingerprint);
    if (existing) return { saved: false, name: existing.name, path: existing.privateKeyPath };
    const name = importedKeyName(fileName, facts.type, keys.map((k) => k.name));
    await addSavedKey({ ...facts, name });
    return { saved: true, name, path: facts.privateKeyPath };
  }

  async function importPublic(input: string, fileName?: string) {
    const r = parsePublicKey(input);
    if (!r.ok) {
      // A pasted secret is not left sitting in the box.
      if (isPrivateKeyRefusal(r.error.code)) setText('');
      setPubOutcome({ kind: 'error', text: errorText(r.error, lang) });
      return;
    }
    const k = r.key;
    const keyPath = fileName ? privateKeyPathFor({ kind: 'public-file', fileName, type: k.type }) : (pathText ?? privateKeyPathFor({ kind: 'pasted', type: k.type }));
    const bad = checkPrivateKeyPath(keyPath);
    if (bad) return setPubOutcome({ kind: 'error', text: errorText(bad, lang) });
    let outcome;
    try {
      outcome = await save({ comment: k.comment, type: k.type, bits: k.bits, fingerprint: k.fingerprint, publicKeyLine: k.line, privateKeyPath: keyPath }, fileName);
    } catch (e) {
      return setPubOutcome(saveFailed(e));
    }
    const { saved, name } = outcome;
    setPubOutcome({
      kind: 'ok',
      text: saved ? `${t('imported', { name, fingerprint: k.fingerprint })} ${t('importedPath', { path: outcome.path })}` : t('alreadySaved', { name }),
      warnings: r.warnings.map((w) => t('warning', { message: lang === 'zh' ? w.zh : w.en })),
    });
    if (saved) {
      setText('');
      setPathText(null);
    }
  }

  async function readSmallFile(file: File): Promise<string | null> {
    if (file.size > MAX_KEY_FILE_BYTES) return null;
    return file.text();
  }

  async function onPublicFile(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const content = await readSmallFile(file).catch(() => undefined);
    if (content === null) return setPubOutcome({ kind: 'error', text: t('fileTooLarge', { file: file.name }) });
    if (content === undefined) return setPubOutcome({ kind: 'error', text: t('readFailed', { file: file.name }) });
    setText(content.trim());
    await importPublic(content, file.name);
  }

  async function derive(passphrase?: string) {
    const file = privFile.current;
    if (!file) return;
    let content: string | null | undefined = await readSmallFile(file).catch(() => undefined);
    if (content === null) return finishDerive({ kind: 'error', text: t('fileTooLarge', { file: file.name }) });
    if (content === undefined) return finishDerive({ kind: 'error', text: t('readFailed', { file: file.name }) });
    let k;
    const ppk = isPpkText(content);
    // an encrypted OpenSSH key's bcrypt_pbkdf splits its two blocks over two Web Workers
    installBcryptWorkers();
    // an encrypted .ppk v3's Argon2id runs in its own worker
    if (ppk) installArgon2Worker();
    const ctl = new AbortController();
    unlock.current?.abort();
    unlock.current = ctl;
    setUnlocking(true);
    try {
      k = await derivePublicKey(content, passphrase, { signal: ctl.signal });
      content = null; // the private text goes no further than this function
    } catch (e) {
      content = null;
      const code = (e as { code?: string }).code;
      if (ctl.signal.aborted || code === 'cancelled') {
        // Cancel was pressed: finishDerive already reset the form
        return;
      } else if (code === 'passphrase-required') {
        setAskPass(file.name);
        setPrivOutcome(null);
      } else if (code === 'wrong-passphrase') {
        setAskPass(file.name);
        setPass('');
        setPrivOutcome({ kind: 'error', text: t('wrongPassphrase') });
      } else {
        finishDerive({ kind: 'error', text: errorText(e, lang) });
      }
      return;
    } finally {
      if (unlock.current === ctl) {
        unlock.current = null;
        setUnlocking(false);
      }
    }
    const keyPath = privateKeyPathFor({ kind: 'private-file', fileName: file.name, type: k.type });
    try {
      const { saved, name, path: savedPath } = await save({ comment: k.comment, type: k.type, bits: k.bits, fingerprint: k.fingerprint, publicKeyLine: k.publicKeyLine, privateKeyPath: keyPath }, file.name);
      derivedPass.current = passphrase;
      setDerived({ file, ppk, encrypted: k.encrypted, stem: keyFileStem(file.name) || name, path: savedPath });
      finishDerive({ kind: 'ok', text: saved ? `${t('derived', { file: file.name, name, fingerprint: k.fingerprint })} ${t('importedPath', { path: savedPath })}` : t('alreadySaved', { name }) });
    } catch (e) {
      finishDerive(saveFailed(e));
    }
  }

  function finishDerive(o: Outcome) {
    unlock.current?.abort();
    unlock.current = null;
    setUnlocking(false);
    privFile.current = null;
    setAskPass(null);
    setPass('');
    setPrivOutcome(o);
  }

  async function onPrivateFile(e: Event) {
    const input = e.target as HTMLInputElement;
    privFile.current = input.files?.[0] ?? null;
    input.value = '';
    setAskPass(null);
    setPrivOutcome(null);
    setDerived(null);
    derivedPass.current = undefined;
    await derive();
  }

  /** Reads the derived file again (only the File handle was kept) for a conversion. */
  async function derivedText(d: Derived): Promise<string> {
    const content = await readSmallFile(d.file).catch(() => undefined);
    if (typeof content !== 'string') throw new Error(t('readFailed', { file: d.file.name }));
    return content;
  }

  async function exportPpk(d: Derived, version: PpkVersion) {
    const { ppk } = await privateKeyToPpk(await derivedText(d), { passphrase: derivedPass.current, version });
    downloadText(`${d.stem}.ppk`, ppk);
  }

  return (
    <div class="stack">
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          importPublic(text);
        }}
      >
        <h2>{t('importTitle')}</h2>
        <div class="field">
          <label for="import-text">{t('importPaste')}</label>
          <textarea
            id="import-text"
            class="mono"
            rows={4}
            spellcheck={false}
            placeholder={t('importPlaceholder')}
            value={text}
            aria-invalid={pubOutcome?.kind === 'error' ? 'true' : undefined}
            aria-describedby="import-outcome"
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              // Enter imports (a key is one line); Shift+Enter still makes a new line
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                importPublic(text);
              }
            }}
          />
        </div>
        {live?.ok && (
          <div class="field">
            <label for="import-path">{t('keyPath')}</label>
            <input
              id="import-path"
              class="mono"
              spellcheck={false}
              value={path}
              aria-invalid={pathProblem ? 'true' : undefined}
              aria-describedby="import-path-hint"
              onInput={(e) => setPathText((e.target as HTMLInputElement).value)}
            />
            <p class={pathProblem ? 'error' : 'hint'} id="import-path-hint">
              {pathProblem ? errorText(pathProblem, lang) : t('keyPathPastedHint')}
            </p>
          </div>
        )}
        <div class="row wrap">
          <button type="submit" class="primary" disabled={!!pathProblem}>
            {t('import')}
          </button>
        </div>
        <div class="field">
          <label for="import-file">{t('importFile')}</label>
          <input id="import-file" type="file" accept=".pub,.txt,text/plain" onChange={onPublicFile} />
        </div>
        <Outcome id="import-outcome" outcome={pubOutcome} />
      </form>

      <section class="stack" aria-labelledby="derive-title">
        <h2 id="derive-title">{t('deriveTitle')}</h2>
        <p class="hint">{t('deriveHint')}</p>
        <div class="field">
          <label for="derive-file">{t('deriveFile')}</label>
          {/* forge (PKCS#1/#8 PEM) is its own chunk: fetched as the user reaches for the file */}
          <input id="derive-file" type="file" onChange={onPrivateFile} onPointerEnter={prefetchPem} onFocus={prefetchPem} />
        </div>
        {askPass && (
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              derive(pass);
            }}
          >
            <div class="field">
              <label for="derive-pass">{t('derivePassphrase', { file: askPass })}</label>
              <PassphraseInput id="derive-pass" autoFocus value={pass} onValue={setPass} />
            </div>
            <div class="row">
              <button type="submit" class="primary" disabled={unlocking}>
                {t('unlock')}
              </button>
              <button type="button" onClick={() => finishDerive(unlocking ? { kind: 'ok', text: t('unlockCancelled') } : null)}>
                {t('cancel')}
              </button>
            </div>
            {unlocking && (
              <div class="progress" role="status">
                <progress />
              </div>
            )}
          </form>
        )}
        <Outcome id="derive-outcome" outcome={privOutcome} />
        {derived && derived.ppk && <OpenSshExport derived={derived} read={derivedText} passphrase={derivedPass} />}
        {derived && !derived.ppk && (
          <>
            <p class="hint">{t('ppkHint')}</p>
            <PpkExport idPrefix="derive" fileName={`${derived.stem}.ppk`} encrypted={derived.encrypted} passphraseKnown onExport={(v) => exportPpk(derived, v)} />
          </>
        )}
      </section>
    </div>
  );
}

function Outcome({ id, outcome }: { id: string; outcome: Outcome }) {
  if (!outcome) return <div id={id} />;
  return (
    <div id={id} class="stack" role={outcome.kind === 'error' ? 'alert' : 'status'}>
      <p class={outcome.kind === 'error' ? 'error' : 'notice'}>{outcome.text}</p>
      {outcome.warnings?.map((w) => (
        <p key={w} class="warn">
          {w}
        </p>
      ))}
    </div>
  );
}

/** A .ppk's key as OpenSSH's own private key file, with the same passphrase, a new one, or none. */
function OpenSshExport({ derived, read, passphrase }: { derived: Derived; read: (d: Derived) => Promise<string>; passphrase: { current: string | undefined } }) {
  const t = useT();
  const lang = useLang();
  const [newPass, setNewPass] = useState('');
  const [noPass, setNoPass] = useState(false);
  const [message, setMessage] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  async function run(e: Event) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const { pem } = await privateKeyToOpenSsh(await read(derived), { passphrase: passphrase.current, newPassphrase: noPass ? '' : newPass || undefined });
      downloadText(derived.stem, pem);
      setNewPass('');
      setMessage({ kind: 'ok', text: t('opensshStarted', { file: derived.stem, path: derived.path }) });
    } catch (err) {
      setMessage({ kind: 'error', text: t('convertFailed', { message: errorText(err, lang) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={run} data-testid="derive-openssh">
      <p class="hint">{t('opensshHint')}</p>
      {derived.encrypted && (
        <>
          <div class="field">
            <label for="openssh-pass">{t('opensshNewPass')}</label>
            <input id="openssh-pass" type="password" autocomplete="new-password" disabled={noPass} value={newPass} onInput={(ev) => setNewPass((ev.target as HTMLInputElement).value)} />
          </div>
          <label class="check">
            <input type="checkbox" checked={noPass} onChange={(ev) => setNoPass((ev.target as HTMLInputElement).checked)} /> {t('opensshNoPass')}
          </label>
        </>
      )}
      <div class="row">
        <button type="submit" disabled={busy}>
          {t('opensshDownload', { file: derived.stem })}
        </button>
      </div>
      <Outcome id="openssh-outcome" outcome={message} />
    </form>
  );
}
