// The Infini-AI console adapter (cloud.infini-ai.com): classify collected page facts.
// Pure functions over lib/dom/collect.ts's plain objects; nothing here touches the DOM.
//
// We do not know the console's exact markup (shared/platform.md), so every decision is made by
// meaning — labels, placeholders, aria text, nearby text, in Chinese and English — never by one
// selector. The page families we expect, and what each offers:
// - create-dev-machine form (开发机 → 创建): an SSH public key input → "Fill SSH public key";
// - account SSH key page (SSH 公钥管理) with an "添加公钥" dialog: name + key → fill both;
// - dev machine list/detail, AICoder Shell's SSH dialog: `ssh …` command text → connect actions;
// - Web Terminal / AICoder Shell: an xterm terminal → copy the add-key one-liner.
import type { PageFacts, FieldFacts, CommandFacts } from '../dom/collect';
import type { Connection } from '../config/types';
import { parseConnectCommand } from '../config/connect-command';

/** where this adapter runs (the content script's match patterns) */
export const CONSOLE_MATCHES = ['https://cloud.infini-ai.com/*'];

// A public key field says so: "SSH 公钥", "公钥", "SSH Key", "public key", or a placeholder that
// starts like a key ("ssh-ed25519 AAAA…", "ssh-rsa …"). Words may be joined by a space, a hyphen
// or an underscore, or not at all: name/id attributes read ssh_key, public_key, sshKey.
const KEY_WORDS = /ssh[\s_-]*(公钥|密钥|key)|公钥|public[\s_-]*key|ssh-(ed25519|rsa|dss)\b|ecdsa-sha2-|sk-ssh-|\bAAAA[A-Za-z0-9+/]{4,}/i;
// …and is not one of the look-alikes a cloud console is full of: API keys, access keys, secrets,
// tokens, private keys, passwords. "密钥" alone (secret/API key in this console) is not a match.
const NOT_KEY_WORDS = /api[\s_-]*(key|密钥)|access[\s_-]*key|secret|token|私钥|private|password|密码|口令|passphrase|AccessKey|AK\/SK/i;
// A name field for the key, in a dialog that adds a key (名称 / 备注 / Name / Title / Label).
const NAME_WORDS = /名称|名字|备注|标题|name|title|label|comment/i;
// A name field that names the key itself even outside a dialog ("公钥名称", "Key name").
const KEY_NAME_WORDS = /(公钥|密钥|key)\s*(名称|名字|备注|name|title|label)|(名称|name)\s*(of\s*)?(the\s*)?(ssh\s*)?(公钥|key)/i;

const NAME_ONLY_LABEL = /^[*＊]?\s*(?:名称|名字|备注|标题|name|title|label|comment)\s*[:：]?$/i;

const usable = (f: FieldFacts) => f.visible && !f.readOnly && !f.disabled && f.type !== 'password';

/** A field where the console wants an SSH public key. */
export function isPublicKeyField(f: FieldFacts): boolean {
  if (!usable(f)) return false;
  if (!/^(textarea|text|search|)$/.test(f.type)) return false;
  // Own words (label, placeholder, aria, name) decide first; nearby text only when the field has
  // no words of its own, since a row's neighbour may be some other field's label.
  const own = [f.label, f.placeholder, f.ariaLabel, f.name, f.id].join(' | ');
  const text = own.replace(/[\s|]/g, '') ? own : f.nearby;
  if (NOT_KEY_WORDS.test(text)) return false;
  if (!KEY_WORDS.test(text)) return false;
  // "公钥名称" / "Key name" is the key's name field, not the key field: in any of the field's own
  // words (the console's dialog labels it "名称" and says "请输入公钥名称" only in the placeholder).
  if (f.tag === 'input' && !/ssh-|AAAA/.test(f.placeholder) && [f.label, f.placeholder, f.ariaLabel].some((w) => KEY_NAME_WORDS.test(w))) return false;
  // A field whose label is just "名称" / "Name" / "备注" names something; it never takes the key.
  if (NAME_ONLY_LABEL.test(f.label.trim())) return false;
  return true;
}

