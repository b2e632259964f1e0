import { KEY_STATES } from '../../shared/states.ts';
import { UNITS } from '../../shared/units.ts';
import type { RawReadingRow } from '../store/history-repo.ts';
import { csvField, neutralizeFormula } from './csv.ts';

/**
 * The readings part of an export, written as bytes straight from SQLite's raw rows: no
 * reading object, no Date, no per-field string per row. A year of minute readings is ten
 * million rows, and building even a few small strings for each one is what made an export
 * twice as slow as reading the same rows. The output is byte for byte what readingFields
 * (CSV) and toReading (JSON) describe; transfer.test.ts checks the two agree.
 *
 * Rows arrive as arrays in READING_COLUMNS order (store/history-repo.ts, a `.raw()` statement).
 */

const FLUSH_AT = 1 << 20;
/** Room past FLUSH_AT for one row of fixed fields (messages are measured before they are copied). */
const SLACK = 4096;

const ascii = (s: string) => Buffer.from(s, 'utf8');
const UNIT_BYTES = UNITS.map(ascii);
const UNIT_JSON = UNITS.map((u) => ascii(JSON.stringify(u)));
const STATE_BYTES = KEY_STATES.map(ascii);
const STATE_JSON = KEY_STATES.map((s) => ascii(JSON.stringify(s)));

export interface AccountRef {
  id: string;
  provider: string;
  label: string;
}

export class ReadingWriter {
  private buf = Buffer.allocUnsafe(FLUSH_AT + SLACK);
  private pos = 0;
  private day = Number.NaN;
  private readonly dayBytes = Buffer.alloc(16);
  private dayLength = 0;
  private readonly sink: (chunk: Buffer) => void;

  /** `sink` receives whole rows, in a buffer it may keep (a new one is used after each flush). */
  constructor(sink: (chunk: Buffer) => void) {
    this.sink = sink;
  }

  /** Text that is not a reading row (headers, account and pack records). */
  text(s: string): void {
    this.bytes(Buffer.from(s, 'utf8'));
    this.maybeFlush();
  }

  flush(): void {
    if (this.pos === 0) return;
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(FLUSH_AT + SLACK);
    this.pos = 0;
    this.sink(out);
  }

  /* ---------------------------------------------------------------- CSV */

  /** The parts of a CSV reading row that are the account's: before the balance and after the key expiry. */
  csvAccount(a: AccountRef): { head: Buffer; tail: Buffer } {
    return {
      head: ascii(`,${csvField(neutralizeFormula(a.id))},`),
      tail: ascii(`,${csvField(neutralizeFormula(a.provider))},${csvField(neutralizeFormula(a.label))},,\n`),
    };
  }

  csvRow(r: RawReadingRow, account: { head: Buffer; tail: Buffer }): void {
    this.iso(r[0]);
    this.bytes(account.head);
    if (r[2] !== null) {
      this.decimal(r[2]);
      this.byte(44);
      this.bytes(UNIT_BYTES[r[3]!]!);
    } else this.byte(44);
    this.byte(44);
    this.bytes(STATE_BYTES[r[1]]!);
    this.byte(44);
    if (r[4] !== null) this.uint(r[4]);
    this.byte(44);
    if (r[5] !== null) this.uint(r[5]);
    this.byte(44);
    if (r[6] !== null) this.utf8(csvField(neutralizeFormula(r[6])));
    this.byte(44);
    if (r[7] !== null) {
      this.bytes(UNIT_BYTES[r[7]]!);
      this.byte(44);
      if (r[8] !== null) this.decimal(r[8]);
      this.byte(44);
      if (r[9] !== null) this.decimal(r[9]);
      this.byte(44);
      if (r[10] !== null) this.decimal(r[10]);
      this.byte(44);
      if (r[11] !== null) this.iso(r[11]);
    } else {
      this.byte(44);
      this.byte(44);
      this.byte(44);
      this.byte(44);
    }
    this.byte(44);
    if (r[12] !== null) this.iso(r[12]);
    this.bytes(account.tail);
    this.maybeFlush();
  }

  /* ---------------------------------------------------------------- JSON */

  /** The parts of a JSON reading that are the account's. */
  jsonAccount(a: AccountRef): { head: Buffer; tail: Buffer } {
    return {
      head: ascii(`{"accountId":${JSON.stringify(a.id)},"at":"`),
      tail: ascii(`,"label":${JSON.stringify(a.label)},"provider":${JSON.stringify(a.provider)}}`),
    };
  }

