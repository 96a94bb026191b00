// "My machines / 我的机器": every dev machine and AICoder met on the console (lib/machines.ts),
// newest first, each with its connect command (with the key's path), its config entry, VS Code
// and forget; one managed ~/.ssh/config section for all of them with install commands for each
// shell; a warning when a machine moved since the config was last copied.
import { useEffect, useState } from 'preact/hooks';
import { machineRecords, rememberShownCommands, type SavedKey } from '../../lib/storage';
import { identityFileOf } from '../../lib/saved-keys';
import { canonicalCommand } from '../../lib/config/canonical-command';
import { addressChange, behindMachine, formatAddress, hopMachines, keyPathOf, managedMachines, type MachineRecord } from '../../lib/machines';
import { forgetAllMachines, forgetMachineRecord, markMachinesCopied, recordMachine } from '../../lib/machine-store';
import { buildManagedSection, buildSshConfig } from '../../lib/config/ssh-config';
import { configInstallScript } from '../../lib/config/local-setup';
import { connectCommand } from '../../lib/config/connect-command';
import { vscodeRemoteUri } from '../../lib/config/vscode';
import { jumpHops, type Shell } from '../../lib/config/types';
import { remoteHome } from '../../lib/sites/infini';
import { copyText } from '../files';
import { errorText, useLang, useT } from './i18n';
import { guessShell } from './InstallCommands';

