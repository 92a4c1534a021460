import argon2 from 'argon2';

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes): ~30 ms a hash here. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string) => argon2.hash(plain, OPTIONS);

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** Verified against when the username does not exist, so both cases take the same time. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword('shixun-no-such-user'));

export const MIN_PASSWORD_LENGTH = 10;

/** A reason the password is too weak, or null. */
export function weakPassword(plain: string): { zh: string; en: string } | null {
  if (plain.length < MIN_PASSWORD_LENGTH)
    return { zh: `密码至少 ${MIN_PASSWORD_LENGTH} 位`, en: `Password must have at least ${MIN_PASSWORD_LENGTH} characters` };
  if (!/[A-Za-z]/.test(plain) || !/\d/.test(plain)) return { zh: '密码须同时包含字母和数字', en: 'Password must contain letters and digits' };
  return null;
}
