/**
 * Updates on the recovery screen: a workspace that "needs a newer app" is fixed by updating, and the
 * `updates.*` channels work without a workspace. The banner, and the state with "Check now" (no switch:
 * that belongs to Settings, which cannot open here).
 */
import { UpdateBanner } from './update-banner';
import { UpdatesSection } from './updates-section';

export function RecoveryUpdates() {
  return (
    <>
      <UpdateBanner />
      <UpdatesSection compact />
    </>
  );
}
