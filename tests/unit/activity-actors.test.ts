import { describe, expect, it } from 'vitest';
import { actorKey, matchActors, operatorForRole, type SiteOperator } from '@core/activity/actors';

const ops: SiteOperator[] = [
  { id: 'op-ana', name: 'Ana Silva', email: 'ana@shop.example', role: 'store_manager' },
  { id: 'op-ana-2', name: 'Ana Silva', email: 'ana@shop.example', role: 'editor' },
  { id: 'op-ben', name: 'Ben Okafor', email: 'ben@shop.example', role: 'support_agent' },
  { id: 'op-sam1', name: 'Sam Lee', email: 'sam.lee@shop.example', role: 'editor' },
  { id: 'op-sam2', name: 'Sam Lee', email: 'slee@agency.example', role: 'agency_operator' },
  { id: 'op-zoe', name: 'Zoë Brandt', email: 'zoe@shop.example', role: 'designer' },
];
const none = new Map<string, string>();
const noChoice = new Map<string, string | null>();

describe('actorKey', () => {
  it('trims and case-folds', () => {
    expect(actorKey('  Ana@Shop.Example ')).toBe('ana@shop.example');
    expect(actorKey('ZOË BRANDT')).toBe('zoë brandt');
  });

  it('drops invisible characters, double spaces, a trailing dot and the name around an address', () => {
    for (const actor of [
      'ana\u200b@shop.example',
      '\u200eana@shop.example\u200f',
      '\u202eana@shop.example',
      'Ana Silva <ana@shop.example>',
      'ana@shop.example.',
      '"Ana Silva" <ANA@shop.example>',
    ]) {
      expect(actorKey(actor)).toBe('ana@shop.example');
    }
    expect(actorKey('Ana  Silva')).toBe('ana silva');
    expect(actorKey('Ana Silva.')).toBe('ana silva');
    expect(actorKey('Ana\u00a0\u200bSilva')).toBe('ana silva');
  });
});

describe('matchActors', () => {
  it('matches actors written with invisible marks, double spaces, a trailing dot or "Name <address>"', () => {
    const actors = ['ben\u200b@shop.example', 'Ben  Okafor', 'ben@shop.example.', 'Ben Okafor <ben@shop.example>', '\u202eBen Okafor\u200e'].map((actor) => ({
      actor,
      name: null,
    }));
    const m = matchActors(actors, ops, none, noChoice);
    for (const { actor } of actors) expect(m.get(actorKey(actor))?.operatorId).toBe('op-ben');
    const named = matchActors([{ actor: 'Zoë Brandt <zoe.b@elsewhere.example>', name: null }], ops, none, noChoice);
    expect(named.get('zoe.b@elsewhere.example')).toEqual({ operatorId: 'op-zoe', by: 'name' });
  });

  it('matches an email case-insensitively and a person of several roles to the first', () => {
    const m = matchActors([{ actor: 'ANA@shop.example', name: null }], ops, none, noChoice);
    expect(m.get('ana@shop.example')).toEqual({ operatorId: 'op-ana', by: 'email' });
  });

  it('matches a name only when one person has it', () => {
    const m = matchActors(
      [
        { actor: 'ben okafor', name: null },
        { actor: 'Sam Lee', name: null },
        { actor: 'Zoë Brandt', name: null },
      ],
      ops,
      none,
      noChoice,
    );
    expect(m.get('ben okafor')).toEqual({ operatorId: 'op-ben', by: 'name' });
    expect(m.get('sam lee')).toBeNull();
    expect(m.get('zoë brandt')).toEqual({ operatorId: 'op-zoe', by: 'name' });
    // Ana Silva holds two roles but is one person: her name is not ambiguous.
    expect(matchActors([{ actor: 'Ana Silva', name: null }], ops, none, noChoice).get('ana silva')).toEqual({ operatorId: 'op-ana', by: 'name' });
  });

  it('matches an unknown email by its name column, but not an ambiguous one', () => {
    const m = matchActors(
      [
        { actor: 'b.okafor@gmail.example', name: 'Ben Okafor' },
        { actor: 'sam@gmail.example', name: 'Sam Lee' },
        { actor: 'nobody@gmail.example', name: null },
      ],
      ops,
      none,
      noChoice,
    );
    expect(m.get('b.okafor@gmail.example')).toEqual({ operatorId: 'op-ben', by: 'name' });
    expect(m.get('sam@gmail.example')).toBeNull();
    expect(m.get('nobody@gmail.example')).toBeNull();
  });

  it('a chosen match wins over a saved one, which wins over email; chosen null leaves unmatched', () => {
    const saved = new Map([['ben@shop.example', 'op-zoe']]);
    const chosen = new Map<string, string | null>([
      ['Ana@shop.example', null],
      ['Sam Lee', 'op-sam2'],
    ]);
    const m = matchActors(
      [
        { actor: 'ana@shop.example', name: null },
        { actor: 'ben@shop.example', name: null },
        { actor: 'sam lee', name: null },
      ],
      ops,
      saved,
      chosen,
    );
    expect(m.get('ana@shop.example')).toBeNull();
    expect(m.get('ben@shop.example')).toEqual({ operatorId: 'op-zoe', by: 'saved' });
    expect(m.get('sam lee')).toEqual({ operatorId: 'op-sam2', by: 'chosen' });
  });

  it('ignores a saved match to an operator no longer on the site', () => {
    const m = matchActors([{ actor: 'ben@shop.example', name: null }], ops, new Map([['ben@shop.example', 'op-gone']]), noChoice);
    expect(m.get('ben@shop.example')).toEqual({ operatorId: 'op-ben', by: 'email' });
  });

  it('operatorForRole picks the same person in the row role', () => {
    expect(operatorForRole('op-ana', 'editor', ops)).toBe('op-ana-2');
    expect(operatorForRole('op-ana', 'designer', ops)).toBe('op-ana');
    expect(operatorForRole('op-ana', null, ops)).toBe('op-ana');
  });
});
