import { describe, expect, it } from 'vitest';
import { decodeTime, isValid } from 'ulid';
import { newId } from '@db/ids';

describe('record ids', () => {
  it('are valid ULIDs, unique and sorted in the order they were made, also within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every((id) => isValid(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(Math.abs(decodeTime(ids[0]!) - Date.now())).toBeLessThan(60_000);
  });

  it('use every character of the alphabet in their random part', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const ch of newId().slice(10)) seen.add(ch);
    expect(seen.size).toBe(32);
  });
});
