// Text of the UI the extension injects into console pages, and of the context menu.
import type { Catalogue } from './index';

// `en` defines the keys; `zh` must carry the same (the compiler checks it here,
// tests/unit/i18n.test.ts checks every catalogue at run time).
const en = {
  fillButton: 'Fill SSH public key',
  fillButtonTitle: 'Infini SSH Keys: fill one of your saved public keys into this field',
  defaultKey: 'default',
  generateKey: 'Generate a new key…',
  noKeyYet: 'No saved key yet.',
  filled: 'Filled "{name}". Check it, then submit the form yourself.',
  filledWithName: 'Filled "{name}" and its name. Check them, then submit the form yourself.',
  fillFailed: 'This field could not be filled.',
  commandButton: 'SSH',
  commandButtonTitle: 'Infini SSH Keys: connect with your key',
  copyAsShown: 'Copy command as shown',
  diagnose: 'Login fails? Diagnose…',
  copyWithKeyPosix: 'Copy with -i ~/.ssh/{name} (bash, zsh, Git Bash)',
  copyWithKeyPowerShell: 'Copy with -i (Windows PowerShell)',
  copyConfig: 'Copy ~/.ssh/config entry "{alias}"',
  downloadConfig: 'Download ~/.ssh/config entry',
  openVsCode: 'Open in VS Code (Remote-SSH)',
  openVsCodeTitle: 'Needs the ~/.ssh/config entry "{alias}" on this computer first',
  usingKey: 'Key:',
  noKeyForCommand: 'No saved key: generate one first, add its public key to the console, then come back.',
  copiedWhat: 'Copied: {what}',
  copyByHand: 'This page blocks the clipboard. Copy the text below yourself (Ctrl+C / ⌘C):',
  downloaded: 'Saved {file}.',
  terminalButton: 'Add my SSH key',
  terminalButtonTitle: 'Infini SSH Keys: copy a command that adds your public key to ~/.ssh/authorized_keys',
  copyAuthorize: 'Copy add-key command for "{name}"',
  authorizeHint: 'Paste it into the terminal and press Enter.',
  contextMenuFill: 'Fill SSH public key here',
  authorizeNoKey: 'This key is no longer saved.',
  contextMenuNotEditable: 'Infini SSH Keys: no text field is focused here. Right-click inside the field that takes the public key.',
  contextMenuReadOnly: 'Infini SSH Keys: this field is read-only, so the key was not filled.',
  contextMenuNoAccess: 'Infini SSH Keys cannot reach this field (a frame from another site, or a protected page). Copy the public key from the extension\'s popup and paste it.',
  contextMenuFailed: 'Infini SSH Keys could not fill this field. Copy the public key from the extension\'s popup and paste it.',
  actionFailed: 'That did not work. Try again, or reload the page.',
  extensionReloaded: 'Infini SSH Keys was updated or reloaded: reload this page to use it again.',
};

export type ContentKey = keyof typeof en;

const zh: Record<ContentKey, string> = {
  fillButton: '填入 SSH 公钥',
  fillButtonTitle: 'Infini SSH Keys：把已保存的公钥填入此输入框',
  defaultKey: '默认',
  generateKey: '生成新密钥…',
  noKeyYet: '还没有保存的密钥。',
  filled: '已填入“{name}”。请检查后自行提交表单。',
  filledWithName: '已填入“{name}”及其名称。请检查后自行提交表单。',
  fillFailed: '无法填写此输入框。',
  commandButton: 'SSH',
  commandButtonTitle: 'Infini SSH Keys：用你的密钥连接',
  copyAsShown: '复制原命令',
  diagnose: '登录失败？排障…',
  copyWithKeyPosix: '复制带 -i ~/.ssh/{name} 的命令（bash、zsh、Git Bash）',
  copyWithKeyPowerShell: '复制带 -i 的命令（Windows PowerShell）',
  copyConfig: '复制 ~/.ssh/config 条目“{alias}”',
  downloadConfig: '下载 ~/.ssh/config 条目',
  openVsCode: '在 VS Code 中打开（Remote-SSH）',
  openVsCodeTitle: '需要先把 ~/.ssh/config 条目“{alias}”加到本机',
  usingKey: '密钥：',
  noKeyForCommand: '还没有保存的密钥：请先生成一个，把公钥添加到控制台，再回来。',
  copiedWhat: '已复制：{what}',
  copyByHand: '此页面禁止访问剪贴板。请自行复制下面的文字（Ctrl+C / ⌘C）：',
  downloaded: '已保存 {file}。',
  terminalButton: '添加我的 SSH 公钥',
  terminalButtonTitle: 'Infini SSH Keys：复制一条把公钥追加到 ~/.ssh/authorized_keys 的命令',
  copyAuthorize: '复制添加“{name}”的命令',
  authorizeHint: '粘贴到终端并回车。',
  contextMenuFill: '在此填入 SSH 公钥',
  authorizeNoKey: '该密钥已不在已保存的密钥中。',
  contextMenuNotEditable: 'Infini SSH Keys：此处没有获得焦点的输入框。请在要填公钥的输入框内点右键。',
  contextMenuReadOnly: 'Infini SSH Keys：此输入框为只读，未填入公钥。',
  contextMenuNoAccess: 'Infini SSH Keys 无法访问此输入框（来自其他网站的框架，或受保护的页面）。请从扩展弹窗复制公钥后粘贴。',
  contextMenuFailed: 'Infini SSH Keys 无法填写此输入框。请从扩展弹窗复制公钥后粘贴。',
  actionFailed: '操作未成功。请重试，或刷新页面。',
  extensionReloaded: 'Infini SSH Keys 已更新或重新加载：请刷新此页面后再用。',
};

export const contentText: Catalogue<ContentKey> = { en, zh };

/**
 * What the context menu tells the user when "Fill SSH public key here" did not fill: the reason
 * fillEditable returned, or 'no-access' when the browser refused to run it in that frame.
 * null: nothing to say (filled, or the generator opened because there is no key yet).
 */
export function contextMenuFailureKey(result: { ok: boolean; reason?: string } | 'no-access'): ContentKey | null {
  if (result === 'no-access') return 'contextMenuNoAccess';
  if (result.ok || result.reason === 'no-key') return null;
  if (result.reason === 'not-editable' || result.reason === 'no-field') return 'contextMenuNotEditable';
  if (result.reason === 'readonly') return 'contextMenuReadOnly';
  return 'contextMenuFailed';
}
