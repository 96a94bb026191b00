// The console adapter's heuristics over plain page facts (no DOM): which fields take a public
// key, which name field goes with it, which text is an ssh command, which page is a terminal.
import { describe, it, expect } from 'vitest';
import type { FieldFacts, PageFacts, CommandFacts } from '../../lib/dom/collect';
import { isPublicKeyField, isKeyNameField, commandFrom, isTerminalPage, planPage, remoteHome, machineNameFrom } from '../../lib/sites/infini';
import { contentText, contextMenuFailureKey } from '../../lib/i18n/content';
import { errorText } from '../../components/console/overlay';
import { keyError } from '../../lib/ssh/errors';

const field = (p: Partial<FieldFacts>): FieldFacts => ({
  tag: 'input', type: 'text', name: '', id: '', placeholder: '', ariaLabel: '', label: '', nearby: '',
  readOnly: false, disabled: false, visible: true, group: -1, ...p,
});
const page = (p: Partial<PageFacts>): PageFacts => ({ url: 'https://cloud.infini-ai.com/', title: '', headings: [], hasTerminal: false, fields: [], groups: [], commands: [], ...p });
const cmd = (text: string, p: Partial<CommandFacts> = {}): CommandFacts => ({ source: 'code', text, visible: true, ...p });

describe('public key fields', () => {
  it.each([
    ['Chinese label', field({ tag: 'textarea', type: 'textarea', label: 'SSH 公钥' })],
    ['bare 公钥 label', field({ tag: 'textarea', type: 'textarea', label: '公钥' })],
    ['English label', field({ label: 'SSH Key' })],
    ['aria-label', field({ ariaLabel: 'SSH public key' })],
    ['key-shaped placeholder only', field({ tag: 'textarea', type: 'textarea', placeholder: 'ssh-ed25519 AAAAC3Nza… user@host' })],
    ['nearby text when the field has no words of its own', field({ tag: 'textarea', type: 'textarea', nearby: '请粘贴 SSH 公钥' })],
    ['name="ssh_key"', field({ tag: 'textarea', type: 'textarea', name: 'ssh_key', placeholder: '请输入' })],
    ['id="public_key"', field({ tag: 'textarea', type: 'textarea', id: 'public_key' })],
    ['name="sshPublicKey"', field({ tag: 'textarea', type: 'textarea', name: 'sshPublicKey' })],
  ])('finds a key field by %s', (_, f) => expect(isPublicKeyField(f)).toBe(true));

  it.each([
    ['an API key field', field({ label: 'API 密钥' })],
    ['an API key note mentioning keys', field({ tag: 'textarea', type: 'textarea', label: 'API Key 备注', placeholder: 'public key of the API' })],
    ['an access key', field({ label: 'AccessKey', placeholder: 'ssh key style' })],
    ['a secret', field({ label: 'Secret Key' })],
    ['a private key field', field({ tag: 'textarea', type: 'textarea', label: 'SSH 私钥' })],
    ['a password', field({ type: 'password', label: 'SSH 公钥' })],
    ['an API 密钥 name', field({ label: '密钥名称' })],
    ['the key\'s name field: label 名称, placeholder 请输入公钥名称', field({ label: '名称', placeholder: '请输入公钥名称', group: 0 })],
    ['a name field whose placeholder mentions the key', field({ label: 'Name', placeholder: 'Name of the SSH public key' })],
    ['a readonly field', field({ label: 'SSH 公钥', readOnly: true })],
    ['a disabled field', field({ label: 'SSH 公钥', disabled: true })],
    ['a hidden field', field({ label: 'SSH 公钥', visible: false })],
    ['an e-mail field', field({ type: 'email', label: 'SSH 公钥' })],
    ['a field whose own label differs although the row mentions keys', field({ label: '备注', nearby: 'SSH 公钥' })],
    ['the key name field', field({ label: '公钥名称' })],
    ['an SSH port field', field({ label: 'SSH 端口' })],
    ['an SSH user name field', field({ label: 'SSH 用户名' })],
    ['an unrelated search box', field({ type: 'search', placeholder: '搜索文档' })],
    ['name="api_key"', field({ name: 'api_key' })],
    ['id="access_key" beside a public_key word', field({ id: 'access_key', name: 'public_key_hint' })],
    ['name="private_key"', field({ tag: 'textarea', type: 'textarea', name: 'ssh_private_key' })],
  ])('ignores %s', (_, f) => expect(isPublicKeyField(f)).toBe(false));
});

