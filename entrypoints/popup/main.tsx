// Wiring only: language, the hash (#generate from the console), the root component.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { pickLang } from '../../lib/i18n';
import { App, type Tab } from '../../components/popup/App';
import { LangContext } from '../../components/popup/i18n';
import { InstallCommands } from '../../components/popup/InstallCommands';
import { installBcryptWorkers } from '../../lib/keygen/bcrypt-workers';
import { installArgon2Worker } from '../../lib/keygen/argon2-workers';
import './style.css';

// passphrase encryption (bcrypt_pbkdf) splits its two blocks over two Web Workers
installBcryptWorkers();
// the .ppk v3 key derivation (Argon2id, about a second) runs in its own worker
installArgon2Worker();

const lang = pickLang(browser.i18n.getUILanguage());
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
document.title = browser.i18n.getMessage('extName'); // index.html's title is the manifest's __MSG_extName__
const tab: Tab = location.hash === '#saved' ? 'saved' : location.hash === '#add' ? 'add' : 'new';
// Opened as a tab (not the toolbar popup): let the layout use a comfortable centred column.
if (location.hash) document.documentElement.classList.add('in-tab');

render(
  <LangContext.Provider value={lang}>
    <App initialTab={tab} renderInstall={(keyName, privateKeyPath) => <InstallCommands keyName={keyName} privateKeyPath={privateKeyPath} />} />
  </LangContext.Provider>,
  document.getElementById('app')!,
);
