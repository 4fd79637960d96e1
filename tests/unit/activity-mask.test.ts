import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCardNumber, maskText, passesLuhn, REMEMBERED_TEXT_MAX, rememberedTexts } from '@core/activity/mask';
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

  // Review findings, each with the input the review gave.
  it.each([
    ['an AWS secret access key', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
    ['a Bearer header', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a Basic header', 'Authorization: Basic YWRtaW46aHVudGVyMg==', 'YWRtaW46aHVudGVyMg'],
    ['a webhook secret', 'whsec_abcdefghijklmnopqrstuvwxyz123456', 'abcdefghijklmnopqrstuvwxyz123456'],
    ['"pass:"', 'pass: hunter2', 'hunter2'],
    ['"pw:"', 'pw: hunter2', 'hunter2'],
  ])('masks %s', (_what, text, secret) => {
    const r = maskText(`Note: ${text} for the import.`);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(MASK_TOKENS.secret);
    expect(r.counts.secret).toBeGreaterThan(0);
  });

  it('leaves "pass:" with a plain answer, a count or a date alone', () => {
    for (const text of ['pass: yes', 'Tests pass: 120/120', 'Day pass: 2026-11-02']) expect(maskText(text).text).toBe(text);
  });

  it('masks a quoted passphrase up to its closing quote', () => {
    const r = maskText('password: "correct horse battery staple"');
    expect(r.text).toBe(MASK_TOKENS.secret);
    expect(maskText('Set password: "correct horse battery staple" and log in.').text).toBe(`Set ${MASK_TOKENS.secret} and log in.`);
  });

  it.each([
    ['card:4111111111111111', `card:${MASK_TOKENS.card}`],
    ['card #4111111111111111', `card #${MASK_TOKENS.card}`],
    ['4111\u00a01111\u00a01111\u00a01111', MASK_TOKENS.card],
    ['4111 1111 1111 1111 123', `${MASK_TOKENS.card} 123`],
  ])('masks the card number in %j', (text, out) => {
    expect(maskText(text).text).toBe(out);
  });

  it('needs a card prefix, 13 to 19 digits and the Luhn check', () => {
    expect(maskText('ticket 20261102140500').text).toBe('ticket 20261102140500');
    expect(passesLuhn('20261102140500')).toBe(true);
    expect(isCardNumber('20261102140500')).toBe(false);
    for (const card of [
      '4111111111111111',
      '5500000000000004',
      '2221000000000009',
      '378282246310005',
      '6011111111111117',
      '3530111333300000',
      '30569309025904',
    ]) {
      expect(isCardNumber(card)).toBe(true);
    }
  });

  it.each([['_bob@example.com'], ['jöhn@exämple.de'], ['bob\u200b@example.com']])('masks the email %j', (email) => {
    const r = maskText(`Write to ${email} today.`);
    expect(r.text).toBe(`Write to ${MASK_TOKENS.email} today.`);
    expect(r.counts.email).toBe(1);
  });

  it.each([
    ['0044 20 7946 0958'],
    ['0033 6 12 34 56 78'],
    ['07700900123'],
    ['5551234567'],
    ['020-7946-0958'],
    ['(020) 7946 0958'],
    ['06 12 34 56 78'],
    ['+44\u00a020\u00a07946\u00a00958'],
    ['07700\u00a0900123'],
    ['+44 20 7946 0958x123'],
    ['+44 20 7946 0958 ext. 12'],
  ])('masks the phone number %j whole', (phone) => {
    const r = maskText(`Call the customer on ${phone} today.`);
    expect(r.text).toBe(`Call the customer on ${MASK_TOKENS.phone} today.`);
    expect(r.counts.phone).toBe(1);
  });

  it.each([['ticket 20261102140500'], ['SKU 555-123-4567'], ['batch 123 456 7890'], ['items 100 200 3000'], ['total +100 200 300 400']])(
    'leaves %j alone',
    (text) => {
      expect(maskText(text)).toEqual({ text, counts: { email: 0, phone: 0, card: 0, secret: 0 } });
    },
  );

  it('is idempotent on a masked value after a password label', () => {
    const once = maskText('Password: 07700 900123').text;
    expect(once).toBe(`Password: ${MASK_TOKENS.phone}`);
    expect(maskText(once)).toEqual({ text: once, counts: { email: 0, phone: 0, card: 0, secret: 0 } });
    for (const token of Object.values(MASK_TOKENS)) expect(maskText(`password: ${token}`).text).toBe(`password: ${token}`);
  });

  it('keeps the joiners of emoji and of scripts that write with them', () => {
    for (const text of ['Family 👨\u200d👩\u200d👧 waiting', 'می\u200cخواهم']) expect(maskText(text).text).toBe(text);
  });

  it('remembers only short texts', () => {
    const before = rememberedTexts();
    maskText(`Long note ${'x'.repeat(REMEMBERED_TEXT_MAX)} call 020 7946 0958`);
    expect(rememberedTexts()).toBe(before);
    maskText(`Short note ${before} call 020 7946 0958`);
    expect(rememberedTexts()).toBeGreaterThan(before);
  });

  it('is idempotent on any mix of hostile pieces (property)', () => {
    // Regexes here use bounded quantifiers only (no unbounded quantifier inside another): time is linear.
    const piece = fc.constantFrom(
      'Password: ',
      'password: "',
      'pass: ',
      'pw=',
      '"',
      "'",
      ' ',
      '\u00a0',
      '\u200b',
      '\u200d',
      '\u202e',
      '-',
      '.',
      ':',
      '#',
      '+',
      '(',
      ')',
      '@',
      '_bob@example.com',
      'jöhn@exämple.de',
      '07700 900123',
      '+44 20 7946 0958',
      '0044 20 7946 0958',
      'x123',
      '555-123-4567',
      '5551234567',
      '4111 1111 1111 1111',
      '4111111111111111',
      '378282246310005',
      'SKU ',
      'total ',
      'Bearer abcdefghijklmnopqrstuvwxyz0123456789',
      'Basic YWRtaW46aHVudGVyMg==',
      'aws_secret_access_key=',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'whsec_abcdefghijklmnopqrstuvwxyz123456',
      'hunter2',
      'correct horse',
      '0',
      '1',
      '9',
      '[phone removed]',
      '[secret removed]',
      '[email removed]',
      '[card number removed]',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const once = maskText(pieces.join('')).text;
        expect(maskText(once).text).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });
});
