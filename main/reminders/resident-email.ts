/**
 * The resident app's part of the e-mail digest (main/reminders/email/ sends it): one run at a time, the
 * password read from this device's secret store for the workspace's server and user, and what the state
 * says about it. A run that throws is logged in plain words and never reaches a timer.
 */
import type { ReminderState } from '@core/contract/reminders';
import { addLocalDays, localDate, localTimeInstant } from '@core/domain/cadence';
import { emailDigestProblems, SMTP_PASSWORD_ENV } from '@core/domain/reminders';
import type { HandlerContext, Logger } from '../rpc/context';
import { getSettings } from '../services/settings';
import { nextDigestAt, recentDeliveries, runEmailDigest, smtpPasswordKey, type TransportOptions } from './email/index';
import type { SecretStore } from './secret-store';

export class ResidentEmail {
  private running: Promise<void> | null = null;

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    private readonly transportOptions: TransportOptions | undefined,
  ) {}

  /** The key the SMTP password of `ctx`'s workspace is stored under on this device. */
  passwordKey(ctx: HandlerContext): string {
    return smtpPasswordKey(getSettings(ctx));
  }

  password(ctx: HandlerContext): string | null {
    return this.secrets.get(this.passwordKey(ctx));
  }

  /** The digest run now running, if any (flush waits on it). */
  get inProgress(): Promise<void> | null {
    return this.running;
  }

  /**
   * Sends what is due now. A run in progress is not doubled: the caller waits for it instead, and the
   * next check sends anything it left.
   */
  run(ctx: HandlerContext, now: Date): Promise<void> {
    if (this.running) return this.running;
    if (!getSettings(ctx).emailDigest) return Promise.resolve();
    const run = (async () => {
      try {
        const result = await runEmailDigest(ctx, {
          now,
          password: this.password(ctx),
          log: this.log,
          ...(this.transportOptions ? { transportOptions: this.transportOptions } : {}),
        });
        if (result.sent.length || result.failed.length) this.log.info(`E-mail digest: ${result.message}`);
        // The state says so too (problem), read from the settings and the store whenever it is shown.
        if (result.outcome === 'no-password' || result.outcome === 'not-configured') this.log.warn(`E-mail digest not sent: ${result.message}`);
      } catch (err) {
        this.log.error(`The e-mail digest could not run: ${err instanceof Error ? err.message : String(err)}`);
      }
    })().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** The state's `email` part; a paused day's digest is skipped, so the next send is then on a later day. */
  state(ctx: HandlerContext | null, now: Date, paused: boolean): ReminderState['email'] {
    if (!ctx) return { passwordStored: false, credentialStore: this.secrets.kind, nextSendAt: null, deliveries: [], failing: null, problem: null };
    let nextSendAt = nextDigestAt(ctx, now);
    if (paused && nextSendAt) {
      const tz = getSettings(ctx).timeZone;
      const today = localDate(now, tz);
      if (localDate(new Date(nextSendAt), tz) === today) nextSendAt = nextDigestAt(ctx, localTimeInstant(addLocalDays(today, 1), '00:00', tz));
    }
    const { deliveries, failing } = recentDeliveries(ctx, now);
    const passwordStored = this.password(ctx) !== null;
    return { passwordStored, credentialStore: this.secrets.kind, nextSendAt, deliveries, failing, problem: this.problem(ctx, passwordStored) };
  }

  /**
   * Why the digest, although on, cannot go out from this device, in the words of the run that would
   * refuse ('not-configured', 'no-password'); null when nothing stands in its way.
   */
  private problem(ctx: HandlerContext, passwordStored: boolean): string | null {
    const s = getSettings(ctx);
    if (!s.emailDigest) return null;
    const problems = emailDigestProblems(s);
    if (problems.length) return `The e-mail digest is not set up: ${problems.map((p) => p.message).join(' ')}`;
    if (s.smtpUser && !passwordStored)
      return `No SMTP password for ${s.smtpUser} at ${s.smtpHost}: store it in Settings > E-mail digest (the command line reads it from ${SMTP_PASSWORD_ENV}).`;
    return null;
  }
}