describe('the key name field', () => {
  it('fills 名称 inside an add-key dialog', () => {
    const key = field({ tag: 'textarea', type: 'textarea', label: '公钥', group: 0 });
    const name = field({ label: '名称', group: 0 });
    const facts = page({ groups: [{ kind: 'dialog', title: '添加公钥' }], fields: [name, key] });
    expect(isKeyNameField(name, key, facts)).toBe(true);
    expect(planPage(facts).keyFields).toEqual([{ field: 1, nameField: 0 }]);
  });

  it('label 名称 with placeholder 请输入公钥名称: one fill plan, on the key field, with this as its name field', () => {
    const name = field({ label: '名称', placeholder: '请输入公钥名称', group: 0 });
    const key = field({ tag: 'textarea', type: 'textarea', label: '公钥', placeholder: '请输入公钥', group: 0 });
    const facts = page({ groups: [{ kind: 'dialog', title: '添加公钥' }], fields: [name, key] });
    expect(planPage(facts).keyFields).toEqual([{ field: 1, nameField: 0 }]);
  });

  it('leaves the dev machine name on the create form alone', () => {
    const name = field({ label: '开发机名称', group: 0 });
    const key = field({ tag: 'textarea', type: 'textarea', label: 'SSH 公钥', group: 0 });
    const facts = page({ groups: [{ kind: 'form', title: '创建开发机' }], fields: [name, key] });
    expect(planPage(facts).keyFields).toEqual([{ field: 1 }]);
  });

  it('takes an explicit "key name" field even outside a dialog, but not one in another form', () => {
    const key = field({ tag: 'textarea', type: 'textarea', label: 'SSH Key', group: 0 });
    const name = field({ label: 'Key name', group: 0 });
    const other = field({ label: 'Key name', group: 1 });
    const facts = page({ groups: [{ kind: 'form', title: '' }, { kind: 'form', title: '' }], fields: [key, name, other] });
    expect(isKeyNameField(name, key, facts)).toBe(true);
    expect(isKeyNameField(other, key, facts)).toBe(false);
  });

  it('does not take a name field in a dialog about something else', () => {
    const key = field({ tag: 'textarea', type: 'textarea', label: 'SSH 公钥', group: 0 });
    const name = field({ label: '名称', group: 0 });
    const facts = page({ groups: [{ kind: 'dialog', title: '创建开发机' }], fields: [name, key] });
    expect(isKeyNameField(name, key, facts)).toBe(false);
  });
});

describe('connect commands on the page', () => {
  it('reads a dev machine command', () => {
    const found = commandFrom(cmd('ssh -p 41587 root@1.2.3.4'));
    expect(found?.text).toBe('ssh -p 41587 root@1.2.3.4');
    expect(found?.connection).toMatchObject({ host: '1.2.3.4', port: 41587, user: 'root', kind: 'devmachine' });
  });

  it('reads an AICoder command with the jump host, and a shell prompt in front', () => {
    const found = commandFrom(cmd('$ ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp', { source: 'text' }));
    expect(found?.text).toBe('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp');
    expect(found?.connection).toMatchObject({ host: 'aic-dbdz3pprd2g54crp', user: 'root', kind: 'aicoder', jump: { host: 'ssh-jumper.cloud.infini-ai.com' } });
  });

  it.each([
    'ssh 登录需要公钥',
    'ssh into the machine with your key after the instance restarts',
    'ssh -v 可以打印调试信息',
    'ssh -p 41587 root@1.2.3.4; rm -rf ~',
    'ssh -p 22 root@1.2.3.4\nssh -p 23 root@1.2.3.5',
  ])('does not take %j for a command', (text) => expect(commandFrom(cmd(text))).toBeNull());

  it('ignores a command that is not visible', () => {
    expect(commandFrom(cmd('ssh -p 41587 root@1.2.3.4', { visible: false }))).toBeNull();
  });
});