/** The key's name field beside a key field: in the same add-key dialog, or labelled "key name". */
export function isKeyNameField(f: FieldFacts, keyField: FieldFacts, facts: PageFacts): boolean {
  if (f === keyField || !usable(f) || f.tag !== 'input' || !/^(text|)$/.test(f.type)) return false;
  if (f.group !== keyField.group || f.group < 0) return false;
  const own = [f.label, f.placeholder, f.ariaLabel, f.name].join(' | ');
  if (NOT_KEY_WORDS.test(own)) return false;
  if (KEY_NAME_WORDS.test(own)) return true;
  // A bare "名称" only counts inside a dialog about keys: on the create-dev-machine form the
  // name is the machine's name and must be left alone.
  const group = facts.groups[f.group];
  return group?.kind === 'dialog' && NAME_WORDS.test(own) && (KEY_WORDS.test(group.title) || /key|密钥|公钥/i.test(group.title));
}

export interface KeyFieldPlan {
  field: number;
  /** the key's name field in the same dialog, if any */
  nameField?: number;
}

export interface CommandPlan {
  command: number;
  /** the text as the page shows it (one line, trimmed) */
  text: string;
  connection: Connection;
}

export interface PagePlan {
  keyFields: KeyFieldPlan[];
  commands: CommandPlan[];
  /** a Web Terminal / AICoder Shell is open: offer the add-key one-liner */
  terminal: boolean;
}

/** Page text shaped like an ssh command and parsed as one; prose mentioning ssh is not. */
export function commandFrom(c: CommandFacts): { text: string; connection: Connection } | null {
  if (!c.visible) return null;
  const text = c.text.replace(/^\s*\$\s*/, '').trim();
  if (!/^ssh\s/.test(text) || /\n/.test(text) || text.length > 300) return null;
  // Prose starts with "ssh" too ("ssh 登录需要公钥", "ssh into the machine"): a command names a
  // destination that looks like one — user@host, a dotted name or address, or an AICoder id.
  if (!/\s([\w.-]+@[\w.-]+|[\w-]+(\.[\w-]+)+|aic-[a-z0-9]+)(\s|$)/i.test(text)) return null;
  const parsed = parseConnectCommand(text);
  return parsed.ok ? { text, connection: parsed.connection } : null;
}

const TERMINAL_WORDS = /web\s*terminal|aicoder\s*shell|终端/i;

export function isTerminalPage(facts: PageFacts): boolean {
  // An xterm.js screen is the strong sign; a "Web Terminal" heading alone (a docs page, a menu
  // entry) is not, unless the page's own title says it is the terminal too.
  if (facts.hasTerminal) return true;
  return TERMINAL_WORDS.test(facts.title) && facts.headings.some((h) => TERMINAL_WORDS.test(h));
}

export function planPage(facts: PageFacts): PagePlan {
  const keyFields: KeyFieldPlan[] = [];
  facts.fields.forEach((f, i) => {
    if (!isPublicKeyField(f)) return;
    const nameField = facts.fields.findIndex((n) => isKeyNameField(n, f, facts));
    keyFields.push(nameField >= 0 ? { field: i, nameField } : { field: i });
  });
  const commands: CommandPlan[] = [];
  facts.commands.forEach((c, i) => {
    const found = commandFrom(c);
    if (found) commands.push({ command: i, ...found });
  });
  return { keyFields, commands, terminal: isTerminalPage(facts) };
}

// "名称", "开发机名称", "实例名称", "AICoder 名称", "Name", "Instance name": the machine's own name.
const MACHINE_NAME_LABEL = /^(?:(?:开发机|实例|机器|任务|AICoder|instance|machine)\s*)?(?:名称|名字|name)\s*[:：]?$/i;

/**
 * The machine's name among the label/value pairs near its connect command
 * (lib/dom/machine-name.ts): a pair labelled as the name, with a value that reads like one (short,
 * one line, not a command or an address). Unlabelled titles are never taken: "SSH 连接" and
 * "开发机详情" name the dialog, not the machine.
 */
export function machineNameFrom(pairs: [string, string][]): string | undefined {
  for (const [label, value] of pairs) {
    if (!MACHINE_NAME_LABEL.test(label.trim())) continue;
    const v = value.trim();
    if (v && v.length <= 64 && !/\s{2}|^ssh\s|@|^\d+(?:\.\d+){3}$|[<>"'`$\\]/.test(v)) return v;
  }
  return undefined;
}

/**
 * The folder VS Code opens on the machine: the login user's home. Dev machines and AICoder log
 * in as root (/root); a command for another user lands in /home/<user>. No user in the command
 * means ssh's default (the local name), which the console never shows: root is the platform's.
 */
export function remoteHome(c: Connection): string {
  return !c.user || c.user === 'root' ? '/root' : `/home/${c.user}`;
}
