/**
 * Settings → Reminders, one region per concern: reviews and desktop reminders (with this device's start
 * at login and pause), the e-mail digest, its deliveries, and the live calendar. A link with
 * `?section=email-digest` (the failing-digest alert) opens the page at the e-mail digest.
 */
import { useEffect } from 'react';
import { DeliveriesSection } from './deliveries';
import { DesktopReminderSettings } from './desktop-settings';
import { EmailDigestSettings } from './email-digest-settings';
import { LiveCalendarSection } from './live-calendar';
import { useReminderState } from './queries';

function useScrollToLinkedSection(ready: boolean) {
  useEffect(() => {
    if (!ready || !window.location.hash.includes('section=email-digest')) return;
    document.querySelector('[data-testid="reminders-email"]')?.scrollIntoView({ block: 'start' });
  }, [ready]);
}

export function ReminderSettings() {
  const state = useReminderState();
  useScrollToLinkedSection(state.isFetched);
  return (
    <>
      <DesktopReminderSettings />
      <EmailDigestSettings />
      <DeliveriesSection />
      <LiveCalendarSection />
    </>
  );
}
