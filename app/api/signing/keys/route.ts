import { apiRoute } from '@/lib/api/handler';
import { publishedKeys } from '@/lib/signing/keyring';

export const dynamic = 'force-dynamic';

/**
 * The public keys report signatures verify against (PEM, with their key ids), for checking a
 * report outside Vigil. Any signed-in user ('signature:verify'): a public key is not secret, but
 * the app is not public either.
 */
export const GET = apiRoute({ action: 'signature:verify' }, async () => ({ keys: publishedKeys() }));
