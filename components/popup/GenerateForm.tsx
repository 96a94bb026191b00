// The "new key" form. The whole key is made in a worker (lib/keygen/keygen-client.ts): this
// thread only shows progress, so the form stays usable and Cancel works while a key is made.
// The worker (and forge, which only RSA needs) is loaded after the first paint, and sooner
// when the user reaches for the form, never before the first screen is on display.
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { GeneratedKey, Progress, RsaBits } from '../../lib/keygen';
import { generateKeyOffThread, warmKeygen } from '../../lib/keygen/keygen-client';
import { defaultComment, defaultKeyName, isReservedKeyName, isSshFileName, sanitizeKeyName } from '../../lib/keyfiles';
import type { PopupKey } from '../../lib/i18n/popup';
import { errorText, useLang, useT } from './i18n';
import { PassphraseInput } from './PassphraseInput';
import { Prerendering } from './prerender';
import { commentProblem } from '../../lib/ssh/comment';

type Choice = 'ed25519' | 'rsa-2048' | 'rsa-3072' | 'rsa-4096';
const CHOICES: Choice[] = ['ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096'];

const STAGE: Record<Progress, PopupKey> = {
  generating: 'stageGenerating',
  encrypting: 'stageEncrypting',
  'self-test': 'stageSelfTest',
  done: 'stageSelfTest',
};

export interface GenerateFormProps {
  /** the saved keys' names (null while they are still being read: Generate waits for them) */
  takenNames: string[] | null;
  /** `passphrase`: the one just used, for the .ppk export (kept in memory only) */
  onGenerated(key: GeneratedKey, name: string, passphrase: string): Promise<void> | void;
}

