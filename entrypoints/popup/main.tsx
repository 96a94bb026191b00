// Wiring only: language, the hash (#generate from the console), the root component.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { pickLang } from '../../lib/i18n';
import { App, type Tab } from '../../components/popup/App';
import { LangContext } from '../../components/popup/i18n';
import { lazyComponent } from '../../components/popup/lazy';
import './style.css';

// Shown only with a finished key: its own chunk (the config builders), not the first screen's.
const InstallCommands = lazyComponent(() => import('../../components/popup/InstallCommands').then((m) => m.InstallCommands));

const lang = pickLang(browser.i18n.getUILanguage());
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
document.title = browser.i18n.getMessage('extName'); // index.html's title is the manifest's __MSG_extName__
const hashTab = location.hash.replace(/\?.*$/, '');
const TAB_OF_HASH: Record<string, Tab> = { '#saved': 'saved', '#add': 'add', '#machines': 'machines', '#diagnose': 'diagnose' };
const tab: Tab = TAB_OF_HASH[hashTab] ?? 'new';
// #diagnose?cmd=… : the console's "Login fails? Diagnose…" entry presets the connection (public data only)
const diagnoseCommand = hashTab === '#diagnose' ? (new URLSearchParams(location.hash.replace(/^[^?]*\??/, '')).get('cmd') ?? undefined) : undefined;
// Opened as a tab (not the toolbar popup): let the layout use a comfortable centred column.
if (location.hash) document.documentElement.classList.add('in-tab');

render(
  <LangContext.Provider value={lang}>
    <App initialTab={tab} diagnoseCommand={diagnoseCommand} renderInstall={(keyName, privateKeyPath) => <InstallCommands keyName={keyName} privateKeyPath={privateKeyPath} />} />
  </LangContext.Provider>,
  document.getElementById('app')!,
);

// After the first paint, when idle: the result view's install commands, so a finished key
// shows without a chunk to fetch and parse on the UI thread at that moment.
const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
if (idle) idle(InstallCommands.prefetch, { timeout: 3000 });
else setTimeout(InstallCommands.prefetch, 500);
