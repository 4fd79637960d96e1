/**
 * One-line fields (names, titles, labels) refuse what breaks a line or hides how text reads; multi-line
 * fields (notes, reasons, evidence) keep line breaks but refuse the rest. Each refusal names the field
 * and says what to remove.
 */
import { describe, expect, it } from 'vitest';
import { ClientCreate } from '@core/contract/clients';
import { viewsContract } from '@core/contract/views';
import { Email, optionalNote, optionalText, requiredNote, requiredText, textProblems } from '@core/contract/fields';
import { operatorsContract } from '@core/contract/operators';
import { readinessContract } from '@core/contract/readiness';
import { PRINTABLE_NAMES } from '../fixtures/hostile-strings';

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('one-line text fields', () => {
  const name = requiredText('Site name', 120);
  const optional = optionalText('Host', 120);

  it.each<[string, string, string]>([
    ['a line break', 'Shop\nSecond line', 'Site name must fit on one line: remove the line break.'],
    ['a carriage return', 'Shop\rX', 'Site name must fit on one line: remove the line break.'],
    ['a Unicode line separator', 'Shop\u2028X', 'Site name must fit on one line: remove the line break.'],
    ['a tab', 'Shop\tX', 'Site name contains a tab: replace it with a space.'],
    ['NUL', 'Shop\u0000X', 'Site name contains a NUL character (U+0000): remove it; it often comes with text copied from a binary file.'],
    [
      'a C0 control (escape)',
      'Shop \u001b[31mred',
      'Site name contains an invisible control character (U+001B): remove it; it often comes with text copied from a terminal or a PDF.',
    ],
    ['BEL', 'Shop\u0007', 'Site name contains an invisible control character (U+0007): remove it; it often comes with text copied from a terminal or a PDF.'],
    ['DEL', 'Shop\u007f', 'Site name contains an invisible control character (U+007F): remove it; it often comes with text copied from a terminal or a PDF.'],
    [
      'a C1 control (CSI)',
      'Shop\u009b2J',
      'Site name contains an invisible control character (U+009B): remove it; it often comes with text copied from a terminal or a PDF.',
    ],
    [
      'a right-to-left override',
      'Shop \u202Egnp.exe',
      'Site name contains a text-direction control (U+202E): remove it; it makes the text display in another order than it is stored.',
    ],
    [
      'a left-to-right embedding',
      'Shop \u202Ax',
      'Site name contains a text-direction control (U+202A): remove it; it makes the text display in another order than it is stored.',
    ],
    [
      'a first-strong isolate',
      'Shop \u2068x\u2069',
      'Site name contains a text-direction control (U+2068): remove it; it makes the text display in another order than it is stored.',
    ],
    ['a lone high surrogate', 'Shop \uD83D end', 'Site name contains a broken character (half of an emoji or symbol, U+D83D): retype that part of the text.'],
    ['a lone low surrogate', 'Shop \uDE80 end', 'Site name contains a broken character (half of an emoji or symbol, U+DE80): retype that part of the text.'],
  ])('refuses %s, naming the field and what to remove', (_what, value, message) => {
    expect(messages(name.safeParse(value))).toEqual([`: ${message}`]);
    expect(messages(optional.safeParse(value))).toEqual([`: ${message.replace('Site name', 'Host')}`]);
  });

  it('accepts names in every script, with emoji, joiners and combining accents, exactly as typed (trimmed)', () => {
    for (const value of PRINTABLE_NAMES) {
      const r = name.safeParse(`  ${value}  `);
      expect(r.success, value).toBe(true);
      expect(r.data).toBe(value.trim());
    }
  });

  it('trims a line break at either end (pasted text) instead of refusing it', () => {
    expect(name.parse('\nNorthwind Shop\r\n')).toBe('Northwind Shop');
  });

  it('reports every kind of problem at once', () => {
    expect(messages(name.safeParse('A\nB\u202EC\u0000'))).toHaveLength(3);
  });
});

