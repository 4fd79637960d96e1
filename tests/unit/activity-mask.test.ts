import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskText, passesLuhn } from '@core/activity/mask';
import { MASK_TOKENS } from '@core/activity/vocabulary';

describe('maskText', () => {
  it('masks emails and counts them', () => {
    const r = maskText('Reply to Jane.Doe+orders@example.co.uk and ops@shop.example about it.');
    expect(r.text).toBe(`Reply to ${MASK_TOKENS.email} and ${MASK_TOKENS.email} about it.`);
    expect(r.counts).toEqual({ email: 2, phone: 0, card: 0, secret: 0 });
  });

  it.each([
    ['+44 20 7946 0958'],
    ['+1 (555) 123-4567'],
    ['+447700900123'],
    ['(555) 123-4567'],
    ['555-123-4567'],
    ['555.123.4567'],
    ['07700 900123'],
    ['020 7946 0958'],
  ])('masks the phone number %s', (phone) => {
    const r = maskText(`Call the customer on ${phone} today.`);
    expect(r.text).toBe(`Call the customer on ${MASK_TOKENS.phone} today.`);
    expect(r.counts.phone).toBe(1);
  });

  it.each([
    ['a date', 'Refund issued on 2026-11-02 and 02/11/2026.'],
    ['a time', 'Shipped at 14:05:30 yesterday.'],
    ['an ISO time', 'Created 2026-11-02T14:05:00.000Z by the plan.'],
    ['an order number', 'Order #100234 and #4411223344 are late.'],
    ['a version', 'Updated to 10.4.12 from 9.8.1.'],
    ['a plan id', 'Approved plan-abc12345-1700 and plan 2026-11-0042.'],
    ['an IP address', 'Blocked 192.168.100.200 at the firewall.'],
    ['a short number', 'Change 12 products in 3 categories.'],
  ])('leaves %s alone', (_what, text) => {
    const r = maskText(text);
    expect(r.text).toBe(text);
    expect(r.counts).toEqual({ email: 0, phone: 0, card: 0, secret: 0 });
  });

  it('masks a phone number glued to its label', () => {
    expect(maskText('Phone:+44 20 7946 0958 / tel:+1 555 123 4567').text).toBe(`Phone:${MASK_TOKENS.phone} / tel:${MASK_TOKENS.phone}`);
  });

  it('masks card numbers that pass Luhn, with spaces or dashes, and keeps numbers that fail it', () => {
    const r = maskText('Cards 4111 1111 1111 1111, 5500-0000-0000-0004 and 378282246310005; order 4111111111111112.');
    expect(r.text).toBe(`Cards ${MASK_TOKENS.card}, ${MASK_TOKENS.card} and ${MASK_TOKENS.card}; order 4111111111111112.`);
    expect(r.counts.card).toBe(3);
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });

  it('masks secrets through the secret scanner', () => {
    const key = `sk-ant-api03-${'a1B2c3D4e5'.repeat(5)}`;
    const r = maskText(`Use the key ${key} for the import.`);
    expect(r.text).not.toContain(key);
    expect(r.text).toContain(MASK_TOKENS.secret);
    expect(r.counts.secret).toBeGreaterThan(0);
  });

  it('is idempotent', () => {
    const once = maskText('Mail a@b.example, call +44 20 7946 0958, card 4111 1111 1111 1111, password: hunter2hunter2').text;
    const twice = maskText(once);
    expect(twice.text).toBe(once);
    expect(twice.counts).toEqual({ email: 0, phone: 0, card: 0, secret: 0 });
  });

  it('never returns the email or the card number it was given', () => {
    const local = fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}[a-z0-9]$/);
    const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]\.(com|org|co\.uk|example)$/);
    const card = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }).map((d) => {
      // Complete a 16-digit number with its Luhn check digit.
      for (let check = 0; check < 10; check++) {
        const digits = [4, ...d.slice(0, 14), check].join('');
        if (passesLuhn(digits)) return digits;
      }
      return '';
    });
    const filler = fc.constantFrom('', 'Please reply to ', 'ref: ', 'Customer wrote: ', '(');
    fc.assert(
      fc.property(local, domain, card, filler, fc.boolean(), (l, d, c, f, grouped) => {
        const shown = grouped ? c.replace(/(\d{4})(?=\d)/g, '$1 ') : c;
        const email = `${l}@${d}`;
        const out = maskText(`${f}${email} paid with ${shown} today`).text;
        expect(out).not.toContain(email);
        expect(out).not.toContain(shown);
      }),
      { numRuns: 300 },
    );
  });
});
