// Wiring only: language, the hash (#generate from the console), the root component.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { pickLang } from '../../lib/i18n';
import type { Tab } from '../../components/popup/App';
import { InstallCommands, PopupRoot } from '../../components/popup/PopupRoot';
import './style.css';

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

// The toolbar popup's HTML holds this tree already rendered in the browser's language (the
// build's prerender, scripts/prerender-popup.ts): Preact takes those elements over as they are.
render(<PopupRoot lang={lang} tab={tab} diagnoseCommand={diagnoseCommand} />, document.getElementById('app')!);

// After the first paint, when idle: the result view's install commands, so a finished key
// shows without a chunk to fetch and parse on the UI thread at that moment.
const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
if (idle) idle(InstallCommands.prefetch, { timeout: 3000 });
else setTimeout(InstallCommands.prefetch, 500);
