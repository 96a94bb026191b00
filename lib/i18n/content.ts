// Text of the UI the extension injects into console pages, and of the context menu.
import type { Catalogue } from './index';

export type ContentKey =
  | 'fillButton'
  | 'fillButtonTitle'
  | 'defaultKey'
  | 'generateKey'
  | 'noKeyYet'
  | 'filled'
  | 'filledWithName'
  | 'fillFailed'
  | 'commandButton'
  | 'commandButtonTitle'
  | 'copyAsShown'
  | 'copyWithKeyPosix'
  | 'copyWithKeyPowerShell'
  | 'copyConfig'
  | 'downloadConfig'
  | 'openVsCode'
  | 'openVsCodeTitle'
  | 'usingKey'
  | 'noKeyForCommand'
  | 'copied'
  | 'copyFailed'
  | 'downloaded'
  | 'terminalButton'
  | 'terminalButtonTitle'
  | 'copyAuthorize'
  | 'authorizeHint'
  | 'contextMenuFill'
  | 'generateOpened';

export const contentText: Catalogue<ContentKey> = {
  en: {
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
    copyWithKeyPosix: 'Copy with -i ~/.ssh/{name} (bash, zsh, Git Bash)',
    copyWithKeyPowerShell: 'Copy with -i (Windows PowerShell)',
    copyConfig: 'Copy ~/.ssh/config entry "{alias}"',
    downloadConfig: 'Download ~/.ssh/config entry',
    openVsCode: 'Open in VS Code (Remote-SSH)',
    openVsCodeTitle: 'Needs the ~/.ssh/config entry "{alias}" on this computer first',
    usingKey: 'Key:',
    noKeyForCommand: 'No saved key: generate one first, add its public key to the console, then come back.',
    copied: 'Copied.',
    copyFailed: 'Could not copy: the browser refused the clipboard.',
    downloaded: 'Saved {file}.',
    terminalButton: 'Add my SSH key',
    terminalButtonTitle: 'Infini SSH Keys: copy a command that adds your public key to ~/.ssh/authorized_keys',
    copyAuthorize: 'Copy add-key command for "{name}"',
    authorizeHint: 'Paste it into the terminal and press Enter.',
    contextMenuFill: 'Fill SSH public key here',
    generateOpened: 'The key generator opened.',
  },
  zh: {
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
    copyWithKeyPosix: '复制带 -i ~/.ssh/{name} 的命令（bash、zsh、Git Bash）',
    copyWithKeyPowerShell: '复制带 -i 的命令（Windows PowerShell）',
    copyConfig: '复制 ~/.ssh/config 条目“{alias}”',
    downloadConfig: '下载 ~/.ssh/config 条目',
    openVsCode: '在 VS Code 中打开（Remote-SSH）',
    openVsCodeTitle: '需要先把 ~/.ssh/config 条目“{alias}”加到本机',
    usingKey: '密钥：',
    noKeyForCommand: '还没有保存的密钥：请先生成一个，把公钥添加到控制台，再回来。',
    copied: '已复制。',
    copyFailed: '复制失败：浏览器拒绝访问剪贴板。',
    downloaded: '已保存 {file}。',
    terminalButton: '添加我的 SSH 公钥',
    terminalButtonTitle: 'Infini SSH Keys：复制一条把公钥追加到 ~/.ssh/authorized_keys 的命令',
    copyAuthorize: '复制添加“{name}”的命令',
    authorizeHint: '粘贴到终端并回车。',
    contextMenuFill: '在此填入 SSH 公钥',
    generateOpened: '已打开密钥生成。',
  },
};
