// The script a user pastes into a local terminal after downloading `<keyName>` and
// `<keyName>.pub`: move them from Downloads into ~/.ssh (700) with the private key readable
// only by the user, and merge the config snippet into ~/.ssh/config after a dated backup.
//
// Safe to run twice: a key already in ~/.ssh that is identical is fine; a different key file
// of the same name is never overwritten (the script stops before changing anything).
// POSIX and Git Bash variants run in a subshell with `set -e`, so a failure stops the script
// without closing the user's terminal. The config merge is done by awk and follows exactly
// the rules of mergeSshConfig (ssh-config.ts; tests compare the two on random configs).
import { keyError } from '../ssh/errors';
import { posixQuote } from './quote';
import { snippetAlias, snippetHosts } from './ssh-config';
import type { Shell } from './types';

/**
 * POSIX awk (mawk, gawk, BSD awk, busybox): reads the snippet file, then the config file,
 * prints the merged config. Exits 3 on a begin marker without its end marker.
 */
export const MERGE_AWK = String.raw`NR == FNR { sn[++ns] = $0; next }
{ line[++n] = $0 }
function bare(s) { sub(/\r$/, "", s); return s }
function trim(s) { sub(/[ \t]+$/, "", s); return s }
function isbegin(s) { return s ~ /^# Infini SSH Keys: begin [^ \t]+[ \t]*$/ }
function ishost(s) { s = tolower(s); return s ~ /^[ \t]*(host|match)[ \t]*=/ || s ~ /^[ \t]*(host|match)[ \t]/ || s ~ /^[ \t]*(host|match)$/ }
function snippet(   k) { for (k = 1; k <= ns; k++) print sn[k] cr }
# the end marker of the section named nm that begins at line b, never across another begin marker; none: exit 3
function endof(b, nm,   j, t) {
  for (j = b + 1; j <= n; j++) {
    t = bare(line[j])
    if (t ~ /^# Infini SSH Keys: end [^ \t]+[ \t]*$/ && trim(t) == "# Infini SSH Keys: end " nm) return j
    if (isbegin(t)) break
  }
  print "begin marker without end marker for " nm > "/dev/stderr"; exit 3
}
END {
  alias = sn[1]; sub(/^# Infini SSH Keys: begin /, "", alias); alias = trim(bare(alias))
  for (k = 1; k <= ns; k++) sn[k] = bare(sn[k])
  # our older sections for a Host the snippet defines again are dropped first (mergeSshConfig's dropSupersededSections)
  for (k = 1; k <= ns; k++) if (tolower(sn[k]) ~ /^[ \t]*host[ \t]+/) { h = sn[k]; sub(/^[ \t]*[^ \t]+[ \t]+/, "", h); nh = split(tolower(h), hs, /[ \t]+/); for (q = 1; q <= nh; q++) if (hs[q] != "") def[hs[q]] = 1 }
  m = 0
  for (i = 1; i <= n; i++) {
    s = bare(line[i])
    if (isbegin(s)) { nm = s; sub(/^# Infini SSH Keys: begin /, "", nm); nm = trim(nm) }
    if (isbegin(s) && nm != alias && (tolower(nm) in def)) { i = endof(i, nm); continue }
    kept[++m] = line[i]
  }
  n = m; for (i = 1; i <= n; i++) line[i] = kept[i]
  cr = (n > 0 && line[1] ~ /\r$/) ? "\r" : ""
  b = 0; ins = 0
  for (i = 1; i <= n; i++) {
    s = bare(line[i])
    if (isbegin(s) && trim(s) == "# Infini SSH Keys: begin " alias) { b = i; break }
    if (!ins && (isbegin(s) || ishost(s))) ins = i
  }
  if (b) {
    e = endof(b, alias)
    for (i = 1; i < b; i++) print line[i]
    snippet()
    for (i = e + 1; i <= n; i++) print line[i]
  } else if (ins) {
    for (i = 1; i < ins; i++) print line[i]
    snippet(); print cr
    for (i = ins; i <= n; i++) print line[i]
  } else {
    for (i = 1; i <= n; i++) print line[i]
    if (n > 0 && bare(line[n]) != "") print cr
    snippet()
  }
}`;

function checkKeyName(keyName: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(keyName) || keyName.startsWith('.') || keyName.startsWith('-') || keyName === 'config' || keyName === 'authorized_keys' || keyName === 'known_hosts') {
    throw keyError(
      'setup-bad-key-name',
      `The key file name "${keyName}" must be letters, digits, ".", "_" or "-" and not a name ssh uses for its own files.`,
      `密钥文件名 "${keyName}" 只能包含字母、数字、"."、"_"、"-",且不能与 ssh 自用文件同名。`,
      'keyName',
    );
  }
  return keyName;
}