/** A button that copies what `text()` builds, then runs `after` (marking machines copied). */
function CopyAction({ text, label, ariaLabel, after, testId }: { text: () => string; label: string; ariaLabel?: string; after?: () => void; testId?: string }) {
  const t = useT();
  const lang = useLang();
  const [state, setState] = useState<string>('');
  useEffect(() => {
    if (!state) return;
    const timer = setTimeout(() => setState(''), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  const run = async () => {
    try {
      if (!(await copyText(text()))) return setState(t('copyFailed'));
      after?.();
      setState(`✓ ${t('copied')}`);
    } catch (e) {
      setState(errorText(e, lang));
    }
  };
  return (
    <>
      <button type="button" aria-label={ariaLabel} data-testid={testId} onClick={run}>
        {label}
      </button>
      <span class="status" role="status">
        {state}
      </span>
    </>
  );
}

/** On an AICoder's record (or another jump-capable machine's): add the dev machine reached through it by its internal address. */
function AddBehind({ via, keyName }: { via: MachineRecord; keyName?: string }) {
  const t = useT();
  const [address, setAddress] = useState('');
  const [bad, setBad] = useState(false);
  const add = async (e: Event) => {
    e.preventDefault();
    const connection = behindMachine(via, address);
    setBad(!connection);
    if (!connection) return;
    await recordMachine({ connection, keyName: via.keyName ?? keyName });
    setAddress('');
  };
  const id = `behind-${via.id}`;
  return (
    <form class="row wrap" onSubmit={add}>
      <label for={id} class="meta">
        {t('machineBehindLabel')}
      </label>
      <input id={id} class="mono" value={address} placeholder="root@172.27.0.5" onInput={(e) => setAddress((e.target as HTMLInputElement).value)} aria-invalid={bad} />
      <button type="submit">{t('machineBehindAdd')}</button>
      {bad && <span class="error">{t('machineBehindBad')}</span>}
    </form>
  );
}

const SHELLS: [Shell, 'shellPosix' | 'shellPowershell' | 'shellGitbash'][] = [
  ['posix', 'shellPosix'],
  ['powershell', 'shellPowershell'],
  ['gitbash', 'shellGitbash'],
];

/** `onDiagnose`: open the Diagnose tab preset with this machine's connect command */
export function Machines({ keys, defaultId, onDiagnose }: { keys: SavedKey[]; defaultId: string | null; onDiagnose?: (command: string) => void }) {
  const t = useT();
  const lang = useLang();
  const [records, setRecords] = useState<MachineRecord[] | null>(null);
  const [rememberShown, setRememberShown] = useState(true);
  const [confirmAll, setConfirmAll] = useState(false);
  const [shell, setShell] = useState<Shell>(() => guessShell());
  useEffect(() => {
    machineRecords.getValue().then(setRecords);
    rememberShownCommands.getValue().then(setRememberShown);
    const unwatch = [machineRecords.watch((v) => setRecords(v ?? [])), rememberShownCommands.watch((v) => setRememberShown(v ?? true))];
    return () => unwatch.forEach((u) => u());
  }, []);
  if (!records) return null;

  // a record without a key of its own uses the default saved key (the one the console offers first)
  const fallbackKey = (keys.find((k) => k.id === defaultId) ?? keys[0])?.name;
  // the private key path the user gave each saved key (issue 11), not a guess from its name
  const pathOf = (name: string) => {
    const k = keys.find((s) => s.name === name);
    return k ? identityFileOf(k) : undefined;
  };
  const all = managedMachines(records, fallbackKey, pathOf);
  const ids = records.filter((r) => keyPathOf(r, fallbackKey, pathOf)).map((r) => r.id);
  const dateFmt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
  const setting = (
    <label class="check">
      <input type="checkbox" checked={rememberShown} data-testid="remember-shown" onChange={(e) => void rememberShownCommands.setValue((e.target as HTMLInputElement).checked)} />
      {t('machinesRememberShown')}
    </label>
  );
  if (records.length === 0) {
    return (
      <section class="stack" aria-labelledby="machines-title">
        <h2 id="machines-title">{t('machinesTitle')}</h2>
        <p class="hint">{t('machinesEmpty')}</p>
        {setting}
      </section>
    );
  }
  let section = '';
  let sectionError = '';
  try {
    section = all.length > 0 ? buildManagedSection(all) : '';
  } catch (e) {
    sectionError = errorText(e, lang);
  }
  const markAll = () => void markMachinesCopied(ids);

  return (
    <section class="stack" aria-labelledby="machines-title">
      <h2 id="machines-title">{t('machinesTitle')}</h2>
      <p class="hint">{t('machinesHint')}</p>
      {!fallbackKey && <p class="warn">{t('machinesNoKey')}</p>}
      {sectionError && (
        <p class="error" role="alert">
          {sectionError}
        </p>
      )}
      {section && (
        <div class="card stack" data-testid="config-for-all">
          <strong>{t('machinesConfigAll', { n: all.length })}</strong>
          <div class="row wrap">
            <CopyAction text={() => section} label={t('machinesCopyConfigAll')} after={markAll} testId="copy-config-all" />
          </div>
          <div role="tablist" aria-label={t('machinesInstallTitle')}>
            {SHELLS.map(([s, label]) => (
              <button key={s} id={`mshell-${s}`} type="button" role="tab" aria-selected={shell === s} tabIndex={shell === s ? 0 : -1} onClick={() => setShell(s)}>
                {t(label)}
              </button>
            ))}
          </div>
          <p class="hint">{t('machinesInstallHint')}</p>
          <div class="row wrap">
            <CopyAction text={() => configInstallScript({ shell, configSnippet: section })} label={t('machinesCopyInstall')} after={markAll} testId="copy-install-all" />
          </div>
        </div>
      )}
      <ul class="keys">
        {records.map((r) => {
          const key = keyPathOf(r, fallbackKey, pathOf);
          const moved = addressChange(r);
          const hops = jumpHops(r.connection);
          const via = hopMachines(records, r);
          const label = r.name ?? r.alias;
          return (
            <li key={r.id} class="card" data-machine={r.alias}>
              <div class="card-head">
                <strong>{label}</strong>
                <span class="badge">{t(r.kind === 'aicoder' ? 'machineKindAicoder' : r.kind === 'devmachine' ? 'machineKindDev' : 'machineKindOther')}</span>
              </div>
              <code class="mono">
                {r.connection.user ? `${r.connection.user}@` : ''}
                {formatAddress({ host: r.connection.host, port: r.connection.port })}
              </code>
              {hops.length > 0 && <div class="meta">{t('machineVia', { hops: via.length > 0 ? via.map((v) => v.name ?? v.alias).join(' → ') : hops.map((h) => h.host).join(' → ') })}</div>}
              <div class="meta">
                {t('machineAlias', { alias: r.alias })} · {t('machineLastSeen', { date: dateFmt.format(r.lastSeen) })}
              </div>
              {moved && (
                <p class="warn" role="status" data-testid="machine-moved">
                  {moved.from.host === moved.to.host
                    ? t('machineMovedPort', { from: moved.from.port ?? 22, to: moved.to.port ?? 22 })
                    : t('machineMovedAddress', { from: formatAddress(moved.from), to: formatAddress(moved.to) })}
                </p>
              )}
              <div class="row wrap">
                {key && (
                  <>
                    <CopyAction text={() => connectCommand(r.connection, { identityFile: key, shell: shell === 'powershell' ? 'powershell' : 'posix' })} label={t('machineCopyCommand')} ariaLabel={t('machineCopyCommandLabel', { name: label })} />
                    <CopyAction
                      text={() => buildSshConfig({ connection: r.connection, identityFile: key, alias: r.alias })}
                      label={t('machineCopyConfig')}
                      ariaLabel={t('machineCopyConfigLabel', { name: label })}
                      after={() => void markMachinesCopied([r.id])}
                    />
                    <a class="button" href={vscodeRemoteUri(r.alias, remoteHome(r.connection))} title={t('machineVsCodeTitle', { alias: r.alias })}>
                      {t('machineVsCode')}
                    </a>
                  </>
                )}
                {onDiagnose && (
                  <button
                    type="button"
                    data-testid="machine-diagnose"
                    aria-label={t('machineDiagnoseLabel', { name: label })}
                    onClick={() => onDiagnose(key ? connectCommand(r.connection, { identityFile: key, shell: 'posix' }) : canonicalCommand(r.connection))}
                  >
                    {t('machineDiagnose')}
                  </button>
                )}
                <button type="button" class="danger-text" aria-label={t('machineForgetLabel', { name: label })} onClick={() => void forgetMachineRecord(r.id)}>
                  {t('machineForget')}
                </button>
              </div>
              {/* an AICoder (or any machine that is not itself a dev machine) can be the last hop to one */}
              {r.kind !== 'devmachine' && <AddBehind via={r} keyName={fallbackKey} />}
            </li>
          );
        })}
      </ul>
      {setting}
      {confirmAll ? (
        <div class="confirm" role="alertdialog" aria-labelledby="forget-all-q">
          <p id="forget-all-q">{t('machinesForgetAllConfirm', { n: records.length })}</p>
          <div class="row">
            <button type="button" class="danger" onClick={() => forgetAllMachines().then(() => setConfirmAll(false))}>
              {t('machinesForgetAll')}
            </button>
            <button type="button" autoFocus onClick={() => setConfirmAll(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="row">
          <button type="button" class="danger-text" onClick={() => setConfirmAll(true)}>
            {t('machinesForgetAll')}
          </button>
        </div>
      )}
    </section>
  );
}
