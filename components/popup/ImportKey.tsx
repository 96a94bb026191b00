// Bringing an existing key: a public key pasted or picked as a file (checked by the key
// intake, whose refusals and warnings are shown inline), or the public half worked out from a
// private key file. The private text is read, used once and dropped: only the picked File
// handle is held while a passphrase is asked for, never the text, and nothing private is saved.
import { useRef, useState } from 'preact/hooks';
import { isPrivateKeyRefusal, parsePublicKey } from '../../lib/ssh/intake/parse-public-key';
import { derivePublicKey } from '../../lib/ssh/derive';
import { isSshKeyError } from '../../lib/ssh/errors';
import { importedKeyName } from '../../lib/keyfiles';
import type { SavedKey } from '../../lib/storage';
import { MAX_KEY_FILE_BYTES } from '../files';
import { addSavedKey, type PublicKeyFacts } from '../../lib/saved-keys';
import { errorDetail, errorText, useLang, useT } from './i18n';

type Outcome = { kind: 'ok' | 'error'; text: string; warnings?: string[] } | null;

export function ImportKey({ keys }: { keys: SavedKey[] }) {
  const t = useT();
  const lang = useLang();
  const [text, setText] = useState('');
  const [pubOutcome, setPubOutcome] = useState<Outcome>(null);
  const [privOutcome, setPrivOutcome] = useState<Outcome>(null);
  const [askPass, setAskPass] = useState<string | null>(null); // the private key file's name
  const [pass, setPass] = useState('');
  const privFile = useRef<File | null>(null);
  // the running unlock's Cancel: aborting terminates the bcrypt workers (lib/keygen/bcrypt-workers.ts)
  const unlock = useRef<AbortController | null>(null);
  const [unlocking, setUnlocking] = useState(false);

  /** A failed save (e.g. storage full) in the user's language, with the platform's detail after it. */
  function saveFailed(e: unknown): Outcome {
    return { kind: 'error', text: isSshKeyError(e) ? errorText(e, lang) : t('saveFailed', { detail: errorDetail(e) }) };
  }

  /** Saves unless the same key is already saved; returns the outcome text. */
  async function save(facts: Omit<PublicKeyFacts, 'name'>, fileName?: string): Promise<{ saved: boolean; name: string }> {
    const existing = keys.find((k) => k.fingerprint === facts.fingerprint);
    if (existing) return { saved: false, name: existing.name };
    const name = importedKeyName(fileName, facts.comment, keys.map((k) => k.name));
    await addSavedKey({ ...facts, name });
    return { saved: true, name };
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
    let outcome;
    try {
      outcome = await save({ comment: k.comment, type: k.type, bits: k.bits, fingerprint: k.fingerprint, publicKeyLine: k.line }, fileName);
    } catch (e) {
      return setPubOutcome(saveFailed(e));
    }
    const { saved, name } = outcome;
    setPubOutcome({
      kind: 'ok',
      text: saved ? t('imported', { name, fingerprint: k.fingerprint }) : t('alreadySaved', { name }),
      warnings: r.warnings.map((w) => t('warning', { message: lang === 'zh' ? w.zh : w.en })),
    });
    if (saved) setText('');
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
    try {
      const { saved, name } = await save({ comment: k.comment, type: k.type, bits: k.bits, fingerprint: k.fingerprint, publicKeyLine: k.publicKeyLine }, file.name);
      finishDerive({ kind: 'ok', text: saved ? t('derived', { file: file.name, name, fingerprint: k.fingerprint }) : t('alreadySaved', { name }) });
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
    await derive();
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
        <div class="row wrap">
          <button type="submit" class="primary">
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
          <input id="derive-file" type="file" onChange={onPrivateFile} />
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
              <input id="derive-pass" type="password" autocomplete="off" autoFocus value={pass} onInput={(e) => setPass((e.target as HTMLInputElement).value)} />
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
