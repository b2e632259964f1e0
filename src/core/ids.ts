import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A random id such as `acc_k3v9q2mz7d1f`: globally unique, so history exported from one
 * machine imports into another without colliding. */
export function newId(prefix: 'acc' | 'pack' | 'chn', length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return `${prefix}_${out}`;
}
