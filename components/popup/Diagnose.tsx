// The Diagnose tab: the command that captures `ssh -v` for the chosen connection and shell, a
// box to paste what it printed, and the result (lib/doctor): the path as a small picture
// (your computer → jump host → machine, each step green or red), the cause, and the fix with a
// copy button. The log lives only in this component's state: never stored, never sent. A
// private key pasted by mistake is refused with the intake's words and removed from the box.
import { useMemo, useState } from 'preact/hooks';
import { parseConnectCommand } from '../../lib/config/connect-command';
import type { Shell } from '../../lib/config/types';
import { captureCommands, diagnoseSshLog, type DiagnoseResult, type DoctorHop } from '../../lib/doctor';
import { isPrivateKeyRefusal } from '../../lib/ssh/intake/parse-public-key';
import { doctorCatalogue, type DoctorKey } from '../../lib/i18n/doctor';
import { format } from '../../lib/i18n';
import type { SavedKey } from '../../lib/storage';
import { CopyButton } from './CopyButton';
import { guessShell } from './InstallCommands';
import { useLang } from './i18n';
import './diagnose.css';

type CaptureShell = Extract<Shell, 'posix' | 'powershell'>;

export function Diagnose({ keys, initialCommand = '' }: { keys: SavedKey[]; initialCommand?: string }) {
  const lang = useLang();
  const d = (k: DoctorKey, p?: Record<string, string | number>) => format(doctorCatalogue[lang][k], p);
  const [command, setCommand] = useState(initialCommand);
  const [shell, setShell] = useState<CaptureShell>(() => (guessShell() === 'powershell' ? 'powershell' : 'posix'));
  const [log, setLog] = useState('');
  const [result, setResult] = useState<DiagnoseResult | null>(null);

  const parsed = useMemo(() => (command.trim() ? parseConnectCommand(command) : null), [command]);
  const connection = parsed?.ok ? parsed.connection : undefined;
  const capture = connection ? captureCommands(connection, shell) : null;

  function run() {
    const r = diagnoseSshLog(log, {
      keys: keys.map((k) => ({ name: k.name, fingerprint: k.fingerprint, publicKeyLine: k.publicKeyLine })),
      connection,
      os: shell === 'powershell' ? 'windows' : undefined,
    });
    // a secret is not left sitting in the box
    if (!r.ok && isPrivateKeyRefusal(r.error.code)) setLog('');
    setResult(r);
  }

  return (
    <section class="stack diagnose" aria-labelledby="diagnose-title">
      <h2 id="diagnose-title">{d('tabDiagnose')}</h2>
      <p class="hint">{d('diagnoseIntro')}</p>
      <div class="field">
        <label for="doctor-command">{d('connectionLabel')}</label>
        <input id="doctor-command" class="mono" value={command} placeholder={d('connectionPlaceholder')} spellcheck={false} onInput={(e) => setCommand((e.target as HTMLInputElement).value)} />
        {parsed && !parsed.ok && <p class="error">{d('badConnection', { message: parsed.error[lang] })}</p>}
      </div>
      <fieldset class="choices">
        <legend>{d('shellLabel')}</legend>
        {(['posix', 'powershell'] as const).map((s) => (
          <label class="choice" key={s}>
            <input type="radio" name="doctor-shell" value={s} checked={shell === s} onChange={() => setShell(s)} />
            {d(s === 'posix' ? 'shellPosix' : 'shellPowerShell')}
          </label>
        ))}
      </fieldset>
      {capture && (
        <div class="stack" data-testid="doctor-capture">
          <span class="label">{d('captureSave')}</span>
          <pre class="mono script" data-testid="doctor-capture-save">{capture.save}</pre>
          <div class="row">
            <CopyButton text={capture.save} label={d('copyCommand')} />
          </div>
          <span class="label">{d('captureClipboard')}</span>
          <pre class="mono script" data-testid="doctor-capture-clipboard">{capture.clipboard}</pre>
          <div class="row">
            <CopyButton text={capture.clipboard} label={d('copyCommand')} />
          </div>
        </div>
      )}
      <div class="field">
        <label for="doctor-log">{d('pasteLabel')}</label>
        <textarea id="doctor-log" class="mono" rows={6} value={log} spellcheck={false} autocomplete="off" onInput={(e) => setLog((e.target as HTMLTextAreaElement).value)} />
      </div>
      <div class="row">
        <button type="button" class="primary" onClick={run}>
          {d('diagnoseButton')}
        </button>
        <button
          type="button"
          onClick={() => {
            setLog('');
            setResult(null);
          }}
        >
          {d('clearButton')}
        </button>
      </div>
      {result && !result.ok && (
        <p class="error" role="alert" data-testid="doctor-error">
          {result.error[lang]}
        </p>
      )}
      {result?.ok && <Result result={result} lang={lang} d={d} />}
    </section>
  );
}

function Result({ result, lang, d }: { result: Extract<DiagnoseResult, { ok: true }>; lang: 'zh' | 'en'; d: (k: DoctorKey, p?: Record<string, string | number>) => string }) {
  const { diagnosis } = result;
  const root = diagnosis.findings[0];
  const failedAt = root?.hop ?? -1;
  const state = (h: DoctorHop, i: number) => (h.authenticated ? 'ok' : i === failedAt || h.reached ? 'failed' : 'unreached');
  return (
    <div class="stack" data-testid="doctor-result" data-verdict={diagnosis.verdict}>
      <ol class="hops" aria-label={d('hopsLabel')}>
        <li class="hop ok">
          <span class="hop-name">{d('hopLaptop')}</span>
        </li>
        {diagnosis.hops.map((h, i) => {
          const s = state(h, i);
          return (
            <li key={i} class={`hop ${s}`} data-testid="doctor-hop" data-state={s}>
              <span class="hop-name">{h.role === 'jump' ? d('hopJump') : d('hopMachine')}</span>
              <span class="mono hop-host">
                {h.user ? `${h.user}@` : ''}
                {h.host}
                {h.port && h.port !== 22 ? `:${h.port}` : ''}
              </span>
              <span class="hop-state">{s === 'ok' ? `✓ ${d('hopOk')}` : s === 'failed' ? `✗ ${d('hopFailed')}` : `· ${d('hopNotReached')}`}</span>
            </li>
          );
        })}
      </ol>
      <div class="stack">
        <span class="label">{d('causeHeading')}</span>
        <p data-testid="doctor-cause" data-code={diagnosis.verdict}>
          {diagnosis.summary[lang]}
        </p>
      </div>
      {root?.fix && (
        <div class="stack">
          <span class="label">{d('fixHeading')}</span>
          <p class="hint">{root.fix.how[lang]}</p>
          <pre class="mono script" data-testid="doctor-fix">{root.fix.text}</pre>
          <div class="row">
            <CopyButton text={root.fix.text} label={d('copyFix')} />
          </div>
        </div>
      )}
      {diagnosis.findings.length > 1 && (
        <details>
          <summary>{d('alsoHeading')}</summary>
          <ul>
            {diagnosis.findings.slice(1).map((f, i) => (
              <li key={i}>
                {f.message[lang]}
                {f.fix && <pre class="mono script">{f.fix.text}</pre>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
