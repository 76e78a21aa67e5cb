import { claimFields } from './forms/fields.js';
import { ReportDialog } from './report.dialog.js';
import type { DialogServices } from './services.js';

export const CLAIM_DIALOG = 'claimReport';

/**
 * Reporting a claim (a request for indemnity): the buyer and invoice data, the cause, whether
 * we should collect, and the documents to send for that cause. Schema: reportSchemas.ts.
 */
export class ClaimDialog extends ReportDialog {
  constructor(services: DialogServices) {
    super(CLAIM_DIALOG, 'claim', claimFields, services);
  }
}