/** Lines (inside the script's `set -e` subshell, with $s = ~/.ssh) that back up ~/.ssh/config and merge the snippet. */
function posixConfigMerge(configSnippet: string): string[] {
  snippetAlias(configSnippet); // refuses a snippet without its markers
  return [
    'c="$s/config"',
    'if [ -e "$c" ]; then cp -p "$c" "$c.bak-$(date +%Y%m%d%H%M%S)"; else : > "$c"; fi',
    `printf '%s' ${posixQuote(configSnippet.endsWith('\n') ? configSnippet : configSnippet + '\n')} > "$c.infini-snippet"`,
    `awk ${posixQuote(MERGE_AWK)} "$c.infini-snippet" "$c" > "$c.infini-new"`,
    // written through, not renamed over: a ~/.ssh/config that is a symlink into a dotfiles
    // repository stays a symlink, and its target gets the merged text
    'cat "$c.infini-new" > "$c" && rm -f "$c.infini-new" "$c.infini-snippet" && chmod 600 "$c"',
  ];
}

function posixScript(keyName: string, shell: 'posix' | 'gitbash', configSnippet?: string): string {
  const k = posixQuote(checkKeyName(keyName));
  const lines: string[] = ['(', 'set -e', 'umask 077', `k=${k}`];
  if (shell === 'gitbash') {
    // Git Bash: the browser saves into the Windows profile's Downloads; HOME is usually that profile.
    lines.push('if command -v cygpath >/dev/null 2>&1 && [ -n "$USERPROFILE" ]; then d="$(cygpath -u "$USERPROFILE")/Downloads"; else d="$HOME/Downloads"; fi');
  } else {
    // Linux desktops name the folder in the user's language (~/下载 on a Chinese desktop):
    // xdg-user-dir knows it. Without it (macOS), or when the key is not there but in
    // ~/Downloads (a browser set to save there), ~/Downloads.
    lines.push(
      'd=$(xdg-user-dir DOWNLOAD 2>/dev/null) || d=',
      // (xdg-user-dir answers $HOME itself for a folder that is not configured)
      'if [ -z "$d" ] || [ "$d" = "$HOME" ] || [ ! -d "$d" ]; then d="$HOME/Downloads"; fi',
      'if [ ! -e "$d/$k" ] && [ -e "$HOME/Downloads/$k" ]; then d="$HOME/Downloads"; fi',
    );
  }
  lines.push(
    's="$HOME/.ssh"',
    'mkdir -p "$s" && chmod 700 "$s"',
    'for f in "$k" "$k.pub"; do',
    '  if [ -e "$d/$f" ] && [ -e "$s/$f" ] && ! cmp -s "$d/$f" "$s/$f"; then',
    '    echo "$s/$f already exists and differs from $d/$f: nothing changed. Rename one of them first. / $s/$f 已存在且与 $d/$f 不同:未做任何修改,请先重命名其中一个。" >&2; exit 1',
    '  fi',
    'done',
    'if [ ! -e "$d/$k" ] && [ ! -e "$s/$k" ]; then',
    '  echo "$d/$k not found: download the private key first (a second download may be named \\"$k (1)\\"). / 未找到 $d/$k:请先下载私钥(重复下载的文件可能名为 \\"$k (1)\\")。" >&2; exit 1',
    'fi',
    'for f in "$k" "$k.pub"; do',
    '  if [ -e "$d/$f" ]; then',
    '    chmod 600 "$d/$f"',
    '    if [ -e "$s/$f" ]; then rm -f "$d/$f"; else mv "$d/$f" "$s/$f"; fi',
    '  fi',
    'done',
    'chmod 600 "$s/$k"',
    '[ ! -e "$s/$k.pub" ] || chmod 644 "$s/$k.pub"',
  );
  if (shell === 'gitbash') {
    // Windows OpenSSH (PowerShell, VS Code) refuses a key others can read; MSYS_NO_PATHCONV
    // keeps Git Bash from turning /inheritance:r into a path.
    lines.push(
      'if command -v icacls >/dev/null 2>&1 && command -v cygpath >/dev/null 2>&1; then MSYS_NO_PATHCONV=1 icacls "$(cygpath -w "$s/$k")" /inheritance:r /grant:r "$USERNAME:F" >/dev/null; fi',
    );
  }
  if (configSnippet !== undefined) lines.push(...posixConfigMerge(configSnippet));
  lines.push(
    `echo "Done: $s/$k${configSnippet !== undefined ? ' and $s/config (backup kept)' : ''} / 完成:$s/$k${configSnippet !== undefined ? ' 和 $s/config(已保留备份)' : ''}"`,
    ')',
  );
  return lines.join('\n') + '\n';
}

