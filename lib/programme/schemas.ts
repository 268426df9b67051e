// What the programme's API accepts: facilities, contacts, the pipeline's steps, settings and
// report requests. Every field people type is checked here, with the reason, before anything is written.
import { z } from 'zod';
import { nameText, plainText, uuidSchema } from '@/lib/api/schemas';
import { addDays, isLocalDate, localDateOf } from '@/lib/domain/local-time';

export const SURVEY_AREAS = ['entrance', 'corridor', 'perimeter', 'room_doors', 'other'] as const;
export const EXISTING_CAMERA_STATES = ['working', 'faulty', 'not_connectable'] as const;

/** An ISO 3166-2 code of a Vietnamese province. */
export const provinceCodeSchema = z.string().regex(/^VN-[0-9A-Z]{2}$/, 'must be a province code such as VN-13');
export const agencyIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be an agency id');

export const localDateSchema = z.string().refine(isLocalDate, 'must be a date, YYYY-MM-DD');

/** No record of the programme is older than this (the first COVID-19 quarantine facilities). */
export const PROGRAMME_START = '2020-01-01';

/** A day something was done: a date from the programme's start to today (local time). */
const pastDateSchema = localDateSchema
  .refine((d) => d >= PROGRAMME_START, `must not be before ${PROGRAMME_START}`)
  .refine((d) => d <= localDateOf(Date.now()), 'must not be in the future');

/** How far ahead a plan may promise connection. */
const MAX_PLAN_DAYS = 366;

/** A telephone number as people write it: +84 or 0, digits with spaces, dots or dashes; 9–13 digits. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .()-]*[0-9]$/, 'must be a telephone number (digits, spaces, dots, dashes, a leading +)')
  .refine((s) => {
    const digits = s.replace(/\D/g, '').length;
    return digits >= 9 && digits <= 13;
  }, 'must have 9 to 13 digits');

export const emailSchema = z.string().trim().max(254).pipe(z.email('must be an e-mail address'));

const position = z.object({
  longitude: z.number().finite().min(102).max(110),
  latitude: z.number().finite().min(8).max(24),
});

export const facilityCreateSchema = z
  .object({
    name: nameText(160),
    nameEn: plainText(160).nullish(),
    address: plainText(300).pipe(z.string().min(1, 'address is required')),
    position,
    managingAuthority: plainText(160).pipe(z.string().min(1, 'managing authority is required')),
    agencyId: agencyIdSchema.nullish(),
    capacity: z.number().int().min(0).max(100_000),
    occupancy: z.number().int().min(0).max(100_000),
    telecomAgencyId: agencyIdSchema.nullish(),
    provinceCode: provinceCodeSchema.optional(),
  })
  .strict()
  .refine((f) => f.occupancy <= f.capacity, { message: 'occupancy cannot exceed capacity', path: ['occupancy'] });
export type FacilityCreate = z.infer<typeof facilityCreateSchema>;

export const facilityPatchSchema = z
  .object({
    baseVersion: z.number().int().min(1),
    name: nameText(160).optional(),
    nameEn: plainText(160).nullish(),
    address: plainText(300).pipe(z.string().min(1, 'address is required')).optional(),
    position: position.optional(),
    managingAuthority: plainText(160).pipe(z.string().min(1)).optional(),
    agencyId: agencyIdSchema.nullish(),
    capacity: z.number().int().min(0).max(100_000).optional(),
    occupancy: z.number().int().min(0).max(100_000).optional(),
    telecomAgencyId: agencyIdSchema.nullish(),
    /** Closing (a reason) or reopening (null). */
    closed: z.object({ reason: plainText(500).pipe(z.string().min(1, 'say why it closes')) }).nullish(),
  })
  .strict();
export type FacilityPatch = z.infer<typeof facilityPatchSchema>;

export const contactSchema = z
  .object({
    name: nameText(120),
    position: plainText(120).nullish(),
    phone: phoneSchema,
    email: emailSchema.nullish(),
    isPrimary: z.boolean().optional(),
  })
  .strict();
export type ContactInput = z.infer<typeof contactSchema>;

export const surveySchema = z
  .object({
    surveyedOn: pastDateSchema,
    surveyors: plainText(300).pipe(z.string().min(1, 'name the surveyors')),
    existingCameras: z.array(z.object({ label: nameText(120), state: z.enum(EXISTING_CAMERA_STATES) }).strict()).max(500),
    areas: z
      .array(z.object({ area: z.enum(SURVEY_AREAS), label: plainText(120), covered: z.boolean() }).strict())
      .min(1, 'list the areas that must be covered')
      .max(500),
    camerasNeeded: z.number().int().min(0).max(1000),
    notes: plainText(2000).nullish(),
  })
  .strict();
export type SurveyInput = z.infer<typeof surveySchema>;

export const planSchema = z
  .object({
    agreedOn: pastDateSchema,
    telecomAgencyId: agencyIdSchema,
    camerasToConnect: z.number().int().min(1).max(1000),
    method: plainText(300).pipe(z.string().min(1, 'say how the cameras are connected')),
    targetDate: localDateSchema,
    notes: plainText(2000).nullish(),
  })
  .strict()
  .refine((p) => p.targetDate >= p.agreedOn, { message: 'the target date cannot be before the agreement', path: ['targetDate'] })
  .refine((p) => p.targetDate <= addDays(p.agreedOn, MAX_PLAN_DAYS), { message: `the target date must be within ${MAX_PLAN_DAYS} days of the agreement`, path: ['targetDate'] });
export type PlanInput = z.infer<typeof planSchema>;

export const connectSchema = z.object({ notes: plainText(2000).nullish() }).strict();

export const settingsSchema = z
  .object({
    deadline: localDateSchema.optional(),
    /** HH:MM, local time. */
    reportTime: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time, HH:MM').optional(),
  })
  .strict();

/** A report's scope: `national` or a province code. */
export const reportScopeSchema = z.union([z.literal('national'), provinceCodeSchema]);

export const generateReportSchema = z
  .object({ date: localDateSchema.refine((d) => d >= PROGRAMME_START, `must not be before ${PROGRAMME_START}`).optional(), scope: reportScopeSchema.optional() })
  .strict();

export const facilityParams = z.object({ id: uuidSchema });
export const contactParams = z.object({ id: uuidSchema, contactId: uuidSchema });
export const reportParams = z.object({ id: uuidSchema });
