import { overdueFields } from './forms/fields.js';
import { ReportDialog } from './report.dialog.js';
import type { DialogServices } from './services.js';

export const OVERDUE_DIALOG = 'overdueInvoiceReport';

/**
 * Notifying overdue invoices: the buyer, each unpaid invoice (with the policy's notification
 * deadline computed and stated), extensions, collection steps, dispute and a contact person.
 * Schema: reportSchemas.ts.
 */
export class OverdueInvoiceDialog extends ReportDialog {
  constructor(services: DialogServices) {
    super(OVERDUE_DIALOG, 'overdue', overdueFields, services);
  }
}