  /** One reading as `JSON.stringify({...toReading(row), label, provider})` writes it, after `prefix`. */
  jsonRow(prefix: Buffer, r: RawReadingRow, account: { head: Buffer; tail: Buffer }): void {
    this.bytes(prefix);
    this.bytes(account.head);
    this.iso(r[0]);
    this.ascii('","state":');
    this.bytes(STATE_JSON[r[1]]!);
    this.ascii(',"balance":');
    if (r[2] !== null && r[3] !== null) {
      this.ascii('{"amount":"');
      this.decimal(r[2]);
      this.ascii('","unit":');
      this.bytes(UNIT_JSON[r[3]]!);
      this.byte(125);
    } else this.ascii('null');
    this.ascii(',"httpStatus":');
    if (r[4] !== null) this.uint(r[4]);
    else this.ascii('null');
    this.ascii(',"retryAfterSeconds":');
    if (r[5] !== null) this.uint(r[5]);
    else this.ascii('null');
    this.ascii(',"message":');
    if (r[6] !== null) this.utf8(JSON.stringify(r[6]));
    else this.ascii('null');
    this.ascii(',"cap":');
    if (r[7] !== null) {
      this.ascii('{"unit":');
      this.bytes(UNIT_JSON[r[7]]!);
      this.ascii(',"limit":');
      this.jsonDecimal(r[8]);
      this.ascii(',"used":');
      this.jsonDecimal(r[9]);
      this.ascii(',"remaining":');
      this.jsonDecimal(r[10]);
      this.ascii(',"resetAt":');
      this.jsonIso(r[11]);
      this.byte(125);
    } else this.ascii('null');
    this.ascii(',"keyExpiresAt":');
    this.jsonIso(r[12]);
    this.bytes(account.tail);
    this.maybeFlush();
  }

  private jsonDecimal(m: number | null): void {
    if (m === null) return this.ascii('null');
    this.byte(34);
    this.decimal(m);
    this.byte(34);
  }

  private jsonIso(ms: number | null): void {
    if (ms === null) return this.ascii('null');
    this.byte(34);
    this.iso(ms);
    this.byte(34);
  }

  /* ---------------------------------------------------------------- bytes */

  private maybeFlush(): void {
    if (this.pos >= FLUSH_AT) this.flush();
  }

  private byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  private bytes(b: Buffer): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  private ascii(s: string): void {
    const n = s.length;
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  private utf8(s: string): void {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.pos + need > this.buf.length) this.grow(need);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Make room for `n` more bytes (a long message): flush what is there, or take a bigger buffer. */
  private grow(n: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length, this.pos + n + SLACK));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** A non-negative safe integer in decimal. */
  private uint(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    const start = this.pos;
    let p = start;
    while (n > 0) {
      const q = Math.floor(n / 10);
      buf[p++] = 48 + (n - q * 10);
      n = q;
    }
    for (let a = start, b = p - 1; a < b; a++, b--) {
      const t = buf[a]!;
      buf[a] = buf[b]!;
      buf[b] = t;
    }
    this.pos = p;
  }

  /** Integer micros as fromMicros writes them: "-12.5", "3", "0.000001". */
  private decimal(m: number): void {
    if (m < 0) {
      this.byte(45);
      m = -m;
    }
    const whole = Math.floor(m / 1_000_000);
    let frac = m - whole * 1_000_000;
    this.uint(whole);
    if (frac === 0) return;
    this.byte(46);
    const buf = this.buf;
    let p = this.pos;
    for (let d = 100_000; frac > 0; d /= 10) {
      const q = Math.floor(frac / d);
      buf[p++] = 48 + q;
      frac -= q * d;
    }
    this.pos = p;
  }

  /** Unix ms as Date#toISOString writes it; the day part is formatted once per day. */
  private iso(ts: number): void {
    let rem = ts % 86_400_000;
    if (rem < 0) rem += 86_400_000;
    const day = ts - rem;
    if (day !== this.day) {
      this.day = day;
      this.dayLength = this.dayBytes.write(new Date(day).toISOString().slice(0, -13), 'latin1');
    }
    const buf = this.buf;
    let p = this.pos;
    const dayBytes = this.dayBytes;
    for (let i = 0; i < this.dayLength; i++) buf[p++] = dayBytes[i]!;
    const h = (rem / 3_600_000) | 0;
    rem -= h * 3_600_000;
    const m = (rem / 60_000) | 0;
    rem -= m * 60_000;
    const s = (rem / 1000) | 0;
    const ms = rem - s * 1000;
    let t = (h / 10) | 0;
    buf[p++] = 48 + t;
    buf[p++] = 48 + h - t * 10;
    buf[p++] = 58;
    t = (m / 10) | 0;
    buf[p++] = 48 + t;
    buf[p++] = 48 + m - t * 10;
    buf[p++] = 58;
    t = (s / 10) | 0;
    buf[p++] = 48 + t;
    buf[p++] = 48 + s - t * 10;
    buf[p++] = 46;
    const c = (ms / 100) | 0;
    const rest = ms - c * 100;
    t = (rest / 10) | 0;
    buf[p++] = 48 + c;
    buf[p++] = 48 + t;
    buf[p++] = 48 + rest - t * 10;
    buf[p++] = 90;
    this.pos = p;
  }
}
