import { z } from 'zod';
import { uuidSchema } from '@/lib/api/schemas';

/** The largest report PDF accepted for checking; Vigil's own are well under 1 MB. */
export const MAX_VERIFY_PDF_BYTES = 4 * 1024 * 1024;

/** A check asks about a stored report by id, or a downloaded PDF (base64). Shared with the verify page. */
export const verifyRequestSchema = z.union([
  z.object({ id: uuidSchema }).strict(),
  z
    .object({
      pdf: z
        .string()
        .min(8)
        .max(Math.ceil(MAX_VERIFY_PDF_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
    })
    .strict(),
]);
