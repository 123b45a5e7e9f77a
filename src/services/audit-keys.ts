// The Ed25519 key that signs tree heads: created on first start, kept in the store so that every process on one
// database signs with the same key; its public half is served at /api/v1/audit/key.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { sha256Hex } from '../domain/canonical-json.js';
import type { Store } from '../store/database.js';

const SETTING = 'audit.signing-key.ed25519';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

function fromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: sha256Hex(der).slice(0, 16),
  };
}

export async function loadOrCreateSigningKey(store: Store): Promise<SigningKey> {
  const existing = await store.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirst();
  if (existing) return fromPem(existing.value);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Two processes starting at once: the first insert wins and both use it.
  await store.db
    .insertInto('settings')
    .values({ key: SETTING, value: pem })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await store.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirstOrThrow();
  return fromPem(row.value);
}

export function signBytes(key: SigningKey, bytes: string): string {
  return sign(null, Buffer.from(bytes, 'utf8'), key.privateKey).toString('base64');
}

export function verifyBytes(publicKeyPem: string, bytes: string, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(bytes, 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
