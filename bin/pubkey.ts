// placeholder until the key intake lands
export async function pubkeyMain(_args: string[]): Promise<number> {
  process.stderr.write('pubkey: not implemented yet\n');
  return 1;
}
