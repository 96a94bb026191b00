// The saved public keys: copy, download .pub, make default, rename and set where the private
// half is (the path every command and config uses), delete (with an inline confirm).
import { useState } from 'preact/hooks';
import type { SavedKey } from '../../lib/storage';
import { keyFileNames } from '../../lib/keyfiles';
import { CopyButton } from './CopyButton';
import { downloadText } from '../files';
import { deleteSavedKey, identityFileOf, setDefaultKey, updateSavedKey } from '../../lib/saved-keys';
import { checkPrivateKeyPath } from '../../lib/keyfiles';
import { errorText, useLang, useT } from './i18n';

export function SavedKeys({ keys, defaultId }: { keys: SavedKey[]; defaultId: string | null }) {
  const t = useT();
  const lang = useLang();
  const [confirmId, setConfirmId] = useState<string | null>(null);
  const [editId, setEditId] = useState<string | null>(null);
  const dateFmt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });

  if (keys.length === 0) return <p class="hint">{t('savedEmpty')}</p>;
  return (
    <section class="stack" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('savedTitle')}</h2>
      <p class="hint">{t('defaultExplain')}</p>
      <ul class="keys">
        {keys.map((k) => (
          <li key={k.id} class="card" data-key-name={k.name}>
            <div class="card-head">
              <strong>{k.name}</strong>
              {k.id === defaultId && <span class="badge">{t('defaultBadge')}</span>}
              <span class="meta">
                {k.type.replace(/^ssh-/, '')} {k.bits}
              </span>
            </div>
            {k.comment && <div class="meta">{k.comment}</div>}
            <code class="mono fingerprint">{k.fingerprint}</code>
            <div class="meta mono" data-testid="key-path">
              {t('keyPathShown', { path: identityFileOf(k) })}
            </div>
            <div class="meta">{t('created', { date: dateFmt.format(k.createdAt) })}</div>
            {editId === k.id ? (
              <EditKey keyToEdit={k} onClose={() => setEditId(null)} />
            ) : confirmId === k.id ? (
              <div class="confirm" role="alertdialog" aria-labelledby={`del-${k.id}`}>
                <p id={`del-${k.id}`}>{t('deleteConfirm', { name: k.name })}</p>
                <div class="row">
                  <button type="button" class="danger" onClick={() => deleteSavedKey(k.id).then(() => setConfirmId(null))}>
                    {t('deleteYes')}
                  </button>
                  <button type="button" autoFocus onClick={() => setConfirmId(null)}>
                    {t('cancel')}
                  </button>
                </div>
              </div>
            ) : (
              <div class="row wrap">
                <CopyButton text={k.publicKeyLine} label={t('copy')} ariaLabel={t('copyKeyLabel', { name: k.name })} />
                <button type="button" aria-label={t('downloadPubLabel', { name: k.name })} onClick={() => downloadText(keyFileNames(k.name).publicKey, k.publicKeyLine + '\n')}>
                  {t('downloadPub')}
                </button>
                <button type="button" aria-label={t('editKeyLabel', { name: k.name })} onClick={() => setEditId(k.id)}>
                  {t('editKey')}
                </button>
                {k.id !== defaultId && (
                  <button type="button" aria-label={t('makeDefaultLabel', { name: k.name })} onClick={() => setDefaultKey(k.id)}>
                    {t('makeDefault')}
                  </button>
                )}
                <button type="button" class="danger-text" aria-label={t('deleteKeyLabel', { name: k.name })} onClick={() => setConfirmId(k.id)}>
                  {t('deleteKey')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function EditKey({ keyToEdit, onClose }: { keyToEdit: SavedKey; onClose(): void }) {
  const t = useT();
  const lang = useLang();
  const [name, setName] = useState(keyToEdit.name);
  const [path, setPath] = useState(identityFileOf(keyToEdit));
  const [error, setError] = useState<string | null>(null);
  const pathProblem = checkPrivateKeyPath(path);
  const id = keyToEdit.id;

  async function submit(e: Event) {
    e.preventDefault();
    try {
      await updateSavedKey(id, { name, privateKeyPath: path });
      onClose();
    } catch (err) {
      setError(errorText(err, lang));
    }
  }

  return (
    <form class="stack" onSubmit={submit} aria-label={t('editKeyLabel', { name: keyToEdit.name })}>
      <div class="field">
        <label for={`name-${id}`}>{t('keyNameField')}</label>
        <input id={`name-${id}`} spellcheck={false} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for={`path-${id}`}>{t('keyPathField')}</label>
        <input id={`path-${id}`} class="mono" spellcheck={false} value={path} aria-invalid={pathProblem ? 'true' : undefined} aria-describedby={`path-hint-${id}`} onInput={(e) => setPath((e.target as HTMLInputElement).value)} />
        <p class={pathProblem ? 'error' : 'hint'} id={`path-hint-${id}`}>
          {pathProblem ? errorText(pathProblem, lang) : t('keyPathEditHint')}
        </p>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" disabled={!!pathProblem}>
          {t('save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
