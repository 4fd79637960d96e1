import { RESPONSIBILITY_INFO, type Responsibility } from './responsibilities';

/**
 * The person who holds a responsibility, as a sentence names them: "Setup owner", "Hosting owner",
 * and "Primary owner" (whose label already says owner, so it is not "Primary owner owner").
 * Use it wherever a phrase puts "owner" after a responsibility's label.
 */
export function responsibilityOwner(r: Responsibility): string {
  const label = RESPONSIBILITY_INFO[r].label;
  return /\bowner$/i.test(label) ? label : `${label} owner`;
}
