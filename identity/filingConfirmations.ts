import type { Logger } from 'pino';
import type { CaseRecord } from '../dialogs/caseStore.js';
import type { PolicyDirectory } from '../dialogs/policyDirectory.js';
import { filedReportLines } from '../dialogs/forms/summary.js';
import { t } from '../locales/index.js';
import { MailDeliveryError, type Mailer } from '../platform/mail/mailer.js';

/**
 * The e-mail that confirms a filed case — reference, what was filed, what happens next — to the
 * contact registered for the policy in the directory. Whoever typed the report in the chat, the
 * registered contact learns of it (and can object), and nobody else receives the policyholder's data.
 */
export class FilingConfirmations {
  constructor(private readonly o: { directory: PolicyDirectory; mailer?: Mailer; logger: Logger }) {}

  caseFiled(record: CaseRecord): void {
    const contact = this.o.directory.client(record.clientId)?.contacts[0];
    if (!this.o.mailer || !contact) return;
    const lang = record.language;
    const kind = t(lang, record.kind === 'claim' ? 'status.kind.claim' : 'status.kind.overdue');
    const message = {
      to: contact.email,
      subject: t(lang, 'mail.filed.subject', { kind, reference: record.reference }),
      text: t(lang, 'mail.filed.body', {
        name: contact.name,
        kind,
        reference: record.reference,
        lines: filedReportLines(record.data, lang).map((line) => `- ${line}`).join('\n'),
        next: t(lang, record.kind === 'claim' ? 'mail.filed.next.claim' : 'mail.filed.next.overdue'),
      }),
    };
    void this.o.mailer.send(message).then(
      () => this.o.logger.info({ reference: record.reference }, 'filing confirmation e-mailed to the registered contact'),
      (error: unknown) => this.o.logger.error({ reference: record.reference, reason: error instanceof MailDeliveryError ? (error.code ?? 'unknown') : (error as Error).name }, 'filing confirmation e-mail failed'),
    );
  }
}
