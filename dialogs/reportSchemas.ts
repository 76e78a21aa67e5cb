import { z } from 'zod';

/**
 * The data of the two reports, as the client confirms them. The dialogs validate each answer
 * on its own (dialogs/validation); these schemas check the whole form before a case is filed,
 * and type the partial form that free-text extraction produces.
 */

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code');
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code');

export const buyerSchema = z.object({
  name: z.string().min(2).max(200),
  country: countryCode,
  /** Czech IČO (8 digits, mod-11 check) or a foreign registration number. */
  registrationNumber: z.string().min(1).max(40).optional(),
  /** VAT id with its country prefix, e.g. CZ27074358. */
  vatId: z.string().min(4).max(20).optional(),
  /** Registered office, as the business register gives it (Czech buyers looked up by IČO). */
  address: z.string().max(300).optional(),
});
export type Buyer = z.infer<typeof buyerSchema>;

export const invoiceSchema = z
  .object({
    number: z.string().min(1).max(50),
    issueDate: isoDate,
    dueDate: isoDate,
    amount: z.number().positive(),
    currency: currencyCode,
    outstanding: z.number().positive(),
  })
  .refine((i) => i.dueDate >= i.issueDate, { message: 'due date before issue date', path: ['dueDate'] })
  .refine((i) => i.outstanding <= i.amount, { message: 'outstanding above the amount', path: ['outstanding'] });
export type Invoice = z.infer<typeof invoiceSchema>;

export const contactSchema = z.object({
  name: z.string().min(2).max(200),
  email: z.string().email().optional(),
  phone: z.string().min(6).max(30).optional(),
});

const reportCore = {
  policyNumber: z.string().min(1).max(30),
  buyer: buyerSchema,
  invoices: z.array(invoiceSchema).min(1).max(50),
  /** A due-date extension granted to the buyer, if any. */
  extension: z.object({ granted: z.boolean(), newDueDate: isoDate.optional() }),
  /** Reminders and collection steps already taken, in the client's words. */
  collectionSteps: z.string().max(2000),
  disputed: z.boolean(),
  contact: contactSchema,
};

export const overdueReportSchema = z.object({ kind: z.literal('overdue'), ...reportCore });
export type OverdueReport = z.infer<typeof overdueReportSchema>;

export const claimCauses = ['protracted_default', 'insolvency', 'other'] as const;
export type ClaimCause = (typeof claimCauses)[number];

export const attachmentSchema = z.object({
  name: z.string().max(255),
  contentType: z.string().max(100),
  size: z.number().int().nonnegative(),
  url: z.string().max(2000).optional(),
});
export type AttachmentRecord = z.infer<typeof attachmentSchema>;

export const claimReportSchema = z.object({
  kind: z.literal('claim'),
  ...reportCore,
  cause: z.enum(claimCauses),
  causeDetail: z.string().max(2000).optional(),
  startCollection: z.boolean(),
  attachments: z.array(attachmentSchema).max(20),
});
export type ClaimReport = z.infer<typeof claimReportSchema>;

export type Report = OverdueReport | ClaimReport;

/** What free-text extraction can fill in; every field optional, each one already validated. */
export const partialInvoiceSchema = z.object({
  number: z.string().optional(),
  issueDate: isoDate.optional(),
  dueDate: isoDate.optional(),
  amount: z.number().positive().optional(),
  currency: currencyCode.optional(),
  outstanding: z.number().positive().optional(),
});
export const partialReportSchema = z.object({
  policyNumber: z.string().optional(),
  buyer: z
    .object({ name: z.string().optional(), country: countryCode.optional(), registrationNumber: z.string().optional(), vatId: z.string().optional() })
    .optional(),
  invoices: z.array(partialInvoiceSchema).optional(),
  disputed: z.boolean().optional(),
});
export type PartialReport = z.infer<typeof partialReportSchema>;
