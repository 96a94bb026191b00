// placeholder until the config builders land
export async function configMain(_args: string[]): Promise<number> {
  process.stderr.write('config: not implemented yet\n');
  return 1;
}
export async function authorizeMain(_args: string[]): Promise<number> {
  process.stderr.write('authorize: not implemented yet\n');
  return 1;
}
