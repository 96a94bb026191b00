// The commands that move the two downloaded files into ~/.ssh with the right permissions,
// for each shell a user of the console is likely to have (built by lib/config/local-setup.ts).
import { useState } from 'preact/hooks';
import { localSetupScript } from '../../lib/config/local-setup';
import type { Shell } from '../../lib/config/types';
import type { PopupKey } from '../../lib/i18n/popup';
import { CopyButton } from './CopyButton';
import { onTabArrowKey } from './tabs';
import { errorText, useLang, useT } from './i18n';

const SHELLS: [Shell, PopupKey][] = [
  ['posix', 'shellPosix'],
  ['powershell', 'shellPowershell'],
  ['gitbash', 'shellGitbash'],
];

export function guessShell(userAgent: string = navigator.userAgent): Shell {
  return /Windows/i.test(userAgent) ? 'powershell' : 'posix';
}

export function InstallCommands({ keyName, privateKeyPath }: { keyName: string; privateKeyPath?: string }) {
  const t = useT();
  const lang = useLang();
  const [shell, setShell] = useState<Shell>(() => guessShell());
  let script: string;
  let failed: string | null = null;
  try {
    script = localSetupScript({ keyName, shell, privateKeyPath });
  } catch (e) {
    script = '';
    failed = errorText(e, lang);
  }

  return (
    <section class="stack install" aria-labelledby="install-title">
      <h2 id="install-title">{t('installTitle')}</h2>
      <p class="hint">{t('installHint')}</p>
      <div role="tablist" aria-label={t('installTitle')} onKeyDown={(e) => onTabArrowKey(e, SHELLS, shell, setShell, 'shell-')}>
        {SHELLS.map(([s, label]) => (
          <button key={s} id={`shell-${s}`} type="button" role="tab" aria-selected={shell === s} aria-controls="shell-panel" tabIndex={shell === s ? 0 : -1} onClick={() => setShell(s)}>
            {t(label)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="shell-panel" aria-labelledby={`shell-${shell}`} class="stack">
        {failed ? (
          <p class="error" role="alert">
            {failed}
          </p>
        ) : (
          <>
            <pre class="mono script" data-testid="install-script" tabIndex={0}>
              {script}
            </pre>
            <div class="row">
              <CopyButton text={script} label={t('copyCommands')} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
