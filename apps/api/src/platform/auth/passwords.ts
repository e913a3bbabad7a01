import bcrypt from 'bcrypt';
import { invalid } from '../errors/app-error.ts';

/** bcrypt cost 12 (seed 003). Tests may lower it with BCRYPT_COST to keep suites fast. */
export const DEFAULT_PASSWORD_COST = 12;
const MIN_LENGTH = 8;
/** bcrypt ignores everything past 72 bytes, so a longer password would be silently truncated. */
export const MAX_PASSWORD_BYTES = 72;

function cost(): number {
  const fromEnv = Number(process.env.BCRYPT_COST);
  return Number.isInteger(fromEnv) && fromEnv >= 4 && fromEnv <= 15 ? fromEnv : DEFAULT_PASSWORD_COST;
}

export function checkPasswordRules(password: string, field = 'password'): void {
  if (password.length < MIN_LENGTH) throw invalid(field, `must be at least ${MIN_LENGTH} characters`);
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    throw invalid(
      field,
      `must be at most ${MAX_PASSWORD_BYTES} bytes (this one is ${bytes}); use a shorter passphrase`,
    );
  }
}

export async function hashPassword(password: string, rounds = cost()): Promise<string> {
  checkPasswordRules(password);
  return bcrypt.hash(password, rounds);
}

// A real hash of a random string: comparing against it when the user does not exist takes as long
// as a real check, so response times do not reveal which emails have accounts.
let decoy: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return false;
  if (!hash) {
    decoy ??= bcrypt.hash(`decoy-${Math.random()}`, cost());
    await bcrypt.compare(password, await decoy);
    return false;
  }
  return bcrypt.compare(password, hash);
}
