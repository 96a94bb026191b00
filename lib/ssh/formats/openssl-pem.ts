// OpenSSL's RSA PEM files (PKCS#1 `BEGIN RSA PRIVATE KEY`, PKCS#8 `BEGIN [ENCRYPTED] PRIVATE KEY`)
// through node-forge, which already parses and encrypts them, including OpenSSL's legacy
// "Proc-Type" encryption. Its own module because forge is most of the popup's weight and only
// RSA needs it: private-key.ts loads this file with a dynamic import when such a file is read,
// and the key engine (in its worker) when it writes an RSA key's PKCS#1 copy.
import forge from 'node-forge';
import { fromHex, toHex, type Bytes } from '../encoding/bytes';
import type { PrivateKeyMaterial } from './private-key';

type RsaMaterial = Extract<PrivateKeyMaterial, { type: 'ssh-rsa' }>;

const big = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + toHex(b)) : 0n);
const bnBytes = (bn: forge.jsbn.BigInteger): Bytes => {
  const h = BigInt('0x' + bn.toString(16)).toString(16);
  return fromHex(h.length % 2 ? '0' + h : h);
};

function fromForgeRsa(k: forge.pki.rsa.PrivateKey): RsaMaterial {
  return { type: 'ssh-rsa', n: bnBytes(k.n), e: bnBytes(k.e), d: bnBytes(k.d), iqmp: bnBytes(k.qInv), p: bnBytes(k.p), q: bnBytes(k.q) };
}

export function toForgeRsa(m: RsaMaterial): forge.pki.rsa.PrivateKey {
  const B = (x: bigint) => new forge.jsbn.BigInteger(x.toString(16), 16);
  const d = big(m.d);
  return forge.pki.setRsaPrivateKey(B(big(m.n)), B(big(m.e)), B(d), B(big(m.p)), B(big(m.q)), B(d % (big(m.p) - 1n)), B(d % (big(m.q) - 1n)), B(big(m.iqmp)));
}

// forge takes passwords as binary strings (one char per byte); OpenSSL and ssh-keygen use the
// passphrase's UTF-8 bytes, so a non-ASCII passphrase must be encoded first.
const forgePassword = (passphrase: string): string => forge.util.encodeUtf8(passphrase);

/**
 * The RSA key in an OpenSSL PEM text; `passphrase` for an encrypted one. Null when forge
 * could not decrypt it (a wrong passphrase); forge's own errors are thrown as they come
 * (private-key.ts turns them into typed, bilingual ones).
 */
export function readOpenSslRsa(text: string, passphrase?: string): RsaMaterial | null {
  const key = passphrase !== undefined ? forge.pki.decryptRsaPrivateKey(text, forgePassword(passphrase)) : forge.pki.privateKeyFromPem(text);
  return key ? fromForgeRsa(key as forge.pki.rsa.PrivateKey) : null;
}

/** The RSA key in a decrypted PKCS#8 PrivateKeyInfo (DER as a binary string, as forge takes it). */
export function rsaFromPkcs8Der(der: string): RsaMaterial {
  return fromForgeRsa(forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(der)) as forge.pki.rsa.PrivateKey);
}

/** RSA as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), encrypted as `ssh-keygen -m PEM -N …` does (AES-128-CBC). */
export function toPkcs1Pem(m: RsaMaterial, passphrase = ''): string {
  const k = toForgeRsa(m);
  const pem = passphrase
    ? forge.pki.encryptRsaPrivateKey(k, forgePassword(passphrase), { legacy: true, algorithm: 'aes128' })
    : forge.pki.privateKeyToPem(k);
  return pem.replace(/\r\n/g, '\n').replace(/\n*$/, '\n');
}
