// "Use with…": which file each SSH client a console user is likely to have wants, and where it
// goes. OpenSSH-based clients take the private key file; PuTTY-family ones the .ppk.
import type { PopupKey } from '../../lib/i18n/popup';
import { useT } from './i18n';

const CLIENTS: Array<[string, PopupKey]> = [
  ['OpenSSH', 'clientOpenssh'],
  ['PuTTY', 'clientPutty'],
  ['WinSCP', 'clientWinscp'],
  ['MobaXterm', 'clientMobaxterm'],
  ['Xshell', 'clientXshell'],
  ['Termius', 'clientTermius'],
  ['FinalShell', 'clientFinalshell'],
  ['VS Code Remote-SSH', 'clientVscode'],
];

export function UseWith({ keyName }: { keyName: string }) {
  const t = useT();
  return (
    <details class="use-with" data-testid="use-with">
      <summary>{t('useWithTitle')}</summary>
      <dl class="stack">
        {CLIENTS.map(([name, text]) => (
          <div key={name}>
            <dt>
              <strong>{name}</strong>
            </dt>
            <dd class="hint">{t(text, { file: keyName, ppk: `${keyName}.ppk` })}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
