import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

/** One plain-text e-mail. The address and the body are personal data: never logged. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail: one-time codes, filing confirmations. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
}

/** Thrown when a message could not be handed over; says why without the address. */
export class MailDeliveryError extends Error {
  constructor(readonly code: string | undefined) {
    super(`the e-mail could not be sent${code ? ` (${code})` : ''}`);
    this.name = 'MailDeliveryError';
  }
}

/** A real SMTP client (nodemailer) for SMTP_URL, e.g. smtps://user:pass@smtp.example.com:465. */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp';
  private readonly transport: Transporter;

  constructor(url: string, private readonly from: string, timeoutMs = 15_000) {
    const smtp = new URL(url);
    this.transport = nodemailer.createTransport({
      host: smtp.hostname,
      port: Number(smtp.port) || (smtp.protocol === 'smtps:' ? 465 : 587),
      secure: smtp.protocol === 'smtps:',
      ...(smtp.username ? { auth: { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, ...message });
    } catch (error) {
      // nodemailer's messages can quote the rejected recipient: keep only the code.
      const { code, responseCode } = error as { code?: string; responseCode?: number };
      throw new MailDeliveryError(code ?? (responseCode ? String(responseCode) : undefined));
    }
  }
}

/**
 * The local development mail drop: each message is written to DATA_DIR/outbox/*.eml (open it in
 * any mail client), and the log says which file — not to whom, nor what it says.
 */
export class OutboxMailer implements Mailer {
  readonly kind = 'outbox';
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly dir: string, private readonly from: string, private readonly logger: Logger) {}

  async send(message: MailMessage): Promise<void> {
    const info = (await this.transport.sendMail({ from: this.from, ...message })) as { message: Buffer };
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
    fs.writeFileSync(file, info.message, { mode: 0o600 });
    this.logger.info({ file }, 'e-mail written to the development outbox (no SMTP_URL set)');
  }
}
