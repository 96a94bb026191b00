// A link that opens VS Code's Remote-SSH on a config alias:
// vscode://vscode-remote/ssh-remote+<alias><absolute remote path>.
// The alias is one URI authority segment (percent-encoded); the path keeps its slashes.
export function vscodeRemoteUri(alias: string, remotePath = '/root'): string {
  let path = remotePath.startsWith('/') ? remotePath : `/${remotePath}`;
  path = path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  return `vscode://vscode-remote/ssh-remote+${encodeURIComponent(alias)}${path}`;
}
