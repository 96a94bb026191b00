// The popup's whole tree for a language and a starting tab: what main.tsx renders, and what the
// build prerenders into the toolbar popup's HTML (scripts/prerender-popup.ts), so the two are
// one tree by construction and the first paint shows what the script then takes over.
import type { Lang } from '../../lib/i18n';
import { App, type Tab } from './App';
import { LangContext } from './i18n';
import { lazyComponent } from './lazy';
import { Prerendering } from './prerender';

// Shown only with a finished key: its own chunk (the config builders), not the first screen's.
export const InstallCommands = lazyComponent(() => import('./InstallCommands').then((m) => m.InstallCommands));

export interface PopupRootProps {
  lang: Lang;
  tab: Tab;
  /** the connection the Diagnose tab starts with (popup.html#diagnose?cmd=…) */
  diagnoseCommand?: string;
  /** the build's prerender of the first screen (nothing in it may depend on the day) */
  prerender?: boolean;
}

export function PopupRoot({ lang, tab, diagnoseCommand, prerender = false }: PopupRootProps) {
  return (
    <Prerendering.Provider value={prerender}>
      <LangContext.Provider value={lang}>
        <App initialTab={tab} diagnoseCommand={diagnoseCommand} renderInstall={(keyName, privateKeyPath) => <InstallCommands keyName={keyName} privateKeyPath={privateKeyPath} />} />
      </LangContext.Provider>
    </Prerendering.Provider>
  );
}