export function GenerateForm({ takenNames: known, onGenerated }: GenerateFormProps) {
  const takenNames = known ?? [];
  const t = useT();
  const lang = useLang();
  const [choice, setChoice] = useState<Choice>('ed25519');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  // the day's comment; empty in the build's prerender (the script fills it in when it takes over)
  const prerendering = useContext(Prerendering);
  const [comment, setComment] = useState(() => (prerendering ? '' : defaultComment()));
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [noPass, setNoPass] = useState(false);
  const [busy, setBusy] = useState<{ started: number; stage: Progress } | null>(null);
  const [now, setNow] = useState(Date.now());
  const [message, setMessage] = useState<string | null>(null);
  const run = useRef(0);
  const abort = useRef<AbortController | null>(null);

  const type = choice === 'ed25519' ? 'ed25519' : 'rsa';
  const bits = choice === 'ed25519' ? undefined : (Number(choice.slice(4)) as RsaBits);
  const suggested = defaultKeyName(type, takenNames);
  const effectiveName = nameEdited ? sanitizeKeyName(name) : suggested;
  const nameTaken = nameEdited && takenNames.some((n) => n.toLowerCase() === effectiveName.toLowerCase());

  // After the first paint, when the browser is idle: the key worker starts and warms up.
  useEffect(() => {
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
    if (w.requestIdleCallback) w.requestIdleCallback(warmKeygen, { timeout: 1500 });
    else setTimeout(warmKeygen, 200);
  }, []);

  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [busy]);

  const commentRefusal = commentProblem(comment.trim(), 'typed');
  let blocked: string | null = null;
  if (busy) blocked = t('whyDisabledBusy');
  else if (known === null) blocked = ''; // a few milliseconds at most: nothing to explain
  else if (commentRefusal) blocked = errorText(commentRefusal, lang);
  else if (!effectiveName) blocked = t('keyNameEmpty');
  else if (isSshFileName(effectiveName)) blocked = t('keyNameSshFile', { name: effectiveName });
  else if (nameTaken) blocked = t('keyNameTaken', { name: effectiveName });
  else if (!noPass && !pass) blocked = t('whyDisabledEmpty');
  else if (!noPass && pass !== pass2) blocked = t('whyDisabledMismatch');

  async function submit(e: Event) {
    e.preventDefault();
    if (blocked !== null) return;
    const id = ++run.current;
    setMessage(null);
    setBusy({ started: Date.now(), stage: 'generating' });
    setNow(Date.now());
    const ctl = new AbortController();
    abort.current = ctl;
    try {
      const key = await generateKeyOffThread(
        { type, bits, comment: comment.trim(), passphrase: noPass ? '' : pass },
        { onProgress: (stage) => run.current === id && setBusy((b) => (b ? { ...b, stage } : b)), signal: ctl.signal },
      );
      if (run.current !== id) return; // cancelled meanwhile: the result is dropped unseen
      const used = noPass ? '' : pass;
      setPass('');
      setPass2('');
      await onGenerated(key, effectiveName, used);
    } catch (err) {
      if (run.current === id) setMessage(t('generateFailed', { message: errorText(err, lang) }));
    } finally {
      if (run.current === id) setBusy(null);
    }
  }

  function cancel() {
    run.current++;
    abort.current?.abort(); // stops the bcrypt workers mid-encryption
    setBusy(null);
    setMessage(t('cancelled'));
  }

  const what = choice === 'ed25519' ? 'Ed25519' : `RSA-${bits}`;
  const seconds = busy ? Math.floor((now - busy.started) / 1000) : 0;

  return (
    <form class="stack" onSubmit={submit} aria-busy={busy ? 'true' : 'false'} onFocusIn={warmKeygen}>
      <fieldset class="choices" onPointerEnter={warmKeygen}>
        <legend>{t('keyType')}</legend>
        {CHOICES.map((c) => (
          <label key={c} class="choice">
            <input type="radio" name="keytype" value={c} checked={choice === c} onChange={() => setChoice(c)} />
            {c === 'ed25519' ? t('typeEd25519') : t('typeRsa', { bits: c.slice(4) })}
          </label>
        ))}
        {type === 'rsa' && <p class="hint">{t('typeRsaNote')}</p>}
      </fieldset>

      <div class="field">
        <label for="key-name">{t('keyName')}</label>
        <input
          id="key-name"
          value={nameEdited ? name : suggested}
          spellcheck={false}
          autocomplete="off"
          maxLength={64}
          aria-describedby="key-name-hint"
          onInput={(e) => {
            setName((e.target as HTMLInputElement).value);
            setNameEdited(true);
          }}
        />
        <p class="hint" id="key-name-hint">
          {effectiveName ? t('keyNameHint', { name: effectiveName }) : t('keyNameEmpty')}
        </p>
        {effectiveName && isReservedKeyName(effectiveName) && <p class="warn">{t('keyNameReserved', { name: effectiveName })}</p>}
      </div>

      <div class="field">
        <label for="comment">{t('comment')}</label>
        <input
          id="comment"
          value={comment}
          maxLength={200}
          aria-invalid={commentRefusal ? 'true' : undefined}
          aria-describedby="comment-hint"
          onInput={(e) => setComment((e.target as HTMLInputElement).value)}
        />
        <p class="hint" id="comment-hint">{t('commentHint')}</p>
        {commentRefusal && (
          <p class="error" id="comment-error" role="alert">
            {errorText(commentRefusal, lang)}
          </p>
        )}
      </div>

      <div class="field">
        <label for="passphrase">{t('passphrase')}</label>
        <PassphraseInput id="passphrase" value={pass} disabled={noPass} aria-describedby="passphrase-hint" onValue={setPass} />
      </div>
      <div class="field">
        <label for="passphrase2">{t('confirmPassphrase')}</label>
        <PassphraseInput id="passphrase2" value={pass2} disabled={noPass} onValue={setPass2} />
        <p class="hint" id="passphrase-hint">{t('passphraseHint')}</p>
      </div>
      <label class="check">
        <input type="checkbox" checked={noPass} onChange={(e) => setNoPass((e.target as HTMLInputElement).checked)} />
        {t('noPassphrase')}
      </label>
      {noPass && <p class="warn">{t('noPassphraseHint')}</p>}

      <div class="row">
        <button type="submit" class="primary" disabled={blocked !== null} aria-describedby={blocked && !busy ? 'why-disabled' : undefined}>
          {t('generate')}
        </button>
        {busy && (
          <button type="button" onClick={cancel}>
            {t('cancel')}
          </button>
        )}
      </div>
      {blocked && !busy && (
        <p class="hint" id="why-disabled">
          {blocked}
        </p>
      )}
      {busy && (
        <div class="progress" role="status">
          <progress />
          <span>
            {t('generating', { what, seconds })} ({t(STAGE[busy.stage])})
          </span>
        </div>
      )}
      {message && (
        <p class="notice" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
