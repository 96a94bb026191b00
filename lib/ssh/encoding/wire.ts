// SSH wire encoding (RFC 4251 §5): uint32, string, mpint. Used by every key format.
import { concatBytes, utf8Decode, utf8Encode, type Bytes } from './bytes';
import { keyError } from '../errors';

export class SshWriter {
  private parts: Uint8Array[] = [];

  uint32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`uint32 expected, got ${n}`);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    this.parts.push(b);
    return this;
  }

  byte(n: number): this {
    this.parts.push(Uint8Array.of(n & 0xff));
    return this;
  }

  /** Raw bytes, no length prefix. */
  raw(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }

  /** A length-prefixed string; a JS string is written as UTF-8. */
  string(s: Uint8Array | string): this {
    const b = typeof s === 'string' ? utf8Encode(s) : s;
    this.uint32(b.length);
    this.parts.push(b);
    return this;
  }

  /** An mpint from unsigned big-endian magnitude bytes (leading zeros stripped, 0x00 added when the top bit is set). */
  mpint(magnitude: Uint8Array): this {
    let i = 0;
    while (i < magnitude.length && magnitude[i] === 0) i++;
    let m = magnitude.subarray(i);
    if (m.length > 0 && m[0] & 0x80) m = concatBytes(Uint8Array.of(0), m);
    return this.string(m);
  }

  bytes(): Bytes {
    return concatBytes(...this.parts);
  }
}

// The Chinese name of what a reader reads, so a message is Chinese throughout (field names
// stay as the format spells them).
const WHAT_ZH: Record<string, string> = {
  'key data': '密钥数据',
  'private key': '私钥',
  'public key': '公钥',
  'The public key': '公钥',
  'kdf options': 'KDF 参数',
  certificate: '证书',
  principals: '证书主体',
  options: '证书选项',
  signature: '签名',
  'ECDSA signature': 'ECDSA 签名',
};
function whatZh(what: string): string {
  return WHAT_ZH[what] ?? '数据';
}

/** Reads SSH wire data; every failure is a typed error naming what was being read. */
export class SshReader {
  private off = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly what = 'key data',
  ) {}

  get remaining(): number {
    return this.buf.length - this.off;
  }

  get offset(): number {
    return this.off;
  }

  private fail(field: string): never {
    throw keyError(
      'truncated',
      `${this.what} is truncated or malformed (while reading ${field})`,
      `${whatZh(this.what)}已截断或格式错误（读取字段 ${field} 时）`,
      field,
    );
  }

  uint32(field = 'uint32'): number {
    if (this.remaining < 4) this.fail(field);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.off, 4).getUint32(0);
    this.off += 4;
    return v;
  }

  byte(field = 'byte'): number {
    if (this.remaining < 1) this.fail(field);
    return this.buf[this.off++];
  }

  raw(n: number, field = 'bytes'): Bytes {
    if (n < 0 || this.remaining < n) this.fail(field);
    const out = this.buf.slice(this.off, this.off + n) as Bytes;
    this.off += n;
    return out;
  }

  string(field = 'string'): Bytes {
    const n = this.uint32(field);
    return this.raw(n, field);
  }

  /** A string that must be valid UTF-8 text. */
  text(field = 'string'): string {
    const b = this.string(field);
    try {
      return utf8Decode(b);
    } catch {
      this.fail(field);
    }
  }

  /** An mpint as unsigned magnitude bytes (no leading zero); negative values are refused. */
  mpint(field = 'mpint'): Bytes {
    const b = this.string(field);
    if (b.length > 0 && b[0] & 0x80) this.fail(field);
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    return b.slice(i) as Bytes;
  }

  /** Rest of the buffer. */
  rest(): Bytes {
    return this.raw(this.remaining);
  }

  /** Throws when bytes are left over: keys with trailing garbage are not keys. */
  end(field = 'end of data'): void {
    if (this.remaining !== 0) {
      throw keyError(
        'trailing-data',
        `${this.what} has ${this.remaining} unexpected trailing bytes (${field})`,
        `${whatZh(this.what)}末尾多出 ${this.remaining} 个字节（字段 ${field}）`,
        field,
      );
    }
  }
}
