import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 defaults to argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane).
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/**
 * Verified against when the e-mail is unknown, so that a login for an unknown account costs the
 * same time as one with a wrong password and does not reveal which accounts exist.
 */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1PY0ajCn7m/gQoRnkBsRhd+CZDNSUJ5A7pY5A0HQvzc';
