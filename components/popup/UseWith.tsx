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
      <ul class="stack plain" aria-label={t('useWithTitle')}>
        {CLIENTS.map(([name, text]) => {
          // each note starts with the client's name (and platforms) up to the first colon
          const note = t(text, { file: keyName, ppk: `${keyName}.ppk` });
          const at = note.search(/[:：]/);
          return (
            <li key={name} class="hint" data-client={name}>
              <strong>{note.slice(0, at + 1)}</strong>
              {note.slice(at + 1)}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
