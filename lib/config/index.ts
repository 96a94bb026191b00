// lib/config: pure builders for connect commands, ssh config snippets and shell one-liners.
export * from './types';
export { parseConnectCommand, connectCommand, type ParseConnectResult } from './connect-command';
export { canonicalCommand } from './canonical-command';
export { defaultAlias, sanitizeAlias, buildSshConfig, buildManagedSection, mergeSshConfig, snippetAlias, snippetHosts, MARKER_PREFIX, MANAGED_SECTION, type ManagedMachine } from './ssh-config';
export { authorizeKeyCommand, removeKeyCommand } from './authorized-keys';
export { localSetupScript, configInstallScript, MERGE_AWK } from './local-setup';
export { vscodeRemoteUri } from './vscode';
export { posixQuote, posixPath, psQuote, psPath, sshConfigValue } from './quote';