describe('VS Code opens the login user\'s home', () => {
  it.each([
    ['ssh -p 41587 root@1.2.3.4', '/root'],
    ['ssh -p 41587 1.2.3.4', '/root'],
    ['ssh -p 41587 dev@1.2.3.4', '/home/dev'],
    ['ssh -l ubuntu -p 22 1.2.3.4', '/home/ubuntu'],
  ])('%s → %s', (text, home) => expect(remoteHome(commandFrom(cmd(text))!.connection)).toBe(home));
});

describe('terminal pages', () => {
  it('an xterm screen is a terminal', () => expect(isTerminalPage(page({ hasTerminal: true }))).toBe(true));
  it('a page titled and headed "Web Terminal" is one', () => expect(isTerminalPage(page({ title: 'Web Terminal - my-dev', headings: ['Web Terminal'] }))).toBe(true));
  it('a help page that mentions the terminal is not', () => expect(isTerminalPage(page({ title: '帮助中心', headings: ['Web Terminal 与 AICoder Shell'] }))).toBe(false));
});

describe('content catalogue', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(contentText.zh).sort()).toEqual(Object.keys(contentText.en).sort());
    for (const lang of ['zh', 'en'] as const) for (const v of Object.values(contentText[lang])) expect(v.trim()).not.toBe('');
  });
});

describe('what the user is told when something fails', () => {
  it('the context menu names the reason in the user\'s language, and says nothing after a fill or when the generator opened', () => {
    expect(contextMenuFailureKey({ ok: true })).toBeNull();
    expect(contextMenuFailureKey({ ok: false, reason: 'no-key' })).toBeNull();
    expect(contextMenuFailureKey('no-access')).toBe('contextMenuNoAccess');
    expect(contextMenuFailureKey({ ok: false, reason: 'not-editable' })).toBe('contextMenuNotEditable');
    expect(contextMenuFailureKey({ ok: false, reason: 'no-field' })).toBe('contextMenuNotEditable');
    expect(contextMenuFailureKey({ ok: false, reason: 'readonly' })).toBe('contextMenuReadOnly');
    expect(contextMenuFailureKey({ ok: false, reason: 'no-result' })).toBe('contextMenuFailed');
  });

  it('a raw browser error becomes a message in the user\'s language, the raw text only as detail', () => {
    const raw = new Error('Extension context invalidated.');
    expect(errorText(raw, 'zh')).toEqual({ text: contentText.zh.extensionReloaded, detail: 'Extension context invalidated.' });
    expect(errorText(raw, 'en')).toEqual({ text: contentText.en.extensionReloaded, detail: 'Extension context invalidated.' });
    expect(errorText(new TypeError('Failed to fetch'), 'zh')).toEqual({ text: contentText.zh.actionFailed, detail: 'Failed to fetch' });
    expect(errorText(keyError('fill-failed', contentText.en.fillFailed, contentText.zh.fillFailed), 'zh')).toEqual({ text: contentText.zh.fillFailed });
  });
});

describe('the machine name near a connect command', () => {
  it('takes a pair labelled as the name; never a dialog title, a command or an address', () => {
    expect(machineNameFrom([['', 'SSH 连接'], ['开发机名称', 'my-dev'], ['登录命令', 'ssh -p 1 root@h']])).toBe('my-dev');
    expect(machineNameFrom([['名称：', 'AICoder 一号']])).toBe('AICoder 一号');
    expect(machineNameFrom([['Instance name', 'train-01']])).toBe('train-01');
    expect(machineNameFrom([['', '开发机详情'], ['登录命令', 'ssh -p 1 root@h']])).toBeUndefined();
    expect(machineNameFrom([['名称', 'ssh -p 1 root@h']])).toBeUndefined();
    expect(machineNameFrom([['名称', '10.0.0.1']])).toBeUndefined();
    expect(machineNameFrom([['名称', '']])).toBeUndefined();
  });
});