describe('multi-line text fields', () => {
  const notes = optionalNote('Notes', 4000);
  const reason = requiredNote('Revoke reason', 1000);

  it('keeps line breaks, written the way any platform writes them, as \\n', () => {
    expect(notes.parse('First line\r\nSecond line\rThird line\u2028Fourth\n\nFifth')).toBe('First line\nSecond line\nThird line\nFourth\n\nFifth');
    expect(reason.parse('Left the agency.\r\nAccess moved to Priya.')).toBe('Left the agency.\nAccess moved to Priya.');
  });

  it('keeps tabs (pasted from tables) and every script', () => {
    expect(notes.parse('Host\tKinsta\nTheme\tStorefront 🚀 東京 שלום')).toBe('Host\tKinsta\nTheme\tStorefront 🚀 東京 שלום');
  });

  it.each<[string, string, string]>([
    ['NUL', 'Notes\u0000', 'Notes contains a NUL character (U+0000)'],
    ['an escape sequence', 'Output: \u001b[2J', 'Notes contains an invisible control character (U+001B)'],
    ['a C1 control', 'x\u0085y\u0090', 'Notes contains an invisible control character (U+0090)'],
    ['a bidi override', 'Pay \u202Eeciovni', 'Notes contains a text-direction control (U+202E)'],
    ['a pop-directional isolate', 'x\u2069', 'Notes contains a text-direction control (U+2069)'],
    ['a lone surrogate', 'x\uDBFF', 'Notes contains a broken character (half of an emoji or symbol, U+DBFF)'],
  ])('refuses %s', (_what, value, start) => {
    const found = messages(notes.safeParse(value));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(start);
  });

  it('a note of line breaks only is empty: optional becomes null, required is refused', () => {
    expect(notes.parse('\r\n\n ')).toBeNull();
    expect(messages(reason.safeParse('\n\n'))).toEqual([': Revoke reason is required.']);
  });
});

describe('contract fields use the right kind', () => {
  it('client name is one line, client notes are several', () => {
    expect(messages(ClientCreate.safeParse({ name: 'North\nwind', notes: 'a\nb' }))).toEqual([
      'name: Client name must fit on one line: remove the line break.',
    ]);
  });

  it('reasons and evidence keep their line breaks', () => {
    expect(operatorsContract['operators.revokeAccess'].input.parse({ operatorId: 'op1', reason: 'Left.\r\nMoved to Priya.' }).reason).toBe(
      'Left.\nMoved to Priya.',
    );
    const item = readinessContract['readiness.setItem'].input.parse({
      siteId: 's',
      kind: 'checklist',
      itemId: 'i',
      status: 'done',
      evidence: 'Screenshot A\nConfirmed by Ann',
      reason: '',
    });
    expect(item.evidence).toBe('Screenshot A\nConfirmed by Ann');
  });

  it('the rule is the same function everywhere', () => {
    expect(textProblems('Title', 'a\u202Eb', 'one-line')).toEqual([
      'Title contains a text-direction control (U+202E): remove it; it makes the text display in another order than it is stored.',
    ]);
    expect(textProblems('Notes', 'a\nb', 'multi-line')).toEqual([]);
  });
});

