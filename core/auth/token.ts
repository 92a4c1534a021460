import { SignJWT, jwtVerify } from 'jose';
import type { Actor } from './actor.js';

const ISSUER = 'shixun';

/**
 * The HMAC key of a secret, imported once: jose otherwise imports a WebCrypto key from the raw
 * secret on every call, which costs more than the signature check itself. Derived from the
 * configuration only, so every API process holds the same.
 */
const keys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export async function signActor(actor: Actor, secret: string, ttlSeconds = 8 * 3600): Promise<string> {
  return new SignJWT({ actor })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(await hmacKey(secret));
}

/** The actor in a valid token, or null for a missing, expired or tampered one. */
export async function verifyActor(token: string, secret: string): Promise<Actor | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), { issuer: ISSUER });
    return (payload.actor as Actor) ?? null;
  } catch {
    return null;
  }
}
