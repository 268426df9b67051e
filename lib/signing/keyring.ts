import 'server-only';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/settings';

// The keys that sign reports. The private key lives in a file, never in the database: anyone who
// can write the database can recompute a content hash, but cannot make a signature. Verifying
// needs only public keys: the current one and any earlier ones kept trusted after a rotation.

export interface TrustedKey {
  keyId: string;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM, as published at /api/signing/keys. */
  pem: string;
}

export interface Keyring {
  /** The key new signatures are made with. */
  current: TrustedKey & { privateKey: KeyObject };
  /** Every key a signature may verify against, the current one included, by key id. */
  trusted: ReadonlyMap<string, TrustedKey>;
}

/** A key's id: the first 16 hex digits of the SHA-256 of the raw 32-byte Ed25519 public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (publicKey.asymmetricKeyType !== 'ed25519' || !jwk.x) throw new Error('Signing keys must be Ed25519');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
}

function trustedKey(publicKey: KeyObject): TrustedKey {
  return { keyId: keyIdOf(publicKey), publicKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * The private key in `file`, created on first use (like lib/auth/secret's auth-secret): mode 600,
 * and `wx` so two processes starting at once cannot both write one; the loser reads the winner's.
 */
function readOrCreatePrivateKey(file: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the report signing key ${file}: ${(err as Error).message}`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return createPrivateKey(readFileSync(file, 'utf8'));
  }
}

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/** The Ed25519 public keys of a PEM bundle (other PEM blocks and text between are ignored). */
export function parsePublicKeyBundle(text: string, source = 'bundle'): TrustedKey[] {
  return (text.match(PEM_BLOCK) ?? []).map((block, i) => {
    try {
      return trustedKey(createPublicKey(block));
    } catch (err) {
      throw new Error(`Public key ${i + 1} of ${source} is not an Ed25519 key: ${(err as Error).message}`);
    }
  });
}

/** A keyring from explicit files (tests, rotation drills); the app uses getKeyring(). */
export function loadKeyring(files: { keyFile: string; trustedKeysFile?: string }): Keyring {
  const privateKey = readOrCreatePrivateKey(files.keyFile);
  const current = { ...trustedKey(createPublicKey(privateKey)), privateKey };
  const trusted = new Map<string, TrustedKey>([[current.keyId, current]]);
  if (files.trustedKeysFile) {
    // A configured bundle that cannot be read is a mistake to report, not a reason to distrust old reports silently.
    for (const key of parsePublicKeyBundle(readFileSync(files.trustedKeysFile, 'utf8'), files.trustedKeysFile)) {
      if (!trusted.has(key.keyId)) trusted.set(key.keyId, key);
    }
  }
  return { current, trusted };
}

let cached: Keyring | undefined;

/** The keyring the settings name (SIGNING_KEY_FILE, SIGNING_TRUSTED_KEYS_FILE), read once per process. */
export function getKeyring(): Keyring {
  if (cached) return cached;
  const settings = getSettings();
  cached = loadKeyring({
    keyFile: path.resolve(settings.SIGNING_KEY_FILE ?? path.join(settings.DATA_DIR, 'signing-key.pem')),
    trustedKeysFile: settings.SIGNING_TRUSTED_KEYS_FILE,
  });
  return cached;
}

export interface PublishedKey {
  keyId: string;
  pem: string;
  current: boolean;
}

/** The trusted public keys as published (/api/signing/keys, /verify), the current one first. */
export function publishedKeys(keyring: Keyring = getKeyring()): PublishedKey[] {
  return [...keyring.trusted.values()]
    .map((k) => ({ keyId: k.keyId, pem: k.pem, current: k.keyId === keyring.current.keyId }))
    .sort((a, b) => Number(b.current) - Number(a.current) || a.keyId.localeCompare(b.keyId));
}
