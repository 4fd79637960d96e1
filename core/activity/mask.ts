/** Masking of personal data and secrets in imported text. */
import type { MaskKind } from './vocabulary';

/** `text` with emails, phone numbers, card numbers (Luhn-valid) and secrets replaced by MASK_TOKENS, and how many of each. */
export function maskText(text: string): { text: string; counts: Record<MaskKind, number> } {
  void text;
  throw new Error('not implemented');
}