describe('characters that hide or reorder text', () => {
  const name = requiredText('Site name', 120);
  const notes = optionalNote('Notes', 4000);

  it.each<[string, string, string]>([
    [
      'a left-to-right mark',
      'Shop \u200Ex',
      'Site name contains a text-direction control (U+200E): remove it; it makes the text display in another order than it is stored.',
    ],
    [
      'a right-to-left mark',
      'Shop \u200Fx',
      'Site name contains a text-direction control (U+200F): remove it; it makes the text display in another order than it is stored.',
    ],
    [
      'an Arabic letter mark',
      'Shop \u061Cx',
      'Site name contains a text-direction control (U+061C): remove it; it makes the text display in another order than it is stored.',
    ],
    [
      'an interlinear annotation',
      'Shop \uFFF9hidden\uFFFAx\uFFFB',
      'Site name contains an invisible character that hides text (U+FFF9): remove it; what it hides is not what readers see.',
    ],
    [
      'tag characters outside a flag',
      'Shop \u{E0069}\u{E0067}\u{E006E}',
      'Site name contains an invisible character that hides text (U+E0069): remove it; what it hides is not what readers see.',
    ],
    [
      'tag characters after an emoji that is not the black flag',
      'Shop 🏳\u{E0067}\u{E0062}\u{E007F}',
      'Site name contains an invisible character that hides text (U+E0067): remove it; what it hides is not what readers see.',
    ],
  ])('a one-line field refuses %s', (_what, value, message) => {
    expect(messages(name.safeParse(value))).toEqual([`: ${message}`]);
  });

  it.each<[string, string]>([
    ['Hangul fillers', '\u3164\u3164'],
    ['a Hangul choseong filler', '\u115F'],
    ['a Hangul jungseong filler', '\u1160 '],
    ['a half-width Hangul filler', '\uFFA0'],
    ['combining marks only', '\u0301\u0308\u0327'],
    ['zero-width characters and fillers', '\u200B\u3164\u200D'],
  ])('a name of %s is empty', (_what, value) => {
    expect(messages(name.safeParse(value))).toEqual([': Site name is required.']);
    expect(optionalText('Host').parse(value)).toBeNull();
  });

  it('keeps flags, joined emoji, ZWNJ in Persian and Indic names, and accents on letters', () => {
    for (const value of ['Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿 Shop', 'Family 👨‍👩‍👧 Store', 'می‌خواهم', 'क्‍ष स्टोर', 'e\u0301cole']) {
      expect(name.parse(value), value).toBe(value);
    }
  });

  it('notes keep the bidi marks right-to-left prose needs, but refuse annotations and stray tags', () => {
    expect(notes.parse('שלום \u200Fworld\u200E')).toBe('שלום \u200Fworld\u200E');
    expect(messages(notes.safeParse('Ignore \u{E0041}\u{E0042} this'))).toEqual([
      ': Notes contains an invisible character that hides text (U+E0041): remove it; what it hides is not what readers see.',
    ]);
    expect(messages(notes.safeParse('a\uFFFBb'))).toEqual([
      ': Notes contains an invisible character that hides text (U+FFFB): remove it; what it hides is not what readers see.',
    ]);
  });
});

describe('e-mail addresses', () => {
  it.each<[string, string]>([
    ['ann\u001b[31m\u202E@x.com', 'Email contains an invisible control character (U+001B)'],
    ['ann\u0000@x.com', 'Email contains a NUL character (U+0000)'],
    ['bob\u0007@x.com', 'Email contains an invisible control character (U+0007)'],
    ['ann\uD800@x.com', 'Email contains a broken character (half of an emoji or symbol, U+D800)'],
    ['ann\u200B@x.com', 'Email contains an invisible character (U+200B)'],
    ['ann\u200D@x.com', 'Email contains an invisible character (U+200D)'],
    ['ann\u00AD@x.com', 'Email contains an invisible character (U+00AD)'],
    ['a\u3164nn@x.com', 'Email contains an invisible character (U+3164)'],
    ['ann@x\u200F.com', 'Email contains a text-direction control (U+200F)'],
  ])('refuses %j with a message naming the field', (value, start) => {
    const found = messages(Email.safeParse(value));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toContain(`: ${start}`);
    expect(found.every((m) => m.includes('Email'))).toBe(true);
  });

  it('accepts addresses in other scripts, lower-cased', () => {
    expect(Email.parse(' Jürgen.Straße@Beispiel.DE ')).toBe('jürgen.straße@beispiel.de');
    expect(Email.parse('ann@x.com')).toBe('ann@x.com');
  });
});

describe('saved-view filters', () => {
  const save = viewsContract['views.save'].input;

  it.each<[string, string]>([
    ['search=a\u0000\u001b[2J\u202E\nb', 'A filter of this view must fit on one line: remove the line break.'],
    ['search=a%00b', 'A filter of this view contains a NUL character (U+0000): remove it; it often comes with text copied from a binary file.'],
    ['search=a%0Ab&stage=pilot', 'A filter of this view must fit on one line: remove the line break.'],
    [
      'search=%E2%80%AEgnp',
      'A filter of this view contains a text-direction control (U+202E): remove it; it makes the text display in another order than it is stored.',
    ],
  ])('refuses %j, as typed or percent-encoded', (query, message) => {
    expect(messages(save.safeParse({ name: 'Blocked', query }))[0]).toBe(`query: ${message}`);
  });

  it('keeps filters in every script', () => {
    const query = new URLSearchParams({ search: 'Ärzte 東京 👨‍👩‍👧', stage: 'pilot' }).toString();
    expect(save.parse({ name: 'Ärzte', query }).query).toBe(query);
  });
});