/** PowerShell lines (with $s = the .ssh folder) that back up its config and merge the snippet, as mergeSshConfig does. */
function psConfigMerge(configSnippet: string): string[] {
  const lines: string[] = [];
  const alias = snippetAlias(configSnippet);
  const body = (configSnippet.endsWith('\n') ? configSnippet : configSnippet + '\n').replace(/\r\n/g, '\n');
  if (/^'@/m.test(body)) throw keyError('config-bad-snippet', 'The config snippet cannot be embedded.', '无法嵌入该配置片段。', 'snippet');
  const a = alias.replace(/[.]/g, '\\.');
  lines.push(
    "$c = Join-Path $s 'config'",
    // a here-string: nothing inside is expanded
    "$snippet = @'",
    body.replace(/\n$/, ''),
    "'@",
    "$old = ''",
    'if (Test-Path -LiteralPath $c) { Copy-Item -LiteralPath $c -Destination "$c.bak-$(Get-Date -Format yyyyMMddHHmmss)"; $old = [IO.File]::ReadAllText($c) }',
    // same rules as mergeSshConfig: CRLF follows the file's first line; replace our section
    // for this alias, else insert before the first Host/Match line, else append
    // our older sections for a Host this snippet defines again go first (mergeSshConfig's dropSupersededSections)
    ...snippetHosts(configSnippet)
      .filter((h) => h !== alias.toLowerCase())
      .flatMap((h) => {
        const n = `(?i:${h.replace(/[.]/g, '\\.')})`;
        return [
          `$d = [regex]'(?m)^# Infini SSH Keys: begin ${n}[ \\t]*\\r?$'`,
          `$ds = [regex]'(?m)^# Infini SSH Keys: begin (${n})[ \\t]*\\r?$(?:(?!^# Infini SSH Keys: begin [^ \\t\\r\\n]+[ \\t]*\\r?$)[\\s\\S])*?^# Infini SSH Keys: end \\1[ \\t]*(\\r?\\n|\\z)'`,
          'while ($d.IsMatch($old)) { $x = $ds.Match($old); if (-not ($x.Success -and $x.Index -eq $d.Match($old).Index)) { throw "begin marker without end marker in $c; nothing changed / $c 中的起始标记缺少结束标记,未做修改" }; $old = $old.Remove($x.Index, $x.Length) }',
        ];
      }),
    "$nl = if ($old -match '^[^\\n]*\\r\\n') { \"`r`n\" } else { \"`n\" }",
    '$sn = ($snippet -replace "`r?`n", $nl) + $nl',
    // our section: from the first begin marker for this alias to its end marker, never
    // across another begin marker (mergeSshConfig stops there and refuses)
    `$beg = [regex]'(?m)^# Infini SSH Keys: begin ${a}[ \\t]*\\r?$'`,
    `$sec = [regex]'(?m)^# Infini SSH Keys: begin ${a}[ \\t]*\\r?$(?:(?!^# Infini SSH Keys: begin [^ \\t\\r\\n]+[ \\t]*\\r?$)[\\s\\S])*?^# Infini SSH Keys: end ${a}[ \\t]*(\\r?\\n|\\z)'`,
    "$first = [regex]'(?mi)^([ \\t]*(host|match)([ \\t]*=|[ \\t]|\\r?$)|# Infini SSH Keys: begin [^ \\t\\r\\n]+[ \\t]*\\r?$)'",
    '$b = $beg.Match($old); $m = $sec.Match($old)',
    'if ($b.Success -and -not ($m.Success -and $m.Index -eq $b.Index)) { throw "begin marker without end marker in $c; nothing changed / $c 中的起始标记缺少结束标记,未做修改" }',
    // an end marker that was the last line without a line break stays without one
    "if ($b.Success) { $rep = if ($m.Groups[1].Value -eq '') { $sn.Substring(0, $sn.Length - $nl.Length) } else { $sn }; $new = $old.Substring(0, $m.Index) + $rep + $old.Substring($m.Index + $m.Length) }",
    'elseif ($first.IsMatch($old)) { $i = $first.Match($old).Index; $new = $old.Substring(0, $i) + $sn + $nl + $old.Substring($i) }',
    "else { $new = $old; if ($new -ne '' -and -not $new.EndsWith(\"`n\")) { $new += $nl }; if ($new -ne '' -and $new -notmatch '(^|\\n)\\r?\\n\\z') { $new += $nl }; $new += $sn }",
    // WriteAllText writes UTF-8 without a BOM (a BOM would break ssh's reading of line 1)
    '[IO.File]::WriteAllText($c, $new)',
  );
  return lines;
}

function powershellScript(keyName: string, configSnippet?: string): string {
  // always quoted: a bare word in an assignment would run as a command
  const k = `'${checkKeyName(keyName)}'`;
  const lines: string[] = [
    '& {',
    "$ErrorActionPreference = 'Stop'",
    `$k = ${k}`,
    // the real Downloads folder, wherever the user moved it; else the profile's Downloads
    "try { $d = (New-Object -ComObject Shell.Application).NameSpace('shell:Downloads').Self.Path } catch { $d = $null }",
    "if (-not $d) { $d = Join-Path $env:USERPROFILE 'Downloads' }",
    "$s = Join-Path $env:USERPROFILE '.ssh'",
    'New-Item -ItemType Directory -Force -Path $s | Out-Null',
    'foreach ($f in @($k, "$k.pub")) {',
    '  $src = Join-Path $d $f; $dst = Join-Path $s $f',
    '  if ((Test-Path -LiteralPath $src) -and (Test-Path -LiteralPath $dst) -and ((Get-FileHash -LiteralPath $src).Hash -ne (Get-FileHash -LiteralPath $dst).Hash)) {',
    '    throw "$dst already exists and differs from ${src}: nothing changed. Rename one of them first. / $dst 已存在且与 $src 不同:未做任何修改,请先重命名其中一个。"',
    '  }',
    '}',
    'if (-not (Test-Path -LiteralPath (Join-Path $d $k)) -and -not (Test-Path -LiteralPath (Join-Path $s $k))) {',
    '  throw "$(Join-Path $d $k) not found: download the private key first. / 未找到 $(Join-Path $d $k):请先下载私钥。"',
    '}',
    'foreach ($f in @($k, "$k.pub")) {',
    '  $src = Join-Path $d $f; $dst = Join-Path $s $f',
    '  if (Test-Path -LiteralPath $src) { if (Test-Path -LiteralPath $dst) { Remove-Item -LiteralPath $src } else { Move-Item -LiteralPath $src -Destination $dst } }',
    '}',
    // Windows OpenSSH refuses a private key that anyone but the user (and SYSTEM/Administrators) can read.
    '$key = Join-Path $s $k',
    'icacls $key /inheritance:r /grant:r "$($env:USERNAME):(F)" | Out-Null',
    'if ($LASTEXITCODE -ne 0) { throw "icacls failed on $key / 无法设置 $key 的权限" }',
  ];
  if (configSnippet !== undefined) lines.push(...psConfigMerge(configSnippet));
  lines.push(
    `Write-Host "Done: $key${configSnippet !== undefined ? ' and $c (backup kept)' : ''} / 完成:$key${configSnippet !== undefined ? ' 和 $c(已保留备份)' : ''}"`,
    '}',
  );
  return lines.join('\n') + '\n';
}

/**
 * The scripts install into ~/.ssh under the downloaded name. A key whose saved private key
 * path is elsewhere (edited under Saved keys) gets no script that would put it in the wrong
 * place: the user is told where the file belongs instead.
 */
function checkTarget(keyName: string, privateKeyPath: string | undefined): void {
  if (privateKeyPath === undefined || privateKeyPath === `~/.ssh/${keyName}`) return;
  throw keyError(
    'setup-other-path',
    `This key's private key file is set to ${privateKeyPath}, not ~/.ssh/${keyName}: move the downloaded ${keyName} there yourself (readable only by you, chmod 600), or set the path back under Saved keys.`,
    `此密钥的私钥文件设置为 ${privateKeyPath}，而不是 ~/.ssh/${keyName}：请自行将下载的 ${keyName} 移动到该位置（仅本人可读，chmod 600），或在“已保存的密钥”中改回路径。`,
    'privateKeyPath',
  );
}

export function localSetupScript(o: { keyName: string; shell: Shell; configSnippet?: string; privateKeyPath?: string }): string {
  checkTarget(o.keyName, o.privateKeyPath);
  return o.shell === 'powershell' ? powershellScript(o.keyName, o.configSnippet) : posixScript(o.keyName, o.shell, o.configSnippet);
}

/**
 * The install command for a config section alone ("config for all machines"): back up
 * ~/.ssh/config with the date, put the section in place of our previous one (and drop our older
 * per-machine sections it now holds), keep every other byte. Same merge as localSetupScript.
 */
export function configInstallScript(o: { shell: Shell; configSnippet: string }): string {
  if (o.shell === 'powershell') {
    return ['& {', "$ErrorActionPreference = 'Stop'", "$s = Join-Path $env:USERPROFILE '.ssh'", 'New-Item -ItemType Directory -Force -Path $s | Out-Null', ...psConfigMerge(o.configSnippet), 'Write-Host "Done: $c (backup kept) / 完成:$c(已保留备份)"', '}'].join('\n') + '\n';
  }
  return ['(', 'set -e', 'umask 077', 's="$HOME/.ssh"', 'mkdir -p "$s" && chmod 700 "$s"', ...posixConfigMerge(o.configSnippet), 'echo "Done: $s/config (backup kept) / 完成:$s/config(已保留备份)"', ')'].join('\n') + '\n';
}
