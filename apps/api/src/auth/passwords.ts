import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum for Argon2id: 19 MiB, 2 iterations, parallelism 1.
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

// Verified against when the email is unknown, so the answer takes as long either way.
let decoyHash: Promise<string> | undefined;

/** Checks a password; with no stored hash it still spends the same time, then says no. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoyHash ??= hashPassword('paydesk-decoy-password');
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
