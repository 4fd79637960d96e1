/**
 * The e-mail digest of due and overdue reviews: what the desktop app, the web harness and the CLI
 * (`reminders --email`) call. run.ts says when it sends, recipients.ts who gets what, content.ts what
 * the message says and transport.ts how it reaches the SMTP server; the record that keeps a day's
 * digest from going out twice is main/services/reminders-deliveries.ts.
 */
export {
  nextDigestAt,
  recentDeliveries,
  runEmailDigest,
  sendTestMessage,
  smtpPasswordKey,
  type EmailRunOptions,
  type EmailRunOutcome,
  type EmailRunResult,
} from './run';
export { composeDigest, type DigestMessage } from './content';
export { describeSmtpError, type TransportOptions } from './transport';
